"""Add or edit an application. Bad input gets a message on its field; nothing typed is lost."""

from __future__ import annotations

import flet as ft

from ...models import ApplicationStatus
from ...models.application import amount_text
from ...services.forms import FormError
from ..components.common import page_body
from ..contexts import AppContext
from ..hooks.live_state import use_live_state
from ..components.text_input import TextInput

FIELDS = ("company", "role", "posting_url", "location", "source", "notes", "tags")
# Issue 13: the application's own dates and the offer's figures.
OFFER_FIELDS = ("applied_on", "offer_base", "offer_bonus", "offer_equity", "offer_currency", "offer_deadline")


def offer_values(existing) -> dict:
    if existing is None:
        return {k: "" for k in OFFER_FIELDS}
    day = lambda d: d.isoformat() if d else ""  # noqa: E731
    return {"applied_on": day(existing.applied_on), "offer_base": amount_text(existing.offer_base),
            "offer_bonus": amount_text(existing.offer_bonus), "offer_equity": existing.offer_equity,
            "offer_currency": existing.offer_currency, "offer_deadline": day(existing.offer_deadline)}


@ft.component
def ApplicationForm(app_id: str | None = None):
    app = ft.use_context(AppContext)
    svc = app.services
    existing = svc.applications.get(app_id) if app_id else None

    def initial():
        if not existing:
            return {k: "" for k in FIELDS} | {"status": ApplicationStatus.ACTIVE.value} | offer_values(None)
        return {
            "company": existing.company, "role": existing.role, "posting_url": existing.posting_url,
            "location": existing.location, "source": existing.source, "notes": existing.notes,
            "tags": ", ".join(existing.tags), "status": existing.status.value,
        } | offer_values(existing)

    values, set_values, values_now = use_live_state(initial)  # Save reads what was typed (ui/hooks/live_state.py)
    errors, set_errors = ft.use_state({})

    if app_id and not existing:
        return page_body([ft.Text("This application no longer exists.")])

    def set_field(name):
        def handler(e):
            set_values(lambda cur: cur | {name: e.control.value or ""})
        return handler

    def save(e=None):
        data = dict(values_now())
        data["tags"] = [t for t in data["tags"].split(",")]
        try:
            if existing:
                saved = svc.applications.update(existing.id, **data)
                app.changed()
                app.notify(f"Saved {saved.company}.")
                app.back()
            else:
                saved = svc.applications.create(**data)
                app.changed()
                app.notify(f"Added {saved.company}. Now add its first round.")
                app.replace(f"/applications/{saved.id}")
        except FormError as err:
            set_errors(err.errors)
            app.notify("Please check the highlighted fields.")

    def field(name, label, **kw):
        return TextInput(label=label, value=values[name], error=errors.get(name), on_change=set_field(name),
                         on_submit=save if not kw.get("multiline") else None, **kw)

    return page_body([
        field("company", "Company", autofocus=not existing),  # no auto-capitals: eBay, bol.com, de Volksbank
        field("role", "Role"),
        ft.Dropdown(label="Status", value=values["status"], options=[ft.DropdownOption(key=s.value, text=s.label) for s in ApplicationStatus],
                    on_select=lambda e: set_values(lambda cur: cur | {"status": e.control.value})),
        field("posting_url", "Job posting link", keyboard_type=ft.KeyboardType.URL, hint_text="https://..."),
        field("location", "Location"),
        field("source", "Where you found it", hint_text="Referral, job board, company site..."),
        field("tags", "Tags", hint_text="Comma separated, e.g. remote, fintech"),
        field("notes", "Notes", multiline=True, min_lines=3, max_lines=8),
        field("applied_on", "Applied on (optional)", hint_text="YYYY-MM-DD", keyboard_type=ft.KeyboardType.DATETIME,
              error_max_lines=2),
        ft.Text("Offer (optional)", theme_style=ft.TextThemeStyle.TITLE_SMALL),
        ft.Row([field("offer_base", "Base salary", keyboard_type=ft.KeyboardType.NUMBER, expand=True, error_max_lines=4),
                field("offer_currency", "Currency", hint_text="EUR", width=110)],
               vertical_alignment=ft.CrossAxisAlignment.START),
        field("offer_bonus", "Bonus", keyboard_type=ft.KeyboardType.NUMBER, error_max_lines=4),
        field("offer_equity", "Equity", hint_text="0.1% over 4 years, 2,000 RSUs..."),
        field("offer_deadline", "Answer the offer by", hint_text="YYYY-MM-DD", keyboard_type=ft.KeyboardType.DATETIME,
              error_max_lines=2),
        ft.Row([
            ft.FilledButton("Save", icon=ft.Icons.CHECK, on_click=save),
            ft.TextButton("Cancel", on_click=lambda: app.back()),
        ]),
    ])
