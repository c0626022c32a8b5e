"""The pieces of the reflection form, top to bottom: which round, the save status, the
to-improve items, the stage's prompts, the follow-ups. Each builds controls from the form's
input (``latest``) and calls ``change(**fields)`` when the user edits it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable

import flet as ft

from ...models import FollowUpKind
from ...services.reflection_input import due_date
from ..components.common import chip, icon_button, when_text
from ..components.text_input import TextInput

STATUS_LOOK = {
    "saved": (ft.Icons.CLOUD_DONE_OUTLINED, ft.Colors.ON_SURFACE_VARIANT),
    "pending": (ft.Icons.SYNC, ft.Colors.ON_SURFACE_VARIANT),
    "incomplete": (ft.Icons.WARNING_AMBER, ft.Colors.ERROR),
    "failed": (ft.Icons.ERROR_OUTLINE, ft.Colors.ERROR),
}


def round_header(application, rnd) -> ft.Control:
    """Which round this reflection is about: company, role, stage, when, who."""
    header: list[ft.Control] = []
    if application is not None:
        header.append(ft.Text(application.company, theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.BOLD))
        header.append(ft.Text(f"{application.role} · {rnd.display_title}" if rnd else application.role))
    if rnd is not None:
        header.append(ft.Row([chip(rnd.stage.label), ft.Text(when_text(rnd))], wrap=True))
        if rnd.interviewers:
            header.append(ft.Row([ft.Icon(ft.Icons.PEOPLE, size=18),
                                  ft.Text(", ".join(i.display for i in rnd.interviewers), expand=True)]))
    return ft.Card(content=ft.Container(padding=16, content=ft.Column(header, spacing=6)))


def status_row(status: tuple[str, str], draft: bool) -> ft.Row:
    """Saved / saving / what is not saved yet."""
    kind, message = status
    icon, color = STATUS_LOOK[kind]
    return ft.Row([
        ft.Icon(icon, size=18, color=color),
        ft.Text(message or ("Saved automatically as you type." if draft else "Changes are saved as you type."),
                size=12, color=color, expand=True),
    ], spacing=6)


def improve_rows(latest: Any, change: Callable[..., None], errors: dict[str, str]) -> list[ft.Control]:
    rows_out: list[ft.Control] = []
    for i, item in enumerate(latest.current["improve"]):
        def set_item(e, i=i):
            rows = [dict(r) for r in latest.current["improve"]]
            rows[i]["text"] = e.control.value or ""
            change(improve=rows)

        def set_every(e, i=i):
            rows = [dict(r) for r in latest.current["improve"]]
            rows[i]["every_round"] = bool(e.control.value)
            change(improve=rows)

        rows_out.append(ft.Row([
            TextInput(label=f"To improve {i + 1}", value=item["text"], on_change=set_item, expand=True,
                      error=errors.get(f"improve_{item['id']}"), key=f"imp-{item['id']}", multiline=True, min_lines=1, max_lines=4,
                      helper="Learned: hidden before next rounds" if item["learned"] else None),
            icon_button(ft.Icons.CLOSE, f"Remove to-improve item {i + 1}",
                        on_click=lambda _e=None, i=i: change(improve=[r for j, r in enumerate(latest.current["improve"]) if j != i])),
        ], vertical_alignment=ft.CrossAxisAlignment.START))
        # Issue 9: a lesson can follow the user to every later round, not only this application or stage.
        rows_out.append(ft.Checkbox(label=f"Show item {i + 1} before every round", value=bool(item.get("every_round")),
                                        on_change=set_every, key=f"imp-every-{item['id']}"))
    return rows_out


def prompt_rows(latest: Any, change: Callable[..., None]) -> list[ft.Control]:
    rows_out: list[ft.Control] = []
    for i, p in enumerate(latest.current["prompts"]):
        def set_answer(e, i=i):
            rows = [dict(r) for r in latest.current["prompts"]]
            rows[i]["answer"] = e.control.value or ""
            change(prompts=rows)

        rows_out.append(ft.Column([
            ft.Text(p["prompt"], weight=ft.FontWeight.W_500),
            TextInput(label=f"Answer {i + 1}", value=p["answer"], on_change=set_answer, multiline=True,
                      min_lines=1, max_lines=6, key=f"prompt-{i}"),
        ], spacing=6, horizontal_alignment=ft.CrossAxisAlignment.STRETCH))
    return rows_out


def follow_up_rows(latest: Any, change: Callable[..., None], errors: dict[str, str],
                   clear_error: Callable[..., None], today: date, rnd) -> list[ft.Control]:
    people = {p.id: p.name for p in rnd.interviewers} if rnd else {}
    rows_out: list[ft.Control] = []
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
        rows_out.append(ft.Container(
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
                ft.Container(TextInput(label=f"Follow-up {i + 1}", value=row["text"], on_change=set_fu("text"),
                                       error=errors.get(f"fu_text_{fid}")), padding=ft.Padding.only(right=8)),
                ft.Row([
                    TextInput(label=f"Due date {i + 1}", value=row["due"], helper="YYYY-MM-DD", expand=True, error_max_lines=3,
                              on_change=set_fu("due"), error=errors.get(f"fu_due_{fid}"),
                              keyboard_type=ft.KeyboardType.DATETIME),
                    icon_button(ft.Icons.CALENDAR_MONTH, f"Pick due date {i + 1}", on_click=pick),
                ], vertical_alignment=ft.CrossAxisAlignment.START),
            ], spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        ))
    return rows_out
