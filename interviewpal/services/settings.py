"""The user's preferences: read with defaults, update with validation."""

from __future__ import annotations

from ..models import Settings
from ..storage import NewerRecordError, Repositories
from .forms import FormError, validate


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
