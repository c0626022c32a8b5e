"""A 1-5 score picked with one tap: a row of five labelled buttons, and a compact read-only form."""

from __future__ import annotations

from typing import Callable

import flet as ft

FEELING_WORDS = {1: "Rough", 2: "Meh", 3: "OK", 4: "Good", 5: "Great"}
CONFIDENCE_WORDS = {1: "Shaky", 2: "Unsure", 3: "Fair", 4: "Sure", 5: "Solid"}


def rating_row(name: str, value: int, on_pick: Callable[[int], None], words: dict[int, str]) -> ft.Control:
    """``name`` ('Feeling') above five buttons; each is read out as e.g. 'Feeling 4 of 5, Good'."""

    def button(n: int) -> ft.Control:
        selected = n == value
        label = f"{name} {n} of 5, {words[n]}" + (" (selected)" if selected else "")
        content = ft.Column(
            [ft.Text(str(n), size=18, weight=ft.FontWeight.BOLD, semantics_label=label),
             ft.Text(words[n], size=11, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS, semantics_label=" ")],
            spacing=0, horizontal_alignment=ft.CrossAxisAlignment.CENTER, tight=True,
        )
        style = ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=2, vertical=6),
                               shape=ft.RoundedRectangleBorder(radius=12))
        kind = ft.FilledButton if selected else ft.OutlinedButton
        return ft.Container(kind(content=content, style=style, on_click=lambda _e=None, n=n: on_pick(n), height=56),
                            expand=True)

    return ft.Column([
        ft.Text(f"{name}: {value} of 5 ({words.get(value, '')})", theme_style=ft.TextThemeStyle.TITLE_SMALL),
        ft.Row([button(n) for n in range(1, 6)], spacing=6),
    ], spacing=6)


def score_text(name: str, value: int, words: dict[int, str]) -> str:
    return f"{name} {value}/5 ({words.get(value, '')})"
