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


def entry(i: int, **kw) -> JournalEntry:
    return JournalEntry(round_id=f"r{i}", application_id=f"a{i}", feeling=3, confidence=3, free_text=f"text {i}", **kw)


@pytest.fixture
def repos(tmp_path):
    r = Repositories.open(tmp_path, daily_backup=False)
    yield r
    r.db.close()


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
