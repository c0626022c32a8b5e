"""Read a backup file and check every record in it, before anything changes.

:func:`read_backup` returns a :class:`BackupPreview` (what the file holds, and which records
cannot be imported and why); a file that is not a usable backup raises
:class:`BackupFileError` with a sentence for the user. Applying a preview is
:mod:`interviewpal.services.export.importer`. Nothing here touches the data folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from pydantic import ValidationError

from ...models import Stage
from ...models.base import Record
from ...storage import migrations
from .backup_file import FORMAT, FORMAT_VERSION, SECTIONS, count_sentence, model_for
from .backup_versions import upgrade
from .record_messages import MAX_MESSAGE, cut, describe_error, excerpt

MAX_BYTES = 200 * 1024 * 1024

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"RIFF", "a media file"),
)


class BackupFileError(ValueError):
    """The file is not a backup this app can read; ``str(err)`` is the sentence to show."""

    @property
    def message(self) -> str:
        return str(self)


@dataclass(frozen=True)
class InvalidRecord:
    """One record of the file that cannot be imported, and why."""

    kind: str  # "application", "round", "reflection", "settings"
    section: str  # "applications", "rounds", "journal", "settings"
    index: int  # 0-based position in its list in the file
    record_id: str
    label: str  # e.g. 'round "Technical assessment" at Acme (2024-05-14)'
    reason: str

    @property
    def message(self) -> str:
        return cut(f"{self.label[:1].upper()}{self.label[1:]}: {self.reason}", MAX_MESSAGE)


@dataclass
class BackupPreview:
    """What a backup file holds, checked record by record; nothing is written yet."""

    format_version: int
    app_version: str
    exported_at: datetime | None
    records: dict[str, list[Record]]  # section -> valid models, in file order
    invalid: list[InvalidRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (section, record id) -> the record's fields this version does not know (another build's),
    # so that an import keeps them (see document()).
    unknown_fields: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def document(self, section: str, record: Record) -> dict[str, Any]:
        """The record as it is to be stored: its fields, plus the file's fields unknown here."""
        return {**self.unknown_fields.get((section, record.id), {}), **record.to_doc()}

    @property
    def counts(self) -> dict[str, int]:
        return {section: len(recs) for section, recs in self.records.items()}

    @property
    def valid_count(self) -> int:
        return sum(self.counts.values())

    @property
    def total_count(self) -> int:
        return self.valid_count + len(self.invalid)

    @property
    def has_invalid(self) -> bool:
        return bool(self.invalid)

    @property
    def summary(self) -> str:
        """E.g. 'This backup from 1 May 2024 holds 12 applications, ... 2 items cannot be imported.'"""
        when = f" from {self.exported_at:%d %b %Y}" if self.exported_at else ""
        if not self.invalid:
            return f"This backup{when} holds {count_sentence(self.counts)}."
        n = len(self.invalid)
        return (
            f"This backup{when} holds {count_sentence(self.counts)} that can be imported, "
            f"and {n} item{'s' if n != 1 else ''} that cannot."
        )

    @property
    def problems(self) -> list[str]:
        """One sentence per record that cannot be imported."""
        return [r.message for r in self.invalid]



# -- reading -----------------------------------------------------------------


