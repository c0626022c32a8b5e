"""The "Your data" section of Settings: where the data lives, exports, importing a backup,
the automatic snapshots, and removing the demo data (GitHub issue "Own your data").

All the work is done by plain-Python services (:mod:`interviewpal.services.export`,
:mod:`interviewpal.services.backups`); this component only asks, shows progress and reports.
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

Opening a file: the "Import a backup" button carries a ``ft.PickFiles`` client action, so
the browser opens its file chooser inside the user's click (iOS Safari ignores file
choosers opened later, after a round trip to Python). The picked file arrives at the
picker's ``on_result`` with its bytes (``with_data=True``; web has no paths); on desktop,
when the bytes are absent, the file is read from its path.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable

import flet as ft

from ...services import demo
from ...services.backups import BackupService, SnapshotError, SnapshotRow
from ...services.time_zones import in_user_zone
from ...services.export import BackupFileError, BackupPreview, export_file, import_backup, read_backup
from ..components.common import confirm_dialog, icon_button
from ..contexts import AppContext

log = logging.getLogger(__name__)

# kind, button text, icon, what is being prepared (for the progress line)
EXPORTS = [
    ("backup", "Export full backup (JSON)", ft.Icons.SAVE_ALT, "the full backup"),
    ("journal", "Export journal (Markdown)", ft.Icons.MENU_BOOK, "the journal"),
    ("csv", "Export applications and rounds (CSV)", ft.Icons.TABLE_CHART, "the spreadsheet"),
    ("ics", "Export calendar (.ics)", ft.Icons.CALENDAR_MONTH, "the calendar"),
]

SECTION_WORDS = [("applications", "Applications"), ("rounds", "Rounds"), ("journal", "Reflections"), ("settings", "Settings")]


@dataclass(frozen=True)
class Status:
    """The last result shown under the buttons (it stays until the next action or Dismiss)."""

    text: str
    error: bool = False


def subheading(text: str) -> ft.Text:
    return ft.Text(text, theme_style=ft.TextThemeStyle.TITLE_SMALL, weight=ft.FontWeight.W_600)


def hint(text: str) -> ft.Text:
    return ft.Text(text, size=13, color=ft.Colors.ON_SURFACE_VARIANT)


def count_text(section: str, n: int) -> str:
    if section == "settings":
        return "included" if n else "not included"
    return str(n)


def short(text: str, limit: int = 200) -> str:
    """The snack bar's version of a long message: its first sentence (the whole one stays on screen)."""
    if len(text) <= limit:
        return text
    head = text.split("\n", 1)[0]
    end = head.find(". ")
    head = head[: end + 1] if 0 < end < limit else head[:limit].rstrip() + "…"
    return head + " Details under Your data."


def close_dialog(dlg: ft.AlertDialog) -> None:
    """Close this dialog (not whatever is on top, e.g. a snack bar)."""
    if dlg.open:
        dlg.open = False
        dlg.update()


