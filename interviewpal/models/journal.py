"""Reflections written after a round, and the follow-ups they create."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .base import AwareDatetime, Record, Text, clean_tags, new_id, utc_now


class FollowUpKind(StrEnum):
    THANK_YOU = "thank_you"
    SEND_MATERIALS = "send_materials"
    CHASE = "chase"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "thank_you": "Thank-you note",
            "send_materials": "Send materials",
            "chase": "Chase if no answer",
            "other": "Follow-up",
        }[self.value]


class FollowUp(BaseModel):
    """Something to do after a round, e.g. a thank-you to one interviewer."""

    model_config = ConfigDict(str_strip_whitespace=True)

    id: str = Field(default_factory=new_id)
    kind: FollowUpKind = FollowUpKind.OTHER
    text: str = Field(min_length=1, max_length=300)
    due: date
    interviewer_id: str = ""
    done: bool = False
    done_at: AwareDatetime | None = None
    sent_at: AwareDatetime | None = None  # "Mark sent" (issue 13): when the e-mail went out


class Lesson(BaseModel):
    """One 'what to improve' item; marked learned once it stops being a problem."""

    model_config = ConfigDict(str_strip_whitespace=True)

    id: str = Field(default_factory=new_id)
    text: str = Field(min_length=1, max_length=500)
    learned: bool = False
    every_round: bool = False  # show before every later round, not only the same application or stage


class PromptAnswer(BaseModel):
    """The user's answer to one of the stage's reflection prompts."""

    prompt: str = Field(max_length=300)
    answer: str = Field(default="", max_length=5000)


class JournalEntry(Record):
    """A reflection on one round."""

    round_id: str = Field(min_length=1)
    application_id: str = Field(min_length=1)
    written_at: AwareDatetime = Field(default_factory=utc_now)
    feeling: int = Field(ge=1, le=5)
    confidence: int = Field(ge=1, le=5)
    questions: list[str] = Field(default_factory=list)
    went_well: str = Field(default="", max_length=10_000)
    to_improve: list[Lesson] = Field(default_factory=list)
    prompt_answers: list[PromptAnswer] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    free_text: str = Field(default="", max_length=50_000)
    tags: list[str] = Field(default_factory=list)
    draft: bool = False
    decision_by: date | None = None  # "they said they'd decide by" (issue 13): when to chase

    @field_validator("questions")
    @classmethod
    def _questions(cls, v: list[str]) -> list[str]:
        return [q.strip() for q in v if q and q.strip()]

    @field_validator("tags")
    @classmethod
    def _tags(cls, v: list[str]) -> list[str]:
        return clean_tags(v)