def read_backup(data: bytes) -> BackupPreview:
    """Check a backup file and every record in it; raises BackupFileError for an unusable file."""
    doc = _parse(data)
    version = _check_header(doc)
    doc = upgrade(doc, FORMAT_VERSION)  # an older format is read as the current one (backup_versions.py)
    lists: dict[str, list[Any]] = {}
    for section in SECTIONS:
        value = doc.get(section, [])
        if value is None:
            value = []
        if not isinstance(value, list):
            raise BackupFileError(
                f"The '{section}' part of this backup is not a list, so the file is damaged "
                "or was edited by hand. Nothing was imported."
            )
        lists[section] = value

    preview = BackupPreview(
        format_version=version,
        app_version=str(doc.get("app_version", "")),
        exported_at=_parse_time(doc.get("exported_at")),
        records={section: [] for section in SECTIONS},
    )
    names = _Names(lists)
    seen: dict[str, dict[str, int]] = {section: {} for section in SECTIONS}
    for section, items in lists.items():
        model = model_for(section)
        kind = SECTIONS[section][1]
        for index, raw in enumerate(items):
            label = names.label(section, raw, index)
            rid = str(raw.get("id", "")) if isinstance(raw, dict) else ""
            reason = None
            record: Record | None = None
            if not isinstance(raw, dict):
                reason = "it is not a record (expected an object with fields)."
            else:
                try:
                    record, reason = _validate(raw, model)
                except Exception as e:  # noqa: BLE001 - a hand-edited file can hold anything
                    reason = f"it cannot be read ({type(e).__name__})."
            if record is not None and record.id in seen[section]:
                first = seen[section][record.id]
                reason = f"the same id is used by item {first + 1} of this kind in the file; only the first one is imported."
                record = None
            if record is None:
                preview.invalid.append(InvalidRecord(kind, section, index, rid, label, reason or "it is not valid."))
                continue
            seen[section][record.id] = index
            preview.records[section].append(record)
            extra = {k: v for k, v in raw.items() if k not in type(record).model_fields and k != "schema_version"}
            if extra:
                preview.unknown_fields[(section, record.id)] = extra

    counts = doc.get("counts")
    if isinstance(counts, dict):
        for section, items in lists.items():
            stated = counts.get(section)
            if isinstance(stated, int) and stated != len(items):
                preview.warnings.append(
                    f"The backup says it holds {excerpt(stated)} {SECTIONS[section][2]} but {len(items)} were found; "
                    "the file may have been edited."
                )
    return preview


def _parse(data: bytes) -> dict[str, Any]:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise BackupFileError("The backup must be read as bytes. Nothing was imported.")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise BackupFileError(
            f"This file is {len(data) // (1024 * 1024)} MB, far larger than any InterviewPal backup. Nothing was imported."
        )
    if not data.strip():
        raise BackupFileError("The file is empty. Choose the .json file that InterviewPal exported. Nothing was imported.")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise BackupFileError(
                f"This is {what}, not an InterviewPal backup. Choose the .json file that InterviewPal exported. Nothing was imported."
            )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BackupFileError(
            "This is not a text file, so it cannot be an InterviewPal backup. "
            "Choose the .json file that InterviewPal exported. Nothing was imported."
        ) from None
    stripped = text.lstrip()
    if stripped.startswith("BEGIN:VCALENDAR"):
        raise BackupFileError("This is a calendar file (.ics), not a backup. Choose the .json backup file. Nothing was imported.")
    if stripped[:1] not in ("{", "["):
        raise BackupFileError(
            "This is not a JSON file, so it cannot be an InterviewPal backup "
            "(the journal .md and the rounds .csv are for reading, not for restoring). "
            "Choose the .json backup file. Nothing was imported."
        )
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        if e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string"):
            raise BackupFileError(
                "This backup is incomplete: the file ends in the middle. It was probably cut off while "
                "copying or downloading. Try the original file again. Nothing was imported."
            ) from None
        raise BackupFileError(
            f"This backup is damaged ({e.msg} at line {e.lineno}, column {e.colno}). Nothing was imported."
        ) from None
    except RecursionError:
        raise BackupFileError("This file is nested too deeply to be an InterviewPal backup. Nothing was imported.") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise BackupFileError(
            "This backup holds a number thousands of digits long, which no InterviewPal backup has: "
            "the file is damaged or was edited by hand. Nothing was imported."
        ) from None
    if not isinstance(doc, dict):
        raise BackupFileError(
            f"This JSON file holds {_json_kind(doc)}, not an InterviewPal backup. "
            "Choose the .json file that InterviewPal exported. Nothing was imported."
        )
    return doc


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a single text"
    if value is None:
        return "nothing (null)"
    return "a single value"


