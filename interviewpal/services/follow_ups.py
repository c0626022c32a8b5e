"""Follow-ups after a round (thank-you notes, materials to send, chasing an answer).

Each interviewer's thank-you is its own follow-up with its own done state, so
writing to one interviewer does not tick off the others.

Plain Python: no Flet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..models import FollowUpKind, JournalEntry, utc_now
from ..storage.repositories import NotFound, Repositories


@dataclass(frozen=True)
class FollowUpView:
    entry_id: str
    follow_up_id: str
    application_id: str
    round_id: str
    company: str
    role: str
    interviewer_name: str  # "" when the follow-up is not for one person
    kind: FollowUpKind
    text: str
    due: date
    done: bool
    overdue: bool
    days_overdue: int
    sent_at: datetime | None = None  # issue 13: "Mark sent"

    @property
    def kind_label(self) -> str:
        return self.kind.label


class FollowUpService:
    """Follow-ups across the journal: what is due, what comes next, ticking one off."""

    def __init__(self, repos: Repositories):
        self.repos = repos


    def _views(self, today: date, *, include_done: bool) -> list[FollowUpView]:
        apps = {a.id: a for a in self.repos.applications.all()}
        rounds = {r.id: r for r in self.repos.rounds.all()}
        out: list[FollowUpView] = []
        for entry in self.repos.journal.all():
            app = apps.get(entry.application_id)
            if app is not None and app.archived:
                continue
            rnd = rounds.get(entry.round_id)
            names = {p.id: p.name for p in rnd.interviewers} if rnd else {}
            for fu in entry.follow_ups:
                if fu.done and not include_done:
                    continue
                late = (today - fu.due).days
                out.append(
                    FollowUpView(
                        entry_id=entry.id,
                        follow_up_id=fu.id,
                        application_id=entry.application_id,
                        round_id=entry.round_id,
                        company=app.company if app else "",
                        role=app.role if app else "",
                        interviewer_name=names.get(fu.interviewer_id, "") if fu.interviewer_id else "",
                        kind=fu.kind,
                        text=fu.text,
                        due=fu.due,
                        done=fu.done,
                        overdue=not fu.done and late > 0,
                        days_overdue=max(late, 0) if not fu.done else 0,
                        sent_at=fu.sent_at,
                    )
                )
        out.sort(key=lambda v: (v.due, v.company.casefold(), v.text.casefold(), v.follow_up_id))
        return out

    def due(self, today: date) -> list[FollowUpView]:
        """Open follow-ups due today or earlier (overdue), earliest due first.

        Drafts count (a thank-you is due whether or not the reflection is
        finished); follow-ups of archived applications are left out.
        """
        return [v for v in self._views(today, include_done=False) if v.due <= today]

    def upcoming(self, today: date) -> list[FollowUpView]:
        """Open follow-ups due after today, earliest first."""
        return [v for v in self._views(today, include_done=False) if v.due > today]

    def for_entry(self, entry_id: str, today: date) -> list[FollowUpView]:
        """All follow-ups of one entry, done ones too."""
        return [v for v in self._views(today, include_done=True) if v.entry_id == entry_id]

    def mark_done(self, entry_id: str, follow_up_id: str, done: bool = True, *, now: datetime | None = None
    ) -> JournalEntry:
        """Tick (or untick) one follow-up; returns the saved entry.

        Raises :class:`NotFound` when the entry or the follow-up does not exist.
        """
        with self.repos.db.locked():
            entry = self.repos.journal.require(entry_id)
            if not any(fu.id == follow_up_id for fu in entry.follow_ups):
                raise NotFound(follow_up_id)
            stamp = (now or utc_now()) if done else None
            follow_ups = [
                fu.model_copy(update={"done": done, "done_at": stamp}) if fu.id == follow_up_id else fu
                for fu in entry.follow_ups
            ]
            return self.repos.journal.save(entry.model_copy(update={"follow_ups": follow_ups}))
