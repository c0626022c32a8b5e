"""Journal: reflections written after rounds (filled in by the journal feature)."""

from __future__ import annotations

import flet as ft

from ..components.common import empty_state, page_body
from ..contexts import AppContext


@ft.component
def JournalScreen():
    app = ft.use_context(AppContext)
    return page_body([empty_state(ft.Icons.MENU_BOOK, "Your reflections will be here",
                                  "After each round, write what went well and what to improve.", [])])
