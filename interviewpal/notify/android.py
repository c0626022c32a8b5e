"""Android notifications through the ``flet-notifications`` extension (OS-level scheduling).

Only the OS can fire a reminder while the app is closed, so on Android the
reminder runner hands future reminders to Android's AlarmManager through
``flet_notifications.LocalNotifications`` (a Flet service wrapping Flutter's
``flutter_local_notifications``) and cancels them when the plan changes.

This module is inert everywhere else: ``flet`` and ``flet_notifications`` are
imported only inside functions, and only when ``FLET_PLATFORM == "android"``
(what a packaged Flet build sets; see ``flet.utils.platform_utils.is_android``).
The extension needs ``flet build apk`` plus a manifest patch step: see
docs/reminders.md. It cannot run without the Flutter toolchain, so this class is
small and everything around it is tested with fakes.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import os
import zlib
from typing import Any, Callable, Iterable

from .base import NotifierError, Payload

log = logging.getLogger(__name__)

EXTENSION_MODULE = "flet_notifications"
CHANNEL_ID = "reminders"
# What Android shows in the app's notification settings for the channel. Without an
# explicit channel the plugin creates one named "Notifications" on first use.
CHANNEL_NAME = "Reminders"
CHANNEL_DESCRIPTION = "Before a round and after it: time, place and a prompt to reflect."
NOT_ANDROID = "not running in the Android app"
NO_EXTENSION = "the flet-notifications extension is not part of this build"
NOT_ATTACHED = "notifications were not set up for this session"


def running_on_android() -> bool:
    """True inside a packaged Flet Android app (Flet sets FLET_PLATFORM=android)."""
    return os.environ.get("FLET_PLATFORM") == "android"


def notification_id(key: str) -> int:
    """A stable positive 31-bit id for a reminder key (Android notification ids are ints)."""
    return (zlib.crc32(key.encode("utf-8")) & 0x7FFFFFFF) or 1


class AndroidNotifier:
    """The Android OS backend: shows now, schedules for later, cancels.

    Call :meth:`attach` once inside the Flet session (in ``main(page)``), then
    ``await request_permission()`` at a sensible moment (e.g. when the user
    turns reminders on).
    """

    name = "android"
    label = "Android"

    def __init__(self, on_tap: Callable[[dict[str, Any]], Any] | None = None, send_timeout: float = 15.0):
        self.on_tap = on_tap
        self.send_timeout = send_timeout
        self.unavailable_reason = NOT_ANDROID
        self._service: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._exact: bool | None = None
        self._channel_ready = False

    # -- availability --------------------------------------------------------

    def available(self) -> bool:
        if not running_on_android():
            self.unavailable_reason = NOT_ANDROID
            return False
        if importlib.util.find_spec(EXTENSION_MODULE) is None:
            self.unavailable_reason = NO_EXTENSION
            return False
        if self._service is None:
            self.unavailable_reason = NOT_ATTACHED
            return False
        return True

    def attach(self, loop: asyncio.AbstractEventLoop | None = None) -> bool:
        """Create the notification service for the current Flet page; False off Android."""
        if not running_on_android() or importlib.util.find_spec(EXTENSION_MODULE) is None:
            return False
        if self._service is not None:
            return True
        try:
            from flet_notifications import LocalNotifications  # lazy: Android build only

            service = LocalNotifications()
        except Exception as err:  # noqa: BLE001 - a broken build must not stop the app
            log.warning("flet-notifications could not start: %r", err)
            self.unavailable_reason = NO_EXTENSION
            return False

        async def _tapped(e: Any) -> None:
            if self.on_tap is None:
                return
            try:
                data = json.loads(getattr(e, "payload", "") or "{}")
            except ValueError:
                data = {}
            result = self.on_tap(data)
            if asyncio.iscoroutine(result):
                await result

        service.on_tap = _tapped
        self._service = service
        if loop is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
        self._loop = loop
        return True

    def bind_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        """The loop the Flet session runs on (the reminder runner binds its own)."""
        if self._loop is None or self._loop.is_closed():
            self._loop = loop

    async def request_permission(self) -> bool:
        """Ask for POST_NOTIFICATIONS (Android 13+); True when notifications may be shown."""
        if not self.available():
            return False
        try:
            return bool(await self._service.request_permissions())
        except Exception as err:  # noqa: BLE001
            log.warning("notification permission request failed: %r", err)
            return False

    # -- Notifier --------------------------------------------------------------

    def notify(self, title: str, body: str, payload: Payload | None = None) -> None:
        """Show now. Call from a worker thread (the runner does); blocks until shown."""
        if not self.available():
            raise NotifierError(self.unavailable_reason)
        loop = self._loop
        if loop is None or loop.is_closed():
            raise NotifierError(NOT_ATTACHED)
        try:
            if asyncio.get_running_loop() is loop:
                raise NotifierError("the notification was sent from the event loop thread")
        except RuntimeError:
            pass
        future = asyncio.run_coroutine_threadsafe(self.show(title, body, payload), loop)
        try:
            future.result(timeout=self.send_timeout)
        except NotifierError:
            raise
        except Exception as err:  # noqa: BLE001
            raise NotifierError("the notification service failed", repr(err)) from err

    async def show(self, title: str, body: str, payload: Payload | None = None) -> None:
        if not self.available():
            raise NotifierError(self.unavailable_reason)
        key = str((payload or {}).get("key", title))
        await self._ensure_channel()
        try:
            await self._service.show(
                id=notification_id(key), title=title, body=body,
                payload=json.dumps(dict(payload or {})), channel_id=CHANNEL_ID,
            )
        except Exception as err:  # noqa: BLE001
            raise NotifierError("the notification service failed", repr(err)) from err

    async def _ensure_channel(self) -> None:
        """Create the reminders channel with its user-facing name, once per session.

        Android keeps a channel's name and importance from its creation on, so it
        must exist before the first notification is posted on it.
        """
        if self._channel_ready:
            return
        try:
            from flet_notifications import Importance, NotificationChannel  # lazy: Android build only

            await self._service.create_notification_channel(
                NotificationChannel(
                    id=CHANNEL_ID, name=CHANNEL_NAME, description=CHANNEL_DESCRIPTION,
                    importance=Importance.HIGH,
                )
            )
            self._channel_ready = True
        except Exception as err:  # noqa: BLE001 - the plugin still posts on a default-named channel
            log.warning("could not create the reminders notification channel: %r", err)

    # -- OS scheduling -----------------------------------------------------------

    async def _schedule_mode(self) -> Any:
        from flet_notifications import AndroidScheduleMode  # lazy: Android build only

        if self._exact is None:
            try:
                self._exact = bool(await self._service.can_schedule_exact_notifications())
            except Exception:  # noqa: BLE001
                self._exact = False
        return AndroidScheduleMode.EXACT_ALLOW_WHILE_IDLE if self._exact else AndroidScheduleMode.INEXACT_ALLOW_WHILE_IDLE

    async def schedule(self, reminders: Iterable[Any]) -> list[str]:
        """Hand reminders (``services.reminders.Reminder``) to the OS; returns the keys scheduled.

        Scheduling a key again replaces its alarm (same notification id).
        """
        if not self.available():
            raise NotifierError(self.unavailable_reason)
        mode = await self._schedule_mode()
        await self._ensure_channel()
        done: list[str] = []
        for r in reminders:
            try:
                await self._service.schedule(
                    id=notification_id(r.key), when=r.fire_at, title=r.title, body=r.body,
                    payload=json.dumps(r.payload), schedule_mode=mode, channel_id=CHANNEL_ID,
                )
                done.append(r.key)
            except Exception as err:  # noqa: BLE001 - schedule the others anyway
                log.warning("could not schedule reminder %s: %r", r.key, err)
        return done

    async def cancel(self, keys: Iterable[str]) -> None:
        """Cancel scheduled (or shown) notifications for these reminder keys."""
        if not self.available():
            return
        for key in keys:
            try:
                await self._service.cancel(notification_id(key))
            except Exception as err:  # noqa: BLE001
                log.warning("could not cancel reminder %s: %r", key, err)
