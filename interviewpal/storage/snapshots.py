"""Rolling snapshots of the whole database, kept apart from the live files.

A snapshot is one JSON file in ``backups/`` holding every table's raw records:
taken once a day while the app is used, and before every migration, import
and restore. The newest few are kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from .atomic import atomic_write_text
from .jsonfile import CorruptFileError, dump_json, read_json_file

SNAPSHOT_FORMAT = "interviewpal-snapshot"
KEEP = 10
_NAME = re.compile(r"^snapshot-(\d{8}T\d{6}\d{6}Z)-([a-z-]+)\.json$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime
    reason: str
    size: int

    @property
    def label(self) -> str:
        return self.reason.replace("-", " ")


class Backups:
    """The ``backups/`` folder of one data folder."""

    def __init__(self, folder: Path, keep: int = KEEP):
        self.folder = folder
        self.keep = keep

    def take(self, tables: dict[str, dict[str, Any]], reason: str, now: datetime | None = None) -> BackupInfo:
        """Write a snapshot of ``tables`` (raw docs by table) and prune old ones."""
        now = now or datetime.now(timezone.utc)
        self.folder.mkdir(mode=0o700, exist_ok=True)
        reason = re.sub(r"[^a-z-]+", "-", reason.lower()).strip("-") or "manual"
        stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        path = self.folder / f"snapshot-{stamp}-{reason}.json"
        doc = {"format": SNAPSHOT_FORMAT, "version": 1, "created_at": now.isoformat(), "reason": reason, "tables": tables}
        atomic_write_text(path, dump_json(doc))
        self.prune()
        return self._info(path)

    def list(self) -> list[BackupInfo]:
        """Snapshots, newest first."""
        if not self.folder.is_dir():
            return []
        infos = [self._info(p) for p in self.folder.iterdir() if _NAME.match(p.name)]
        return sorted(infos, key=lambda b: b.created_at, reverse=True)

    def prune(self) -> None:
        for old in self.list()[self.keep:]:
            old.path.unlink(missing_ok=True)

    def read(self, info: BackupInfo) -> dict[str, dict[str, Any]]:
        """The tables of one snapshot; CorruptFileError if it is damaged."""
        data = read_json_file(info.path, tables=False)
        if not data or data.get("format") != SNAPSHOT_FORMAT or not isinstance(data.get("tables"), dict):
            raise CorruptFileError(info.path, "it is not an InterviewPal snapshot")
        return data["tables"]

    def newest_table(self, table: str) -> tuple[BackupInfo, dict[str, Any]] | None:
        """The newest snapshot that holds a readable copy of ``table``."""
        for info in self.list():
            try:
                tables = self.read(info)
            except (CorruptFileError, OSError, json.JSONDecodeError):
                continue
            if isinstance(tables.get(table), dict):
                return info, tables[table]
        return None

    @staticmethod
    def _info(path: Path) -> BackupInfo:
        m = _NAME.match(path.name)
        assert m, path
        created = datetime.strptime(m.group(1), "%Y%m%dT%H%M%S%fZ").replace(tzinfo=timezone.utc)
        return BackupInfo(path=path, created_at=created, reason=m.group(2), size=path.stat().st_size)


def newest_age(infos: Iterable[BackupInfo], now: datetime) -> float | None:
    """Hours since the newest snapshot, or None when there is none."""
    infos = list(infos)
    if not infos:
        return None
    return (now - max(b.created_at for b in infos)).total_seconds() / 3600
