"""A follow-up's "Write email" and "Mark sent" (issue 13): the draft comes from
services.follow_up_mail (plain Python, unit-tested); this hands its mailto: URL to the mail app."""

from __future__ import annotations

from datetime import datetime

import flet as ft

from ...models import FollowUpKind
from ...services.follow_up_mail import sent_text
from .round_actions import launch


def follow_up_mail_row(app, entry_id: str, follow_up_id: str, kind: FollowUpKind, sent_at: datetime | None,
                       label: str = "") -> list[ft.Control]:
    """Write email + Mark sent for a thank-you or chase follow-up; once sent, when it was sent."""
    svc = app.services
    if not svc.follow_up_mail.can_write(kind):
        return []
    suffix = f" {label}" if label else ""

    def write():
        draft = svc.follow_up_mail.draft(entry_id, follow_up_id)
        if draft is None:
            app.notify("Save the reflection first, then write the email.")
            return
        launch(draft.url)
        if draft.missing_address:
            app.notify(draft.missing_address)

    def mark(sent: bool = True):
        entry = svc.follow_up_mail.mark_sent(entry_id, follow_up_id, sent)
        app.changed()
        stamp = next((f.sent_at for f in entry.follow_ups if f.id == follow_up_id), None)
        if sent and stamp is not None:
            app.notify(f"Marked as sent: {sent_text(stamp).removeprefix('Sent ')}.", undo=lambda: mark(False))

    if sent_at is not None:
        return [ft.Row([
            ft.Icon(ft.Icons.MARK_EMAIL_READ_OUTLINED, size=18, color=ft.Colors.GREEN),
            ft.Text(sent_text(sent_at), expand=True),
            ft.TextButton("Not sent", tooltip=f"Not sent{suffix}", on_click=lambda: mark(False)),
        ], vertical_alignment=ft.CrossAxisAlignment.CENTER)]
    return [ft.Row([
        ft.FilledTonalButton("Write email", icon=ft.Icons.EMAIL_OUTLINED, tooltip=f"Write email{suffix}", on_click=write),
        ft.OutlinedButton("Mark sent", icon=ft.Icons.DONE, tooltip=f"Mark sent{suffix}", on_click=lambda: mark(True)),
    ], wrap=True, spacing=8, run_spacing=8)]
