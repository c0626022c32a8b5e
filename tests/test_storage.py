"""Storage: repositories, files on disk, migrations, quarantine, recovery, backups, two instances."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import Field

from interviewpal.models import Application, JournalEntry, Round, Settings, Stage
from interviewpal.models.base import Record
from interviewpal.storage import Backups, Database, Repositories, Repository
from interviewpal.storage import snapshots as backups_module
from interviewpal.storage import database as database_module
from interviewpal.storage.atomic import TEMP_SUFFIX

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 5, 4, 9, 0, tzinfo=timezone.utc)


# -- helpers --------------------------------------------------------------------


def app(i: int = 0, **kw) -> Application:
    return Application(company=kw.pop("company", f"Company {i}"), role=kw.pop("role", "Engineer"), **kw)


def raw_docs(folder: Path, table: str) -> dict:
    """The raw stored records of ``table``, by TinyDB doc id."""
    return json.loads((folder / f"{table}.json").read_text(encoding="utf-8"))[table]


def write_table(folder: Path, table: str, docs: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {table: {str(i + 1): d for i, d in enumerate(docs)}}
    (folder / f"{table}.json").write_text(json.dumps(data), encoding="utf-8")


def by_id(docs: dict) -> dict:
    return {d["id"]: d for d in docs.values()}


def close(repos: Repositories) -> None:
    repos.db.close()


# -- repository round trips ------------------------------------------------------


def test_round_trip_every_repository(tmp_path):
    r = Repositories.open(tmp_path)
    a = r.applications.add(app(1, posting_url="https://ex.com/j", tags=["remote"]))
    rnd = r.rounds.add(Round(application_id=a.id, stage=Stage.SCREENING, starts_at=T0, time_zone="Europe/Berlin"))
    entry = r.journal.add(JournalEntry(round_id=rnd.id, application_id=a.id, feeling=4, confidence=2, free_text="ok"))
    settings = r.settings.save(Settings(theme="dark", offsets_minutes=[120]))

    assert r.applications.get(a.id) == a
    assert r.rounds.for_application(a.id) == [rnd]
    assert r.journal.for_round(rnd.id) == [entry]
    assert r.settings.load() == settings
    assert r.applications.require(a.id) == a

    edited = r.applications.save(a.model_copy(update={"role": "Staff engineer"}))
    assert edited.updated_at > a.updated_at
    assert r.applications.get(a.id).role == "Staff engineer"
    kept = r.applications.save(edited.model_copy(update={"notes": "x"}), touch=False)
    assert kept.updated_at == edited.updated_at
    close(r)

    again = Repositories.open(tmp_path)
    assert again.applications.all() == [kept]
    assert again.rounds.all() == [rnd]
    assert again.journal.all() == [entry]
    assert again.settings.load() == settings
    assert again.db.report.has_problems is False
    close(again)


def test_settings_defaults_when_none_saved(repos):
    loaded = repos.settings.load()
    assert loaded.model_dump(exclude={"created_at", "updated_at"}) == Settings().model_dump(
        exclude={"created_at", "updated_at"}
    )
    assert repos.settings.count() == 0


def test_add_refuses_a_duplicate_id(repos):
    a = repos.applications.add(app())
    with pytest.raises(ValueError, match="exists already"):
        repos.applications.add(a)
    assert repos.applications.count() == 1


def test_require_missing_raises(repos):
    from interviewpal.storage import NotFound

    with pytest.raises(NotFound):
        repos.applications.require("nope")


def test_save_inserts_when_missing(repos):
    a = repos.applications.save(app(7))
    assert repos.applications.get(a.id) == a


def test_delete_and_delete_where(tmp_path):
    r = Repositories.open(tmp_path)
    apps = [r.applications.add(app(i)) for i in range(3)]
    rounds = [
        r.rounds.add(Round(application_id=apps[i % 2].id, stage=Stage.PANEL, starts_at=T0 + timedelta(days=i)))
        for i in range(5)
    ]
    assert r.applications.delete(apps[2].id) == apps[2]
    assert r.applications.get(apps[2].id) is None
    assert r.applications.delete(apps[2].id) is None

    gone = r.rounds.delete_where("application_id", apps[0].id)
    assert sorted(x.id for x in gone) == sorted(x.id for x in rounds if x.application_id == apps[0].id)
    assert {x.id for x in r.rounds.all()} == {x.id for x in rounds if x.application_id == apps[1].id}
    assert r.rounds.delete_where("application_id", "nobody") == []
    close(r)

    again = Repositories.open(tmp_path)
    assert {x.id for x in again.applications.all()} == {apps[0].id, apps[1].id}
    assert len(again.rounds.all()) == 2
    close(again)


def test_add_many_keeps_every_record(tmp_path):
    r = Repositories.open(tmp_path)
    r.applications.add(app(0))
    many = [app(i) for i in range(1, 26)]
    assert r.applications.add_many(many) == 25
    assert r.applications.count() == 26
    docs = raw_docs(tmp_path, "applications")
    assert len(docs) == 26 and len(by_id(docs)) == 26  # one doc id per record, none overwritten
    r.applications.add(app(99))  # next id continues after the batch
    assert r.applications.count() == 27
    close(r)
    again = Repositories.open(tmp_path)
    assert {a.id for a in again.applications.all()} >= {a.id for a in many}
    close(again)


def test_a_value_that_cannot_be_serialised_leaves_the_file_alone(repos, tmp_path):
    repos.applications.add(app(1))
    before = (tmp_path / "applications.json").read_bytes()
    with pytest.raises(TypeError):
        with repos.db.locked():
            repos.db.table("applications").insert({"id": "x", "bad": {1, 2}})
    assert (tmp_path / "applications.json").read_bytes() == before
    assert repos.applications.count() == 1
    assert not list(tmp_path.glob(f".*{TEMP_SUFFIX}"))


def _file_is_canonical(path: Path) -> dict:
    """The file parses and is byte-identical to a full re-serialisation of its content."""
    from interviewpal.storage.jsonfile import dump_json

    raw = path.read_bytes()
    data = json.loads(raw)
    assert raw == dump_json(data).encode("utf-8")
    return data


def test_single_record_writes_match_a_full_serialisation(tmp_path):
    """save/add/delete re-serialise only the changed record; the file must still be exactly right,
    also after TinyDB-path writes (add_many, delete_where, a direct table update) and another
    instance's writes in between."""
    from tinydb import Query

    r = Repositories.open(tmp_path)
    other = Repositories.open(tmp_path)
    apps = [r.applications.add(app(i, notes="ü" * i)) for i in range(6)]
    r.applications.save(apps[0].model_copy(update={"notes": "long " * 500}))
    r.applications.add_many([app(10), app(11)])
    r.applications.save(apps[1].model_copy(update={"notes": "x"}))
    with r.db.locked():
        r.db.table("applications").update({"notes": "set by tinydb"}, Query().id == apps[2].id)
    r.applications.save(apps[3].model_copy(update={"role": "after tinydb"}))
    other.applications.save(other.applications.get(apps[4].id).model_copy(update={"role": "other instance"}))
    r.applications.delete(apps[5].id)
    r.applications.save(apps[0].model_copy(update={"notes": "short"}))
    r.applications.delete_where("company", "Company 10")
    r.applications.add(app(12))

    data = _file_is_canonical(tmp_path / "applications.json")
    stored = by_id(data["applications"])
    assert stored[apps[0].id]["notes"] == "short"
    assert stored[apps[2].id]["notes"] == "set by tinydb"
    assert stored[apps[3].id]["role"] == "after tinydb"
    assert stored[apps[4].id]["role"] == "other instance"
    assert apps[5].id not in stored
    assert sorted(d["company"] for d in stored.values()) == sorted(
        ["Company 0", "Company 1", "Company 2", "Company 3", "Company 4", "Company 11", "Company 12"]
    )
    assert len(set(data["applications"])) == len(data["applications"])  # doc ids stay unique
    for repos in (r, other):
        assert {a.id: a.role for a in repos.applications.all()} == {k: d["role"] for k, d in stored.items()}
    close(r)
    close(other)


