"""App lock core: stored, upgradable hash parameters; the growing delay that survives a
restart; the idle rule; neutral notifications while locked; the reset paths."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from interviewpal.models.app_lock import AppLockRecord, PasscodeHash, PasscodeKind
from interviewpal.models.settings import NotificationDetail
from interviewpal.services.app_lock import (
    CURRENT_PARAMS,
    DelayPolicy,
    AppLock,
    InMemoryAppLockStore,
    PasscodeRejected,
    ScryptParams,
    check_new_passcode,
    effective_notification_detail,
    hash_passcode,
    needs_rehash,
    normalize_passcode,
    seconds_to_wait,
    should_lock_after_absence,
    verify_passcode,
    wait_sentence,
)

# Cheap parameters keep the tests fast; the code path is the one the app runs.
CHEAP = ScryptParams(log2_n=10, r=8, p=1)
CHEAPER = ScryptParams(log2_n=10, r=1, p=1)
T0 = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now: datetime = T0):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def make_lock(store=None, params=CHEAP, clock=None, policy=DelayPolicy()):
    clock = clock or Clock()
    return AppLock(store or InMemoryAppLockStore(), clock=clock, params=params, policy=policy), clock


# ------------------------------------------------------------------ hashing


def test_hash_is_salted_and_carries_its_parameters():
    a = hash_passcode("2580", CHEAP)
    b = hash_passcode("2580", CHEAP)
    assert a.salt != b.salt and a.hash != b.hash
    assert (a.algorithm, a.log2_n, a.r, a.p) == ("scrypt", 10, 8, 1)
    assert "2580" not in a.model_dump_json()
    assert verify_passcode("2580", a) and verify_passcode("2580", b)
    assert not verify_passcode("2581", a)


def test_current_parameters_are_owasp_minimum_or_more():
    assert CURRENT_PARAMS.log2_n >= 17 and CURRENT_PARAMS.r >= 8 and CURRENT_PARAMS.p >= 1
    assert CURRENT_PARAMS.salt_length >= 16 and CURRENT_PARAMS.length >= 32


def test_known_answer_fixes_the_scrypt_parameters_used():
    # scrypt("2580", salt=16 zero bytes, N=1024, r=8, p=1, 32) computed with hashlib.scrypt,
    # an independent implementation, so the stored parameters really are the ones used.
    h = hash_passcode("2580", CHEAP, salt=bytes(16))
    expected = hashlib.scrypt(b"2580", salt=bytes(16), n=1024, r=8, p=1, dklen=32)
    assert base64.b64decode(h.hash + "=") == expected


def test_verify_uses_the_stored_parameters_not_the_current_ones():
    old = hash_passcode("2580", CHEAPER)
    assert verify_passcode("2580", old)
    assert needs_rehash(old, CHEAP)
    assert not needs_rehash(hash_passcode("2580", CHEAP), CHEAP)
    assert not needs_rehash(hash_passcode("2580", CHEAP), CHEAPER)  # stronger is kept


def test_stored_record_survives_json_and_refuses_absurd_costs():
    rec = AppLockRecord(passcode=hash_passcode("2580", CHEAP))
    again = AppLockRecord.model_validate(json.loads(json.dumps(rec.to_doc())))
    assert again.passcode == rec.passcode and again.id == "app_lock"
    doc = rec.passcode.model_dump()
    with pytest.raises(ValidationError):
        PasscodeHash.model_validate({**doc, "log2_n": 40})
    with pytest.raises(ValidationError):
        PasscodeHash.model_validate({**doc, "algorithm": "md5"})


def test_successful_unlock_upgrades_a_weaker_stored_hash():
    store = InMemoryAppLockStore()
    old_lock, _ = make_lock(store, params=CHEAPER)
    old_lock.set_passcode("2580", "pin")
    assert store.record.passcode.r == 1
    new_lock, _ = make_lock(store, params=CHEAP)  # a later app version raised the cost
    assert not new_lock.try_unlock("1111").ok
    assert store.record.passcode.r == 1  # a wrong try upgrades nothing
    new_lock.clock.advance(60)
    assert new_lock.try_unlock("2580").ok
    assert store.record.passcode.r == 8 and store.record.passcode.log2_n == 10
    assert new_lock.try_unlock("2580").ok  # and the new hash opens


# ------------------------------------------------------------------ passcode rules


@pytest.mark.parametrize("pin,ok", [("2580", True), ("12", False), ("12a4", False), ("1111", False),
                                    ("٢٥٨٠", True), ("1234567890123", False)])
def test_pin_rules(pin, ok):
    assert (check_new_passcode(pin, PasscodeKind.PIN) is None) is ok


def test_pin_typed_in_other_digits_unlocks_the_same():
    lock, _ = make_lock()
    lock.set_passcode("٢٥٨٠", "pin")  # Arabic-Indic digits
    assert lock.try_unlock("2580").ok


def test_passphrase_rules_and_unicode_forms():
    assert check_new_passcode("short", "passphrase")
    assert check_new_passcode("      ", "passphrase")
    assert check_new_passcode("面试 Ltd ok", "passphrase") is None
    lock, _ = make_lock()
    lock.set_passcode("caf\u00e9 au lait", "passphrase")
    assert lock.try_unlock("cafe\u0301 au lait").ok  # decomposed é
    assert normalize_passcode("cafe\u0301") == "caf\u00e9"


def test_set_refuses_a_bad_passcode_with_a_sentence():
    lock, _ = make_lock()
    with pytest.raises(PasscodeRejected) as err:
        lock.set_passcode("12", "pin")
    assert err.value.message == "Use 4 to 12 digits."
    assert not lock.enabled


# ------------------------------------------------------------------ delay


def test_delay_policy_grows_and_is_capped():
    p = DelayPolicy()
    assert [p.delay_after(n) for n in range(0, 13)] == [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]
    assert p.delay_after(10**9) == 900
    free = DelayPolicy(free_failures=3, first_seconds=30)
    assert [free.delay_after(n) for n in range(6)] == [0, 0, 0, 0, 30, 60]


def test_wrong_tries_are_refused_with_a_growing_wait():
    lock, clock = make_lock()
    lock.set_passcode("2580", "pin")
    first = lock.try_unlock("0000")
    assert not first.ok and first.wait_seconds == 1
    assert first.message == "That passcode is not right. Try again in 1 second."
    # During the wait even the right code is refused, and it is not checked or counted.
    early = lock.try_unlock("2580")
    assert not early.ok and early.wait_seconds == 1 and "wait" in early.message.lower()
    assert lock.record.failed_attempts == 1
    clock.advance(1)
    second = lock.try_unlock("0000")
    assert second.wait_seconds == 2
    clock.advance(2)
    assert lock.try_unlock("2580").ok
    assert lock.record.failed_attempts == 0 and lock.seconds_to_wait() == 0


def test_the_count_survives_a_restart():
    store = InMemoryAppLockStore()
    lock, clock = make_lock(store)
    lock.set_passcode("2580", "pin")
    for _ in range(5):
        lock.try_unlock("0000")
        clock.advance(lock.seconds_to_wait())
    lock.try_unlock("0000")  # 6th wrong try: 32 s
    restarted = AppLock(InMemoryAppLockStore(AppLockRecord.model_validate(store.record.to_doc())),
                        clock=clock, params=CHEAP)
    assert restarted.seconds_to_wait() == 32
    assert not restarted.try_unlock("2580").ok
    clock.advance(32)
    assert restarted.try_unlock("2580").ok


def test_a_try_is_counted_before_the_slow_check():
    """Stopping the app during the hash check must not give a free guess."""
    store = InMemoryAppLockStore()
    lock, _ = make_lock(store)
    lock.set_passcode("2580", "pin")
    seen = []

    import interviewpal.services.app_lock as mod
    real = mod.verify_passcode

    def spy(passcode, stored):
        seen.append(store.record.failed_attempts)  # what is on disk while hashing
        return real(passcode, stored)

    mod.verify_passcode = spy
    try:
        lock.try_unlock("0000")
    finally:
        mod.verify_passcode = real
    assert seen == [1]


def test_setting_the_clock_back_does_not_shorten_the_wait():
    lock, clock = make_lock()
    lock.set_passcode("2580", "pin")
    for _ in range(4):
        lock.try_unlock("0000")
        clock.advance(lock.seconds_to_wait())
    lock.try_unlock("0000")  # 5th: 16 s
    clock.advance(-3600)
    assert lock.seconds_to_wait() == 16


def test_seconds_to_wait_is_pure():
    rec = AppLockRecord(passcode=hash_passcode("2580", CHEAP), failed_attempts=3, last_failed_at=T0)
    assert seconds_to_wait(rec, T0 + timedelta(seconds=1)) == 3
    assert seconds_to_wait(rec, T0 + timedelta(seconds=10)) == 0


def test_wait_sentences_are_short():
    assert wait_sentence(1) == "Try again in 1 second."
    assert wait_sentence(0.2) == "Try again in 1 second."
    assert wait_sentence(59) == "Try again in 59 seconds."
    assert wait_sentence(59.5) == "Try again in 1 minute."
    assert wait_sentence(61) == "Try again in 2 minutes."
    assert wait_sentence(900) == "Try again in 15 minutes."


# ------------------------------------------------------------------ change / remove


def test_change_needs_the_old_passcode():
    lock, clock = make_lock()
    lock.set_passcode("2580", "pin")
    assert not lock.change_passcode("0000", "long passphrase", "passphrase").ok
    clock.advance(1)
    assert lock.try_unlock("2580").ok  # unchanged
    assert lock.change_passcode("2580", "long passphrase", "passphrase").ok
    assert lock.kind is PasscodeKind.PASSPHRASE
    assert lock.try_unlock("long passphrase").ok
    assert not lock.try_unlock("2580").ok


def test_change_refuses_a_bad_new_passcode_before_counting():
    lock, _ = make_lock()
    lock.set_passcode("2580", "pin")
    with pytest.raises(PasscodeRejected):
        lock.change_passcode("2580", "1", "pin")
    assert lock.record.failed_attempts == 0


def test_set_twice_is_refused_and_remove_needs_the_passcode():
    lock, clock = make_lock()
    lock.set_passcode("2580", "pin")
    with pytest.raises(PasscodeRejected):
        lock.set_passcode("1234", "pin")
    assert not lock.remove("0000").ok and lock.enabled
    clock.advance(1)
    assert lock.remove("2580").ok and not lock.enabled
    assert lock.try_unlock("anything").ok  # no lock, nothing to open


# ------------------------------------------------------------------ idle rule


@pytest.mark.parametrize("away_min,locks", [(0, False), (4.9, False), (5, True), (60, True)])
def test_lock_after_idle_default_five_minutes(away_min, locks):
    assert should_lock_after_absence(T0, T0 + timedelta(minutes=away_min)) is locks


def test_idle_rule_edges():
    assert should_lock_after_absence(None, T0) is False
    assert should_lock_after_absence(T0, T0 - timedelta(seconds=1)) is True  # clock went back
    assert should_lock_after_absence(T0, T0 + timedelta(minutes=1), idle_minutes=1) is True


def test_idle_minutes_are_stored_per_lock():
    lock, clock = make_lock()
    assert not lock.should_lock_after_absence(T0 - timedelta(hours=1))  # lock off
    lock.set_passcode("2580", "pin", idle_minutes=1)
    assert lock.should_lock_after_absence(T0 - timedelta(minutes=1))
    lock.set_idle_minutes(30)
    assert not lock.should_lock_after_absence(T0 - timedelta(minutes=29))
    with pytest.raises(ValidationError):
        lock.set_idle_minutes(0)


# ------------------------------------------------------------------ notifications


def test_notifications_are_neutral_while_the_lock_is_on():
    assert effective_notification_detail(NotificationDetail.COMPANY_AND_STAGE, True) is NotificationDetail.NEUTRAL
    assert effective_notification_detail(NotificationDetail.NEUTRAL, True) is NotificationDetail.NEUTRAL
    assert effective_notification_detail(NotificationDetail.COMPANY_AND_STAGE, False) is NotificationDetail.COMPANY_AND_STAGE
    lock, _ = make_lock()
    assert lock.notification_detail(NotificationDetail.COMPANY_AND_STAGE) is NotificationDetail.COMPANY_AND_STAGE
    lock.set_passcode("2580", "pin")
    assert lock.notification_detail(NotificationDetail.COMPANY_AND_STAGE) is NotificationDetail.NEUTRAL


# ------------------------------------------------------------------ reset


def test_reset_with_the_backup_passphrase():
    lock, clock = make_lock()
    lock.set_passcode("2580", "pin")
    assert not lock.can_reset_with_backup_passphrase
    with pytest.raises(PasscodeRejected):
        lock.reset_with_backup_passphrase("x", "1357", "pin")
    lock.remember_backup_passphrase("backup secret 面试")
    assert lock.can_reset_with_backup_passphrase
    bad = lock.reset_with_backup_passphrase("guess", "1357", "pin")
    assert not bad.ok and bad.wait_seconds == 1
    assert "latest protected backup" in bad.message
    # The reset shares the passcode's delay: no faster way to guess.
    assert not lock.try_unlock("2580").ok
    clock.advance(1)
    assert lock.reset_with_backup_passphrase("backup secret 面试", "1357", "pin").ok
    assert lock.try_unlock("1357").ok
    assert not lock.try_unlock("2580").ok


def test_forget_after_erase_turns_the_lock_off():
    lock, _ = make_lock()
    lock.set_passcode("2580", "pin")
    lock.forget_after_erase()
    assert not lock.enabled
