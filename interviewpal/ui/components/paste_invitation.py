""""Paste the invitation" in the round editor: a text box whose date, time, zone, link and
phone number fill the form's fields, for the user to check before saving."""

from __future__ import annotations

from typing import Callable

import flet as ft

from ...services.invitation_rounds import fields_from_pasted_text
from ...services.time_zones import in_user_zone
from ..hooks.live_state import use_live_state
from .zone_picker import zone_field_text
from .text_input import TextInput


@ft.component
def PasteInvitation(on_fill: Callable[[dict], None], now):
    """``on_fill(values)`` gets the form's field names -> texts (time_zone as the zone field shows it)."""
    opened, set_opened = ft.use_state(False)
    text, set_text, typed = use_live_state("")  # "Fill in" reads what was typed, not the last render
    message, set_message = ft.use_state("")

    if not opened:
        return ft.Row([ft.TextButton("Paste the invitation", icon=ft.Icons.CONTENT_PASTE,
                                     on_click=lambda: set_opened(True))], wrap=True)

    def read(e=None):
        found = fields_from_pasted_text(typed(), in_user_zone(now).date())
        set_message(found.message)
        if found.values:
            values = dict(found.values)
            if "time_zone" in values:
                values["time_zone"] = zone_field_text(values["time_zone"])
            on_fill(values)

    return ft.Container(
        ft.Column([
            TextInput(label="Invitation text", value=text, multiline=True, min_lines=3, max_lines=8,
                      hint_text="Paste the e-mail or the calendar entry's text",
                      on_change=lambda e: set_text(e.control.value or "")),
            ft.Row([
                ft.FilledTonalButton("Fill in from the text", icon=ft.Icons.AUTO_FIX_HIGH, on_click=read,
                                     disabled=not text.strip()),
                ft.TextButton("Close", on_click=lambda: (set_opened(False), set_message(""))),
            ], wrap=True),
            *([ft.Text(message, color=ft.Colors.ON_SURFACE_VARIANT)] if message else []),
        ], spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=8, padding=10)
