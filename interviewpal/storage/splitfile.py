"""One table kept in two files: finished records in one, drafts in a small one of their own.

The journal's drafts are saved as the user types. With every entry in
``journal.json``, each autosave rewrote the whole journal (about 5 MB at ten
times the realistic size). :class:`SplitJSONStorage` keeps the records whose
``draft`` is true in ``journal_drafts.json`` (same shape: ``{"journal": {doc id:
doc}}``) and the others in ``journal.json``; TinyDB and the repositories see one
table, with doc ids unique across both files. A change writes only the file(s)
holding the changed records, each with the same atomic replace as every other
table file (:class:`~interviewpal.storage.jsonfile.AtomicJSONStorage`).

A record moving between the files (publishing a draft, editing a published
entry) is written to the file it moves into first, then removed from the other
one. A crash in between leaves it in both; reading keeps the copy with the later
``updated_at`` (the published one on a tie) and the next write of the table (or
the next open) removes the other copy. Nothing is lost either way.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from tinydb.storages import Storage

from .jsonfile import AtomicJSONStorage

MAIN, SIDE = 0, 1


def side_path(path: Path) -> Path:
    """``journal.json`` -> ``journal_drafts.json``."""
    return path.with_name(f"{path.stem}_drafts{path.suffix}")


def is_draft(doc: Any) -> bool:
    return isinstance(doc, dict) and doc.get("draft") is True


def place_of(doc: Any) -> int:
    return SIDE if is_draft(doc) else MAIN


def _when(doc: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(doc.get("updated_at")))
    except (TypeError, ValueError, AttributeError):
        return None


def _newer(a: Any, b: Any) -> bool:
    """True when ``a`` (from the drafts file) should win over ``b`` (from the main file)."""
    ta, tb = _when(a), _when(b)
    try:
        return ta is not None and tb is not None and ta > tb
    except TypeError:  # naive vs aware: keep the main file's copy
        return False


def merge_tables(table: str, main: dict[str, Any] | None, side: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, int], bool]:
    """Both files' data as one TinyDB data dict.

    Returns (data, where each doc id is stored, whether the files need repairing:
    a record in the wrong file, or in both after a crash mid-move, or two records
    under one doc id).
    """
    data: dict[str, Any] = {k: v for k, v in (main or {}).items() if k != table}
    docs: dict[str, Any] = dict((main or {}).get(table, {}))
    where = {k: MAIN for k in docs}
    needs_repair = any(is_draft(d) for d in docs.values())
    by_id = {d.get("id"): k for k, d in docs.items() if isinstance(d, dict) and d.get("id")}
    next_key = max((int(k) for k in docs if k.isdigit()), default=0) + 1
    side_docs = (side or {}).get(table, {})
    next_key = max(next_key, max((int(k) for k in side_docs if k.isdigit()), default=0) + 1)
    for key, doc in side_docs.items():
        if not is_draft(doc):
            needs_repair = True
        rid = doc.get("id") if isinstance(doc, dict) else None
        twin = by_id.get(rid) if rid else None
        if twin is not None:  # in both files (a move cut short): the later copy wins
            needs_repair = True
            if _newer(doc, docs[twin]):
                docs[twin] = doc
                where[twin] = SIDE
            continue
        if key in docs:  # two records under one doc id (e.g. after a restore): give this one a new id
            key = str(next_key)
            next_key += 1
            needs_repair = True
        docs[key] = doc
        where[key] = SIDE
        if rid:
            by_id[rid] = key
    for name, value in (side or {}).items():
        if name != table:
            data.setdefault(name, value)
    data[table] = docs
    return data, where, needs_repair


def split_docs(docs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(finished records, drafts), each in the table's order."""
    main = {k: d for k, d in docs.items() if not is_draft(d)}
    side = {k: d for k, d in docs.items() if is_draft(d)}
    return main, side


