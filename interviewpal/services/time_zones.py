"""The user's time zone: detected on the device or chosen in Settings, and how times are shown in it.

This is the one place every screen, reminder text and export takes "local" from:

- :func:`detect_device_zone` asks ``tzlocal`` (pure Python, no compiled parts) for the
  device's IANA zone. What ``tzlocal`` 5.x reads, per platform:
  ``TZ`` first everywhere; on Android (``/system/bin/getprop`` exists) the output of
  ``getprop persist.sys.timezone``; on Linux the ``/etc/timezone`` file, ``/etc/sysconfig/clock``
  and the ``/etc/localtime`` symlink; on macOS the ``/etc/localtime`` symlink; on Windows the
  registry key ``HKLM\\SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation`` (via
  ``winreg``), mapped to an IANA name with its CLDR table. Anything that fails or names no
  known zone gives ``"UTC"``; no exception escapes.
- :func:`user_zone_name` is Settings' "Your time zone": the chosen zone, or the detected one
  when Settings says Automatic (``None``). The app registers where the choice comes from once
  (:func:`set_chosen_zone_source`); core code that has a Settings record at hand passes it.
- :func:`format_when` shows a round's time in the user's zone and adds the round's own
  zone when that differs: ``"Thu 27 Nov, 19:00-20:00 your time (14:00 in New York)"``.

No Flet here.
"""

from __future__ import annotations

import logging
import sys
import threading
import time as _time
from datetime import datetime, timedelta
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

FALLBACK_ZONE = "UTC"
_DETECT_TTL = 60.0  # seconds; the device zone can change while the app runs (travel)

_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def is_known_zone(name: str | None) -> bool:
    if not name or not isinstance(name, str):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        return False
    return True


def _tzlocal_backend() -> Any:
    """tzlocal's module for this platform (its public API is per-module)."""
    if sys.platform == "win32":
        from tzlocal import win32 as backend
    else:
        from tzlocal import unix as backend
    return backend


def detect_device_zone(backend: Any = None) -> str:
    """The device's IANA zone name, or ``"UTC"`` when it cannot be told. Never raises.

    ``backend`` is a tzlocal platform module (``tzlocal.unix`` / ``tzlocal.win32``); tests
    pass one whose inputs (registry, getprop, files) are faked.
    """
    try:
        backend = backend or _tzlocal_backend()
        if hasattr(backend, "_cache_tz_name"):
            backend._cache_tz_name = None  # tzlocal caches for the process; the device may have moved
        name = backend.get_localzone_name()
    except Exception as e:  # noqa: BLE001 - any failure of detection means "not known"
        log.info("device time zone not found (%s); using UTC", e)
        return FALLBACK_ZONE
    name = (name or "").strip()
    if name.startswith(":"):
        name = name[1:]
    if not is_known_zone(name):
        return FALLBACK_ZONE
    try:
        from .zone_search import canonical_zone

        return canonical_zone(name)  # Windows' table still says Asia/Calcutta
    except Exception:  # noqa: BLE001
        return name


_cache_lock = threading.Lock()
_cache: dict[str, Any] = {"name": None, "at": 0.0}


def device_zone() -> str:
    """:func:`detect_device_zone`, remembered for a minute (Android's getprop is a subprocess)."""
    with _cache_lock:
        if _cache["name"] is None or _time.monotonic() - _cache["at"] > _DETECT_TTL:
            _cache["name"], _cache["at"] = detect_device_zone(), _time.monotonic()
        return _cache["name"]


def forget_device_zone() -> None:
    """Detect again at the next call (tests, or after the user changed the device's zone)."""
    with _cache_lock:
        _cache["name"] = None


# -- the user's zone ------------------------------------------------------------------------

_chosen_source: list[Callable[[], str | None]] = []
_UNSET: Any = object()


def set_chosen_zone_source(source: Callable[[], str | None] | None) -> None:
    """Where :func:`user_zone_name` reads Settings' chosen zone (None = Automatic) from."""
    _chosen_source.clear()
    if source is not None:
        _chosen_source.append(source)