def test_a_failed_write_changes_nothing_and_the_next_one_works(tmp_path, monkeypatch):
    from interviewpal.storage import jsonfile

    r = Repositories.open(tmp_path)
    a = r.applications.add(app(1))
    b = r.applications.add(app(2))
    before = (tmp_path / "applications.json").read_bytes()

    def disk_full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonfile, "atomic_write_bytes", disk_full)
    with pytest.raises(OSError):
        r.applications.save(a.model_copy(update={"role": "lost"}))
    with pytest.raises(OSError):
        r.applications.delete(b.id)
    with pytest.raises(OSError):
        r.applications.add(app(3))
    assert (tmp_path / "applications.json").read_bytes() == before
    assert {x.id: x.role for x in r.applications.all()} == {a.id: "Engineer", b.id: "Engineer"}

    monkeypatch.undo()
    r.applications.save(a.model_copy(update={"role": "kept"}))
    assert r.applications.get(a.id).role == "kept" and r.applications.get(b.id) is not None
    _file_is_canonical(tmp_path / "applications.json")
    close(r)


def test_deleting_a_missing_id_returns_none_and_writes_nothing(tmp_path):
    write_table(tmp_path, "applications", [app(1).to_doc(), future_doc()])
    r = Repositories.open(tmp_path)
    before = os.stat(tmp_path / "applications.json")
    assert r.applications.delete("missing") is None
    after = os.stat(tmp_path / "applications.json")
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert r.applications.count() == 1
    close(r)
    fresh = tmp_path / "empty"
    r = Repositories.open(fresh)
    assert r.applications.delete("missing") is None  # no file yet
    assert not (fresh / "applications.json").exists()
    close(r)


