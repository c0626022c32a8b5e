"""A full backup in one JSON file (format documented in docs/backup-format.md).

The file holds every application, round, reflection and the settings as the
app stores them (``model.to_doc()``), so it can be read without the app and
restored with :mod:`interviewpal.services.export.importer`.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from ... import __version__
from ...models.base import Record
from ...storage import Repositories

FORMAT = "interviewpal-backup"
# 2 (issue 13): applications hold people, applied-on and offer fields; see backup_versions.py
# for how a format-1 file is read, and docs/backup-format.md.
FORMAT_VERSION = 2

# Section of the file -> (table, what one record is called, plural).
SECTIONS: dict[str, tuple[str, str, str]] = {
    "applications": ("applications", "application", "applications"),
    "rounds": ("rounds", "round", "rounds"),
    "journal": ("journal", "reflection", "reflections"),
    "settings": ("settings", "settings", "settings"),
}


def _sort_key(doc: dict[str, Any]) -> tuple[str, str]:
    return (str(doc.get("created_at", "")), str(doc.get("id", "")))


def backup_records(repos: Repositories) -> dict[str, list[dict[str, Any]]]:
    """Every record of the four tables as a stored JSON doc, oldest first.

    Records written by a newer app version (which the repositories do not
    show) are included as they are stored, so a backup never loses them.
    """
    repo_by_section = {
        "applications": repos.applications,
        "rounds": repos.rounds,
        "journal": repos.journal,
        "settings": repos.settings,
    }
    raw = repos.db.raw_tables()
    out: dict[str, list[dict[str, Any]]] = {}
    for section, repo in repo_by_section.items():
        table = raw.get(SECTIONS[section][0]) or {}
        stored_by_id = {d.get("id"): d for d in table.values() if isinstance(d, dict)}
        # Fields this version does not know (another build's) are kept as stored.
        docs = [{**stored_by_id.get(rec.id, {}), **rec.to_doc()} for rec in repo.all()]
        target = repo.model.SCHEMA_VERSION
        known = {d["id"] for d in docs}
        for stored in table.values():
            if not isinstance(stored, dict):
                continue
            version = stored.get("schema_version", 1)
            if isinstance(version, int) and version > target and stored.get("id") not in known:
                docs.append(dict(stored))
        out[section] = sorted(docs, key=_sort_key)
    return out


def build_backup(repos: Repositories, now: datetime | None = None) -> dict[str, Any]:
    """The backup document as a dict (see docs/backup-format.md)."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    records = backup_records(repos)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": now.astimezone(timezone.utc).isoformat(),
        "counts": {section: len(docs) for section, docs in records.items()},
        **records,
    }


def encode_backup(doc: dict[str, Any]) -> bytes:
    """UTF-8 JSON, indented so that it stays readable in a text editor."""
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def export_backup(repos: Repositories, now: datetime | None = None) -> bytes:
    """The full backup as the bytes of a ``.json`` file."""
    return encode_backup(build_backup(repos, now))


def count_sentence(counts: dict[str, int]) -> str:
    """'12 applications, 40 rounds, 259 reflections and the settings'."""
    parts: list[str] = []
    for section in ("applications", "rounds", "journal"):
        n = counts.get(section, 0)
        _, one, many = SECTIONS[section]
        parts.append(f"{n} {one if n == 1 else many}")
    if counts.get("settings"):
        parts.append("the settings")
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def model_for(section: str) -> type[Record]:
    from ...storage import TABLES

    model = TABLES[SECTIONS[section][0]]
    assert model is not None
    return model
