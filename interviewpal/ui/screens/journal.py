"""Journal: reflections written after rounds — the list with filters and search, and one entry."""

from __future__ import annotations

import flet as ft

from ...models import STAGE_ORDER
from ...services.entry_view import EntryView
from ..components.common import chip, confirm_dialog, empty_state, page_body, section, when_text
from ..components.follow_up_mail import follow_up_mail_row
from ..components.rating import CONFIDENCE_WORDS, FEELING_WORDS, score_text
from ..contexts import AppContext
from .reflection_form import ReflectionForm
from ..components.text_input import TextInput

ALL = "all"
MAX_WIDTH = 960
NO_FILTERS = {"application": ALL, "stage": ALL, "tag": ALL, "feeling": ALL}


def entry_title(app, entry_id: str) -> str:
    """The app bar title of /entries/<id>."""
    e = app.services.journal.get(entry_id)
    a = app.services.applications.get(e.application_id) if e else None
    return f"Reflection: {a.company}" if a else "Reflection"


def _date_text(v: EntryView) -> str:
    d = v.date
    return f"{d:%a} {d.day} {d:%b %Y}"


def _snippet(v: EntryView) -> str:
    e = v.entry
    for text in (e.went_well, *(l.text for l in e.to_improve), e.free_text, *(q for q in e.questions),
                 *(p.answer for p in e.prompt_answers)):
        text = " ".join(text.split())
        if text:
            return text if len(text) <= 120 else text[:117] + "..."
    return "No notes yet."


def _links(app) -> ft.Row:
    return ft.Row([
        ft.OutlinedButton("Question bank", icon=ft.Icons.QUIZ, on_click=lambda: app.go("/journal/questions")),
        ft.OutlinedButton("Insights", icon=ft.Icons.INSIGHTS, on_click=lambda: app.go("/journal/insights")),
    ], wrap=True, spacing=8, run_spacing=8)


def _entry_tile(app, v: EntryView) -> ft.Control:
    e = v.entry
    title = " · ".join(p for p in (v.company or "Deleted application", v.stage_label) if p)
    return ft.Card(content=ft.ListTile(
        leading=ft.CircleAvatar(content=ft.Text(str(e.feeling), semantics_label=f"Feeling {e.feeling} of 5"),
                                bgcolor=ft.Colors.PRIMARY_CONTAINER, color=ft.Colors.ON_PRIMARY_CONTAINER),
        title=ft.Row([ft.Text(title, weight=ft.FontWeight.W_600, expand=True, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS),
                      *([chip("Draft")] if e.draft else [])]),
        subtitle=ft.Column([
            ft.Text(f"{_date_text(v)} · feeling {e.feeling}/5 · confidence {e.confidence}/5", size=12),
            ft.Text(_snippet(v), max_lines=2, overflow=ft.TextOverflow.ELLIPSIS),
        ], spacing=2),
        is_three_line=True,
        on_click=lambda _e=None, v=v: app.go(f"/entries/{v.id}"),
    ))


