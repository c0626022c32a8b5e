"""The quick-tips card: one screen of large text to read right before walking in.

Opens for a round or for a stage as a guide with no round scheduled. For a round, in this
order: when / where / who with the one action (Join, Call, Directions, Running late); the
user's own lessons (three, then "more"); the top tips for the stage and format; the checklist
titled by format (ticks saved per round); the stage's description folded behind "About this stage".
"""

from __future__ import annotations

import asyncio

import flet as ft

from ...models import RoundFormat, Stage
from ...services.applications import offer_summary
from ...services.quick_tips import TOP_LESSONS, QuickTipsCard
from ...services.research import CHECK_ID as RESEARCH_CHECK_ID
from ..components.common import icon_button, chip, page_body, section, use_now, when_text
from ..components.round_actions import round_action_buttons
from ...services.upnext import countdown
from ..contexts import AppContext

BIG = 18
TIP = 16
FORMAT_HEADINGS = {RoundFormat.VIDEO: "On a video call", RoundFormat.PHONE: "On the phone",
                   RoundFormat.ON_SITE: "On site", RoundFormat.TAKE_HOME: "Take-home task"}


def _tip(text: str) -> ft.Control:
    return ft.Row([ft.Icon(ft.Icons.LIGHTBULB, color=ft.Colors.AMBER, size=20), ft.Text(text, size=TIP, expand=True)],
                  vertical_alignment=ft.CrossAxisAlignment.START, spacing=8)


@ft.component
def QuickTipsScreen(round_id: str | None = None, stage: str | None = None):
    app = ft.use_context(AppContext)
    svc = app.services
    now = use_now(30)
    show_all_lessons, set_show_all_lessons = ft.use_state(False)
    show_more_tips, set_show_more_tips = ft.use_state(False)
    show_about, set_show_about = ft.use_state(False)
    show_all_research, set_show_all_research = ft.use_state(False)
    below_fold = use_below_fold()
    if round_id:
        card = svc.quick_tips.for_round(round_id, lesson_limit=None)
        if card is None:
            return page_body([ft.Text("This round no longer exists.")])
    else:
        try:
            card = svc.quick_tips.for_stage(Stage(stage))
        except ValueError:
            return page_body([ft.Text("Unknown stage.")])
    folds = {
        "lessons": (show_all_lessons, lambda: set_show_all_lessons(not show_all_lessons)),
        "tips": (show_more_tips, lambda: set_show_more_tips(not show_more_tips)),
        "about": (show_about, lambda: set_show_about(not show_about)),
        "research": (show_all_research, lambda: set_show_all_research(not show_all_research)),
    }
    return page_body(_card_controls(app, card, now, folds, below_fold), max_width=720)


FIRST_CHECKS = 3  # checklist lines sent with the first screen; the rest follow a moment later
REST_AFTER_S = 0.3  # the client draws the first screen before the rest arrives (a cold first tap takes ~0.3 s)


def use_below_fold() -> bool:
    """False for the card's first render, True a moment later.

    The first screen (when / where / who, the action, lessons, top tips, the checklist's first
    lines) is what someone glances at in the last minute: it is sent and drawn first. The rest
    of the card (further checklist lines, "About this stage", the buttons at the end) follows in
    a second, smaller update, so a tap on "Quick tips" is not kept waiting for what lies below.
    """
    ready, set_ready = ft.use_state(False)

    async def show_rest():
        await asyncio.sleep(REST_AFTER_S)
        set_ready(True)

    ft.use_effect(show_rest, [])
    return ready


def _fold_button(label: str, open_: bool, toggle) -> ft.Control:
    return ft.TextButton(label, icon=ft.Icons.EXPAND_LESS if open_ else ft.Icons.EXPAND_MORE, on_click=lambda: toggle())


def _check_row(text: str, done: bool, enabled: bool, on_change, link: ft.Control | None = None) -> ft.Control:
    """A checklist line whose label wraps instead of being cut (a Checkbox label does not wrap).

    ``link`` (e.g. "Open research") sits under the label; tapping it does not tick the line.
    """
    box = ft.Checkbox(value=done, disabled=not enabled, semantics_label=text,
                      on_change=(lambda e: on_change(bool(e.control.value))) if enabled else None)
    label = ft.Container(ft.Text(text, size=17), expand=True, padding=ft.Padding.only(top=10),
                         on_click=(lambda: on_change(not done)) if enabled else None)
    if link is not None:
        label = ft.Column([label, link], spacing=0, expand=True, horizontal_alignment=ft.CrossAxisAlignment.START)
    return ft.Row([box, label], spacing=4, vertical_alignment=ft.CrossAxisAlignment.START)


