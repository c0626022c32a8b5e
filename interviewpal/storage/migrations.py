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

# Rounds v1 -> v2 (issue 12): checklist ticks were stored as positions in the round's merged
# checklist (the format's lines first, then the stage's), so editing a checklist moved them.
# They are now stored by the item's id. The checklists as they were when v1 was written are
# frozen here as ids (the content files have changed since, so they cannot be read for this):
# OLD_CHECKLISTS[stage][format][position] is the id that position meant.
OLD_CHECKLISTS = {
    'screening': {
        'video': ('link-tested-camera', 'job-ad-open', 'same-version-cv', 'salary-range-earliest', 'notice-period-right', 'pen-paper-names', 'one-question-ask'),
        'phone': ('quiet-room-charged', 'their-number-saved', 'job-ad-open', 'same-version-cv', 'salary-range-earliest', 'notice-period-right', 'pen-paper-names', 'one-question-ask'),
        'on_site': ('address-recruiter-name', 'job-ad-open', 'same-version-cv', 'salary-range-earliest', 'notice-period-right', 'pen-paper-names', 'one-question-ask'),
        'take_home': ('job-ad-open', 'same-version-cv', 'salary-range-earliest', 'notice-period-right', 'pen-paper-names', 'one-question-ask'),
    },
    'phone_video': {
        'video': ('meeting-link-open', 'light-front-not', 'tidy-background-plain', 'laptop-phone-charged', 'glass-water-within', 'notes-key-stories', 'door-closed-anyone', 'headphones-headset-have'),
        'phone': ('number-to-ring', 'signal-checked-room', 'laptop-phone-charged', 'glass-water-within', 'notes-key-stories', 'door-closed-anyone', 'headphones-headset-have'),
        'on_site': ('laptop-phone-charged', 'glass-water-within', 'notes-key-stories', 'door-closed-anyone', 'headphones-headset-have'),
        'take_home': ('laptop-phone-charged', 'glass-water-within', 'notes-key-stories', 'door-closed-anyone', 'headphones-headset-have'),
    },
    'in_person': {
        'video': ('links-every-meeting', 'camera-mic-charger', 'notebook-pen-works', 'outfit-chosen-checked', 'snack-water-long', 'day-schedule', 'question-ready-each'),
        'phone': ('notebook-pen-works', 'outfit-chosen-checked', 'snack-water-long', 'day-schedule', 'question-ready-each'),
        'on_site': ('address-entry-instructions', 'travel-plan-time', 'printed-cv-one', 'photo-id-if', 'notebook-pen-works', 'outfit-chosen-checked', 'snack-water-long', 'day-schedule', 'question-ready-each'),
        'take_home': ('notebook-pen-works', 'outfit-chosen-checked', 'snack-water-long', 'day-schedule', 'question-ready-each'),
    },
    'behavioral': {
        'video': ('six-eight-stories', 'story-per-theme', 'result-number-every', 'company-values', 'quiet-uninterrupted-time', 'water-short-break'),
        'phone': ('six-eight-stories', 'story-per-theme', 'result-number-every', 'company-values', 'quiet-uninterrupted-time', 'water-short-break'),
        'on_site': ('six-eight-stories', 'story-per-theme', 'result-number-every', 'company-values', 'quiet-uninterrupted-time', 'water-short-break'),
        'take_home': ('six-eight-stories', 'story-per-theme', 'result-number-every', 'company-values', 'quiet-uninterrupted-time', 'water-short-break'),
    },
    'technical': {
        'video': ('quiet-space-stable', 'editor-language-tools', 'screen-sharing-tried', 'core-concepts-role', 'two-three-practice', 'scrap-paper-pen', 'format-confirmed-live', 'time-limit-allowed'),
        'phone': ('core-concepts-role', 'two-three-practice', 'scrap-paper-pen', 'format-confirmed-live', 'time-limit-allowed'),
        'on_site': ('directions-name-ask', 'core-concepts-role', 'two-three-practice', 'scrap-paper-pen', 'format-confirmed-live', 'time-limit-allowed'),
        'take_home': ('brief-deadline-how', 'time-blocked-calendar', 'editor-language-tools', 'core-concepts-role', 'two-three-practice', 'scrap-paper-pen', 'format-confirmed-live', 'time-limit-allowed'),
    },
    'panel': {
        'video': ('gallery-view', 'panelists-names-roles', 'panelist-profiles', 'question-each-kind'),
        'phone': ('panelists-names-roles', 'panelist-profiles', 'question-each-kind'),
        'on_site': ('printed-cv-copies', 'seating-sketch-page', 'panelists-names-roles', 'panelist-profiles', 'question-each-kind'),
        'take_home': ('panelists-names-roles', 'panelist-profiles', 'question-each-kind'),
    },
    'final_offer': {
        'video': ('target-salary-walk', 'market-pay-data', 'benefits-matter-most', 'other-offers-deadlines', 'questions-about-strategy', 'earliest-realistic-start', 'notes-earlier-rounds'),
        'phone': ('target-salary-walk', 'market-pay-data', 'benefits-matter-most', 'other-offers-deadlines', 'questions-about-strategy', 'earliest-realistic-start', 'notes-earlier-rounds'),
        'on_site': ('target-salary-walk', 'market-pay-data', 'benefits-matter-most', 'other-offers-deadlines', 'questions-about-strategy', 'earliest-realistic-start', 'notes-earlier-rounds'),
        'take_home': ('target-salary-walk', 'market-pay-data', 'benefits-matter-most', 'other-offers-deadlines', 'questions-about-strategy', 'earliest-realistic-start', 'notes-earlier-rounds'),
    },
    'background': {
        'video': ('two-three-references', 'current-contact-details', 'passport-id-proof', 'certificates-transcripts-scanned', 'cv-dates-checked', 'consent-forms-read', 'any-requested-work'),
        'phone': ('two-three-references', 'current-contact-details', 'passport-id-proof', 'certificates-transcripts-scanned', 'cv-dates-checked', 'consent-forms-read', 'any-requested-work'),
        'on_site': ('two-three-references', 'current-contact-details', 'passport-id-proof', 'certificates-transcripts-scanned', 'cv-dates-checked', 'consent-forms-read', 'any-requested-work'),
        'take_home': ('two-three-references', 'current-contact-details', 'passport-id-proof', 'certificates-transcripts-scanned', 'cv-dates-checked', 'consent-forms-read', 'any-requested-work'),
    },
}


def rounds_v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Checklist ticks by position -> by id; a position past the old list's end is dropped."""
    old = OLD_CHECKLISTS.get(str(doc.get("stage")), {}).get(str(doc.get("format") or "video"), ())
    ids: list[str] = []
    for tick in doc.get("checklist_done") or []:
        if isinstance(tick, str):
            ids.append(tick)  # already an id
        elif isinstance(tick, int) and not isinstance(tick, bool) and 0 <= tick < len(old):
            ids.append(old[tick])
    doc["checklist_done"] = sorted(set(ids))
    return doc


CHAINS: Chains = {
    "applications": {},
    "rounds": {1: rounds_v1_to_v2},
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
