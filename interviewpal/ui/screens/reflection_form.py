"""Write (or edit) the reflection on one round.

The draft is saved as the user types: about a second after the last change, and
again when the form is left, so a reload or the OS killing the app loses nothing.
"Save reflection" checks every field, shows messages next to the fields and keeps
the input; it then publishes the entry (no longer a draft).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Callable

import flet as ft

from ...models import FollowUpKind, JournalEntry, new_id
from ...services.forms import FormError
from ...services.journal import parse_questions
from ...services.reflection_input import build_entry, decision_date_change, values_of
from ...services.time_zones import local_date
from ...services.journal import NotFound
from ..components.common import confirm_dialog, page_body, section as _section
from ..components.rating import CONFIDENCE_WORDS, FEELING_WORDS, rating_row
from ..contexts import AppContext
from ..hooks.autosave import use_autosave
from ..hooks.leave_guard import use_leave_guard
from .reflection_parts import follow_up_rows, improve_rows, prompt_rows, round_header, status_row
from ..components.text_input import TextInput

# Form input that could not be stored yet (e.g. a follow-up date still being typed),
# kept for this app run so that leaving and coming back does not lose it.
# Keyed by round id: {"entry": JournalEntry, "values": dict}.
_UNSAVED: dict[str, dict[str, Any]] = {}

NEW_FOLLOW_UPS = [  # (kind, button label, default text, due in days)
    (FollowUpKind.SEND_MATERIALS, "Send materials", "Send materials", 1),
    (FollowUpKind.CHASE, "Chase if no answer by", "Chase if no answer", 7),
    (FollowUpKind.OTHER, "Other follow-up", "", 1),
]


def section(title: str, controls: list[ft.Control]) -> ft.Control:
    """A titled group whose fields take the full width."""
    col = _section(title, controls)
    col.horizontal_alignment = ft.CrossAxisAlignment.STRETCH
    return col


def local_today(now: datetime) -> date:
    return local_date(now)


@ft.component
def ReflectionForm(round_id: str | None = None, entry_id: str | None = None,
                   on_done: Callable[[], None] | None = None):
    """For a round (its saved entry or a new, prefilled one) or for one entry by id.

    ``on_done`` is called after a save or Close (default: go back).
    """
    app = ft.use_context(AppContext)
    svc = app.services
    journal = svc.journal

    def load() -> dict[str, Any] | None:
        try:
            entry = (journal.get(entry_id) if entry_id
                     else journal.entry_for_round(round_id, today=local_today(svc.now())))
        except NotFound:
            entry = None
        if entry is None:
            return None
        kept = _UNSAVED.get(entry.round_id)
        if kept and (entry_id is None or kept["entry"].id == entry_id):
            return {"entry": kept["entry"], "values": kept["values"], "unsaved": True}
        return {"entry": entry, "values": values_of(entry), "unsaved": False}

    start = ft.use_state(load)[0]
    errors, set_errors = ft.use_state({})
    base = ft.use_ref(lambda: start["entry"] if start else None)  # the entry as last stored

    def store(values: dict[str, Any]) -> tuple[str, str]:
        """Store the input as a draft (a published entry stays published); returns what is not stored yet."""
        if base.current is None:
            return "", ""
        entry, _, unsaved = build_entry(base.current, values, strict=False)
        saved = journal.save_draft(entry) if base.current.draft else journal.publish(entry)
        base.current = saved
        svc.data_changed()  # follow-up reminders are re-planned (screens re-render on leaving)
        if unsaved:
            _UNSAVED[saved.round_id] = {"entry": saved, "values": values}
        else:
            _UNSAVED.pop(saved.round_id, None)
        return unsaved, (f"Draft saved {datetime.now():%H:%M}" if saved.draft else f"Saved {datetime.now():%H:%M}")

    autosave = use_autosave(start["values"] if start else {}, store, unsaved_at_start=bool(start and start["unsaved"]),
                            failed=lambda e: f"Could not save the draft: {e}")
    v, status, latest, dirty = autosave.values, autosave.status, autosave.latest, autosave.dirty
    change, flush = autosave.change, autosave.flush

    def leave_form():
        """Unmount (Back, Esc, another route): store what can be stored, keep the rest for this run."""
        if base.current is None or not dirty.current:
            return
        ok = flush()
        if not ok:
            _UNSAVED[base.current.round_id] = {"entry": base.current, "values": latest.current}
            app.notify("Some changes to your reflection are not saved yet. Open it again to finish them.")
        app.changed()

    ft.on_unmounted(leave_form)

    # Back / Esc / Android back on this screen go through guard() (registered for the route it opened on).
    guard_ref = use_leave_guard(app)

    if start is None:
        return page_body([ft.Text("This round or reflection no longer exists.")])

    entry0: JournalEntry = base.current
    rnd = svc.rounds.get(entry0.round_id)
    application = svc.applications.get(entry0.application_id)

    def clear_error(*keys):
        if any(k in errors for k in keys):
            set_errors({k: m for k, m in errors.items() if k not in keys})

    def on_text(name):
        return lambda e: change(**{name: e.control.value or ""})

    def save(_e=None):
        try:
            entry, errs, _ = build_entry(base.current, latest.current, strict=True)
        except FormError as err:
            entry, errs = None, err.errors
        if errs or entry is None:
            set_errors(errs)
            app.notify("The reflection was not saved. Please check the highlighted fields.")
            return
        autosave.cancel()
        try:
            saved = journal.publish(entry)
        except Exception as e:  # noqa: BLE001 - e.g. the disk is full: keep the input, say so
            app.notify(f"The reflection could not be saved: {e}")
            return
        base.current, dirty.current = saved, False
        _UNSAVED.pop(saved.round_id, None)
        set_errors({})
        autosave.set_status(("saved", ""))
        app.changed()
        app.notify("Reflection saved." + (" Follow-ups due show on Up next." if saved.follow_ups else ""))
        (on_done or app.back)()

    def guard(proceed) -> bool:
        """Leaving (Back, Esc, Android back, Close): store what can be stored; ask only if something cannot."""
        if flush():
            if base.current is not None and base.current.draft and not dirty.current and journal.get(base.current.id):
                app.notify("Draft saved. Finish it any time from the Journal or Up next.")
            app.changed()
            return False

        def leave():
            _UNSAVED[base.current.round_id] = {"entry": base.current, "values": latest.current}
            dirty.current = False  # kept in memory; nothing more to do on unmount
            proceed()

        ft.context.page.show_dialog(confirm_dialog(
            "Leave with unsaved changes?", status[1] + " The rest of the reflection is saved.",
            "Leave", leave))
        return True

    guard_ref.current = guard  # refreshed every render, so it sees the current state

    def close(_e=None):
        if on_done is not None:
            if not guard(on_done):
                on_done()
        else:
            app.back()

    today = local_today(svc.now())

    def add_follow_up(kind: FollowUpKind, text: str, days: int):
        change(follow_ups=[*latest.current["follow_ups"], {
            "id": new_id(), "kind": kind.value, "text": text, "due": f"{today + timedelta(days=days):%Y-%m-%d}",
            "interviewer_id": "", "done": False, "done_at": None}])

    def add_improve():
        change(improve=[*latest.current["improve"], {"id": new_id(), "text": "", "learned": False, "every_round": False}])

    n_questions = len(parse_questions(v["questions"]))
    return page_body([
        round_header(application, rnd),
        status_row(status, entry0.draft),
        section("How did it go?", [
            rating_row("Feeling", v["feeling"], lambda n: change(feeling=n), FEELING_WORDS),
            rating_row("Confidence", v["confidence"], lambda n: change(confidence=n), CONFIDENCE_WORDS),
        ]),
        section("The round", [
            TextInput(label="Questions asked", value=v["questions"], on_change=on_text("questions"), multiline=True,
                      min_lines=3, max_lines=12,
                      helper=f"{n_questions} question{'s' if n_questions != 1 else ''} · one per line, "
                             "they go to your question bank"),
            TextInput(label="What went well", value=v["went_well"], on_change=on_text("went_well"), multiline=True,
                      min_lines=2, max_lines=10, error=errors.get("went_well")),
        ]),
        section("What to improve", [
            ft.Text("One item per field. Each shows again on the quick tips before your next rounds.",
                    size=12, color=ft.Colors.ON_SURFACE_VARIANT),
            *improve_rows(latest, change, errors),
            ft.Row([ft.TextButton("Add an item to improve", icon=ft.Icons.ADD,
                                  on_click=add_improve)]),
        ]),
        *([section("Think it through", prompts)] if (prompts := prompt_rows(latest, change)) else []),
        section("Follow-ups", [
            *(follow_up_rows(latest, change, errors, clear_error, today, rnd)
              or [ft.Text("No follow-ups yet.", color=ft.Colors.ON_SURFACE_VARIANT)]),
            ft.Row([ft.TextButton(label, icon=ft.Icons.ADD, on_click=lambda _e=None, k=k, t=t, d=d: add_follow_up(k, t, d))
                    for k, label, t, d in NEW_FOLLOW_UPS], wrap=True, spacing=0),
            # Issue 13: the promised decision date; the chase follow-up comes the day after it.
            TextInput(label="They said they'd decide by (optional)", value=v.get("decision_by", ""),
                      hint_text="YYYY-MM-DD", helper="A follow-up to ask comes the day after.",
                      error=errors.get("decision_by"), error_max_lines=2, keyboard_type=ft.KeyboardType.DATETIME,
                      on_change=lambda e: change(**decision_date_change(latest.current, e.control.value or ""))),
        ]),
        section("Anything else", [
            TextInput(label="Notes", value=v["free_text"], on_change=on_text("free_text"), multiline=True,
                      min_lines=3, max_lines=12, error=errors.get("free_text")),
            TextInput(label="Tags", value=v["tags"], on_change=on_text("tags"), error=errors.get("tags"),
                      helper="Comma separated, e.g. system design, remote"),
        ]),
        *[ft.Text(m, color=ft.Colors.ERROR) for k, m in errors.items() if not k.startswith(("fu_", "improve_"))
          and k not in ("went_well", "free_text", "tags", "decision_by")],
        status_row(status, entry0.draft),
        ft.Row([
            ft.FilledButton("Save reflection", icon=ft.Icons.CHECK, on_click=save),
            ft.TextButton("Close", on_click=close),
        ], wrap=True),
    ])
