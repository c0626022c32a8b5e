"""Hooks shared by screens: background work with progress, autosave of a form, a guard before leaving."""
