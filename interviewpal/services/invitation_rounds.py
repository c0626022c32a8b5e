"""Calendar invitations into rounds: a preview to confirm, then a new, moved or cancelled round.

The reading is done by :mod:`interviewpal.services.invitations` (no storage); this service
looks at the saved rounds: which application the invitation belongs to, whether it is new,
an update (same UID, higher SEQUENCE: the round moves and its reminders, planned from the
round's start, follow), a cancellation, or a copy already applied. See docs/invitations.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ..models import Application, Outcome, Round, RoundFormat, Stage
from ..models.round import check_phone
from ..storage import Repositories
from .forms import FormError
from .invitations import (
    ChangeDecision,
    Invitation,
    InvitationChange,
    KnownInvitation,
    Timing,
    classify_invitation,
    read_invitations,
)
from .invitations.guesses import GENERIC_DOMAINS
from .rounds import RoundService, parse_date, parse_time, parse_time_zone
from .time_zones import format_when


@dataclass(frozen=True)
class PersonChoice:
    """Someone on the invitation, offered as one of the round's interviewers."""

    name: str
    email: str
    organizer: bool = False
    likely_you: bool = False  # preselected off: probably the user themself

    @property
    def display(self) -> str:
        return self.name or self.email


@dataclass(frozen=True)
class InvitationPreview:
    """What applying an invitation would do, with every field for the user to confirm or change."""

    invitation: Invitation
    change: InvitationChange
    round: Round | None  # the saved round it concerns (update, cancellation, stale)
    application: Application | None  # the application it matched (or the round's)
    company: str  # the company guessed (for a new application)
    stage: Stage
    title: str
    date_text: str  # in time_zone; "" when the invitation has no date
    time_text: str  # "" for an all-day entry
    duration_minutes: int
    time_zone: str  # IANA id; "" when the user must pick it
    meeting_url: str
    location: str
    phone_number: str
    format: RoundFormat
    people: tuple[PersonChoice, ...]
    message: str  # one short sentence: what saving does (or why nothing happens)
    new_start: datetime | None = None  # update: where the round moves to (aware UTC)
    notes: tuple[str, ...] = field(default=())

    @property
    def needs_time(self) -> bool:
        return not (self.date_text and self.time_text and self.time_zone)

    @property
    def changes_something(self) -> bool:
        return self.change in (InvitationChange.NEW, InvitationChange.UPDATE, InvitationChange.CANCELLATION)


@dataclass(frozen=True)
class Applied:
    change: InvitationChange
    round: Round | None
    application: Application | None
    message: str


