"""Preview of a calendar invitation before anything is saved: every field can be changed.

A new invitation: the application (picked, or created with the guessed company), stage,
title, date/time in the invitation's zone (and what that is in the user's zone), link,
phone, place, and the people as interviewers (the user themself left out). An update moves
the saved round; a cancellation marks it cancelled; a copy already applied changes nothing.
"""

from __future__ import annotations

import flet as ft

from ...models import RoundFormat, Stage
from ...services.forms import FormError
from ...services.invitation_rounds import InvitationPreview, when_preview
from ...services.invitations import InvitationChange
from ...services.time_zones import format_when, user_zone_name
from ..components.common import page_body, when_text
from ..components.zone_picker import ZonePicker, zone_field_text
from ..contexts import AppContext
from ..hooks.live_state import use_live_state
from ..components.text_input import TextInput

NEW_APP = "__new__"


def initial_values(p: InvitationPreview) -> dict:
    return {
        "application": p.application.id if p.application else NEW_APP,
        "company": p.company, "role": "", "stage": p.stage.value, "title": p.title,
        "date": p.date_text, "time": p.time_text, "duration": str(p.duration_minutes),
        "time_zone": zone_field_text(p.time_zone) if p.time_zone else "",
        "format": p.format.value, "meeting_url": p.meeting_url, "phone_number": p.phone_number,
        "location": p.location, "people": [not c.likely_you for c in p.people],
    }


def notice(text: str, icon=ft.Icons.INFO_OUTLINE, color=ft.Colors.SECONDARY_CONTAINER) -> ft.Control:
    return ft.Container(
        ft.Row([ft.Icon(icon, size=20), ft.Text(text, expand=True)], vertical_alignment=ft.CrossAxisAlignment.START),
        bgcolor=color, border_radius=8, padding=10)


@ft.component
def InvitationPreviewScreen(app_id: str | None = None):
    app = ft.use_context(AppContext)
    svc = app.services
    events = app.invitations
    index, set_index = ft.use_state(0)
    # event index -> the form's values; handlers read latest_values(): an edit or Save arriving before
    # the last keystroke's re-render must not lose that keystroke or an edit of another field
    values, set_values, latest_values = use_live_state({})
    errors, set_errors = ft.use_state({})

    if not events:
        return page_body([ft.Text("No invitation is open. Pick the invitation's .ics file first."),
                          ft.TextButton("Back", on_click=lambda: app.back())])
    index = min(index, len(events) - 1)
    preview = svc.invitations.preview(events[index], app_id)
    v = values.get(index) or initial_values(preview)

    def current() -> dict:
        return latest_values().get(index) or initial_values(preview)

    def put(name, value):
        """Set one field; ``value`` may be a function of the field's latest value."""
        def merged(cur: dict) -> dict:
            form = cur.get(index) or initial_values(preview)
            return cur | {index: form | {name: value(form[name]) if callable(value) else value}}

        set_values(merged)
        if name in errors or (name == "application" and ("company" in errors or "role" in errors)):
            set_errors({k: e for k, e in errors.items() if k not in (name, "company", "role", "application")})

    def on(name):
        return lambda e: put(name, e.control.value or "")

    def finished(message: str, application_id: str | None):
        app.changed()
        app.notify(message)
        rest = [e for i, e in enumerate(events) if i != index]
        app.invitations = rest
        if rest:  # a file with several events: the next one
            set_values({}), set_index(0), set_errors({})
            return
        target = f"/applications/{application_id}" if application_id else None
        if target is None or (len(app.stack) > 1 and app.stack[-2] == target):
            app.back()  # opened from that timeline (or nothing to show): back to it
        else:
            app.replace(target)

    def save(e=None):
        v = current()
        chosen = v["application"]
        try:
            done = svc.invitations.apply(
                preview, application_id=None if chosen == NEW_APP else chosen, company=v["company"], role=v["role"],
                stage=v["stage"], title=v["title"], date_text=v["date"], time_text=v["time"],
                duration_text=v["duration"], time_zone=v["time_zone"], meeting_url=v["meeting_url"],
                location=v["location"], phone_number=v["phone_number"], format=v["format"],
                interviewers=[(c.name or c.email, "") for c, on_ in zip(preview.people, v["people"]) if on_])
        except FormError as err:
            set_errors(err.errors)
            app.notify("The round was not saved. Please check the highlighted fields.")
            return
        company = done.application.company if done.application else ""
        finished(f"{done.message[:-1]} for {company}." if company else done.message,
                 done.application.id if done.application else None)

    def confirm_change(e=None):
        done = svc.invitations.apply(preview)
        finished(done.message, done.application.id if done.application else None)

    def field(name, label, key=None, **kw):
        return TextInput(label=label, value=v[name], error=errors.get(key or name), on_change=on(name),
                         error_max_lines=3, **kw)

    top: list[ft.Control] = []
    if len(events) > 1:
        top.append(ft.Dropdown(
            label=f"This file has {len(events)} events", value=str(index),
            options=[ft.DropdownOption(key=str(i), text=f"{i + 1}. {ev.title or 'Untitled'}"[:60]) for i, ev in enumerate(events)],
            on_select=lambda e: (set_index(int(e.control.value or 0)), set_errors({}))))
    inv = preview.invitation
    top.append(ft.Text(inv.title or "Untitled invitation", theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                       weight=ft.FontWeight.W_600))

    if preview.change is not InvitationChange.NEW:
        return page_body([*top, *change_view(preview, confirm_change, app)])

    apps = sorted(svc.applications.list() + svc.applications.list(archived=True), key=lambda a: a.company.lower())
    when = when_preview(v["date"], v["time"], v["duration"], v["time_zone"])
    controls: list[ft.Control] = [*top, notice(preview.message)]
    controls += [notice(n, ft.Icons.WARNING_AMBER, ft.Colors.TERTIARY_CONTAINER) for n in preview.notes]
    controls.append(ft.Row([ft.Dropdown(
        label="Application", value=v["application"], error_text=errors.get("application"), expand=True,
        options=[ft.DropdownOption(key=NEW_APP, text="New application"),
                 *[ft.DropdownOption(key=a.id, text=f"{a.company} · {a.role}"[:70]) for a in apps]],
        on_select=lambda e: put("application", e.control.value or NEW_APP))]))
    if v["application"] == NEW_APP:
        controls.append(field("company", "Company"))
        controls.append(field("role", "Role", hint_text="The job you applied for"))
    controls += [
        ft.Dropdown(label="Stage", value=v["stage"], error_text=errors.get("stage"),
                    options=[ft.DropdownOption(key=s.value, text=f"{s.order}. {s.label}") for s in Stage],
                    on_select=lambda e: put("stage", e.control.value)),
        field("title", "Title (optional)"),
        ft.Row([field("date", "Date", hint_text="YYYY-MM-DD", expand=True),
                field("time", "Start time", hint_text="HH:MM", expand=True)],
               vertical_alignment=ft.CrossAxisAlignment.START),
        field("duration", "Minutes", key="duration_minutes", keyboard_type=ft.KeyboardType.NUMBER),
        ZonePicker(v["time_zone"], on_change=lambda text: put("time_zone", text), label="Time zone of the invitation",
                   error=errors.get("time_zone")),
        ft.Text(f"Your time ({user_zone_name()}): {when}" if when else "Enter the date, time and zone to see your time.",
                weight=ft.FontWeight.W_600 if when else None, color=None if when else ft.Colors.ON_SURFACE_VARIANT),
        ft.Dropdown(label="Format", value=v["format"], options=[ft.DropdownOption(key=f.value, text=f.label) for f in RoundFormat],
                    on_select=lambda e: put("format", e.control.value)),
        field("meeting_url", "Meeting link", keyboard_type=ft.KeyboardType.URL),
        field("phone_number", "Dial-in number", keyboard_type=ft.KeyboardType.PHONE),
        field("location", "Location"),
    ]
    if preview.people:
        controls.append(ft.Text("Interviewers (untick anyone who is not)", theme_style=ft.TextThemeStyle.TITLE_SMALL))
        for i, person in enumerate(preview.people):
            sub = " · ".join(x for x in (person.email if person.name else "", "organizer" if person.organizer else "",
                                         "probably you" if person.likely_you else "") if x)
            controls.append(ft.Column([
                ft.Checkbox(label=person.display, value=v["people"][i],
                            on_change=lambda e, i=i: put("people", lambda old, i=i, on=bool(e.control.value):
                                                         [x if j != i else on for j, x in enumerate(old)])),
                *([ft.Container(ft.Text(sub, size=12, color=ft.Colors.ON_SURFACE_VARIANT),
                                padding=ft.Padding.only(left=48))] if sub else []),
            ], spacing=0))
    controls.append(ft.Row([
        ft.FilledButton("Save round", icon=ft.Icons.CHECK, on_click=save),
        ft.TextButton("Cancel", on_click=lambda: app.back()),
    ], wrap=True))
    return page_body(controls)


