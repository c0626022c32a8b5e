"""App lock core: passcode hashing, the unlock check with a growing delay, and the lock rules.

Plain Python, no Flet. The UI (later) asks :class:`AppLock` whether the lock is on,
shows a lock screen and calls :meth:`AppLock.try_unlock`; it uses
:func:`should_lock_after_absence` when the app comes back from the background or
an idle spell, and the reminder code uses :func:`effective_notification_detail`.

- Hash: scrypt from ``cryptography`` (OpenSSL underneath on every platform; Flet's
  Android/iOS package index ships ``cryptography`` wheels), salted, with the
  algorithm and parameters stored beside it so they can be raised later: a weaker
  stored hash is re-hashed with :data:`CURRENT_PARAMS` on the next right passcode.
- Compare: :func:`hmac.compare_digest` (constant time).
- Wrong tries: :class:`DelayPolicy` (a pure function ``attempts -> seconds``); the
  count is stored in the record, so a restart does not reset it, and it is counted
  *before* the slow check, so killing the app mid-check does not give a free try.
- Storage: :class:`AppLockStore` (load / save / clear of one
  :class:`~interviewpal.models.app_lock.AppLockRecord`); the app wires a storage
  repository behind it, tests use :class:`InMemoryAppLockStore`.

The threat model and the forgotten-passcode reset are in docs/privacy.md.

Long because: hashing, the growing delay and the lock rules are one security unit, read and
reviewed together; splitting them would spread the threat model over several files.
"""

from __future__ import annotations

import base64
import hmac
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ..models.app_lock import AppLockRecord, PasscodeHash, PasscodeKind
from ..models.base import utc_now
from ..models.settings import NotificationDetail

DEFAULT_IDLE_MINUTES = 5
PIN_MIN, PIN_MAX = 4, 12
PASSPHRASE_MIN, PASSPHRASE_MAX = 6, 256


# ------------------------------------------------------------------ hashing


@dataclass(frozen=True)
class ScryptParams:
    """scrypt cost: N = 2**log2_n, block size r, parallelism p; memory = 128 * r * N bytes."""

    log2_n: int = 17
    r: int = 8
    p: int = 1
    length: int = 32
    salt_length: int = 16


# OWASP's minimum for scrypt (N=2**17, r=8, p=1): 128 MiB for a moment; about 2.3 s on
# the shared 2-core dev machine under heavy load (benchmarks/bench_privacy.py). The hash
# is checked once per unlock, in a worker thread so the lock screen stays responsive.
CURRENT_PARAMS = ScryptParams()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def normalize_passcode(passcode: str, kind: PasscodeKind | str = PasscodeKind.PASSPHRASE) -> str:
    """The form that is hashed: Unicode NFC, and for a PIN any script's digits as 0-9.

    So "é" typed as one or two code points, or a PIN typed on an Arabic-Indic
    number pad, unlock the same way.
    """
    text = unicodedata.normalize("NFC", passcode)
    if PasscodeKind(kind) is PasscodeKind.PIN:
        text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    return text


def hash_passcode(
    passcode: str,
    params: ScryptParams = CURRENT_PARAMS,
    *,
    salt: bytes | None = None,
) -> PasscodeHash:
    """A new salted scrypt hash of ``passcode`` (already normalized) with ``params``."""
    salt = salt if salt is not None else os.urandom(params.salt_length)
    digest = _derive(passcode, salt, params.log2_n, params.r, params.p, params.length)
    return PasscodeHash(log2_n=params.log2_n, r=params.r, p=params.p, salt=_b64(salt), hash=_b64(digest))


def verify_passcode(passcode: str, stored: PasscodeHash) -> bool:
    """True when ``passcode`` matches; uses the *stored* parameters; constant-time compare."""
    expected = _unb64(stored.hash)
    actual = _derive(passcode, _unb64(stored.salt), stored.log2_n, stored.r, stored.p, len(expected))
    return hmac.compare_digest(actual, expected)


def needs_rehash(stored: PasscodeHash, params: ScryptParams = CURRENT_PARAMS) -> bool:
    """True when the stored hash is weaker than ``params`` (older cost, shorter salt or hash)."""
    return (
        stored.algorithm != "scrypt"
        or stored.log2_n < params.log2_n
        or stored.r < params.r
        or stored.p < params.p
        or len(_unb64(stored.salt)) < params.salt_length
        or len(_unb64(stored.hash)) < params.length
    )


