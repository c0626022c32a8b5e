"""Plain factories the unit tests share: records with sensible defaults, stored or not.

A test that needs other defaults passes them at the call site (``make_round(app, now=...)``,
``make_app(created_at=T0)``) so the difference stays visible where it matters."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from interviewpal.models import Application, JournalEntry, Round, Stage

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=timezone.utc)


def make_app(company: str = "Acme", role: str = "Engineer", **kw) -> Application:
    """An application (not stored)."""
    return Application(company=company, role=role, **kw)


def make_round(app: Application, stage: Stage = Stage.TECHNICAL, starts_at: datetime | None = None, *,
               hours: float = 24, now: datetime = NOW, time_zone: str = "UTC", **kw) -> Round:
    """A round of ``app`` (not stored) starting ``hours`` after ``now``, or at ``starts_at`` when given."""
    when = starts_at if starts_at is not None else now + timedelta(hours=hours)
    return Round(application_id=app.id, stage=stage, starts_at=when, time_zone=time_zone, **kw)


def make_entry(rnd: Round, feeling: int = 3, confidence: int = 3, **kw) -> JournalEntry:
    """A reflection on ``rnd`` (not stored) with the required feeling and confidence."""
    return JournalEntry(round_id=rnd.id, application_id=rnd.application_id, feeling=feeling, confidence=confidence, **kw)


def add_app(repos, company: str = "Acme", role: str = "Engineer", **kw) -> Application:
    return repos.applications.add(make_app(company, role, **kw))


def add_round(repos, app: Application, stage: Stage = Stage.TECHNICAL, starts_at: datetime | None = None,
              **kw) -> Round:
    return repos.rounds.add(make_round(app, stage, starts_at, **kw))


def add_entry(repos, rnd: Round, feeling: int = 3, confidence: int = 3, **kw) -> JournalEntry:
    return repos.journal.add(make_entry(rnd, feeling, confidence, **kw))
