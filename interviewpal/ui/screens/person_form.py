"""Add or edit one person of an application (recruiter, interviewer). A refused save shows a
sentence on each field and keeps what was typed."""

from __future__ import annotations

import flet as ft

from ...models import PersonKind
from ...services.forms import FormError
from ..components.common import page_body
from ..contexts import AppContext
from ..hooks.live_state import use_live_state
from ..components.text_input import TextInput

FIELDS = ("name", "kind", "role", "email", "phone", "profile_url")


@ft.component
def PersonForm(app_id: str, person_id: str | None = None):
    app = ft.use_context(AppContext)
    svc = app.services
    owner = svc.applications.get(app_id)
    existing = owner.person(person_id) if owner and person_id else None

    def initial():
        if existing is None:
            return {k: "" for k in FIELDS} | {"kind": PersonKind.INTERVIEWER.value}
        return {k: str(getattr(existing, k).value if k == "kind" else getattr(existing, k)) for k in FIELDS}

    v, set_v, v_now = use_live_state(initial)  # Save reads what was typed (ui/hooks/live_state.py)
    errors, set_errors = ft.use_state({})

    if owner is None or (person_id and existing is None):
        return page_body([ft.Text("This person or application no longer exists.")])

    def on(name):
        def handler(e):
            set_v(lambda cur: cur | {name: e.control.value or ""})
            if name in errors:
                set_errors({k: m for k, m in errors.items() if k != name})
        return handler

    def save(e=None):
        try:
            if existing:
                saved = svc.people.update(app_id, existing.id, **v_now())
            else:
                saved = svc.people.add(app_id, **v_now())
        except FormError as err:
            set_errors(err.errors)
            app.notify("Not saved yet: please check the highlighted fields.")
            return
        app.changed()
        app.notify(f"Saved {saved.name}.")
        app.back()

    def field(name, label, **kw):
        return TextInput(label=label, value=v[name], error=errors.get(name), on_change=on(name), on_submit=save,
                         error_max_lines=3, **kw)

    return page_body([
        ft.Text(f"{owner.company} · {owner.role}", theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        *([ft.Text(errors[""], color=ft.Colors.ERROR)] if errors.get("") else []),
        field("name", "Name", autofocus=existing is None),
        ft.Dropdown(label="Who they are", value=v["kind"],
                    options=[ft.DropdownOption(key=k.value, text=k.label) for k in PersonKind],
                    on_select=lambda e: set_v(lambda cur: cur | {"kind": e.control.value or PersonKind.INTERVIEWER.value})),
        field("role", "Their role (optional)", hint_text="Engineering manager"),
        field("email", "Email (optional)", keyboard_type=ft.KeyboardType.EMAIL, hint_text="name@example.com"),
        field("phone", "Phone (optional)", keyboard_type=ft.KeyboardType.PHONE, hint_text="+44 20 7946 0018"),
        field("profile_url", "Profile link (optional)", keyboard_type=ft.KeyboardType.URL, hint_text="https://..."),
        ft.Row([
            ft.FilledButton("Save person", icon=ft.Icons.CHECK, on_click=save),
            ft.TextButton("Cancel", on_click=lambda: app.back()),
        ], wrap=True),
    ])
