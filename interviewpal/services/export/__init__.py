"""Export and import: the full JSON backup, the journal as Markdown, rounds as CSV and .ics.

Plain Python over the repositories (no Flet). The Settings screen calls:

- :func:`export_file` (or the single exporters) to get the bytes, a suggested
  file name and a sentence to show;
- :func:`read_backup` then :func:`import_backup` to restore a backup;
- :class:`interviewpal.services.snapshots.BackupService` for the automatic snapshots.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ...storage import Repositories
from ...storage.atomic import atomic_write_bytes
from .backup_file import FORMAT, FORMAT_VERSION, build_backup, count_sentence, encode_backup, export_backup
from .calendar import calendar_rounds, event_uid, export_ics, upcoming_rounds
from .csv_file import HEADER as CSV_HEADER
from .csv_file import csv_rows, export_csv, safe_cell
from .importer import (
    BackupFileError,
    BackupPreview,
    ImportRefused,
    ImportResult,
    InvalidRecord,
    import_backup,
    read_backup,
)
from .markdown import export_markdown
from ..time_zones import in_user_zone

if TYPE_CHECKING:
    from ...content import ContentPack

Kind = Literal["backup", "journal", "csv", "ics"]

_NAMES: dict[str, tuple[str, str, str]] = {
    # kind -> (file name stem, extension, MIME type)
    "backup": ("interviewpal-backup", "json", "application/json"),
    "journal": ("interviewpal-journal", "md", "text/markdown"),
    "csv": ("interviewpal-rounds", "csv", "text/csv"),
    "ics": ("interviewpal-rounds", "ics", "text/calendar"),
}


def suggested_name(kind: Kind, now: datetime | None = None) -> str:
    """'interviewpal-backup-2024-05-01.json' and the like, dated in local time."""
    if kind not in _NAMES:
        raise ValueError(f"unknown export kind {kind!r}; use one of {', '.join(_NAMES)}")
    now = now or datetime.now(timezone.utc)
    stem, ext, _ = _NAMES[kind]
    local = in_user_zone(now) if now.tzinfo else now
    return f"{stem}-{local:%Y-%m-%d}.{ext}"


@dataclass(frozen=True)
class ExportResult:
    """An export ready to save: the bytes, a file name, how many items and a sentence."""

    kind: Kind
    data: bytes
    file_name: str
    mime_type: str
    count: int
    message: str

    def save(self, folder: Path | str) -> Path:
        """Write the file into ``folder`` atomically; returns its path."""
        path = Path(folder) / self.file_name
        atomic_write_bytes(path, self.data)
        return path


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def export_file(
    kind: Kind,
    repos: Repositories,
    now: datetime | None = None,
    content: "ContentPack | None" = None,
    include_past: bool = False,
) -> ExportResult:
    """Build one export (``backup``, ``journal``, ``csv`` or ``ics``) with its name and a sentence."""
    now = now or datetime.now(timezone.utc)
    name = suggested_name(kind, now)
    mime = _NAMES[kind][2]
    if kind == "backup":
        doc = build_backup(repos, now)
        count = sum(doc["counts"].values())
        data = encode_backup(doc)
        message = f"Exported {_plural(count, 'item', 'items')} ({count_sentence(doc['counts'])}) to {name}."
    elif kind == "journal":
        count = repos.journal.count()
        data = export_markdown(repos, content, now).encode("utf-8")
        message = f"Exported {_plural(count, 'reflection', 'reflections')} to {name}."
    elif kind == "csv":
        count = len(csv_rows(repos))
        data = export_csv(repos)
        message = f"Exported {_plural(count, 'row', 'rows')} of applications and rounds to {name}."
    elif kind == "ics" and include_past:  # past rounds too (issue 13)
        count = len(calendar_rounds(repos, now, include_past=True))
        data = export_ics(repos, now, include_past=True)
        message = (f"Exported {_plural(count, 'round', 'rounds')} (past and upcoming) to {name}."
                   if count else f"There are no rounds; {name} holds an empty calendar.")
    elif kind == "ics":
        count = len(upcoming_rounds(repos, now))
        data = export_ics(repos, now)
        message = (
            f"Exported {_plural(count, 'upcoming round', 'upcoming rounds')} to {name}."
            if count else f"There are no upcoming rounds; {name} holds an empty calendar."
        )
    else:  # pragma: no cover - suggested_name rejected it already
        raise ValueError(kind)
    return ExportResult(kind=kind, data=data, file_name=name, mime_type=mime, count=count, message=message)


__all__ = [
    "FORMAT", "FORMAT_VERSION", "CSV_HEADER", "Kind", "ExportResult",
    "suggested_name", "export_file", "ExportService",
    "export_backup", "build_backup", "export_markdown", "export_csv", "export_ics",
    "csv_rows", "safe_cell", "event_uid", "upcoming_rounds",
    "read_backup", "import_backup", "BackupPreview", "ImportResult", "InvalidRecord",
    "BackupFileError", "ImportRefused",
]

from .service import ExportService  # noqa: E402 - uses export_file above
