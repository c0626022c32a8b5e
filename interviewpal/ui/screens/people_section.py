"""The People section of an application's screen (issue 13): the recruiter and interviewers,
kept once and picked for each round. Add, edit, remove with Undo; an empty state says why."""

from __future__ import annotations

import flet as ft

from ...models import Application, Person
from ...services import round_actions as ra
from ..components.common import icon_button, section
from ..components.round_actions import launch


def person_tile(app, owner: Application, p: Person) -> ft.Control:
    svc = app.services

    def remove():
        gone = svc.people.remove(owner.id, p.id)

        def undo():
            if gone is not None:
                svc.people.restore(gone)
                app.changed()

        app.changed()
        app.notify(f"Removed {p.name} from people. Rounds keep the name.", undo=undo)

    lines: list[ft.Control] = [
        ft.Text(p.name, weight=ft.FontWeight.W_600, size=16),
        ft.Text(" · ".join(x for x in (p.kind.label, p.role) if x), size=13, color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    contact = [x for x in (p.email, p.phone) if x]
    if contact:
        lines.append(ft.Text(" · ".join(contact), size=13))  # selectable text has no accessible name on the web
    actions: list[ft.Control] = []
    if p.email:
        actions.append(icon_button(ft.Icons.EMAIL_OUTLINED, f"Email {p.name}",
                                   on_click=lambda: launch(ra.mailto_url(p.email, "", ""))))
    if p.phone:
        actions.append(icon_button(ft.Icons.PHONE_OUTLINED, f"Call {p.name}", on_click=lambda: launch(ra.tel_url(p.phone))))
    if p.profile_url:
        actions.append(icon_button(ft.Icons.OPEN_IN_NEW, f"Open {p.name}'s profile", on_click=lambda: launch(p.profile_url)))
    actions.append(icon_button(ft.Icons.EDIT_OUTLINED, f"Edit {p.name}",
                               on_click=lambda: app.go(f"/applications/{owner.id}/people/{p.id}/edit")))
    actions.append(icon_button(ft.Icons.DELETE_OUTLINE, f"Remove {p.name}", on_click=remove))
    return ft.Container(
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=12,
        padding=ft.Padding.only(left=12, right=4, top=8, bottom=4),
        content=ft.Column([
            ft.Row([ft.Icon(ft.Icons.BADGE_OUTLINED if p.kind.value == "recruiter" else ft.Icons.PERSON_OUTLINE),
                    ft.Column(lines, spacing=2, expand=True)], vertical_alignment=ft.CrossAxisAlignment.START),
            ft.Row(actions, alignment=ft.MainAxisAlignment.END, wrap=True, spacing=0),
        ], spacing=0),
    )


def people_section(app, owner: Application) -> ft.Control:
    add = ft.TextButton("Add person", icon=ft.Icons.PERSON_ADD,
                        on_click=lambda: app.go(f"/applications/{owner.id}/people/new"))
    if not owner.people:
        body: list[ft.Control] = [ft.Text(
            "No people yet. Add the recruiter and your interviewers once, with their email, "
            "then pick them for each round and write to them after it.",
            color=ft.Colors.ON_SURFACE_VARIANT)]
    else:
        body = [person_tile(app, owner, p) for p in owner.people]
    return section("People", body, trailing=add)
