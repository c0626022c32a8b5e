"""Reminders: what should fire when, computed from the data; and what already fired.

Everything here is plain Python and deterministic: :func:`plan_reminders` is a
pure function of the records, the settings, the current time and the user's
time zone; :func:`due_now` splits a plan into what to show now and what was
missed, given the :class:`~interviewpal.services.reminder_log.ReminderLog` of what
already happened (the delivery log, kept in ``interviewpal/storage/reminder_log.py``).

The rules (also in docs/reminders.md):

* Only rounds of open applications (status active/offer, not archived, not
  demo data) that are not cancelled and have ``reminders_enabled`` get
  reminders; ``Settings.reminders_enabled`` False gives an empty plan.
* "Evening before": ``Settings.evening_before_at`` (19:00) on the day before
  the round, in the round's own time zone. "Before": each of
  ``Settings.offsets_minutes`` (60, 15) before the start. "Reflect": end +
  ``reflect_after_minutes`` (30), only while no journal entry exists for the
  round. "Follow-up": ``follow_up_at`` (09:00, user's zone) on the due day of
  each open follow-up of an open application.
* Quiet hours (user's zone, may wrap midnight): a reminder inside them moves
  to the end of quiet hours; an evening-before/before reminder whose round
  starts before quiet hours end moves instead to one minute before quiet
  hours begin. Round reminders that land on the same minute fire once.
* Keys are stable: ``<round id>:<start UTC>:before:60``,
  ``<round id>:<start UTC>:evening``, ``<round id>:<start UTC>:reflect``,
  ``<entry id>:<follow-up id>:followup:<due>``. Rescheduling a round gives
  new keys; a key is delivered at most once.
* Texts never contain journal content or anything else the user wrote except
  the company name, and not even that with ``NotificationDetail.NEUTRAL``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import Any, Collection, Iterable, Protocol, Sequence
from zoneinfo import ZoneInfo

from ..models import Application, JournalEntry, NotificationDetail, Round, Settings
from .time_zones import format_when, soon_phrase, user_zone_name

UTC = timezone.utc
DEFAULT_GRACE = timedelta(minutes=10)
KEEP_PAST = timedelta(days=7)

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ReminderKind(StrEnum):
    EVENING_BEFORE = "evening_before"
    BEFORE = "before"
    REFLECT = "reflect"
    FOLLOW_UP = "follow_up"


ROUND_BOUND = frozenset({ReminderKind.EVENING_BEFORE, ReminderKind.BEFORE})


# ---------------------------------------------------------------------------
# texts


@dataclass(frozen=True)
class TextSpec:
    """What a reminder's title and body are made from; never journal content.

    ``subject`` is "Acme - Technical assessment" (or "Acme" for a follow-up),
    or None when ``NotificationDetail.NEUTRAL`` asks for no company or stage.
    """

    kind: ReminderKind
    zone: str
    subject: str | None = None
    event_at: datetime | None = None  # round start (evening/before), round end (reflect)
    due: date | None = None  # follow-up due day
    label: str | None = None  # follow-up kind label, e.g. "Thank-you note"
    event_zone: str | None = None  # the round's own zone (None with neutral texts: the time only)


def _clock(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M")


def when_phrase(event: datetime, at: datetime, tz: ZoneInfo) -> str:
    """"in 15 min", "in 1 h", "in 2 h 30 min", "today at 15:00", "tomorrow at 09:00", "on Tue 3 Jun at 09:00"."""
    soon = soon_phrase(round((event - at).total_seconds() / 60))
    if soon is not None:
        return soon
    local_event, local_at = event.astimezone(tz), at.astimezone(tz)
    days = (local_event.date() - local_at.date()).days
    clock = local_event.strftime("%H:%M")
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    d = local_event.date()
    return f"on {_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} at {clock}"


def clock_phrase(event: datetime, at: datetime, tz: ZoneInfo) -> str:
    """"at 19:00 your time" (the day of ``at``), "on Fri 13 Jun at 09:00 your time" (another day): for texts
    shown unchanged (an OS notification shown late or read later), never stale like "in 15 min"."""
    local_event = event.astimezone(tz)
    clock = f"at {local_event:%H:%M} your time"
    if local_event.date() == at.astimezone(tz).date():
        return clock
    d = local_event.date()
    return f"on {_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {clock}"


def banner_title(title: str, payload: dict[str, Any] | None, now: datetime, zone: str | None = None) -> str:
    """The title of a reminder shown since a while, as it reads at ``now``.

    'Acme - Technical assessment in 12 min' at 12 minutes out (not the 'in 15 min' it was
    delivered with), 'today at 19:00' further ahead, 'now' once it started. Reminders that
    are not about a round start keep ``title``.
    """
    event = (payload or {}).get("event_at")
    if not event:
        return title
    try:
        event_at = datetime.fromisoformat(str(event))
    except ValueError:
        return title
    if event_at.tzinfo is None:
        return title
    tz = ZoneInfo(zone or user_zone_name())
    subject = (payload or {}).get("subject") or "Interview"
    phrase = when_phrase(event_at, now, tz)
    return f"{subject} {phrase}" if phrase != "now" else f"{subject} starting now"


def _due_phrase(due: date, at: datetime, tz: ZoneInfo) -> str:
    today = at.astimezone(tz).date()
    if due == today:
        return "due today"
    if due < today:
        return "overdue"
    if (due - today).days == 1:
        return "due tomorrow"
    return f"due on {_WEEKDAYS[due.weekday()]} {due.day} {_MONTHS[due.month - 1]}"


def render(spec: TextSpec, at: datetime) -> tuple[str, str]:
    """(title, body) of a reminder shown at ``at``."""
    tz = ZoneInfo(spec.zone)
    if spec.kind in ROUND_BOUND:
        assert spec.event_at is not None
        # The time, not "in 15 min": the OS shows it as delivered (the in-app banner counts down: banner_title).
        title = f"{spec.subject or 'Interview'} {clock_phrase(spec.event_at, at, tz)}"
        starts = (format_when(spec.event_at, spec.event_zone, zone=spec.zone, with_day=False) if spec.event_zone
                  else _clock(spec.event_at, tz))
        if spec.kind is ReminderKind.EVENING_BEFORE:
            body = f"Starts at {starts}. A few minutes with the quick tips tonight will help."
        else:
            body = f"Starts at {starts}. Open InterviewPal for quick tips."
        return title, body
    if spec.kind is ReminderKind.REFLECT:
        if spec.subject:
            return "How did it go?", f"{spec.subject}: note how it went while it is fresh."
        return "How did it go?", "Note how your interview went while it is fresh."
    assert spec.due is not None
    phrase = _due_phrase(spec.due, at, tz)
    if spec.subject:
        title = f"{spec.subject} - follow-up {phrase}"
        body = f"{spec.label}. Open InterviewPal to see it." if spec.label else "Open InterviewPal to see it."
    else:
        title = f"Follow-up {phrase}"
        body = "Open InterviewPal to see it."
    return title, body


# ---------------------------------------------------------------------------
# the plan


@dataclass(frozen=True)
class Reminder:
    """One planned notification. ``fire_at`` is aware UTC."""

    key: str
    kind: ReminderKind
    fire_at: datetime
    title: str
    body: str
    target: tuple[str, str]
    """The screen a tap opens: ("quick_tips", round_id), ("reflect", round_id) or ("follow_ups", entry_id)."""
    round_id: str | None = None
    application_id: str | None = None
    entry_id: str | None = None
    follow_up_id: str | None = None
    offset_minutes: int | None = None
    nominal_at: datetime | None = None
    """When it would fire without quiet hours."""
    armed_at: datetime | None = None
    """When its source record (round or journal entry) last changed."""
    spec: TextSpec | None = field(default=None, repr=False, compare=False)

    @property
    def moved_by_quiet_hours(self) -> bool:
        return self.nominal_at is not None and self.nominal_at != self.fire_at

    @property
    def payload(self) -> dict[str, Any]:
        """What a notification carries back to the app (no journal text).

        Round reminders also carry the round's start (``event_at``) and, unless the user
        chose neutral notifications, their subject ("Acme - Technical assessment"), so an
        in-app banner can count down from the real time (:func:`banner_title`).
        """
        out: dict[str, Any] = {"key": self.key, "kind": str(self.kind), "target": list(self.target)}
        if self.spec is not None and self.spec.kind in ROUND_BOUND and self.spec.event_at is not None:
            out["event_at"] = _utc(self.spec.event_at).isoformat()
            if self.spec.subject:
                out["subject"] = self.spec.subject
        return out

    def rendered(self, at: datetime) -> "Reminder":
        """The same reminder with texts for showing it at ``at`` (e.g. late, after a sleep)."""
        if self.spec is None:
            return self
        title, body = render(self.spec, _utc(at))
        return replace(self, title=title, body=body)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Reminder times must be time-zone aware.")
    return moment.astimezone(UTC)


def _at_local(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """``clock`` on ``day`` in ``tz`` as aware UTC (a time skipped by DST resolves as zoneinfo's fold=0 does)."""
    return datetime.combine(day, clock.replace(tzinfo=None), tzinfo=tz).astimezone(UTC)


def _stamp(moment: datetime) -> str:
    return _utc(moment).strftime("%Y%m%dT%H%MZ")


def quiet_window(moment: datetime, start: time, end: time, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
    """The quiet-hours window [begin, end) containing ``moment`` (aware UTC pair), or None."""
    moment = _utc(moment)
    local_day = moment.astimezone(tz).date()
    wraps = start > end
    for day in (local_day - timedelta(days=1), local_day):
        begin = _at_local(day, start, tz)
        finish = _at_local(day + timedelta(days=1) if wraps else day, end, tz)
        if begin <= moment < finish:
            return begin, finish
    return None


def apply_quiet_hours(
    nominal: datetime, settings: Settings, tz: ZoneInfo, *, round_start: datetime | None = None
) -> datetime:
    """Where a reminder due at ``nominal`` fires given the user's quiet hours.

    Inside quiet hours it moves to their end. For a reminder about a round
    (``round_start`` given) whose round starts before quiet hours end, it moves
    to one minute before they began instead, so it still comes ahead of the round.
    """
    if settings.quiet_start is None or settings.quiet_end is None:
        return nominal
    window = quiet_window(nominal, settings.quiet_start, settings.quiet_end, tz)
    if window is None:
        return nominal
    begin, finish = window
    if round_start is not None and finish >= round_start:
        return begin - timedelta(minutes=1)
    return finish


def _app_open(app: Application | None) -> bool:
    return app is not None and app.status.is_open and not app.archived and not app.demo


def plan_reminders(
    apps: Iterable[Application],
    rounds: Iterable[Round],
    entries: Iterable[JournalEntry],
    settings: Settings,
    now: datetime,
    zone: str | None = None,
    *,
    keep_past: timedelta = KEEP_PAST,
    armed_floor: datetime | None = None,
) -> list[Reminder]:
    """Every reminder the data calls for, sorted by fire time.

    ``zone`` is the user's IANA zone (quiet hours, follow-up time, texts);
    default :func:`interviewpal.services.time_zones.user_zone_name`. Reminders due more
    than ``keep_past`` before ``now`` are left out (too old to be worth a
    "missed" entry). Texts are rendered for the fire time.

    ``armed_at`` of each reminder is when its round/entry was last saved, or
    ``armed_floor`` if later (the runner passes when the settings were last
    saved, so turning reminders back on does not report the time they were
    off as "missed").
    """
    if not settings.reminders_enabled:
        return []
    now = _utc(now)
    zone = zone or user_zone_name(settings.time_zone)
    tz = ZoneInfo(zone)
    rounds = list(rounds)
    entries = list(entries)
    apps_by_id = {a.id: a for a in apps}
    rounds_by_id = {r.id: r for r in rounds}
    journaled = {e.round_id for e in entries}
    neutral = settings.notification_detail is NotificationDetail.NEUTRAL
    floor = _utc(armed_floor) if armed_floor is not None else None

    out: list[Reminder] = []
    for rnd in rounds:
        app = apps_by_id.get(rnd.application_id)
        if not _app_open(app) or rnd.is_cancelled or not rnd.reminders_enabled:
            continue
        out.extend(_round_reminders(rnd, app, settings, tz, zone, neutral, floor, has_entry=rnd.id in journaled))
    for entry in entries:
        app = apps_by_id.get(entry.application_id)
        rnd = rounds_by_id.get(entry.round_id)
        if not _app_open(app) or (rnd is not None and rnd.is_cancelled):
            continue
        out.extend(_follow_up_reminders(entry, app, settings, tz, zone, neutral, floor))

    cutoff = now - keep_past
    out = [r for r in out if r.fire_at >= cutoff]
    out.sort(key=lambda r: (r.fire_at, r.key))
    return out


def _make(spec: TextSpec, **kw: Any) -> Reminder:
    title, body = render(spec, kw["fire_at"])
    return Reminder(title=title, body=body, spec=spec, **kw)


def _armed(updated_at: datetime, floor: datetime | None) -> datetime:
    at = _utc(updated_at)
    return max(at, floor) if floor is not None else at


def _round_reminders(
    rnd: Round, app: Application, settings: Settings, tz: ZoneInfo, zone: str, neutral: bool,
    floor: datetime | None, *, has_entry: bool,
) -> list[Reminder]:
    start = _utc(rnd.starts_at)
    base = f"{rnd.id}:{_stamp(start)}"
    subject = None if neutral else f"{app.company} - {rnd.stage.label}"
    armed = _armed(rnd.updated_at, floor)
    common = dict(round_id=rnd.id, application_id=rnd.application_id, armed_at=armed)

    wanted: list[tuple[datetime, ReminderKind, str, int | None]] = []
    if settings.evening_before:
        day_before = start.astimezone(ZoneInfo(rnd.time_zone)).date() - timedelta(days=1)
        wanted.append((_at_local(day_before, settings.evening_before_at, ZoneInfo(rnd.time_zone)),
                       ReminderKind.EVENING_BEFORE, f"{base}:evening", None))
    for minutes in sorted(set(settings.offsets_minutes), reverse=True):
        wanted.append((start - timedelta(minutes=minutes), ReminderKind.BEFORE, f"{base}:before:{minutes}", minutes))

    out: list[Reminder] = []
    taken: set[datetime] = set()
    for nominal, kind, key, minutes in sorted(wanted, key=lambda w: w[0]):
        if nominal >= start:
            continue
        fire = apply_quiet_hours(nominal, settings, tz, round_start=start)
        if fire in taken:
            continue  # quiet hours pushed two of them onto the same minute: one is enough
        taken.add(fire)
        spec = TextSpec(kind, zone, subject, event_at=start, event_zone=None if neutral else rnd.time_zone)
        out.append(_make(spec, key=key, kind=kind, fire_at=fire, nominal_at=nominal,
                         target=("quick_tips", rnd.id), offset_minutes=minutes, **common))

    if not has_entry:
        end = _utc(rnd.ends_at)
        nominal = end + timedelta(minutes=settings.reflect_after_minutes)
        fire = apply_quiet_hours(nominal, settings, tz)
        spec = TextSpec(ReminderKind.REFLECT, zone, subject, event_at=end)
        out.append(_make(spec, key=f"{base}:reflect", kind=ReminderKind.REFLECT, fire_at=fire,
                         nominal_at=nominal, target=("reflect", rnd.id), **common))
    return out


def _follow_up_reminders(
    entry: JournalEntry, app: Application, settings: Settings, tz: ZoneInfo, zone: str, neutral: bool,
    floor: datetime | None,
) -> list[Reminder]:
    out: list[Reminder] = []
    for fu in entry.follow_ups:
        if fu.done:
            continue
        nominal = _at_local(fu.due, settings.follow_up_at, tz)
        fire = apply_quiet_hours(nominal, settings, tz)
        # Only the company (when allowed) and the kind's fixed label: never fu.text, the user wrote it.
        spec = TextSpec(ReminderKind.FOLLOW_UP, zone, None if neutral else app.company, due=fu.due,
                        label=None if neutral else fu.kind.label)
        out.append(_make(
            spec, key=f"{entry.id}:{fu.id}:followup:{fu.due:%Y%m%d}", kind=ReminderKind.FOLLOW_UP,
            fire_at=fire, nominal_at=nominal, target=("follow_ups", entry.id), round_id=entry.round_id,
            application_id=entry.application_id, entry_id=entry.id, follow_up_id=fu.id,
            armed_at=_armed(entry.updated_at, floor),
        ))
    return out


# ---------------------------------------------------------------------------
# what is due


class HandledKeys(Protocol):
    """What :func:`due_now` needs of the delivery log (services/reminder_log.py's ReminderLog)."""

    def handled_keys(self, now: datetime | None = None) -> set[str]: ...


def due_now(
    plan: Sequence[Reminder],
    log: "HandledKeys | Collection[str]",
    now: datetime,
    grace: timedelta = DEFAULT_GRACE,
) -> tuple[list[Reminder], list[Reminder]]:
    """Split the plan at ``now`` into (to_deliver_now, missed).

    * already delivered or recorded as missed: neither;
    * due at most ``grace`` ago: deliver now;
    * due longer ago (the app was closed, the machine slept): missed, unless it
      was already past when its round/entry was last saved (a round added at
      20:00 for tomorrow morning has no "missed" evening reminder), in which
      case it is dropped quietly.

    ``log`` is a :class:`ReminderLog` or a collection of handled keys.
    """
    now = _utc(now)
    handled = log.handled_keys(now) if hasattr(log, "handled_keys") else set(log)
    deliver: list[Reminder] = []
    missed: list[Reminder] = []
    for r in plan:
        if r.key in handled or r.fire_at > now:
            continue
        if now - r.fire_at <= grace:
            deliver.append(r)
        elif r.armed_at is not None and r.fire_at < r.armed_at:
            continue
        else:
            missed.append(r)
    return deliver, missed
