"""Settings: theme, reminder preferences, where the data lives, about."""

from __future__ import annotations

import flet as ft

from ... import __version__
from ...models import NotificationDetail, Settings, Theme
from ...services.forms import FormError
from ..components.common import page_body, section
from ..contexts import AppContext
from ..hooks.live_state import use_live_state
from .app_lock_settings import AppLockSection
from .data_settings import DataSection
from ...services.time_zones import device_zone, forget_device_zone
from ..components.zone_picker import ZonePicker, zone_field_text
from ..components.text_input import TextInput

OFFSET_CHOICES = [(24 * 60, "1 day before"), (120, "2 hours before"), (60, "1 hour before"), (30, "30 minutes before"), (15, "15 minutes before")]


@ft.component
def SettingsScreen():
    app = ft.use_context(AppContext)
    svc = app.services
    s = svc.settings.get()
    # (from, until) as typed; Enter saves what was typed even before the last keystroke's re-render
    quiet, set_quiet, typed_quiet = use_live_state(
        lambda: (f"{s.quiet_start:%H:%M}" if s.quiet_start else "", f"{s.quiet_end:%H:%M}" if s.quiet_end else ""))
    quiet_error, set_quiet_error = ft.use_state(None)

    def update(**changes):
        try:
            svc.settings.update(**changes)
        except FormError as e:
            app.notify(next(iter(e.errors.values())))
            return False
        app.changed()
        return True

    def set_theme(e):
        if update(theme=e.control.value):
            app.set_theme(e.control.value)

    def toggle_offset(minutes: int, on: bool):
        offsets = set(s.offsets_minutes)
        (offsets.add if on else offsets.discard)(minutes)
        update(offsets_minutes=sorted(offsets))

    def save_quiet(e=None):
        try:
            svc.settings.set_quiet_hours(*typed_quiet())
        except FormError as err:
            if "quiet_hours" in err.errors:
                set_quiet_error(err.errors["quiet_hours"])
                return
            set_quiet_error(None)
            app.notify(next(iter(err.errors.values())))
            return
        set_quiet_error(None)
        app.changed()
        app.notify("Quiet hours saved.")

    return page_body([
        section("Appearance", [
            ft.Dropdown(label="Theme", value=s.theme.value, width=220,
                        options=[ft.DropdownOption(key=Theme.SYSTEM.value, text="Follow the system"),
                                 ft.DropdownOption(key=Theme.LIGHT.value, text="Light"),
                                 ft.DropdownOption(key=Theme.DARK.value, text="Dark")],
                        on_select=set_theme),
        ]),
        section("Your time zone", [TimeZoneSetting()]),
        section("Reminders", [
            ft.Switch(label="Remind me about rounds and follow-ups", value=s.reminders_enabled,
                      on_change=lambda e: update(reminders_enabled=bool(e.control.value))),
            ft.Switch(label=f"The evening before, at {s.evening_before_at:%H:%M}", value=s.evening_before,
                      on_change=lambda e: update(evening_before=bool(e.control.value)), disabled=not s.reminders_enabled),
            *[ft.Checkbox(label=label, value=m in s.offsets_minutes, disabled=not s.reminders_enabled,
                          on_change=lambda e, m=m: toggle_offset(m, bool(e.control.value)))
              for m, label in OFFSET_CHOICES],
            ft.Switch(label=f"Ask how it went {s.reflect_after_minutes} minutes after a round", value=s.reflect_after_minutes > 0,
                      on_change=lambda e: update(reflect_after_minutes=Settings().reflect_after_minutes if e.control.value else 0), disabled=not s.reminders_enabled),
            ft.Row([
                TextInput(label="Quiet from", value=quiet[0], width=120, hint_text="22:00", error=quiet_error,
                          on_change=lambda e: set_quiet(lambda q, v=e.control.value or "": (v, q[1])), on_submit=save_quiet),
                TextInput(label="Quiet until", value=quiet[1], width=120, hint_text="07:00",
                          on_change=lambda e: set_quiet(lambda q, v=e.control.value or "": (q[0], v)), on_submit=save_quiet),
                ft.OutlinedButton("Save quiet hours", on_click=save_quiet),
            ], wrap=True, vertical_alignment=ft.CrossAxisAlignment.START),
            ft.Dropdown(label="What notifications may show", value=s.notification_detail.value, width=320,
                        options=[ft.DropdownOption(key=NotificationDetail.COMPANY_AND_STAGE.value, text="Company and stage"),
                                 ft.DropdownOption(key=NotificationDetail.NEUTRAL.value, text="Only \"Interview in 1 h\"")],
                        on_select=lambda e: update(notification_detail=e.control.value)),
            ft.Text("Notifications never show what you wrote in your journal.", size=12, color=ft.Colors.ON_SURFACE_VARIANT),
            *([ft.Text(svc.notifier.status_message, color=ft.Colors.ERROR)] if svc.notifier is not None and svc.notifier.status_message else []),
            *([ft.Text(p, color=ft.Colors.ERROR)] if (p := svc.reminder_problem()) else []),
        ]),
        section("Lock the app", [AppLockSection()]),
        section("Your data", [*([ft.Text(p, color=ft.Colors.ERROR)] if (p := svc.backup_problem()) else []), DataSection()]),
        section("About", [
            ft.Text(f"InterviewPal {__version__}: quick tips before a round, a journal after it, reminders in between. "
                    "No account, no server, no tracking."),
            ft.TextButton("Interview guide", icon=ft.Icons.MENU_BOOK, on_click=lambda: app.go("/guide")),
        ]),
    ])


@ft.component
def TimeZoneSetting():
    """Automatic (the device's zone) or a chosen one; every time in the app is shown in it."""
    app = ft.use_context(AppContext)
    svc = app.services
    chosen = svc.settings.get().time_zone
    forget_device_zone()  # Settings is where a traveller checks: detect afresh
    detected = device_zone()
    text, set_text = ft.use_state(lambda: zone_field_text(chosen or detected))

    def set_automatic(on: bool):
        # Off: keep showing the same zone, now as a choice the user can change.
        svc.settings.update(time_zone=None if on else detected)
        set_text(zone_field_text(detected))
        app.changed()

    def pick(zone: str):
        svc.settings.update(time_zone=zone)
        app.changed()
        app.notify(f"Times are now shown in {zone_field_text(zone)}.")

    controls: list[ft.Control] = [
        ft.Switch(label="Set automatically", value=chosen is None, on_change=lambda e: set_automatic(bool(e.control.value))),
    ]
    if chosen is None:
        controls.append(ft.Text(f"Detected on this device: {zone_field_text(detected)}", color=ft.Colors.ON_SURFACE_VARIANT))
    else:
        controls.append(ZonePicker(text, on_change=set_text, label="Your time zone", on_pick=pick))
    controls.append(ft.Text("Every time in the app, in reminders and in exports uses this zone.", size=12,
                            color=ft.Colors.ON_SURFACE_VARIANT))
    return ft.Column(controls, spacing=8)
