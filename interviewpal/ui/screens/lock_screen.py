"""The lock screen (the only view while the app is locked) and the background cover.

Shows nothing of the user's data: the app's name, one passcode field, Unlock, and
"Forgot passcode?" with the two ways out designed in docs/privacy.md (the passphrase of the
latest protected backup, or erase everything). The passcode is checked in a worker thread
(scrypt takes a second or more); a wrong one shows the growing wait, counted down.
"""

from __future__ import annotations

import asyncio
import time
from typing import Callable

import flet as ft

from ...models.app_lock import PasscodeKind
from ...services.app_lock import PasscodeRejected, wait_sentence
from ..components.common import confirm_dialog
from ..hooks.live_state import use_live_state
from ..components.text_input import TextInput

KIND_WORD = {PasscodeKind.PIN: "PIN", PasscodeKind.PASSPHRASE: "passphrase"}


def passcode_field(label: str, value: str, on_change, kind: PasscodeKind | str | None, **kw) -> TextInput:
    """A hidden-text field for a PIN (number pad) or a passphrase; Enter submits via ``on_submit``."""
    pin = kind is not None and PasscodeKind(kind) is PasscodeKind.PIN
    return TextInput(
        label=label, value=value, password=True, can_reveal_password=True,
        keyboard_type=ft.KeyboardType.NUMBER if pin else ft.KeyboardType.VISIBLE_PASSWORD,
        on_change=lambda e: on_change(e.control.value or ""), max_length=None, **kw,
    )


def kind_choice(value: str, on_change: Callable[[str], None]) -> ft.RadioGroup:
    return ft.RadioGroup(
        value=value,
        on_change=lambda e: on_change(e.control.value or PasscodeKind.PIN.value),
        content=ft.Row([
            ft.Radio(value=PasscodeKind.PIN.value, label="PIN (digits)"),
            ft.Radio(value=PasscodeKind.PASSPHRASE.value, label="Passphrase"),
        ], wrap=True),
    )


def use_wait(initial_seconds: float, connection: int = 0) -> tuple[float, Callable[[float], None]]:
    """Seconds left of the wrong-try wait (re-rendered every second) and a setter for a new wait.

    ``connection`` is the lock's reconnect count: Flet drops the effects of a screen rendered
    while the client was away (the lock screen a reload gets), so a new value starts the
    countdown again, without mounting new controls under the user's fingers.
    """
    page = ft.context.page
    wait_until, set_wait_until = ft.use_state(lambda: time.monotonic() + initial_seconds)
    _, set_tick = ft.use_state(0)
    remaining = max(0.0, wait_until - time.monotonic())

    def countdown():
        if wait_until <= time.monotonic():
            return

        async def tick():
            while time.monotonic() < wait_until:
                await asyncio.sleep(min(1.0, max(0.05, wait_until - time.monotonic())))
                set_tick(lambda n: n + 1)

        page.run_task(tick)

    ft.use_effect(countdown, [wait_until, connection])
    return remaining, lambda seconds: set_wait_until(time.monotonic() + seconds)


def wait_label(remaining: float, label: str) -> str:
    return f"Wait {int(-(-remaining // 1))} s" if remaining > 0 else label


def _frame(controls: list[ft.Control]) -> ft.Control:
    return ft.Container(ft.Column(controls, spacing=14, tight=True, horizontal_alignment=ft.CrossAxisAlignment.CENTER),
                        padding=16, width=480)


def _centered_view(route: str, content: ft.Control) -> ft.View:
    return ft.View(route=route, padding=0, controls=[ft.SafeArea(content)], scroll=ft.ScrollMode.AUTO,
                   horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                   vertical_alignment=ft.MainAxisAlignment.CENTER)


def CoverView(route: str) -> ft.View:
    """While the app is in the background: a plain cover (recent-apps picture, best effort)."""
    return _centered_view(route, _frame([
        ft.Icon(ft.Icons.LOCK_OUTLINE, size=48, color=ft.Colors.PRIMARY),
        ft.Text("InterviewPal", size=22, weight=ft.FontWeight.BOLD),
    ]))


def LockView(services, lock, *, route: str, on_erased: Callable[[], None]) -> ft.View:
    # A fresh lock screen (nothing typed, back from "Forgot") is built while the client is away,
    # so a reload gets it whole; after the reconnect the same controls stay (a field replaced
    # while the user types into it loses the keystrokes), and the new ``connection`` only
    # restarts the effects Flet dropped meanwhile.
    return _centered_view(route, LockScreen(services, lock, on_erased, connection=lock.connections,
                                            key=f"lock-{lock.screens}"))


