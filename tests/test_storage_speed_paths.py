"""The storage's fast paths stay correct: the repository cache is kept in step on this
instance's own writes (no table-wide re-validation), and re-read when another instance
(or process) changed the file."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from interviewpal.models import JournalEntry
from interviewpal.storage import Repositories
from interviewpal.storage import repositories as repositories_module

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=timezone.utc)

pytestmark = pytest.mark.repos(daily_backup=False)


def entry(i: int, **kw) -> JournalEntry:
    return JournalEntry(round_id=f"r{i}", application_id=f"a{i}", feeling=3, confidence=3, free_text=f"text {i}", **kw)


@pytest.fixture
def checks(monkeypatch):
    """Counts how many records the repositories validate."""
    calls = {"n": 0}
    real = repositories_module.check_record

    def counting(*a, **kw):
        calls["n"] += 1
        return real(*a, **kw)

    monkeypatch.setattr(repositories_module, "check_record", counting)
    return calls


def test_own_save_add_delete_keep_the_cache_in_step_without_revalidating_the_table(repos, checks):
    entries = [entry(i) for i in range(50)]
    repos.journal.add_many(entries)
    assert len(repos.journal.all()) == 50  # first read validates every record once
    checks["n"] = 0

    edited = repos.journal.save(entries[7].model_copy(update={"free_text": "  changed  "}))
    assert repos.journal.get(edited.id).free_text == "changed"  # as a re-read would validate it
    added = repos.journal.add(entry(99))
    assert repos.journal.get(added.id) == added
    gone = repos.journal.delete(entries[3].id)
    assert gone is not None and repos.journal.get(entries[3].id) is None
    assert repos.journal.count() == 50
    assert checks["n"] <= 4, "only the written records are validated, not the whole table"

    fresh = Repositories.open(repos.db.folder, daily_backup=False)
    try:  # what is on disk equals what the cache holds
        assert {e.id: e for e in fresh.journal.all()} == {e.id: e for e in repos.journal.all()}
        assert [e.id for e in fresh.journal.all()] == [e.id for e in repos.journal.all()]
    finally:
        fresh.db.close()


def test_another_instances_write_is_read_and_validated_again(repos, tmp_path):
    e = repos.journal.add(entry(1))
    assert repos.journal.get(e.id).free_text == "text 1"
    other = Repositories.open(tmp_path, daily_backup=False)
    try:
        other.journal.save(other.journal.get(e.id).model_copy(update={"free_text": "from the other instance"}))
        other.journal.add(entry(2))
    finally:
        other.db.close()
    assert repos.journal.get(e.id).free_text == "from the other instance"
    assert repos.journal.count() == 2


def test_own_write_after_another_instances_write_does_not_hide_that_write(repos, tmp_path):
    """The cache was out of step when this instance wrote: it must not be patched, but re-read."""
    a = repos.journal.add(entry(1))
    b = repos.journal.add(entry(2))
    repos.journal.all()
    other = Repositories.open(tmp_path, daily_backup=False)
    try:
        other.journal.save(other.journal.get(a.id).model_copy(update={"free_text": "other"}))
    finally:
        other.db.close()
    repos.journal.save(repos.journal.get(b.id).model_copy(update={"free_text": "mine"}))  # before any read
    assert repos.journal.get(a.id).free_text == "other"
    assert repos.journal.get(b.id).free_text == "mine"


def test_open_parses_and_validates_each_record_once(tmp_path, monkeypatch):
    from interviewpal.storage import database as database_module
    from interviewpal.storage import jsonfile as jsonfile_module

    first = Repositories.open(tmp_path, daily_backup=False)
    first.journal.add_many([entry(i) for i in range(30)])
    first.db.close()

    counts = {"check": 0, "parse": 0}
    real_check, real_parse = repositories_module.check_record, jsonfile_module.read_json_file

    def check(*a, **kw):
        counts["check"] += 1
        return real_check(*a, **kw)

    def parse(path, *a, **kw):
        if path.name == "journal.json":
            counts["parse"] += 1
        return real_parse(path, *a, **kw)

    for module in (repositories_module, database_module):
        monkeypatch.setattr(module, "check_record", check)
    for module in (jsonfile_module, database_module):
        monkeypatch.setattr(module, "read_json_file", parse)
    repos = Repositories.open(tmp_path, daily_backup=False)
    try:
        assert len(repos.journal.all()) == 30
        assert counts == {"check": 30, "parse": 1}
        saved = repos.journal.save(repos.journal.all()[0].model_copy(update={"free_text": "edited"}))
        assert repos.journal.get(saved.id).free_text == "edited"
    finally:
        repos.db.close()


def test_a_change_between_open_and_first_read_is_not_hidden_by_the_models_of_the_open(tmp_path):
    first = Repositories.open(tmp_path, daily_backup=False)
    e = first.journal.add(entry(1))
    first.db.close()
    repos = Repositories.open(tmp_path, daily_backup=False)
    other = Repositories.open(tmp_path, daily_backup=False)
    try:
        other.journal.save(other.journal.get(e.id).model_copy(update={"free_text": "other"}))
        assert repos.journal.get(e.id).free_text == "other"
    finally:
        other.db.close()
        repos.db.close()


# -- drafts in their own file ------------------------------------------------------------------


def _file_state(path):
    st = path.stat()
    return (st.st_ino, st.st_mtime_ns, path.read_bytes())


def _stored_ids(path):
    import json

    return {d["id"] for d in json.loads(path.read_text(encoding="utf-8"))["journal"].values()}


def test_a_draft_save_writes_only_the_drafts_file(repos, tmp_path):
    from interviewpal.services.journal import JournalService

    published = [entry(i) for i in range(20)]
    repos.journal.add_many(published)
    svc = JournalService(repos, content=object())
    draft = svc.save_draft(entry(100))
    before = _file_state(tmp_path / "journal.json")
    for i in range(3):
        draft = svc.save_draft(draft.model_copy(update={"free_text": f"typing {i}"}))
        assert _file_state(tmp_path / "journal.json") == before, "a draft autosave must not rewrite journal.json"
    assert _stored_ids(tmp_path / "journal_drafts.json") == {draft.id}
    assert draft.id not in _stored_ids(tmp_path / "journal.json")
    assert repos.journal.get(draft.id).free_text == "typing 2"
    assert svc.entries(query="typing")[0].id == draft.id

    done = svc.publish(draft)  # moves to journal.json, out of the drafts file
    assert done.id in _stored_ids(tmp_path / "journal.json")
    assert _stored_ids(tmp_path / "journal_drafts.json") == set()
    assert repos.journal.count() == 21 and not repos.journal.get(done.id).draft

    again = svc.save_draft(repos.journal.get(done.id).model_copy(update={"free_text": "edited after publishing"}))
    assert _stored_ids(tmp_path / "journal_drafts.json") == {again.id}
    assert again.id not in _stored_ids(tmp_path / "journal.json")
    assert repos.journal.count() == 21

    fresh = Repositories.open(tmp_path, daily_backup=False)
    try:
        assert {e.id: e for e in fresh.journal.all()} == {e.id: e for e in repos.journal.all()}
        assert set(fresh.db.raw_tables()["journal"]) == set(repos.db.raw_tables()["journal"])  # backups: one table
        assert {d["id"] for d in fresh.db.raw_tables()["journal"].values()} >= {again.id, published[0].id}
    finally:
        fresh.db.close()


def test_drafts_kept_in_journal_json_by_an_older_version_move_to_the_drafts_file_at_open(tmp_path):
    import json

    tmp_path.mkdir(exist_ok=True)
    docs = [entry(i, draft=(i % 3 == 0)).to_doc() for i in range(9)]
    (tmp_path / "journal.json").write_text(json.dumps({"journal": {str(i + 1): d for i, d in enumerate(docs)}}), encoding="utf-8")
    repos = Repositories.open(tmp_path, daily_backup=False)
    try:
        drafts = {d["id"] for d in docs if d["draft"]}
        assert _stored_ids(tmp_path / "journal_drafts.json") == drafts
        assert _stored_ids(tmp_path / "journal.json") == {d["id"] for d in docs} - drafts
        assert {e.id for e in repos.journal.all()} == {d["id"] for d in docs}
        assert not repos.db.report.has_problems
        raw = repos.db.raw_tables()["journal"]
        assert {k: d["id"] for k, d in raw.items()} == {str(i + 1): d["id"] for i, d in enumerate(docs)}  # doc ids kept
    finally:
        repos.db.close()


def test_an_entry_left_in_both_files_by_a_move_cut_short_shows_once_the_later_copy(tmp_path):
    import json

    e = entry(1)
    old = e.to_doc()
    newer = {**old, "draft": True, "free_text": "newer draft", "updated_at": "2099-01-01T00:00:00Z"}
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "journal.json").write_text(json.dumps({"journal": {"1": old}}), encoding="utf-8")
    (tmp_path / "journal_drafts.json").write_text(json.dumps({"journal": {"1": newer}}), encoding="utf-8")
    repos = Repositories.open(tmp_path, daily_backup=False)
    try:
        assert [x.free_text for x in repos.journal.all()] == ["newer draft"]
        assert _stored_ids(tmp_path / "journal.json") == set()  # repaired at open: one copy left
        assert _stored_ids(tmp_path / "journal_drafts.json") == {e.id}
        repos.journal.delete(e.id)
        assert repos.journal.all() == []
    finally:
        repos.db.close()
    again = Repositories.open(tmp_path, daily_backup=False)
    try:
        assert again.journal.all() == []
    finally:
        again.db.close()


def test_another_instances_draft_save_is_seen(repos, tmp_path):
    d = repos.journal.add(entry(1, draft=True))
    repos.journal.all()
    other = Repositories.open(tmp_path, daily_backup=False)
    try:
        other.journal.save(other.journal.get(d.id).model_copy(update={"free_text": "typed elsewhere"}))
    finally:
        other.db.close()
    assert repos.journal.get(d.id).free_text == "typed elsewhere"


def test_a_damaged_drafts_file_is_kept_aside_and_its_drafts_restored_from_the_snapshot(tmp_path):
    repos = Repositories.open(tmp_path)
    d = repos.journal.add(entry(1, draft=True))
    p = repos.journal.add(entry(2))
    repos.db.snapshot("manual")
    repos.db.close()
    (tmp_path / "journal_drafts.json").write_text('{"journal": {"1": ', encoding="utf-8")
    again = Repositories.open(tmp_path)
    try:
        assert {e.id for e in again.journal.all()} == {d.id, p.id}
        assert any("journal drafts file was damaged" in m for m in again.db.report.messages)
        assert list(tmp_path.glob("journal_drafts.corrupt-*.json"))
    finally:
        again.db.close()


def test_journal_search_after_own_save_is_in_step_and_sees_another_instances_change(repos, tmp_path, checks):
    from interviewpal.services.journal import JournalService

    entries = [entry(i) for i in range(40)]
    repos.journal.add_many(entries)
    svc = JournalService(repos, content=object())
    assert len(svc.entries(query="text")) == 40
    checks["n"] = 0
    d = svc.save_draft(entries[5].model_copy(update={"free_text": "quokka"}))
    assert [v.id for v in svc.entries(query="quokka")] == [d.id]
    assert len(svc.views()) == 40
    assert checks["n"] <= 2, "a save re-validates the saved entry only"
    other = Repositories.open(tmp_path, daily_backup=False)
    try:
        other.journal.save(other.journal.get(entries[9].id).model_copy(update={"free_text": "wombat"}))
    finally:
        other.db.close()
    assert [v.id for v in svc.entries(query="wombat")] == [entries[9].id]
    assert svc.entries(query="quokka")[0].entry.free_text == "quokka"
    svc.delete(d.id)
    assert svc.entries(query="quokka") == [] and len(svc.views()) == 39
