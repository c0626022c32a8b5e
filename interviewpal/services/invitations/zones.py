"""Turn the zone names senders write into IANA zone ids.

Senders name zones in many ways:

- an IANA id ("Europe/Berlin"), sometimes behind a vendor prefix
  ("/mozilla.org/20050126_1/Europe/Berlin");
- a Windows zone id ("W. Europe Standard Time"), mapped with the CLDR
  Windows->IANA table that ships inside the ``icalendar`` library
  (``icalendar.timezone.windows_to_olson``, generated from CLDR's windowsZones.xml);
- a Windows display name or Google's label, an offset followed by cities:
  "(UTC+01:00) Amsterdam, Berlin, Bern, Rome", "(GMT-05:00) Eastern Time - New York";
  the cities are looked up among the IANA ids (tzdata), and the offset, when given,
  must agree with that zone on the event's day;
- a spoken name ("Eastern Time (US and Canada)", "Central European Time") or an
  abbreviation ("CET", "EST"): a short table below, because no maintained package
  maps those (abbreviations are ambiguous; the UI always shows the zone to confirm).

Everything is offline: tzdata (a dependency) provides the zone list on Android too.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

try:  # CLDR windowsZones table, generated into icalendar (6+)
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
except ImportError:  # pragma: no cover - the same CLDR table as shipped by tzlocal
    from tzlocal.windows_tz import win_tz as WINDOWS_TO_OLSON

# Spoken zone names, longest first when matched. Keys are lower case.
SPOKEN_ZONES: dict[str, str] = {
    "eastern time": "America/New_York",
    "eastern standard time": "America/New_York",
    "eastern daylight time": "America/New_York",
    "central time": "America/Chicago",
    "central standard time": "America/Chicago",
    "central daylight time": "America/Chicago",
    "mountain time": "America/Denver",
    "mountain standard time": "America/Denver",
    "mountain daylight time": "America/Denver",
    "pacific time": "America/Los_Angeles",
    "pacific standard time": "America/Los_Angeles",
    "pacific daylight time": "America/Los_Angeles",
    "alaska time": "America/Anchorage",
    "hawaii time": "Pacific/Honolulu",
    "atlantic time": "America/Halifax",
    "arizona": "America/Phoenix",
    "central european time": "Europe/Berlin",
    "central european standard time": "Europe/Berlin",
    "central european summer time": "Europe/Berlin",
    "eastern european time": "Europe/Athens",
    "eastern european standard time": "Europe/Athens",
    "eastern european summer time": "Europe/Athens",
    "western european time": "Europe/Lisbon",
    "greenwich mean time": "Europe/London",
    "british summer time": "Europe/London",
    "irish standard time": "Europe/Dublin",
    "india standard time": "Asia/Kolkata",
    "japan standard time": "Asia/Tokyo",
    "china standard time": "Asia/Shanghai",
    "singapore standard time": "Asia/Singapore",
    "australian eastern time": "Australia/Sydney",
    "australian eastern standard time": "Australia/Sydney",
    "coordinated universal time": "UTC",
}

# Abbreviations in the reading most job seekers meet; ambiguous ones (CST, IST)
# take the most common reading, and the user confirms the zone in the preview.
ABBREVIATIONS: dict[str, str] = {
    "UTC": "UTC",
    "GMT": "Europe/London",
    "BST": "Europe/London",
    "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon",
    "CET": "Europe/Berlin",
    "CEST": "Europe/Berlin",
    "MEZ": "Europe/Berlin",
    "MESZ": "Europe/Berlin",
    "EET": "Europe/Athens",
    "EEST": "Europe/Athens",
    "MSK": "Europe/Moscow",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "ET": "America/New_York",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "CT": "America/Chicago",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "MT": "America/Denver",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "PT": "America/Los_Angeles",
    "IST": "Asia/Kolkata",
    "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    "SGT": "Asia/Singapore",
    "HKT": "Asia/Hong_Kong",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
    "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
}

_OFFSET_RE = re.compile(r"\(?\s*(?:UTC|GMT)\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?\s*\)?", re.I)
_IANA_RE = re.compile(r"\b(?:[A-Z][A-Za-z_\-]+/)+[A-Z][A-Za-z_\-]+\b")


@lru_cache(maxsize=1)
def _zones_by_city() -> dict[str, str]:
    """'new york' -> 'America/New_York' for every canonical-looking IANA id."""
    table: dict[str, str] = {}
    for zone in sorted(available_timezones()):
        if "/" not in zone or zone.startswith(("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Chile/", "Mexico/")):
            continue
        city = zone.rsplit("/", 1)[1].replace("_", " ").lower()
        table.setdefault(city, zone)
    # Common spellings that differ from the tzdata city.
    table.setdefault("kyiv", "Europe/Kyiv" if is_zone("Europe/Kyiv") else "Europe/Kiev")
    for city, zone in {
        "new delhi": "Asia/Kolkata",
        "mumbai": "Asia/Kolkata",
        "chennai": "Asia/Kolkata",
        "beijing": "Asia/Shanghai",
        "washington": "America/New_York",
        "san francisco": "America/Los_Angeles",
        "seattle": "America/Los_Angeles",
        "munich": "Europe/Berlin",
        "frankfurt": "Europe/Berlin",
        "hamburg": "Europe/Berlin",
        "milan": "Europe/Rome",
        "barcelona": "Europe/Madrid",
        "edinburgh": "Europe/London",
        "geneva": "Europe/Zurich",
        "bern": "Europe/Zurich",
        "canberra": "Australia/Sydney",
        "wellington": "Pacific/Auckland",
        "osaka": "Asia/Tokyo",
        "hong kong": "Asia/Hong_Kong",
    }.items():
        table.setdefault(city, zone)
    return table


def _plain_utc(zone: str) -> str:
    """'Etc/UTC', 'Etc/GMT', 'Zulu'... are all plain 'UTC' for the app."""
    plain = ("Etc/UTC", "Etc/GMT", "Etc/Universal", "Etc/Zulu", "Etc/UCT", "UCT", "Zulu", "Universal")
    return "UTC" if zone in plain else zone


def is_zone(name: str) -> bool:
    """True when *name* is an IANA zone id this device knows."""
    if not name or name != name.strip() or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _offset_minutes(sign: str, hours: str, minutes: str | None) -> int:
    total = int(hours) * 60 + int(minutes or 0)
    return -total if sign in "-\u2212" else total


def _offset_fits(zone: str, offset_min: int | None, on: date | None) -> bool:
    """Does *zone* have this UTC offset on *on* (or at either half of the year)?"""
    if offset_min is None:
        return True
    tz = ZoneInfo(zone)
    days = [on] if on else [date(date.today().year, 1, 15), date(date.today().year, 7, 15)]
    for day in days:
        off = datetime(day.year, day.month, day.day, 12, tzinfo=tz).utcoffset() or timedelta()
        if int(off.total_seconds() // 60) == offset_min:
            return True
    # Windows display names give the standard offset even in summer.
    if on:
        for month in (1, 7):
            off = datetime(on.year, month, 15, 12, tzinfo=tz).utcoffset() or timedelta()
            if int(off.total_seconds() // 60) == offset_min:
                return True
    return False


def zone_from_cities(text: str, offset_min: int | None = None, on: date | None = None) -> str | None:
    """First city in a comma list ("Amsterdam, Berlin, Bern") that is an IANA zone city."""
    table = _zones_by_city()
    for piece in re.split(r"[,;/]| - |\u2013", text):
        city = re.sub(r"\(.*?\)|\bGMT\b|\bUTC\b", "", piece).strip(" .").lower()
        if not city:
            continue
        zone = table.get(city)
        if zone and _offset_fits(zone, offset_min, on):
            return zone
    return None


def fixed_offset_zone(offset_min: int) -> str | None:
    """An Etc/GMT zone for a whole-hour offset (note the inverted sign of Etc ids)."""
    if offset_min == 0:
        return "UTC"
    if offset_min % 60:
        return None
    hours = offset_min // 60
    name = f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"
    return name if is_zone(name) else None


def resolve_zone_name(name: str | None, on: date | None = None) -> str | None:
    """The IANA id for a zone name as senders write it, or None when unknown.

    Tries, in order: IANA id (also behind a prefix), Windows id (CLDR table),
    Windows/Google display name with an offset and cities, spoken name, abbreviation.
    """
    if not name:
        return None
    text = str(name).strip().strip('"')
    if not text:
        return None
    if is_zone(text):
        return text
    if text.upper() in ("Z", "UTC", "GMT", "ETC/UTC"):
        return "UTC"
    windows = WINDOWS_TO_OLSON.get(text)
    if windows and is_zone(windows):
        return _plain_utc(windows)
    for candidate in _IANA_RE.findall(text):  # "/mozilla.org/2005/Europe/Berlin"
        for i in range(candidate.count("/") + 1):
            tail = candidate.split("/", i)[-1]
            if is_zone(tail):
                return tail
    return zone_from_phrase(text, on)


def zone_from_phrase(text: str, on: date | None = None) -> str | None:
    """Find a zone in free text near a time: offset + cities, spoken names, abbreviations."""
    offset_min = None
    m = _OFFSET_RE.search(text)
    rest = text
    if m:
        offset_min = _offset_minutes(m.group(1), m.group(2), m.group(3))
        rest = text[m.end():]
    lowered = text.lower()
    for spoken in sorted(SPOKEN_ZONES, key=len, reverse=True):
        if re.search(rf"\b{re.escape(spoken)}\b", lowered):
            zone = SPOKEN_ZONES[spoken]
            if _offset_fits(zone, offset_min, on):
                return zone
    city_zone = zone_from_cities(rest.splitlines()[0] if rest.strip() else "", offset_min, on)
    if city_zone:
        return city_zone
    windows_hit = next(
        (z for w, z in WINDOWS_TO_OLSON.items() if len(w) > 5 and re.search(rf"\b{re.escape(w.lower())}\b", lowered)),
        None,
    )
    if windows_hit and is_zone(windows_hit):
        return _plain_utc(windows_hit)
    for word in re.findall(r"\b[A-Z]{2,5}\b", text):
        if word in ABBREVIATIONS:
            return ABBREVIATIONS[word]
    if offset_min is not None:
        return fixed_offset_zone(offset_min)
    return None
