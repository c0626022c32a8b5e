"""Background work with progress: run slow work in a worker thread while a sentence shows.

``use_background_work()`` gives one :class:`BackgroundWork` per component: ``run`` a function
in a worker thread (``asyncio.to_thread``) while ``busy`` holds the sentence shown next to a
progress ring, ``guarded`` refuses a second action while one runs (a second click before the
re-render lands), and ``done`` shows the result under the buttons and in a snack bar.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Awaitable, Callable

import flet as ft


@dataclass(frozen=True)
class Status:
    """The last result shown under the buttons (it stays until the next action or Dismiss)."""

    text: str
    error: bool = False


def short(text: str, limit: int = 200) -> str:
    """The snack bar's version of a long message: its first sentence (the whole one stays on screen)."""
    if len(text) <= limit:
        return text
    head = text.split("\n", 1)[0]
    end = head.find(". ")
    head = head[: end + 1] if 0 < end < limit else head[:limit].rstrip() + "…"
    return head + " Details under Your data."


@dataclass(frozen=True)
class BackgroundWork:
    busy: str | None  # the sentence shown with the progress ring, or None
    status: Status | None
    run: Callable[[str, Callable[[], object]], Awaitable[object]]
    guarded: Callable[[Callable[[], Awaitable[None]]], Awaitable[None]]
    done: Callable[..., None]
    set_busy: Callable[[str | None], None]
    dismiss: Callable[[], None]

    @property
    def disabled(self) -> bool:
        """Buttons that start work are disabled while work runs."""
        return self.busy is not None


def use_background_work(notify: Callable[[str], None]) -> BackgroundWork:
    busy, set_busy = ft.use_state(None)
    status, set_status = ft.use_state(None)
    running = ft.use_ref(False)

    def done(text: str, error: bool = False) -> None:
        set_status(Status(text, error))
        notify(short(text))

    async def run(sentence: str, fn: Callable[[], object]) -> object:
        """Run ``fn`` in a worker thread while the progress ring shows ``sentence``."""
        set_busy(sentence)
        try:
            return await asyncio.to_thread(fn)
        finally:
            set_busy(None)

    async def guarded(action: Callable[[], Awaitable[None]]) -> None:
        if running.current:
            return
        running.current = True
        set_status(None)
        try:
            await action()
        finally:
            running.current = False

    return BackgroundWork(busy, status, run, guarded, done, set_busy, lambda: set_status(None))
