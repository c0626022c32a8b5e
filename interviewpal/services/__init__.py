"""Services: what the app does, in plain Python over the repositories and content.

The UI calls these; they never import Flet.
"""