def change_view(preview: InvitationPreview, confirm, app) -> list[ft.Control]:
    """An update, a cancellation, or a copy that changes nothing."""
    out: list[ft.Control] = []
    rnd = preview.round
    if rnd is not None and preview.application is not None:
        out.append(ft.Text(f"{preview.application.company} · {rnd.display_title}"))
    if preview.change is InvitationChange.UPDATE and rnd is not None:
        out.append(notice(preview.message))
        out.append(ft.Text(f"Now: {when_text(rnd)}"))
        if preview.new_start is not None:
            zone = preview.invitation.zone or rnd.time_zone
            new_end = preview.new_start + (rnd.ends_at - rnd.starts_at if preview.invitation.start is None else
                                           (preview.invitation.end or preview.new_start) - preview.new_start)
            out.append(ft.Text(f"Moves to: {format_when(preview.new_start, zone, ends_at=new_end)}",
                               weight=ft.FontWeight.W_600))
        out.append(ft.Row([ft.FilledButton("Move the round", icon=ft.Icons.UPDATE, on_click=confirm),
                           ft.TextButton("Cancel", on_click=lambda: app.back())], wrap=True))
    elif preview.change is InvitationChange.CANCELLATION and rnd is not None:
        out.append(notice(preview.message, ft.Icons.EVENT_BUSY, ft.Colors.ERROR_CONTAINER))
        out.append(ft.Text(f"When: {when_text(rnd)}"))
        out.append(ft.Row([ft.FilledButton("Mark cancelled", icon=ft.Icons.EVENT_BUSY, on_click=confirm),
                           ft.TextButton("Keep it", on_click=lambda: app.back())], wrap=True))
    else:
        out.append(notice(preview.message))
        out.append(ft.Row([ft.FilledButton("Back", on_click=lambda: app.back())]))
    return out
