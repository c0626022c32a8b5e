"""The database: one TinyDB file per table in the data folder, opened safely.

Opening checks every table before the app uses it:

1. a file that will not parse is moved aside untouched
   (``rounds.corrupt-<time>.json``) and the newest good snapshot of it is
   restored; the user is told;
2. records of an older schema are migrated (after a snapshot), in one write;
3. records that do not validate go to ``quarantine.json`` (raw data, error,
   time) and the rest load;
4. records from a newer app version are left exactly as they are.

Every change runs under an inter-process file lock (:meth:`Database.locked`),
so a second running instance cannot lose the first one's updates.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from filelock import FileLock
from pydantic import BaseModel, ValidationError
from tinydb import TinyDB
from tinydb.table import Table

from ..models import Application, JournalEntry, Round, Settings
from ..models.base import Record
from . import migrations
from .atomic import atomic_write_text, sweep_temp_files
from .backups import Backups, newest_age
from .jsonfile import AtomicJSONStorage, CorruptFileError, dump_json, read_json_file
from .paths import ensure_private_dir

# Table name -> the record model it holds (None: free-form documents).
TABLES: dict[str, type[Record] | None] = {
    "applications": Application,
    "rounds": Round,
    "journal": JournalEntry,
    "settings": Settings,
    "reminder_log": None,
    "question_practice": None,
}

QUARANTINE_FILE = "quarantine.json"
DAILY_HOURS = 24


class FreshTable(Table):
    """A TinyDB table that never trusts in-memory state another process may have outdated."""

    default_query_cache_capacity = 0

    def _get_next_id(self) -> int:  # noqa: D401 - TinyDB hook
        # Computed from the stored table at the start of each change, then counted
        # up: insert_multiple asks once per document before anything is written.
        if self._next_id is None:
            self._next_id = max((int(k) for k in self._read_table()), default=0) + 1
        next_id = self._next_id
        self._next_id += 1
        return next_id

    def _update_table(self, updater) -> None:  # TinyDB hook
        self._next_id = None  # another process may have written since the last change
        forget = getattr(self._storage, "forget_serialized", None)
        if forget is not None:
            forget()  # TinyDB changes records in place, even when the change then fails
        try:
            super()._update_table(updater)
        finally:
            self._next_id = None


class _TableDB(TinyDB):
    table_class = FreshTable


@dataclass
class OpenReport:
    """What happened while opening, in words the app can show the user."""

    unreadable: int = 0
    newer: int = 0
    migrated: int = 0
    recovered: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def has_problems(self) -> bool:
        return bool(self.unreadable or self.newer or self.recovered)


class Database:
    """All tables of one data folder."""

    def __init__(
        self,
        folder: Path,
        *,
        chains: migrations.Chains | None = None,
        tables: dict[str, type[Record] | None] | None = None,
        now: datetime | None = None,
        daily_backup: bool = True,
        lock_timeout: float = 30.0,
    ):
        self.folder = ensure_private_dir(Path(folder))
        self.tables_spec = dict(TABLES if tables is None else tables)
        self.chains = migrations.CHAINS if chains is None else chains
        self.backups = Backups(self.folder / "backups")
        self.report = OpenReport()
        self._lock = FileLock(str(self.folder / ".lock"), timeout=lock_timeout)
        self._dbs: dict[str, _TableDB] = {}
        with self.locked():
            sweep_temp_files(self.folder)
            self._open_all(now or datetime.now(timezone.utc), daily_backup)

    # -- public -------------------------------------------------------------

    def path(self, table: str) -> Path:
        return self.folder / f"{table}.json"

    def table(self, name: str) -> Table:
        """The TinyDB table ``name``; change it only inside :meth:`locked`."""
        return self._dbs[name].table(name)

    def storage(self, name: str) -> AtomicJSONStorage:
        return self._dbs[name].storage  # type: ignore[return-value]

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the inter-process lock (re-entrant within this process)."""
        with self._lock:
            yield

    def raw_tables(self) -> dict[str, dict[str, Any]]:
        """Every table's raw records as stored (what a snapshot holds)."""
        out: dict[str, dict[str, Any]] = {}
        for name in self.tables_spec:
            try:
                data = read_json_file(self.path(name)) or {}
            except CorruptFileError:
                continue
            out[name] = data.get(name, {})
        return out

    def snapshot(self, reason: str, now: datetime | None = None):
        """Take a rolling backup of all tables now."""
        with self.locked():
            return self.backups.take(self.raw_tables(), reason, now)

    def replace_all(self, tables: dict[str, dict[str, Any]]) -> None:
        """Overwrite every table with ``tables`` (raw docs), one atomic write per file."""
        with self.locked():
            for name in self.tables_spec:
                self._write_raw(name, tables.get(name, {}))

    def quarantined(self) -> list[dict[str, Any]]:
        """Records that could not be read, with their error, as kept in quarantine.json."""
        try:
            data = read_json_file(self.folder / QUARANTINE_FILE) or {}
        except CorruptFileError:
            return []
        return list(data.get("quarantine", {}).values())

    def close(self) -> None:
        for db in self._dbs.values():
            db.close()

    # -- opening ------------------------------------------------------------

    def _open_all(self, now: datetime, daily_backup: bool) -> None:
        loaded: dict[str, dict[str, Any]] = {}
        for name in self.tables_spec:
            loaded[name] = self._load_or_recover(name, now)

        if any(self._needs_migration(name, docs) for name, docs in loaded.items()):
            self.backups.take(loaded, "before-migration", now)

        quarantine: list[dict[str, Any]] = []
        for name, docs in loaded.items():
            fixed, bad, changed = self._check_records(name, docs)
            quarantine.extend({"table": name, "doc_id": k, "raw": raw, "error": err, "at": now.isoformat()} for k, raw, err in bad)
            if bad:
                self._add_to_quarantine(quarantine[-len(bad):])
            if changed:
                self._write_raw(name, fixed)

        for name in self.tables_spec:
            self._dbs[name] = _TableDB(self.path(name), storage=AtomicJSONStorage)

        if self.report.unreadable:
            n = self.report.unreadable
            self.report.messages.append(
                f"{n} item{'s' if n != 1 else ''} could not be read. "
                f"{'They are' if n != 1 else 'It is'} kept aside in {QUARANTINE_FILE}, nothing was deleted."
            )
        if self.report.newer:
            n = self.report.newer
            self.report.messages.append(
                f"{n} item{'s were' if n != 1 else ' was'} saved by a newer version of InterviewPal "
                "and will stay untouched until you update the app."
            )

        if daily_backup and any(loaded.values()):
            age = newest_age(self.backups.list(), now)
            if age is None or age >= DAILY_HOURS:
                self.backups.take(self.raw_tables(), "daily", now)

    def _load_or_recover(self, name: str, now: datetime) -> dict[str, Any]:
        path = self.path(name)
        try:
            data = read_json_file(path)
        except CorruptFileError as err:
            stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            aside = _unused_name(path.with_name(f"{name}.corrupt-{stamp}.json"))
            os.replace(path, aside)
            found = self.backups.newest_table(name)
            self.report.recovered.append(name)
            if found:
                info, docs = found
                self._write_raw(name, docs)
                when = info.created_at.astimezone().strftime("%d %b %Y %H:%M")
                self.report.messages.append(
                    f"The {name} file was damaged ({err.reason}). It was kept as {aside.name} "
                    f"and the backup from {when} was restored."
                )
                return docs
            self.report.messages.append(
                f"The {name} file was damaged ({err.reason}) and there is no backup of it yet. "
                f"It was kept unchanged as {aside.name}."
            )
            return {}
        if data is None:
            return {}
        docs = data.get(name, {})
        return docs if isinstance(docs, dict) else {}

    def _target(self, name: str) -> int | None:
        model = self.tables_spec.get(name)
        return model.SCHEMA_VERSION if model else None

    def _needs_migration(self, name: str, docs: dict[str, Any]) -> bool:
        target = self._target(name)
        if target is None:
            return False
        for raw in docs.values():
            try:
                if isinstance(raw, dict) and migrations.record_version(raw) < target:
                    return True
            except migrations.MigrationError:
                continue
        return False

    def _check_records(self, name: str, docs: dict[str, Any]):
        """Migrate and validate; returns (docs to keep, bad records, whether anything changed)."""
        model = self.tables_spec.get(name)
        target = self._target(name)
        keep: dict[str, Any] = {}
        bad: list[tuple[str, Any, str]] = []
        changed = False
        for key, raw in docs.items():
            if model is None:
                keep[key] = raw
                continue
            try:
                if not isinstance(raw, dict):
                    raise ValueError("the record is not an object")
                version = migrations.record_version(raw)
                if version > target:
                    self.report.newer += 1
                    keep[key] = raw
                    continue
                doc = raw
                if version < target:
                    doc = migrations.migrate(raw, self.chains.get(name, {}), target)
                    self.report.migrated += 1
                    changed = True
                model.model_validate(doc)
                keep[key] = doc
            except (ValidationError, ValueError, migrations.MigrationError) as e:
                bad.append((key, raw, _short_error(e)))
                self.report.unreadable += 1
                changed = True
        return keep, bad, changed

    def _add_to_quarantine(self, items: list[dict[str, Any]]) -> None:
        path = self.folder / QUARANTINE_FILE
        try:
            data = read_json_file(path) or {}
        except CorruptFileError:
            os.replace(path, _unused_name(path.with_name(f"quarantine.corrupt-{os.getpid()}.json")))
            data = {}
        q = data.setdefault("quarantine", {})
        start = max((int(k) for k in q), default=0) + 1
        for i, item in enumerate(items):
            q[str(start + i)] = item
        atomic_write_text(path, dump_json(data))

    def _write_raw(self, name: str, docs: dict[str, Any]) -> None:
        atomic_write_text(self.path(name), dump_json({name: docs}))
        db = self._dbs.get(name)
        if db is not None:
            db.storage.read()  # refresh its cache from the new file


def _unused_name(path: Path) -> Path:
    """``path``, or ``<stem>-2.json``, ``-3``... so a kept-aside file never overwrites another."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _short_error(e: Exception) -> str:
    if isinstance(e, ValidationError):
        parts = []
        for err in e.errors()[:3]:
            loc = ".".join(str(x) for x in err.get("loc", ())) or "record"
            parts.append(f"{loc}: {err.get('msg')}")
        return "; ".join(parts)
    return str(e)
