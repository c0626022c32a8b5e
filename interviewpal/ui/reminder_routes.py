"""The screen a reminder opens: its target ("quick_tips", round id) as a route.

Kept apart from ``ui/routes.py`` (which imports every screen) so the banner that shows
reminders can use it without an import cycle. The route patterns match ``ui/routes.py``.
"""

from __future__ import annotations

TARGET_ROUTES = {
    "quick_tips": "/rounds/{}/tips",
    "reflect": "/rounds/{}/reflect",
    "follow_ups": "/entries/{}",
}


def target_route(target) -> str | None:
    """The screen a reminder opens, e.g. ("quick_tips", round_id) -> '/rounds/<id>/tips'."""
    if not target:
        return None
    pattern = TARGET_ROUTES.get(target[0])
    return pattern.format(target[1]) if pattern else None
