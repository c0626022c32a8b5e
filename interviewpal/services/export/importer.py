"""Read a backup file, show what it holds, and import it (merge or replace).

Two steps, so the screen can ask before anything changes:

1. :func:`read_backup` checks the file and every record in it and returns a
   :class:`BackupPreview`; a file that is not a usable backup raises
   :class:`BackupFileError` with a sentence for the user.
2. :func:`import_backup` writes the valid records, after taking a snapshot.
   If the file holds records that cannot be imported it refuses
   (:class:`ImportRefused`, nothing changed) unless the caller passes
   ``include_invalid=True`` ("import the valid ones").

Nothing here writes to the data folder before every check has passed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from pydantic import ValidationError
from tinydb import Query

from ...models import Stage
from ...models.base import Record
from ...storage import BackupInfo, Repositories
from ...storage import migrations
from .backup_file import FORMAT, FORMAT_VERSION, SECTIONS, count_sentence, model_for

MAX_BYTES = 200 * 1024 * 1024
Mode = Literal["merge", "replace"]

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


# -- reading -----------------------------------------------------------------


def read_backup(data: bytes) -> BackupPreview:
    """Check a backup file and every record in it; raises BackupFileError for an unusable file."""
    doc = _parse(data)
    version = _check_header(doc)
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


_FIELD_NAMES = {
    "starts_at": "start time",
    "time_zone": "time zone",
    "duration_minutes": "duration",
    "meeting_url": "meeting link",
    "phone_number": "phone number",
    "contact_email": "contact email",
    "contact_phone": "contact phone",
    "posting_url": "posting link",
    "application_id": "application",
    "round_id": "round",
    "written_at": "date written",
    "created_at": "creation date",
    "updated_at": "last change date",
    "to_improve": "what to improve",
    "went_well": "what went well",
    "follow_ups": "follow-ups",
    "prompt_answers": "prompt answers",
    "free_text": "notes",
    "offsets_minutes": "reminder times",
    "schema_version": "schema version",
}


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f" {part + 1}"
        else:
            name = _FIELD_NAMES.get(str(part), str(part).replace("_", " "))
            out += (", " if out else "") + name
    return out.strip(", ")


def describe_error(error: ValidationError, limit: int = 3) -> str:
    """E.g. 'start time: The time needs a time zone; feeling must be at most 5 (it is 9).'"""
    parts: list[str] = []
    errors = error.errors(include_url=False)
    for e in errors[:limit]:
        loc = tuple(e.get("loc") or ())
        kind = e.get("type", "")
        ctx = e.get("ctx") or {}
        msg = str(e.get("msg", "this value is not valid"))
        for prefix in ("Value error, ", "Assertion failed, "):
            msg = msg.removeprefix(prefix)
        where = _where(loc)
        phrase = None  # reads after the field name: "feeling must be at most 5"
        if kind == "missing":
            phrase = "is missing"
        elif kind == "string_too_short" and ctx.get("min_length") == 1:
            phrase = "is empty"
        elif kind == "string_too_long":
            phrase = f"is longer than {ctx.get('max_length')} characters"
        elif kind in ("greater_than_equal", "greater_than"):
            phrase = f"must be at least {ctx.get('ge', ctx.get('gt'))} (it is {excerpt(e.get('input'))})"
        elif kind in ("less_than_equal", "less_than"):
            phrase = f"must be at most {ctx.get('le', ctx.get('lt'))} (it is {excerpt(e.get('input'))})"
        elif kind == "enum":
            phrase = f"must be one of {ctx.get('expected', '')} (it is {excerpt(e.get('input'))})"
        elif kind.startswith("datetime") or kind.startswith("date"):
            phrase = f"is not a valid date ({excerpt(e.get('input'))})"
        if phrase is not None:
            parts.append(f"{where} {phrase}" if where else phrase[:1].upper() + phrase[1:])
        else:
            msg = msg.rstrip(".")
            parts.append(f"{where}: {msg}" if where else msg)
    if len(errors) > limit:
        parts.append(f"and {len(errors) - limit} more problem{'s' if len(errors) - limit != 1 else ''}")
    text = cut("; ".join(parts), MAX_MESSAGE - 1)
    return text if text.endswith((".", "…")) else text + "."


MAX_MESSAGE = 300  # characters of one message about one record
MAX_EXCERPT = 40  # characters quoted from the user's file


def cut(text: str, limit: int) -> str:
    """``text``, or its first ``limit - 1`` characters and "…"."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def excerpt(value: Any, limit: int = MAX_EXCERPT) -> str:
    """A short quote of a value from the user's file: never more than ``limit`` characters and a length."""
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return repr(value[:limit]) + f"… ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** limit:
        return f"a number of {len(str(abs(value))):,} digits"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


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


# -- importing ---------------------------------------------------------------

_Q = Query()


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
    db = repos.db
    added, updated, unchanged, kept = _empty_counts(), _empty_counts(), _empty_counts(), _empty_counts()
    with db.locked():
        plan: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
        for section, records in preview.records.items():
            table_name = SECTIONS[section][0]
            model = model_for(section)
            here: dict[str, dict[str, Any]] = {}
            for doc in db.table(table_name).all():
                if isinstance(doc.get("id"), str):
                    here.setdefault(doc["id"], doc)
            to_add: list[dict[str, Any]] = []
            to_update: list[dict[str, Any]] = []
            for rec in records:
                old = here.get(rec.id)
                if old is None:
                    to_add.append(rec.to_doc())
                    added[section] += 1
                    continue
                old_model = _current(old, model)
                if old_model is _NEWER:  # a newer app's record: never overwritten
                    unchanged[section] += 1
                    kept[section] += 1
                elif old_model is not None and old_model == rec:
                    unchanged[section] += 1
                elif old_model is None or rec.updated_at > old_model.updated_at:
                    to_update.append(rec.to_doc())
                    updated[section] += 1
                else:  # same id, the copy here is as new or newer
                    unchanged[section] += 1
                    kept[section] += 1
            plan[table_name] = (to_add, to_update)

        snapshot = None
        if any(a or u for a, u in plan.values()):
            snapshot = db.snapshot("before-import", now)
            for table_name, (to_add, to_update) in plan.items():
                table = db.table(table_name)
                if to_add:
                    table.insert_multiple(to_add)
                if to_update:
                    table.update_multiple([(doc, _Q.id == doc["id"]) for doc in to_update])
    return ImportResult(
        mode="merge", added=added, updated=updated, unchanged=unchanged,
        kept_newer_here=kept, snapshot=snapshot,
    )


_NEWER = object()


def _current(doc: dict[str, Any], model: type[Record]) -> Any:
    """The stored record as a model; _NEWER for a newer app's record; None when unreadable."""
    try:
        version = migrations.record_version(doc)
        if version > model.SCHEMA_VERSION:
            return _NEWER
        if version < model.SCHEMA_VERSION:
            doc = migrations.migrate(dict(doc), migrations.CHAINS.get(_table(model), {}), model.SCHEMA_VERSION)
        return model.model_validate(dict(doc))
    except (ValidationError, ValueError, migrations.MigrationError):
        return None


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
            tables[table_name] = {str(i + 1): rec.to_doc() for i, rec in enumerate(records)}
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
