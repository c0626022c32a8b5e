"""An interview round: one meeting (or test) at one stage of an application."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum
from typing import ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .base import AwareDatetime, Record, Text, check_url, new_id
from .stage import Stage


class RoundFormat(StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    ON_SITE = "on_site"
    TAKE_HOME = "take_home"

    @property
    def label(self) -> str:
        return {"phone": "Phone", "video": "Video", "on_site": "On-site", "take_home": "Take-home"}[self.value]


class CallDirection(StrEnum):
    """Who dials on a phone round."""

    THEY_CALL = "they_call"
    I_CALL = "i_call"

    @property
    def label(self) -> str:
        return {"they_call": "They call me", "i_call": "I call them"}[self.value]


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
    person_id: str = ""  # issue 13: the application's Person this is (empty when typed in by hand)

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


_PHONE_CHARS = re.compile(r"^\+?[0-9 ().\-/]*(?:(?:ext\.?|x|,|;)\s*[0-9]+)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def check_phone(value: str, what: str = "The phone number") -> str:
    """Accept digits with spaces, dashes, brackets, dots and a leading +; empty is fine."""
    value = " ".join(value.split())
    if not value:
        return value
    digits = sum(c.isdigit() for c in value)
    if not _PHONE_CHARS.match(value) or digits < 3:
        raise ValueError(f"{what} can hold digits, spaces, - ( ) and a leading +.")
    if digits > 20:
        raise ValueError(f"{what} has more than 20 digits.")
    return value


def check_email(value: str) -> str:
    value = value.strip()
    if value and not _EMAIL.match(value):
        raise ValueError("Enter an email address like name@example.com.")
    return value


class Round(Record):
    """One interview round of an application."""

    # v2 (issue 12): checklist_done holds the ids of the ticked checklist items, not positions.
    SCHEMA_VERSION: ClassVar[int] = 2
    schema_version: int = 2

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
    checklist_done: list[str] = Field(default_factory=list)  # ids of ticked checklist items
    outcome: Outcome = Outcome.PENDING
    reminders_enabled: bool = True
    # One-tap actions (issue 9): a phone round's number and who dials; the contact for "Running late".
    phone_number: Text = Field(default="", max_length=40)
    call_direction: CallDirection = CallDirection.THEY_CALL
    contact_email: Text = Field(default="", max_length=254)
    contact_phone: Text = Field(default="", max_length=40)
    # From a calendar invitation (issue 13): its UID and SEQUENCE, so that an updated invitation
    # moves this round and a cancellation marks it cancelled. Empty / 0 for rounds typed by hand.
    invitation_uid: str = Field(default="", max_length=1000)
    invitation_sequence: int = Field(default=0, ge=0)

    @field_validator("phone_number")
    @classmethod
    def _phone(cls, v: str) -> str:
        return check_phone(v)

    @field_validator("contact_phone")
    @classmethod
    def _contact_phone(cls, v: str) -> str:
        return check_phone(v, "The contact's phone number")

    @field_validator("contact_email")
    @classmethod
    def _contact_email(cls, v: str) -> str:
        return check_email(v)

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, v: str) -> str:
        return check_time_zone(v)

    @field_validator("meeting_url")
    @classmethod
    def _url(cls, v: str) -> str:
        return check_url(v, "The meeting link")

    @field_validator("checklist_done", mode="before")
    @classmethod
    def _ticks(cls, v: object) -> list[str]:
        # Ids only: a position (a v1 tick) is turned into an id by the storage migration.
        return sorted({i.strip() for i in (v or []) if isinstance(i, str) and i.strip()})

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
