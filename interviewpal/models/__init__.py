"""Domain models (pydantic v2). Plain Python: no Flet, no storage."""

from .application import Application, ApplicationStatus
from .base import Record, field_errors, new_id, utc_now
from .person import Person, PersonKind
from .journal import FollowUp, FollowUpKind, JournalEntry, Lesson, PromptAnswer
from .round import CallDirection, Interviewer, Outcome, Round, RoundFormat
from .settings import SETTINGS_ID, NotificationDetail, Settings, Theme
from .stage import STAGE_ORDER, Stage

__all__ = [
    "Application", "ApplicationStatus", "Record", "field_errors", "new_id", "utc_now",
    "FollowUp", "FollowUpKind", "JournalEntry", "Lesson", "PromptAnswer",
    "CallDirection", "Interviewer", "Outcome", "Round", "RoundFormat",
    "Person", "PersonKind",
    "SETTINGS_ID", "NotificationDetail", "Settings", "Theme", "STAGE_ORDER", "Stage",
]
