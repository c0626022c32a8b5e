"""The app's top-level tabs, in order: route, label and icons. The one table for the bar,
the rail, ``AppModel.switch_tab`` and every "go to that tab" button."""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft


@dataclass(frozen=True)
class Tab:
    route: str
    label: str
    icon: str
    selected_icon: str


TAB_LIST = [
    Tab("/", "Up next", ft.Icons.EVENT_OUTLINED, ft.Icons.EVENT),
    Tab("/applications", "Applications", ft.Icons.WORK_OUTLINE, ft.Icons.WORK),
    Tab("/journal", "Journal", ft.Icons.MENU_BOOK_OUTLINED, ft.Icons.MENU_BOOK),
    Tab("/settings", "Settings", ft.Icons.SETTINGS_OUTLINED, ft.Icons.SETTINGS),
]
TABS = [t.route for t in TAB_LIST]
DESTINATIONS = [(t.label, t.icon, t.selected_icon) for t in TAB_LIST]


def tab_index(route: str) -> int:
    """The position of a tab's route in the bar (e.g. for ``AppModel.switch_tab``)."""
    return TABS.index(route)
