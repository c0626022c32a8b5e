"""The e-mails behind a follow-up's "Write email", and "Mark sent" (issue 13).

A thank-you goes to the interviewer it is for; chasing a decision goes to the
application's recruiter (else an interviewer with an address, else the round's contact).
The draft is filled from the content pack's templates (``content/<lang>/follow_ups.toml``)
with the person's name, the role and one point from the reflection, and handed to the
mail app as a ``mailto:`` URL (RFC 6068, built by :func:`services.round_actions.mailto_url`).
Plain Python: no Flet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ..content.schema import FollowUpTemplates, MailTemplate
from ..models import Application, FollowUpKind, JournalEntry, Person, Round, utc_now
from ..storage.repositories import NotFound, Repositories
from .people import recruiter_of
from .round_actions import mailto_url
from .time_zones import day_text, in_user_zone

WRITABLE = (FollowUpKind.THANK_YOU, FollowUpKind.CHASE)
POINT_MAX = 200
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")
_SENTENCE = re.compile(r"(?<=[.!?…])\s")


@dataclass(frozen=True)
class MailDraft:
    to: str  # "" when nobody's address is known yet (the mail app then asks)
    name: str  # who it is for, as shown ("Dana Weiss"; "" when nobody is known)
    subject: str
    body: str
    point: str = ""  # the reflection's point used in the body ("" when none)

    @property
    def url(self) -> str:
        return mailto_url(self.to, self.subject, self.body)

    @property
    def missing_address(self) -> str:
        """A sentence when there is no address to write to (shown next to the button)."""
        if self.to:
            return ""
        who = self.name or "this person"
        return f"No e-mail address for {who} yet: add it under People on the application."


def reflection_point(entry: JournalEntry) -> tuple[str, str]:
    """('went_well', text) from what went well, else ('question', text) from the questions asked,
    else ('', ''). The first line or sentence, at most POINT_MAX characters."""
    for line in entry.went_well.splitlines():
        text = _BULLET.sub("", line).strip()
        if text:
            text = _SENTENCE.split(text, maxsplit=1)[0]
            return "went_well", _cut(text if text[-1] in ".!?…" else text + ".")
    for q in entry.questions:
        text = _BULLET.sub("", q).strip()
        if text:
            return "question", _cut(text)
    return "", ""


def _cut(text: str) -> str:
    return text if len(text) <= POINT_MAX else text[: POINT_MAX - 1].rstrip() + "…"


def date_words(day: date) -> str:
    """'4 December 2026' (English, whatever the machine's locale)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def fill(text: str, values: dict[str, str]) -> str:
    """A template with its placeholders filled (the user's texts are inserted as they are)."""
    return text.format_map(values)


def compose(template: MailTemplate, kind: FollowUpKind, *, name: str, role: str, company: str, stage: str,
            entry: JournalEntry | None, to: str = "") -> MailDraft:
    """The draft from a template: the body variant that fits what the reflection holds."""
    values = {"name": name, "first_name": name.split()[0] if name.split() else name, "role": role,
              "company": company, "stage": stage, "point": "", "decide_by": ""}
    body = template.body
    point = ""
    if kind is FollowUpKind.THANK_YOU and entry is not None:
        which, point = reflection_point(entry)
        variant = {"went_well": template.body_went_well, "question": template.body_question}.get(which, "")
        if variant:
            body, values["point"] = variant, point
        else:
            point = ""
    elif kind is FollowUpKind.CHASE and entry is not None and entry.decision_by and template.body_decide_by:
        body, values["decide_by"] = template.body_decide_by, date_words(entry.decision_by)
    return MailDraft(to=to, name=name, subject=fill(template.subject, values), body=fill(body, values), point=point)


def sent_text(sent_at: datetime, zone: str | None = None) -> str:
    """'Sent Thu 27 Nov, 14:05' on the user's clock."""
    t = in_user_zone(sent_at, zone)
    return f"Sent {day_text(t)}, {t:%H:%M}"


class FollowUpMailService:
    """Drafts for the writable follow-ups, and recording that one was sent."""

    def __init__(self, repos: Repositories, content):
        self.repos = repos
        self.content = content

    @property
    def templates(self) -> FollowUpTemplates | None:
        return getattr(self.content, "follow_ups", None)

    def can_write(self, kind: FollowUpKind) -> bool:
        return kind in WRITABLE and self.templates is not None

    def draft(self, entry_id: str, follow_up_id: str) -> MailDraft | None:
        """The e-mail for one follow-up, or None when it is not one the app writes (or no templates)."""
        entry = self.repos.journal.get(entry_id)
        fu = next((f for f in entry.follow_ups if f.id == follow_up_id), None) if entry else None
        if entry is None or fu is None or not self.can_write(fu.kind):
            return None
        app = self.repos.applications.get(entry.application_id)
        rnd = self.repos.rounds.get(entry.round_id)
        person, name = self._recipient(fu.kind, fu.interviewer_id, app, rnd)
        to = person.email if person else (rnd.contact_email if rnd and fu.kind is FollowUpKind.CHASE else "")
        if not name and to:
            name = f"{app.company} team" if app else ""
        template = self.templates.thank_you if fu.kind is FollowUpKind.THANK_YOU else self.templates.chase
        return compose(template, fu.kind, name=name, role=app.role if app else "", company=app.company if app else "",
                       stage=rnd.stage.label if rnd else "", entry=entry, to=to)

    @staticmethod
    def _recipient(kind: FollowUpKind, interviewer_id: str, app: Application | None,
                   rnd: Round | None) -> tuple[Person | None, str]:
        interviewers = list(rnd.interviewers) if rnd else []
        if kind is FollowUpKind.THANK_YOU:
            who = next((i for i in interviewers if interviewer_id in (i.id, i.person_id)), None) if interviewer_id else None
            if who is None and len(interviewers) == 1:
                who = interviewers[0]
            if who is None:
                return None, ""
            person = app.person(who.person_id) if app and who.person_id else None
            return person, person.name if person else who.name
        recruiter = recruiter_of(app)
        if recruiter is not None and recruiter.email:
            return recruiter, recruiter.name
        for i in interviewers:
            person = app.person(i.person_id) if app and i.person_id else None
            if person is not None and person.email:
                return person, person.name
        return recruiter, recruiter.name if recruiter else ""

    def mark_sent(self, entry_id: str, follow_up_id: str, sent: bool = True, *, now: datetime | None = None
                  ) -> JournalEntry:
        """Record that the follow-up's e-mail went out (it is done, too); ``sent=False`` undoes it."""
        with self.repos.db.locked():
            entry = self.repos.journal.require(entry_id)
            if not any(f.id == follow_up_id for f in entry.follow_ups):
                raise NotFound(follow_up_id)
            stamp = (now or utc_now()) if sent else None
            follow_ups = [f.model_copy(update={"done": sent, "done_at": stamp, "sent_at": stamp}) if f.id == follow_up_id
                          else f for f in entry.follow_ups]
            return self.repos.journal.save(entry.model_copy(update={"follow_ups": follow_ups}))
