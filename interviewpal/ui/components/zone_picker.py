"""A time-zone field nobody needs an IANA name for: type a city, country or abbreviation, tap a match."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable
from zoneinfo import ZoneInfo

import flet as ft

from ...services.zone_search import find_place, fixed_zone_warning, resolve_zone, search_zones, zone_label
from .text_input import TextInput


def _offset(zone: str, now: datetime) -> str:
    t = now.astimezone(ZoneInfo(zone))
    off = t.utcoffset()
    minutes = int(off.total_seconds() // 60) if off is not None else 0
    sign = "+" if minutes >= 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return f"{t:%H:%M} now · UTC{sign}{h}" + (f":{m:02d}" if m else "")


def _resolved(text: str) -> str | None:
    try:
        return resolve_zone(text)
    except ValueError:
        return None


@ft.component
def ZonePicker(text: str, on_change: Callable[[str], None], *, label: str = "Time zone",
               error: str | None = None, on_pick: Callable[[str], None] | None = None, limit: int = 5):
    """A text field with suggestions. ``text`` is what the field holds (e.g. 'London (Europe/London)');
    ``on_change(text)`` gets every edit and, after a tap on a suggestion, that zone's label;
    ``on_pick(zone)`` is called with the IANA id of a tapped suggestion."""
    editing, set_editing = ft.use_state(False)
    now = datetime.now(timezone.utc)
    chosen = _resolved(text) if text.strip() and not editing else None
    matches = search_zones(text, limit=limit) if editing and text.strip() else []

    def pick(zone: str):
        set_editing(False)
        on_change(zone_label(zone))
        if on_pick is not None:
            on_pick(zone)

    def typed(e):
        set_editing(True)
        on_change(e.control.value or "")

    def submitted(e):
        # The field's own value: this handler may come from the render before the last keystroke.
        found = search_zones(e.control.value or "", limit=1)  # nothing for an empty field
        if found:
            pick(found[0].zone)

    helper = None
    if chosen:
        helper = fixed_zone_warning(chosen) or _offset(chosen, now)
    elif editing and text.strip() and not matches:
        try:
            resolve_zone(text)
        except ValueError as err:
            helper = str(err)
    field = TextInput(
        label=label, value=text, error=error, on_change=typed, helper=helper,
        hint_text="City, country or PST", prefix_icon=ft.Icons.PUBLIC,
        on_submit=submitted,
        autocorrect=False, enable_suggestions=False, helper_max_lines=2, error_max_lines=2,
    )
    tiles = []
    for m in matches:
        p = m.place
        warn = fixed_zone_warning(p.zone)
        sub = f"{p.zone} · {_offset(p.zone, now)}"
        tiles.append(ft.ListTile(
            dense=True,
            leading=ft.Icon(ft.Icons.WARNING_AMBER if warn else ft.Icons.PLACE_OUTLINED,
                            color=ft.Colors.ERROR if warn else None),
            title=ft.Text(p.label if not p.aliases or m.matched not in [a.casefold() for a in p.aliases] else
                          f"{m.matched.title()} → {p.label}"),
            subtitle=ft.Text(f"{warn} {sub}" if warn else sub),
            on_click=lambda _e=None, z=p.zone: pick(z),
        ))
    # Always the same two children: the text field must stay the same control while suggestions
    # come and go, or Flutter rebuilds it and the keyboard focus is lost mid-word.
    return ft.Column([field, ft.Container(
        ft.Column(tiles, spacing=0), border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=8,
        visible=bool(tiles),
    )], spacing=4, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def zone_field_text(zone: str) -> str:
    """What the field shows for a stored zone."""
    return zone_label(zone) if find_place(zone) or "/" in zone else zone
