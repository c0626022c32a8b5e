"""Export: one button per file kind; the file is built in a worker thread, then saved.

Saving: ``ft.FilePicker().save_file(file_name=..., src_bytes=...)`` on every platform (see
``ui/screens/data_settings.py`` for what each platform does with it).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Awaitable, Callable

import flet as ft

from ...contexts import AppContext
from ...hooks.background_work import BackgroundWork
from ...hooks.live_state import use_live_state
from .parts import column, hint, subheading
from ...components.text_input import TextInput

log = logging.getLogger(__name__)

# kind, button text, icon, what is being prepared (for the progress line)
EXPORTS = [
    ("backup", "Export full backup (JSON)", ft.Icons.SAVE_ALT, "the full backup"),
    ("journal", "Export journal (Markdown)", ft.Icons.MENU_BOOK, "the journal"),
    ("csv", "Export applications and rounds (CSV)", ft.Icons.TABLE_CHART, "the spreadsheet"),
    ("ics", "Export calendar (.ics)", ft.Icons.CALENDAR_MONTH, "the calendar"),
]


PASSPHRASE_MIN = 8


def passphrase_problem(first: str, second: str) -> str | None:
    """Why these two entries cannot protect a backup (None: they can)."""
    if len(first.strip()) < PASSPHRASE_MIN:
        return f"Use a passphrase of at least {PASSPHRASE_MIN} characters; a few words are best."
    if first != second:
        return "The two passphrases are not the same."
    return None


@ft.component
def ExportButtons(work: BackgroundWork, picker: ft.FilePicker):
    svc = ft.use_context(AppContext).services
    page = ft.context.page
    past, set_past = ft.use_state(False)  # the calendar holds past rounds too
    protect, set_protect = ft.use_state(False)
    # Export reads the passphrases as typed, not as at the last render (Enter right after a keystroke).
    passphrase, set_passphrase, typed_passphrase = use_live_state("")
    again, set_again, typed_again = use_live_state("")
    problem, set_problem = ft.use_state(None)

    async def export(kind: str, what: str) -> None:
        protected = kind == "backup" and protect
        if protected:
            secret = typed_passphrase()
            problem_now = passphrase_problem(secret, typed_again())
            set_problem(problem_now)
            if problem_now:
                return
        try:
            if protected:
                result = await work.run("Encrypting the backup with your passphrase (a few seconds)…",
                                        lambda: svc.export_protected_backup(secret))
            else:
                result = await work.run(f"Preparing {what}…", lambda: svc.exports.export(kind, include_past=past))
        except Exception as err:  # noqa: BLE001 - tell the user, keep the app running
            log.exception("export %s failed", kind)
            work.done(f"Could not prepare {what}: {err}. Nothing was saved.", error=True)
            return
        ext = result.file_name.rsplit(".", 1)[-1]
        work.set_busy(f"Saving {result.file_name}…")
        try:
            path = await picker.save_file(
                dialog_title=f"Save {what}", file_name=result.file_name, src_bytes=result.data,
                file_type=ft.FilePickerFileType.CUSTOM, allowed_extensions=[ext],
            )
        except Exception as err:  # noqa: BLE001
            log.exception("saving %s failed", result.file_name)
            work.done(f"Could not save {result.file_name}: {err}. Nothing was saved.", error=True)
            return
        finally:
            work.set_busy(None)
        if not page.web and not path:
            work.done("Export cancelled: nothing was saved.")
            return
        message = result.message
        if path and Path(path).name != result.file_name:
            message = message.replace(result.file_name, Path(path).name)
        work.done(message)

    def exporter(kind: str, what: str) -> Callable[[], Awaitable[None]]:
        async def on_click():  # an async handler (a lambda returning a coroutine would never run)
            await work.guarded(lambda: export(kind, what))

        return on_click

    protect_controls: list[ft.Control] = [
        ft.Switch(label="Protect with a passphrase", value=protect,
                  on_change=lambda e: (set_protect(bool(e.control.value)), set_problem(None))),
    ]
    if protect:
        protect_controls += [
            TextInput(label="Backup passphrase", value=passphrase, password=True, can_reveal_password=True,
                      width=320, on_change=lambda e: set_passphrase(e.control.value or "")),
            TextInput(label="Repeat the passphrase", value=again, password=True, can_reveal_password=True,
                      width=320, on_change=lambda e: set_again(e.control.value or ""), error=problem,
                      on_submit=exporter("backup", "the protected backup")),
            hint("The full backup is then encrypted (age format): nobody can open it without the passphrase, "
                 "and nobody can recover a lost one. Open it with the app or with the age tool "
                 "(age -d file.json.age). The other exports stay plain."),
        ]
    labels = {"backup": "Export protected backup (.age)"} if protect else {}
    return column([
        subheading("Export"),
        hint("The full backup can be imported again, here or on another device. "
             "The journal, spreadsheet and calendar files are for reading and for other apps."),
        *protect_controls,
        ft.Row([
            ft.OutlinedButton(labels.get(kind, label), icon=ft.Icons.LOCK if kind in labels else icon,
                              disabled=work.disabled, on_click=exporter(kind, what))
            for kind, label, icon, what in EXPORTS
        ], wrap=True, spacing=8, run_spacing=8),
        ft.Checkbox(label="Calendar: past rounds too", value=past, on_change=lambda e: set_past(bool(e.control.value))),
    ])
