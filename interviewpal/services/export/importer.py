"""Import a checked backup (merge or replace), after the screen asked.

Two steps, so the screen can ask before anything changes:

1. :func:`~interviewpal.services.export.backup_reader.read_backup` checks the file and every
   record in it and returns a :class:`BackupPreview`; a file that is not a usable backup raises
   :class:`BackupFileError` with a sentence for the user.
2. :func:`import_backup` (here) writes the valid records, after taking a snapshot.
   If the file holds records that cannot be imported it refuses
   (:class:`ImportRefused`, nothing changed) unless the caller passes
   ``include_invalid=True`` ("import the valid ones").

Nothing here writes to the data folder before every check has passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from ...storage import BackupInfo, Repositories, migrations
from ...storage.records import check_record
from .backup_file import SECTIONS, count_sentence, model_for
from .backup_reader import BackupFileError, BackupPreview, InvalidRecord, read_backup

__all__ = [
    "BackupFileError", "BackupPreview", "InvalidRecord", "read_backup",
    "ImportRefused", "ImportResult", "Mode", "import_backup",
]

Mode = Literal["merge", "replace"]

class ImportRefused(BackupFileError):
    """The file holds records that cannot be imported and the caller did not allow skipping them."""

    def __init__(self, invalid: list[InvalidRecord], valid_count: int):
        self.invalid = list(invalid)
        self.valid_count = valid_count
        n = len(invalid)
        head = (
            f"{n} item{'s' if n != 1 else ''} in this backup cannot be imported, so nothing was imported "
            f"and nothing was changed. You can import the {valid_count} valid "
            f"item{'s' if valid_count != 1 else ''} and skip {'these' if n != 1 else 'this one'}:"
        )
        super().__init__("\n".join([head, *(f"- {r.message}" for r in invalid)]))


@dataclass
class ImportResult:
    """What an import did, counted per section and in total."""

    mode: Mode
    added: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    kept_newer_here: dict[str, int]  # part of unchanged: the copy here was newer
    removed: int = 0  # replace mode: records here that were not in the backup
    skipped: list[InvalidRecord] = field(default_factory=list)
    snapshot: BackupInfo | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def added_total(self) -> int:
        return sum(self.added.values())

    @property
    def updated_total(self) -> int:
        return sum(self.updated.values())

    @property
    def unchanged_total(self) -> int:
        return sum(self.unchanged.values())

    @property
    def changed(self) -> bool:
        return bool(self.added_total or self.updated_total or self.removed)

    @property
    def message(self) -> str:
        parts: list[str] = []
        if self.mode == "replace":
            parts.append(f"Restored {count_sentence(self.added)} from the backup.")
            if self.removed:
                parts.append(f"{self.removed} item{'s' if self.removed != 1 else ''} that were not in the backup were removed.")
            parts.append("Your data as it was before is kept as an automatic snapshot (before restore).")
        else:
            if not self.added_total and not self.updated_total:
                parts.append("Nothing new: everything in this backup is already here.")
            else:
                bits = []
                if self.added_total:
                    bits.append(f"added {self.added_total} new item{'s' if self.added_total != 1 else ''}")
                if self.updated_total:
                    bits.append(f"updated {self.updated_total} item{'s' if self.updated_total != 1 else ''}")
                sentence = " and ".join(bits) + "."
                parts.append(sentence[:1].upper() + sentence[1:])
                if self.unchanged_total:
                    parts.append(f"{self.unchanged_total} {'were' if self.unchanged_total != 1 else 'was'} already up to date.")
                if self.snapshot:
                    parts.append("Your data as it was before is kept as an automatic snapshot (before import).")
            kept = sum(self.kept_newer_here.values())
            if kept:
                parts.append(f"{kept} item{'s' if kept != 1 else ''} kept as {'they are' if kept != 1 else 'it is'} here because the copy here is newer.")
        if self.skipped:
            n = len(self.skipped)
            parts.append(f"{n} item{'s' if n != 1 else ''} skipped: " + " ".join(r.message for r in self.skipped))
        parts.extend(self.warnings)
        return " ".join(parts)





def import_backup(
    repos: Repositories,
    preview: BackupPreview,
    mode: Mode = "merge",
    include_invalid: bool = False,
    now: datetime | None = None,
) -> ImportResult:
    """Import the checked records of ``preview``.

    ``merge``: by record id. A record not here is added; one that is identical
    is left alone; one with the same id and a newer ``updated_at`` replaces the
    copy here; otherwise the copy here is kept. A snapshot ("before-import") is
    taken before anything is written; when nothing would change, nothing is
    written at all.

    ``replace``: a snapshot ("before-restore") is taken, then applications,
    rounds, journal and settings are replaced by the backup's records (other
    tables are left as they are).

    ``include_invalid=False`` (the default) refuses a file with records that
    cannot be imported (:class:`ImportRefused`, nothing changed);
    ``include_invalid=True`` imports the valid ones and lists the skipped ones.
    """
    if mode not in ("merge", "replace"):
        raise ValueError(f"mode must be 'merge' or 'replace', not {mode!r}")
    if preview.invalid and not include_invalid:
        raise ImportRefused(preview.invalid, preview.valid_count)
    now = now or datetime.now(timezone.utc)
    if mode == "replace":
        result = _replace(repos, preview, now)
    else:
        result = _merge(repos, preview, now)
    result.skipped = list(preview.invalid)
    result.warnings = [*preview.warnings, *_orphan_warnings(repos)]
    return result


def _empty_counts() -> dict[str, int]:
    return {section: 0 for section in SECTIONS}


def _merge(repos: Repositories, preview: BackupPreview, now: datetime) -> ImportResult:
    added, updated, unchanged, kept = _empty_counts(), _empty_counts(), _empty_counts(), _empty_counts()

    def plan(stored: dict[str, dict[str, dict[str, Any]]]) -> dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        out: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
        for section, records in preview.records.items():
            table_name = SECTIONS[section][0]
            model = model_for(section)
            here = stored[table_name]
            to_add: list[dict[str, Any]] = []
            to_update: list[dict[str, Any]] = []
            for rec in records:
                old = here.get(rec.id)
                if old is None:
                    to_add.append(preview.document(section, rec))
                    added[section] += 1
                    continue
                check = check_record(old, model, migrations.CHAINS.get(table_name, {}))
                if check.status == "newer":  # a newer app's record: never overwritten
                    unchanged[section] += 1
                    kept[section] += 1
                elif check.usable and check.model == rec:
                    unchanged[section] += 1
                elif not check.usable or rec.updated_at > check.model.updated_at:
                    to_update.append(preview.document(section, rec))
                    updated[section] += 1
                else:  # same id, the copy here is as new or newer
                    unchanged[section] += 1
                    kept[section] += 1
            out[table_name] = (to_add, to_update)
        return out

    tables = [SECTIONS[section][0] for section in preview.records]
    snapshot = repos.merge_documents(tables, plan, reason="before-import", now=now)
    return ImportResult(
        mode="merge", added=added, updated=updated, unchanged=unchanged,
        kept_newer_here=kept, snapshot=snapshot,
    )


def _replace(repos: Repositories, preview: BackupPreview, now: datetime) -> ImportResult:
    if not preview.valid_count:
        raise BackupFileError(
            "This backup holds nothing to restore; restoring it would erase everything here. Nothing was changed."
        )
    db = repos.db
    with db.locked():
        current = db.raw_tables()
        tables = {name: dict(docs) for name, docs in current.items()}
        removed = 0
        for section, records in preview.records.items():
            table_name = SECTIONS[section][0]
            incoming = {rec.id for rec in records}
            removed += sum(
                1 for d in (current.get(table_name) or {}).values()
                if not (isinstance(d, dict) and d.get("id") in incoming)
            )
            tables[table_name] = {str(i + 1): preview.document(section, rec) for i, rec in enumerate(records)}
        snapshot = db.snapshot("before-restore", now)
        db.replace_all(tables)
    counts = preview.counts
    return ImportResult(
        mode="replace", added=counts, updated=_empty_counts(), unchanged=_empty_counts(),
        kept_newer_here=_empty_counts(), removed=removed, snapshot=snapshot,
    )


def _orphan_warnings(repos: Repositories) -> list[str]:
    apps = {a.id for a in repos.applications.all()}
    rounds = {r.id for r in repos.rounds.all()}
    lost_rounds = sum(1 for r in repos.rounds.all() if r.application_id not in apps)
    lost_entries = sum(1 for e in repos.journal.all() if e.round_id not in rounds)
    out = []
    if lost_rounds:
        out.append(
            f"{lost_rounds} round{'s belong' if lost_rounds != 1 else ' belongs'} to an application that is not here."
        )
    if lost_entries:
        out.append(
            f"{lost_entries} reflection{'s belong' if lost_entries != 1 else ' belongs'} to a round that is not here."
        )
    return out