def _derive(passcode: str, salt: bytes, log2_n: int, r: int, p: int, length: int) -> bytes:
    return Scrypt(salt=salt, length=length, n=1 << log2_n, r=r, p=p).derive(passcode.encode("utf-8"))


# ------------------------------------------------------------------ rules


def check_new_passcode(passcode: str, kind: PasscodeKind | str) -> str | None:
    """None when ``passcode`` is acceptable as a new ``kind``; else a sentence for the form."""
    kind = PasscodeKind(kind)
    text = normalize_passcode(passcode, kind)
    if kind is PasscodeKind.PIN:
        if not text.isascii() or not text.isdigit():
            return "A PIN has digits only."
        if not PIN_MIN <= len(text) <= PIN_MAX:
            return f"Use {PIN_MIN} to {PIN_MAX} digits."
        if len(set(text)) == 1:
            return "Avoid a PIN of one repeated digit."
        return None
    if not text.strip():
        return "The passphrase cannot be only spaces."
    if len(text) < PASSPHRASE_MIN:
        return f"Use at least {PASSPHRASE_MIN} characters."
    if len(text) > PASSPHRASE_MAX:
        return f"Keep the passphrase under {PASSPHRASE_MAX} characters."
    return None


@dataclass(frozen=True)
class DelayPolicy:
    """How long to wait after ``failures`` wrong tries in a row.

    Default: the first ``free_failures`` cost nothing (typos), then 1 s, doubling to
    a ceiling of 15 minutes: 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, ...
    Ten thousand guesses at a 4-digit PIN then take over three months at the screen.
    """

    free_failures: int = 0
    first_seconds: float = 1.0
    factor: float = 2.0
    max_seconds: float = 15 * 60

    def delay_after(self, failures: int) -> float:
        """Seconds to wait before the next try after ``failures`` wrong tries in a row."""
        n = failures - self.free_failures
        if n <= 0:
            return 0.0
        # Cap the exponent before computing it, so a huge stored count cannot overflow.
        steps = min(n - 1, 64)
        return float(min(self.first_seconds * self.factor ** steps, self.max_seconds))


DEFAULT_DELAY = DelayPolicy()


def seconds_to_wait(record: AppLockRecord, now: datetime, policy: DelayPolicy = DEFAULT_DELAY) -> float:
    """Seconds left before the next try is allowed (0 when it is allowed now).

    If the clock was set back before the last wrong try, the whole delay counts
    again from now (rounded to the full delay), so setting the clock back never
    shortens the wait.
    """
    if record.failed_attempts <= 0 or record.last_failed_at is None:
        return 0.0
    delay = policy.delay_after(record.failed_attempts)
    elapsed = (now - record.last_failed_at).total_seconds()
    if elapsed < 0:
        return delay
    return max(0.0, delay - elapsed)


def should_lock_after_absence(
    away_since: datetime | None,
    now: datetime,
    idle_minutes: int = DEFAULT_IDLE_MINUTES,
) -> bool:
    """Whether to show the lock screen when the user comes back.

    ``away_since`` is when the app went to the background or the user last touched
    it (None: never away, e.g. still in the same session). Locks when the absence
    is ``idle_minutes`` or longer, and also when the clock went backwards (we
    cannot tell how long the user was away, so the safe answer is to lock).
    The UI calls this only while the lock is on; at start the lock screen always shows.
    """
    if away_since is None:
        return False
    gap = now - away_since
    if gap < timedelta(0):
        return True
    return gap >= timedelta(minutes=idle_minutes)


def effective_notification_detail(chosen: NotificationDetail, lock_enabled: bool) -> NotificationDetail:
    """While the app lock is on, notifications use the neutral text whatever the setting says.

    A notification shows on the lock screen and in the shade without unlocking the app,
    so a company name there would bypass the lock.
    """
    return NotificationDetail.NEUTRAL if lock_enabled else chosen


# ------------------------------------------------------------------ storage


