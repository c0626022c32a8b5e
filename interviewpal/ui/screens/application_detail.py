"""One application: its details and the stage timeline with rounds under each stage."""

from __future__ import annotations

import flet as ft

from ...models import ApplicationStatus, Outcome, Round, Stage
from ...services.applications import applied_text, offer_summary
from ...services.timeline import StageState, TimelineStage, stage_timeline
from ..components.common import icon_button, chip, confirm_dialog, page_body, use_now, when_text
from ..components.invitation_button import InvitationButton
from ..components.round_tile import OUTCOME_COLORS, open_link
from ..contexts import AppContext
from ..tabs import tab_index
from .people_section import people_section

STATE_ICONS = {
    StageState.DONE: (ft.Icons.CHECK_CIRCLE, ft.Colors.GREEN),
    StageState.SCHEDULED: (ft.Icons.SCHEDULE, ft.Colors.PRIMARY),
    StageState.SKIPPED: (ft.Icons.REMOVE_CIRCLE_OUTLINE, ft.Colors.OUTLINE),
    StageState.NOT_REACHED: (ft.Icons.RADIO_BUTTON_UNCHECKED, ft.Colors.OUTLINE),
}


@ft.component
def RoundRow(rnd: Round):
    app = ft.use_context(AppContext)
    svc = app.services

    def outcome(o: Outcome):
        svc.rounds.set_outcome(rnd.id, o)
        app.changed()
        app.notify(f"Marked {rnd.display_title} as {o.label.lower()}.")

    def delete():
        gone = svc.rounds.delete(rnd.id)

        def undo():
            svc.rounds.restore(*gone)
            app.changed()

        app.changed()
        app.notify(f"Deleted {rnd.display_title}.", undo=undo)

    title = rnd.display_title  # the title, else the stage (never the format)
    return ft.Container(
        padding=ft.Padding.only(left=36),
        content=ft.Row([
            ft.Column([
                ft.Text(f"{when_text(rnd)} · {title}", weight=ft.FontWeight.W_500,
                        style=ft.TextStyle(decoration=ft.TextDecoration.LINE_THROUGH) if rnd.is_cancelled else None),
                ft.Row([chip(rnd.outcome.label, OUTCOME_COLORS.get(rnd.outcome))]),
            ], spacing=4, expand=True),
            icon_button(ft.Icons.LIGHTBULB_OUTLINE, f"Quick tips for {title}",
                          on_click=lambda: app.go(f"/rounds/{rnd.id}/tips")),
            ft.PopupMenuButton(
                icon=ft.Icon(ft.Icons.MORE_VERT, semantics_label=f"More for {title}"),
                tooltip=f"More for {title}",
                items=[
                    ft.PopupMenuItem(content="Edit round", icon=ft.Icons.EDIT, on_click=lambda: app.go(f"/rounds/{rnd.id}/edit")),
                    ft.PopupMenuItem(content="Write reflection", icon=ft.Icons.EDIT_NOTE, on_click=lambda: app.go(f"/rounds/{rnd.id}/reflect")),
                    ft.PopupMenuItem(content="Mark passed", icon=ft.Icons.THUMB_UP, on_click=lambda: outcome(Outcome.PASSED)),
                    ft.PopupMenuItem(content="Mark rejected", icon=ft.Icons.THUMB_DOWN, on_click=lambda: outcome(Outcome.REJECTED)),
                    ft.PopupMenuItem(content="Mark pending", icon=ft.Icons.HOURGLASS_EMPTY, on_click=lambda: outcome(Outcome.PENDING)),
                    ft.PopupMenuItem(content="Cancel round", icon=ft.Icons.EVENT_BUSY, on_click=lambda: outcome(Outcome.CANCELLED)),
                    ft.PopupMenuItem(content="Delete round", icon=ft.Icons.DELETE_OUTLINE, on_click=delete),
                ],
            ),
        ]),
    )


@ft.component
def StageBlock(app_id: str, item: TimelineStage, last: bool, offer: tuple[str, ...] = ()):
    app = ft.use_context(AppContext)
    icon, color = STATE_ICONS[item.state]
    return ft.Column([
        ft.Row([
            ft.Icon(icon, color=color, tooltip=item.state.label),
            ft.Column([
                ft.Text(f"{item.stage.order}. {item.label}", weight=ft.FontWeight.W_600),
                ft.Text(item.state.label, size=12, color=ft.Colors.ON_SURFACE_VARIANT),
            ], spacing=0, expand=True),
            icon_button(ft.Icons.ADD, f"Add {item.label.lower()} round",
                          on_click=lambda: app.go(f"/applications/{app_id}/rounds/new?stage={item.stage.value}")),
        ]),
        # Issue 13: the offer's figures sit in the final stage.
        *([ft.Container(padding=ft.Padding.only(left=36), content=ft.Row(
            [ft.Icon(ft.Icons.PAYMENTS_OUTLINED, size=18), ft.Text(" · ".join(offer), expand=True)],
            vertical_alignment=ft.CrossAxisAlignment.START))] if offer and item.stage is Stage.FINAL_OFFER else []),
        *[RoundRow(r) for r in item.rounds],
        *([] if last else [ft.Divider(height=1)]),
    ], spacing=4)


