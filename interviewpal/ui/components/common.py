"""Building blocks shared by screens: app bars, sections, empty states, time formats, hooks."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone
from typing import Callable

import flet as ft

from ...models import Round
from ...services.time_zones import format_when


def use_now(interval: float = 30.0) -> datetime:
    """The current time, refreshed every ``interval`` seconds while the component is shown.

    The refreshes fall on the clock's own marks (every 30 s: at :00 and :30), so a countdown
    to a round at 14:00 turns from "in 16 min" to "in 15 min" as the phone's clock shows 13:45.
    """
    now, set_now = ft.use_state(lambda: datetime.now(timezone.utc))

    def start():
        async def tick():
            while True:
                await asyncio.sleep(seconds_to_next_mark(time.time(), interval))
                set_now(datetime.now(timezone.utc))

        task = asyncio.create_task(tick())
        return task.cancel

    ft.use_effect(start, [])
    return now


def seconds_to_next_mark(now: float, interval: float) -> float:
    """Seconds from the epoch time ``now`` until just past the next multiple of ``interval``."""
    return interval - now % interval + 0.02


def back_bar(title: str, on_back: Callable[[], None], actions: list[ft.Control] | None = None) -> ft.AppBar:
    """An app bar with a labelled back arrow (Android back and Esc do the same)."""
    return ft.AppBar(
        leading=icon_button(ft.Icons.ARROW_BACK, "Back", on_click=lambda: on_back()),
        title=ft.Text(title, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS),
        actions=actions or [],
    )


def section(title: str, controls: list[ft.Control], trailing: ft.Control | None = None) -> ft.Column:
    header = ft.Row(
        [ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600, expand=True),
         *([trailing] if trailing else [])],
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )
    return ft.Column([header, *controls], spacing=8)


def empty_state(icon: ft.IconData, title: str, text: str, actions: list[ft.Control] | None = None) -> ft.Container:
    return ft.Container(
        padding=ft.Padding.symmetric(vertical=32, horizontal=16),
        alignment=ft.Alignment.CENTER,
        content=ft.Column(
            [
                ft.Icon(icon, size=56, color=ft.Colors.PRIMARY),
                ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_LARGE, text_align=ft.TextAlign.CENTER),
                ft.Text(text, text_align=ft.TextAlign.CENTER, color=ft.Colors.ON_SURFACE_VARIANT),
                ft.Row(actions or [], alignment=ft.MainAxisAlignment.CENTER, wrap=True, spacing=8, run_spacing=8),
            ],
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=12,
        ),
    )


def page_body(controls: list[ft.Control], max_width: int = 760) -> ft.Control:
    """A scrolling column, centred with a readable width on wide windows."""
    return ft.Container(
        expand=True,
        alignment=ft.Alignment.TOP_CENTER,
        content=ft.Column(
            [ft.Container(ft.Column(controls, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                          padding=ft.Padding.all(16))],
            scroll=ft.ScrollMode.AUTO,
            expand=True,
            width=max_width,
        ),
    )


def when_text(rnd: Round, with_zone: bool = False) -> str:
    """'Thu 27 Nov, 19:00-20:00' in the user's zone (Settings), and the round's own time
    when its zone differs: '... 19:00-20:00 your time (14:00 in New York)'.

    ``with_zone`` is kept for callers; the round's zone is shown whenever it differs.
    """
    return format_when(rnd.starts_at, rnd.time_zone, ends_at=rnd.ends_at)


def chip(text: str, color: str | None = None, tooltip: str | None = None) -> ft.Container:
    return ft.Container(
        content=ft.Text(text, size=12, weight=ft.FontWeight.W_500, color=ft.Colors.ON_SECONDARY_CONTAINER),
        bgcolor=color or ft.Colors.SECONDARY_CONTAINER,
        border_radius=12,
        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
        tooltip=tooltip,
    )


def confirm_dialog(title: str, text: str, confirm: str, on_confirm: Callable[[], None]) -> ft.AlertDialog:
    """A confirm dialog: Esc or Cancel closes it."""
    page = ft.context.page

    def yes():
        page.pop_dialog()
        on_confirm()

    return ft.AlertDialog(
        modal=False,
        title=ft.Text(title),
        content=ft.Text(text),
        actions=[
            ft.TextButton("Cancel", on_click=lambda: page.pop_dialog()),
            ft.FilledButton(confirm, on_click=yes),
        ],
    )


def icon_button(icon: ft.IconData, label: str, on_click: Callable[..., None] | None = None, **kw) -> ft.IconButton:
    """An icon-only button that screen readers (and the browser tests) find by ``label``."""
    return ft.IconButton(icon=ft.Icon(icon, semantics_label=label), tooltip=label, on_click=on_click, **kw)