# -- files on disk --------------------------------------------------------------------


def test_files_are_utf8_and_non_ascii_survives(tmp_path):
    name = "Müller & Søn — 東京 株式会社 🚀"
    r = Repositories.open(tmp_path)
    a = r.applications.add(app(company=name, notes="naïve café, ‘quotes’"))
    close(r)
    raw = (tmp_path / "applications.json").read_bytes()
    assert name.encode("utf-8") in raw  # stored as UTF-8 text, not \u escapes
    raw.decode("utf-8")
    again = Repositories.open(tmp_path)
    assert again.applications.get(a.id).company == name
    close(again)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_folder_is_private_and_files_are_0600(tmp_path):
    folder = tmp_path / "data"
    r = Repositories.open(folder)
    r.applications.add(app(1))
    r.journal.add(JournalEntry(round_id="r", application_id="a", feeling=3, confidence=3))
    r.db.snapshot("manual")
    close(r)
    write_table(folder, "rounds", [{"id": "bad", "stage": "nope"}])
    os.chmod(folder / "rounds.json", 0o600)
    r = Repositories.open(folder)  # quarantines the bad round
    close(r)

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "backups").stat().st_mode) == 0o700
    files = list(folder.glob("*.json")) + list((folder / "backups").glob("*.json"))
    assert {f.name for f in files} >= {"applications.json", "journal.json", "quarantine.json", "rounds.json"}
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f.name


def test_existing_folder_is_made_private(tmp_path):
    folder = tmp_path / "loose"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    close(Repositories.open(folder))
    if os.name == "posix":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_stale_temp_files_are_swept_on_open(tmp_path):
    r = Repositories.open(tmp_path)
    r.applications.add(app(1))
    close(r)
    stale = [tmp_path / f".applications.json.k3j2{TEMP_SUFFIX}", tmp_path / f".journal.json.zz{TEMP_SUFFIX}"]
    for s in stale:
        s.write_bytes(b'{"applications": {"1": {"half')
    keep = tmp_path / "notes.txt"
    keep.write_text("mine")
    again = Repositories.open(tmp_path)
    assert not any(s.exists() for s in stale)
    assert keep.exists()
    assert again.applications.count() == 1
    assert again.db.report.has_problems is False
    close(again)


# -- migrations ---------------------------------------------------------------------------


class Note(Record):
    """A test model at schema version 3.

    v1: {"text": "Title\\nbody"}; v2: {"title", "body"}; v3: adds "words".
    """

    SCHEMA_VERSION = 3

    title: str = Field(min_length=1)
    body: str = ""
    words: int = Field(ge=0)


class NoteRepository(Repository[Note]):
    model = Note
    table_name = "notes"


