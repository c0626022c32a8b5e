"""In-app notifications: a plain-Python queue of banners the UI subscribes to.

Always available. The UI calls :meth:`InAppNotifier.subscribe` with a callback
that receives each new :class:`InAppBanner`; it shows a banner/snack bar and
calls :meth:`InAppNotifier.dismiss` when the user closes it or taps it.

Callbacks run on the asyncio loop bound with :meth:`InAppNotifier.bind_loop`
(the reminder runner binds its own loop), or directly in the delivering thread
when no loop is bound. No Flet here.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Mapping

from .base import Payload

log = logging.getLogger(__name__)

Callback = Callable[["InAppBanner"], Any]


@dataclass(frozen=True)
class InAppBanner:
    """One notification as the app shows it."""

    id: int
    title: str
    body: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    created_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    os_shown: bool = False
    """True when the OS showed it too (the UI may then show it more quietly)."""

    @property
    def key(self) -> str | None:
        return self.payload.get("key")

    @property
    def target(self) -> tuple[str, str] | None:
        """The screen a tap opens, e.g. ("quick_tips", round_id)."""
        t = self.payload.get("target")
        return (str(t[0]), str(t[1])) if t and len(t) == 2 else None


class InAppNotifier:
    """Pending in-app banners plus subscribers. Thread-safe."""

    name = "inapp"
    label = "In-app"

    def __init__(self, max_pending: int = 50):
        self._lock = threading.RLock()
        self._pending: list[InAppBanner] = []
        self._subscribers: list[Callback] = []
        self._next_id = 1
        self._max = max_pending
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task] = set()

    # -- Notifier ------------------------------------------------------------

    def available(self) -> bool:
        return True

    def notify(self, title: str, body: str, payload: Payload | None = None, *, os_shown: bool = False) -> InAppBanner:
        with self._lock:
            banner = InAppBanner(self._next_id, title, body, dict(payload or {}), os_shown=os_shown)
            self._next_id += 1
            self._pending.append(banner)
            del self._pending[: max(0, len(self._pending) - self._max)]
            subscribers = list(self._subscribers)
        for cb in subscribers:
            self._dispatch(cb, banner)
        return banner

    # -- for the UI ------------------------------------------------------------

    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call ``callback(banner)`` for every new banner; returns an unsubscribe function."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def pending(self) -> list[InAppBanner]:
        """Banners not dismissed yet, oldest first."""
        with self._lock:
            return list(self._pending)

    def dismiss(self, banner_id: int) -> bool:
        with self._lock:
            before = len(self._pending)
            self._pending = [b for b in self._pending if b.id != banner_id]
            return len(self._pending) != before

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()

    def bind_loop(self, loop: asyncio.AbstractEventLoop | None) -> None:
        """Run callbacks on ``loop`` (thread-safe hand-over); None: call them directly."""
        self._loop = loop

    # -- internals -------------------------------------------------------------

    def _dispatch(self, cb: Callback, banner: InAppBanner) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is not loop:
                loop.call_soon_threadsafe(self._call, cb, banner)
                return
        self._call(cb, banner)

    def _call(self, cb: Callback, banner: InAppBanner) -> None:
        try:
            result = cb(banner)
            if asyncio.iscoroutine(result):
                try:
                    task = asyncio.get_running_loop().create_task(result)
                except RuntimeError:
                    asyncio.run(result)
                else:
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
        except Exception:  # noqa: BLE001 - a UI callback bug must not stop delivery
            log.exception("in-app notification subscriber failed")
