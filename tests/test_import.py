"""Restoring a backup (merge and replace), every kind of bad file, and the automatic snapshots."""

from __future__ import annotations

import json
from datetime import timedelta, timezone
from pathlib import Path

import pytest

from interviewpal.models import Application
from interviewpal.services.snapshots import BackupService, SnapshotError, human_size
from interviewpal.services.export import (
    BackupFileError,
    ImportRefused,
    export_backup,
    import_backup,
    read_backup,
)
from interviewpal.storage import Repositories

from .test_export import NOW, build_data, open_repos

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every *.json of the data folder except the snapshots, byte for byte."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*.json"))
        if "backups" not in p.relative_to(folder).parts
    }


def everything(repos: Repositories) -> dict[str, list]:
    return {
        name: sorted(getattr(repos, name).all(), key=lambda r: r.id)
        for name in ("applications", "rounds", "journal", "settings")
    }


@pytest.fixture
def source(tmp_path: Path):
    repos = open_repos(tmp_path / "source")
    data = build_data(repos)
    repos.db.wait_for_backups()  # the automatic first snapshot is written in the background
    yield repos, data
    repos.db.close()


@pytest.fixture
def target(tmp_path: Path) -> Repositories:
    repos = open_repos(tmp_path / "target")
    yield repos
    repos.db.close()


@pytest.fixture
def backup(source) -> bytes:
    return export_backup(source[0], NOW)


def edited(backup: bytes, change) -> bytes:
    doc = json.loads(backup)
    change(doc)
    return json.dumps(doc).encode("utf-8")


# -- round trip --------------------------------------------------------------


def test_export_wipe_import_gives_back_equal_data(source, target, backup):
    repos, _ = source
    preview = read_backup(backup)
    assert preview.invalid == [] and preview.warnings == []
    assert preview.counts == {"applications": 3, "rounds": 4, "journal": 3, "settings": 1}
    assert preview.summary.startswith("This backup from 10 Jan 2030 holds 3 applications, 4 rounds, 3 reflections")

    result = import_backup(target, preview, now=NOW)
    assert result.added == {"applications": 3, "rounds": 4, "journal": 3, "settings": 1}
    assert result.updated_total == 0 and result.unchanged_total == 0
    assert result.message.startswith("Added 11 new items.")
    assert everything(target) == everything(repos)
    assert target.settings.load().offsets_minutes == [120, 10]

    # and it survives reopening the folder
    target.db.close()
    reopened = open_repos(target.db.folder)
    assert everything(reopened) == everything(repos)
    reopened.db.close()


def test_importing_the_same_file_twice_changes_nothing(target, backup):
    import_backup(target, read_backup(backup), now=NOW)
    before = folder_state(target.db.folder)
    snapshots = target.db.backups.list()

    again = import_backup(target, read_backup(backup), now=NOW + timedelta(minutes=1))
    assert again.added_total == 0 and again.updated_total == 0
    assert again.unchanged_total == 11
    assert not again.changed and again.snapshot is None
    assert again.message.startswith("Nothing new")
    assert folder_state(target.db.folder) == before
    assert target.db.backups.list() == snapshots
    assert target.applications.count() == 3 and target.journal.count() == 3


def test_merge_takes_a_snapshot_first(source, target, backup):
    mine = Application(company="Mine", role="Dev")
    target.applications.add(mine)
    before = target.db.raw_tables()
    result = import_backup(target, read_backup(backup), now=NOW)
    assert result.snapshot is not None and result.snapshot.reason == "before-import"
    assert target.db.backups.read(result.snapshot) == before
    assert target.applications.get(mine.id) == mine  # merge keeps what is here
    assert target.applications.count() == 4


