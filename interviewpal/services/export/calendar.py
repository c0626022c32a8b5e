"""Upcoming rounds as an iCalendar (.ics) file for any calendar app.

One VEVENT per upcoming round that is not cancelled (and, when asked, per past round
too: those carry no alarms and say their outcome). The UID comes from the
round id, so importing the file again updates the events instead of doubling
them. Start and end are written in the round's own time zone (TZID) with the
matching VTIMEZONE; reminders become VALARMs.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from ... import __version__
from ...models import NotificationDetail, Round, Settings
from ...storage import Repositories
from .round_fields import stage_name

PRODID = f"-//InterviewPal//InterviewPal {__version__}//EN"


def event_uid(rnd: Round) -> str:
    return f"{rnd.id}@interviewpal"


def upcoming_rounds(repos: Repositories, now: datetime) -> list[Round]:
    """Rounds that have not ended yet and are not cancelled, soonest first."""
    return sorted(
        (r for r in repos.rounds.all() if not r.is_cancelled and r.ends_at > now),
        key=lambda r: (r.starts_at, r.id),
    )


def calendar_rounds(repos: Repositories, now: datetime, include_past: bool = False) -> list[Round]:
    """The rounds a calendar export holds: upcoming ones, or every round that is not cancelled."""
    if not include_past:
        return upcoming_rounds(repos, now)
    return sorted((r for r in repos.rounds.all() if not r.is_cancelled), key=lambda r: (r.starts_at, r.id))


def _zone(rnd: Round):
    try:
        return ZoneInfo(rnd.time_zone)
    except Exception:  # noqa: BLE001 - validated already; UTC as a last resort
        return timezone.utc


def export_ics(repos: Repositories, now: datetime | None = None, include_past: bool = False) -> bytes:
    """The calendar as the bytes of an ``.ics`` file (past rounds too with ``include_past``)."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    settings = repos.settings.load()
    apps = {a.id: a for a in repos.applications.all()}
    rounds = calendar_rounds(repos, now, include_past)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "InterviewPal interviews")

    stamp = now.astimezone(timezone.utc)
    for rnd in rounds:
        app = apps.get(rnd.application_id)
        company = app.company if app else ""
        stage = stage_name(rnd.stage)
        zone = _zone(rnd)
        summary = f"Interview: {stage} - {company}" if company else f"Interview: {stage}"

        ev = Event()
        ev.add("uid", event_uid(rnd))
        ev.add("dtstamp", stamp)
        ev.add("created", rnd.created_at.astimezone(timezone.utc))
        ev.add("last-modified", rnd.updated_at.astimezone(timezone.utc))
        ev.add("dtstart", rnd.starts_at.astimezone(zone))
        ev.add("dtend", rnd.ends_at.astimezone(zone))
        ev.add("summary", summary)
        if rnd.where:
            ev.add("location", rnd.where)
        if rnd.meeting_url:
            ev.add("url", rnd.meeting_url)
        past = rnd.ends_at <= now
        ev.add("description", _description(rnd, app) + (f"\nOutcome: {rnd.outcome.label}" if past else ""))
        ev.add("status", "CONFIRMED")

        if rnd.reminders_enabled and not past:  # an alarm for a past round would only go off as noise
            neutral = settings.notification_detail is NotificationDetail.NEUTRAL
            for minutes in sorted(set(settings.offsets_minutes or Settings().offsets_minutes), reverse=True):
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", "Interview" if neutral else summary)
                alarm.add("trigger", timedelta(minutes=-minutes))
                ev.add_component(alarm)
        cal.add_component(ev)

    if rounds and hasattr(cal, "add_missing_timezones"):  # icalendar >= 6.1
        first = min(r.starts_at for r in rounds).date() - timedelta(days=366)
        last = max(r.ends_at for r in rounds).date() + timedelta(days=366)
        cal.add_missing_timezones(first_date=max(first, date(1970, 1, 1)), last_date=last)
    return cal.to_ical()


def _description(rnd: Round, app) -> str:
    lines: list[str] = []
    if app is not None:
        lines.append(f"Role: {app.role} at {app.company}")
    if rnd.title:
        lines.append(f"Round: {rnd.title}")
    lines.append(f"Stage: {stage_name(rnd.stage)}")
    lines.append(f"Format: {rnd.format.label}")
    if rnd.interviewers:
        lines.append("Interviewers: " + ", ".join(i.display for i in rnd.interviewers))
    if rnd.meeting_url:
        lines.append(f"Link: {rnd.meeting_url}")
    if rnd.location:
        lines.append(f"Location: {rnd.location}")
    if app is not None and app.posting_url:
        lines.append(f"Job posting: {app.posting_url}")
    return "\n".join(lines)
