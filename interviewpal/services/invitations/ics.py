"""Read a calendar invitation (.ics bytes) into plain results, one per event.

Parsing is done by ``icalendar``; this module decides what an interview round needs:
when (as an aware UTC instant plus the sender's IANA zone), what, where, the join link,
dial-in numbers, the people other than the user, and guesses for company and stage.
See docs/invitations.md for what is read from where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import icalendar

from ...models.stage import Stage
from .guesses import guess_company, guess_stage
from .links import DialIn, MeetingLink, any_link, find_meeting_links, find_phone_numbers
from .zones import is_zone, resolve_zone_name

MAX_INVITATION_BYTES = 1_000_000


class InvitationError(ValueError):
    """A file that cannot become a round; ``message`` is a sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Timing(StrEnum):
    EXACT = "exact"  # start/end are known instants
    FLOATING = "floating"  # wall-clock time without a zone: ask the user for the zone
    ALL_DAY = "all_day"  # a date only: ask the user for time and zone


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    role: str = ""  # "organizer", or the ATTENDEE ROLE ("REQ-PARTICIPANT", ...)


@dataclass(frozen=True)
class Invitation:
    uid: str
    sequence: int
    method: str  # calendar METHOD upper case: "REQUEST", "CANCEL", "PUBLISH" or ""
    status: str  # event STATUS upper case: "CONFIRMED", "TENTATIVE", "CANCELLED" or ""
    timing: Timing
    start: datetime | None  # aware, UTC; None unless timing is EXACT
    end: datetime | None  # aware, UTC; None unless EXACT (or when the file gives no end)
    zone: str | None  # IANA id the sender used; None if unknown (then ask, time is still right)
    local_start: datetime | date | None  # wall-clock start as written (naive), or the date of an all-day entry
    local_end: datetime | date | None
    title: str
    location: str
    description: str
    links: tuple[MeetingLink, ...]
    phones: tuple[DialIn, ...]
    organizer: Person | None  # None when there is none or it is the user
    attendees: tuple[Person, ...]  # without the user and without rooms/resources
    company_guess: str | None
    stage_guess: Stage | None
    recurrence_id: datetime | date | None = None
    recurring: bool = False
    notes: tuple[str, ...] = field(default=())  # things the preview should tell the user

    @property
    def cancelled(self) -> bool:
        return self.method == "CANCEL" or self.status == "CANCELLED"

    @property
    def link(self) -> str:
        """The first meeting link, or ''."""
        return self.links[0].url if self.links else ""

    @property
    def people(self) -> tuple[Person, ...]:
        return ((self.organizer,) if self.organizer else ()) + self.attendees

    @property
    def needs_time(self) -> bool:
        """The UI must ask for the time and/or zone before saving."""
        return self.timing is not Timing.EXACT or self.zone is None


_NOT_CALENDAR = "This file is not a calendar invitation (.ics). Open the invitation's attachment instead."
_NO_EVENT = "This calendar file has no event in it, so there is no round to add."
_TOO_BIG = "This file is too large for one invitation (over 1 MB). Pick the invitation itself."
_BROKEN = "This calendar file is damaged and cannot be read. Ask for the invitation again."


def _decode(data: bytes) -> str:
    if not isinstance(data, (bytes, bytearray)):
        raise InvitationError(_NOT_CALENDAR)
    if len(data) > MAX_INVITATION_BYTES:
        raise InvitationError(_TOO_BIG)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvitationError(_NOT_CALENDAR)
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = bytes(data).decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = bytes(data).decode("cp1252", errors="replace")
    if "BEGIN:VCALENDAR" not in text[:2048].upper():
        raise InvitationError(_NOT_CALENDAR)
    return text


