"""The automatic snapshots, for the Settings screen: list, restore, keep one a day.

Snapshots live in ``backups/`` inside the data folder (see
:mod:`interviewpal.storage.snapshots`). Restoring one first takes a
"before-restore" snapshot of the current data, so a restore can be undone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import Any

from ..storage import BackupInfo, CorruptFileError, Repositories
from .time_zones import in_user_zone

_REASONS = {
    "daily": "Daily backup",
    "before-import": "Before an import",
    "before-restore": "Before a restore",
    "before-migration": "Before an app update",
    "manual": "Made by you",
}

_TABLE_WORDS = {"applications": "applications", "rounds": "rounds", "journal": "reflections"}


class SnapshotError(ValueError):
    """A snapshot cannot be restored; ``str(err)`` is the sentence to show. Nothing was changed."""


def human_size(size: int) -> str:
    """'812 bytes', '4.2 KB', '1.3 MB'."""
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{size} bytes"  # pragma: no cover


def reason_label(reason: str) -> str:
    return _REASONS.get(reason, reason.replace("-", " ").capitalize())


@dataclass(frozen=True)
class SnapshotRow:
    """One line of the list: when, why, how big."""

    info: BackupInfo
    when: str  # '2024-05-01 10:00' in local time
    reason: str  # 'Daily backup'
    size: str  # '4.2 KB'

    @property
    def created_at(self) -> datetime:
        return self.info.created_at


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupInfo
    before: BackupInfo  # the snapshot of the data as it was before the restore
    counts: dict[str, int]
    message: str


class BackupService:
    """Automatic snapshots of one database."""

    def __init__(self, repos: Repositories):
        self.repos = repos
        self.db = repos.db

    @property
    def kept(self) -> int:
        """How many snapshots are kept (the oldest beyond that are removed)."""
        return self.db.backups.keep

    def list(self, tz: tzinfo | None = None) -> list[SnapshotRow]:
        """Snapshots, newest first, ready to show (times in ``tz``, default the user's zone)."""
        rows = []
        for info in self.db.backups.list():
            local = info.created_at.astimezone(tz) if tz else in_user_zone(info.created_at)
            rows.append(SnapshotRow(info=info, when=f"{local:%Y-%m-%d %H:%M}", reason=reason_label(info.reason), size=human_size(info.size)))
        return rows

    def take(self, reason: str = "manual", now: datetime | None = None) -> BackupInfo:
        """Take a snapshot now (e.g. a 'Back up now' button)."""
        return self.db.snapshot(reason, now)

    def ensure_daily(self, now: datetime | None = None) -> BackupInfo | None:
        """Take the daily snapshot unless one was taken on this (local) day or there is no data; else None."""
        return self.db.take_daily_if_due(now or datetime.now(timezone.utc))

    def restore_snapshot(self, info: BackupInfo, now: datetime | None = None) -> RestoreResult:
        """Replace all data with the snapshot's, after a "before-restore" snapshot of the current data.

        Raises :class:`SnapshotError` (nothing changed) when the snapshot cannot be read.
        """
        now = now or datetime.now(timezone.utc)
        if not info.path.is_file():
            raise SnapshotError("This snapshot is no longer there. Nothing was changed.")
        try:
            tables = self.db.backups.read(info)  # read first: the new snapshot may prune this one
        except FileNotFoundError:
            raise SnapshotError("This snapshot is no longer there. Nothing was changed.") from None
        except (CorruptFileError, OSError, json.JSONDecodeError, UnicodeDecodeError) as e:
            reason = getattr(e, "reason", None) or type(e).__name__
            raise SnapshotError(f"This snapshot cannot be read ({reason}). Nothing was changed.") from None
        usable = {name: docs for name, docs in tables.items() if name in self.db.tables_spec and isinstance(docs, dict)}
        if not usable:
            raise SnapshotError("This snapshot holds no tables this app knows. Nothing was changed.")

        with self.db.locked():
            current = self.db.raw_tables()
            before = self.db.backups.take(current, "before-restore", now)
            merged: dict[str, dict[str, Any]] = {**current, **usable}
            self.db.replace_all(merged)

        counts = {name: len(usable.get(name, {})) for name in _TABLE_WORDS}
        what = ", ".join(f"{counts[name]} {word}" for name, word in _TABLE_WORDS.items())
        local = in_user_zone(info.created_at)
        message = (
            f"Restored the {reason_label(info.reason).lower()} from {local:%Y-%m-%d %H:%M} ({what}). "
            "Your data as it was just before is kept as a snapshot (before a restore)."
        )
        return RestoreResult(restored=info, before=before, counts=counts, message=message)
