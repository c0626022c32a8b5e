"""Add or edit an interview round. A refused save shows messages on the fields and keeps the input."""

from __future__ import annotations

from datetime import datetime

import flet as ft

from ...models import CallDirection, RoundFormat, Stage
from ...services.forms import FormError
from ...services.rounds import default_start
from ...services.time_zones import user_zone_name
from ..components.common import icon_button, page_body
from ..components.paste_invitation import PasteInvitation
from ..components.zone_picker import ZonePicker, zone_field_text
from ..contexts import AppContext
from ..hooks.live_state import use_live_state
from ..components.text_input import TextInput


@ft.component
def RoundForm(app_id: str | None = None, round_id: str | None = None, stage: str | None = None):
    app = ft.use_context(AppContext)
    svc = app.services
    existing = svc.rounds.get(round_id) if round_id else None
    owner_id = existing.application_id if existing else app_id
    owner = svc.applications.get(owner_id) if owner_id else None

    def initial():
        if existing:
            start = existing.local_start
            return {
                "stage": existing.stage.value, "title": existing.title, "date": f"{start:%Y-%m-%d}",
                "time": f"{start:%H:%M}", "duration": str(existing.duration_minutes), "time_zone": zone_field_text(existing.time_zone),
                "format": existing.format.value, "location": existing.location, "meeting_url": existing.meeting_url,
                "notes": existing.notes, "people": [(i.name, i.role, i.person_id) for i in existing.interviewers],
                "remind": existing.reminders_enabled,
            }
        start = default_start(svc.now())
        return {
            "stage": stage if stage in Stage._value2member_map_ else Stage.SCREENING.value, "title": "",
            "date": f"{start:%Y-%m-%d}", "time": f"{start:%H:%M}", "duration": "60", "time_zone": zone_field_text(user_zone_name()),
            "format": RoundFormat.VIDEO.value, "location": "", "meeting_url": "", "notes": "", "people": [], "remind": True,
        }

    v, set_v, v_now = use_live_state(lambda: initial() | action_values(existing))  # see ui/hooks/live_state.py
    errors, set_errors = ft.use_state({})

    if owner is None:
        return page_body([ft.Text("This application no longer exists.")])

    def put(name, value):
        set_v(lambda cur: cur | {name: value})

    def on(name):
        return lambda e: put(name, e.control.value or "")

    def save(e=None):
        v = v_now()  # what was typed, even if Save came before the last keystroke's re-render
        try:
            rnd = svc.rounds.build(
                round_id=existing.id if existing else None, application_id=owner.id, stage=v["stage"], title=v["title"],
                date_text=v["date"], time_text=v["time"], duration_text=v["duration"], time_zone=v["time_zone"].strip() or None,
                format=v["format"], location=v["location"], meeting_url=v["meeting_url"], interviewers=v["people"],
                notes=v["notes"], reminders_enabled=v["remind"], **action_input(v))
        except FormError as err:
            set_errors(err.errors)
            app.notify("The round was not saved. Please check the highlighted fields.")
            return
        rnd = svc.people.adopt_interviewers(rnd)  # typed names join the application's people (issue 13)
        svc.rounds.save(rnd)
        app.changed()
        app.notify(f"Saved {rnd.stage.label.lower()} round for {owner.company}.")
        app.back()

    def pick_date():
        try:
            current = datetime.strptime(v["date"], "%Y-%m-%d")
        except ValueError:
            current = datetime.now()
        ft.context.page.show_dialog(ft.DatePicker(
            value=current, first_date=datetime(2000, 1, 1), last_date=datetime(2099, 12, 31),
            on_change=lambda e: put("date", f"{e.control.value:%Y-%m-%d}") if e.control.value else None))

    def pick_time():
        try:
            current = datetime.strptime(v["time"], "%H:%M").time()
        except ValueError:
            current = datetime.now().time().replace(second=0, microsecond=0)
        ft.context.page.show_dialog(ft.TimePicker(
            value=current, on_change=lambda e: put("time", f"{e.control.value:%H:%M}") if e.control.value else None))

    def field(name, label, key=None, **kw):
        key = key or name
        return TextInput(label=label, value=v[name], error=errors.get(key), on_change=on(name), error_max_lines=2,
                         on_submit=None if kw.get("multiline") else save, **kw)

    people_rows = []
    for i, (name, role, *link) in enumerate(v["people"]):
        if link and link[0]:  # picked from the application's people (issue 13): shown, not retyped
            people_rows.append(ft.Row([
                ft.Icon(ft.Icons.PERSON_OUTLINE),
                ft.Text(f"{name} ({role})" if role else name, expand=True, size=16),
                icon_button(ft.Icons.CLOSE, f"Remove interviewer {i + 1}",
                            on_click=lambda _e=None, i=i: put("people", [p for j, p in enumerate(v["people"]) if j != i])),
            ]))
            continue
        def set_person(i=i, which=0):
            def handler(e):
                people = list(v["people"])
                cur = list(people[i])
                cur[which] = e.control.value or ""
                people[i] = tuple(cur)
                put("people", people)
            return handler
        people_rows.append(ft.Row([
            TextInput(label=f"Interviewer {i + 1} name", value=name, on_change=set_person(i, 0), expand=True,
                      error=errors.get(f"interviewer_{i}")),
            TextInput(label=f"Interviewer {i + 1} role", value=role, on_change=set_person(i, 1), expand=True),
            icon_button(ft.Icons.CLOSE, f"Remove interviewer {i + 1}",
                          on_click=lambda _e=None, i=i: put("people", [p for j, p in enumerate(v["people"]) if j != i])),
        ], vertical_alignment=ft.CrossAxisAlignment.START))

    return page_body([
        ft.Text(f"{owner.company} · {owner.role}", theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        ft.Dropdown(label="Stage", value=v["stage"], error_text=errors.get("stage"),
                    options=[ft.DropdownOption(key=s.value, text=f"{s.order}. {s.label}") for s in Stage],
                    on_select=lambda e: put("stage", e.control.value)),
        field("title", "Title (optional)", hint_text="Round 2 - system design"),
        PasteInvitation(on_fill=lambda found: set_v(lambda cur: cur | found), now=svc.now()),
        ft.Row([
            field("date", "Date", hint_text="YYYY-MM-DD", expand=True),
            icon_button(ft.Icons.CALENDAR_MONTH, "Pick a date", on_click=pick_date),
        ], vertical_alignment=ft.CrossAxisAlignment.START),
        ft.Row([
            field("time", "Start time", hint_text="HH:MM", expand=True),
            icon_button(ft.Icons.ACCESS_TIME, "Pick a time", on_click=pick_time),
            field("duration", "Minutes", key="duration_minutes", width=110, keyboard_type=ft.KeyboardType.NUMBER),
        ], vertical_alignment=ft.CrossAxisAlignment.START),
        ZonePicker(v["time_zone"], on_change=lambda text: put("time_zone", text), error=errors.get("time_zone"),
                   on_pick=lambda zone: set_errors({k: e for k, e in errors.items() if k != "time_zone"})),
        ft.Dropdown(label="Format", value=v["format"], options=[ft.DropdownOption(key=f.value, text=f.label) for f in RoundFormat],
                    on_select=lambda e: put("format", e.control.value)),
        field("location", "Location", hint_text="Address, floor, who to ask for"),
        field("meeting_url", "Meeting link", keyboard_type=ft.KeyboardType.URL, hint_text="https://..."),
        *action_fields(v, put, field),
        ft.Text("Interviewers", theme_style=ft.TextThemeStyle.TITLE_SMALL),
        *people_rows,
        *pick_from_people(owner, v, put),
        ft.TextButton("Add interviewer", icon=ft.Icons.PERSON_ADD,
                      on_click=lambda: put("people", [*v["people"], ("", "", "")])),
        field("notes", "Notes", multiline=True, min_lines=2, max_lines=6),
        ft.Switch(label="Remind me about this round", value=v["remind"], on_change=lambda e: put("remind", bool(e.control.value))),
        ft.Row([
            ft.FilledButton("Save round", icon=ft.Icons.CHECK, on_click=save),
            ft.TextButton("Cancel", on_click=lambda: app.back()),
        ]),
    ])


# -- One-tap actions (issue 9): phone number, who calls, the contact for "Running late" --------

def action_values(existing) -> dict:
    """The form's initial values for the action fields."""
    if existing is None:
        return {"phone_number": "", "call_direction": CallDirection.THEY_CALL.value, "contact_email": "", "contact_phone": ""}
    return {"phone_number": existing.phone_number, "call_direction": existing.call_direction.value,
            "contact_email": existing.contact_email, "contact_phone": existing.contact_phone}


def action_input(v: dict) -> dict:
    return {k: v[k] for k in ("phone_number", "call_direction", "contact_email", "contact_phone")}


def action_fields(v: dict, put, field) -> list[ft.Control]:
    """Phone rounds: the number and who dials. Every round: a contact to tell when running late."""
    out: list[ft.Control] = []
    if v["format"] == RoundFormat.PHONE.value:
        out.append(field("phone_number", "Phone number", keyboard_type=ft.KeyboardType.PHONE, hint_text="+44 20 7946 0018"))
        out.append(ft.RadioGroup(
            value=v["call_direction"], on_change=lambda e: put("call_direction", e.control.value or CallDirection.THEY_CALL.value),
            content=ft.Row([ft.Radio(value=d.value, label=d.label) for d in CallDirection], wrap=True)))
    out.append(ft.Text("Contact if you run late (optional)", theme_style=ft.TextThemeStyle.TITLE_SMALL))
    out.append(field("contact_email", "Contact email", keyboard_type=ft.KeyboardType.EMAIL, hint_text="name@example.com"))
    out.append(field("contact_phone", "Contact phone", keyboard_type=ft.KeyboardType.PHONE, hint_text="For a text message"))
    return out


# -- Interviewers picked from the application's people (issue 13) ---------------------------

def pick_from_people(owner, v: dict, put) -> list[ft.Control]:
    """One button per person of the application not yet on this round."""
    taken = {p[2] for p in v["people"] if len(p) > 2 and p[2]}
    free = [p for p in owner.people if p.id not in taken]
    if not free:
        return []
    return [
        ft.Text("Pick from this application's people", size=13, color=ft.Colors.ON_SURFACE_VARIANT),
        ft.Row([ft.OutlinedButton(p.display, icon=ft.Icons.ADD, tooltip=f"Pick {p.name} as an interviewer",
                                  on_click=lambda _e=None, p=p: put("people", [*v["people"], (p.name, p.role, p.id)]))
                for p in free], wrap=True, spacing=8, run_spacing=8),
    ]
