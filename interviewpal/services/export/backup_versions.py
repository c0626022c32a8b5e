"""Older backup formats, brought up to the current one before a file is checked (docs/backup-format.md).

``STEPS[n]`` turns a whole backup document of ``format_version`` n into n + 1. Each step
only adds what the newer format has, with the value the app used before it existed; it
never removes or renames a field, so fields this version does not know (written by another
build) pass through untouched.
"""

from __future__ import annotations

from typing import Any, Callable

Step = Callable[[dict[str, Any]], dict[str, Any]]

# Format 2 (issue 13) adds, with their defaults:
APPLICATION_V2_DEFAULTS: dict[str, Any] = {
    "people": [],  # recruiter and interviewers: {id, name, kind, role, email, phone, profile_url}
    "applied_on": None,  # YYYY-MM-DD
    "offer_base": None,
    "offer_bonus": None,
    "offer_equity": "",
    "offer_currency": "",
    "offer_deadline": None,  # YYYY-MM-DD
}
JOURNAL_V2_DEFAULTS: dict[str, Any] = {"decision_by": None}
FOLLOW_UP_V2_DEFAULTS: dict[str, Any] = {"sent_at": None}
INTERVIEWER_V2_DEFAULTS: dict[str, Any] = {"person_id": ""}


def _with_defaults(item: Any, defaults: dict[str, Any]) -> Any:
    if not isinstance(item, dict):
        return item  # a broken record stays as it is: the record check reports it
    out = dict(item)
    for key, value in defaults.items():
        out.setdefault(key, list(value) if isinstance(value, list) else value)
    return out


def _each(doc: dict[str, Any], section: str, change: Callable[[Any], Any]) -> None:
    items = doc.get(section)
    if isinstance(items, list):
        doc[section] = [change(item) for item in items]


def v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Format 1 -> 2: applications gain people, applied-on and offer fields; rounds' interviewers a
    person link; reflections a decision date and their follow-ups a sent time."""
    out = dict(doc)
    _each(out, "applications", lambda a: _with_defaults(a, APPLICATION_V2_DEFAULTS))

    def rnd(r: Any) -> Any:
        if isinstance(r, dict) and isinstance(r.get("interviewers"), list):
            r = dict(r)
            r["interviewers"] = [_with_defaults(i, INTERVIEWER_V2_DEFAULTS) for i in r["interviewers"]]
        return r

    def entry(e: Any) -> Any:
        e = _with_defaults(e, JOURNAL_V2_DEFAULTS)
        if isinstance(e, dict) and isinstance(e.get("follow_ups"), list):
            e["follow_ups"] = [_with_defaults(f, FOLLOW_UP_V2_DEFAULTS) for f in e["follow_ups"]]
        return e

    _each(out, "rounds", rnd)
    _each(out, "journal", entry)
    out["format_version"] = 2
    return out


STEPS: dict[int, Step] = {1: v1_to_v2}


def upgrade(doc: dict[str, Any], target: int) -> dict[str, Any]:
    """The document in format ``target`` (a no-op when it is in it already)."""
    version = doc.get("format_version", 1)
    while version < target:
        doc = STEPS[version](doc)
        version += 1
    return doc
