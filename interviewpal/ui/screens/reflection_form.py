"""Write (or edit) the reflection on one round.

The draft is saved as the user types: about a second after the last change, and
again when the form is left, so a reload or the OS killing the app loses nothing.
"Save reflection" checks every field, shows messages next to the fields and keeps
the input; it then publishes the entry (no longer a draft).
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from typing import Any, Callable

import flet as ft

from ...models import FollowUpKind, JournalEntry, new_id
from ...services.forms import FormError
from ...services.journal import parse_questions
from ...services.reflection_input import build_entry, due_date, values_of
from ...services.time_zones import local_date
from ...services.journal import NotFound
from ..components.common import chip, confirm_dialog, icon_button, page_body, section as _section, when_text
from ..components.rating import CONFIDENCE_WORDS, FEELING_WORDS, rating_row
from ..contexts import AppContext

SAVE_DELAY = 1.0  # seconds after the last keystroke

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
    v, set_v = ft.use_state(lambda: start["values"] if start else {})
    errors, set_errors = ft.use_state({})
    # saved | pending | incomplete | failed; the message says what is not saved
    status, set_status = ft.use_state(lambda: ("incomplete", "Some changes are not saved yet.") if start and start["unsaved"] else ("saved", ""))
    base = ft.use_ref(lambda: start["entry"] if start else None)  # the entry as last stored
    latest = ft.use_ref(lambda: start["values"] if start else None)  # the newest input
    dirty = ft.use_ref(lambda: bool(start and start["unsaved"]))
    task = ft.use_ref(None)

    def flush() -> bool:
        """Store the newest input now as a draft (a published entry stays published). True: all stored."""
        if task.current is not None:
            task.current.cancel()
            task.current = None
        if not dirty.current or base.current is None:
            return True
        try:
            entry, _, unsaved = build_entry(base.current, latest.current, strict=False)
            saved = journal.save_draft(entry) if base.current.draft else journal.publish(entry)
        except Exception as e:  # noqa: BLE001 - a disk or validation problem: keep the input, say so
            set_status(("failed", f"Could not save the draft: {e}"))
            return False
        base.current = saved
        dirty.current = bool(unsaved)
        svc.data_changed()  # follow-up reminders are re-planned (screens re-render on leaving)
        if unsaved:
            _UNSAVED[saved.round_id] = {"entry": saved, "values": latest.current}
            set_status(("incomplete", unsaved))
        else:
            _UNSAVED.pop(saved.round_id, None)
            set_status(("saved", f"Draft saved {datetime.now():%H:%M}" if saved.draft else f"Saved {datetime.now():%H:%M}"))
        return not unsaved

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
    guard_ref = ft.use_ref(None)

    def register_guard():
        route = app.route
        app.leave_guards[route] = lambda proceed: guard_ref.current(proceed) if guard_ref.current else False
        return lambda: app.leave_guards.pop(route, None)

    ft.use_effect(register_guard, [])

    if start is None:
        return page_body([ft.Text("This round or reflection no longer exists.")])

    entry0: JournalEntry = base.current
    rnd = svc.rounds.get(entry0.round_id)
    application = svc.applications.get(entry0.application_id)

    def change(**updates):
        new = latest.current | updates
        latest.current = new
        dirty.current = True
        set_v(new)
        if status[0] != "pending":
            set_status(("pending", "Saving..."))
        if task.current is not None:
            task.current.cancel()

        async def later():
            await asyncio.sleep(SAVE_DELAY)
            task.current = None
            flush()

        task.current = asyncio.create_task(later())

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
        if task.current is not None:
            task.current.cancel()
            task.current = None
        try:
            saved = journal.publish(entry)
        except Exception as e:  # noqa: BLE001 - e.g. the disk is full: keep the input, say so
            app.notify(f"The reflection could not be saved: {e}")
            return
        base.current, dirty.current = saved, False
        _UNSAVED.pop(saved.round_id, None)
        set_errors({})
        set_status(("saved", ""))
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

    # -- header: which round --
    header: list[ft.Control] = []
    if application is not None:
        header.append(ft.Text(application.company, theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD))
        header.append(ft.Text(f"{application.role} · {rnd.display_title}" if rnd else application.role))
    if rnd is not None:
        header.append(ft.Row([chip(rnd.stage.label), ft.Text(when_text(rnd))], wrap=True))
        if rnd.interviewers:
            header.append(ft.Row([ft.Icon(ft.Icons.PEOPLE, size=18),
                                  ft.Text(", ".join(i.display for i in rnd.interviewers), expand=True)]))
    head_card = ft.Card(content=ft.Container(padding=16, content=ft.Column(header, spacing=6)))

    kind, message = status
    icon, color = {
        "saved": (ft.Icons.CLOUD_DONE_OUTLINED, ft.Colors.ON_SURFACE_VARIANT),
        "pending": (ft.Icons.SYNC, ft.Colors.ON_SURFACE_VARIANT),
        "incomplete": (ft.Icons.WARNING_AMBER, ft.Colors.ERROR),
        "failed": (ft.Icons.ERROR_OUTLINE, ft.Colors.ERROR),
    }[kind]
    def status_row() -> ft.Row:
        return ft.Row([
            ft.Icon(icon, size=18, color=color),
            ft.Text(message or ("Saved automatically as you type." if entry0.draft else "Changes are saved as you type."),
                    size=12, color=color, expand=True),
        ], spacing=6)

    # -- to improve --
    improve_rows = []
    for i, item in enumerate(latest.current["improve"]):
        def set_item(e, i=i):
            rows = [dict(r) for r in latest.current["improve"]]
            rows[i]["text"] = e.control.value or ""
            change(improve=rows)

        def set_every(e, i=i):
            rows = [dict(r) for r in latest.current["improve"]]
            rows[i]["every_round"] = bool(e.control.value)
            change(improve=rows)

        improve_rows.append(ft.Row([
            ft.TextField(label=f"To improve {i + 1}", value=item["text"], on_change=set_item, expand=True,
                         error=errors.get(f"improve_{item['id']}"), key=f"imp-{item['id']}", multiline=True, min_lines=1, max_lines=4,
                         helper="Learned: hidden before next rounds" if item["learned"] else None),
            icon_button(ft.Icons.CLOSE, f"Remove to-improve item {i + 1}",
                        on_click=lambda _e=None, i=i: change(improve=[r for j, r in enumerate(latest.current["improve"]) if j != i])),
        ], vertical_alignment=ft.CrossAxisAlignment.START))
        # Issue 9: a lesson can follow the user to every later round, not only this application or stage.
        improve_rows.append(ft.Checkbox(label=f"Show item {i + 1} before every round", value=bool(item.get("every_round")),
                                        on_change=set_every, key=f"imp-every-{item['id']}"))

    # -- prompts --
    prompt_rows = []
    for i, p in enumerate(latest.current["prompts"]):
        def set_answer(e, i=i):
            rows = [dict(r) for r in latest.current["prompts"]]
            rows[i]["answer"] = e.control.value or ""
            change(prompts=rows)

        prompt_rows.append(ft.Column([
            ft.Text(p["prompt"], weight=ft.FontWeight.W_500),
            ft.TextField(label=f"Answer {i + 1}", value=p["answer"], on_change=set_answer, multiline=True,
                         min_lines=1, max_lines=6, key=f"prompt-{i}"),
        ], spacing=6, horizontal_alignment=ft.CrossAxisAlignment.STRETCH))

    # -- follow-ups --
    today = local_today(svc.now())
    people = {p.id: p.name for p in rnd.interviewers} if rnd else {}
    fu_rows = []
    for i, row in enumerate(latest.current["follow_ups"]):
        fid = row["id"]

        def set_fu(name, i=i, fid=fid):
            def handler(e):
                rows = [dict(r) for r in latest.current["follow_ups"]]
                rows[i][name] = e.control.value or ""
                clear_error(f"fu_{name}_{fid}")
                change(follow_ups=rows)
            return handler

        def pick(_e=None, i=i):
            current = due_date(latest.current["follow_ups"][i]["due"]) or today

            def picked(e):
                if e.control.value:
                    rows = [dict(r) for r in latest.current["follow_ups"]]
                    rows[i]["due"] = f"{e.control.value:%Y-%m-%d}"
                    clear_error(f"fu_due_{rows[i]['id']}")
                    change(follow_ups=rows)

            ft.context.page.show_dialog(ft.DatePicker(
                value=datetime(current.year, current.month, current.day), first_date=datetime(2000, 1, 1),
                last_date=datetime(2099, 12, 31), on_change=picked))

        kind_label = FollowUpKind(row["kind"]).label
        who = people.get(row["interviewer_id"]) if row["interviewer_id"] else None
        fu_rows.append(ft.Container(
            key=f"fu-{fid}",
            border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=12,
            padding=ft.Padding.only(left=12, right=4, top=4, bottom=12),
            content=ft.Column([
                ft.Row([
                    ft.Text(f"{i + 1}. {kind_label}" + (f" · {who}" if who else ""), weight=ft.FontWeight.W_500, expand=True),
                    *([chip("Done")] if row["done"] else []),
                    icon_button(ft.Icons.DELETE_OUTLINE, f"Remove follow-up {i + 1}",
                                on_click=lambda _e=None, i=i: change(follow_ups=[r for j, r in enumerate(latest.current["follow_ups"]) if j != i])),
                ], vertical_alignment=ft.CrossAxisAlignment.CENTER),
                ft.Container(ft.TextField(label=f"Follow-up {i + 1}", value=row["text"], on_change=set_fu("text"),
                                          error=errors.get(f"fu_text_{fid}")), padding=ft.Padding.only(right=8)),
                ft.Row([
                    ft.TextField(label=f"Due date {i + 1}", value=row["due"], helper="YYYY-MM-DD", expand=True, error_max_lines=3,
                                 on_change=set_fu("due"), error=errors.get(f"fu_due_{fid}"),
                                 keyboard_type=ft.KeyboardType.DATETIME),
                    icon_button(ft.Icons.CALENDAR_MONTH, f"Pick due date {i + 1}", on_click=pick),
                ], vertical_alignment=ft.CrossAxisAlignment.START),
            ], spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        ))

    def add_follow_up(kind: FollowUpKind, text: str, days: int):
        change(follow_ups=[*latest.current["follow_ups"], {
            "id": new_id(), "kind": kind.value, "text": text, "due": f"{today + timedelta(days=days):%Y-%m-%d}",
            "interviewer_id": "", "done": False, "done_at": None}])

    def add_improve():
        change(improve=[*latest.current["improve"], {"id": new_id(), "text": "", "learned": False, "every_round": False}])

    n_questions = len(parse_questions(v["questions"]))
    return page_body([
        head_card,
        status_row(),
        section("How did it go?", [
            rating_row("Feeling", v["feeling"], lambda n: change(feeling=n), FEELING_WORDS),
            rating_row("Confidence", v["confidence"], lambda n: change(confidence=n), CONFIDENCE_WORDS),
        ]),
        section("The round", [
            ft.TextField(label="Questions asked", value=v["questions"], on_change=on_text("questions"), multiline=True,
                         min_lines=3, max_lines=12,
                         helper=f"{n_questions} question{'s' if n_questions != 1 else ''} · one per line, "
                                "they go to your question bank"),
            ft.TextField(label="What went well", value=v["went_well"], on_change=on_text("went_well"), multiline=True,
                         min_lines=2, max_lines=10, error=errors.get("went_well")),
        ]),
        section("What to improve", [
            ft.Text("One item per field. Each shows again on the quick tips before your next rounds.",
                    size=12, color=ft.Colors.ON_SURFACE_VARIANT),
            *improve_rows,
            ft.Row([ft.TextButton("Add an item to improve", icon=ft.Icons.ADD,
                                  on_click=add_improve)]),
        ]),
        *([section("Think it through", prompt_rows)] if prompt_rows else []),
        section("Follow-ups", [
            *(fu_rows or [ft.Text("No follow-ups yet.", color=ft.Colors.ON_SURFACE_VARIANT)]),
            ft.Row([ft.TextButton(label, icon=ft.Icons.ADD, on_click=lambda _e=None, k=k, t=t, d=d: add_follow_up(k, t, d))
                    for k, label, t, d in NEW_FOLLOW_UPS], wrap=True, spacing=0),
        ]),
        section("Anything else", [
            ft.TextField(label="Notes", value=v["free_text"], on_change=on_text("free_text"), multiline=True,
                         min_lines=3, max_lines=12, error=errors.get("free_text")),
            ft.TextField(label="Tags", value=v["tags"], on_change=on_text("tags"), error=errors.get("tags"),
                         helper="Comma separated, e.g. system design, remote"),
        ]),
        *[ft.Text(m, color=ft.Colors.ERROR) for k, m in errors.items() if not k.startswith(("fu_", "improve_"))
          and k not in ("went_well", "free_text", "tags")],
        status_row(),
        ft.Row([
            ft.FilledButton("Save reflection", icon=ft.Icons.CHECK, on_click=save),
            ft.TextButton("Close", on_click=close),
        ], wrap=True),
    ])
