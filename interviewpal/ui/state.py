"""The observable app model: navigation stack, theme, window width, data revision, messages."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Callable

import flet as ft

from ..services.app_services import AppServices

WIDE = 840  # from this width on, a NavigationRail replaces the bottom bar

from .tabs import TABS  # noqa: E402 - the one tab table (ui/tabs.py)

THEME_MODES = {"system": ft.ThemeMode.SYSTEM, "light": ft.ThemeMode.LIGHT, "dark": ft.ThemeMode.DARK}


def tab_of(route: str) -> str:
    """The top-level section a route belongs to."""
    path = route.split("?", 1)[0]
    for t in TABS[1:]:
        if path == t or path.startswith(t + "/"):
            return t
    return "/"


@ft.observable
@dataclass
class AppModel:
    """State shared by every screen. Methods change it; components re-render."""

    services: AppServices
    stack: list[str] = field(default_factory=lambda: ["/"])
    width: float = 412
    theme: str = "system"
    revision: int = 0
    message: str | None = None
    message_undo: Callable[[], None] | None = None
    message_id: int = 0
    banners: list = field(default_factory=list)
    # route -> guard(proceed) -> True when it takes over leaving (e.g. asks first); see back()
    leave_guards: dict = field(default_factory=dict)
    shown_message_id: dict = field(default_factory=dict)  # {"id": n}: the last message shown
    invitations: list = field(default_factory=list)  # events of the picked .ics file, for its preview screen

    # -- navigation: a stack of routes; the browser address shows the top --

    @property
    def route(self) -> str:
        return self.stack[-1]

    @property
    def wide(self) -> bool:
        return self.width >= WIDE

    @property
    def tab(self) -> int:
        return TABS.index(tab_of(self.stack[0]))

    def go(self, route: str) -> None:
        """Open ``route`` on top of the current screen."""
        if route != self.route:
            self.stack = [*self.stack, route]
            self._sync_address()

    def switch_tab(self, index: int) -> None:
        self.stack = [TABS[index]]
        self._sync_address()

    def replace(self, route: str) -> None:
        """Show ``route`` instead of the current screen (e.g. after saving a new item)."""
        self.stack = [*self.stack[:-1], route]
        self._sync_address()

    def back(self) -> bool:
        """Go back one screen (Android back, Esc, the app bar arrow). False at the root.

        A screen with unsaved input registers a guard for its route in ``leave_guards``;
        the guard may take over (ask first) and call the given ``proceed`` later.
        """
        guard = self.leave_guards.get(self.route)
        if guard is not None and guard(self._pop):
            return True
        return self._pop()

    def _pop(self) -> bool:
        self.leave_guards.pop(self.route, None)
        if len(self.stack) > 1:
            self.stack = self.stack[:-1]
            self._sync_address()
            return True
        if self.stack[0] != "/":
            self.switch_tab(0)
            return True
        return False

    def route_changed(self, e: ft.RouteChangeEvent) -> None:
        """The address changed from outside (typed URL, reload, browser back)."""
        route = e.route or "/"
        if route == self.route:
            return
        if route in self.stack:
            self.stack = self.stack[: self.stack.index(route) + 1]
        else:
            root = tab_of(route)
            self.stack = [root] if route == root else [root, route]

    def view_popped(self, e: ft.ViewPopEvent) -> None:
        self.back()

    def _sync_address(self) -> None:
        page = ft.context.page
        if page is not None and page.route != self.route:
            asyncio.create_task(page.push_route(self.route))

    def resized(self, width: float | None) -> None:
        if width and width != self.width:
            self.width = width

    # -- data --

    def changed(self) -> None:
        """Data changed: screens that read services re-render; reminders are re-planned."""
        self.revision += 1
        self.services.data_changed()

    def show_banner(self, banner) -> None:
        """A reminder came due while the app is open (see components/reminder_banner.py)."""
        self.banners = [*self.banners, banner][-3:]

    def dismiss_banner(self, banner_id: int) -> None:
        self.banners = [b for b in self.banners if b.id != banner_id]
        if self.services.notifier is not None:
            self.services.notifier.inapp.dismiss(banner_id)

    def notify(self, text: str, undo: Callable[[], None] | None = None) -> None:
        self.message, self.message_undo = text, undo
        self.message_id += 1

    def set_theme(self, theme: str) -> None:
        """Switch light/dark/system now (called from the Settings handler; the page updates after it)."""
        self.theme = theme
        page = ft.context.page
        if page is not None:
            page.theme_mode = THEME_MODES.get(theme, ft.ThemeMode.SYSTEM)
