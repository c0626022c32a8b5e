"""How a round's stage and time are written in every export (Markdown, CSV, calendar)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ...models import Stage

if TYPE_CHECKING:
    from ...content import ContentPack


def stage_name(stage: Stage, content: "ContentPack | None" = None) -> str:
    if content is not None:
        try:
            return content.stage(stage).name
        except KeyError:
            pass
    return stage.label


def local_time(moment: datetime, zone: str) -> datetime:
    try:
        return moment.astimezone(ZoneInfo(zone))
    except Exception:  # noqa: BLE001 - an unknown zone falls back to UTC
        return moment.astimezone(timezone.utc)
