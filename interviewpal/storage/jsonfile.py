"""A TinyDB storage over one JSON file, written atomically and cached in memory.

Stock ``JSONStorage`` writes over the old bytes and truncates afterwards, so a
crash can leave a file that no longer parses. :class:`AtomicJSONStorage`
serialises first, then replaces the file atomically (:mod:`.atomic`).

It keeps the last data it read or wrote and re-reads the file only when its
identity (inode, size, mtime) changed, e.g. after another app instance wrote
it. Callers that must not lose another instance's update hold the database
lock around read-modify-write (see :class:`interviewpal.storage.database.Database`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .atomic import atomic_write_text


class CorruptFileError(Exception):
    """The file exists but does not hold a JSON object."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path.name} could not be read: {reason}")
        self.path = path
        self.reason = reason


def file_signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def read_json_file(path: Path) -> dict[str, Any] | None:
    """Parse ``path``; None when it does not exist; CorruptFileError when it is damaged.

    An empty file counts as damaged: this app never writes one.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if not raw.strip():
        raise CorruptFileError(path, "the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise CorruptFileError(path, f"it is not UTF-8 text ({e.reason})") from None
    except json.JSONDecodeError as e:
        raise CorruptFileError(path, f"{e.msg} at line {e.lineno}, column {e.colno}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise CorruptFileError(path, "it does not hold InterviewPal tables")
    return data


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class AtomicJSONStorage(Storage):
    """TinyDB storage: one UTF-8 JSON file, atomic replace on every write."""

    def __init__(self, path: str | Path, **_: Any):
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self._signature: tuple[int, int, int] | None = None

    def read(self) -> dict[str, Any] | None:
        sig = file_signature(self.path)
        if sig is None:
            self._data, self._signature = None, None
            return None
        if self._data is None or sig != self._signature:
            self._data = read_json_file(self.path)
            self._signature = sig
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        try:
            text = dump_json(data)  # fails before a byte is written
            atomic_write_text(self.path, text)
        except BaseException:
            self._data, self._signature = None, None  # TinyDB may have mutated our copy
            raise
        self._data = data
        self._signature = file_signature(self.path)

    @property
    def signature(self) -> tuple[int, int, int] | None:
        """Identity of the file as last read or written (changes on every write)."""
        return self._signature

    def close(self) -> None:
        self._data = None