def v1_to_v2(doc: dict) -> dict:
    title, _, body = doc.pop("text").partition("\n")
    return doc | {"title": title, "body": body}


def v2_to_v3(doc: dict) -> dict:
    return doc | {"words": len(doc.get("body", "").split())}


CHAINS = {"notes": {1: v1_to_v2, 2: v2_to_v3}}
NOTE_TABLES = {"notes": Note, "reminder_log": None}
STAMPS = {"created_at": "2025-01-02T03:04:05Z", "updated_at": "2025-01-02T03:04:05Z"}


def old_notes() -> list[dict]:
    return [
        {"id": "n1", "schema_version": 1, "text": "Groceries\nmilk eggs bread", **STAMPS},
        {"id": "n2", "schema_version": 2, "title": "Trip", "body": "pack the bag", "extra": "kept", **STAMPS},
        {"id": "n3", "schema_version": 3, "title": "Done", "body": "", "words": 0, **STAMPS},
        {"id": "n4", **STAMPS, "text": "No version\nmeans one"},
    ]


def test_migration_chain_runs_once_in_one_write_after_a_snapshot(tmp_path, monkeypatch):
    write_table(tmp_path, "notes", old_notes())
    original = raw_docs(tmp_path, "notes")
    writes: list[str] = []

    def recording(module):
        real = module.atomic_write_text

        def write(path, text):
            writes.append(Path(path).name if Path(path).parent == tmp_path else f"backups/{Path(path).name}")
            real(path, text)

        monkeypatch.setattr(module, "atomic_write_text", write)

    recording(database_module)
    recording(backups_module)

    db = Database(tmp_path, chains=CHAINS, tables=NOTE_TABLES, now=T0)
    assert db.report.migrated == 3
    assert db.report.unreadable == 0 and db.report.recovered == []
    assert writes.count("notes.json") == 1
    snap_writes = [w for w in writes if w.startswith("backups/snapshot-") and "before-migration" in w]
    assert len(snap_writes) == 1
    assert writes.index(snap_writes[0]) < writes.index("notes.json")

    snaps = [b for b in db.backups.list() if b.reason == "before-migration"]
    assert len(snaps) == 1
    assert db.backups.read(snaps[0])["notes"] == original  # the old records, untouched

    stored = by_id(raw_docs(tmp_path, "notes"))
    assert {d["schema_version"] for d in stored.values()} == {3}
    assert stored["n1"]["title"] == "Groceries" and stored["n1"]["words"] == 3
    assert stored["n2"]["words"] == 3 and stored["n2"]["extra"] == "kept"
    assert stored["n4"]["title"] == "No version"

    notes = NoteRepository(db)
    assert {n.id: n.words for n in notes.all()} == {"n1": 3, "n2": 3, "n3": 0, "n4": 2}
    db.close()

    writes.clear()
    again = Database(tmp_path, chains=CHAINS, tables=NOTE_TABLES, now=T0 + timedelta(minutes=1))
    assert again.report.migrated == 0
    assert "notes.json" not in writes  # nothing left to migrate: no rewrite
    assert len([b for b in again.backups.list() if b.reason == "before-migration"]) == 1
    again.close()


def test_missing_chain_step_sends_the_record_to_quarantine(tmp_path):
    write_table(tmp_path, "notes", old_notes())
    db = Database(tmp_path, chains={"notes": {2: v2_to_v3}}, tables=NOTE_TABLES, now=T0)
    assert db.report.unreadable == 2  # n1 and n4 are version 1 and there is no 1 -> 2 step
    assert db.report.migrated == 1
    ids = {n.id for n in NoteRepository(db).all()}
    assert ids == {"n2", "n3"}
    q = {item["raw"]["id"]: item for item in db.quarantined()}
    assert set(q) == {"n1", "n4"}
    assert "no migration from schema version 1 to 2" in q["n1"]["error"]
    assert q["n1"]["raw"] == old_notes()[0]
    assert q["n1"]["table"] == "notes"
    db.close()


