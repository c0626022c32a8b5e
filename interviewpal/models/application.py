"""A job application: one company, one role, followed through its rounds."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from pydantic import Field, field_validator

from .base import Record, Text, check_url, clean_tags
from .person import Person


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
    # Issue 13: the people met (recruiter, interviewers), the day applied, the offer's figures.
    people: list[Person] = Field(default_factory=list)
    applied_on: date | None = None
    offer_base: float | None = Field(default=None, ge=0, le=1e12)
    offer_bonus: float | None = Field(default=None, ge=0, le=1e12)
    offer_equity: Text = Field(default="", max_length=200)  # free text: "0.1% over 4 years", "2,000 RSUs"
    offer_currency: Text = Field(default="", max_length=20)  # free text: "EUR", "£", "USD"
    offer_deadline: date | None = None

    @field_validator("applied_on", "offer_deadline", mode="before")
    @classmethod
    def _day(cls, v: object) -> object:
        if isinstance(v, str):
            v = v.strip()
            if not v:
                return None
            try:
                return date.fromisoformat(v)
            except ValueError:
                raise ValueError("Enter the date as YYYY-MM-DD, for example 2026-12-03.") from None
        return v

    @field_validator("offer_base", "offer_bonus", mode="before")
    @classmethod
    def _amount(cls, v: object) -> object:
        return parse_amount(v) if isinstance(v, str) else v

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

    @property
    def has_offer(self) -> bool:
        return self.offer_base is not None or self.offer_bonus is not None or bool(self.offer_equity) \
            or self.offer_deadline is not None

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)


_AMOUNT = re.compile(r"^\d+(\.\d+)?k?$", re.IGNORECASE)


def parse_amount(text: str) -> float | None:
    """'85000', '85 000', '85,000', "85'000", '85k', '85.5k' -> a number; '' -> None.

    Commas, spaces and apostrophes are thousands separators; a dot is the decimal point.
    """
    cleaned = re.sub(r"[\s,'_\u00a0\u202f]", "", text)
    if not cleaned:
        return None
    if not _AMOUNT.match(cleaned):
        raise ValueError("Enter the amount as a number, for example 85000 or 85,000 (the currency goes in its own field).")
    value = float(cleaned[:-1]) * 1000 if cleaned[-1] in "kK" else float(cleaned)
    return value


def amount_text(value: float | None) -> str:
    """85000.0 -> '85,000'; 1234.5 -> '1,234.5'; None -> ''."""
    if value is None:
        return ""
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")
