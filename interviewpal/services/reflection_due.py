"""Which rounds are waiting for a reflection: one rule, used by Up next.

A round awaits a reflection when it has ended, was not cancelled, its application exists
and is not archived, it has no published reflection (a draft still counts as waiting: the
user is asked to finish it) and it ended less than :data:`REFLECT_WITHIN` ago.
(The "reflect" reminder is a different fact: it fires once, and not when a draft was
already started; see services/reminders.py.)
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable

from ..models import Application, JournalEntry, Outcome, Round

REFLECT_WITHIN = timedelta(days=30)


def reflected_rounds(entries: Iterable[JournalEntry]) -> set[str]:
    """Ids of rounds with a published reflection."""
    return {e.round_id for e in entries if not e.draft}


def awaits_reflection(rnd: Round, app: Application | None, reflected: set[str], now: datetime) -> bool:
    return (
        app is not None
        and not app.archived
        and rnd.outcome is not Outcome.CANCELLED
        and rnd.ends_at <= now
        and rnd.id not in reflected
        and now - rnd.ends_at < REFLECT_WITHIN
    )
