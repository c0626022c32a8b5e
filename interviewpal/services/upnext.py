"""Up next: the coming round, the rest of the week, and rounds waiting for a reflection."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..models import Application, Outcome, Round
from ..storage import Repositories
from .reflection_due import awaits_reflection, reflected_rounds


@dataclass(frozen=True)
class RoundView:
    """A round with its application, ready to show."""

    round: Round
    application: Application

    @property
    def company(self) -> str:
        return self.application.company

    @property
    def role(self) -> str:
        return self.application.role


@dataclass
class UpNext:
    next: RoundView | None = None
    this_week: list[RoundView] = field(default_factory=list)
    awaiting_reflection: list[RoundView] = field(default_factory=list)
    has_applications: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.next or self.this_week or self.awaiting_reflection)


def countdown(start: datetime, now: datetime, end: datetime | None = None) -> str:
    """'in 2 h 15 min', 'in 3 days', 'now', 'ended 20 min ago'."""
    if end is not None and start <= now < end:
        return "happening now"
    delta = start - now
    secs = int(delta.total_seconds())
    if secs < 0:
        ago = -secs if end is None else int((now - end).total_seconds())
        return f"ended {_span(max(ago, 60))} ago"
    if secs < 60:
        return "starting now"
    return f"in {_span(secs)}"


def _span(secs: int) -> str:
    minutes = secs // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    if days < 7:
        return f"{days} day{'s' if days != 1 else ''} {hours} h" if hours and days < 2 else f"{days} day{'s' if days != 1 else ''}"
    weeks = days // 7
    return f"{weeks} week{'s' if weeks != 1 else ''}"


class UpNextService:
    """The home screen's data: the next round, the week ahead, reflections due."""

    def __init__(self, repos: Repositories):
        self.repos = repos


    def compute(self, now: datetime, days: int = 7) -> UpNext:
        """What is coming: rounds of open, unarchived applications, by start time."""
        apps = {a.id: a for a in self.repos.applications.all() if not a.archived}
        reflected = reflected_rounds(self.repos.journal.all())
        coming: list[RoundView] = []
        waiting: list[RoundView] = []
        for r in self.repos.rounds.all():
            app = apps.get(r.application_id)
            if app is None or r.outcome is Outcome.CANCELLED:
                continue
            if r.ends_at > now and r.outcome is Outcome.PENDING and app.status.is_open:
                coming.append(RoundView(r, app))
            elif awaits_reflection(r, app, reflected, now):
                waiting.append(RoundView(r, app))
        coming.sort(key=lambda v: v.round.starts_at)
        waiting.sort(key=lambda v: v.round.starts_at, reverse=True)
        horizon = now + timedelta(days=days)
        return UpNext(
            next=coming[0] if coming else None,
            this_week=[v for v in coming[1:] if v.round.starts_at <= horizon],
            awaiting_reflection=waiting,
            has_applications=bool(apps),
        )