def test_a_failing_step_or_bad_version_goes_to_quarantine(tmp_path):
    def broken(doc):
        raise KeyError("text")

    docs = old_notes()[:3] + [{"id": "n5", "schema_version": "two", **STAMPS}]
    docs[0].pop("text")  # the v1 step will fail on it
    write_table(tmp_path, "notes", docs)
    db = Database(tmp_path, chains={"notes": {1: v1_to_v2, 2: v2_to_v3}}, tables=NOTE_TABLES, now=T0)
    assert db.report.unreadable == 2
    q = {item["raw"]["id"]: item["error"] for item in db.quarantined()}
    assert set(q) == {"n1", "n5"}
    assert "schema_version 'two'" in q["n5"]
    db.close()


# -- quarantine ---------------------------------------------------------------------------


def test_one_invalid_record_is_quarantined_and_the_rest_load(tmp_path):
    good = [app(i).to_doc() for i in range(3)]
    bad = app(9).to_doc() | {"company": "", "posting_url": "no url here"}
    write_table(tmp_path, "applications", [good[0], bad, good[1], good[2]])

    r = Repositories.open(tmp_path, now=T0)
    report = r.db.report
    assert report.unreadable == 1
    assert report.has_problems
    assert "1 item could not be read. It is kept aside in quarantine.json, nothing was deleted." in report.messages
    assert {a.id for a in r.applications.all()} == {d["id"] for d in good}
    assert bad["id"] not in by_id(raw_docs(tmp_path, "applications"))

    q = json.loads((tmp_path / "quarantine.json").read_text(encoding="utf-8"))["quarantine"]
    assert len(q) == 1
    (item,) = q.values()
    assert item["raw"] == bad
    assert item["table"] == "applications"
    assert "company" in item["error"] and "posting_url" in item["error"]
    assert item["at"] == T0.isoformat()
    close(r)

    again = Repositories.open(tmp_path, now=T0 + timedelta(hours=1))
    assert again.db.report.unreadable == 0
    assert again.db.report.messages == []
    assert len(again.db.quarantined()) == 1
    assert again.applications.count() == 3
    close(again)


def test_quarantine_accumulates_and_counts_plural(tmp_path):
    write_table(tmp_path, "applications", [app(1).to_doc(), "not a record", {"id": "x", "company": "A"}])
    r = Repositories.open(tmp_path)
    assert r.db.report.unreadable == 2
    assert "2 items could not be read. They are kept aside in quarantine.json, nothing was deleted." in r.db.report.messages
    close(r)
    write_table(tmp_path, "journal", [{"id": "j", "feeling": 9}])
    r = Repositories.open(tmp_path)
    assert r.db.report.unreadable == 1
    assert len(r.db.quarantined()) == 3
    assert r.applications.count() == 1
    close(r)


# -- damaged files ---------------------------------------------------------------------------


def _seed_with_snapshot(folder: Path, n: int, now: datetime) -> list[Application]:
    r = Repositories.open(folder, now=now, daily_backup=False)
    apps = [r.applications.add(app(i)) for i in range(n)]
    r.db.snapshot("daily", now=now)
    close(r)
    return apps


