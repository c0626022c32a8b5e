"""Ask a screen before leaving it: Back, Esc and Android back on its route go through a guard."""

from __future__ import annotations

import flet as ft


def use_leave_guard(app):
    """Register a leave guard for the route the screen opened on; return the ref to set it in.

    Set ``ref.current`` to ``guard(proceed) -> bool`` (True: the guard took over, e.g. asked first).
    """
    guard_ref = ft.use_ref(None)

    def register_guard():
        route = app.route
        app.leave_guards[route] = lambda proceed: guard_ref.current(proceed) if guard_ref.current else False
        return lambda: app.leave_guards.pop(route, None)

    ft.use_effect(register_guard, [])
    return guard_ref
