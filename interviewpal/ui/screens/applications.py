"""Applications: the list with status filter and search."""

from __future__ import annotations

import flet as ft

from ...models import ApplicationStatus
from ...services.timeline import current_stage
from ..components.common import chip, empty_state, page_body, use_now
from ..components.invitation_button import InvitationButton
from ..contexts import AppContext
from ..components.text_input import TextInput

ALL = "all"
ARCHIVED = "archived"


@ft.component
def ApplicationsScreen():
    app = ft.use_context(AppContext)
    svc = app.services
    now = use_now(60)
    query, set_query = ft.use_state("")
    status, set_status = ft.use_state(ALL)

    archived = status == ARCHIVED
    wanted = None if status in (ALL, ARCHIVED) else ApplicationStatus(status)
    apps = svc.applications.list(status=wanted, query=query, archived=archived)
    total = len(svc.applications.list()) + len(svc.applications.list(archived=True))

    filters = ft.Row(
        [
            TextInput(label="Search applications", value=query, prefix_icon=ft.Icons.SEARCH, dense=True,
                      on_change=lambda e: set_query(e.control.value), expand=True),
            ft.Dropdown(
                label="Status", value=status, width=150, dense=True,
                options=[ft.DropdownOption(key=ALL, text="All"),
                         *[ft.DropdownOption(key=s.value, text=s.label) for s in ApplicationStatus],
                         ft.DropdownOption(key=ARCHIVED, text="Archived")],
                on_select=lambda e: set_status(e.control.value or ALL),
            ),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )

    tiles: list[ft.Control] = []
    for a in apps:
        stage = current_stage(svc.rounds.for_application(a.id), now)
        tiles.append(ft.ListTile(
            leading=ft.CircleAvatar(content=ft.Text(a.company[:1].upper())),
            title=ft.Text(a.company, weight=ft.FontWeight.W_600),
            subtitle=ft.Text(f"{a.role}" + (f" · {stage.label}" if stage else " · no rounds yet")),
            trailing=chip(a.status.label),
            on_click=lambda _e=None, a=a: app.go(f"/applications/{a.id}"),
        ))

    if total == 0:
        body = [empty_state(ft.Icons.WORK_OUTLINE, "No applications yet",
                            "Add the jobs you applied for; each gets a timeline of its interview stages.",
                            [ft.FilledButton("Add application", icon=ft.Icons.ADD, on_click=lambda: app.go("/applications/new")),
                             InvitationButton()])]
    elif not tiles:
        body = [filters, ft.Text("Nothing matches. Try another search or status.", color=ft.Colors.ON_SURFACE_VARIANT)]
    else:
        body = [filters, ft.Column(tiles, spacing=0)]
    if total:
        body.insert(1, ft.Row([InvitationButton()], wrap=True))
    return page_body(body)