@ft.component
def DataSection():
    app = ft.use_context(AppContext)
    svc = app.services
    page = ft.context.page
    busy, set_busy = ft.use_state(None)  # sentence shown with the progress ring, or None
    status, set_status = ft.use_state(None)  # Status | None
    running = ft.use_ref(False)  # guards against a second click before the re-render lands
    on_picked = ft.use_ref(None)

    async def picked(e: ft.FilePickerResultEvent):
        if on_picked.current:
            await on_picked.current(e)

    picker, _ = ft.use_state(lambda: ft.FilePicker(on_result=picked))
    snapshots = BackupService(svc.repos).list()

    def done(text: str, error: bool = False) -> None:
        set_status(Status(text, error))
        app.notify(short(text))

    async def work(sentence: str, fn: Callable[[], object]) -> object:
        """Run ``fn`` in a worker thread while the progress ring shows ``sentence``."""
        set_busy(sentence)
        try:
            return await asyncio.to_thread(fn)
        finally:
            set_busy(None)

    async def guarded(action: Callable[[], Awaitable[None]]) -> None:
        if running.current:
            return
        running.current = True
        set_status(None)
        try:
            await action()
        finally:
            running.current = False

    # -- export --

    async def export(kind: str, what: str) -> None:
        async def go():
            try:
                result = await work(f"Preparing {what}…", lambda: export_file(kind, svc.repos, svc.now(), svc.content))
            except Exception as err:  # noqa: BLE001 - tell the user, keep the app running
                log.exception("export %s failed", kind)
                done(f"Could not prepare {what}: {err}. Nothing was saved.", error=True)
                return
            ext = result.file_name.rsplit(".", 1)[-1]
            set_busy(f"Saving {result.file_name}…")
            try:
                path = await picker.save_file(
                    dialog_title=f"Save {what}", file_name=result.file_name, src_bytes=result.data,
                    file_type=ft.FilePickerFileType.CUSTOM, allowed_extensions=[ext],
                )
            except Exception as err:  # noqa: BLE001
                log.exception("saving %s failed", result.file_name)
                done(f"Could not save {result.file_name}: {err}. Nothing was saved.", error=True)
                return
            finally:
                set_busy(None)
            if not page.web and not path:
                done("Export cancelled: nothing was saved.")
                return
            message = result.message
            if path and Path(path).name != result.file_name:
                message = message.replace(result.file_name, Path(path).name)
            done(message)

        await guarded(go)

    def exporter(kind: str, what: str) -> Callable[[], Awaitable[None]]:
        async def on_click():  # an async handler (a lambda returning a coroutine would never run)
            await export(kind, what)

        return on_click

    # -- import --

    async def file_picked(e: ft.FilePickerResultEvent) -> None:
        async def go():
            if not e.files:
                return  # the user closed the file chooser: nothing to say
            f = e.files[0]
            try:
                data = f.bytes
                if data is None and f.path:
                    data = await work(f"Reading {f.name}…", lambda: Path(f.path).read_bytes())
                if data is None:
                    raise OSError("the file's contents did not arrive")
                preview = await work(f"Checking {f.name}…", lambda: read_backup(data))
            except BackupFileError as err:
                done(f"{f.name}: {err}", error=True)
                return
            except Exception as err:  # noqa: BLE001
                log.exception("reading %s failed", f.name)
                done(f"Could not read {f.name}: {err}. Nothing was imported.", error=True)
                return
            page.show_dialog(preview_dialog(f.name, preview))

        await guarded(go)

    on_picked.current = file_picked

    def preview_dialog(name: str, preview: BackupPreview) -> ft.AlertDialog:
        dlg: ft.AlertDialog

        def choose(mode: str, include_invalid: bool):
            close_dialog(dlg)
            if mode == "replace":
                n = preview.valid_count
                skipped = f" The {len(preview.invalid)} items listed as skipped are left out." if preview.has_invalid else ""
                page.show_dialog(confirm_dialog(
                    "Replace everything?",
                    f"All your applications, rounds, reflections and settings will be replaced by the {n} "
                    f"item{'s' if n != 1 else ''} in {name}; what is here but not in the backup is removed.{skipped} "
                    "An automatic backup of your data as it is now is taken first, so you can undo this "
                    "from Automatic backups.",
                    "Replace everything",
                    lambda: page.run_task(run_import, preview, "replace", include_invalid),
                ))
            else:
                page.run_task(run_import, preview, mode, include_invalid)

        details: list[ft.Control] = [
            ft.Text(name, weight=ft.FontWeight.W_600),
            ft.Text(preview.summary),
            ft.Column([
                ft.Row([ft.Text(word, expand=True), ft.Text(count_text(section, preview.counts.get(section, 0)), weight=ft.FontWeight.W_600)])
                for section, word in SECTION_WORDS
            ], spacing=2),
        ]
        made = []
        if preview.app_version:
            made.append(f"InterviewPal {preview.app_version}")
        if preview.exported_at:
            made.append(f"on {in_user_zone(preview.exported_at):%d %b %Y, %H:%M}")
        if made:
            details.append(hint("Made with " + " ".join(made) + "."))
        for w in preview.warnings:
            details.append(ft.Row([ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.TERTIARY, size=18),
                                   ft.Text(w, expand=True)], vertical_alignment=ft.CrossAxisAlignment.START))
        if preview.has_invalid:
            n = len(preview.invalid)
            details.append(ft.Text(f"{n} item{'s' if n != 1 else ''} cannot be imported and will be skipped:",
                                   weight=ft.FontWeight.W_600, color=ft.Colors.ERROR))
            details.extend(
                ft.Row([ft.Icon(ft.Icons.BLOCK, color=ft.Colors.ERROR, size=18), ft.Text(msg, expand=True)],
                       vertical_alignment=ft.CrossAxisAlignment.START)
                for msg in preview.problems
            )
        details.append(hint(
            "Merge adds what is new and updates what the backup has newer; nothing here is removed. "
            "Replace everything makes your data exactly the backup. Either way an automatic backup is taken first."
        ))
        primary = ("Import the valid ones", "merge", True) if preview.has_invalid else ("Merge", "merge", False)
        dlg = ft.AlertDialog(
            modal=False,
            title=ft.Text("Import this backup?"),
            scrollable=True,  # a long list of skipped items scrolls with the rest; a short one stays compact
            content=ft.Column(details, tight=True, spacing=10, width=520),
            actions=[
                ft.TextButton("Cancel", on_click=lambda: close_dialog(dlg)),
                ft.TextButton("Replace everything", on_click=lambda: choose("replace", preview.has_invalid)),
                ft.FilledButton(primary[0], autofocus=True, on_click=lambda: choose(primary[1], primary[2])),
            ],
            actions_overflow_button_spacing=4,
        )
        return dlg

    async def run_import(preview: BackupPreview, mode: str, include_invalid: bool) -> None:
        async def go():
            try:
                result = await work("Importing…" if mode == "merge" else "Replacing your data with the backup…",
                                    lambda: import_backup(svc.repos, preview, mode=mode, include_invalid=include_invalid, now=svc.now()))
            except BackupFileError as err:  # includes ImportRefused: bad records, nothing written
                done(str(err), error=True)
                return
            except Exception as err:  # noqa: BLE001
                log.exception("import failed")
                done(f"The import failed: {err}. Your data as it was before is kept as an automatic backup.", error=True)
                app.changed()
                return
            refresh()
            done(result.message)

        await guarded(go)

    # -- automatic backups --

    def ask_restore(row: SnapshotRow) -> None:
        page.show_dialog(confirm_dialog(
            "Restore this backup?",
            f"Your data will be replaced by the {row.reason.lower()} from {row.when} ({row.size}). "
            "An automatic backup of your data as it is now is taken first, so you can undo this.",
            "Restore",
            lambda: page.run_task(run_restore, row),
        ))

    async def run_restore(row: SnapshotRow) -> None:
        async def go():
            try:
                result = await work(f"Restoring the backup from {row.when}…",
                                    lambda: BackupService(svc.repos).restore_snapshot(row.info, svc.now()))
            except SnapshotError as err:
                done(str(err), error=True)
                app.changed()  # the list may have changed (a snapshot that is gone)
                return
            except Exception as err:  # noqa: BLE001
                log.exception("restore failed")
                done(f"The restore failed: {err}.", error=True)
                app.changed()
                return
            refresh()
            done(result.message)

        await guarded(go)

    def refresh() -> None:
        """Data changed: re-render every screen and follow a restored theme."""
        app.changed()
        app.set_theme(svc.settings.get().theme.value)

    def remove_demo():
        n = demo.remove_demo(svc.repos)
        app.changed()
        app.notify(f"Removed {n} demo application{'s' if n != 1 else ''}.")

    # -- layout --

    disabled = busy is not None
    controls: list[ft.Control] = [
        ft.Text("Everything stays on this device. Data folder:"),
        # selectable so it can be copied; a selectable text has no semantics of its own in Flutter web
        ft.Text(str(svc.data_folder), selectable=True, font_family="monospace", size=12, semantics_label=str(svc.data_folder)),
        subheading("Export"),
        hint("The full backup can be imported again, here or on another device. "
             "The journal, spreadsheet and calendar files are for reading and for other apps."),
        ft.Row([
            ft.OutlinedButton(label, icon=icon, disabled=disabled,
                              on_click=exporter(kind, what))
            for kind, label, icon, what in EXPORTS
        ], wrap=True, spacing=8, run_spacing=8),
        subheading("Import"),
        hint("Bring back a full backup (.json). You see what it holds before anything changes."),
        ft.Row([
            ft.FilledTonalButton(
                "Import a backup", icon=ft.Icons.UPLOAD_FILE, disabled=disabled,
                action=ft.PickFiles(picker, dialog_title="Choose an InterviewPal backup",
                                    file_type=ft.FilePickerFileType.CUSTOM, allowed_extensions=["json"], with_data=True),
            ),
        ], wrap=True),
    ]
    if busy:
        controls.append(ft.Row([ft.ProgressRing(width=20, height=20, stroke_width=2.5), ft.Text(busy, expand=True)],
                               spacing=12))
    if status:
        controls.append(ft.Container(
            bgcolor=ft.Colors.ERROR_CONTAINER if status.error else ft.Colors.SECONDARY_CONTAINER,
            border_radius=12,
            padding=ft.Padding.only(left=12, top=4, bottom=4, right=4),
            content=ft.Row([
                ft.Icon(ft.Icons.ERROR_OUTLINE if status.error else ft.Icons.CHECK_CIRCLE_OUTLINE,
                        color=ft.Colors.ON_ERROR_CONTAINER if status.error else ft.Colors.ON_SECONDARY_CONTAINER),
                ft.Text(status.text, expand=True,
                        color=ft.Colors.ON_ERROR_CONTAINER if status.error else ft.Colors.ON_SECONDARY_CONTAINER),
                icon_button(ft.Icons.CLOSE, "Dismiss message", on_click=lambda: set_status(None)),
            ], vertical_alignment=ft.CrossAxisAlignment.CENTER),
        ))
    controls.append(subheading("Automatic backups"))
    controls.append(hint("Taken once a day while you use the app and before every import or restore; "
                         "the newest 10 are kept in the data folder."))
    if not snapshots:
        controls.append(hint("None yet: the first one is taken once you have added something."))
    for row in snapshots:
        controls.append(ft.Row([
            ft.Icon(ft.Icons.HISTORY, color=ft.Colors.ON_SURFACE_VARIANT),
            ft.Column([ft.Text(row.when, weight=ft.FontWeight.W_500), hint(f"{row.reason} · {row.size}")],
                      spacing=0, expand=True),
            ft.OutlinedButton("Restore", disabled=disabled, on_click=lambda _e=None, row=row: ask_restore(row)),
        ], vertical_alignment=ft.CrossAxisAlignment.CENTER))
    if demo.has_demo(svc.repos):
        controls.append(ft.Row([ft.OutlinedButton("Remove demo data", icon=ft.Icons.DELETE_SWEEP, on_click=remove_demo)]))
    return ft.Column(controls, spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
