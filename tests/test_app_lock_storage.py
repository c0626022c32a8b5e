"""The app lock's storage (app_lock.json) and its wiring through AppServices: the record
survives a restart, is private and atomic, is never in snapshots, exports or imports,
fails closed when damaged; reminders turn neutral while the lock is on; the erase path;
protected backups through the services."""

from __future__ import annotations

import json
import os
import stat

import pytest

from interviewpal.content import load_content
from interviewpal.models import NotificationDetail, Stage
from interviewpal.models.app_lock import PasscodeKind
from interviewpal.services.app_lock import ScryptParams
from interviewpal.services.app_services import LOCK_IDLE_ENV, AppServices
from interviewpal.services.export.encrypted import WrongPassphrase, decrypt_backup
from interviewpal.storage import Repositories
from interviewpal.storage.app_lock import LOCK_FILE_NAME, AppLockRepository
from tests.factories import NOW, add_app, add_entry, make_round

CHEAP = ScryptParams(log2_n=10, r=8, p=1)


def services(folder) -> AppServices:
    svc = AppServices(Repositories.open(folder, daily_backup=False), load_content(), clock=lambda: NOW)
    svc.lock.params = CHEAP
    return svc


def folder_bytes(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_no_file_means_lock_off_and_nothing_is_written(tmp_path):
    svc = services(tmp_path)
    assert not svc.lock.enabled
    assert not (tmp_path / LOCK_FILE_NAME).exists()


def test_record_survives_a_restart_in_a_private_file(tmp_path):
    svc = services(tmp_path)
    svc.lock.set_passcode("4821", PasscodeKind.PIN, idle_minutes=2)
    path = tmp_path / LOCK_FILE_NAME
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_text(encoding="utf-8")
    assert "4821" not in raw
    assert json.loads(raw)["app_lock"]["1"]["passcode"]["log2_n"] == CHEAP.log2_n

    again = services(tmp_path)
    assert again.lock.enabled and again.lock.kind is PasscodeKind.PIN and again.lock.idle_minutes == 2
    assert not again.lock.try_unlock("0000").ok
    # The wrong-try count is on disk: a third instance still has to wait.
    assert services(tmp_path).lock.seconds_to_wait() > 0


def test_no_temp_files_left_and_clear_removes_the_file(tmp_path):
    svc = services(tmp_path)
    svc.lock.set_passcode("correct horse", PasscodeKind.PASSPHRASE)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp-write")]
    assert svc.lock.remove("correct horse").ok
    assert not (tmp_path / LOCK_FILE_NAME).exists()
    assert not services(tmp_path).lock.enabled


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"app_lock": {"1": {"passcode": 5}}}'])
def test_a_damaged_record_fails_closed_and_is_kept_aside(tmp_path, damage):
    svc = services(tmp_path)
    svc.lock.set_passcode("4821", PasscodeKind.PIN)
    (tmp_path / LOCK_FILE_NAME).write_bytes(damage)
    again = services(tmp_path)
    assert again.lock.enabled  # still locked
    assert not again.lock.try_unlock("4821").ok  # and no passcode opens the sealed record
    assert "kept aside" in again.lock_problem
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("app_lock.corrupt-")]
    assert [p.read_bytes() for p in kept] == [damage]


def test_the_lock_is_not_in_snapshots_exports_or_replaced_by_an_import(tmp_path):
    svc = services(tmp_path)
    add_app(svc._repos, company="Acme")
    svc.lock.set_passcode("4821", PasscodeKind.PIN)
    info = svc._repos.db.snapshot("manual")
    assert "app_lock" not in json.loads(info.path.read_text())["tables"]
    backup = svc.exports.export("backup")
    assert b"app_lock" not in backup.data and b"scrypt" not in backup.data
    preview = svc.exports.read(backup.data)
    svc.exports.import_backup(preview, mode="replace")
    assert svc.lock.enabled and svc.lock.try_unlock("4821").ok


def test_reminders_use_the_neutral_text_while_the_lock_is_on(tmp_path):
    svc = services(tmp_path)
    app = add_app(svc._repos, company="Acme")
    svc._repos.rounds.add(make_round(app, Stage.SCREENING, hours=3))
    runner = svc.start_reminders(os_notifications=False)
    assert svc.settings.get().notification_detail is NotificationDetail.COMPANY_AND_STAGE
    assert any("Acme" in r.title + r.body for r in runner.plan(NOW))
    svc.lock.set_passcode("4821", PasscodeKind.PIN)
    plan = runner.plan(NOW)
    assert plan and not any("Acme" in r.title + r.body for r in plan)
    svc.lock.remove("4821")
    assert any("Acme" in r.title + r.body for r in runner.plan(NOW))


def test_idle_seconds_follow_the_record_and_the_test_override(tmp_path, monkeypatch):
    svc = services(tmp_path)
    monkeypatch.delenv(LOCK_IDLE_ENV, raising=False)
    assert svc.lock_idle_seconds() == 5 * 60
    svc.lock.set_passcode("4821", PasscodeKind.PIN, idle_minutes=15)
    assert svc.lock_idle_seconds() == 15 * 60
    monkeypatch.setenv(LOCK_IDLE_ENV, "3")
    assert svc.lock_idle_seconds() == 3.0


def test_erase_everything_removes_the_data_and_snapshots_then_the_lock(tmp_path):
    svc = services(tmp_path)
    app = add_app(svc._repos, company="Acme")
    rnd = svc._repos.rounds.add(make_round(app, Stage.SCREENING, hours=-3))
    add_entry(svc._repos, rnd)
    svc._repos.db.snapshot("manual")
    svc.lock.set_passcode("4821", PasscodeKind.PIN)
    svc.erase_everything()
    assert not svc.lock.enabled
    assert (svc._repos.applications.count(), svc._repos.rounds.count(), svc._repos.journal.count()) == (0, 0, 0)
    assert not list((tmp_path / "backups").glob("snapshot-*.json"))
    blob = b"".join(folder_bytes(tmp_path).values())
    assert b"Acme" not in blob
    reopened = Repositories.open(tmp_path, daily_backup=False)
    assert reopened.applications.count() == 0
    reopened.db.close()


def test_protected_backup_through_the_services_and_the_reset_it_enables(tmp_path):
    svc = services(tmp_path)
    add_app(svc._repos, company="面试 Ltd")
    svc.lock.set_passcode("4821", PasscodeKind.PIN)
    result = svc.export_protected_backup("blue cactus river")
    assert result.file_name.endswith(".json.age") and result.file_name in result.message
    plain = decrypt_backup(result.data, "blue cactus river")
    assert json.loads(plain)["applications"][0]["company"] == "面试 Ltd"
    assert svc.exports.is_protected(result.data)
    with pytest.raises(WrongPassphrase):
        svc.exports.read_protected(result.data, "wrong")
    assert svc.exports.read_protected(result.data, "blue cactus river").counts["applications"] == 1
    # The backup passphrase now resets a forgotten passcode.
    assert svc.lock.can_reset_with_backup_passphrase
    assert svc.lock.reset_with_backup_passphrase("blue cactus river", "9753", PasscodeKind.PIN).ok
    assert svc.lock.try_unlock("9753").ok


def test_repository_accepts_a_database_or_repositories(tmp_path):
    repos = Repositories.open(tmp_path, daily_backup=False)
    assert AppLockRepository(repos).path == AppLockRepository(repos.db).path == tmp_path / LOCK_FILE_NAME
    repos.db.close()
