"""An application's Research section: the content pack's prompts, answered in a line or two.

Saved as the user types (about a second after the last change) and again when the screen is
left (Back, Esc, Android back). An answer over the limit is named under its field and kept in
the field; the other answers are stored meanwhile.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import flet as ft

from ...models import STAGE_ORDER
from ...services.research import RESEARCH_STAGES
from ..components.common import confirm_dialog, empty_state, page_body
from ..contexts import AppContext
from ..hooks.autosave import use_autosave
from ..hooks.leave_guard import use_leave_guard
from .reflection_parts import status_row
from ..components.text_input import TextInput

# Input that could not be stored yet (an answer over the limit), kept for this app run
# so that leaving and coming back does not lose it. Keyed by application id.
_UNSAVED: dict[str, dict[str, str]] = {}


def research_stage_names() -> str:
    """'initial screening, phone or video interview, …' in timeline order (names from the pack)."""
    return ", ".join(s.label.lower() for s in STAGE_ORDER if s in RESEARCH_STAGES)


@ft.component
def ResearchScreen(app_id: str):
    app = ft.use_context(AppContext)
    research = app.services.research

    def load() -> dict[str, Any] | None:
        view = research.for_application(app_id)
        if view is None:
            return None
        kept = _UNSAVED.get(app_id)
        return {"values": kept or {i.id: i.answer for i in view.items}, "unsaved": bool(kept)}

    start = ft.use_state(load)[0]
    errors, set_errors = ft.use_state({})

    def store(values: dict[str, Any]) -> tuple[str, str]:
        _saved, problems = research.save_what_fits(app_id, values)
        set_errors(problems)
        app.services.data_changed()
        if problems:
            _UNSAVED[app_id] = dict(values)
            return "An answer is too long, so it is not saved yet; shorten it.", ""
        _UNSAVED.pop(app_id, None)
        return "", f"Saved {datetime.now():%H:%M}"

    autosave = use_autosave(start["values"] if start else {}, store, unsaved_at_start=bool(start and start["unsaved"]),
                            failed=lambda e: f"Could not save: {e}")

    def leave_screen():
        """Unmount (another route): store what can be stored; the rest stays in memory for this run."""
        if start is None or not autosave.dirty.current:
            return
        if not autosave.flush():
            _UNSAVED[app_id] = dict(autosave.latest.current)
            app.notify("A research answer is too long and is not saved yet. Open Research again to shorten it.")
        app.changed()

    ft.on_unmounted(leave_screen)

    guard_ref = use_leave_guard(app)

    def guard(proceed) -> bool:
        """Back, Esc, Android back: store now; ask only when an answer cannot be stored."""
        if autosave.flush():
            app.changed()
            return False

        def leave():
            _UNSAVED[app_id] = dict(autosave.latest.current)
            autosave.dirty.current = False  # kept in memory; nothing more to do on unmount
            proceed()

        ft.context.page.show_dialog(confirm_dialog(
            "Leave with an answer not saved?",
            "An answer is too long to save. Leave it here for now (it is kept until the app closes) "
            "or stay and shorten it. The other answers are saved.", "Leave", leave))
        return True

    guard_ref.current = guard

    view = research.for_application(app_id)
    if start is None or view is None:
        return page_body([ft.Text("This application was deleted.")])
    if not view.items:
        return page_body([empty_state(
            ft.Icons.TRAVEL_EXPLORE, "No research prompts",
            "The tips could not be loaded, so there are no prompts to show. Any answers you wrote are kept.")])

    values = autosave.values
    a = view.application
    answered = sum(1 for i in view.items if (values.get(i.id) or "").strip())
    intro = ("Nothing written yet. A line or two for each prompt is enough: it answers "
             "\"What do you know about us?\"." if answered == 0 else f"{answered} of {len(view.items)} answered.")
    fields: list[ft.Control] = []
    for item in view.items:
        fields.append(ft.Column([
            ft.Text(item.prompt, size=16, weight=ft.FontWeight.W_600),
            *([ft.Text(item.hint, size=13, color=ft.Colors.ON_SURFACE_VARIANT)] if item.hint else []),
            TextInput(label=item.label, value=values.get(item.id, ""), multiline=True, min_lines=2, max_lines=8,
                      error=errors.get(item.id),
                      on_change=lambda e, pid=item.id: autosave.change(**{pid: e.control.value or ""})),
        ], spacing=6, horizontal_alignment=ft.CrossAxisAlignment.STRETCH))

    return page_body([
        ft.Text(a.title, size=14, color=ft.Colors.ON_SURFACE_VARIANT),  # the app bar names the company
        ft.Text(intro, size=15),
        ft.Text(f"Your answers show on the quick-tips card before these rounds: {research_stage_names()}.",
                size=12, color=ft.Colors.ON_SURFACE_VARIANT),
        status_row(autosave.status, True),
        *fields,
        status_row(autosave.status, True),
        ft.Row([ft.FilledButton("Done", icon=ft.Icons.CHECK, on_click=lambda: app.back())]),
    ])
