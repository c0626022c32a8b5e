"""Automatic backups: the kept snapshots, each with Restore (after a confirmation)."""

from __future__ import annotations

import flet as ft

from ....services.snapshots import SnapshotError, SnapshotRow
from ...components.common import confirm_dialog
from ...contexts import AppContext
from ...hooks.background_work import BackgroundWork
from .parts import change_data, column, hint, subheading


@ft.component
def AutomaticBackups(work: BackgroundWork, refresh):
    app = ft.use_context(AppContext)
    svc = app.services
    page = ft.context.page
    snapshots = svc.backups.list()

    def ask_restore(row: SnapshotRow) -> None:
        page.show_dialog(confirm_dialog(
            "Restore this backup?",
            f"Your data will be replaced by the {row.reason.lower()} from {row.when} ({row.size}). "
            "An automatic backup of your data as it is now is taken first, so you can undo this.",
            "Restore",
            lambda: page.run_task(run_restore, row),
        ))

    async def run_restore(row: SnapshotRow) -> None:
        # SnapshotError: the snapshot is gone or unreadable; the list may have changed
        await change_data(
            work, app, f"Restoring the backup from {row.when}…",
            lambda: svc.backups.restore_snapshot(row.info, svc.now()),
            known=SnapshotError, changed_on_known=True, refresh=refresh,
            failed=lambda err: f"The restore failed: {err}.",
        )

    controls: list[ft.Control] = [
        subheading("Automatic backups"),
        hint("Taken once a day while you use the app and before every import or restore; "
             f"the newest {svc.backups.kept} are kept in the data folder."),
    ]
    if not snapshots:
        controls.append(hint("None yet: the first one is taken once you have added something."))
    for row in snapshots:
        controls.append(ft.Row([
            ft.Icon(ft.Icons.HISTORY, color=ft.Colors.ON_SURFACE_VARIANT),
            ft.Column([ft.Text(row.when, weight=ft.FontWeight.W_500), hint(f"{row.reason} · {row.size}")],
                      spacing=0, expand=True),
            ft.OutlinedButton("Restore", disabled=work.disabled, on_click=lambda _e=None, row=row: ask_restore(row)),
        ], vertical_alignment=ft.CrossAxisAlignment.CENTER))
    return column(controls)
