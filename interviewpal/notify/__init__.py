"""Notification backends behind one interface (plain Python; Flet only inside android.py functions).

Typical use in the app::

    chain = build_chain()            # OS backend for this platform + in-app queue
    chain.inapp.subscribe(show_banner)
    ...
    chain.status_message             # one-time sentence for Settings, or None
"""

from __future__ import annotations

from .android import AndroidNotifier, running_on_android
from .base import Notifier, NotifierChain, NotifierError, fallback_message
from .desktop import DesktopNotifier
from .inapp import InAppBanner, InAppNotifier

__all__ = [
    "AndroidNotifier", "DesktopNotifier", "InAppBanner", "InAppNotifier", "Notifier",
    "NotifierChain", "NotifierError", "build_chain", "fallback_message", "running_on_android",
]


def build_chain(*, os_notifications: bool = True, inapp: InAppNotifier | None = None) -> NotifierChain:
    """The chain for this platform: Android backend in the Android app, plyer on desktops.

    Pass ``os_notifications=False`` when the app is served to a browser
    (``flet`` web mode): a desktop notification would pop up on the server.
    """
    os_backend: Notifier | None = None
    if os_notifications:
        os_backend = AndroidNotifier() if running_on_android() else DesktopNotifier()
    return NotifierChain(os_backend, inapp or InAppNotifier())
