"""The delivery log: which reminders were shown, missed or handed to the OS scheduler.

:class:`ReminderLog` turns :class:`~interviewpal.services.reminders.Reminder` objects into the
documents of the ``reminder_log`` table (kept by
:class:`~interviewpal.storage.reminder_log.ReminderLogRepository`) and reads them back as
:class:`MissedReminder` for the in-app "missed" list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from ..storage.reminder_log import DELIVERED, MISSED, SCHEDULED, ReminderLogRepository, parse_time
from .reminders import Reminder, ReminderKind, _utc


@dataclass(frozen=True)
class MissedReminder:
    """A reminder that came due while the app was not running, for the in-app "missed" list."""

    key: str
    kind: ReminderKind
    fire_at: datetime
    title: str
    body: str
    target: tuple[str, str]
    recorded_at: datetime
    round_id: str | None = None
    entry_id: str | None = None


def _iso(moment: datetime) -> str:
    return _utc(moment).isoformat()


def _doc(r: Reminder, state: str, at: datetime, backend: str | None = None) -> dict[str, Any]:
    return {
        "key": r.key, "state": state, "at": _iso(at), "fire_at": _iso(r.fire_at), "kind": str(r.kind),
        "backend": backend, "title": r.title, "body": r.body, "target": list(r.target),
        "round_id": r.round_id, "entry_id": r.entry_id, "dismissed": False,
    }


class ReminderLog:
    """What happened to each reminder key (see :mod:`interviewpal.storage.reminder_log`)."""

    def __init__(self, db: Any):
        self.store = ReminderLogRepository(db)  # a Repositories or a Database

    # -- reading --

    def entries(self) -> list[dict[str, Any]]:
        return self.store.entries()

    def get(self, key: str) -> dict[str, Any] | None:
        return self.store.get(key)

    def handled_keys(self, now: datetime | None = None) -> set[str]:
        """Keys that must not be shown again: delivered, missed, or fired by the OS scheduler by ``now``."""
        out: set[str] = set()
        for doc in self.store.entries():
            state = doc.get("state")
            if state in (DELIVERED, MISSED):
                out.add(doc.get("key"))
            elif state == SCHEDULED and now is not None:
                fire = parse_time(doc.get("fire_at"))
                if fire is not None and fire <= _utc(now):
                    out.add(doc.get("key"))
        out.discard(None)
        return out

    def scheduled(self) -> dict[str, dict[str, Any]]:
        """Entries handed to the OS scheduler, by key."""
        return {d["key"]: d for d in self.store.entries() if d.get("state") == SCHEDULED and d.get("key")}

    def missed(self, *, include_dismissed: bool = False) -> list[MissedReminder]:
        """Missed reminders, oldest first (not dismissed ones unless asked)."""
        out: list[MissedReminder] = []
        for d in self.store.entries():
            if d.get("state") != MISSED or (d.get("dismissed") and not include_dismissed):
                continue
            fire, rec = parse_time(d.get("fire_at")), parse_time(d.get("at"))
            target = d.get("target") or ["", ""]
            try:
                kind = ReminderKind(d.get("kind"))
            except ValueError:
                continue
            if fire is None or rec is None or len(target) != 2:
                continue
            out.append(MissedReminder(d["key"], kind, fire, d.get("title", ""), d.get("body", ""),
                                      (str(target[0]), str(target[1])), rec, d.get("round_id"), d.get("entry_id")))
        out.sort(key=lambda m: (m.fire_at, m.key))
        return out

    # -- writing --

    def claim(self, reminder: Reminder, at: datetime, backend: str | None = None) -> bool:
        """Mark ``reminder`` delivered unless it was handled already; True when this caller may show it.

        Claim first, then show: a crash in between loses one notification
        rather than showing it twice. A "scheduled" entry whose OS alarm is
        still in the future can be claimed (the caller cancels the alarm).
        """
        return self.store.claim(_doc(reminder, DELIVERED, at, backend), at)

    def set_backend(self, key: str, backend: str) -> None:
        self.store.set_backend(key, backend)

    def record_missed(self, reminders: Iterable[Reminder], at: datetime) -> list[Reminder]:
        """Store reminders as missed (those not handled yet); returns the newly stored ones."""
        pending = list(reminders)
        new = set(self.store.add_new(_doc(r, MISSED, at) for r in pending))
        out: list[Reminder] = []
        for r in pending:
            if r.key in new:
                out.append(r)
                new.discard(r.key)
        return out

    def dismiss(self, key: str) -> bool:
        return self.store.dismiss(key)

    def dismiss_all(self) -> int:
        return self.store.dismiss_all()

    def mark_scheduled(self, reminders: Iterable[Reminder], at: datetime, backend: str) -> None:
        self.store.put_scheduled(_doc(r, SCHEDULED, at, backend) for r in reminders)

    def unschedule(self, keys: Iterable[str]) -> None:
        self.store.unschedule(keys)

    def prune(self, before: datetime) -> int:
        """Forget entries due before ``before`` (they are out of every plan by then)."""
        return self.store.prune(_utc(before))


def worth_showing(missed: list[MissedReminder], starts: dict[str, datetime], now: datetime) -> list[MissedReminder]:
    """The missed reminders still worth the user's attention, newest first.

    A missed "before" or "evening before" reminder only matters while its round
    is still ahead, and then only the latest one per round; reflection and
    follow-up reminders stay until dismissed. ``starts`` maps round id to start.
    """
    keep: list[MissedReminder] = []
    seen_rounds: set[str] = set()
    for m in sorted(missed, key=lambda m: m.fire_at, reverse=True):
        if m.kind in (ReminderKind.BEFORE, ReminderKind.EVENING_BEFORE):
            start = starts.get(m.round_id or "")
            if start is None or start <= now or m.round_id in seen_rounds:
                continue
            seen_rounds.add(m.round_id)
        keep.append(m)
    return keep
