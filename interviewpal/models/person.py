"""Someone the user deals with at one application: the recruiter or an interviewer.

People are kept per application (``Application.people``) and picked as a round's
interviewers, so a name typed once is reused for every round and for the follow-up
e-mails (the address, the phone number, the profile link).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .base import check_url, new_id
from .round import check_email, check_phone


class PersonKind(StrEnum):
    RECRUITER = "recruiter"
    INTERVIEWER = "interviewer"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"recruiter": "Recruiter", "interviewer": "Interviewer", "other": "Other contact"}[self.value]


class Person(BaseModel):
    """One contact at an application (stored inside the application record)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")

    id: str = Field(default_factory=new_id)
    name: str = Field(min_length=1, max_length=120)
    kind: PersonKind = PersonKind.INTERVIEWER
    role: str = Field(default="", max_length=120)  # their job title, e.g. "Engineering manager"
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    profile_url: str = Field(default="", max_length=2000)

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        return check_email(v)

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str) -> str:
        return check_phone(v, "The phone number")

    @field_validator("profile_url")
    @classmethod
    def _profile(cls, v: str) -> str:
        return check_url(v, "The profile link")

    @property
    def display(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name
