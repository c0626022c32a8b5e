"""Schema migrations: per table, a chain of small ``dict -> dict`` steps.

``CHAINS[table][n]`` turns a record of schema version ``n`` into version
``n + 1``. When a model's ``SCHEMA_VERSION`` is bumped, add the step here and
a test in tests/test_storage.py (next to test_migration_chain_runs_once_in_one_write_after_a_snapshot).
Migrations run once at open, after a
backup, and are written back in one atomic write per table.

Records whose version is *higher* than this app knows are never migrated or
rewritten: they were written by a newer InterviewPal and are kept untouched.
"""

from __future__ import annotations

from typing import Any, Callable

Step = Callable[[dict[str, Any]], dict[str, Any]]
Chain = dict[int, Step]
Chains = dict[str, Chain]

# No stored shape has changed since version 1 yet.
CHAINS: Chains = {
    "applications": {},
    "rounds": {},
    "journal": {},
    "settings": {},
}


class MigrationError(Exception):
    """A record cannot be brought to the current version."""


def record_version(doc: dict[str, Any]) -> int:
    version = doc.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        shown = repr(version) if len(repr(version)) <= 40 else repr(version)[:40] + "…"
        raise MigrationError(f"schema_version {shown} is not a positive whole number")
    return version


def migrate(doc: dict[str, Any], chain: dict[int, Step], target: int) -> dict[str, Any]:
    """Apply the steps from the record's version up to ``target``; returns a new dict."""
    version = record_version(doc)
    out = dict(doc)
    while version < target:
        step = chain.get(version)
        if step is None:
            raise MigrationError(f"no migration from schema version {version} to {version + 1}")
        try:
            out = step(dict(out))
        except Exception as e:  # a step that trips over one odd record must not stop the app opening
            raise MigrationError(
                f"the migration from schema version {version} to {version + 1} failed ({type(e).__name__}: {e})"
            ) from e
        if not isinstance(out, dict):
            raise MigrationError(f"the migration from schema version {version} to {version + 1} did not return a record")
        version += 1
        out["schema_version"] = version
    return out