def _text(component, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    return str(value).strip()


def _email(address: object) -> str:
    text = str(address or "").strip()
    text = re.sub(r"^mailto:", "", text, flags=re.I)
    return text.strip().lower() if "@" in text else ""


def _person(prop, role: str) -> Person:
    params = getattr(prop, "params", {}) or {}
    email = _email(prop) or _email(params.get("EMAIL", ""))
    name = str(params.get("CN", "")).strip().strip('"')
    if _email(name) and name.lower() == email:
        name = ""
    return Person(name=name, email=email, role=role)


_NO_REPLY = re.compile(r"^(?:no-?reply|do-?not-?reply|calendar-notification|notifications?|invites?)@", re.I)


def _is_user(person: Person, own: set[str]) -> bool:
    return bool(person.email) and person.email in own


def _people(event, own: set[str]) -> tuple[Person | None, tuple[Person, ...]]:
    organizer = None
    if event.get("ORGANIZER") is not None:
        person = _person(event["ORGANIZER"], "organizer")
        if not _is_user(person, own) and not _NO_REPLY.match(person.email) and (person.email or person.name):
            organizer = person
    raw = event.get("ATTENDEE") or []
    if not isinstance(raw, list):
        raw = [raw]
    attendees: list[Person] = []
    seen = {organizer.email} if organizer and organizer.email else set()
    for prop in raw:
        params = getattr(prop, "params", {}) or {}
        if str(params.get("CUTYPE", "")).upper() in ("ROOM", "RESOURCE"):
            continue
        person = _person(prop, str(params.get("ROLE", "")).upper())
        if _is_user(person, own) or _NO_REPLY.match(person.email) or not (person.email or person.name):
            continue
        key = person.email or person.name.lower()
        if key in seen:
            continue
        seen.add(key)
        attendees.append(person)
    return organizer, tuple(attendees)


def _links(event) -> tuple[MeetingLink, ...]:
    """Join links, from the most deliberate place to the least."""
    found: list[MeetingLink] = []

    def add(link: MeetingLink | None) -> None:
        if link and link.url not in {f.url for f in found}:
            found.append(link)

    for name in ("CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-GOOGLE-CONFERENCE", "URL"):
        for value in _all_values(event, name):
            links = find_meeting_links(value)
            for link in links:
                add(link)
            if not links:  # a field meant for the link: any URL in it counts
                add(any_link(value))
    for link in find_meeting_links(_text(event, "LOCATION")):
        add(link)
    for key in event:
        if key.startswith("X-") and key not in ("X-ALT-DESC",):
            for value in _all_values(event, key):
                for link in find_meeting_links(value):
                    add(link)
    for name in ("DESCRIPTION", "X-ALT-DESC"):
        for value in _all_values(event, name):
            for link in find_meeting_links(value):
                add(link)
    if not found:
        add(any_link(_text(event, "LOCATION")))
    return tuple(found)


def _all_values(component, name: str) -> list[str]:
    value = component.get(name)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values]


def _resolve(prop, calendar_zone: str | None) -> tuple[Timing, datetime | None, str | None, datetime | date | None]:
    """(timing, UTC instant, IANA zone, wall-clock value) for a DTSTART/DTEND property."""
    value = prop.dt
    if not isinstance(value, datetime):
        return Timing.ALL_DAY, None, None, value
    wall = value.replace(tzinfo=None)
    tzid = str((getattr(prop, "params", {}) or {}).get("TZID", "")).strip()
    if value.tzinfo is not None and not tzid:
        offset = value.utcoffset()
        if offset == timedelta(0):  # "Z": UTC; Google's X-WR-TIMEZONE names the zone it means
            zone = calendar_zone or "UTC"
            return Timing.EXACT, value.astimezone(UTC), zone, value.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
        tzid = str(getattr(value.tzinfo, "key", "") or "")
    if tzid:
        zone = resolve_zone_name(tzid, wall.date())
        if zone:
            local = wall.replace(tzinfo=ZoneInfo(zone))
            return Timing.EXACT, local.astimezone(UTC), zone, wall
        if value.tzinfo is not None:  # an unknown name with its own VTIMEZONE: the instant is right
            return Timing.EXACT, value.astimezone(UTC), None, wall
        return Timing.FLOATING, None, None, wall
    if calendar_zone:  # floating, but the calendar names its zone (X-WR-TIMEZONE)
        local = wall.replace(tzinfo=ZoneInfo(calendar_zone))
        return Timing.EXACT, local.astimezone(UTC), calendar_zone, wall
    return Timing.FLOATING, None, None, wall