class AppLockStore(Protocol):
    """Where the one lock record lives. The app puts a storage repository behind it."""

    def load(self) -> AppLockRecord | None: ...

    def save(self, record: AppLockRecord) -> None: ...

    def clear(self) -> None: ...


class InMemoryAppLockStore:
    """An :class:`AppLockStore` in memory (tests, and until storage holds the record)."""

    def __init__(self, record: AppLockRecord | None = None):
        self.record = record
        self.saves = 0

    def load(self) -> AppLockRecord | None:
        return self.record

    def save(self, record: AppLockRecord) -> None:
        # Round-trip through JSON as a real store would.
        self.record = AppLockRecord.model_validate(record.to_doc())
        self.saves += 1

    def clear(self) -> None:
        self.record = None


# ------------------------------------------------------------------ service


class PasscodeRejected(ValueError):
    """A passcode could not be set or checked. ``message`` is a sentence for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class UnlockAttempt:
    """What one try at the lock screen gave: opened or not, how long to wait, what to say."""

    ok: bool
    wait_seconds: float = 0.0
    message: str = ""


def wait_sentence(seconds: float) -> str:
    """'Try again in 8 seconds.' / '... in 2 minutes.' (rounded up, short for 360 px)."""
    s = int(-(-seconds // 1))
    if s < 60:
        return f"Try again in {s} second{'s' if s != 1 else ''}."
    m = -(-s // 60)
    return f"Try again in {m} minute{'s' if m != 1 else ''}."


class AppLock:
    """Set, check, change and remove the passcode; the wrong-try delay; the reset paths.

    ``clock`` returns the current aware time (injected so tests control it).
    """

    def __init__(
        self,
        store: AppLockStore,
        *,
        clock: Callable[[], datetime] = utc_now,
        params: ScryptParams = CURRENT_PARAMS,
        policy: DelayPolicy = DEFAULT_DELAY,
    ):
        self.store = store
        self.clock = clock
        self.params = params
        self.policy = policy

    # -- state

    @property
    def enabled(self) -> bool:
        return self.store.load() is not None

    @property
    def record(self) -> AppLockRecord | None:
        return self.store.load()

    @property
    def kind(self) -> PasscodeKind | None:
        rec = self.store.load()
        return rec.kind if rec else None

    @property
    def idle_minutes(self) -> int:
        rec = self.store.load()
        return rec.idle_minutes if rec else DEFAULT_IDLE_MINUTES

    def seconds_to_wait(self) -> float:
        rec = self.store.load()
        return seconds_to_wait(rec, self.clock(), self.policy) if rec else 0.0

    def should_lock_after_absence(self, away_since: datetime | None) -> bool:
        rec = self.store.load()
        return rec is not None and should_lock_after_absence(away_since, self.clock(), rec.idle_minutes)

    def notification_detail(self, chosen: NotificationDetail) -> NotificationDetail:
        return effective_notification_detail(chosen, self.enabled)

    # -- setting up (called from Settings while the app is unlocked)

    def set_passcode(
        self, passcode: str, kind: PasscodeKind | str, *, idle_minutes: int = DEFAULT_IDLE_MINUTES
    ) -> AppLockRecord:
        """Turn the lock on. Refuses when it is on already (use :meth:`change_passcode`)."""
        if self.enabled:
            raise PasscodeRejected("The lock is on already; change the passcode instead.")
        kind = PasscodeKind(kind)
        problem = check_new_passcode(passcode, kind)
        if problem:
            raise PasscodeRejected(problem)
        rec = AppLockRecord(
            kind=kind,
            passcode=hash_passcode(normalize_passcode(passcode, kind), self.params),
            idle_minutes=idle_minutes,
        )
        self.store.save(rec)
        return rec

    def set_idle_minutes(self, minutes: int) -> None:
        rec = self._require()
        self.store.save(rec.touched(idle_minutes=minutes))

    def remember_backup_passphrase(self, passphrase: str) -> None:
        """Keep a hash of the passphrase just used for a protected backup (for the reset path).

        Call it after writing an encrypted backup while the app is unlocked.
        """
        rec = self._require()
        if not passphrase:
            raise PasscodeRejected("The backup passphrase is empty.")
        self.store.save(rec.touched(recovery=hash_passcode(normalize_passcode(passphrase), self.params)))

    @property
    def can_reset_with_backup_passphrase(self) -> bool:
        rec = self.store.load()
        return rec is not None and rec.recovery is not None

    # -- the lock screen

    def try_unlock(self, passcode: str) -> UnlockAttempt:
        """Check ``passcode``; counts a wrong try and says how long to wait."""
        rec = self.store.load()
        if rec is None:
            return UnlockAttempt(ok=True)
        return self._attempt(rec, lambda r: verify_passcode(normalize_passcode(passcode, r.kind), r.passcode),
                             wrong="That passcode is not right.", rehash_with=passcode)

    def change_passcode(self, old: str, new: str, kind: PasscodeKind | str | None = None) -> UnlockAttempt:
        """Replace the passcode after checking the old one (the wrong-try delay applies)."""
        rec = self._require()
        kind = PasscodeKind(kind) if kind is not None else rec.kind
        problem = check_new_passcode(new, kind)
        if problem:
            raise PasscodeRejected(problem)
        result = self.try_unlock(old)
        if result.ok:
            rec = self._require()
            self.store.save(rec.touched(kind=kind, passcode=hash_passcode(normalize_passcode(new, kind), self.params)))
        return result

    def remove(self, passcode: str) -> UnlockAttempt:
        """Turn the lock off after checking the passcode (the wrong-try delay applies)."""
        result = self.try_unlock(passcode)
        if result.ok:
            self.store.clear()
        return result

    # -- forgotten passcode (docs/privacy.md, "If you forget the passcode")

    def reset_with_backup_passphrase(self, passphrase: str, new_passcode: str, kind: PasscodeKind | str) -> UnlockAttempt:
        """Set a new passcode by proving the passphrase of the latest protected backup.

        Shares the wrong-try count and delay with the passcode, so it is no faster
        way to guess. Refused when no backup passphrase was remembered.
        """
        rec = self._require()
        if rec.recovery is None:
            raise PasscodeRejected(
                "No protected backup was made with the lock on, so this reset is not available."
            )
        kind = PasscodeKind(kind)
        problem = check_new_passcode(new_passcode, kind)
        if problem:
            raise PasscodeRejected(problem)
        recovery = rec.recovery
        result = self._attempt(rec, lambda r: verify_passcode(normalize_passcode(passphrase), recovery),
                               wrong="That is not the passphrase of your latest protected backup.")
        if result.ok:
            rec = self._require()
            self.store.save(rec.touched(kind=kind, passcode=hash_passcode(normalize_passcode(new_passcode, kind), self.params)))
        return result

    def forget_after_erase(self) -> None:
        """Turn the lock off as the last step of "Erase everything and start over".

        The caller must have erased the user's data (applications, rounds, journal,
        settings, snapshots) first; this only removes the lock record.
        """
        self.store.clear()

    # -- internals

    def _require(self) -> AppLockRecord:
        rec = self.store.load()
        if rec is None:
            raise PasscodeRejected("The app lock is off.")
        return rec

    def _attempt(
        self,
        rec: AppLockRecord,
        check: Callable[[AppLockRecord], bool],
        *,
        wrong: str,
        rehash_with: str | None = None,
    ) -> UnlockAttempt:
        now = self.clock()
        wait = seconds_to_wait(rec, now, self.policy)
        if wait > 0:
            return UnlockAttempt(ok=False, wait_seconds=wait, message=f"Please wait. {wait_sentence(wait)}")
        # Count the try before the slow check, so stopping the app mid-check does not
        # give a free guess.
        counted = rec.touched(failed_attempts=rec.failed_attempts + 1, last_failed_at=now)
        self.store.save(counted)
        if check(counted):
            changes: dict = {"failed_attempts": 0, "last_failed_at": None}
            if rehash_with is not None and needs_rehash(counted.passcode, self.params):
                changes["passcode"] = hash_passcode(normalize_passcode(rehash_with, counted.kind), self.params)
            self.store.save(counted.touched(**changes))
            return UnlockAttempt(ok=True)
        delay = self.policy.delay_after(counted.failed_attempts)
        message = wrong if delay <= 0 else f"{wrong} {wait_sentence(delay)}"
        return UnlockAttempt(ok=False, wait_seconds=delay, message=message)
