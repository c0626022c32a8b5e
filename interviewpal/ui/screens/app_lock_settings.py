"""Settings, "Lock the app": set, change or turn off the passcode, the lock-after time, Lock now.

The wording says what the lock protects (someone holding the unlocked device) and what not
(someone with the files); details in docs/privacy.md. Hashing (scrypt, a second or more)
runs in a worker thread with a progress line.
"""

from __future__ import annotations

import asyncio

import flet as ft

from ...models.app_lock import PasscodeKind
from ...services.app_lock import DEFAULT_IDLE_MINUTES, PasscodeRejected, check_new_passcode
from ..contexts import AppContext
from ..hooks.live_state import use_live_state
from ..lock_session import LockContext
from .lock_screen import KIND_WORD, kind_choice, passcode_field

IDLE_CHOICES = [(1, "1 minute"), (2, "2 minutes"), (5, "5 minutes"), (15, "15 minutes"), (30, "30 minutes"), (60, "1 hour")]


def _hint(text: str) -> ft.Text:
    return ft.Text(text, size=12, color=ft.Colors.ON_SURFACE_VARIANT)


WHAT_IT_DOES = (
    "The lock keeps someone who picks up your unlocked phone or laptop out of InterviewPal. "
    "It does not encrypt your data folder: a person who can read the app's files can still read them. "
    "While the lock is on, notifications only say \"Interview in 1 h\"."
)


@ft.component
def AppLockSection():
    app = ft.use_context(AppContext)
    session = ft.use_context(LockContext)
    svc = app.services
    enabled = svc.lock.enabled
    # Live: Enter or a tap right after the last keystroke reads what was typed (ui/hooks/live_state.py).
    kind, set_kind, kind_now = use_live_state(PasscodeKind.PIN.value)
    current, set_current, current_now = use_live_state("")
    new, set_new, new_now = use_live_state("")
    repeat, set_repeat, repeat_now = use_live_state("")
    idle, set_idle, idle_now = use_live_state(str(DEFAULT_IDLE_MINUTES))
    error, set_error = ft.use_state(None)
    busy, set_busy = ft.use_state(None)
    action, set_action = ft.use_state(None)  # None | "change" | "off"

    def reset_fields():
        set_current("")
        set_new("")
        set_repeat("")
        set_error(None)

    def new_problem() -> str | None:
        problem = check_new_passcode(new_now(), kind_now())
        if problem:
            return problem
        if new_now() != repeat_now():
            return f"The two {KIND_WORD[PasscodeKind(kind_now())]}s are not the same."
        return None

    async def run(sentence: str, fn):
        set_busy(sentence)
        try:
            return await asyncio.to_thread(fn)
        finally:
            set_busy(None)

    async def turn_on(e=None):
        if busy:
            return
        problem = new_problem()
        if problem:
            set_error(problem)
            return
        chosen, kind_chosen, idle_chosen = new_now(), kind_now(), int(idle_now())
        try:
            await run("Protecting the passcode…", lambda: svc.lock.set_passcode(chosen, kind_chosen, idle_minutes=idle_chosen))
        except PasscodeRejected as err:
            set_error(err.message)
            return
        reset_fields()
        app.changed()  # reminders switch to the neutral text
        app.notify(f"The lock is on. InterviewPal asks for your {KIND_WORD[PasscodeKind(kind_chosen)]} at start.")

    async def change(e=None):
        if busy:
            return
        problem = new_problem()
        if problem:
            set_error(problem)
            return
        old_code, chosen, kind_chosen = current_now(), new_now(), kind_now()
        try:
            result = await run("Checking…", lambda: svc.lock.change_passcode(old_code, chosen, kind_chosen))
        except PasscodeRejected as err:
            set_error(err.message)
            return
        if not result.ok:
            set_current("")
            set_error(result.message)
            return
        reset_fields()
        set_action(None)
        app.notify("Passcode changed.")

    async def turn_off(e=None):
        typed = current_now()
        if busy or not typed:
            return
        result = await run("Checking…", lambda: svc.lock.remove(typed))
        if not result.ok:
            set_current("")
            set_error(result.message)
            return
        reset_fields()
        set_action(None)
        app.changed()
        app.notify("The lock is off.")

    def set_lock_after(e):
        minutes = int(e.control.value)
        if enabled:
            svc.lock.set_idle_minutes(minutes)
            app.notify(f"Locks after {dict(IDLE_CHOICES)[minutes]} away.")
        set_idle(str(minutes))

    lock_after = ft.Dropdown(
        label="Lock again after", width=220,
        value=str(svc.lock.idle_minutes if enabled else int(idle)),
        options=[ft.DropdownOption(key=str(m), text=t) for m, t in IDLE_CHOICES],
        on_select=set_lock_after,
    )

    controls: list[ft.Control] = [ft.Text(WHAT_IT_DOES)]
    new_fields = [
        kind_choice(kind, lambda v: (set_kind(v), set_error(None))),
        passcode_field("New PIN" if kind == PasscodeKind.PIN.value else "New passphrase", new, set_new, kind, width=300),
        passcode_field("Repeat it", repeat, set_repeat, kind, width=300,
                       on_submit=turn_on if not enabled else change),
    ]
    if not enabled:
        controls += [
            *new_fields,
            _hint("PIN: 4 to 12 digits. Passphrase: 6 characters or more; a few words are best."),
            lock_after,
            ft.Row([ft.FilledButton("Turn on the lock", icon=ft.Icons.LOCK, on_click=turn_on, disabled=busy is not None)]),
        ]
    else:
        word = KIND_WORD[svc.lock.kind]
        controls += [
            ft.Text(f"The lock is on ({word}). It locks at start and after the time below in the background "
                    "or without a touch.", weight=ft.FontWeight.W_600),
            lock_after,
            ft.Row([
                ft.FilledTonalButton("Lock now", icon=ft.Icons.LOCK, on_click=lambda: session.lock()),
                ft.OutlinedButton("Change passcode", on_click=lambda: (reset_fields(), set_action("change"))),
                ft.OutlinedButton("Turn off the lock", on_click=lambda: (reset_fields(), set_action("off"))),
            ], wrap=True, spacing=8, run_spacing=8),
        ]
        if action == "change":
            controls += [
                passcode_field(f"Current {word}", current, set_current, svc.lock.kind, width=300),
                *new_fields,
                ft.Row([ft.FilledButton("Save the new passcode", on_click=change, disabled=busy is not None),
                        ft.TextButton("Cancel", on_click=lambda: (reset_fields(), set_action(None)))], wrap=True),
            ]
        elif action == "off":
            controls += [
                passcode_field(f"Current {word}", current, set_current, svc.lock.kind, width=300, on_submit=turn_off),
                ft.Row([ft.FilledButton("Turn off", on_click=turn_off, disabled=busy is not None),
                        ft.TextButton("Cancel", on_click=lambda: (reset_fields(), set_action(None)))], wrap=True),
            ]
        controls.append(_hint(
            "Forgot it? The lock screen lets you choose a new one with the passphrase of your latest protected "
            "backup (Your data, Export, \"Protect with a passphrase\")"
            + (" — you have one." if svc.lock.can_reset_with_backup_passphrase else " — you have none yet.")
            + " Otherwise the only way in is to erase this device's data."))
    if error:
        controls.append(ft.Text(error, color=ft.Colors.ERROR))
    if busy:
        controls.append(ft.Row([ft.ProgressRing(width=18, height=18, stroke_width=2), ft.Text(busy)]))
    return ft.Column(controls, spacing=10)
