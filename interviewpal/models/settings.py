"""The user's preferences (one record)."""

from __future__ import annotations

from datetime import time
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from .base import Record


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class NotificationDetail(StrEnum):
    """How much a notification may say on a locked screen."""

    COMPANY_AND_STAGE = "company_and_stage"  # "Acme - technical assessment in 1 h"
    NEUTRAL = "neutral"  # "Interview in 1 h"


SETTINGS_ID = "settings"


class Settings(Record):
    """Preferences. Reminder offsets are minutes before a round's start."""

    id: str = SETTINGS_ID
    theme: Theme = Theme.SYSTEM
    reminders_enabled: bool = True
    evening_before: bool = True
    evening_before_at: time = time(19, 0)
    offsets_minutes: list[int] = Field(default_factory=lambda: [60, 15])
    reflect_after_minutes: int = Field(default=30, ge=0, le=24 * 60)
    follow_up_at: time = time(9, 0)
    quiet_start: time | None = time(22, 0)
    quiet_end: time | None = time(7, 0)
    notification_detail: NotificationDetail = NotificationDetail.COMPANY_AND_STAGE
    time_zone: str | None = None  # "Your time zone": None = Automatic (the device's)

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, v: str | None) -> str | None:
        from .round import check_time_zone

        return check_time_zone(v) if v else None

    @field_validator("offsets_minutes")
    @classmethod
    def _offsets(cls, v: list[int]) -> list[int]:
        for m in v:
            if not 1 <= m <= 7 * 24 * 60:
                raise ValueError("A reminder must be between 1 minute and 7 days before the round.")
        return sorted(set(v), reverse=True)

    @model_validator(mode="after")
    def _quiet(self) -> "Settings":
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValueError("Quiet hours need both a start and an end.")
        if self.quiet_start is not None and self.quiet_start == self.quiet_end:
            raise ValueError("Quiet hours must start and end at different times.")
        return self
