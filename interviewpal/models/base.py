"""What every stored record has: a stable UUID, a schema version and timestamps."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Annotated, Any, ClassVar
from uuid import uuid4

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(timezone.utc)


def new_id() -> str:
    """A new random record id."""
    return str(uuid4())


EARLIEST_YEAR = 1990
LATEST_YEAR = 2100


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("The time needs a time zone.")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"The year {value.year} is out of range ({EARLIEST_YEAR}-{LATEST_YEAR}).")
    return value


def _stripped_text(value: str) -> str:
    return value.strip()


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
Text = Annotated[str, AfterValidator(_stripped_text)]

_URL = re.compile(r"^(https?)://[^\s/$.?#][^\s]*\.[^\s]*$|^(https?)://(localhost|\d{1,3}(\.\d{1,3}){3})(:\d+)?(/\S*)?$", re.I)


def check_url(value: str, what: str = "The link") -> str:
    """Accept an http(s) link; add https:// to a bare host such as 'acme.com/jobs/1'."""
    value = value.strip()
    if not value:
        return value
    if "://" not in value and "." in value and " " not in value:
        value = "https://" + value
    if not _URL.match(value):
        raise ValueError(f"{what} is not a web address (for example https://example.com/job).")
    return value


def clean_tags(values: list[str]) -> list[str]:
    """Strip, drop empties and case-insensitive duplicates, keep order."""
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        v = v.strip().lstrip("#").strip()
        if v and v.lower() not in seen:
            seen.add(v.lower())
            out.append(v)
    return out


class Record(BaseModel):
    """Base of every stored record.

    ``SCHEMA_VERSION`` is bumped together with a migration in
    :mod:`interviewpal.storage.migrations` whenever the stored shape changes.
    """

    SCHEMA_VERSION: ClassVar[int] = 1

    model_config = ConfigDict(extra="ignore", validate_assignment=False, str_strip_whitespace=True)

    id: str = Field(default_factory=new_id)
    schema_version: int = 1
    created_at: AwareDatetime = Field(default_factory=utc_now)
    updated_at: AwareDatetime = Field(default_factory=utc_now)

    def to_doc(self) -> dict[str, Any]:
        """The record as a JSON-ready dict for storage."""
        doc = self.model_dump(mode="json")
        doc["schema_version"] = self.SCHEMA_VERSION
        return doc

    def touched(self, **changes: Any) -> "Record":
        """A validated copy with ``changes`` applied and ``updated_at`` set to now."""
        data = self.model_dump()
        data.update(changes)
        data["updated_at"] = utc_now()
        return type(self).model_validate(data)


def field_errors(error: ValidationError) -> dict[str, str]:
    """Map a pydantic error to ``{field: sentence}`` for a form to show next to the field.

    The first error per field wins; model-level errors go under ``""``.
    """
    out: dict[str, str] = {}
    for e in error.errors():
        loc = e.get("loc") or ()
        name = str(loc[0]) if loc else ""
        msg = e.get("msg", "This value is not valid.")
        for prefix in ("Value error, ", "Assertion failed, "):
            if msg.startswith(prefix):
                msg = msg[len(prefix):]
        msg = _friendly(e.get("type", ""), msg, e.get("ctx") or {})
        out.setdefault(name, msg)
    return out


def _friendly(kind: str, msg: str, ctx: dict[str, Any]) -> str:
    if kind == "missing":
        return "This is required."
    if kind == "string_too_short":
        return "This cannot be empty." if ctx.get("min_length") == 1 else f"Use at least {ctx.get('min_length')} characters."
    if kind == "string_too_long":
        return f"Keep this under {ctx.get('max_length')} characters."
    if kind in ("int_parsing", "int_type", "float_parsing"):
        return "Enter a whole number."
    if kind in ("greater_than_equal", "greater_than"):
        return f"Enter a number of at least {ctx.get('ge', ctx.get('gt'))}."
    if kind in ("less_than_equal", "less_than"):
        return f"Enter a number of at most {ctx.get('le', ctx.get('lt'))}."
    if kind == "enum" or kind == "literal_error":
        return f"Choose one of: {ctx.get('expected', '').replace(chr(39), '')}."
    if kind.startswith("datetime") or kind.startswith("date"):
        return "Enter a valid date and time."
    if msg and msg[-1] not in ".!?":
        msg += "."
    return msg[:1].upper() + msg[1:]
