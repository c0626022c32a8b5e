"""A job application: one company, one role, followed through its rounds."""

from __future__ import annotations

import re
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


RESEARCH_ANSWER_MAX = 1000  # characters per answer of the Research section
RESEARCH_ANSWERS_MAX = 20  # answers per application (the content pack has at most 8 prompts)
RESEARCH_ID_MAX = 40
_RESEARCH_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def clean_research(answers: dict[str, str]) -> dict[str, str]:
    """Answers by prompt id: ends stripped, empty answers dropped; ids and lengths checked."""
    out: dict[str, str] = {}
    for key, value in answers.items():
        if not isinstance(key, str) or len(key) > RESEARCH_ID_MAX or not _RESEARCH_ID.match(key):
            raise ValueError(f'"{str(key)[:50]}" is not a research prompt id (lower-case letters, digits and dashes).')
        if not isinstance(value, str):
            raise ValueError(f'The research answer "{key}" should be text.')
        value = value.strip()
        if len(value) > RESEARCH_ANSWER_MAX:
            raise ValueError(f'The research answer "{key}" is {len(value):,} characters; '
                             f"the limit is {RESEARCH_ANSWER_MAX:,}.")
        if value:
            out[key] = value
    if len(out) > RESEARCH_ANSWERS_MAX:
        raise ValueError(f"There are {len(out)} research answers; the limit is {RESEARCH_ANSWERS_MAX}.")
    return out


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
    # The Research section: the user's answer to each content-pack prompt, by prompt id.
    research: dict[str, str] = Field(default_factory=dict)

    @field_validator("posting_url")
    @classmethod
    def _url(cls, v: str) -> str:
        return check_url(v, "The posting link")

    @field_validator("tags")
    @classmethod
    def _tags(cls, v: list[str]) -> list[str]:
        return clean_tags(v)

    @field_validator("research", mode="before")
    @classmethod
    def _research(cls, v: object) -> object:
        if v is None:
            return {}
        if not isinstance(v, dict):
            raise ValueError("The research answers should be a table of prompt id and answer.")
        return clean_research(v)

    @property
    def title(self) -> str:
        return f"{self.role} at {self.company}"