def _damage(kind: str, path: Path) -> bytes:
    good = path.read_bytes()
    bad = {
        "garbage": b"\x00\xffnot json at all \x9c{{{" + os.urandom(32),
        "truncated": good[: len(good) // 2],
        "empty": b"",
    }[kind]
    path.write_bytes(bad)
    return bad


@pytest.mark.parametrize("kind", ["garbage", "truncated", "empty"])
def test_damaged_file_is_kept_aside_and_newest_good_snapshot_restored(tmp_path, kind):
    older = _seed_with_snapshot(tmp_path, 2, T0)
    r = Repositories.open(tmp_path, daily_backup=False)
    newer = older + [r.applications.add(app(5))]
    r.db.snapshot("daily", now=T0 + timedelta(days=1))
    r.journal.add(JournalEntry(round_id="r", application_id=newer[0].id, feeling=2, confidence=2))
    close(r)
    # the very newest snapshot is itself damaged: it must be skipped
    (tmp_path / "backups" / "snapshot-20260506T090000000000Z-daily.json").write_bytes(b"{broken")

    bad = _damage(kind, tmp_path / "applications.json")
    r = Repositories.open(tmp_path, now=T0 + timedelta(days=3))
    report = r.db.report
    assert report.recovered == ["applications"]
    asides = list(tmp_path.glob("applications.corrupt-*.json"))
    assert len(asides) == 1
    assert asides[0].read_bytes() == bad  # kept byte for byte
    assert [a.id for a in r.applications.all()] == [a.id for a in newer]
    assert r.journal.count() == 1  # other tables untouched
    (msg,) = [m for m in report.messages if "applications" in m]
    assert "was damaged" in msg and f"kept as {asides[0].name}" in msg and "was restored" in msg
    when = (T0 + timedelta(days=1)).astimezone().strftime("%d %b %Y %H:%M")
    assert f"the backup from {when} was restored" in msg
    close(r)

    again = Repositories.open(tmp_path, now=T0 + timedelta(days=3))
    assert again.db.report.recovered == [] and again.db.report.messages == []
    assert again.applications.count() == 3
    close(again)


@pytest.mark.parametrize("kind", ["garbage", "truncated", "empty"])
def test_damaged_file_without_backup_is_kept_aside_and_the_user_told(tmp_path, kind):
    r = Repositories.open(tmp_path, daily_backup=False)
    r.applications.add(app(1))
    r.rounds.add(Round(application_id="a", stage=Stage.TECHNICAL, starts_at=T0))
    close(r)
    assert not (tmp_path / "backups").exists()
    bad = _damage(kind, tmp_path / "applications.json")

    r = Repositories.open(tmp_path, daily_backup=False)
    assert r.db.report.recovered == ["applications"]
    (aside,) = tmp_path.glob("applications.corrupt-*.json")
    assert aside.read_bytes() == bad
    (msg,) = r.db.report.messages
    assert "there is no backup of it yet" in msg and f"kept unchanged as {aside.name}" in msg
    assert r.applications.count() == 0
    assert r.rounds.count() == 1
    r.applications.add(app(2))  # the app keeps working
    close(r)
    assert aside.read_bytes() == bad


def test_two_damaged_files_in_the_same_second_are_both_kept(tmp_path):
    r = Repositories.open(tmp_path, daily_backup=False)
    r.applications.add(app(1))
    close(r)
    first = _damage("garbage", tmp_path / "applications.json")
    close(Repositories.open(tmp_path, now=T0, daily_backup=False))
    (tmp_path / "applications.json").write_bytes(b"second damage")
    close(Repositories.open(tmp_path, now=T0, daily_backup=False))
    kept = sorted(p.read_bytes() for p in tmp_path.glob("applications.corrupt-*.json"))
    assert kept == sorted([first, b"second damage"])


def test_a_file_that_is_json_but_not_tables_counts_as_damaged(tmp_path):
    (tmp_path / "journal.json").write_text('["a", "list"]', encoding="utf-8")
    r = Repositories.open(tmp_path)
    assert r.db.report.recovered == ["journal"]
    assert list(tmp_path.glob("journal.corrupt-*.json"))
    close(r)


# -- records from a newer app version -----------------------------------------------------------


def future_doc() -> dict:
    return {
        "id": "from-the-future",
        "schema_version": 99,
        "created_at": "2031-01-01T00:00:00Z",
        "updated_at": "2031-01-01T00:00:00Z",
        "company": "Future Co",
        "role": "Pilot",
        "hologram": {"colour": "teal", "layers": [1, 2.5, None, True], "ünïcode": "✓"},
        "status": "negotiating",
    }


def test_newer_records_are_hidden_counted_and_survive_other_changes(tmp_path):
    current = [app(i).to_doc() for i in range(3)]
    write_table(tmp_path, "applications", [current[0], future_doc(), current[1], current[2]])

    r = Repositories.open(tmp_path)
    report = r.db.report
    assert report.newer == 1 and report.unreadable == 0
    assert any("saved by a newer version of InterviewPal" in m for m in report.messages)
    assert "from-the-future" not in {a.id for a in r.applications.all()}
    assert r.applications.get("from-the-future") is None
    assert r.applications.count() == 3

    added = r.applications.add(app(10))
    r.applications.add_many([app(11), app(12)])
    first = r.applications.get(current[0]["id"])
    r.applications.save(first.model_copy(update={"role": "Manager"}))
    r.applications.delete(current[1]["id"])
    r.applications.delete_where("company", "Company 2")
    r.applications.save(added.model_copy(update={"notes": "edited"}))

    stored = by_id(raw_docs(tmp_path, "applications"))
    assert stored["from-the-future"] == future_doc()
    assert stored[current[0]["id"]]["role"] == "Manager"
    assert current[1]["id"] not in stored and current[2]["id"] not in stored
    close(r)

    again = Repositories.open(tmp_path)
    assert again.db.report.newer == 1
    assert by_id(raw_docs(tmp_path, "applications"))["from-the-future"] == future_doc()
    assert again.applications.count() == 4
    close(again)


def test_unknown_fields_on_a_current_record_survive_save(tmp_path):
    doc = app(1).to_doc() | {"colour": "green", "nested": {"a": [1, 2]}}
    write_table(tmp_path, "applications", [doc])
    r = Repositories.open(tmp_path)
    rec = r.applications.get(doc["id"])
    assert r.db.report.has_problems is False
    r.applications.save(rec.model_copy(update={"role": "Lead"}))
    stored = by_id(raw_docs(tmp_path, "applications"))[doc["id"]]
    assert stored["colour"] == "green" and stored["nested"] == {"a": [1, 2]}
    assert stored["role"] == "Lead"
    close(r)


# -- two instances --------------------------------------------------------------------------------


def test_two_instances_in_one_process_never_lose_each_others_updates(tmp_path):
    a = Repositories.open(tmp_path)
    b = Repositories.open(tmp_path)
    mine: dict[str, str] = {}
    for i in range(15):
        x = a.applications.add(app(company=f"A{i}"))
        y = b.applications.add(app(company=f"B{i}"))
        # each edits a record the other one added
        y2 = a.applications.get(y.id)
        a.applications.save(y2.model_copy(update={"role": f"edited by a {i}"}))
        x2 = b.applications.get(x.id)
        b.applications.save(x2.model_copy(update={"role": f"edited by b {i}"}))
        mine[x.id] = f"edited by b {i}"
        mine[y.id] = f"edited by a {i}"
        if i % 5 == 4:
            gone = b.applications.delete(x.id)
            assert gone is not None and gone.role == f"edited by b {i}"
            del mine[x.id]
    for repos in (a, b):
        assert {r.id: r.role for r in repos.applications.all()} == mine
    close(a)
    close(b)
    fresh = Repositories.open(tmp_path)
    assert {r.id: r.role for r in fresh.applications.all()} == mine
    close(fresh)


CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from interviewpal.models import Application
    from interviewpal.storage import Repositories

    repos = Repositories.open(sys.argv[2])
    n = int(sys.argv[3])
    print("ready", flush=True)
    sys.stdin.readline()  # go
    for i in range(n):
        a = repos.applications.add(Application(company=f"child {i}", role="r"))
        repos.applications.save(repos.applications.get(a.id).model_copy(update={"role": f"child edit {i}"}))
    print(len(repos.applications.all()), flush=True)
    """
)


def test_a_second_process_never_loses_the_others_updates(tmp_path):
    n = 40
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ROOT), str(tmp_path), str(n)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        r = Repositories.open(tmp_path)
        proc.stdin.write("go\n")
        proc.stdin.flush()
        mine = {}
        for i in range(n):
            a = r.applications.add(app(company=f"parent {i}"))
            r.applications.save(r.applications.get(a.id).model_copy(update={"role": f"parent edit {i}"}))
            mine[a.id] = f"parent edit {i}"
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert int(out.strip()) >= n
    everything = {x.company: x.role for x in r.applications.all()}
    assert len(everything) == 2 * n
    for i in range(n):
        assert everything[f"parent {i}"] == f"parent edit {i}"
        assert everything[f"child {i}"] == f"child edit {i}"
    close(r)
    fresh = Repositories.open(tmp_path)
    assert fresh.applications.count() == 2 * n
    close(fresh)


# -- snapshots ---------------------------------------------------------------------------------------


@pytest.fixture
def utc_local(monkeypatch):
    """The machine's local zone is UTC (a "day" for the daily snapshot is a local day)."""
    import time
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_daily_snapshot_on_the_first_change_of_a_day_and_at_open(tmp_path, utc_local):
    clock = [T0]
    close(Repositories.open(tmp_path, clock=lambda: clock[0]))
    assert Backups(tmp_path / "backups").list() == []  # nothing to back up yet

    def dailies():
        return [b for b in Backups(tmp_path / "backups").list() if b.reason == "daily"]

    # A long session: the first snapshot comes with the first data, not at the next start.
    r = Repositories.open(tmp_path, clock=lambda: clock[0])
    r.applications.add(app(1))
    r.db.wait_for_backups()
    assert [b.created_at for b in dailies()] == [T0]
    assert len(Backups(tmp_path / "backups").read(dailies()[0])["applications"]) == 1
    for hours in (1, 5, 14.9):  # same day (09:00 -> 23:54)
        clock[0] = T0 + timedelta(hours=hours)
        r.applications.add(app(int(hours * 10)))
    r.db.wait_for_backups()
    assert len(dailies()) == 1
    clock[0] = T0 + timedelta(hours=15, minutes=5)  # 00:05 the next day: the first change of the day
    r.applications.add(app(99))
    r.db.wait_for_backups()
    assert [b.created_at for b in dailies()][0] == clock[0]
    assert len(Backups(tmp_path / "backups").read(dailies()[0])["applications"]) == 5
    close(r)

    # At open: taken when the newest snapshot is from an earlier day.
    close(Repositories.open(tmp_path, now=T0 + timedelta(hours=30)))
    assert len(dailies()) == 2
    close(Repositories.open(tmp_path, now=T0 + timedelta(days=2)))
    assert len(dailies()) == 3
    close(Repositories.open(tmp_path, now=T0 + timedelta(days=3), daily_backup=False))
    assert len(dailies()) == 3
    assert dailies()[0].label == "daily"


def test_a_save_does_not_wait_for_the_snapshot(tmp_path, utc_local):
    """The snapshot is written by a background thread that waits for the lock the save holds."""
    r = Repositories.open(tmp_path, now=T0)
    with r.db.locked():
        r.applications.add(app(1))  # returns although the snapshot cannot start while we hold the lock
        assert Backups(tmp_path / "backups").list() == []
    r.db.wait_for_backups()
    assert [b.reason for b in Backups(tmp_path / "backups").list()] == ["daily"]
    close(r)


def test_a_failed_automatic_snapshot_is_reported_and_retried(tmp_path, utc_local):
    r = Repositories.open(tmp_path, now=T0, background_backups=False)
    (tmp_path / "backups").write_text("a file where the backups folder should be")
    r.applications.add(app(1))  # the save itself succeeds
    assert r.applications.count() == 1
    assert r.db.backup_error and "automatic backup failed" in r.db.backup_error
    (tmp_path / "backups").unlink()
    r.applications.add(app(2))
    assert r.db.backup_error is None
    assert len(Backups(tmp_path / "backups").list()) == 1
    close(r)


def test_pruning_keeps_backups_keep(tmp_path):
    r = Repositories.open(tmp_path, daily_backup=False)
    r.applications.add(app(1))
    keep = r.db.backups.keep
    stamps = [T0 + timedelta(hours=i) for i in range(keep + 4)]
    for s in stamps:
        r.db.snapshot("manual", now=s)
    kept = r.db.backups.list()
    assert [b.created_at for b in kept] == sorted(stamps, reverse=True)[:keep]
    assert len(list((tmp_path / "backups").iterdir())) == keep
    close(r)

    small = Backups(tmp_path / "other", keep=3)
    for i in range(5):
        small.take({"applications": {}}, "Before Import!", now=T0 + timedelta(minutes=i))
    assert len(small.list()) == 3
    assert {b.reason for b in small.list()} == {"before-import"}


def test_snapshot_restore_with_replace_all(tmp_path):
    r = Repositories.open(tmp_path)
    a = r.applications.add(app(1))
    info = r.db.snapshot("before-restore")
    r.applications.delete(a.id)
    r.applications.add(app(2))
    r.db.replace_all(r.db.backups.read(info))
    assert [x.id for x in r.applications.all()] == [a.id]
    close(r)
