"""One tap to act on a round: Join / Call / Directions, Copy address, Running late.

The URLs come from services.round_actions (plain Python, unit-tested); this module only
hands them to the system (ft.UrlLauncher) or the clipboard. The app makes no network call.
"""

from __future__ import annotations

import flet as ft

from ...models import Application, Round, RoundFormat
from ...services import round_actions as ra
from .common import icon_button, when_text
from .text_input import TextInput

ACTION_ICONS = {
    ra.ActionKind.JOIN: ft.Icons.VIDEOCAM,
    ra.ActionKind.CALL: ft.Icons.PHONE,
    ra.ActionKind.DIRECTIONS: ft.Icons.DIRECTIONS,
    ra.ActionKind.OPEN_TASK: ft.Icons.OPEN_IN_NEW,
}


def launch(url: str) -> None:
    """Hand a URL to the system (browser, dialler, maps, mail or messages app)."""
    if not url:
        return

    async def go():
        await ft.UrlLauncher().launch_url(url)

    ft.context.page.run_task(go)


def page_platform() -> tuple[str, bool]:
    """The client's platform ('android', 'ios', 'linux', ...) and whether it is the web build."""
    page = ft.context.page
    platform = getattr(page.platform, "value", page.platform) or ""
    return str(platform), bool(page.web)


def copy_text(text: str, notify) -> None:
    async def go():
        try:
            await ft.Clipboard().set(text)
        except Exception:  # noqa: BLE001 - a browser may refuse the clipboard; say so instead of failing silently
            notify("Could not copy the address; press and hold it to select it.")
            return
        notify("Address copied.")

    ft.context.page.run_task(go)


def late_dialog(rnd: Round, application: Application | None) -> ft.AlertDialog:
    """A small dialog with an editable message, then Email / Text message to the round's contact."""
    message = ra.late_message(rnd, application, when_text(rnd))
    box = TextInput(label="Message", value=message, multiline=True, min_lines=4, max_lines=8, autofocus=False)
    page = ft.context.page

    def send(kind: str):
        text = box.value or message
        url = ra.late_email_url(rnd, application, text) if kind == "email" else ra.late_sms_url(rnd, text)
        page.pop_dialog()
        launch(url)

    to = " · ".join(p for p in (rnd.contact_email, rnd.contact_phone) if p)
    actions = []
    if rnd.contact_email:
        actions.append(ft.FilledButton("Email", icon=ft.Icons.EMAIL, on_click=lambda: send("email")))
    if rnd.contact_phone:
        actions.append(ft.FilledButton("Text message", icon=ft.Icons.SMS, on_click=lambda: send("sms")))
    actions.append(ft.TextButton("Cancel", on_click=lambda: page.pop_dialog()))
    return ft.AlertDialog(
        title=ft.Text("Running late"),
        content=ft.Column([ft.Text(f"To {to}", size=13), box], tight=True, spacing=8, width=420),
        actions=actions,
        actions_alignment=ft.MainAxisAlignment.END,
        scrollable=True,
    )


def round_action_buttons(rnd: Round, application: Application | None, notify, big: bool = True,
                         one_row: bool = False, narrow: bool = False) -> list[ft.Control]:
    """The round's one big action, then Copy address / Running late when they apply.

    ``one_row``: Copy address / Running late go next to the big action (as icon buttons, named
    for screen readers and with a tooltip, when ``narrow``), so a small phone's first screen
    keeps room for the tips.
    """
    platform, web = page_platform()
    action = ra.primary_action(rnd, platform, web)
    out: list[ft.Control] = []
    if action is not None:
        if action.detail:
            out.append(ft.Text(action.detail, size=16 if big else 14))
        out.append(ft.FilledButton(
            action.label, icon=ACTION_ICONS[action.kind], on_click=lambda: launch(action.url),
            tooltip=f"{action.label}: {action.url}",
            style=ft.ButtonStyle(text_style=ft.TextStyle(size=20 if big else 17, weight=ft.FontWeight.W_600),
                                 padding=ft.Padding.symmetric(horizontal=28, vertical=10)),
            height=52 if big else 48, expand=True,
        ))
    elif rnd.format is RoundFormat.PHONE and rnd.call_direction.value == "they_call":
        out.append(ft.Text("They call you.", size=16 if big else 14))
    small: list[ft.Control] = []
    if rnd.format is RoundFormat.ON_SITE and rnd.location:
        small.append(ft.OutlinedButton("Copy address", icon=ft.Icons.CONTENT_COPY,
                                       on_click=lambda: copy_text(rnd.location, notify)))
    if ra.can_send_late_note(rnd):
        small.append(ft.OutlinedButton("Running late", icon=ft.Icons.SCHEDULE_SEND,
                                       on_click=lambda: ft.context.page.show_dialog(late_dialog(rnd, application))))
    if one_row and small and out and isinstance(out[-1], ft.FilledButton):
        if narrow:
            small = [icon_button(c.icon, c.content, on_click=c.on_click) for c in small]
        return [*out[:-1], ft.Row([out[-1], *small], spacing=8)]
    rows: list[ft.Control] = []
    for c in out:
        rows.append(ft.Row([c]) if isinstance(c, ft.FilledButton) else c)
    if small:
        rows.append(ft.Row(small, wrap=True))
    return rows
