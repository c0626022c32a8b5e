"""A job application: one company, one role, followed through its rounds."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, field_validator

from .base import Record, Text, check_url, clean_tags


class ApplicationStatus(StrEnum):
    ACTIVE = "active"
    OFFER = "offer"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    GHOSTED = "ghosted"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def is_open(self) -> bool:
        """Still in play: the user may have rounds coming."""
        return self in (ApplicationStatus.ACTIVE, ApplicationStatus.OFFER)


class Application(Record):
    """A job the user applied for."""

    company: Text = Field(min_length=1, max_length=120)
    role: Text = Field(min_length=1, max_length=120)
    posting_url: Text = Field(default="", max_length=2000)
    location: Text = Field(default="", max_length=200)
    source: Text = Field(default="", max_length=120)
    status: ApplicationStatus = ApplicationStatus.ACTIVE
    notes: str = Field(default="", max_length=20_000)
    tags: list[str] = Field(default_factory=list)
    archived: bool = False
    demo: bool = False

    @field_validator("posting_url")
    @classmethod
    def _url(cls, v: str) -> str:
        return check_url(v, "The posting link")

    @field_validator("tags")
    @classmethod
    def _tags(cls, v: list[str]) -> list[str]:
        return clean_tags(v)

    @property
    def title(self) -> str:
        return f"{self.role} at {self.company}"
