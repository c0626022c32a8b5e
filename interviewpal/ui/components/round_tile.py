"""How a round is shown in lists and on Up next."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

import flet as ft

from ...models import Outcome, RoundFormat
from ...services.upnext import RoundView, countdown
from ..contexts import AppContext
from .common import chip, when_text
from .round_actions import round_action_buttons

FORMAT_ICONS = {RoundFormat.PHONE: ft.Icons.PHONE, RoundFormat.VIDEO: ft.Icons.VIDEOCAM, RoundFormat.ON_SITE: ft.Icons.PLACE,
                RoundFormat.TAKE_HOME: ft.Icons.ASSIGNMENT}
OUTCOME_COLORS = {
    Outcome.PASSED: ft.Colors.GREEN_200,
    Outcome.REJECTED: ft.Colors.RED_200,
    Outcome.CANCELLED: ft.Colors.GREY_400,
}


def open_link(url: str) -> None:
    async def go():
        await ft.UrlLauncher().launch_url(url)

    ft.context.page.run_task(go)


@ft.component
def NextRoundCard(view: RoundView, now: datetime, on_tips: Callable[[], None], on_open: Callable[[], None]):
    """The big card for the very next round."""
    r, app = view.round, view.application
    model = ft.use_context(AppContext)
    where: list[ft.Control] = []
    if r.location and r.format is not RoundFormat.VIDEO:
        where.append(ft.Row([ft.Icon(ft.Icons.PLACE, size=18), ft.Text(r.location, expand=True, selectable=True)],
                            vertical_alignment=ft.CrossAxisAlignment.START))
    people = ", ".join(i.display for i in r.interviewers)
    return ft.Card(
        content=ft.Container(
            padding=ft.Padding.all(16),
            content=ft.Column([
                ft.Row([
                    ft.Icon(FORMAT_ICONS[r.format], color=ft.Colors.PRIMARY),
                    ft.Text(countdown(r.starts_at, now, r.ends_at), theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                            color=ft.Colors.PRIMARY, weight=ft.FontWeight.BOLD),
                ]),
                ft.Text(app.company, theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600),
                ft.Text(f"{app.role} · {r.display_title}", theme_style=ft.TextThemeStyle.BODY_LARGE),
                ft.Row([chip(r.stage.label), chip(r.format.label)], wrap=True),
                ft.Text(when_text(r, with_zone=True)),
                *where,
                *([ft.Row([ft.Icon(ft.Icons.PEOPLE, size=18), ft.Text(people, expand=True)])] if people else []),
                # Issue 9: one tap to act (Join / Call / Directions, Copy address, Running late).
                *round_action_buttons(r, app, model.notify if model else (lambda _m: None), big=False),
                ft.Row([
                    ft.FilledButton("Quick tips", icon=ft.Icons.LIGHTBULB, on_click=lambda: on_tips(),
                                    tooltip=f"Quick tips for {app.company}"),
                    ft.OutlinedButton("Details", on_click=lambda: on_open(), tooltip=f"Open {app.company}"),
                ], wrap=True),
            ], spacing=8),
        ),
    )


def round_list_tile(view: RoundView, now: datetime, on_click: Callable[[], None], subtitle_prefix: str = "") -> ft.ListTile:
    r = view.round
    return ft.ListTile(
        leading=ft.Icon(FORMAT_ICONS[r.format]),
        title=ft.Text(f"{view.company} · {r.stage.label}"),
        subtitle=ft.Text(f"{subtitle_prefix}{when_text(r)} · {countdown(r.starts_at, now, r.ends_at)}"),
        on_click=lambda: on_click(),
        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
    )