TOP_RESEARCH = 3  # research answers shown before "more"
CHAR_WIDTH = 9  # px per character at size 16, a little wide so that a clipped answer fits its two lines


def clip(text: str, chars: int) -> str:
    """``text`` cut at a word before ``chars`` characters, ending with "…" when cut."""
    if len(text) <= chars:
        return text
    cut = text[: max(chars - 1, 1)].rsplit(" ", 1)[0] if " " in text[: chars - 1] else text[: max(chars - 1, 1)]
    return cut.rstrip(" ,;:.-") + "…"


def _research_section(app, card: QuickTipsCard, fold) -> ft.Control:
    """The user's own research, compact: a bold label and the answer cut at about two lines.

    (A Text made of spans shows no ellipsis when max_lines cuts it, so the answer is clipped here.)
    """
    all_open, toggle = fold
    shown = card.research if all_open else card.research[:TOP_RESEARCH]
    hidden = len(card.research) - TOP_RESEARCH
    per_line = max(20, int((min(app.width, 720) - 40) / CHAR_WIDTH))
    rows: list[ft.Control] = [
        ft.Text(spans=[ft.TextSpan(f"{item.label}: ", style=ft.TextStyle(weight=ft.FontWeight.W_600)),
                       ft.TextSpan(item.answer if all_open else clip(item.answer, 2 * per_line - len(item.label) - 4))],
                size=TIP, max_lines=None if all_open else 2, overflow=ft.TextOverflow.ELLIPSIS,
                semantics_label=f"{item.label}: {item.answer}")
        for item in shown
    ]
    if hidden > 0:
        rows.append(_fold_button("Less research" if all_open else f"{hidden} more", all_open, toggle))
    return section("Your research", rows, trailing=ft.TextButton(
        "Edit", icon=ft.Icons.EDIT, tooltip="Edit research",
        on_click=lambda: app.go(f"/applications/{card.application.id}/research")))


