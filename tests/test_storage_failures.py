"""The cases of issue 10 ("nothing lost"): each tried where it happens (unit, or a process opening the folder).

A folder or an unreadable file in a table's place, a non-object record in a free-form table,
the lock file's mode, settings from a newer version, a snapshot write killed midway, a data
folder that cannot be used at all, a reminder pass that fails.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from interviewpal.content import default_content
from interviewpal.models import Application, JournalEntry, Round, Settings, Stage
from interviewpal.notify import InAppNotifier, NotifierChain
from interviewpal.services.app_services import AppServices, StartError, open_services
from interviewpal.services.forms import FormError
from interviewpal.services.reminder_runner import ReminderRunner
from interviewpal.storage import Backups, NewerRecordError, Repositories

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).with_name("open_folder_child.py")
T0 = datetime(2026, 5, 4, 9, 0, tzinfo=timezone.utc)
IS_ROOT = os.name == "posix" and os.geteuid() == 0
NOBODY = (65534, 65534)


def seed(folder: Path) -> None:
    """A folder with one application, one round, one reflection and a snapshot of them."""
    r = Repositories.open(folder, now=T0)
    app = r.applications.add(Application(company="Acme", role="Engineer"))
    rnd = r.rounds.add(Round(application_id=app.id, stage=Stage.TECHNICAL, starts_at=T0, time_zone="UTC"))
    r.journal.add(JournalEntry(application_id=app.id, round_id=rnd.id, went_well="Calm start", feeling=4, confidence=3))
    r.db.wait_for_backups()
    r.db.snapshot("manual", now=T0 + timedelta(minutes=5))
    r.db.close()


def open_in_child(folder: Path, *, drop_to: tuple[int, int] | None = None) -> tuple[int, dict]:
    cmd = [sys.executable, str(CHILD), str(folder)]
    if drop_to:
        cmd += ["--drop-to", f"{drop_to[0]}:{drop_to[1]}"]
    env = {k: v for k, v in os.environ.items() if k not in ("INTERVIEWPAL_DATA_DIR", "FLET_APP_STORAGE_DATA")}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout.strip().splitlines()[-1])


# -- 1. a folder where a table file should be --------------------------------------------------


def test_a_folder_in_place_of_a_table_file_is_kept_aside_and_the_backup_restored(tmp_path):
    folder = tmp_path / "data"
    seed(folder)
    (folder / "journal.json").unlink()
    (folder / "journal.json").mkdir()  # e.g. left by a sync tool
    (folder / "journal.json" / "inside.txt").write_text("kept")

    code, out = open_in_child(folder)

    assert code == 0, out
    assert out["reflections"] == 1 and out["companies"] == ["Acme"]  # the backup's journal is back
    assert out["recovered"] == ["journal"]
    [message] = out["messages"]
    assert "it is a folder, not a file" in message and "was restored" in message
    [aside] = folder.glob("journal.corrupt-*.json")
    assert aside.is_dir() and (aside / "inside.txt").read_text() == "kept"  # kept aside unchanged
    assert (folder / "journal.json").is_file()


# -- 2. a table file the app cannot read --------------------------------------------------------


def test_a_file_the_app_cannot_read_is_kept_aside_and_the_backup_restored():
    """As root the opening process drops to nobody (root reads every file); else the file is made 0000."""
    base = Path(tempfile.mkdtemp(prefix="interviewpal-unreadable-"))  # not under /root's 0700 pytest folder
    try:
        folder = base / "data"
        seed(folder)
        journal = folder / "journal.json"
        original = journal.read_bytes()
        if IS_ROOT:
            os.chmod(base, 0o755)
            for p in [folder, *folder.rglob("*")]:
                os.chown(p, *NOBODY)
            for left_by_sudo in (journal, folder / ".lock"):  # "the app was once run with sudo"
                os.chown(left_by_sudo, 0, 0)
                os.chmod(left_by_sudo, 0o600)
        else:
            os.chmod(journal, 0)

        code, out = open_in_child(folder, drop_to=NOBODY if IS_ROOT else None)

        assert code == 0, out
        if IS_ROOT:
            assert out["uid"] == NOBODY[0]
        assert out["reflections"] == 1 and out["recovered"] == ["journal"]
        [message] = out["messages"]
        assert "not allowed to read it" in message and "was restored" in message
        [aside] = folder.glob("journal.corrupt-*.json")
        if IS_ROOT:
            assert (folder / ".lock").stat().st_uid == NOBODY[0]  # the stale root-owned lock file was replaced
        os.chmod(aside, 0o600)
        assert aside.read_bytes() == original  # kept aside unchanged
    finally:
        shutil.rmtree(base, ignore_errors=True)


# -- the data folder itself cannot be used -----------------------------------------------------


def test_a_data_folder_that_cannot_be_used_gives_a_sentence_naming_it(tmp_path):
    in_the_way = tmp_path / "InterviewPal"
    in_the_way.write_text("a file where the data folder should be")
    code, out = open_in_child(in_the_way)
    assert code == 3
    assert out["folder"] == str(in_the_way)
    assert out["start_error"] == (f"InterviewPal cannot use its data folder {in_the_way}: "
                                  "a file is in the way where the folder should be.")

    with pytest.raises(StartError) as err:
        open_services(in_the_way)
    assert str(in_the_way) in err.value.message


@pytest.mark.skipif(not IS_ROOT, reason="needs root to make a folder another user cannot enter")
def test_a_data_folder_of_another_user_gives_a_sentence_naming_it():
    base = Path(tempfile.mkdtemp(prefix="interviewpal-foreign-"))
    try:
        os.chmod(base, 0o755)
        folder = base / "data"
        seed(folder)  # root's, 0700: nobody cannot enter it
        code, out = open_in_child(folder, drop_to=NOBODY)
        assert code == 3
        assert str(folder) in out["start_error"] and "not allowed" in out["start_error"]
    finally:
        shutil.rmtree(base, ignore_errors=True)


# -- 3. free-form tables get the same validation and quarantine --------------------------------


def test_a_non_object_record_in_a_free_form_table_is_quarantined_and_reminders_keep_working(tmp_path):
    seed(tmp_path)
    for table in ("reminder_log", "question_practice"):
        path = tmp_path / f"{table}.json"
        path.write_text(json.dumps({table: {"1": "not an object", "2": [1, 2], "3": {"no": "key"},
                                            "4": {"key": "fine", "state": "delivered"}}}))
    services = AppServices(Repositories.open(tmp_path), default_content())
    db = services._repos.db
    assert db.report.unreadable == 6
    assert "6 items could not be read" in " ".join(db.report.messages)
    q = db.quarantined()
    assert sorted((x["table"], x["doc_id"]) for x in q) == sorted(
        (t, k) for t in ("reminder_log", "question_practice") for k in ("1", "2", "3"))
    assert [x["raw"] for x in q if x["table"] == "reminder_log"] == ["not an object", [1, 2], {"no": "key"}]
    # the valid record stays; reminder passes and the question bank work
    runner = services.start_reminders(os_notifications=False)
    runner.check_once(T0)
    assert runner.log.get("fine") is not None
    services.question_bank.practice.set_practised("Tell me about yourself")
    assert services.question_bank.practice.is_practised("Tell me about yourself")
    db.close()
    # counted once: reopening does not report them again
    again = Repositories.open(tmp_path)
    assert again.db.report.unreadable == 0
    again.db.close()


def test_a_failing_reminder_pass_is_reported_then_cleared(tmp_path):
    repos = Repositories.open(tmp_path, daily_backup=False)
    runner = ReminderRunner(repos, NotifierChain(None, InAppNotifier()), zone="UTC", interval=0.05)
    broken = {"on": True}
    real_plan = runner.plan

    def plan(now=None):
        if broken["on"]:
            raise OSError("disk gone")
        return real_plan(now)

    runner.plan = plan

    async def drive():
        task = asyncio.create_task(runner.run())
        while runner.failure is None:
            await asyncio.sleep(0.01)
        failure = runner.failure
        broken["on"] = False
        runner.wake()
        while runner.failure is not None:
            await asyncio.sleep(0.01)
        runner.stop()
        await asyncio.wait_for(task, 10)
        return failure

    failure = asyncio.run(drive())
    assert failure.startswith("Reminders could not be checked at ") and "(OSError)" in failure
    services = AppServices(repos, default_content())
    services.reminders = runner
    runner.failure = failure
    assert services.reminder_problem() == failure  # what Settings shows
    repos.db.close()


# -- 6. the lock file ---------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_every_file_the_app_writes_is_private_including_the_lock(tmp_path):
    old = os.umask(0o022)
    try:
        seed(tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / ".lock").stat().st_mode) == 0o600
    for p in tmp_path.rglob("*"):
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode == (0o700 if p.is_dir() else 0o600), (p, oct(mode))
    os.chmod(tmp_path / ".lock", 0o644)  # left by an older version
    Repositories.open(tmp_path).db.close()
    assert stat.S_IMODE((tmp_path / ".lock").stat().st_mode) == 0o600


# -- 7. settings saved by a newer version --------------------------------------------------------


def test_settings_saved_by_a_newer_version_are_never_overwritten(tmp_path):
    newer = {**Settings(theme="dark").to_doc(), "schema_version": 99, "future_field": {"x": 1}}
    (tmp_path / "settings.json").write_text(json.dumps({"settings": {"1": newer}}))
    before = (tmp_path / "settings.json").read_bytes()
    services = AppServices(Repositories.open(tmp_path), default_content())
    assert "saved by a newer version" in " ".join(services.open_messages)
    assert services.settings.get().theme.value == "system"  # defaults in use
    with pytest.raises(FormError) as err:
        services.settings.update(theme="light")
    assert "newer version of InterviewPal" in next(iter(err.value.errors.values()))
    with pytest.raises(NewerRecordError):
        services._repos.settings.delete("settings")
    assert (tmp_path / "settings.json").read_bytes() == before
    services._repos.db.close()


def test_delete_where_leaves_a_newer_versions_records(tmp_path):
    r = Repositories.open(tmp_path, daily_backup=False)
    app = r.applications.add(Application(company="Acme", role="Engineer"))
    mine = r.rounds.add(Round(application_id=app.id, stage=Stage.TECHNICAL, starts_at=T0, time_zone="UTC"))
    r.db.close()
    docs = json.loads((tmp_path / "rounds.json").read_text())["rounds"]
    future = {**next(iter(docs.values())), "id": "future", "schema_version": 7}
    docs["2"] = future
    (tmp_path / "rounds.json").write_text(json.dumps({"rounds": docs}))
    r = Repositories.open(tmp_path, daily_backup=False)
    gone = r.rounds.delete_where("application_id", app.id)
    assert [x.id for x in gone] == [mine.id]
    assert list(json.loads((tmp_path / "rounds.json").read_text())["rounds"].values()) == [future]
    r.db.close()


# -- 8. a snapshot write killed midway ------------------------------------------------------------


def test_a_snapshot_temp_file_left_by_a_kill_is_removed_at_open(tmp_path):
    seed(tmp_path)
    stale = tmp_path / "backups" / ".snapshot-20260504T090000000000Z-daily.json.abc123.tmp-write"
    stale.write_bytes(b"x" * 100_000)
    before = sorted(p.name for p in (tmp_path / "backups").iterdir() if p != stale)
    Repositories.open(tmp_path, daily_backup=False).db.close()
    assert not stale.exists()
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == before
    assert all(Backups(tmp_path / "backups").read(b) for b in Backups(tmp_path / "backups").list())
