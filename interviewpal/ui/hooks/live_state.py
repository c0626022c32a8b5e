"""State that event handlers read as the user left it, not as it was at the last render.

Flet 1.0 runs each client event in its own task and re-renders changed components later, in
the session's update scheduler. When "Enter" or a tap on Save arrives right after the last
keystroke, before that re-render (a slow phone, a busy machine), the handler that runs is the
one of the previous render, holding the value from before the keystroke: the lock screen could
read "482" of the PIN "4826" and say it was wrong (the likely cause of a test failing under
load). Two quick edits of different fields could also lose the first one (each setter merged
into the same stale dict).

``use_live_state`` works like ``ft.use_state``; its setter also takes a function of the latest
value, and ``latest()`` gives what the last setter call stored, whatever render a handler
comes from.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

import flet as ft

T = TypeVar("T")


def use_live_state(initial: T | Callable[[], T]) -> tuple[T, Callable[[Any], None], Callable[[], T]]:
    value, set_value = ft.use_state(initial)
    box = ft.use_ref(None)
    if box.current is None:
        box.current = [value]

    def set_live(new: Any) -> None:
        nxt = new(box.current[0]) if callable(new) else new
        box.current[0] = nxt
        set_value(nxt)

    return value, set_live, lambda: box.current[0]