@ft.component
def JournalScreen():
    app = ft.use_context(AppContext)
    journal = app.services.journal
    filters, set_filters = ft.use_state(NO_FILTERS)
    query, set_query = ft.use_state("")

    views = journal.views()
    if not views:
        return page_body([
            empty_state(
                ft.Icons.MENU_BOOK, "Your reflections will be here",
                "After your next round, write down what happened: the questions they asked, what went well "
                "and what to improve. Up next reminds you with \"How did it go?\" once a round has ended.",
                [ft.OutlinedButton("Question bank", icon=ft.Icons.QUIZ, on_click=lambda: app.go("/journal/questions")),
                 ft.OutlinedButton("Insights", icon=ft.Icons.INSIGHTS, on_click=lambda: app.go("/journal/insights"))],
            ),
        ])

    def get(name):
        value = filters[name]
        return None if value == ALL else value

    feeling = get("feeling")
    results = journal.entries(application_id=get("application"), stage=get("stage"), tag=get("tag"),
                              feeling=int(feeling) if feeling else None, query=query)

    companies: dict[str, str] = {}
    for v in sorted(views, key=lambda v: v.company.casefold()):
        if v.application is not None:
            companies.setdefault(v.entry.application_id, v.company)
    stages = {v.stage for v in views if v.stage is not None}
    tags = journal.tags()

    def put(name):
        return lambda e: set_filters(filters | {name: e.control.value or ALL})

    # Two filters a row on a phone, four on a wide window (widths from the window: a
    # ResponsiveRow sometimes stayed empty after a tab switch).
    avail = min(app.width - (97 if app.wide else 0), MAX_WIDTH) - 32
    per_row = 4 if avail >= 640 else 2
    each = max(140, (avail - 8 * (per_row - 1)) // per_row - 1)

    def dropdown(name, label, options):
        value = filters[name] if filters[name] in {k for k, _ in options} else ALL
        return ft.Semantics(
            label=f"{label} filter: {dict(options)[value]}",
            content=ft.Dropdown(label=label, value=value, on_select=put(name), dense=True, width=each,
                                options=[ft.DropdownOption(key=k, text=t) for k, t in options]),
        )

    filter_row = ft.Row([
        dropdown("application", "Application", [(ALL, "All"), *companies.items()]),
        dropdown("stage", "Stage", [(ALL, "All"), *[(s.value, s.label) for s in STAGE_ORDER if s in stages]]),
        dropdown("tag", "Tag", [(ALL, "All"), *[(t, t) for t in tags]]),
        dropdown("feeling", "Feeling", [(ALL, "Any"), *[(str(n), f"{n} · {FEELING_WORDS[n]}") for n in range(5, 0, -1)]]),
    ], spacing=8, run_spacing=8, wrap=True)

    filtered = query.strip() or filters != NO_FILTERS
    count = (f"{len(results)} of {len(views)} reflections match" if filtered
             else f"{len(views)} reflection{'s' if len(views) != 1 else ''}, newest first")

    def clear():
        set_filters(NO_FILTERS)
        set_query("")

    body: list[ft.Control] = [
        _links(app),
        TextInput(label="Search the journal", value=query, prefix_icon=ft.Icons.SEARCH,
                  on_change=lambda e: set_query(e.control.value or "")),
        filter_row,
        ft.Row([ft.Text(count, color=ft.Colors.ON_SURFACE_VARIANT, expand=True),
                *([ft.TextButton("Clear filters", on_click=clear)] if filtered else [])]),
    ]
    if results:
        body.extend(_entry_tile(app, v) for v in results)
    else:
        body.append(empty_state(ft.Icons.SEARCH_OFF, "No reflections match",
                                "Try other words or clear the filters.", [ft.TextButton("Clear filters", on_click=clear)]))
    return page_body(body, max_width=MAX_WIDTH)


@ft.component
def EntryScreen(entry_id: str):
    """One reflection, to read; Edit turns it into the form in place (drafts open in the form)."""
    app = ft.use_context(AppContext)
    svc = app.services
    view = svc.journal.view(entry_id)
    editing, set_editing = ft.use_state(lambda: bool(view and view.entry.draft))

    if view is None:
        return page_body([ft.Text("This reflection no longer exists.")])
    if editing:
        return ReflectionForm(entry_id=entry_id, on_done=lambda: set_editing(False))

    e, r = view.entry, view.round

    def delete():
        gone = svc.journal.delete(entry_id)
        app.changed()
        app.back()

        def undo():
            if gone is not None:
                svc.journal.restore(gone)
                app.changed()

        app.notify(f"Deleted the reflection on {view.company or 'this round'}.", undo=undo)

    def ask_delete():
        ft.context.page.show_dialog(confirm_dialog(
            "Delete this reflection?",
            f"The reflection on {view.company} · {view.stage_label} goes, with its questions and follow-ups. "
            "You can undo right after.", "Delete", delete))

    def toggle(fu_id: str, done: bool):
        svc.follow_ups.mark_done(entry_id, fu_id, done)
        app.changed()

    head = [ft.Text(view.company or "Deleted application", theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD)]
    if view.role or r:
        head.append(ft.Text(" · ".join(p for p in (view.role, view.round_title) if p)))
    head.append(ft.Row([*([chip(r.stage.label)] if r else []), *([chip("Draft")] if e.draft else []),
                        ft.Text(when_text(r) if r else _date_text(view))], wrap=True))
    if r and r.interviewers:
        head.append(ft.Row([ft.Icon(ft.Icons.PEOPLE, size=18), ft.Text(", ".join(i.display for i in r.interviewers), expand=True)]))
    head.append(ft.Row([chip(score_text("Feeling", e.feeling, FEELING_WORDS)),
                        chip(score_text("Confidence", e.confidence, CONFIDENCE_WORDS))], wrap=True))

    out: list[ft.Control] = [ft.Card(content=ft.Container(padding=16, content=ft.Column(head, spacing=8)))]

    def para(text: str) -> ft.Text:
        return ft.Text(text, selectable=True)

    if e.questions:
        out.append(section(f"Questions they asked ({len(e.questions)})", [ft.Text(f"• {q}") for q in e.questions]))
    if e.went_well:
        out.append(section("What went well", [para(e.went_well)]))
    if e.to_improve:
        out.append(section("What to improve", [
            ft.Row([ft.Icon(ft.Icons.CHECK_CIRCLE if l.learned else ft.Icons.TRENDING_UP, size=18,
                            color=ft.Colors.GREEN if l.learned else ft.Colors.PRIMARY),
                    ft.Text(l.text + (" (learned)" if l.learned else ""), expand=True)],
                   vertical_alignment=ft.CrossAxisAlignment.START)
            for l in e.to_improve
        ]))
    answered = [p for p in e.prompt_answers if p.answer]
    if answered:
        out.append(section("Thinking it through", [
            ft.Column([ft.Text(p.prompt, weight=ft.FontWeight.W_500), para(p.answer)], spacing=4) for p in answered
        ]))
    if e.follow_ups:
        out.append(section("Follow-ups", [
            ft.Column([
                ft.Checkbox(label=f"{f.text} · due {f.due.day} {f.due:%b}", value=f.done,
                            on_change=lambda ev, f=f: toggle(f.id, bool(ev.control.value))),
                *follow_up_mail_row(app, e.id, f.id, f.kind, f.sent_at, label=f.text),  # issue 13
            ], spacing=4)
            for f in e.follow_ups
        ]))
    if e.decision_by:
        out.append(ft.Text(f"They said they would decide by {e.decision_by.day} {e.decision_by:%b %Y}."))
    if e.free_text:
        out.append(section("Notes", [para(e.free_text)]))
    if e.tags:
        out.append(ft.Row([chip(f"#{t}") for t in e.tags], wrap=True))
    out.append(ft.Row([
        ft.FilledTonalButton("Edit", icon=ft.Icons.EDIT, on_click=lambda: set_editing(True)),
        ft.OutlinedButton("Delete", icon=ft.Icons.DELETE_OUTLINE, on_click=ask_delete,
                          style=ft.ButtonStyle(color=ft.Colors.ERROR)),
    ], wrap=True))
    return page_body(out)