def test_merge_newer_record_replaces_older_is_kept(source, target, backup):
    repos, data = source
    import_backup(target, read_backup(backup), now=NOW)
    acme, idle = data["acme"], data["idle"]

    later = (NOW + timedelta(days=1)).isoformat()
    earlier = (NOW - timedelta(days=365)).isoformat()

    def change(doc):
        for d in doc["applications"]:
            if d["id"] == acme.id:
                d.update(role="Staff Engineer", updated_at=later)
            if d["id"] == idle.id:
                d.update(role="Older copy", updated_at=earlier)

    result = import_backup(target, read_backup(edited(backup, change)), now=NOW)
    assert result.updated == {"applications": 1, "rounds": 0, "journal": 0, "settings": 0}
    assert result.added_total == 0
    assert result.unchanged_total == 10
    assert result.kept_newer_here["applications"] == 1
    assert target.applications.get(acme.id).role == "Staff Engineer"
    assert target.applications.get(idle.id).role == "SRE"
    assert result.message.startswith("Updated 1 item.") and "copy here is newer" in result.message
    assert len([a for a in target.applications.all() if a.id == acme.id]) == 1


def test_replace_takes_a_snapshot_then_replaces_everything(source, target, backup):
    repos, _ = source
    mine = Application(company="Mine", role="Dev")
    target.applications.add(mine)
    with target.db.locked():
        target.db.table("reminder_log").insert({"key": "r1", "sent_at": NOW.isoformat()})
    before = target.db.raw_tables()

    result = import_backup(target, read_backup(backup), mode="replace", now=NOW)
    assert result.snapshot is not None and result.snapshot.reason == "before-restore"
    assert target.db.backups.read(result.snapshot) == before
    assert result.removed == 1
    assert everything(target) == everything(repos)
    assert target.applications.get(mine.id) is None
    assert target.db.raw_tables()["reminder_log"] == before["reminder_log"]  # not part of a backup
    assert result.message.startswith("Restored 3 applications, 4 rounds, 3 reflections and the settings")


def test_replace_with_an_empty_backup_is_refused(source, target):
    empty = export_backup(target, NOW)
    repos, _ = source
    before = folder_state(repos.db.folder)
    with pytest.raises(BackupFileError, match="erase everything"):
        import_backup(repos, read_backup(empty), mode="replace", now=NOW)
    assert folder_state(repos.db.folder) == before


# -- bad files ---------------------------------------------------------------


