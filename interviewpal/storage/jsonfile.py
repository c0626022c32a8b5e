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
from typing import Any, Callable, Iterable

from tinydb.storages import Storage

from .atomic import atomic_write_bytes, atomic_write_text


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


def read_json_file(path: Path, *, tables: bool = True) -> dict[str, Any] | None:
    """Parse ``path``; None when it does not exist; CorruptFileError when it is damaged.

    An empty file counts as damaged: this app never writes one. With ``tables``
    (a database file) every top-level value must be a table (an object); a
    snapshot also holds plain values such as its format and reason.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise CorruptFileError(path, "it is a folder, not a file") from None
    except PermissionError:
        raise CorruptFileError(path, "the app is not allowed to read it") from None
    except OSError as e:
        raise CorruptFileError(path, f"it could not be read ({e.strerror or type(e).__name__})") from None
    if not raw.strip():
        raise CorruptFileError(path, "the file is empty")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise CorruptFileError(path, f"it is not UTF-8 text ({e.reason})") from None
    except json.JSONDecodeError as e:
        raise CorruptFileError(path, f"{e.msg} at line {e.lineno}, column {e.colno}") from None
    except ValueError:  # e.g. an integer of more than 4,300 digits
        raise CorruptFileError(path, "it holds a number too long to read") from None
    except RecursionError:
        raise CorruptFileError(path, "it is nested too deeply") from None
    if not isinstance(data, dict) or (tables and not all(isinstance(v, dict) for v in data.values())):
        raise CorruptFileError(path, "it does not hold InterviewPal tables")
    return data


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class AtomicJSONStorage(Storage):
    """TinyDB storage: one UTF-8 JSON file, atomic replace on every write.

    Besides TinyDB's ``write`` (serialise everything), :meth:`write_changed`
    lets a caller that changed a few records say which ones: the other
    records' JSON is reused from the previous write, so a save costs little
    more than the disk write itself, even for a large table.
    """

    def __init__(self, path: str | Path, on_write: Callable[[], None] | None = None, **_: Any):
        self.path = Path(path)
        self.on_write = on_write  # called after every successful write (automatic snapshots)
        self._data: dict[str, Any] | None = None
        self._signature: tuple[int, int, int] | None = None
        # table -> doc id -> b'"<id>":<doc JSON>' for every doc in self._data,
        # or None when unknown (after a read from disk or a TinyDB write).
        self._parts: dict[str, dict[str, bytes]] | None = None

    def read(self) -> dict[str, Any] | None:
        sig = file_signature(self.path)
        if sig is None:
            self._data, self._signature, self._parts = None, None, None
            return None
        if self._data is None or sig != self._signature:
            self._data, self._parts = None, None
            self._data = read_json_file(self.path)
            self._signature = sig
        return self._data

    def prime(self, data: dict[str, Any]) -> None:
        """Take ``data`` as the file's content, already parsed by the caller (the database at
        open, under the lock), so the first read does not parse the file again."""
        self._data, self._parts = data, None
        self._signature = file_signature(self.path)

    def write(self, data: dict[str, Any]) -> None:
        self._parts = None  # TinyDB changes records in place: we cannot tell which
        try:
            text = dump_json(data)  # fails before a byte is written
            atomic_write_text(self.path, text)
        except BaseException:
            self._data, self._signature = None, None  # TinyDB may have mutated our copy
            raise
        self._data = data
        self._signature = file_signature(self.path)
        self._written()

    def write_changed(self, table: str, changed: Iterable[str]) -> None:
        """Write the data last returned by :meth:`read`, in which the caller set,
        replaced or removed only the records ``changed`` (doc ids) of ``table``.

        The file is written exactly as :meth:`write` would write it (same bytes),
        atomically; on any error nothing is written and the cache is dropped, so
        the next read comes from disk.
        """
        data = self._data
        if data is None:
            raise RuntimeError("write_changed() needs the data from a read() of an existing file")
        try:
            parts = self._parts
            if parts is None:
                parts = {name: _doc_parts(docs) for name, docs in data.items()}
            else:
                docs = data.get(table, {})
                table_parts = parts.setdefault(table, {})
                for doc_id in changed:
                    if doc_id in docs:
                        table_parts[doc_id] = _doc_part(doc_id, docs[doc_id])
                    else:
                        table_parts.pop(doc_id, None)
            blob = b"{" + b",".join(
                _key(name) + b":{" + b",".join(parts[name][doc_id] for doc_id in docs) + b"}"
                for name, docs in data.items()
            ) + b"}"  # fails (KeyError) before a byte is written if a change was not declared
            atomic_write_bytes(self.path, blob)
        except BaseException:
            self._data, self._signature, self._parts = None, None, None
            raise
        self._parts = parts
        self._signature = file_signature(self.path)
        self._written()

    def _written(self) -> None:
        if self.on_write is not None:
            self.on_write()

    def forget_serialized(self) -> None:
        """Drop the per-record JSON kept for :meth:`write_changed` (records may change in place)."""
        self._parts = None

    @property
    def signature(self) -> tuple[int, int, int] | None:
        """Identity of the file as last read or written (changes on every write)."""
        return self._signature

    def close(self) -> None:
        self._data, self._parts = None, None


def _key(doc_id: str) -> bytes:
    return dump_json(doc_id).encode("utf-8")


def _doc_part(doc_id: str, doc: Any) -> bytes:
    return _key(doc_id) + b":" + dump_json(doc).encode("utf-8")


def _doc_parts(docs: dict[str, Any]) -> dict[str, bytes]:
    return {doc_id: _doc_part(doc_id, doc) for doc_id, doc in docs.items()}
