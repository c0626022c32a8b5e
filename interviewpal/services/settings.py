"""The user's preferences: read with defaults, update with validation."""

from __future__ import annotations

from ..models import Settings
from ..storage import NewerRecordError, Repositories
from .forms import FormError, validate
from .rounds import parse_time


class SettingsService:
    def __init__(self, repos: Repositories):
        self.repos = repos

    def get(self) -> Settings:
        return self.repos.settings.load()

    def update(self, **changes) -> Settings:
        """Apply ``changes``; raises FormError with a sentence per field when refused."""
        data = self.get().model_dump()
        data.update(changes)
        try:
            return self.repos.settings.save(validate(Settings, data))
        except NewerRecordError as e:  # saved by a newer app: never overwritten (docs/storage.md)
            raise FormError({"settings": str(e)}) from None

    def set_quiet_hours(self, start: str, end: str) -> Settings:
        """Quiet hours as typed ('22:00', '7:30 am'); both empty switches them off.

        FormError with key ``quiet_hours`` when a time cannot be read (the sentence says why).
        """
        if not start.strip() and not end.strip():
            return self.update(quiet_start=None, quiet_end=None)
        try:
            times = parse_time(start), parse_time(end)
        except ValueError as e:
            raise FormError({"quiet_hours": str(e)}) from None
        return self.update(quiet_start=times[0], quiet_end=times[1])
