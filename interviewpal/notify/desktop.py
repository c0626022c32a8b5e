"""Desktop notifications through plyer (Linux, Windows, macOS).

plyer fires a notification *now* and has no scheduling. On Linux it talks to
the ``org.freedesktop.Notifications`` service on the session bus: through
dbus-python when importable, else the ``notify-send`` program (Debian
``libnotify-bin``), or the xdg portal inside Flatpak. Its ``notify-send`` path
ignores the program's exit status, so a missing notification service would go
unnoticed: :meth:`DesktopNotifier.available` therefore asks the service itself
(``GetServerInformation`` through ``dbus-send`` or ``gdbus``) before a
notification is sent, and reports unavailable when nothing answers.

On macOS plyer needs pyobjus, which is rarely installed; the backend then uses
``osascript`` ("display notification").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
import warnings
from typing import Callable

from .base import NotifierError, Payload

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"

NO_SERVICE = "no notification service answered"
NO_PROGRAM = "no notification program was found"
NOT_DESKTOP = "this is not a desktop system"
NO_PLYER = "the plyer package is missing"


def _is_linux_like(platform: str) -> bool:
    return platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def _in_flatpak() -> bool:
    # plyer's own test for Flatpak (it then uses the xdg portal through gdbus).
    return os.path.isdir("/app")


def _session_bus_known() -> bool:
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    getuid = getattr(os, "getuid", None)
    return bool(getuid) and os.path.exists(f"/run/user/{getuid()}/bus")


def probe_notification_service(timeout: float = 5.0) -> bool | None:
    """Ask the session bus's notification service for its name.

    True: a service answered (D-Bus may have started it on demand); False:
    no bus or nothing answered; None: no tool to ask with (``dbus-send`` from
    Debian ``dbus``, or ``gdbus`` from ``libglib2.0-bin``).
    """
    if not _session_bus_known():
        return False
    if shutil.which("dbus-send"):
        cmd = [
            "dbus-send", "--session", "--print-reply", f"--reply-timeout={int(timeout * 1000)}",
            f"--dest={BUS_NAME}", OBJECT_PATH, f"{BUS_NAME}.GetServerInformation",
        ]
    elif shutil.which("gdbus"):
        cmd = [
            "gdbus", "call", "--session", "--timeout", str(max(1, int(timeout))),
            "--dest", BUS_NAME, "--object-path", OBJECT_PATH, "--method", f"{BUS_NAME}.GetServerInformation",
        ]
    else:
        return None
    try:
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout + 2, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _dbus_python_importable() -> bool:
    import importlib.util

    return importlib.util.find_spec("dbus") is not None


def _applescript_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class DesktopNotifier:
    """The desktop OS backend (plyer)."""

    name = "desktop"
    label = "Desktop"

    def __init__(
        self,
        *,
        app_name: str = "InterviewPal",
        timeout: int = 10,
        probe_ttl: float = 30.0,
        platform: str | None = None,
        probe: Callable[[], bool | None] = probe_notification_service,
    ):
        self.app_name = app_name
        self.timeout = timeout
        self.platform = platform or sys.platform
        self._probe = probe
        self._probe_ttl = probe_ttl
        self._cached: tuple[float, bool, str] | None = None
        self._lock = threading.Lock()
        self.unavailable_reason: str = NO_SERVICE

    # -- availability ------------------------------------------------------

    def _check(self) -> tuple[bool, str]:
        if os.environ.get("FLET_PLATFORM") in ("android", "ios") or self.platform == "emscripten":
            return False, NOT_DESKTOP
        try:
            import plyer  # noqa: F401
        except ImportError:
            return False, NO_PLYER
        if _is_linux_like(self.platform):
            if _in_flatpak():
                return (True, "") if shutil.which("gdbus") else (False, NO_PROGRAM)
            if not (_dbus_python_importable() or shutil.which("notify-send")):
                return False, NO_PROGRAM
            answered = self._probe()
            if answered is False:
                return False, NO_SERVICE
            return True, ""  # True, or None: no tool to ask with, so try
        if self.platform == "darwin":
            import importlib.util

            ok = importlib.util.find_spec("pyobjus") is not None or shutil.which("osascript") is not None
            return (True, "") if ok else (False, NO_PROGRAM)
        return True, ""  # Windows: plyer's own backend

    def available(self) -> bool:
        """Whether a desktop notification can be shown now (cached for ``probe_ttl`` seconds)."""
        with self._lock:
            now = time.monotonic()
            if self._cached is None or now - self._cached[0] > self._probe_ttl:
                ok, reason = self._check()
                self._cached = (now, ok, reason)
            _, ok, reason = self._cached
            if not ok:
                self.unavailable_reason = reason
            return ok

    def forget_probe(self) -> None:
        """Check again at the next call (e.g. after the user started a notification daemon)."""
        with self._lock:
            self._cached = None

    # -- delivery ------------------------------------------------------------

    def _clean(self, text: str) -> str:
        text = text.strip()
        if _is_linux_like(self.platform):
            if text.startswith("-"):
                text = "\u2010" + text[1:]  # notify-send would read a leading "-" as an option
            if _in_flatpak():
                text = text.replace("'", "\u2019")  # plyer pastes it into a GVariant '...' string
        return text

    def notify(self, title: str, body: str, payload: Payload | None = None) -> None:
        if not self.available():
            raise NotifierError(self.unavailable_reason)
        title, body = self._clean(title), self._clean(body)
        try:
            from plyer import notification

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # plyer warns about dbus-python on every start
                notification.notify(title=title, message=body, app_name=self.app_name, timeout=self.timeout)
        except NotImplementedError as err:
            if self.platform == "darwin" and self._osascript(title, body):
                return
            self.forget_probe()
            raise NotifierError(NO_PROGRAM, str(err)) from err
        except Exception as err:  # noqa: BLE001 - plyer backends raise anything
            if self.platform == "darwin" and self._osascript(title, body):
                return
            self.forget_probe()
            raise NotifierError("the notification service failed", repr(err)) from err

    def _osascript(self, title: str, body: str) -> bool:
        if not shutil.which("osascript"):
            return False
        script = f"display notification {_applescript_string(body)} with title {_applescript_string(title)}"
        try:
            return subprocess.run(["osascript", "-e", script], capture_output=True, timeout=10, check=False).returncode == 0
        except (OSError, subprocess.SubprocessError):
            return False
