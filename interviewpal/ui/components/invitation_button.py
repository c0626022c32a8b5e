"""The "Add from calendar invite" button: pick an .ics file, read it, open its preview.

The button carries a ``ft.PickFiles`` client action (as "Import a backup" does), so the
browser opens its file chooser inside the user's click; the file arrives at the picker's
``on_result`` with its bytes (``with_data=True``: web mode has no paths, Android gives
bytes too); on desktop, when the bytes are absent, it is read from its path. A bad file
(not a calendar, too big, no event) gets one short sentence and nothing is saved.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import flet as ft

from ...services.invitations import MAX_INVITATION_BYTES, InvitationError
from ..contexts import AppContext

log = logging.getLogger(__name__)

LABEL = "Add from calendar invite"


@ft.component
def InvitationButton(app_id: str | None = None, tonal: bool = False):
    """``app_id``: the application whose timeline it sits on (the preview picks it)."""
    app = ft.use_context(AppContext)
    svc = app.services
    busy, set_busy = ft.use_state(False)

    async def picked(e: ft.FilePickerResultEvent):
        if not e.files:
            return  # the chooser was closed: nothing to say
        f = e.files[0]
        set_busy(True)
        try:
            data = f.bytes
            if data is None and f.path:
                if (f.size or 0) > MAX_INVITATION_BYTES:
                    data = b"\0" * (MAX_INVITATION_BYTES + 1)  # refused below without reading it all
                else:
                    data = await asyncio.to_thread(Path(f.path).read_bytes)
            if data is None:
                raise OSError("its contents did not arrive")
            events = await asyncio.to_thread(svc.invitations.read, data)
        except InvitationError as err:
            app.notify(f"{err.message} Nothing was added.")
            return
        except Exception as err:  # noqa: BLE001 - a sentence, never a traceback
            log.exception("reading invitation %s failed", f.name)
            app.notify(f"Could not read {f.name} ({type(err).__name__}). Nothing was added.")
            return
        finally:
            set_busy(False)
        app.invitations = events
        app.go("/invitations/preview" + (f"?app={app_id}" if app_id else ""))

    picker, _ = ft.use_state(lambda: ft.FilePicker(on_result=picked))
    action = ft.PickFiles(picker, dialog_title="Choose the invitation (.ics)", file_type=ft.FilePickerFileType.CUSTOM,
                          allowed_extensions=["ics", "ical", "ifb", "icalendar"], with_data=True)
    button = ft.FilledTonalButton if tonal else ft.OutlinedButton
    return button(LABEL, icon=ft.Icons.EVENT_AVAILABLE, disabled=busy, action=action)