class SplitJSONStorage(Storage):
    """TinyDB storage for a table split into ``<name>.json`` and ``<name>_drafts.json``.

    Same interface as :class:`AtomicJSONStorage` (``read``, ``write``,
    ``write_changed``, ``signature``, ``forget_serialized``, ``prime``).
    """

    def __init__(self, path: str | Path, on_write: Callable[[], None] | None = None, *, table: str, **_: Any):
        self.path = Path(path)
        self.table = table
        self.on_write = on_write
        self.files = (AtomicJSONStorage(self.path), AtomicJSONStorage(side_path(self.path)))
        self._data: dict[str, Any] | None = None
        self._where: dict[str, int] = {}
        self._signature: tuple[Any, Any] | None = None
        self.needs_repair = False

    @property
    def signature(self) -> tuple[Any, Any] | None:
        """Identity of both files as last read or written (None when neither exists)."""
        return self._signature

    def _current(self) -> tuple[Any, Any]:
        return (self.files[MAIN].signature, self.files[SIDE].signature)

    def read(self) -> dict[str, Any] | None:
        main, side = (f.read() for f in self.files)  # each re-parses only if its file changed
        if main is None and side is None:
            self._data, self._signature, self._where = None, None, {}
            return None
        sig = self._current()
        if self._data is None or sig != self._signature:
            self._data, self._where, self.needs_repair = merge_tables(self.table, main, side)
            self._signature = sig
        return self._data

    def prime(self, main: dict[str, Any] | None, side: dict[str, Any] | None) -> None:
        """Take both files' content, already parsed by the caller (the database at open)."""
        for f, data in zip(self.files, (main, side)):
            if data is not None:
                f.prime(data)
        self._data, self._signature = None, None
        self.read()

    def write(self, data: dict[str, Any]) -> None:
        """Write everything (TinyDB's bulk changes): each file only if its records changed."""
        docs = data.get(self.table, {})
        main_docs, side_docs = split_docs(docs)
        others = {k: v for k, v in data.items() if k != self.table}
        try:
            # drafts first: a record published by this change is then in both files for a moment, never in none
            for place, part in ((SIDE, side_docs), (MAIN, main_docs)):
                f = self.files[place]
                old = f.read() if f.path.exists() else None
                new = {**(others if place == MAIN else {}), self.table: part}
                if old is not None and old == new:
                    continue
                if old is None and place == SIDE and not part:
                    continue  # no drafts and no drafts file: nothing to write
                f.write(new)
        except BaseException:
            self._data, self._signature = None, None
            raise
        self._data, self._where, self.needs_repair = data, {k: place_of(d) for k, d in docs.items()}, False
        self._signature = self._current()
        self._written()

    def write_changed(self, table: str, changed: Iterable[str]) -> None:
        """Write the data last returned by :meth:`read` in which only the records
        ``changed`` (doc ids) of ``table`` were set, replaced or removed: only the
        file(s) those records are in, or move into, are written."""
        data = self._data
        if data is None or table != self.table or self.needs_repair:
            if data is None:
                raise RuntimeError("write_changed() needs the data from a read() of an existing file")
            self.write(data)  # a file holds a misplaced or doubled record: write both files whole
            return
        docs = data.get(table, {})
        changed = list(changed)
        gains: dict[int, list[str]] = {MAIN: [], SIDE: []}
        losses: dict[int, list[str]] = {MAIN: [], SIDE: []}
        where = dict(self._where)
        for key in changed:
            old = where.pop(key, None)
            if key in docs:
                new = place_of(docs[key])
                where[key] = new
                gains[new].append(key)
                if old is not None and old != new:
                    losses[old].append(key)
            elif old is not None:
                losses[old].append(key)
        order = [p for p in (MAIN, SIDE) if gains[p]] + [p for p in (MAIN, SIDE) if losses[p] and not gains[p]]
        try:
            for place in order:  # the file a record moves into before the one it leaves
                f = self.files[place]
                part = {k: d for k, d in docs.items() if where.get(k) == place}
                keys = gains[place] + losses[place]
                base = f.read()
                if base is None:
                    f.write({table: part})
                    continue
                base[table] = part
                f.write_changed(table, keys)
        except BaseException:
            self._data, self._signature = None, None
            raise
        self._where = where
        self._signature = self._current()
        self._written()

    def _written(self) -> None:
        if self.on_write is not None:
            self.on_write()

    def forget_serialized(self) -> None:
        for f in self.files:
            f.forget_serialized()

    def close(self) -> None:
        for f in self.files:
            f.close()
        self._data = None
