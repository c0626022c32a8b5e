"""How one stored record is judged: the single place for "newer version / migrate / validate".

Every table has a *kind* of record: a :class:`~interviewpal.models.base.Record`
model (versioned, migrated, validated) or a free-form document model such as
:class:`KeyedDocument` (validated only: a JSON object of the right shape).
:func:`check_record` is used by the database at open (to quarantine) and by
the repositories when they read, so a record is judged the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from . import migrations


class KeyedDocument(BaseModel):
    """A free-form record (reminder log, question practice): any JSON object with a text ``key``."""

    model_config = ConfigDict(extra="allow")

    key: str


Status = Literal["ok", "migrated", "newer", "bad"]


@dataclass(frozen=True)
class RecordCheck:
    status: Status
    doc: Any  # the record to keep (migrated when status is "migrated"; raw otherwise)
    model: BaseModel | None = None  # the validated model ("ok" / "migrated")
    error: str = ""  # why it is "bad"

    @property
    def usable(self) -> bool:
        return self.status in ("ok", "migrated")


def check_record(raw: Any, model: type[BaseModel] | None, chain: migrations.Chain | None = None) -> RecordCheck:
    """Judge one stored record of a table whose records are ``model``.

    - not a JSON object -> "bad";
    - a versioned model and a higher ``schema_version`` -> "newer" (kept as is, never rewritten);
    - a lower version -> migrated with ``chain``, then validated -> "migrated" (or "bad");
    - validates -> "ok", else "bad" with a short error.
    ``model`` None means any JSON object is fine.
    """
    if not isinstance(raw, dict):
        return RecordCheck("bad", raw, error="the record is not an object")
    if model is None:
        return RecordCheck("ok", raw)
    target = getattr(model, "SCHEMA_VERSION", None)
    doc, status = raw, "ok"
    try:
        if target is not None:
            version = migrations.record_version(raw)
            if version > target:
                return RecordCheck("newer", raw)
            if version < target:
                doc = migrations.migrate(raw, chain or {}, target)
                status = "migrated"
        validated = model.model_validate(doc)
    except (ValidationError, ValueError, TypeError, migrations.MigrationError) as e:
        return RecordCheck("bad", raw, error=short_error(e))
    return RecordCheck(status, doc, validated)


def is_newer(raw: Any, model: type[BaseModel] | None) -> bool:
    """True when ``raw`` was written by a newer app version (to be left untouched)."""
    target = getattr(model, "SCHEMA_VERSION", None)
    if target is None or not isinstance(raw, dict):
        return False
    try:
        return migrations.record_version(raw) > target
    except migrations.MigrationError:
        return False


def short_error(e: Exception) -> str:
    if isinstance(e, ValidationError):
        parts = []
        for err in e.errors()[:3]:
            loc = ".".join(str(x) for x in err.get("loc", ())) or "record"
            parts.append(f"{loc}: {err.get('msg')}")
        return "; ".join(parts)
    return str(e)[:300]
