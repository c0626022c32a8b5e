"""Question bank: every question the user noted after a round, by stage, to practise."""

from __future__ import annotations

import flet as ft

from ...models import Stage
from ...services.question_bank import BankQuestion, TypicalQuestion
from ..components.common import chip, empty_state, page_body, section
from ..contexts import AppContext


def practise_title(stage: str) -> str:
    """The app bar title of /journal/questions/<stage>."""
    return f"Practise: {Stage(stage).label}" if stage in Stage._value2member_map_ else "Practise"


def _where(q: BankQuestion) -> str:
    times = "once" if q.count == 1 else f"{q.count} times"
    d = q.last_asked
    return f"Asked {times} · {', '.join(q.companies) or 'deleted application'} · last {d.day} {d:%b %Y}"


def _question_row(text: str, practised: bool, on_change, details: list[ft.Control]) -> ft.Control:
    return ft.Row([
        ft.Checkbox(value=practised, semantics_label=f"Practised: {text}", on_change=on_change),
        ft.Column([ft.Text(text, size=16), *details], spacing=2, expand=True),
    ], vertical_alignment=ft.CrossAxisAlignment.START, spacing=4)


@ft.component
def QuestionBankScreen():
    app = ft.use_context(AppContext)
    bank = app.services.question_bank
    groups = bank.groups()

    def tick(question: str, done: bool):
        bank.set_practised(question, done)
        app.changed()

    guide_links = ft.Row([
        ft.OutlinedButton(f"Practise: {s.label}", on_click=lambda _e=None, s=s: app.go(f"/journal/questions/{s.value}"))
        for s in Stage
    ], wrap=True, spacing=8, run_spacing=8)

    if not groups:
        return page_body([
            empty_state(ft.Icons.QUIZ, "No questions yet",
                        "When you write a reflection, note the questions they asked, one per line. "
                        "They collect here by stage, with where they came up, so you can practise them.", []),
            section("Practise the typical questions of a stage", [guide_links]),
        ])

    total = sum(len(g.questions) for g in groups)
    practised = sum(g.practised_count for g in groups)
    out: list[ft.Control] = [
        ft.Text(f"{total} question{'s' if total != 1 else ''} from your rounds · {practised} practised",
                color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    for g in groups:
        n = len(g.questions)
        out.append(ft.Container(
            border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=12, padding=12,
            content=section(
                f"{g.label} ({n})",
                [ft.Text(f"{g.practised_count} of {n} practised", size=12, color=ft.Colors.ON_SURFACE_VARIANT),
                 *[_question_row(q.text, q.practised, lambda e, q=q: tick(q.text, bool(e.control.value)),
                                 [ft.Text(_where(q), size=12, color=ft.Colors.ON_SURFACE_VARIANT)])
                   for q in g.questions]],
                trailing=ft.TextButton("Practise", icon=ft.Icons.FITNESS_CENTER,
                                       on_click=lambda _e=None, s=g.stage: app.go(f"/journal/questions/{s.value}")),
            ),
        ))
    out.append(section("Other stages", [guide_links]))
    return page_body(out)


@ft.component
def PractiseScreen(stage: str):
    """The user's own questions for a stage next to the content pack's typical ones."""
    app = ft.use_context(AppContext)
    bank = app.services.question_bank
    try:
        view = bank.practise_view(stage)
    except ValueError:
        return page_body([ft.Text("Unknown stage.")])

    def tick(question: str, done: bool):
        bank.set_practised(question, done)
        app.changed()

    own = [
        _question_row(q.text, q.practised, lambda e, q=q: tick(q.text, bool(e.control.value)),
                      [ft.Text(_where(q), size=12, color=ft.Colors.ON_SURFACE_VARIANT)])
        for q in view.own
    ] or [ft.Text("None noted yet for this stage. After your next round, add the questions to your reflection.",
                  color=ft.Colors.ON_SURFACE_VARIANT)]

    def typical_row(t: TypicalQuestion) -> ft.Control:
        extra = [ft.Row([chip("You were asked this" if t.asked_count == 1 else f"You were asked this {t.asked_count} times")])] if t.asked else []
        return _question_row(t.text, t.practised, lambda e: tick(t.text, bool(e.control.value)), extra)

    star = app.services.content.general.star_outline
    own_panel = section(f"Asked in your rounds ({len(view.own)})", own)
    typical_panel = section(f"Typical for this stage ({len(view.typical)})", [typical_row(t) for t in view.typical])
    side_by_side = min(app.width - (97 if app.wide else 0), 1100) >= 760
    panels = (ft.Row([ft.Container(own_panel, expand=True), ft.Container(typical_panel, expand=True)], spacing=24,
                     vertical_alignment=ft.CrossAxisAlignment.START)
              if side_by_side else ft.Column([own_panel, typical_panel], spacing=24))
    return page_body([
        ft.Text(f"Answer each one out loud, then tick it. Structure stories with STAR: "
                f"{', '.join(s.step for s in star)}.", color=ft.Colors.ON_SURFACE_VARIANT),
        panels,
    ], max_width=1100)
