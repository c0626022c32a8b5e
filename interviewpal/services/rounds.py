"""Interview rounds: create and edit from form input, cancel, outcomes, checklist ticks."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..models import Interviewer, Outcome, Round
from ..storage import Repositories
from .forms import FormError, validate
from .time_zones import user_zone_name
from .zone_search import resolve_zone


_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"]
_DATE_SHAPES = [  # (pattern, order of year/month/day groups)
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), "ymd"),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), "dmy"),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), "mdy"),
]


def parse_date(text: str) -> date:
    """'2026-11-27' (also 27.11.2026 and 11/27/2026) -> date, or ValueError naming the problem.

    Messages fit a phone's field: 'There is no 31 February.', 'Months go up to 12.'.
    """
    text = text.strip()
    if not text:
        raise ValueError("Enter a date, e.g. 2026-12-03.")
    for pattern, order in _DATE_SHAPES:
        m = pattern.fullmatch(text)
        if not m:
            continue
        parts = dict(zip(order, (int(g) for g in m.groups())))
        y, mo, d = parts["y"], parts["m"], parts["d"]
        if not 1 <= mo <= 12:
            raise ValueError("Months go up to 12.")
        if d < 1:
            raise ValueError("Days start at 1.")
        if y < 1:
            raise ValueError("Enter a real year, e.g. 2026.")
        last = calendar.monthrange(y, mo)[1]
        if d > last:
            if mo == 2 and d == 29:
                raise ValueError(f"There is no 29 February in {y}.")
            raise ValueError(f"There is no {d} {_MONTH_NAMES[mo - 1]}.")
        return date(y, mo, d)
    raise ValueError("Use YYYY-MM-DD, e.g. 2026-12-03.")


_TIME_SHAPE = re.compile(r"(\d{1,2})(?::(\d{1,2}))?\s*(am|pm|a\.m\.|p\.m\.)?")


def parse_time(text: str) -> time:
    """'14:30', '9:05', '2:30 pm' -> time, or ValueError naming the problem ('Hours go up to 23.')."""
    raw = text.strip().lower()
    if not raw:
        raise ValueError("Enter a time, e.g. 14:30.")
    m = _TIME_SHAPE.fullmatch(raw.replace(".", ":") if "m." not in raw else raw)
    if not m:
        raise ValueError("Use HH:MM, e.g. 14:30.")
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            raise ValueError("With am/pm, hours go from 1 to 12.")
        if minute > 59:
            raise ValueError("Minutes go up to 59.")
        hour = hour % 12 + (12 if half == "pm" else 0)
        return time(hour, minute)
    if hour > 23:
        raise ValueError("Hours go up to 23, minutes to 59." if minute > 59 else "Hours go up to 23.")
    if minute > 59:
        raise ValueError("Minutes go up to 59.")
    return time(hour, minute)


def parse_time_zone(text: str) -> str:
    """What the user typed in a time-zone field ('London', 'PST', 'Europe/London') -> IANA id.

    ValueError with a sentence such as 'Did you mean Europe/London?' otherwise.
    """
    return resolve_zone(text)


class RoundService:
    def __init__(self, repos: Repositories):
        self.repos = repos

    def get(self, round_id: str) -> Round | None:
        return self.repos.rounds.get(round_id)

    def for_application(self, app_id: str) -> list[Round]:
        return self.repos.rounds.for_application(app_id)

    def build(self, *, round_id: str | None = None, application_id: str, stage: str, title: str = "",
              date_text: str, time_text: str, duration_text: str = "60", time_zone: str | None = None,
              format: str = "video", location: str = "", meeting_url: str = "",
              interviewers: list[tuple[str, ...]] | None = None, notes: str = "",
              end_time_text: str = "", reminders_enabled: bool = True,
              phone_number: str | None = None, call_direction: str | None = None,
              contact_email: str | None = None, contact_phone: str | None = None) -> Round:
        """Validate form input into a Round (not saved). Raises FormError with per-field sentences."""
        errors: dict[str, str] = {}
        zone = user_zone_name()
        if time_zone and time_zone.strip():
            try:
                zone = parse_time_zone(time_zone)
            except ValueError as e:
                errors["time_zone"] = str(e)  # only this field: the date and time stay valid
        day = clock = None
        try:
            day = parse_date(date_text)
        except ValueError as e:
            errors["date"] = str(e)
        try:
            clock = parse_time(time_text)
        except ValueError as e:
            errors["time"] = str(e)
        duration = None
        if end_time_text.strip() and clock is not None and "time" not in errors:
            try:
                end = parse_time(end_time_text)
                minutes = (end.hour * 60 + end.minute) - (clock.hour * 60 + clock.minute)
                if minutes <= 0:
                    errors["end_time"] = "The end must be after the start."
                else:
                    duration = minutes
            except ValueError as e:
                errors["end_time"] = str(e)
        if duration is None and "end_time" not in errors:
            try:
                duration = int(duration_text.strip() or "60")
            except ValueError:
                errors["duration_minutes"] = "Enter the length in minutes, for example 45."
        people = []
        for i, item in enumerate(interviewers or []):
            name, role = item[0], item[1]
            person_id = item[2] if len(item) > 2 else ""  # issue 13: picked from the application's people
            if name.strip():
                people.append(Interviewer(id=person_id, name=name, role=role, person_id=person_id) if person_id
                              else Interviewer(name=name, role=role))
            elif role.strip():
                errors[f"interviewer_{i}"] = "Add the interviewer's name, or remove the row."
        starts_at = None
        if day and clock:
            starts_at = datetime.combine(day, clock, tzinfo=ZoneInfo(zone))
        data = {
            "application_id": application_id, "stage": stage, "title": title, "starts_at": starts_at,
            "time_zone": zone, "duration_minutes": duration if duration is not None else 60, "format": format,
            "location": location, "meeting_url": meeting_url, "interviewers": people, "notes": notes,
            "reminders_enabled": reminders_enabled,
        }
        # One-tap actions (issue 9): only passed fields change, so older callers keep stored values.
        for key, value in (("phone_number", phone_number), ("call_direction", call_direction),
                           ("contact_email", contact_email), ("contact_phone", contact_phone)):
            if value is not None:
                data[key] = value
        existing = self.repos.rounds.get(round_id) if round_id else None
        if existing:
            keep = existing.model_dump()
            keep.update(data)
            data = keep
        try:
            rnd = validate(Round, data)
        except FormError as e:
            for k, v in e.errors.items():
                if k == "starts_at" and ("date" in errors or "time" in errors):
                    continue
                errors.setdefault("date" if k == "starts_at" else k, v)
            raise FormError(errors) from None
        if errors:
            raise FormError(errors)
        return rnd  # type: ignore[return-value]

    def save(self, rnd: Round) -> Round:
        return self.repos.rounds.save(rnd)

    def set_outcome(self, round_id: str, outcome: Outcome) -> Round:
        rnd = self.repos.rounds.require(round_id)
        return self.repos.rounds.save(rnd.model_copy(update={"outcome": outcome}))

    def cancel(self, round_id: str) -> Round:
        return self.set_outcome(round_id, Outcome.CANCELLED)

    def toggle_check(self, round_id: str, item_id: str, done: bool) -> Round:
        """Tick or untick the checklist item ``item_id`` (the content pack's id) for this round."""
        rnd = self.repos.rounds.require(round_id)
        ticks = set(rnd.checklist_done)
        (ticks.add if done else ticks.discard)(item_id)
        return self.repos.rounds.save(rnd.model_copy(update={"checklist_done": sorted(ticks)}))

    def delete(self, round_id: str):
        """Delete a round and its reflections; returns (round, entries) for undo."""
        with self.repos.db.locked():
            rnd = self.repos.rounds.delete(round_id)
            entries = self.repos.journal.delete_where("round_id", round_id)
        return rnd, entries

    def restore(self, rnd: Round, entries) -> None:
        with self.repos.db.locked():
            self.repos.rounds.save(rnd, touch=False)
            if entries:
                self.repos.journal.add_many(entries)


def default_start(now: datetime, zone: str | None = None) -> datetime:
    """A sensible default for a new round: tomorrow at 10:00 local time."""
    tz = ZoneInfo(zone or user_zone_name())
    day = now.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(day, time(10, 0), tzinfo=tz)
