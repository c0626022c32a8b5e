"""The app lock in one browser tab or window: locked or not, the idle timer, background.

One :class:`LockSession` per Flet session (the root component owns it). While ``locked``
the root component renders only the lock screen: no screen of the user's data is built,
so nothing of it reaches the page, the accessibility tree or the web client.

When it locks (docs/privacy.md):

- at start, when a passcode is set (a new session starts locked);
- when the session's connection drops (a reload, a closed tab, the phone putting the
  browser away): locked *before* the client reconnects, so a reload never receives the
  unlocked screens, not even for a frame;
- after the app was in the background (``on_app_lifecycle_state_change``: hide/pause) for
  the chosen time, checked when it comes back; while it is in the background a plain
  cover replaces the screens (best effort for Android's recent-apps picture);
- after the chosen time without user interaction ("idle"): any event the user's client
  sends (a tap on a control, typing, a key, navigation) counts as interaction. Flet 1.0.5
  has no page-wide pointer listener, so the session's event dispatch is observed
  (``observe_activity``); scrolling alone, which sends no event, does not count.

The idle time is the lock record's minutes, or ``INTERVIEWPAL_LOCK_IDLE_SECONDS`` (a
test-only override, see AppServices.lock_idle_seconds).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import flet as ft

# Events that are not the user touching the app.
NOT_INTERACTION = frozenset({"app_lifecycle_state_change", "connect", "disconnect", "close", "resize"})
HIDDEN_STATES = (ft.AppLifecycleState.HIDE, ft.AppLifecycleState.PAUSE)

# The session's LockSession, for Settings' "Lock now".
LockContext = ft.create_context(None)


@ft.observable
@dataclass
class LockSession:
    locked: bool = False
    covered: bool = False  # the app is in the background: show a plain cover
    last_activity: float = field(default_factory=time.monotonic)
    hidden_since: float | None = None
    on_lock: Callable[[], None] | None = None  # e.g. close open dialogs
    screens: int = 0  # bumped when the client goes away: a fresh lock screen for the reload
    connections: int = 0  # bumped on reconnect: the lock screen restarts its dropped effects

    def went_away(self) -> None:
        """The client's connection dropped (a reload, a closed tab): lock, with a fresh lock screen."""
        self.lock()
        self.screens += 1

    def reconnected(self) -> None:
        if self.locked:
            self.connections += 1

    def touch(self) -> None:
        self.last_activity = time.monotonic()

    def lock(self) -> None:
        if not self.locked:
            if self.on_lock is not None:
                try:
                    self.on_lock()
                except Exception:  # noqa: BLE001 - locking must never fail on a dialog
                    pass
            self.locked = True

    def unlocked(self) -> None:
        self.touch()
        self.locked = False

    def went_hidden(self, cover: bool = True) -> None:
        if self.hidden_since is None:
            self.hidden_since = time.monotonic()
        if cover:
            self.covered = True

    def came_back(self, enabled: bool, idle_seconds: float) -> None:
        away = self.hidden_since
        self.hidden_since = None
        if enabled and away is not None and time.monotonic() - away >= idle_seconds:
            self.lock()
        self.touch()
        if self.covered:
            self.covered = False

    def idle_due(self, enabled: bool, idle_seconds: float) -> bool:
        return enabled and not self.locked and time.monotonic() - self.last_activity >= idle_seconds


def observe_activity(page: ft.Page, on_event: Callable[[str], None]) -> None:
    """Call ``on_event(name)`` for every event the client sends to this session.

    Wraps the session's ``dispatch_event`` (the one entry point of client events in
    Flet 1.0.5: web, desktop and mobile connections all call it). Without it (a later
    Flet that moved it), idle time counts from navigation and keys only.
    """
    session: Any = getattr(page, "session", None)
    original = getattr(session, "dispatch_event", None)
    if original is None or getattr(original, "_interviewpal_observed", False):
        return

    async def dispatch_event(control_id, event_name, event_data):
        try:
            on_event(event_name)
        finally:
            return await original(control_id, event_name, event_data)  # noqa: B012

    dispatch_event._interviewpal_observed = True  # type: ignore[attr-defined]
    session.dispatch_event = dispatch_event


async def idle_watch(lock: LockSession, enabled: Callable[[], bool], idle_seconds: Callable[[], float],
                     alive: Callable[[], bool]) -> None:
    """Lock once the idle time passed; checks every second while ``alive()``."""
    while alive():
        await asyncio.sleep(1.0)
        try:
            if lock.idle_due(enabled(), idle_seconds()):
                lock.lock()
        except Exception:  # noqa: BLE001 - never let the watcher die on a transient error
            pass
