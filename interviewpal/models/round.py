"""An interview round: one meeting (or test) at one stage of an application."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .base import AwareDatetime, Record, Text, check_url, new_id
from .stage import Stage


class RoundFormat(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    ON_SITE = "on_site"

    @property
    def label(self) -> str:
        return {"phone": "Phone", "video": "Video", "on_site": "On-site"}[self.value]


class Outcome(StrEnum):
    PENDING = "pending"
    PASSED = "passed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Interviewer(BaseModel):
    """Someone the user meets in a round."""

    model_config = ConfigDict(str_strip_whitespace=True)

    id: str = Field(default_factory=new_id)
    name: str = Field(min_length=1, max_length=120)
    role: str = Field(default="", max_length=120)

    @property
    def display(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


def check_time_zone(name: str) -> str:
    """Accept an IANA zone name such as 'Europe/Berlin' or 'UTC'."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"'{name}' is not a known time zone (for example Europe/Berlin).") from None
    return name


class Round(Record):
    """One interview round of an application."""

    application_id: str = Field(min_length=1)
    stage: Stage
    title: Text = Field(default="", max_length=120)
    starts_at: AwareDatetime
    time_zone: str = "UTC"
    duration_minutes: int = Field(default=60, ge=5, le=12 * 60)
    format: RoundFormat = RoundFormat.VIDEO
    location: Text = Field(default="", max_length=300)
    meeting_url: Text = Field(default="", max_length=2000)
    interviewers: list[Interviewer] = Field(default_factory=list)
    notes: str = Field(default="", max_length=20_000)
    checklist_done: list[int] = Field(default_factory=list)
    outcome: Outcome = Outcome.PENDING
    reminders_enabled: bool = True

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, v: str) -> str:
        return check_time_zone(v)

    @field_validator("meeting_url")
    @classmethod
    def _url(cls, v: str) -> str:
        return check_url(v, "The meeting link")

    @field_validator("checklist_done")
    @classmethod
    def _ticks(cls, v: list[int]) -> list[int]:
        return sorted({i for i in v if i >= 0})

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def local_start(self) -> datetime:
        """Start time in the round's own time zone."""
        return self.starts_at.astimezone(ZoneInfo(self.time_zone))

    @property
    def display_title(self) -> str:
        return self.title or self.stage.label

    @property
    def is_cancelled(self) -> bool:
        return self.outcome is Outcome.CANCELLED

    @property
    def where(self) -> str:
        """Location or link, whichever the round has (location first)."""
        return self.location or self.meeting_url
