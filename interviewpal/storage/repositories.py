"""Typed access to the tables: the only API the services use for storage.

A repository turns stored documents into validated models and back. Every
change runs under the database lock, so two app instances never lose each
other's writes. Unknown fields in a stored record (from a newer app) survive
updates because an update merges into the stored document.
"""

from __future__ import annotations

from typing import Any, Callable, Generic, Iterable, TypeVar

from tinydb import Query

from ..models import Application, JournalEntry, Round, Settings
from ..models.base import Record, utc_now
from ..models.settings import SETTINGS_ID
from .database import Database
from .jsonfile import AtomicJSONStorage
from .records import check_record, is_newer

T = TypeVar("T", bound=Record)
_Q = Query()


class NotFound(KeyError):
    """No record with that id."""


class NewerRecordError(ValueError):
    """The record was saved by a newer InterviewPal: this version leaves it untouched."""

    def __init__(self, table: str):
        if table == "settings":
            text = ("Your settings were saved by a newer version of InterviewPal and stay untouched: "
                    "update the app to change them.")
        else:
            text = "This item was saved by a newer version of InterviewPal and stays untouched: update the app to change it."
        super().__init__(text)
        self.table = table


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
            opened = self.db.opened_models(self.table_name, sig, self.model)
            if opened is not None:  # validated at open, the file unchanged since: not again
                self._cache, self._cache_sig = opened, sig
                return opened
            out: dict[str, T] = {}
            for doc in raw.values():
                rec = self._model_or_none(doc)  # a newer app's record stays on disk, not shown;
                if rec is not None:             # a broken one is quarantined at the next open
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
    #
    # Single-record changes (add, save, delete) build the table's new dict of
    # docs under the lock and write it with AtomicJSONStorage.write_changed,
    # which re-serialises only the changed record; the write itself is the same
    # atomic replace. The table dict is replaced, never changed in place, so a
    # reader iterating the old one (another thread, outside the lock) is not
    # disturbed - as with TinyDB's own writes.

    def _stored(self) -> tuple[AtomicJSONStorage, dict[str, Any]] | None:
        """Under the lock: the storage and its data (read again from disk if another
        instance wrote); None while the file does not exist."""
        storage = self.db.storage(self.table_name)
        data = storage.read()
        return None if data is None else (storage, data)

    def _docs(self, stored: tuple[AtomicJSONStorage, dict[str, Any]] | None) -> dict[str, Any]:
        return {} if stored is None else stored[1].get(self.table_name, {})

    def _commit(self, stored: tuple[AtomicJSONStorage, dict[str, Any]], docs: dict[str, Any], changed: list[str],
                removed: str | None = None) -> None:
        storage, data = stored
        in_step = self._cache_sig == storage.signature  # the cache matches the file we are changing
        data[self.table_name] = docs
        storage.write_changed(self.table_name, changed)
        if in_step:
            self._keep_cache_in_step(storage, docs, changed, removed)

    def _keep_cache_in_step(self, storage: AtomicJSONStorage, docs: dict[str, Any], changed: list[str],
                            removed: str | None) -> None:
        """After this instance's own write: update only the changed records' models in the
        cache (validated from the docs just written, exactly as a re-read would), instead of
        re-validating the whole table on the next read. The cache dict is replaced, not
        changed in place, so a reader on another thread keeps a consistent one."""
        cache = dict(self._cache)
        if removed is not None:
            cache.pop(removed, None)
        for key in changed:
            doc = docs.get(key)
            if doc is None:
                continue
            rec = self._model_or_none(doc)
            if rec is not None:
                cache[rec.id] = rec
            elif isinstance(doc, dict):
                cache.pop(doc.get("id"), None)
        self._cache, self._cache_sig = cache, storage.signature

    @staticmethod
    def _keys_of(docs: dict[str, Any], record_id: str) -> list[str]:
        return [k for k, d in docs.items() if isinstance(d, dict) and d.get("id") == record_id]

    def _insert(self, stored: tuple[AtomicJSONStorage, dict[str, Any]] | None, doc: dict[str, Any]) -> None:
        if stored is None:
            self.db.table(self.table_name).insert(doc)  # first record: TinyDB creates the file
            return
        docs = dict(self._docs(stored))
        key = str(max((int(k) for k in docs), default=0) + 1)
        docs[key] = doc
        self._commit(stored, docs, [key])

    def add(self, record: T) -> T:
        doc = record.to_doc()
        with self.db.locked():
            stored = self._stored()
            if self._keys_of(self._docs(stored), record.id):
                raise ValueError(f"A record with id {record.id} exists already.")
            self._insert(stored, doc)
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
            stored = self._stored()
            keys = self._keys_of(self._docs(stored), record.id)
            if not keys:
                self._insert(stored, doc)
            else:
                docs = dict(self._docs(stored))
                self._refuse_newer(docs, keys)
                for k in keys:
                    docs[k] = {**docs[k], **doc}  # merge: unknown fields survive
                self._commit(stored, docs, keys)
        return record

    def delete(self, record_id: str) -> T | None:
        """Remove a record; returns it (for undo) or None if it was not there."""
        with self.db.locked():
            stored = self._stored()
            keys = self._keys_of(self._docs(stored), record_id)
            if not keys:
                return None
            docs = dict(self._docs(stored))
            self._refuse_newer(docs, keys)
            before = self._model_or_none(docs[keys[0]])
            for k in keys:
                del docs[k]
            self._commit(stored, docs, keys, removed=record_id)
        return before

    def _model_or_none(self, doc: Any) -> T | None:
        """The record as the repository shows it (None for a newer app's or a broken record)."""
        found = check_record(doc, self.model, self.db.chains.get(self.table_name))
        return found.model if found.usable else None  # type: ignore[return-value]

    def _refuse_newer(self, docs: dict[str, Any], keys: list[str]) -> None:
        """A record written by a newer app version is never rewritten or deleted by this one."""
        if any(is_newer(docs[k], self.model) for k in keys):
            raise NewerRecordError(self.table_name)

    def delete_where(self, field_name: str, value: Any) -> list[T]:
        """Remove every record whose ``field_name`` equals ``value``; returns them."""
        with self.db.locked():
            gone = [r for r in self.all() if getattr(r, field_name) == value]
            if gone:
                ids = {r.id for r in gone}  # only records this version shows: a newer app's stay
                self.db.table(self.table_name).remove((_Q[field_name] == value) & _Q.id.one_of(list(ids)))
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

    def practice_store(self):
        """The practised-questions map (``question_practice`` table), or None when that table
        is not registered (an older storage layer)."""
        from .key_value import PRACTICE_TABLE, TinyDBKeyValueStore

        if PRACTICE_TABLE in getattr(self.db, "tables_spec", {}):
            return TinyDBKeyValueStore(self.db.table(PRACTICE_TABLE), self.db.locked)
        return None

    def merge_documents(
        self,
        tables: Iterable[str],
        plan: Callable[[dict[str, dict[str, dict[str, Any]]]], dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]]],
        *,
        reason: str,
        now: Any = None,
    ):
        """Merge documents into ``tables`` under the database lock (an import).

        ``plan`` gets the stored documents of each table by record id and returns, per
        table, the documents to add and the documents to replace (matched by ``id``).
        When anything is to be written, a snapshot named ``reason`` is taken first and
        returned; when nothing is, nothing is written and None is returned.
        """
        with self.db.locked():
            stored: dict[str, dict[str, dict[str, Any]]] = {}
            for name in tables:
                here: dict[str, dict[str, Any]] = {}
                for doc in self.db.table(name).all():
                    if isinstance(doc.get("id"), str):
                        here.setdefault(doc["id"], doc)
                stored[name] = here
            changes = plan(stored)
            if not any(add or update for add, update in changes.values()):
                return None
            snapshot = self.db.snapshot(reason, now)
            for name, (add, update) in changes.items():
                table = self.db.table(name)
                if add:
                    table.insert_multiple(add)
                if update:
                    table.update_multiple([(doc, _Q.id == doc["id"]) for doc in update])
            return snapshot
