"""Typed access to the tables: the only API the services use for storage.

A repository turns stored documents into validated models and back. Every
change runs under the database lock, so two app instances never lose each
other's writes. Unknown fields in a stored record (from a newer app) survive
updates because an update merges into the stored document.
"""

from __future__ import annotations

from typing import Any, Generic, Iterable, TypeVar

from pydantic import ValidationError
from tinydb import Query

from ..models import Application, JournalEntry, Round, Settings
from ..models.base import Record, utc_now
from ..models.settings import SETTINGS_ID
from .database import Database

T = TypeVar("T", bound=Record)
_Q = Query()


class NotFound(KeyError):
    """No record with that id."""


class Repository(Generic[T]):
    """Records of one table as models of type ``T``."""

    model: type[T]
    table_name: str

    def __init__(self, db: Database):
        self.db = db
        self._cache_sig: object = object()
        self._cache: dict[str, T] = {}

    # -- reading --

    def _load(self) -> dict[str, T]:
        storage = self.db.storage(self.table_name)
        raw = (storage.read() or {}).get(self.table_name, {})  # re-reads only if the file changed
        sig = storage.signature
        if sig != self._cache_sig or sig is None:
            out: dict[str, T] = {}
            target = self.model.SCHEMA_VERSION
            for doc in raw.values():
                if not isinstance(doc, dict) or doc.get("schema_version", 1) > target:
                    continue  # newer app's record: kept on disk, not shown
                try:
                    rec = self.model.model_validate(doc)
                except ValidationError:
                    continue  # quarantined at the next open
                out[rec.id] = rec
            self._cache, self._cache_sig = out, sig
        return self._cache

    def all(self) -> list[T]:
        return list(self._load().values())

    def get(self, record_id: str) -> T | None:
        return self._load().get(record_id)

    def require(self, record_id: str) -> T:
        rec = self.get(record_id)
        if rec is None:
            raise NotFound(record_id)
        return rec

    def count(self) -> int:
        return len(self._load())

    # -- writing --

    def add(self, record: T) -> T:
        with self.db.locked():
            table = self.db.table(self.table_name)
            if table.contains(_Q.id == record.id):
                raise ValueError(f"A record with id {record.id} exists already.")
            table.insert(record.to_doc())
        return record

    def add_many(self, records: Iterable[T]) -> int:
        docs = [r.to_doc() for r in records]
        with self.db.locked():
            self.db.table(self.table_name).insert_multiple(docs)
        return len(docs)

    def save(self, record: T, *, touch: bool = True) -> T:
        """Insert or update ``record``; fields unknown to this version stay in the stored doc."""
        if touch:
            record = record.model_copy(update={"updated_at": utc_now()})
        doc = record.to_doc()
        with self.db.locked():
            table = self.db.table(self.table_name)
            if not table.update(doc, _Q.id == record.id):
                table.insert(doc)
        return record

    def delete(self, record_id: str) -> T | None:
        """Remove a record; returns it (for undo) or None if it was not there."""
        with self.db.locked():
            before = self.get(record_id)
            self.db.table(self.table_name).remove(_Q.id == record_id)
        return before

    def delete_where(self, field_name: str, value: Any) -> list[T]:
        """Remove every record whose ``field_name`` equals ``value``; returns them."""
        with self.db.locked():
            gone = [r for r in self.all() if getattr(r, field_name) == value]
            if gone:
                self.db.table(self.table_name).remove(_Q[field_name] == value)
        return gone


class ApplicationRepository(Repository[Application]):
    model = Application
    table_name = "applications"


class RoundRepository(Repository[Round]):
    model = Round
    table_name = "rounds"

    def for_application(self, application_id: str) -> list[Round]:
        return sorted((r for r in self.all() if r.application_id == application_id), key=lambda r: r.starts_at)


class JournalRepository(Repository[JournalEntry]):
    model = JournalEntry
    table_name = "journal"

    def for_round(self, round_id: str) -> list[JournalEntry]:
        return [e for e in self.all() if e.round_id == round_id]


class SettingsRepository(Repository[Settings]):
    model = Settings
    table_name = "settings"

    def load(self) -> Settings:
        """The settings, or the defaults when none were saved."""
        return self.get(SETTINGS_ID) or Settings()


class Repositories:
    """All repositories over one database."""

    def __init__(self, db: Database):
        self.db = db
        self.applications = ApplicationRepository(db)
        self.rounds = RoundRepository(db)
        self.journal = JournalRepository(db)
        self.settings = SettingsRepository(db)

    @classmethod
    def open(cls, folder=None, **kwargs: Any) -> "Repositories":
        from .paths import data_dir

        return cls(Database(folder or data_dir(), **kwargs))
