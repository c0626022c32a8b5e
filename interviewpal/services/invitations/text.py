"""Read the "when, where, how to join" out of an invitation e-mail's pasted text.

A documented rule set (stdlib ``re`` only; see docs/invitations.md for why no date
parser package is used) for the way invitation e-mails write a meeting time:

- dates with a month name, with or without weekday and year: "Tuesday, 3 March 2026",
  "Tue Mar 3, 2026", "March 3rd", and ISO dates "2026-03-03". Numeric dates like
  03/04/2026 are ambiguous (3 April or March 4) and are not read.
- a time or a time range after or before the date: "14:00–15:00", "2:00 PM - 3:00 PM",
  "2pm – 3pm", "2:00-3:00 PM", "02:00 PM".
- the zone on the same line or the next (zones.zone_from_phrase): "(GMT+01:00) Amsterdam,
  Berlin", "Eastern Time (US and Canada)", "CET", an IANA id "Europe/London".
- meeting links and dial-in numbers as in .ics files (links.py).

E-mail header lines ("Sent:", "Date:") are skipped: they carry the send time, not the
meeting's. Without a year, the date is the next one on or after *today* (matching the
weekday when one is written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .links import DialIn, MeetingLink, find_meeting_links, find_phone_numbers
from .zones import is_zone, zone_from_phrase

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?P<weekday>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"

_DATE_PATTERNS = (
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+{_MONTH},?{_YEAR}\b(?![:.]\d)", re.I),
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}(?![\d:]){_YEAR}\b(?![:.]\d)", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<monthnum>\d{2})-(?P<day>\d{2})\b"),
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_T = r"(?P<h{n}>\d{{1,2}})(?:[:.h](?P<m{n}>\d{{2}}))?\s*(?P<ap{n}>[ap]\.?\s?m\b\.?)?"
_RANGE_RE = re.compile(
    r"(?<![\d:.])" + _T.format(n=1) + r"\s*(?:-|\u2013|\u2014|to|until|bis)\s*" + _T.format(n=2) + r"(?![\d:])",
    re.I,
)
_SINGLE_RE = re.compile(r"(?<![\d:.])" + _T.format(n=1) + r"(?![\d:])", re.I)
_HEADER_RE = re.compile(r"^\s*(?:sent|date|received|gesendet|envoy\u00e9|datum)\s*:.*$", re.I | re.M)
_IANA_RE = re.compile(
    r"\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Za-z_\-]+(?:/[A-Za-z_\-]+)?\b"
)


@dataclass(frozen=True)
class PastedInvitation:
    day: date | None
    start: time | None  # wall-clock time in *zone*
    end: time | None
    zone: str | None  # IANA id, or None when the text names none (ask)
    start_utc: datetime | None  # aware UTC when day, start and zone are all known
    end_utc: datetime | None
    links: tuple[MeetingLink, ...]
    phones: tuple[DialIn, ...]

    @property
    def link(self) -> str:
        return self.links[0].url if self.links else ""

    @property
    def found_anything(self) -> bool:
        return any((self.day, self.start, self.zone, self.links, self.phones))


def _find_date(text: str, today: date) -> tuple[date, re.Match] | None:
    best: tuple[int, date, re.Match] | None = None
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            day = _to_date(m, today)
            if day is None:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), day, m)
            break
    return (best[1], best[2]) if best else None


def _to_date(m: re.Match, today: date) -> date | None:
    groups = m.groupdict()
    month = int(groups["monthnum"]) if groups.get("monthnum") else _MONTHS[groups["month"][:3].lower()]
    day = int(groups["day"])
    weekday = (groups.get("weekday") or "").lower()[:3]
    if groups.get("year"):
        try:
            return date(int(groups["year"]), month, day)
        except ValueError:
            return None
    for year in (today.year, today.year + 1, today.year + 2):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate < today:
            continue
        if weekday and _WEEKDAYS[candidate.weekday()] != weekday:
            continue
        return candidate
    return None


def _hour(h: str, m: str | None, ap: str | None) -> time | None:
    hour, minute = int(h), int(m or 0)
    if ap:
        if not 1 <= hour <= 12:
            return None
        pm = ap.lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _find_times(text: str) -> tuple[time | None, time | None, re.Match | None]:
    m = _RANGE_RE.search(text)
    if m and (m.group("m1") or m.group("ap1") or m.group("m2") or m.group("ap2")):
        ap1, ap2 = m.group("ap1"), m.group("ap2")
        if ap2 and not ap1:  # "2:00-3:00 PM": the meridiem belongs to both, unless that reverses them
            start = _hour(m.group("h1"), m.group("m1"), ap2)
            end = _hour(m.group("h2"), m.group("m2"), ap2)
            if start and end and start > end:
                start = _hour(m.group("h1"), m.group("m1"), "am")
        else:
            start = _hour(m.group("h1"), m.group("m1"), ap1)
            end = _hour(m.group("h2"), m.group("m2"), ap2)
        if start is not None and end is not None:
            return start, end, m
    for m in _SINGLE_RE.finditer(text):
        if m.group("m1") or m.group("ap1"):
            start = _hour(m.group("h1"), m.group("m1"), m.group("ap1"))
            if start is not None:
                return start, None, m
    return None, None, None


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def read_invitation_text(text: str, today: date | None = None) -> PastedInvitation:
    """What a pasted invitation says: date, start/end time, zone, link, dial-in numbers."""
    text = (text or "")[:200_000].replace("\r\n", "\n").replace("\u00a0", " ").replace("\u202f", " ")
    today = today or date.today()
    body = _HEADER_RE.sub("", text)

    day = start = end = zone = None
    found = _find_date(body, today)
    region = ""
    if found:
        day, dm = found
        line_start, line_end = _line_bounds(body, dm.start())
        # The time is on the date's line or the next one ("Time: Mar 3, 2026 02:00 PM ...").
        next_end = body.find("\n", line_end + 1)
        window_end = len(body) if next_end < 0 else next_end
        after = body[dm.end():window_end]
        start, end, tm = _find_times(after)
        if tm is not None:
            zone_text = after[tm.end():]
            zone_text = zone_text[: zone_text.find("\n", 1) if "\n" in zone_text[1:] else len(zone_text)]
        else:
            before = body[line_start:dm.start()]  # "14:00 - 14:30, Tuesday, March 3, 2026 (CET)"
            start, end, tm = _find_times(before)
            zone_text = body[dm.end():line_end]
        region = body[line_start:window_end]
        zone = _zone_in(zone_text, day) or _zone_in(region, day)
    if zone is None:
        for candidate in _IANA_RE.findall(body):
            if is_zone(candidate):
                zone = candidate
                break

    start_utc = end_utc = None
    if day and start and zone:
        tz = ZoneInfo(zone)
        start_utc = datetime.combine(day, start, tz).astimezone(UTC)
        if end:
            end_day = day + timedelta(days=1) if end <= start else day
            end_utc = datetime.combine(end_day, end, tz).astimezone(UTC)
    return PastedInvitation(
        day=day,
        start=start,
        end=end,
        zone=zone,
        start_utc=start_utc,
        end_utc=end_utc,
        links=tuple(find_meeting_links(body)),
        phones=tuple(find_phone_numbers(body)),
    )


def _zone_in(text: str, day: date | None) -> str | None:
    if not text.strip():
        return None
    for candidate in _IANA_RE.findall(text):
        if is_zone(candidate):
            return candidate
    return zone_from_phrase(text, day)
