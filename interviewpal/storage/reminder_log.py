"""The ``reminder_log`` table: what happened to each reminder key (one document per key).

``state`` is "delivered" (shown; ``backend`` says by what), "missed" (came due while the app
was closed; ``dismissed`` once the user cleared it) or "scheduled" (handed to the OS
scheduler, which fires it itself at ``fire_at``). Every change runs under the database
lock, so two app instances never deliver the same key twice. The services build the
documents (:mod:`interviewpal.services.reminder_log`); this module only keeps them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable

LOG_TABLE = "reminder_log"
DELIVERED = "delivered"
MISSED = "missed"
SCHEDULED = "scheduled"


def parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class ReminderLogRepository:
    """The reminder log's documents (plain dicts keyed by ``key``)."""

    def __init__(self, db: Any):
        self.db = getattr(db, "db", db)  # a Repositories or a Database

    def _table(self):
        return self.db.table(LOG_TABLE)

    def _find(self, key: str) -> tuple[int, dict[str, Any]] | None:
        for doc in self._table().all():
            if doc.get("key") == key:
                return doc.doc_id, doc
        return None

    # -- reading --

    def entries(self) -> list[dict[str, Any]]:
        return [dict(d) for d in self._table().all()]

    def get(self, key: str) -> dict[str, Any] | None:
        found = self._find(key)
        return dict(found[1]) if found else None

    # -- writing --

    def claim(self, doc: dict[str, Any], at: datetime) -> bool:
        """Store ``doc`` (state delivered) unless its key was handled already; True when stored.

        A "scheduled" entry whose OS alarm is still in the future is replaced (claimed).
        """
        with self.db.locked():
            found = self._find(doc["key"])
            if found is not None:
                doc_id, old = found
                fire = parse_time(old.get("fire_at"))
                if old.get("state") != SCHEDULED or fire is None or fire <= _utc(at):
                    return False
                self._table().update(doc, doc_ids=[doc_id])
                return True
            self._table().insert(doc)
            return True

    def set_backend(self, key: str, backend: str) -> None:
        with self.db.locked():
            found = self._find(key)
            if found is not None:
                self._table().update({"backend": backend}, doc_ids=[found[0]])

    def add_new(self, docs: Iterable[dict[str, Any]]) -> list[str]:
        """Store the documents whose key is not in the log yet; returns their keys."""
        new: list[str] = []
        with self.db.locked():
            table = self._table()
            known = {d.get("key") for d in table.all()}
            for doc in docs:
                if doc["key"] in known:
                    continue
                table.insert(doc)
                known.add(doc["key"])
                new.append(doc["key"])
        return new

    def dismiss(self, key: str) -> bool:
        with self.db.locked():
            found = self._find(key)
            if found is None or found[1].get("state") != MISSED or found[1].get("dismissed"):
                return False
            self._table().update({"dismissed": True}, doc_ids=[found[0]])
            return True

    def dismiss_all(self) -> int:
        with self.db.locked():
            ids = [d.doc_id for d in self._table().all() if d.get("state") == MISSED and not d.get("dismissed")]
            if ids:
                self._table().update({"dismissed": True}, doc_ids=ids)
            return len(ids)

    def put_scheduled(self, docs: Iterable[dict[str, Any]]) -> None:
        """Add the scheduled documents, replacing earlier scheduled ones (never a delivered or missed one)."""
        with self.db.locked():
            table = self._table()
            existing = {d.get("key"): d for d in table.all()}
            for doc in docs:
                found = existing.get(doc["key"])
                if found is None:
                    table.insert(doc)
                elif found.get("state") == SCHEDULED:
                    table.update(doc, doc_ids=[found.doc_id])

    def unschedule(self, keys: Iterable[str]) -> None:
        keys = set(keys)
        with self.db.locked():
            ids = [d.doc_id for d in self._table().all() if d.get("state") == SCHEDULED and d.get("key") in keys]
            if ids:
                self._table().remove(doc_ids=ids)

    def prune(self, before: datetime) -> int:
        """Forget entries due before ``before``."""
        before = _utc(before)
        with self.db.locked():
            ids = [d.doc_id for d in self._table().all()
                   if (f := parse_time(d.get("fire_at"))) is not None and f < before]
            if ids:
                self._table().remove(doc_ids=ids)
            return len(ids)