def _check_header(doc: dict[str, Any]) -> int:
    fmt = doc.get("format")
    if fmt == "interviewpal-snapshot":
        raise BackupFileError(
            "This is one of the app's automatic snapshots, not an exported backup. "
            "Restore it from the list of automatic backups in Settings. Nothing was imported."
        )
    if fmt != FORMAT:
        shown = f" (its format is '{fmt}')" if isinstance(fmt, str) and fmt else ""
        raise BackupFileError(
            f"This JSON file is not an InterviewPal backup{shown}. "
            "Choose the .json file that InterviewPal exported. Nothing was imported."
        )
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupFileError(
            "This backup does not say which format version it uses, so it cannot be read safely. "
            "It may have been edited by hand. Nothing was imported."
        )
    if version > FORMAT_VERSION:
        made_by = doc.get("app_version")
        by = f" (InterviewPal {made_by})" if isinstance(made_by, str) and made_by else ""
        raise BackupFileError(
            f"This backup was made by a newer version of InterviewPal{by}: it uses backup format {version}, "
            f"and this version reads up to format {FORMAT_VERSION}. Update the app, then import it again. "
            "Nothing was imported."
        )
    return version


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        t = datetime.fromisoformat(value)
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def _validate(raw: dict[str, Any], model: type[Record]) -> tuple[Record | None, str | None]:
    try:
        version = migrations.record_version(raw)
    except migrations.MigrationError as e:
        return None, f"{e}."
    target = model.SCHEMA_VERSION
    if version > target:
        return None, (
            f"it was saved by a newer version of InterviewPal (record version {version}; this version "
            f"reads up to {target}). Update the app to import it."
        )
    doc = raw
    if version < target:
        try:
            doc = migrations.migrate(raw, migrations.CHAINS.get(_table(model), {}), target)
        except migrations.MigrationError as e:
            return None, f"it cannot be brought up to date: {e}."
    if not isinstance(doc.get("id"), str) or not doc.get("id", "").strip():
        return None, "it has no id."
    try:
        return model.model_validate(doc), None
    except ValidationError as e:
        return None, describe_error(e)


def _table(model: type[Record]) -> str:
    for section, (table, _, _) in SECTIONS.items():
        if model_for(section) is model:
            return table
    return ""


class _Names:
    """Human labels for records of the file, using the file's own applications and rounds."""

    def __init__(self, lists: dict[str, list[Any]]):
        self.apps = {d.get("id"): d for d in lists.get("applications", []) if isinstance(d, dict)}
        self.rounds = {d.get("id"): d for d in lists.get("rounds", []) if isinstance(d, dict)}

    @staticmethod
    def _text(value: Any) -> str:
        return " ".join(value.split())[:60] if isinstance(value, str) else ""

    def company(self, app_id: Any) -> str:
        app = self.apps.get(app_id) if isinstance(app_id, str) else None
        return self._text(app.get("company")) if app else ""

    def round_name(self, rnd: dict[str, Any]) -> str:
        title = self._text(rnd.get("title"))
        if not title:
            try:
                title = Stage(rnd.get("stage")).label
            except ValueError:
                title = ""
        return title

    def round_label(self, rnd: dict[str, Any]) -> str:
        name = self.round_name(rnd)
        text = f'round "{name}"' if name else "a round"
        company = self.company(rnd.get("application_id"))
        if company:
            text += f" at {company}"
        start = rnd.get("starts_at")
        if isinstance(start, str) and len(start) >= 10:
            text += f" ({start[:10]})"
        return text

    def label(self, section: str, raw: Any, index: int) -> str:
        kind = SECTIONS[section][1]
        if not isinstance(raw, dict):
            return f"{kind} {index + 1} in the file"
        if section == "applications":
            company, role = self._text(raw.get("company")), self._text(raw.get("role"))
            if company and role:
                return f'application "{role}" at {company}'
            if company or role:
                return f'application "{company or role}"'
            return f"application {index + 1} in the file"
        if section == "rounds":
            return self.round_label(raw)
        if section == "journal":
            rnd = self.rounds.get(raw.get("round_id")) if isinstance(raw.get("round_id"), str) else None
            if rnd:
                return "reflection on " + self.round_label(rnd)
            company = self.company(raw.get("application_id"))
            return f"reflection for {company}" if company else f"reflection {index + 1} in the file"
        return "settings"
