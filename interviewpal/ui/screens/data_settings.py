"""The "Your data" section of Settings: where the data lives, exports, importing a backup,
the automatic snapshots, and removing the demo data (GitHub issue "Own your data").

All the work is done by plain-Python services (:mod:`interviewpal.services.export`,
:mod:`interviewpal.services.snapshots`); this component only asks, shows progress and reports.
Building an export, reading a backup, importing and restoring run in a worker thread
(``asyncio.to_thread``) so the UI stays responsive; a progress ring and a sentence show
while they run, and the buttons are disabled.

Saving a file: ``ft.FilePicker().save_file(file_name=..., src_bytes=...)`` on every
platform. On desktop it opens the system "Save as" dialog and the client writes the bytes
to the chosen path (``None`` back means the user cancelled). On Android/iOS the system
document picker does the same. In web mode the Flet 1.0.5 client turns the call into a
browser download of the bytes under ``file_name`` (checked in headless Chromium:
Playwright's download event receives the file, see ``tests/e2e/test_data_export.py``), so
no upload/download route or ``data:`` URL is needed; there is no dialog to cancel, so in
web mode the result is reported as exported whatever the call returns.

Opening a file: see ``ui/screens/your_data/backup_import.py``.

The three flows are components in ``ui/screens/your_data/`` (``exports.py``,
``backup_import.py``, ``automatic_backups.py``); they share one progress line and one
result line through ``ui/hooks/background_work.py``, so while one runs every button waits.
"""

from __future__ import annotations

import flet as ft

from ..contexts import AppContext
from ..hooks.background_work import use_background_work
from .your_data.automatic_backups import AutomaticBackups
from .your_data.backup_import import ImportBackup
from .your_data.exports import ExportButtons
from .your_data.parts import column, progress_and_result


@ft.component
def DataSection():
    app = ft.use_context(AppContext)
    svc = app.services
    work = use_background_work(app.notify)
    on_picked = ft.use_ref(None)  # the import's handler for the shared file picker

    async def picked(e: ft.FilePickerResultEvent):
        if on_picked.current:
            await on_picked.current(e)

    picker, _ = ft.use_state(lambda: ft.FilePicker(on_result=picked))

    def refresh() -> None:
        """Data changed: re-render every screen and follow a restored theme."""
        app.changed()
        app.set_theme(svc.settings.get().theme.value)

    def remove_demo():
        n = svc.demo.remove()
        app.changed()
        app.notify(f"Removed {n} demo application{'s' if n != 1 else ''}.")

    controls: list[ft.Control] = [
        ft.Text("Everything stays on this device. Data folder:"),
        # selectable so it can be copied; a selectable text has no semantics of its own in Flutter web
        ft.Text(str(svc.data_folder), selectable=True, font_family="monospace", size=12, semantics_label=str(svc.data_folder)),
        ExportButtons(work, picker),
        ImportBackup(work, picker, on_picked, refresh),
        *progress_and_result(work),
        AutomaticBackups(work, refresh),
    ]
    if svc.demo.has():
        controls.append(ft.Row([ft.OutlinedButton("Remove demo data", icon=ft.Icons.DELETE_SWEEP, on_click=remove_demo)]))
    return column(controls)
