"""Import a backup: pick a file, see what it holds, then merge or replace everything.

The "Import a backup" button carries a ``ft.PickFiles`` client action, so the browser opens
its file chooser inside the user's click (iOS Safari ignores file choosers opened later,
after a round trip to Python). The picked file arrives at the picker's ``on_result`` with
its bytes (``with_data=True``; web has no paths); on desktop, when the bytes are absent,
the file is read from its path. Reading, checking and importing run in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import flet as ft

from ....services.export import BackupFileError, BackupPreview
from ....services.export.encrypted import EncryptedBackupError
from ....services.time_zones import in_user_zone
from ...components.common import confirm_dialog
from ...contexts import AppContext
from ...hooks.background_work import BackgroundWork
from .parts import change_data, close_dialog, column, hint, subheading
from ...components.text_input import TextInput

log = logging.getLogger(__name__)

SECTION_WORDS = [("applications", "Applications"), ("rounds", "Rounds"), ("journal", "Reflections"), ("settings", "Settings")]


def count_text(section: str, n: int) -> str:
    if section == "settings":
        return "included" if n else "not included"
    return str(n)


@ft.component
def ImportBackup(work: BackgroundWork, picker: ft.FilePicker, on_picked: ft.Ref, refresh):
    """``on_picked``: the ref the shared picker's on_result calls; ``refresh``: after data changed."""
    app = ft.use_context(AppContext)
    svc = app.services
    page = ft.context.page

    async def file_picked(e: ft.FilePickerResultEvent) -> None:
        async def go():
            if not e.files:
                return  # the user closed the file chooser: nothing to say
            f = e.files[0]
            try:
                data = f.bytes
                if data is None and f.path:
                    data = await work.run(f"Reading {f.name}…", lambda: Path(f.path).read_bytes())
                if data is None:
                    raise OSError("the file's contents did not arrive")
                if svc.exports.is_protected(data):
                    # An age file: ask for the passphrase first (nothing is read or changed before).
                    page.show_dialog(passphrase_dialog(f.name, data))
                    return
                preview = await work.run(f"Checking {f.name}…", lambda: svc.exports.read(data))
            except BackupFileError as err:
                work.done(f"{f.name}: {err}", error=True)
                return
            except Exception as err:  # noqa: BLE001
                log.exception("reading %s failed", f.name)
                work.done(f"Could not read {f.name}: {err}. Nothing was imported.", error=True)
                return
            page.show_dialog(preview_dialog(f.name, preview))

        await work.guarded(go)

    on_picked.current = file_picked

    def passphrase_dialog(name: str, data: bytes) -> ft.AlertDialog:
        """Asks for a protected backup's passphrase; decrypts in a worker thread (scrypt: seconds).

        A wrong passphrase or a damaged file says so here and changes nothing; the right one
        leads to the usual preview (then Merge or Replace)."""
        field = TextInput(label="Passphrase", password=True, can_reveal_password=True, autofocus=True)
        error = ft.Text("", color=ft.Colors.ERROR, visible=False)
        progress = ft.Row([ft.ProgressRing(width=18, height=18, stroke_width=2),
                           ft.Text("Decrypting (a few seconds)…", expand=True)], visible=False)
        open_button = ft.FilledButton("Open")

        def show(problem: str | None, running: bool) -> None:
            error.value, error.visible = problem or "", bool(problem)
            progress.visible = running
            open_button.disabled = field.disabled = running
            dlg.update()

        async def open_it(e=None):
            if progress.visible or not field.value:
                return
            show(None, True)
            secret = field.value
            try:
                preview = await asyncio.to_thread(svc.exports.read_protected, data, secret)
            except EncryptedBackupError as err:
                show(err.message, False)
                return
            except BackupFileError as err:
                show(f"{name}: {err}", False)
                return
            except Exception as err:  # noqa: BLE001
                log.exception("opening %s failed", name)
                show(f"Could not open {name}: {err}. Nothing was imported.", False)
                return
            close_dialog(dlg)
            page.show_dialog(preview_dialog(name, preview))

        field.on_submit = open_it
        open_button.on_click = open_it
        dlg = ft.AlertDialog(
            modal=True, title=ft.Text("This backup is protected"),
            content=ft.Column([ft.Text(f"{name} is encrypted. Enter the passphrase it was protected with."),
                               field, error, progress], tight=True, spacing=10, width=420),
            actions=[ft.TextButton("Cancel", on_click=lambda: close_dialog(dlg)), open_button],
        )
        return dlg

    def preview_dialog(name: str, preview: BackupPreview) -> ft.AlertDialog:
        dlg: ft.AlertDialog

        def choose(mode: str, include_invalid: bool):
            close_dialog(dlg)
            if mode == "replace":
                page.show_dialog(confirm_dialog(
                    "Replace everything?", replace_warning(name, preview), "Replace everything",
                    lambda: page.run_task(run_import, preview, "replace", include_invalid),
                ))
            else:
                page.run_task(run_import, preview, mode, include_invalid)

        primary = ("Import the valid ones", "merge", True) if preview.has_invalid else ("Merge", "merge", False)
        dlg = ft.AlertDialog(
            modal=False,
            title=ft.Text("Import this backup?"),
            scrollable=True,  # a long list of skipped items scrolls with the rest; a short one stays compact
            content=ft.Column(preview_details(name, preview), tight=True, spacing=10, width=520),
            actions=[
                ft.TextButton("Cancel", on_click=lambda: close_dialog(dlg)),
                ft.TextButton("Replace everything", on_click=lambda: choose("replace", preview.has_invalid)),
                ft.FilledButton(primary[0], autofocus=True, on_click=lambda: choose(primary[1], primary[2])),
            ],
            actions_overflow_button_spacing=4,
        )
        return dlg

    async def run_import(preview: BackupPreview, mode: str, include_invalid: bool) -> None:
        # BackupFileError includes ImportRefused: bad records, nothing written
        await change_data(
            work, app, "Importing…" if mode == "merge" else "Replacing your data with the backup…",
            lambda: svc.exports.import_backup(preview, mode=mode, include_invalid=include_invalid),
            known=BackupFileError, refresh=refresh,
            failed=lambda err: f"The import failed: {err}. Your data as it was before is kept as an automatic backup.",
        )

    return column([
        subheading("Import"),
        hint("Bring back a full backup (.json, or .age when protected with a passphrase). "
             "You see what it holds before anything changes."),
        ft.Row([
            ft.FilledTonalButton(
                "Import a backup", icon=ft.Icons.UPLOAD_FILE, disabled=work.disabled,
                action=ft.PickFiles(picker, dialog_title="Choose an InterviewPal backup",
                                    file_type=ft.FilePickerFileType.CUSTOM, allowed_extensions=["json", "age"], with_data=True),
            ),
        ], wrap=True),
    ])


def replace_warning(name: str, preview: BackupPreview) -> str:
    n = preview.valid_count
    skipped = f" The {len(preview.invalid)} items listed as skipped are left out." if preview.has_invalid else ""
    return (
        f"All your applications, rounds, reflections and settings will be replaced by the {n} "
        f"item{'s' if n != 1 else ''} in {name}; what is here but not in the backup is removed.{skipped} "
        "An automatic backup of your data as it is now is taken first, so you can undo this "
        "from Automatic backups."
    )


def preview_details(name: str, preview: BackupPreview) -> list[ft.Control]:
    """What the file holds, who made it when, warnings, and the records that will be skipped."""
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
    return details
