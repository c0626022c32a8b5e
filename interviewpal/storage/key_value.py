"""Small persistent maps ``str -> dict`` (e.g. which questions the user practised).

The services see :class:`KeyValueStore`; the TinyDB one lives here so TinyDB stays inside storage.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Callable

PRACTICE_TABLE = "question_practice"


class KeyValueStore(ABC):
    """A tiny persistent map ``str -> dict``."""

    @abstractmethod
    def get(self, key: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def put(self, key: str, value: dict[str, Any]) -> None: ...

    @abstractmethod
    def delete(self, key: str) -> None: ...

    @abstractmethod
    def all(self) -> dict[str, dict[str, Any]]: ...


class MemoryKeyValueStore(KeyValueStore):
    """Kept in memory only (tests, or when no table is available)."""

    def __init__(self) -> None:
        self._data: dict[str, dict[str, Any]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        value = self._data.get(key)
        return dict(value) if value is not None else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        self._data[key] = dict(value)

    def delete(self, key: str) -> None:
        self._data.pop(key, None)

    def all(self) -> dict[str, dict[str, Any]]:
        return {k: dict(v) for k, v in self._data.items()}


class TinyDBKeyValueStore(KeyValueStore):
    """One TinyDB document per key: ``{"key": key, **value}``.

    ``lock`` (e.g. ``repos.db.locked``) is held around every change so two app
    instances do not lose each other's writes.
    """

    def __init__(self, table: Any, lock: Callable[[], AbstractContextManager[Any]] | None = None):
        from tinydb import Query

        self.table = table
        self._lock = lock or nullcontext
        self._q = Query()

    def get(self, key: str) -> dict[str, Any] | None:
        doc = self.table.get(self._q.key == key)
        if doc is None:
            return None
        value = dict(doc)
        value.pop("key", None)
        return value

    def put(self, key: str, value: dict[str, Any]) -> None:
        doc = {**value, "key": key}
        with self._lock():
            self.table.upsert(doc, self._q.key == key)

    def delete(self, key: str) -> None:
        with self._lock():
            self.table.remove(self._q.key == key)

    def all(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for doc in self.table.all():
            key = doc.get("key")
            if isinstance(key, str):
                value = dict(doc)
                value.pop("key", None)
                out[key] = value
        return out
