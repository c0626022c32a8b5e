"""Insights: how each stage goes, feeling and confidence over time, what keeps coming up to improve.

The chart is drawn with plain containers (no chart package).
"""

from __future__ import annotations

import flet as ft

from ...services.insights import MIN_ENTRIES, Insights, MoodPoint, StageInsight
from ..components.common import empty_state, page_body, section
from ..contexts import AppContext
from ..tabs import tab_index

FEELING_COLOR = ft.Colors.PRIMARY
CONFIDENCE_COLOR = ft.Colors.TERTIARY
BAR_MAX = 120  # px for a score of 5
LAST_POINTS = 12


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def _avg(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _stat(label: str, value: str) -> ft.Control:
    return ft.Column([
        ft.Text(value, size=20, weight=ft.FontWeight.BOLD),
        ft.Text(label, size=12, color=ft.Colors.ON_SURFACE_VARIANT),
    ], spacing=0, horizontal_alignment=ft.CrossAxisAlignment.CENTER, expand=True)


def _stage_card(s: StageInsight) -> ft.Control:
    decided = f"{s.passed} of {s.decided} decided passed" if s.decided else "no results yet"
    return ft.Container(
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=12, padding=12,
        content=ft.Column([
            ft.Text(s.label, weight=ft.FontWeight.W_600),
            ft.Row([
                _stat("rounds", str(s.rounds_taken)),
                _stat("pass rate", _pct(s.pass_rate)),
                _stat("feeling", _avg(s.avg_feeling)),
                _stat("confidence", _avg(s.avg_confidence)),
            ], spacing=4),
            ft.Text(f"{decided} · {s.entries} reflection{'s' if s.entries != 1 else ''}", size=12,
                    color=ft.Colors.ON_SURFACE_VARIANT),
        ], spacing=8),
    )


def _bar(value: int, color: str) -> ft.Control:
    return ft.Container(width=12, height=max(4, BAR_MAX * value / 5), bgcolor=color,
                        border_radius=ft.BorderRadius.only(top_left=4, top_right=4))


def _mood_chart(points: tuple[MoodPoint, ...]) -> ft.Control:
    shown = points[-LAST_POINTS:]
    groups = []
    for p in shown:
        groups.append(ft.Semantics(
            label=f"{p.date.day} {p.date:%b}: feeling {p.feeling}, confidence {p.confidence}",
            exclude_semantics=True,
            expand=True,
            content=ft.Column([
                ft.Row([_bar(p.feeling, FEELING_COLOR), _bar(p.confidence, CONFIDENCE_COLOR)], spacing=2,
                       alignment=ft.MainAxisAlignment.CENTER, vertical_alignment=ft.CrossAxisAlignment.END,
                       height=BAR_MAX),
                ft.Text(f"{p.date.day} {p.date:%b}", size=10, text_align=ft.TextAlign.CENTER, max_lines=1),
            ], spacing=4, horizontal_alignment=ft.CrossAxisAlignment.CENTER),
        ))

    def legend(color, text):
        return ft.Row([ft.Container(width=12, height=12, bgcolor=color, border_radius=3), ft.Text(text, size=12)],
                      spacing=4, tight=True)

    band = BAR_MAX / 5  # each label sits at the top of its band, level with a bar of that score
    scale = ft.Column([ft.Container(ft.Text(str(n), size=10, color=ft.Colors.ON_SURFACE_VARIANT), height=band,
                                    alignment=ft.Alignment.TOP_RIGHT,
                                    border=ft.Border.only(top=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT)))
                       for n in (5, 4, 3, 2, 1)], spacing=0, width=16)
    note = (f"Your last {len(shown)} of {len(points)} reflections, oldest on the left."
            if len(points) > len(shown) else "Oldest on the left.")
    return ft.Column([
        ft.Row([legend(FEELING_COLOR, "Feeling"), legend(CONFIDENCE_COLOR, "Confidence"),
                ft.Text(note, size=12, color=ft.Colors.ON_SURFACE_VARIANT)], wrap=True, spacing=16),
        ft.Container(
            padding=ft.Padding.only(top=8),
            content=ft.Row([ft.Container(scale, padding=ft.Padding.only(bottom=18)), *groups], spacing=2,
                           vertical_alignment=ft.CrossAxisAlignment.END),
        ),
    ], spacing=8)


def _words(words: tuple[tuple[str, int], ...]) -> ft.Control:
    top = max((c for _, c in words), default=1)
    rows = []
    for word, count in words:
        rows.append(ft.Row([
            ft.Text(word, width=120, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS),
            ft.Container(height=14, bgcolor=ft.Colors.SECONDARY, border_radius=4, expand=count),
            *([ft.Container(expand=top - count)] if top > count else []),
            ft.Text(f"{count}×", width=36, text_align=ft.TextAlign.END),
        ], spacing=8))
    return ft.Column(rows, spacing=6)


@ft.component
def InsightsScreen():
    app = ft.use_context(AppContext)
    svc = app.services
    data: Insights = svc.insights.compute(svc.now())

    if not data.has_enough_data:
        n = data.entries
        return page_body([empty_state(
            ft.Icons.INSIGHTS, "Not enough reflections yet",
            f"Insights need at least {MIN_ENTRIES} finished reflections; you have {n}. "
            "After each round, write a reflection and save it: feeling, confidence and what to improve add up here.",
            [ft.OutlinedButton("Open the journal", on_click=lambda: app.switch_tab(tab_index("/journal")))],
        )])

    out: list[ft.Control] = [
        ft.Container(
            bgcolor=ft.Colors.SECONDARY_CONTAINER, border_radius=12, padding=12,
            content=ft.Row([
                _stat("rounds taken", str(data.rounds_taken)),
                _stat("pass rate", _pct(data.pass_rate)),
                _stat("reflections", str(data.entries)),
                _stat("stages", str(len(data.active_stages))),
            ], spacing=4),
        ),
        section("Feeling and confidence over time", [_mood_chart(data.mood)]),
        section("By stage", [_stage_card(s) for s in data.active_stages]),
    ]
    if data.improve_words:
        out.append(section("What keeps coming up to improve", [
            ft.Text("Most frequent words in your to-improve items.", size=12, color=ft.Colors.ON_SURFACE_VARIANT),
            _words(data.improve_words),
        ]))
    return page_body(out, max_width=900)
