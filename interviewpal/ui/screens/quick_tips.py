"""The quick-tips card: one screen of large text to read right before walking in.

Opens for a round (when, where, who, checklist ticks saved per round, lessons
from earlier reflections) or for a stage as a guide with no round scheduled.
"""

from __future__ import annotations

import flet as ft

from ...models import Stage
from ...services.quick_tips import QuickTipsCard, card_for_round, card_for_stage
from ..components.common import icon_button, chip, page_body, section, use_now, when_text
from ..components.round_tile import open_link
from ...services.upnext import countdown
from ..contexts import AppContext

BIG = 18


def _tip(text: str) -> ft.Control:
    return ft.Row([ft.Icon(ft.Icons.LIGHTBULB, color=ft.Colors.AMBER, size=22), ft.Text(text, size=BIG, expand=True)],
                  vertical_alignment=ft.CrossAxisAlignment.START)


@ft.component
def QuickTipsScreen(round_id: str | None = None, stage: str | None = None):
    app = ft.use_context(AppContext)
    svc = app.services
    now = use_now(30)
    if round_id:
        card = card_for_round(svc.repos, svc.content, round_id)
        if card is None:
            return page_body([ft.Text("This round no longer exists.")])
    else:
        try:
            card = card_for_stage(svc.content, Stage(stage))
        except ValueError:
            return page_body([ft.Text("Unknown stage.")])
    return page_body(_card_controls(app, card, now), max_width=720)


def _card_controls(app, card: QuickTipsCard, now) -> list[ft.Control]:
    svc = app.services
    g = card.guide
    out: list[ft.Control] = []
    r, a = card.round, card.application
    if r is not None and a is not None:
        who = [ft.Row([ft.Icon(ft.Icons.PERSON, size=20), ft.Text(i.display, size=BIG, expand=True)]) for i in r.interviewers]
        out.append(ft.Card(content=ft.Container(padding=16, content=ft.Column([
            ft.Text(f"{a.company}", theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD),
            ft.Text(f"{a.role} · {r.display_title}", size=BIG),
            ft.Row([ft.Icon(ft.Icons.SCHEDULE, size=20),
                    ft.Text(f"{when_text(r)} · {countdown(r.starts_at, now, r.ends_at)}", size=BIG, expand=True)]),
            *([ft.Row([ft.Icon(ft.Icons.PLACE, size=20), ft.Text(r.location, size=BIG, expand=True, selectable=True)])] if r.location else []),
            *([ft.TextButton(r.meeting_url, icon=ft.Icons.LINK, tooltip="Open the meeting link",
                             on_click=lambda: open_link(r.meeting_url))] if r.meeting_url else []),
            *who,
        ], spacing=8))))
    else:
        out.append(ft.Column([
            ft.Row([chip(f"Stage {g.order} of 8"), chip("Guide")]),
            ft.Text(g.name, theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD),
        ]))
    out.append(ft.Text(g.summary, size=16, color=ft.Colors.ON_SURFACE_VARIANT))

    if card.lessons:
        def learned(lesson):
            from ...services.lessons import mark_learned
            mark_learned(svc.repos, lesson.entry_id, lesson.lesson_id, True)
            app.changed()
            app.notify("Marked as learned; it won't show again.")

        out.append(ft.Container(
            bgcolor=ft.Colors.TERTIARY_CONTAINER, border_radius=12, padding=16,
            content=section("From your earlier rounds", [
                ft.Row([
                    ft.Column([
                        ft.Text(l.text, size=BIG, color=ft.Colors.ON_TERTIARY_CONTAINER),
                        ft.Text(l.source, size=12, color=ft.Colors.ON_TERTIARY_CONTAINER),
                    ], spacing=2, expand=True),
                    icon_button(ft.Icons.DONE_ALL, f"Mark learned: {l.text[:40]}", on_click=lambda _e=None, l=l: learned(l)),
                ]) for l in card.lessons
            ]),
        ))

    out.append(section("Quick tips", [_tip(t) for t in g.tips]))

    def tick(index: int, done: bool):
        svc.rounds.toggle_check(r.id, index, done)
        app.changed()

    checks = [
        ft.Checkbox(label=item.text, value=item.done, disabled=r is None,
                    label_style=ft.TextStyle(size=17),
                    on_change=(lambda e, i=item.index: tick(i, bool(e.control.value))) if r is not None else None)
        for item in card.checklist
    ]
    if r is None:
        checks.append(ft.Text("Ticks are saved per round: open this card from a scheduled round to use them.",
                              size=12, color=ft.Colors.ON_SURFACE_VARIANT))
    done = sum(1 for c in card.checklist if c.done)
    out.append(section("Before you walk in", checks, trailing=ft.Text(f"{done}/{len(card.checklist)}") if r else None))
    out.append(ft.Row([
        ft.OutlinedButton("Typical questions", icon=ft.Icons.QUIZ, on_click=lambda: app.go(f"/guide/{g.id.value}/questions")),
        *([ft.OutlinedButton("Edit round", icon=ft.Icons.EDIT, on_click=lambda: app.go(f"/rounds/{r.id}/edit"))] if r else []),
    ], wrap=True))
    return out


@ft.component
def QuestionsScreen(stage: str):
    app = ft.use_context(AppContext)
    try:
        g = app.services.content.stage(Stage(stage))
    except ValueError:
        return page_body([ft.Text("Unknown stage.")])
    general = app.services.content.general
    return page_body([
        ft.Text(f"Practise these for the {g.name.lower()}", theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        *[ft.Text(f"{i + 1}. {q}", size=17) for i, q in enumerate(g.questions)],
        section("Answer with STAR", [ft.Text(f"{s.step}: {s.hint}") for s in general.star_outline]),
        section("Questions you can ask them", [ft.Text(f"• {q}") for q in general.questions_to_ask]),
    ])


@ft.component
def GuideScreen():
    app = ft.use_context(AppContext)
    content = app.services.content
    return page_body([
        ft.Text("The eight stages of an interview process. Open one to read what to expect, quick tips and a checklist.",
                color=ft.Colors.ON_SURFACE_VARIANT),
        *[ft.ListTile(
            leading=ft.CircleAvatar(content=ft.Text(str(g.order))),
            title=ft.Text(g.name, weight=ft.FontWeight.W_600),
            subtitle=ft.Text(g.summary, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS),
            on_click=lambda _e=None, g=g: app.go(f"/guide/{g.id.value}"),
        ) for g in content.stages],
        section("Your 30-second introduction", [ft.Text(f"{s.step}: {s.hint}") for s in content.general.intro_outline]),
    ])
