"""The app lock's record in its own file, ``app_lock.json`` (0600, atomic writes), and the erase.

One TinyDB document (table ``app_lock``) holding the
:class:`~interviewpal.models.app_lock.AppLockRecord`; no file or no document means the lock
is off. It implements the services' ``AppLockStore`` (load / save / clear).

Kept **out** of :data:`~interviewpal.storage.database.TABLES` on purpose: it is not in the
automatic snapshots, not in exported backups, and an import or a restore (which replace
every table) never turns the lock off or sets another device's passcode.

A damaged file fails closed: it is kept aside byte for byte (``app_lock.corrupt-<time>.json``)
and replaced by a *sealed* record that no passcode opens, so the lock screen stays and the
user's way out is "Forgot passcode?" (docs/privacy.md). Only a person with access to the
files can damage it, and that person can read the data directly anyway.

:func:`erase_everything` is the storage half of "Erase everything and start over".
"""

from __future__ import annotations

import os
from contextlib import nullcontext
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..models.app_lock import AppLockRecord, PasscodeHash
from .jsonfile import AtomicJSONStorage, CorruptFileError
from .snapshots import _NAME as _SNAPSHOT_NAME

LOCK_TABLE = "app_lock"
LOCK_FILE_NAME = "app_lock.json"


def _sealed_record() -> AppLockRecord:
    """A lock record that no passcode opens (random salt and hash)."""
    import base64

    def b64(n: int) -> str:
        return base64.b64encode(os.urandom(n)).decode("ascii").rstrip("=")

    return AppLockRecord(passcode=PasscodeHash(log2_n=10, r=8, p=1, salt=b64(16), hash=b64(32)))


class AppLockRepository:
    """Load, save and clear the one lock record; every change holds the database lock.

    The file is a TinyDB database (``{"app_lock": {"1": {...}}}``) written through
    :class:`AtomicJSONStorage` in one atomic replace, so a save never passes through an
    empty table (which would read as "lock off").
    """

    def __init__(self, db: Any):
        self.db = getattr(db, "db", db)  # a Repositories or a Database
        self.path: Path = Path(self.db.folder) / LOCK_FILE_NAME
        self._storage = AtomicJSONStorage(self.path)  # nothing is written until a passcode is set
        self.damage_message: str | None = None

    def _locked(self):
        locked = getattr(self.db, "locked", None)
        return locked() if locked is not None else nullcontext()

    def load(self) -> AppLockRecord | None:
        try:
            data = self._storage.read() or {}
        except CorruptFileError as e:
            return self._seal_damaged(e)
        docs = data.get(LOCK_TABLE) or {}
        if not docs:
            return None
        try:
            return AppLockRecord.model_validate(dict(next(iter(docs.values()))))
        except (ValueError, TypeError) as e:  # pydantic ValidationError: a hand-edited or damaged record
            return self._seal_damaged(CorruptFileError(self.path, str(e).splitlines()[0]))

    def save(self, record: AppLockRecord) -> None:
        with self._locked():
            self._storage.write({LOCK_TABLE: {"1": record.to_doc()}})

    def clear(self) -> None:
        with self._locked():
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
            self._storage.read()  # forget the cached content

    def _seal_damaged(self, err: CorruptFileError) -> AppLockRecord:
        with self._locked():
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            aside = self.path.with_name(f"app_lock.corrupt-{stamp}.json")
            n = 1
            while aside.exists():
                n += 1
                aside = self.path.with_name(f"app_lock.corrupt-{stamp}-{n}.json")
            if self.path.exists():
                os.replace(self.path, aside)
            self._storage.read()
            sealed = _sealed_record()
            self.save(sealed)
        self.damage_message = (
            f"The app lock's record could not be read ({err.reason}); it is kept aside as {aside.name}. "
            "The app stays locked: use \"Forgot passcode?\"."
        )
        return sealed


def erase_everything(db: Any) -> None:
    """Empty every table, remove the automatic snapshots, the quarantine and kept-aside files.

    The storage half of "Erase everything and start over" (docs/privacy.md); the caller
    turns the lock off afterwards. The lock record itself is left to the caller.
    """
    db = getattr(db, "db", db)
    with db.locked():
        db.replace_all({})
        db.wait_for_backups()
        folder = Path(db.folder)
        for p in folder.iterdir():
            if p.is_file() and (p.name == "quarantine.json" or ".corrupt-" in p.name):
                p.unlink()
        backups = folder / "backups"
        if backups.is_dir():
            for p in backups.iterdir():
                if p.is_file() and (_SNAPSHOT_NAME.match(p.name) or p.name.endswith(".tmp-write")):
                    p.unlink()

