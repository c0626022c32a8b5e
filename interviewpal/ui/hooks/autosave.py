"""Autosave for a form: store the newest input about a second after the last change.

``use_autosave(initial, store, delay)`` keeps the newest input (``latest``), whether it
differs from what is stored (``dirty``) and a status for the line under the form:
("saved" | "pending" | "incomplete" | "failed", sentence). ``change(**fields)`` updates the
input and (re)starts the timer; ``flush()`` stores now. ``store(values)`` does the storing
and returns (what could not be stored yet, "" when everything was; the sentence to show
when everything was); it may raise, which shows as "failed" and keeps the input.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Callable

import flet as ft

SAVE_DELAY = 1.0  # seconds after the last keystroke


@dataclass
class Autosave:
    values: dict[str, Any]  # the input as rendered
    status: tuple[str, str]
    latest: Any  # ref: the newest input
    dirty: Any  # ref: True while the newest input is not stored
    change: Callable[..., None]
    flush: Callable[[], bool]
    cancel: Callable[[], None]
    set_status: Callable[[tuple[str, str]], None]


def use_autosave(
    initial: dict[str, Any],
    store: Callable[[dict[str, Any]], tuple[str, str]],
    *,
    unsaved_at_start: bool = False,
    failed: Callable[[Exception], str] = lambda e: f"Could not save: {e}",
    delay: float = SAVE_DELAY,
) -> Autosave:
    values, set_values = ft.use_state(lambda: initial)
    status, set_status = ft.use_state(
        lambda: ("incomplete", "Some changes are not saved yet.") if unsaved_at_start else ("saved", ""))
    latest = ft.use_ref(lambda: initial)
    dirty = ft.use_ref(lambda: unsaved_at_start)
    task = ft.use_ref(None)

    def cancel() -> None:
        if task.current is not None:
            task.current.cancel()
            task.current = None

    def flush() -> bool:
        """Store the newest input now. True when everything is stored."""
        cancel()
        if not dirty.current:
            return True
        try:
            unsaved, saved_sentence = store(latest.current)
        except Exception as e:  # noqa: BLE001 - a disk or validation problem: keep the input, say so
            set_status(("failed", failed(e)))
            return False
        dirty.current = bool(unsaved)
        set_status(("incomplete", unsaved) if unsaved else ("saved", saved_sentence))
        return not unsaved

    def change(**updates) -> None:
        new = latest.current | updates
        latest.current = new
        dirty.current = True
        set_values(new)
        if status[0] != "pending":
            set_status(("pending", "Saving..."))
        cancel()

        async def later():
            await asyncio.sleep(delay)
            task.current = None
            flush()

        task.current = asyncio.create_task(later())

    return Autosave(values, status, latest, dirty, change, flush, cancel, set_status)
