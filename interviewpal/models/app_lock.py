"""The app lock's stored record: a salted, slow hash of the passcode and the wrong-try count.

One record (id ``app_lock``); no record means the lock is off. The hash carries its
algorithm and parameters, so a later version can raise the cost and re-hash on the
next successful unlock (see :mod:`interviewpal.services.app_lock` and docs/privacy.md).
Nothing here is secret on its own: a person with the data folder can read the data
anyway, the lock only guards the screen.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .base import AwareDatetime, Record


class PasscodeKind(StrEnum):
    PIN = "pin"  # digits only, a number pad
    PASSPHRASE = "passphrase"  # any text


class PasscodeHash(BaseModel):
    """A scrypt hash with everything needed to check it again.

    ``log2_n``, ``r`` and ``p`` are scrypt's cost parameters; ``salt`` and ``hash``
    are unpadded base64. Bounds keep a damaged or hostile record from asking for
    an impossible amount of memory (2**22 * 128 * 8 bytes = 4 GiB is the ceiling).
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    algorithm: Literal["scrypt"] = "scrypt"
    log2_n: int = Field(ge=10, le=22)
    r: int = Field(ge=1, le=32)
    p: int = Field(ge=1, le=16)
    salt: str = Field(min_length=16, max_length=128)
    hash: str = Field(min_length=22, max_length=128)


APP_LOCK_ID = "app_lock"


class AppLockRecord(Record):
    """The lock is on while this record exists."""

    id: str = APP_LOCK_ID
    kind: PasscodeKind = PasscodeKind.PIN
    passcode: PasscodeHash
    # Hash of the passphrase of the latest protected (encrypted) backup, kept so a
    # forgotten passcode can be reset by proving that passphrase. None: never set.
    recovery: PasscodeHash | None = None
    # Lock again after the app was idle or in the background this long.
    idle_minutes: int = Field(default=5, ge=1, le=24 * 60)
    # Wrong tries in a row (counted before the check, so killing the app mid-check
    # does not give a free try) and when the last one started.
    failed_attempts: int = Field(default=0, ge=0)
    last_failed_at: AwareDatetime | None = None