@ft.component
def LockScreen(services, lock, on_erased: Callable[[], None], connection: int = 0):
    svc = services
    kind = svc.lock.kind or PasscodeKind.PIN
    word = KIND_WORD[kind]
    code, set_code, typed = use_live_state("")  # what Enter reads (ui/hooks/live_state.py)
    message, set_message = ft.use_state(lambda: svc.lock_problem or "")
    busy, set_busy = ft.use_state(False)
    remaining, start_wait = use_wait(svc.lock.seconds_to_wait(), connection)
    mode, set_mode = ft.use_state("unlock")  # "unlock" | "forgot"

    async def unlock(e=None):
        attempt_code = typed()
        if busy or not attempt_code:
            return
        if remaining > 0:  # Enter pressed during the wait
            set_message(f"Please wait. {wait_sentence(remaining)}")
            return
        set_busy(True)
        set_message("")
        try:
            attempt = await asyncio.to_thread(svc.lock.try_unlock, attempt_code)
        finally:
            set_busy(False)
        set_code("")
        if attempt.ok:
            lock.unlocked()
            return
        set_message(attempt.message)  # e.g. "That passcode is not right. Try again in 2 seconds."
        if attempt.wait_seconds > 0:
            start_wait(attempt.wait_seconds)

    if mode == "forgot":
        return _frame([ForgotPasscode(svc, lock, on_erased, word, back=lambda: set_mode("unlock"),
                                      connection=connection)])

    status: list[ft.Control] = []
    if message:
        status.append(ft.Text(message, color=ft.Colors.ERROR, text_align=ft.TextAlign.CENTER))
    if busy:
        status.append(ft.Row([ft.ProgressRing(width=18, height=18, stroke_width=2), ft.Text(f"Checking the {word}…")],
                             alignment=ft.MainAxisAlignment.CENTER))

    return _frame([
        ft.Icon(ft.Icons.LOCK_OUTLINE, size=48, color=ft.Colors.PRIMARY),
        ft.Text("InterviewPal is locked", size=22, weight=ft.FontWeight.BOLD, text_align=ft.TextAlign.CENTER),
        ft.Text(f"Enter your {word} to open it.", text_align=ft.TextAlign.CENTER),
        ft.Container(passcode_field("PIN" if kind is PasscodeKind.PIN else "Passphrase", code, set_code,
                                    kind, autofocus=True, on_submit=unlock, disabled=busy), width=320),
        *status,
        ft.FilledButton(wait_label(remaining, "Unlock"), icon=ft.Icons.LOCK_OPEN,
                        on_click=unlock, disabled=busy or remaining > 0),
        ft.TextButton(f"Forgot {word}?", on_click=lambda: set_mode("forgot")),
    ])


@ft.component
def ForgotPasscode(svc, lock, on_erased: Callable[[], None], word: str, back: Callable[[], None],
                   connection: int = 0):
    """docs/privacy.md, "If you forget the passcode": reset with the latest protected backup's
    passphrase (keeps the data), or erase everything (then import a protected backup)."""
    page = ft.context.page
    backup_pass, set_backup_pass, backup_pass_now = use_live_state("")
    new_kind, set_new_kind, new_kind_now = use_live_state(PasscodeKind.PIN.value)
    new_code, set_new_code, new_code_now = use_live_state("")
    repeat, set_repeat, repeat_now = use_live_state("")
    message, set_message = ft.use_state("")
    busy, set_busy = ft.use_state(None)
    remaining, start_wait = use_wait(svc.lock.seconds_to_wait(), connection)

    async def reset(e=None):
        if busy or remaining > 0:
            return
        passphrase, chosen, kind_chosen = backup_pass_now(), new_code_now(), new_kind_now()
        if chosen != repeat_now():
            set_message("The two new entries are not the same.")
            return
        set_busy("Checking the backup passphrase…")
        set_message("")
        try:
            result = await asyncio.to_thread(svc.lock.reset_with_backup_passphrase, passphrase, chosen, kind_chosen)
        except PasscodeRejected as err:
            set_message(err.message)
            return
        finally:
            set_busy(None)
        if result.ok:
            lock.unlocked()
        else:
            set_message(result.message)
            if result.wait_seconds > 0:
                start_wait(result.wait_seconds)

    async def erase():
        set_busy("Erasing…")
        try:
            await asyncio.to_thread(svc.erase_everything)
        finally:
            set_busy(None)
        lock.unlocked()
        on_erased()

    def ask_erase():
        page.show_dialog(confirm_dialog(
            "Erase everything?",
            "This deletes every application, round, reflection, your settings and the automatic backups "
            "on this device, then turns the lock off. It cannot be undone. A protected backup you saved "
            "elsewhere can be imported afterwards with its passphrase.",
            "Erase everything", lambda: page.run_task(erase),
        ))

    controls: list[ft.Control] = [
        ft.Text(f"Forgot your {word}?", size=20, weight=ft.FontWeight.BOLD),
        ft.Text(f"There is no back door: nobody, including us, can open the app without the {word}.",
                text_align=ft.TextAlign.CENTER),
    ]
    if svc.lock.can_reset_with_backup_passphrase:
        controls += [
            ft.Text("Prove it is you with the passphrase of your latest protected backup, then choose a new "
                    f"{word}. Your data stays.", text_align=ft.TextAlign.CENTER),
            ft.Container(ft.Column([
                passcode_field("Backup passphrase", backup_pass, set_backup_pass, PasscodeKind.PASSPHRASE),
                kind_choice(new_kind, set_new_kind),
                passcode_field("New passcode", new_code, set_new_code, new_kind),
                passcode_field("Repeat the new passcode", repeat, set_repeat, new_kind, on_submit=reset),
                ft.FilledButton(wait_label(remaining, "Set the new passcode"), on_click=reset,
                                disabled=busy is not None or remaining > 0),
            ], spacing=10, tight=True), width=340),
        ]
    else:
        controls.append(ft.Text("No protected backup was made while the lock was on, so the only way in is to "
                                "erase this device's data.", text_align=ft.TextAlign.CENTER))
    if message:
        controls.append(ft.Text(message, color=ft.Colors.ERROR, text_align=ft.TextAlign.CENTER))
    if busy:
        controls.append(ft.Row([ft.ProgressRing(width=18, height=18, stroke_width=2), ft.Text(busy)],
                               alignment=ft.MainAxisAlignment.CENTER))
    controls += [
        ft.OutlinedButton("Erase everything and start over", icon=ft.Icons.DELETE_FOREVER, on_click=ask_erase,
                          disabled=busy is not None),
        ft.TextButton("Back to the lock screen", on_click=back),
    ]
    return ft.Column(controls, spacing=12, tight=True, horizontal_alignment=ft.CrossAxisAlignment.CENTER)
