"""Up next (home): the next round with a live countdown, the week ahead, reflections due."""

from __future__ import annotations

import flet as ft

from ...services.time_zones import local_date
from ..components.common import empty_state, page_body, section, use_now
from ..components.follow_up_mail import follow_up_mail_row
from ..components.reminder_banner import missed_section
from ..components.round_tile import NextRoundCard, round_list_tile
from ..contexts import AppContext
from ..tabs import tab_index


LIST_FOLD = 5


def _more(hidden: int, noun: str, on_click) -> list[ft.Control]:
    """A 'Show N more' button under a folded list, or nothing when nothing is hidden."""
    if hidden <= 0:
        return []
    plural = noun.replace("round", "rounds", 1) if hidden != 1 else noun
    return [ft.TextButton(f"Show {hidden} more {plural}", icon=ft.Icons.EXPAND_MORE, on_click=lambda: on_click())]


@ft.component
def UpNextScreen():
    app = ft.use_context(AppContext)
    svc = app.services
    now = use_now(30)
    data = svc.up_next.compute(now)
    # Long lists fold after a few rows (a screen of hundreds of rows is slow to build and to read).
    show_all, set_show_all = ft.use_state(frozenset())
    has_demo = svc.demo.has()

    def add_demo():
        svc.demo.add(svc.now())
        app.changed()
        app.notify("Demo data added. Remove it any time from Up next or Settings.")

    def remove_demo():
        n = svc.demo.remove()
        app.changed()
        app.notify(f"Removed {n} demo application{'s' if n != 1 else ''}.")

    controls: list[ft.Control] = []
    for message in app.services.open_messages:
        controls.append(ft.Container(
            bgcolor=ft.Colors.ERROR_CONTAINER, border_radius=8, padding=12,
            content=ft.Row([ft.Icon(ft.Icons.WARNING_AMBER, color=ft.Colors.ON_ERROR_CONTAINER),
                            ft.Text(message, color=ft.Colors.ON_ERROR_CONTAINER, expand=True)]),
        ))
    if has_demo:
        controls.append(ft.Container(
            bgcolor=ft.Colors.TERTIARY_CONTAINER, border_radius=8, padding=ft.Padding.symmetric(horizontal=12, vertical=6),
            content=ft.Row([
                ft.Icon(ft.Icons.SCIENCE, color=ft.Colors.ON_TERTIARY_CONTAINER),
                ft.Text("You are looking at demo data.", color=ft.Colors.ON_TERTIARY_CONTAINER, expand=True),
                ft.TextButton("Remove demo data", on_click=remove_demo, tooltip="Remove all demo data"),
            ], wrap=False),
        ))

    missed = missed_section(app)
    if missed is not None:
        controls.append(missed)

    if not data.has_applications:
        controls.append(empty_state(
            ft.Icons.WORK_OUTLINE,
            "Welcome to InterviewPal",
            "Track each application's interview rounds, glance at quick tips right before you walk in, "
            "and write down what you learned afterwards. Everything stays on this device.",
            [
                ft.FilledButton("Add your first application", icon=ft.Icons.ADD,
                                on_click=lambda: app.go("/applications/new")),
                ft.OutlinedButton("Try with demo data", icon=ft.Icons.SCIENCE, on_click=add_demo),
            ],
        ))
        controls.append(ft.TextButton("Read the interview guide, stage by stage", icon=ft.Icons.MENU_BOOK,
                                      on_click=lambda: app.go("/guide")))
    else:
        if data.next:
            v = data.next
            controls.append(section("Next round", [NextRoundCard(
                v, now,
                on_tips=lambda: app.go(f"/rounds/{v.round.id}/tips"),
                on_open=lambda: app.go(f"/applications/{v.application.id}"),
            )]))
        else:
            controls.append(empty_state(
                ft.Icons.EVENT_AVAILABLE, "No rounds scheduled",
                "Add a round to an application and it shows here with a countdown and its quick tips.",
                [ft.FilledButton("Go to applications", on_click=lambda: app.switch_tab(tab_index("/applications")))],
            ))
        if data.this_week:
            week = data.this_week if "week" in show_all else data.this_week[:LIST_FOLD]
            controls.append(section("Later this week", [
                *[round_list_tile(v, now, on_click=lambda _e=None, v=v: app.go(f"/rounds/{v.round.id}/tips"))
                  for v in week],
                *_more(len(data.this_week) - len(week), "round", lambda: set_show_all(show_all | {"week"})),
            ]))
        if data.awaiting_reflection:
            controls.append(section("How did it go?", [
                ft.ListTile(
                    leading=ft.Icon(ft.Icons.EDIT_NOTE),
                    title=ft.Text(f"How did the {v.company} {v.round.stage.label.lower()} go?"),
                    subtitle=ft.Text("Write it down while it's fresh."),
                    on_click=lambda _e=None, v=v: app.go(f"/rounds/{v.round.id}/reflect"),
                    trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
                )
                for v in (data.awaiting_reflection if "reflect" in show_all else data.awaiting_reflection[:LIST_FOLD])
            ] + _more(len(data.awaiting_reflection) - LIST_FOLD if "reflect" not in show_all else 0, "round to reflect on",
                      lambda: set_show_all(show_all | {"reflect"}))))
        due = svc.follow_ups.due(local_date(now))
        if due:
            def done(fu, value=True):
                svc.follow_ups.mark_done(fu.entry_id, fu.follow_up_id, value)
                app.changed()
                if value:
                    app.notify(f"Done: {fu.text}.", undo=lambda: done(fu, False))

            controls.append(section("Follow-ups due", [
                ft.Column([
                    ft.Checkbox(label=f"{fu.text} · {fu.company}" if fu.company else fu.text, value=False,
                                on_change=lambda _e=None, fu=fu: done(fu)),
                    ft.Text(f"Overdue by {fu.days_overdue} day{'s' if fu.days_overdue != 1 else ''}" if fu.overdue
                            else "Due today", size=12, color=ft.Colors.ERROR if fu.overdue else ft.Colors.ON_SURFACE_VARIANT,
                            margin=ft.Margin.only(left=40)),
                    *[ft.Container(c, margin=ft.Margin.only(left=40, top=4))  # issue 13: Write email / Mark sent
                      for c in follow_up_mail_row(app, fu.entry_id, fu.follow_up_id, fu.kind, fu.sent_at, label=fu.text)],
                ], spacing=0)
                for fu in due
            ]))
        controls.append(ft.TextButton("Interview guide: all eight stages", icon=ft.Icons.MENU_BOOK,
                                      on_click=lambda: app.go("/guide")))
    return page_body(controls)