def _clip(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


def _people(inv: Invitation) -> tuple[PersonChoice, ...]:
    """Organizer and attendees; when the organizer writes from a company domain and exactly
    one attendee is from elsewhere, that one is most likely the user (preselected off)."""
    org_domain = _domain(inv.organizer.email) if inv.organizer else ""
    outsiders = [p for p in inv.attendees if org_domain and _domain(p.email) and _domain(p.email) != org_domain]
    guess_you = outsiders[0].email if org_domain not in GENERIC_DOMAINS and len(outsiders) == 1 else ""
    out = []
    for person in inv.people:
        out.append(PersonChoice(name=person.name, email=person.email, organizer=person.role == "organizer",
                                likely_you=bool(guess_you) and person.email == guess_you))
    return tuple(out)


def _format(inv: Invitation) -> RoundFormat:
    if inv.links:
        return RoundFormat.VIDEO
    if inv.phones:
        return RoundFormat.PHONE
    if inv.location:
        return RoundFormat.ON_SITE
    return RoundFormat.VIDEO


def _duration(inv: Invitation) -> int:
    minutes = 60
    if inv.start and inv.end:
        minutes = int((inv.end - inv.start).total_seconds() // 60)
    elif isinstance(inv.local_start, datetime) and isinstance(inv.local_end, datetime):
        minutes = int((inv.local_end - inv.local_start).total_seconds() // 60)
    return min(max(minutes, 5), 12 * 60) if minutes > 0 else 60


def _phone(inv: Invitation) -> str:
    for dial in inv.phones:
        try:
            return check_phone(dial.display)
        except ValueError:
            continue
    return ""


def _wall(inv: Invitation) -> tuple[str, str, str]:
    """(date, time, zone) texts as the invitation means them: in its own zone."""
    if inv.timing is Timing.EXACT and inv.start is not None:
        if inv.zone:
            local = inv.start.astimezone(ZoneInfo(inv.zone))
            return local.date().isoformat(), local.strftime("%H:%M"), inv.zone
        return "", "", ""  # unknown zone name: the instant is right, the user picks the zone
    if isinstance(inv.local_start, datetime):
        return inv.local_start.date().isoformat(), inv.local_start.strftime("%H:%M"), ""
    if isinstance(inv.local_start, date):
        return inv.local_start.isoformat(), "", ""
    return "", "", ""


def _known(rounds: list[Round]) -> list[KnownInvitation]:
    return [KnownInvitation(uid=r.invitation_uid, sequence=r.invitation_sequence, cancelled=r.is_cancelled,
                            round_id=r.id) for r in rounds if r.invitation_uid]


def when_text(moment: datetime, zone: str) -> str:
    """'Tue 16 Jun 2026, 10:00 (Europe/Berlin)'."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} ({zone})"


def when_preview(date_text: str, time_text: str, duration_text: str, zone_text: str) -> str:
    """The time the preview's fields mean, in the user's zone (and the round's when it differs);
    '' while a field is incomplete."""
    try:
        day, clock, zone = parse_date(date_text), parse_time(time_text), parse_time_zone(zone_text)
        minutes = int((duration_text or "60").strip())
    except ValueError:
        return ""
    start = datetime.combine(day, clock, tzinfo=ZoneInfo(zone))
    return format_when(start, zone, ends_at=start + timedelta(minutes=min(max(minutes, 5), 12 * 60)))


class InvitationRoundService:
    """Preview and apply calendar invitations (the UI reaches it as ``AppServices.invitations``)."""

    def __init__(self, repos: Repositories, rounds: RoundService):
        self.repos = repos
        self.rounds = rounds

    # -- reading --

    def read(self, data: bytes) -> list[Invitation]:
        """Every event of an .ics file; InvitationError (a sentence for the user) for a bad file."""
        return read_invitations(data)

    def match_application(self, company: str | None) -> Application | None:
        """An open application at this company (case and spacing ignored), most recent first."""
        key = " ".join((company or "").lower().split())
        if not key:
            return None
        apps = sorted(self.repos.applications.all(), key=lambda a: a.updated_at, reverse=True)
        for app in sorted(apps, key=lambda a: a.archived):
            if " ".join(app.company.lower().split()) == key:
                return app
        return None

    def preview(self, inv: Invitation, application_id: str | None = None) -> InvitationPreview:
        """What saving *inv* would do. *application_id* is where it was opened from (a timeline)."""
        rounds = self.repos.rounds.all()
        decision: ChangeDecision = classify_invitation(inv, _known(rounds))
        saved = self.repos.rounds.get(decision.round_id) if decision.round_id else None
        if saved is not None:
            app = self.repos.applications.get(saved.application_id)
        elif application_id:
            app = self.repos.applications.get(application_id)
        else:
            app = self.match_application(inv.company_guess)
        day, clock, zone = _wall(inv)
        stage = inv.stage_guess or (saved.stage if saved else Stage.SCREENING)
        new_start = self._moved_start(inv, saved) if decision.change is InvitationChange.UPDATE else None
        return InvitationPreview(
            invitation=inv,
            change=decision.change,
            round=saved,
            application=app,
            company=(app.company if app else inv.company_guess or ""),
            stage=stage,
            title=_clip(inv.title, 120),
            date_text=day,
            time_text=clock,
            duration_minutes=_duration(inv),
            time_zone=zone,
            meeting_url=inv.link if len(inv.link) <= 2000 else "",
            location=_clip(inv.location if not inv.links or inv.location not in inv.link else "", 300),
            phone_number=_phone(inv),
            format=_format(inv),
            people=_people(inv),
            message=self._message(decision.change, saved, new_start, inv),
            new_start=new_start,
            notes=inv.notes,
        )

    def _message(self, change: InvitationChange, saved: Round | None, new_start: datetime | None,
                 inv: Invitation) -> str:
        if change is InvitationChange.NEW:
            return "A new round will be added."
        if change is InvitationChange.UPDATE and saved is not None:
            if new_start is not None and new_start != saved.starts_at:
                zone = inv.zone or saved.time_zone
                return f"This update moves the round to {when_text(new_start, zone)}."
            return "This update changes the round's details."
        if change is InvitationChange.CANCELLATION:
            return "This invitation was cancelled: the round will be marked cancelled."
        if change is InvitationChange.NOTHING_TO_CANCEL:
            return "This cancels an interview that is not in InterviewPal. Nothing to change."
        return "You already have this version of the invitation (or a newer one). Nothing changed."

    @staticmethod
    def _moved_start(inv: Invitation, saved: Round | None) -> datetime | None:
        if saved is None:
            return None
        if inv.timing is Timing.EXACT and inv.start is not None:
            return inv.start
        zone = ZoneInfo(saved.time_zone)
        if isinstance(inv.local_start, datetime):  # floating: read in the round's zone
            return inv.local_start.replace(tzinfo=zone).astimezone(timezone.utc)
        if isinstance(inv.local_start, date):  # all day: the new date at the round's time of day
            clock: time = saved.starts_at.astimezone(zone).time()
            return datetime.combine(inv.local_start, clock, tzinfo=zone).astimezone(timezone.utc)
        return None

    # -- applying --

    def apply(self, preview: InvitationPreview, *, application_id: str | None = None, company: str = "",
              role: str = "", stage: str | None = None, title: str | None = None, date_text: str | None = None,
              time_text: str | None = None, duration_text: str | None = None, time_zone: str | None = None,
              meeting_url: str | None = None, location: str | None = None, phone_number: str | None = None,
              format: str | None = None, interviewers: list[tuple[str, str]] | None = None) -> Applied:
        """Do what the preview said, with the user's changes for a new round.

        NEW: validates like the round editor (FormError with per-field sentences, nothing
        saved) and creates the application first when *application_id* is not given.
        UPDATE / CANCELLATION: the saved round moves / is marked cancelled. Otherwise nothing.
        The decision is taken again on the saved data, so a preview that went stale
        (another copy applied meanwhile) changes nothing.
        """
        inv = preview.invitation
        fresh = self.preview(inv, application_id)
        if fresh.change is InvitationChange.NEW:
            return self._create(fresh, application_id=application_id, company=company, role=role, stage=stage,
                                title=title, date_text=date_text, time_text=time_text, duration_text=duration_text,
                                time_zone=time_zone, meeting_url=meeting_url, location=location,
                                phone_number=phone_number, format=format, interviewers=interviewers)
        saved = fresh.round
        if fresh.change is InvitationChange.UPDATE and saved is not None:
            return self._update(fresh, saved)
        if fresh.change is InvitationChange.CANCELLATION and saved is not None:
            with self.repos.db.locked():
                rnd = self.repos.rounds.save(saved.model_copy(update={
                    "outcome": Outcome.CANCELLED, "invitation_sequence": max(inv.sequence, saved.invitation_sequence)}))
            return Applied(fresh.change, rnd, fresh.application, "The round is marked cancelled.")
        return Applied(fresh.change, saved, fresh.application, fresh.message)

    def _create(self, p: InvitationPreview, *, application_id, company, role, stage, title, date_text, time_text,
                duration_text, time_zone, meeting_url, location, phone_number, format, interviewers) -> Applied:
        inv = p.invitation
        errors: dict[str, str] = {}
        app = self.repos.applications.get(application_id) if application_id else None
        if application_id and app is None:
            errors["application"] = "That application no longer exists; pick another."
        company, role = " ".join(company.split()), " ".join(role.split())
        if app is None and not application_id:
            if not company:
                errors["company"] = "Enter the company."
            if not role:
                errors["role"] = "Enter the role you applied for."
        if not (time_zone if time_zone is not None else p.time_zone).strip():
            errors["time_zone"] = "Pick the time zone of the interview."
        people = interviewers if interviewers is not None else [(c.name or c.email, "") for c in p.people
                                                                if not c.likely_you]
        try:
            rnd = self.rounds.build(
                application_id=app.id if app else "pending", stage=stage or p.stage.value,
                title=p.title if title is None else title,
                date_text=p.date_text if date_text is None else date_text,
                time_text=p.time_text if time_text is None else time_text,
                duration_text=str(p.duration_minutes) if duration_text is None else duration_text,
                time_zone=p.time_zone if time_zone is None else time_zone,
                format=format or p.format.value, location=p.location if location is None else location,
                meeting_url=p.meeting_url if meeting_url is None else meeting_url,
                interviewers=[(n[:120], r[:120]) for n, r in people],
                phone_number=p.phone_number if phone_number is None else phone_number,
                contact_email=inv.organizer.email if inv.organizer and inv.organizer.email else "",
            )
        except FormError as e:
            raise FormError({**e.errors, **errors}) from None
        if errors:
            raise FormError(errors)
        with self.repos.db.locked():
            if app is None:
                from .applications import ApplicationService

                app = ApplicationService(self.repos).create(company=company, role=role)
            rnd = self.repos.rounds.add(rnd.model_copy(update={
                "application_id": app.id, "invitation_uid": inv.uid, "invitation_sequence": inv.sequence}))
        return Applied(InvitationChange.NEW, rnd, app, "The round is added.")

    def _update(self, p: InvitationPreview, saved: Round) -> Applied:
        inv = p.invitation
        update: dict = {"invitation_sequence": inv.sequence}
        if p.new_start is not None:
            update["starts_at"] = p.new_start
            if inv.timing is Timing.EXACT:
                update["duration_minutes"] = p.duration_minutes
        if inv.zone:
            update["time_zone"] = inv.zone
        if p.meeting_url:
            update["meeting_url"] = p.meeting_url
        if p.phone_number:
            update["phone_number"] = p.phone_number
        if saved.is_cancelled:  # an update after a cancellation brings the round back
            update["outcome"] = Outcome.PENDING
        with self.repos.db.locked():
            data = saved.model_dump()
            data.update(update)
            rnd = self.repos.rounds.save(Round.model_validate(data))
        where = when_text(rnd.starts_at, rnd.time_zone)
        return Applied(InvitationChange.UPDATE, rnd, p.application, f"The round moved to {where}.")


@dataclass(frozen=True)
class PastedFields:
    """What a pasted invitation fills in the round editor (its field names), and a sentence saying so."""

    values: dict[str, str]
    message: str


_FOUND_WORDS = {"date": "date", "time": "time", "duration": "length", "time_zone": "time zone",
                "meeting_url": "link", "phone_number": "phone number"}


def fields_from_pasted_text(text: str, today: date) -> PastedFields:
    """Read a pasted invitation e-mail (see invitations/text.py) into the round editor's fields:
    ``date``, ``time``, ``duration``, ``time_zone`` (IANA id), ``meeting_url``, ``phone_number``
    and ``format`` (phone when there is a number but no link). Nothing found: no values."""
    from .invitations import read_invitation_text

    found = read_invitation_text(text, today)
    values: dict[str, str] = {}
    if found.day:
        values["date"] = found.day.isoformat()
    if found.start:
        values["time"] = found.start.strftime("%H:%M")
        if found.end:
            minutes = (found.end.hour * 60 + found.end.minute) - (found.start.hour * 60 + found.start.minute)
            if minutes <= 0:
                minutes += 24 * 60
            if 5 <= minutes <= 12 * 60:
                values["duration"] = str(minutes)
    if found.zone:
        values["time_zone"] = found.zone
    if found.link and len(found.link) <= 2000:
        values["meeting_url"] = found.link
    for dial in found.phones:
        try:
            values["phone_number"] = check_phone(dial.display)
            break
        except ValueError:
            continue
    if "phone_number" in values and "meeting_url" not in values:
        values["format"] = RoundFormat.PHONE.value
    elif "meeting_url" in values:
        values["format"] = RoundFormat.VIDEO.value
    if not values:
        return PastedFields({}, "No date, time, link or phone number found in that text. Nothing was changed.")
    words = [w for k, w in _FOUND_WORDS.items() if k in values]
    missing = [w for k, w in _FOUND_WORDS.items() if k in ("date", "time", "time_zone") and k not in values]
    message = "Filled in the " + _join(words) + " from the invitation: check them before saving."
    if missing:
        message += " Not found: " + _join(missing) + "."
    return PastedFields(values, message)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