def _truncated(b: bytes) -> bytes:
    return b[: len(b) // 2]


BAD_FILES = {
    "truncated": (_truncated, "incomplete"),
    "truncated-in-a-string": (lambda b: b[: b.index(b"Backend") + 3], "incomplete"),
    "png": (lambda b: PNG, "PNG image"),
    "json-list": (lambda b: b"[1, 2, 3]", "holds a list"),
    "json-other-shape": (lambda b: json.dumps({"name": "x", "items": []}).encode(), "not an InterviewPal backup"),
    "other-format": (lambda b: json.dumps({"format": "joplin"}).encode(), "its format is 'joplin'"),
    "snapshot": (lambda b: json.dumps({"format": "interviewpal-snapshot", "tables": {}}).encode(), "automatic snapshots"),
    "format-99": (lambda b: edited(b, lambda d: d.update(format_version=99)), "newer version of InterviewPal"),
    "no-version": (lambda b: edited(b, lambda d: d.pop("format_version")), "format version"),
    "empty": (lambda b: b"", "empty"),
    "binary": (lambda b: b"\x00\x01\xfe\xff" * 10, "not a text file"),
    "calendar": (lambda b: b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "calendar file"),
    "markdown": (lambda b: b"# InterviewPal journal\n", "not a JSON file"),
    "damaged": (lambda b: b.replace(b'"format"', b'"format" "'), "damaged"),
    "rounds-not-a-list": (lambda b: edited(b, lambda d: d.update(rounds={"a": 1})), "not a list"),
    # Python refuses to read an integer of more than 4,300 digits (a plain ValueError before).
    "huge-integer": (lambda b: b.rstrip()[:-1] + b', "extra": ' + b"7" * 5000 + b"}", "thousands of digits long"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_refused_and_change_nothing(case, source, backup):
    repos, _ = source
    make, phrase = BAD_FILES[case]
    before = folder_state(repos.db.folder)
    snapshots = repos.db.backups.list()
    with pytest.raises(BackupFileError) as err:
        import_backup(repos, read_backup(make(backup)), mode="replace", now=NOW)
    assert phrase in str(err.value)
    assert "Nothing was imported." in str(err.value)
    assert folder_state(repos.db.folder) == before
    assert repos.db.backups.list() == snapshots


def _break_some(doc):
    acme = next(d for d in doc["applications"] if d["company"] == "Acme")
    acme["posting_url"] = "not a link"
    design = next(d for d in doc["rounds"] if d["title"] == "System design")
    design["starts_at"] = "2030-02-14T10:00:00"  # no zone
    reflection = next(d for d in doc["journal"] if d["feeling"] == 4)
    reflection["feeling"] = 9
    doc["rounds"].append("not a record")


@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_invalid_records_refused_by_default_with_reasons(mode, source, target, backup):
    bad = edited(backup, _break_some)
    preview = read_backup(bad)
    assert len(preview.invalid) == 4
    assert preview.valid_count == 11 - 3
    assert preview.summary.endswith("that can be imported, and 4 items that cannot.")
    for repos in (source[0], target):
        before = folder_state(repos.db.folder)
        snapshots = repos.db.backups.list()
        with pytest.raises(ImportRefused) as err:
            import_backup(repos, preview, mode=mode, now=NOW)
        assert folder_state(repos.db.folder) == before
        assert repos.db.backups.list() == snapshots
    message = str(err.value)
    assert message.startswith("4 items in this backup cannot be imported")
    assert "nothing was changed" in message
    assert 'Application "Backend Engineer" at Acme: posting link: The posting link is not a web address' in message
    assert "needs a time zone" in message
    assert 'Round "System design" at Acme (2030-02-14): start time: The time needs a time zone.' in message
    assert 'Reflection on round "Phone or video interview" at Acme (2030-01-05): feeling must be at most 5 (it is 9).' in message
    assert "Round 5 in the file: it is not a record" in message
    assert len(err.value.invalid) == 4


def test_a_huge_value_is_quoted_as_a_short_excerpt(source, target, backup):
    """A 5 MB text and a 4,000-digit number in the file: each message quotes at most a short, cut excerpt."""
    huge = "x" * (5 * 1024 * 1024)

    def change(doc):
        doc["journal"][0]["feeling"] = huge
        doc["journal"][1]["feeling"] = int("9" * 4000)
        doc["rounds"][0]["starts_at"] = huge
        doc["applications"][0]["posting_url"] = huge
        doc["rounds"][1]["schema_version"] = huge
        doc["counts"]["journal"] = int("8" * 4000)

    preview = read_backup(edited(backup, change))
    assert len(preview.invalid) == 5
    for line in [*preview.problems, *preview.warnings]:
        assert len(line) <= 300, line[:400]
    text = "\n".join(preview.problems + preview.warnings)
    assert "xxxxxxxxxx" in text and "(5,242,880 characters)" in text
    assert "a number of 4,000 digits" in text
    with pytest.raises(ImportRefused) as err:
        import_backup(target, preview, mode="merge", now=NOW)
    assert len(str(err.value)) < 2_000


def test_reasons_name_the_company_and_round(backup, source):
    _, data = source

    def change(doc):
        for d in doc["rounds"]:
            if d["id"] == data["berlin"].id:
                d["time_zone"] = "Mars/Olympus"
        for d in doc["journal"]:
            if d["id"] == data["entry"].id:
                d["confidence"] = 0

    problems = read_backup(edited(backup, change)).problems
    assert any(p.startswith('Round "System design" at Acme (2030-02-14): time zone') and "Mars/Olympus" in p for p in problems)
    assert any(p.startswith('Reflection on round "Phone or video interview" at Acme (2030-01-05): confidence must be at least 1')
               for p in problems), problems


def test_import_only_the_valid_records(source, target, backup):
    _, data = source
    preview = read_backup(edited(backup, _break_some))
    result = import_backup(target, preview, include_invalid=True, now=NOW)
    assert result.added_total == 8
    assert len(result.skipped) == 4
    assert {s.kind for s in result.skipped} == {"application", "round", "reflection"}
    assert "4 items skipped" in result.message
    assert "The posting link is not a web address" in result.message
    assert target.applications.count() == 2
    assert target.rounds.count() == 3
    assert target.journal.count() == 2
    # the rounds of the skipped application have no application here: said so
    assert any("belong to an application that is not here" in w for w in result.warnings)


def test_record_from_a_newer_app_version_is_refused(source, target, backup):
    _, data = source

    def change(doc):
        doc["applications"][1]["schema_version"] = 5

    preview = read_backup(edited(backup, change))
    assert len(preview.invalid) == 1
    assert "saved by a newer version of InterviewPal (record version 5" in preview.invalid[0].reason
    assert "Update the app" in preview.invalid[0].reason
    before = folder_state(target.db.folder)
    with pytest.raises(ImportRefused):
        import_backup(target, preview, now=NOW)
    assert folder_state(target.db.folder) == before


def test_the_same_id_twice_imports_the_first(backup, target):
    def change(doc):
        dup = dict(doc["applications"][0])
        dup["role"] = "Duplicate"
        doc["applications"].append(dup)
        doc["counts"]["applications"] += 1

    preview = read_backup(edited(backup, change))
    assert [i.reason for i in preview.invalid] == [
        "the same id is used by item 1 of this kind in the file; only the first one is imported."
    ]
    import_backup(target, preview, include_invalid=True, now=NOW)
    assert target.applications.count() == 3
    assert all(a.role != "Duplicate" for a in target.applications.all())


def test_counts_that_do_not_match_give_a_warning(backup):
    preview = read_backup(edited(backup, lambda d: d["counts"].update(rounds=40)))
    assert preview.warnings == ["The backup says it holds 40 rounds but 4 were found; the file may have been edited."]


def test_a_backup_with_a_bom_is_read(backup):
    assert read_backup(b"\xef\xbb\xbf" + backup).valid_count == 11


def test_bad_mode_is_an_error(target, backup):
    with pytest.raises(ValueError):
        import_backup(target, read_backup(backup), mode="append", now=NOW)  # type: ignore[arg-type]


# -- automatic snapshots ------------------------------------------------------


def test_snapshot_list_restore_and_daily(source):
    repos, data = source
    service = BackupService(repos)
    repos.db.wait_for_backups()
    auto = repos.db.backups.list()
    assert [b.reason for b in auto] == ["daily"]  # taken automatically with the first data, same session
    assert service.ensure_daily(NOW) is None
    auto[0].path.unlink()  # it holds the data of that moment; below: a daily snapshot of all of it
    first = service.ensure_daily(NOW)
    assert first is not None and first.reason == "daily"
    assert service.ensure_daily(NOW + timedelta(hours=3)) is None
    rows = service.list(tz=timezone.utc)
    assert rows[0].info == first
    assert rows[0].reason == "Daily backup"
    assert rows[0].when == "2030-01-10 12:00"
    assert rows[0].size.endswith("KB")

    before = everything(repos)
    repos.applications.delete(data["acme"].id)
    repos.journal.delete(data["entry"].id)
    repos.applications.add(Application(company="Added later", role="QA"))
    changed = repos.db.raw_tables()

    result = service.restore_snapshot(first, now=NOW + timedelta(hours=4))
    assert everything(repos) == before
    assert result.before.reason == "before-restore"
    assert repos.db.backups.read(result.before) == changed
    assert result.counts == {"applications": 3, "rounds": 4, "journal": 3}
    assert result.message.startswith("Restored the daily backup from")
    assert [r.reason for r in service.list()][:2] == ["Before a restore", "Daily backup"]

    assert service.ensure_daily(NOW + timedelta(hours=30)) is not None


def test_restoring_a_damaged_snapshot_changes_nothing(source):
    repos, _ = source
    service = BackupService(repos)
    count = len(service.list())  # the automatic first snapshot
    info = service.take("manual", NOW)
    info.path.write_bytes(b'{"format": "interviewpal-snap')
    before = folder_state(repos.db.folder)
    with pytest.raises(SnapshotError, match="cannot be read"):
        service.restore_snapshot(info, now=NOW)
    assert folder_state(repos.db.folder) == before
    assert len(service.list()) == count + 1

    info.path.unlink()
    with pytest.raises(SnapshotError, match="no longer there"):
        service.restore_snapshot(info, now=NOW)


def test_ensure_daily_skips_an_empty_database(target):
    assert BackupService(target).ensure_daily(NOW) is None


def test_human_size():
    assert human_size(1) == "1 byte"
    assert human_size(812) == "812 bytes"
    assert human_size(4300) == "4.2 KB"
    assert human_size(3 * 1024 * 1024 + 300_000) == "3.3 MB"
