"""How a problem with one record of a backup file is worded for the user.

Field names in the user's words, pydantic errors as short sentences, and quotes from the
file that never run longer than a few dozen characters (a 5 MB value stays readable).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

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