def _card_controls(app, card: QuickTipsCard, now, folds, below_fold: bool = True) -> list[ft.Control]:
    svc = app.services
    g = card.guide
    out: list[ft.Control] = []
    r, a = card.round, card.application

    # 1. when / where / who, with the one action
    if r is not None and a is not None:
        who = ", ".join(card.who or [i.display for i in r.interviewers])
        place = r.location if r.format is not RoundFormat.VIDEO else ""
        # The app bar already names the company; the card starts with what and when. Compact (a small
        # line above the time, tight spacing, the actions in one row): at 360x640 the first screen
        # holds when / where / who, the action, the user's lessons and the first tips.
        out.append(ft.Card(content=ft.Container(padding=ft.Padding.symmetric(horizontal=16, vertical=10), content=ft.Column([
            ft.Text(f"{a.role} · {r.display_title} · {r.format.label}", size=14, color=ft.Colors.ON_SURFACE_VARIANT),
            ft.Row([ft.Icon(ft.Icons.SCHEDULE, size=20),
                    ft.Text(f"{when_text(r)} · {countdown(r.starts_at, now, r.ends_at)}", size=BIG, expand=True,
                            weight=ft.FontWeight.W_600)], vertical_alignment=ft.CrossAxisAlignment.START),
            *([ft.Row([ft.Icon(ft.Icons.PLACE, size=20), ft.Text(place, size=16, expand=True, selectable=True)],
                      vertical_alignment=ft.CrossAxisAlignment.START)] if place else []),
            *([ft.Row([ft.Icon(ft.Icons.PEOPLE, size=20), ft.Text(who, size=16, expand=True)],
                      vertical_alignment=ft.CrossAxisAlignment.START)] if who else []),
            *([ft.Row([ft.Icon(ft.Icons.PAYMENTS_OUTLINED, size=20), ft.Text(" · ".join(offer_summary(a)), size=16, expand=True)],
                      vertical_alignment=ft.CrossAxisAlignment.START)]
              if r.stage is Stage.FINAL_OFFER and offer_summary(a) else []),
            *round_action_buttons(r, a, app.notify, one_row=True, narrow=app.width < 600),
        ], spacing=4))))
    else:
        out.append(ft.Column([
            ft.Row([chip(f"Stage {g.order} of 8"), chip("Guide")]),
            ft.Text(g.name, theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD),
            ft.Text(g.summary, size=16, color=ft.Colors.ON_SURFACE_VARIANT),
        ]))

    # 2. the user's own lessons: at most three, then "more"
    if card.lessons:
        def learned(lesson):
            svc.lessons.mark_learned(lesson.entry_id, lesson.lesson_id, True)
            app.changed()
            app.notify("Marked as learned; it won't show again.")

        all_open, toggle = folds["lessons"]
        shown = card.lessons if all_open else card.lessons[:TOP_LESSONS]
        hidden = len(card.lessons) - TOP_LESSONS
        rows: list[ft.Control] = [
            ft.Row([
                ft.Column([
                    ft.Text(l.text, size=16, color=ft.Colors.ON_TERTIARY_CONTAINER),
                    ft.Text(("Every round · " if l.every_round else "") + l.source, size=12,
                            color=ft.Colors.ON_TERTIARY_CONTAINER),
                ], spacing=2, expand=True),
                icon_button(ft.Icons.DONE_ALL, f"Mark learned: {l.text}", on_click=lambda _e=None, l=l: learned(l)),
            ], vertical_alignment=ft.CrossAxisAlignment.START) for l in shown
        ]
        if hidden > 0:
            rows.append(_fold_button("Fewer lessons" if all_open else f"{hidden} more lesson{'s' if hidden != 1 else ''}",
                                     all_open, toggle))
        out.append(ft.Container(
            bgcolor=ft.Colors.TERTIARY_CONTAINER, border_radius=12, padding=ft.Padding.symmetric(horizontal=16, vertical=12),
            content=section("From your earlier rounds", rows),
        ))

    # 3. the stage's top tips (merged with the format's)
    more_open, toggle_tips = folds["tips"]
    tips = [_tip(t) for t in (card.tips if more_open else card.top_tips)]
    if card.more_tips:
        tips.append(_fold_button("Fewer tips" if more_open else f"{len(card.more_tips)} more tips", more_open, toggle_tips))
    out.append(section("Quick tips", tips))

    # 3b. the user's research on the company (screening, phone/video, in-person, final; only when answered)
    if card.research and a is not None:
        out.append(_research_section(app, card, folds["research"]))

    # 4. the checklist, titled by format
    def tick(item_id: str, done: bool):
        svc.rounds.toggle_check(r.id, item_id, done)
        app.changed()

    def research_link(item_id: str) -> ft.Control | None:
        if item_id != RESEARCH_CHECK_ID or a is None:
            return None
        return ft.TextButton("Open research", icon=ft.Icons.TRAVEL_EXPLORE,
                             on_click=lambda: app.go(f"/applications/{a.id}/research"))

    items = card.checklist if below_fold else card.checklist[:FIRST_CHECKS]
    checks = [_check_row(item.text, item.done, r is not None, lambda d, i=item.id: tick(i, d), research_link(item.id))
              for item in items]
    if r is None:
        checks.append(ft.Text("Ticks are saved per round: open this card from a scheduled round to use them.",
                              size=12, color=ft.Colors.ON_SURFACE_VARIANT))
    done = sum(1 for c in card.checklist if c.done)
    out.append(section(card.checklist_title, checks, trailing=ft.Text(f"{done}/{len(card.checklist)}") if r else None))
    if not below_fold:
        return out

    # In the guide (no round), the per-format lines follow, each under its format's name.
    if r is None:
        for fmt in RoundFormat:
            part = g.section(fmt.value)
            if part.tips or part.checklist:
                out.append(section(FORMAT_HEADINGS[fmt], [_tip(t) for t in part.tips]
                                   + [ft.Text(f"• {c}", size=16) for c in part.checklist]))

    # 5. the stage's longer description, folded
    if r is not None:
        about_open, toggle_about = folds["about"]
        out.append(_fold_button(f"About this stage: {g.name}", about_open, toggle_about))
        if about_open:
            out.append(ft.Text(g.summary, size=16, color=ft.Colors.ON_SURFACE_VARIANT))
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
