"""EntryView: one journal entry with the application and round it belongs to.

Read by the journal service, its search index and the journal screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..models import Application, JournalEntry, Round, Stage
from .time_zones import local_date


@dataclass(frozen=True)
class EntryView:
    """One journal entry with the application and round it belongs to (either may be gone)."""

    entry: JournalEntry
    application: Application | None
    round: Round | None

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def company(self) -> str:
        return self.application.company if self.application else ""

    @property
    def role(self) -> str:
        return self.application.role if self.application else ""

    @property
    def stage(self) -> Stage | None:
        return self.round.stage if self.round else None

    @property
    def stage_label(self) -> str:
        return self.round.stage.label if self.round else ""

    @property
    def round_title(self) -> str:
        return self.round.display_title if self.round else ""

    @property
    def when(self) -> datetime:
        """When the round started (or, without its round, when the entry was written)."""
        return self.round.starts_at if self.round else self.entry.written_at

    @property
    def sort_key(self) -> datetime:
        return self.when

    @property
    def date(self) -> date:
        """The round's date in the user's zone (or the date the entry was written, on the user's clock)."""
        return local_date(self.round.starts_at) if self.round else local_date(self.entry.written_at)

    @property
    def is_draft(self) -> bool:
        return self.entry.draft