@ft.component
def ApplicationDetail(app_id: str):
    app = ft.use_context(AppContext)
    svc = app.services
    now = use_now(60)
    a = svc.applications.get(app_id)
    if a is None:
        return page_body([ft.Text("This application was deleted."),
                          ft.TextButton("Back to applications", on_click=lambda: app.switch_tab(tab_index("/applications")))])
    rounds = svc.rounds.for_application(app_id)
    timeline = stage_timeline(rounds, now)

    def delete():
        gone = svc.applications.delete(app_id)

        def undo():
            svc.applications.restore(gone)
            app.changed()

        app.back()
        app.changed()
        app.notify(f"Deleted {gone.summary}.", undo=undo)

    def ask_delete():
        ft.context.page.show_dialog(confirm_dialog(
            f"Delete {a.company}?",
            f"This removes the application, its {len(rounds)} round(s) and their reflections. You can undo right after.",
            "Delete", delete))

    def archive():
        svc.applications.set_archived(app_id, not a.archived)
        app.changed()
        app.notify(f"{'Archived' if not a.archived else 'Restored'} {a.company}.")

    def set_status(e):
        svc.applications.set_status(app_id, ApplicationStatus(e.control.value))
        app.changed()

    header = ft.Column([
        ft.Text(a.company, theme_style=ft.TextThemeStyle.HEADLINE_SMALL, weight=ft.FontWeight.W_600),
        ft.Text(a.role, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ft.Row([
            ft.Dropdown(label="Status", value=a.status.value, width=160, dense=True,
                        options=[ft.DropdownOption(key=s.value, text=s.label) for s in ApplicationStatus], on_select=set_status),
            *([chip("Archived")] if a.archived else []),
            *([chip("Demo")] if a.demo else []),
        ], wrap=True),
        *([ft.Text(a.location, color=ft.Colors.ON_SURFACE_VARIANT)] if a.location else []),
        *([ft.Text(applied_text(a), color=ft.Colors.ON_SURFACE_VARIANT)] if a.applied_on else []),
        *([ft.TextButton("Open job posting", icon=ft.Icons.OPEN_IN_NEW, on_click=lambda: open_link(a.posting_url))] if a.posting_url else []),
        *([ft.Text(a.notes)] if a.notes else []),
        ft.Row([
            ft.OutlinedButton("Edit", icon=ft.Icons.EDIT, on_click=lambda: app.go(f"/applications/{app_id}/edit")),
            ft.OutlinedButton("Unarchive" if a.archived else "Archive", icon=ft.Icons.ARCHIVE_OUTLINED, on_click=archive),
            ft.OutlinedButton("Delete", icon=ft.Icons.DELETE_OUTLINE, on_click=ask_delete),
        ], wrap=True),
    ], spacing=8)

    research = svc.research.for_application(app_id)
    research_tile = ft.Card(content=ft.ListTile(
        leading=ft.Icon(ft.Icons.TRAVEL_EXPLORE),
        title=ft.Text("Research", weight=ft.FontWeight.W_600),
        subtitle=ft.Text(research.progress if research and research.items else "No prompts to show"),
        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
        on_click=lambda: app.go(f"/applications/{app_id}/research"),
    ))

    return page_body([
        header,
        research_tile,
        ft.Text("Stage timeline", theme_style=ft.TextThemeStyle.TITLE_MEDIUM, weight=ft.FontWeight.W_600),
        ft.Row([InvitationButton(app_id)], wrap=True),
        *([ft.Text("No rounds yet. Tap + next to a stage to add the first one.", color=ft.Colors.ON_SURFACE_VARIANT)] if not rounds else []),
        ft.Card(content=ft.Container(padding=12, content=ft.Column(
            [StageBlock(app_id, t, i == len(timeline) - 1, tuple(offer_summary(a))) for i, t in enumerate(timeline)],
            spacing=6))),
        people_section(app, a),
    ])
