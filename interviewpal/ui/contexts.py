"""Contexts shared down the component tree."""

import flet as ft

# The AppModel of the running app (see state.py); screens read it with ft.use_context.
AppContext = ft.create_context(None)