def user_zone_name(chosen: str | None = _UNSET) -> str:
    """Settings' "Your time zone": ``chosen`` (or the registered source's) if set, else the device's."""
    if chosen is _UNSET:
        chosen = None
        if _chosen_source:
            try:
                chosen = _chosen_source[0]()
            except Exception:  # noqa: BLE001 - a broken source must not break every time shown
                log.exception("reading the chosen time zone failed")
    if chosen and is_known_zone(chosen):
        return chosen
    return device_zone()


def user_zone(chosen: str | None = _UNSET) -> ZoneInfo:
    return ZoneInfo(user_zone_name(chosen))


# -- showing times ---------------------------------------------------------------------------


def city_of(zone: str) -> str:
    """'America/New_York' -> 'New York', 'America/Argentina/Buenos_Aires' -> 'Buenos Aires', 'UTC' -> 'UTC'."""
    from .zone_search import place_name

    return place_name(zone)


def day_text(moment: datetime) -> str:
    """'Thu 27 Nov' (English, independent of the machine's locale)."""
    return f"{_WEEKDAYS[moment.weekday()]} {moment.day:02d} {_MONTHS[moment.month - 1]}"


def _same_clock(a: datetime, b: datetime) -> bool:
    return a.utcoffset() == b.utcoffset()


def format_when(starts_at: datetime, round_zone: str, *, ends_at: datetime | None = None,
                zone: str | None = None, with_day: bool = True) -> str:
    """A round's time in the user's zone, plus its own zone's time when that differs.

    'Thu 27 Nov, 19:00-20:00' or 'Thu 27 Nov, 19:00-20:00 your time (14:00 in New York)';
    when the round's own day differs: '(Fri 28 Nov, 02:00 in Tokyo)'.
    ``zone`` is the user's zone (default :func:`user_zone_name`).
    """
    mine = ZoneInfo(zone or user_zone_name())
    start = starts_at.astimezone(mine)
    text = f"{day_text(start)}, {start:%H:%M}" if with_day else f"{start:%H:%M}"
    if ends_at is not None:
        text += f"-{ends_at.astimezone(mine):%H:%M}"
    theirs = starts_at.astimezone(ZoneInfo(round_zone)) if is_known_zone(round_zone) else start
    if _same_clock(start, theirs):
        return text
    other = f"{theirs:%H:%M}" if theirs.date() == start.date() else f"{day_text(theirs)}, {theirs:%H:%M}"
    return f"{text} your time ({other} in {city_of(round_zone)})"


def clock_text(moment: datetime, zone: str | None = None) -> str:
    """'19:00' in the user's zone."""
    return f"{moment.astimezone(ZoneInfo(zone or user_zone_name())):%H:%M}"


def local_date(moment: datetime, zone: str | None = None):
    """The calendar day of ``moment`` in the user's zone."""
    return moment.astimezone(ZoneInfo(zone or user_zone_name())).date()


def soon_phrase(minutes: int) -> str | None:
    """'now', 'in 12 min', 'in 1 h 5 min' for the next six hours; None for later."""
    if minutes <= 0:
        return "now"
    if minutes < 60:
        return f"in {minutes} min"
    if minutes < 6 * 60:
        h, m = divmod(minutes, 60)
        return f"in {h} h" if m == 0 else f"in {h} h {m} min"
    return None


def countdown_text(event: datetime, now: datetime, zone: str | None = None) -> str:
    """'in 12 min', 'in 1 h 5 min', 'at 19:00' (later than 6 h), 'now' - always from ``now``."""
    minutes = int((event - now).total_seconds() // 60 + (1 if (event - now) % timedelta(minutes=1) else 0))
    return soon_phrase(minutes) or f"at {clock_text(event, zone)}"


def in_user_zone(moment: datetime, zone: str | None = None) -> datetime:
    """``moment`` on the user's clock."""
    return moment.astimezone(ZoneInfo(zone or user_zone_name()))
