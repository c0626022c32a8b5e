"""Reminders shown inside the app: a banner for what is due now, a list for what was missed."""

from __future__ import annotations

import flet as ft

from ..reminder_routes import target_route
from ...services.time_zones import day_text, in_user_zone
from ...services.reminders import banner_title
from .common import icon_button, section, use_now


@ft.component
def ReminderBanners(app):
    """Due reminders at the top of the screen; 'Open' goes to the round's tips or reflection."""
    # Not the banner for the very screen it would open (e.g. "How did it go?" on that reflection).
    shown = [b for b in app.banners if target_route(b.target) != app.route]
    now = use_now(15)  # "in 12 min" counts down from the real time while the banner stays up
    if not shown:
        return ft.Container(visible=False)

    def open_target(b):
        route = target_route(b.target)
        app.dismiss_banner(b.id)
        if route:
            app.go(route)

    return ft.Column([
        ft.Container(
            bgcolor=ft.Colors.PRIMARY_CONTAINER, border_radius=12, padding=ft.Padding.only(left=16, top=8, right=4, bottom=8),
            margin=ft.Margin.symmetric(horizontal=12, vertical=4),
            content=ft.Row([
                ft.Icon(ft.Icons.NOTIFICATIONS_ACTIVE, color=ft.Colors.ON_PRIMARY_CONTAINER),
                ft.Column([
                    ft.Text(banner_title(b.title, b.payload, now), weight=ft.FontWeight.BOLD, color=ft.Colors.ON_PRIMARY_CONTAINER),
                    ft.Text(b.body, color=ft.Colors.ON_PRIMARY_CONTAINER),
                ], spacing=2, expand=True),
                *([ft.TextButton("Open", on_click=lambda _e=None, b=b: open_target(b))] if b.target else []),
                icon_button(ft.Icons.CLOSE, f"Dismiss reminder: {b.title}", on_click=lambda _e=None, b=b: app.dismiss_banner(b.id)),
            ]),
        )
        for b in shown
    ], spacing=0)


def missed_section(app) -> ft.Control | None:
    """'While the app was closed': reminders that came due then, instead of a burst of stale pop-ups."""
    runner = app.services.reminders
    if runner is None:
        return None
    missed = app.services.missed_reminders()
    if not missed:
        return None

    def dismiss(key):
        runner.dismiss_missed(key)
        app.changed()

    def dismiss_all():
        for m in runner.missed():
            runner.dismiss_missed(m.key)
        app.changed()

    def open_target(m):
        route = target_route(m.target)
        runner.dismiss_missed(m.key)
        app.changed()
        if route:
            app.go(route)

    return section("While the app was closed", [
        ft.ListTile(
            leading=ft.Icon(ft.Icons.NOTIFICATIONS_PAUSED),
            title=ft.Text(m.title),
            subtitle=ft.Text(f"{m.body} · was due {day_text(in_user_zone(m.fire_at))} {in_user_zone(m.fire_at):%H:%M}"),
            on_click=lambda _e=None, m=m: open_target(m),
            trailing=icon_button(ft.Icons.CLOSE, f"Dismiss missed reminder: {m.title}", on_click=lambda _e=None, m=m: dismiss(m.key)),
        )
        for m in missed[:10]
    ], trailing=ft.TextButton("Dismiss all", on_click=dismiss_all))
