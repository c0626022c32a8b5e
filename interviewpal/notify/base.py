"""The notification interface every backend implements, and the chain the app uses.

A backend shows one notification *now*. Scheduling for later is the reminder
runner's job (:mod:`interviewpal.services.reminder_runner`); only the Android
backend can also hand reminders to the OS (see :mod:`.android`).

Plain Python: no Flet here.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Mapping, Protocol, runtime_checkable

log = logging.getLogger(__name__)

Payload = Mapping[str, Any]


class NotifierError(RuntimeError):
    """A backend could not show a notification.

    ``reason`` is a short lower-case phrase for the user ("no notification
    service answered"); the exception text may carry technical detail.
    """

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


@runtime_checkable
class Notifier(Protocol):
    """One way of showing a notification."""

    name: str
    """Short id stored in the delivery log, e.g. "desktop", "inapp", "android"."""

    def available(self) -> bool:
        """Whether this backend can show a notification right now (cheap, never raises)."""
        ...

    def notify(self, title: str, body: str, payload: Payload | None = None) -> None:
        """Show a notification now; raise :class:`NotifierError` on failure."""
        ...


def fallback_message(label: str, reason: str) -> str:
    """The one-time message Settings shows when the OS backend does not work."""
    return f"{label} notifications are not available ({reason}); reminders show inside the app instead."


class NotifierChain:
    """Try the OS backend, then always post to the in-app notifier.

    * ``os_notifier`` (desktop or Android; may be None) is tried first.
    * ``inapp`` always receives the notification too: the UI decides whether to
      show a banner (``InAppBanner.os_shown`` tells it the OS showed it already).
      When the OS backend is unavailable or fails, the in-app banner is the
      only place the reminder appears.
    * The first OS failure sets :attr:`status_message` once (a user-facing
      sentence Settings can show); later failures do not change it.

    :meth:`notify` never raises for an OS failure; it returns the name of the
    backend that showed the notification.
    """

    def __init__(self, os_notifier: Notifier | None, inapp: Any):
        self.os_notifier = os_notifier
        self.inapp = inapp
        self._status_message: str | None = None
        self._last_error: NotifierError | None = None
        self._lock = threading.Lock()

    # -- state for Settings --------------------------------------------------

    @property
    def status_message(self) -> str | None:
        """Set once, at the first OS backend failure; None while all is well."""
        return self._status_message

    @property
    def last_error(self) -> NotifierError | None:
        return self._last_error

    @property
    def os_name(self) -> str | None:
        return getattr(self.os_notifier, "name", None)

    @property
    def scheduler(self) -> Any | None:
        """The OS backend when it can schedule for later (Android), else None."""
        n = self.os_notifier
        if n is not None and callable(getattr(n, "schedule", None)) and callable(getattr(n, "cancel", None)):
            try:
                return n if n.available() else None
            except Exception:  # noqa: BLE001 - available() must not break delivery
                return None
        return None

    def _os_failed(self, err: NotifierError) -> None:
        with self._lock:
            self._last_error = err
            if self._status_message is None:
                label = getattr(self.os_notifier, "label", None) or "System"
                self._status_message = fallback_message(label, err.reason)
        log.info("OS notification backend %s failed: %s", self.os_name, err)

    # -- delivery ------------------------------------------------------------

    def notify(self, title: str, body: str, payload: Payload | None = None) -> str:
        """Show a notification; returns the name of the backend that showed it at OS level,
        or the in-app backend's name when only the app shows it."""
        shown_by: str | None = None
        n = self.os_notifier
        if n is not None:
            try:
                if not n.available():
                    raise NotifierError(getattr(n, "unavailable_reason", None) or "no notification service answered")
                n.notify(title, body, payload)
                shown_by = n.name
            except NotifierError as err:
                self._os_failed(err)
            except Exception as err:  # noqa: BLE001 - a backend bug must not lose the reminder
                self._os_failed(NotifierError("the notification service failed", repr(err)))
        self.inapp.notify(title, body, payload, os_shown=shown_by is not None)
        return shown_by or self.inapp.name