def _sequence(event) -> int:
    try:
        return int(str(event.get("SEQUENCE", 0)).strip() or 0)
    except ValueError:
        return 0


def read_invitations(data: bytes, own_emails: tuple[str, ...] | list[str] | set[str] = ()) -> list[Invitation]:
    """Every event in an .ics file, for the user whose addresses are *own_emails*.

    Raises InvitationError (with a sentence for the user) for a file that is too big,
    is not a calendar, cannot be read, or has no event.
    """
    text = _decode(data)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # icalendar raises ValueError, KeyError, IndexError... on damaged input
        raise InvitationError(_BROKEN) from exc
    own = {e.strip().lower().removeprefix("mailto:") for e in own_emails if e and e.strip()}
    results: list[Invitation] = []
    for calendar in calendars:
        method = _text(calendar, "METHOD").upper()
        x_wr = _text(calendar, "X-WR-TIMEZONE")
        calendar_zone = resolve_zone_name(x_wr) if x_wr else None
        if calendar_zone and not is_zone(calendar_zone):
            calendar_zone = None
        for event in calendar.walk("VEVENT"):
            try:
                results.append(_invitation(event, method, calendar_zone, own))
            except InvitationError:
                raise
            except Exception as exc:  # a broken date or property in this event
                raise InvitationError(_BROKEN) from exc
    if not results:
        raise InvitationError(_NO_EVENT)
    return results


def _invitation(event, method: str, calendar_zone: str | None, own: set[str]) -> Invitation:
    notes: list[str] = []
    if event.get("DTSTART") is None:
        raise InvitationError("This invitation has no start time, so it cannot become a round.")
    timing, start, zone, local_start = _resolve(event["DTSTART"], calendar_zone)
    end = local_end = None
    if event.get("DTEND") is not None:
        _, end, _, local_end = _resolve(event["DTEND"], calendar_zone)
    elif event.get("DURATION") is not None:
        duration = event["DURATION"].dt
        end = start + duration if start else None
        local_end = local_start + duration if local_start is not None else None
    if timing is Timing.EXACT and zone is None:
        notes.append("The invitation's time zone has an unknown name; pick the zone to show it in.")
    if timing is Timing.FLOATING:
        notes.append("The invitation gives a time without a zone; confirm the zone.")
    if timing is Timing.ALL_DAY:
        notes.append("The invitation is for a whole day; enter the time of the round.")
        end = None
    if timing is not Timing.EXACT:
        start = end = None

    title = _text(event, "SUMMARY")
    location = _text(event, "LOCATION")
    description = _text(event, "DESCRIPTION")
    organizer, attendees = _people(event, own)
    people = ((organizer,) if organizer else ()) + attendees
    phone_text = "\n".join([location, description] + _all_values(event, "X-ALT-DESC"))
    recurrence = event.get("RECURRENCE-ID")
    return Invitation(
        uid=_text(event, "UID"),
        sequence=_sequence(event),
        method=method,
        status=_text(event, "STATUS").upper(),
        timing=timing,
        start=start,
        end=end,
        zone=zone,
        local_start=local_start,
        local_end=local_end,
        title=title,
        location=location,
        description=description,
        links=_links(event),
        phones=tuple(find_phone_numbers(phone_text)),
        organizer=organizer,
        attendees=attendees,
        company_guess=guess_company(title, [p.email for p in people], [p.name for p in people]),
        stage_guess=guess_stage(title),
        recurrence_id=recurrence.dt if recurrence is not None else None,
        recurring=event.get("RRULE") is not None,
        notes=tuple(notes),
    )
