"""One object that gives the UI every service, over one data folder."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from ..content import ContentPack, default_content
from ..storage import Repositories, data_dir
from .applications import ApplicationService
from .rounds import RoundService
from .settings import SettingsService


class AppServices:
    """Opened once at app start; screens call its services, never the storage."""

    def __init__(self, repos: Repositories, content: ContentPack, clock: Callable[[], datetime] | None = None):
        self.repos = repos
        self.content = content
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.applications = ApplicationService(repos)
        self.rounds = RoundService(repos)
        self.settings = SettingsService(repos)

    @classmethod
    def open(cls, folder: Path | None = None) -> "AppServices":
        return cls(Repositories.open(folder or data_dir()), default_content())

    @property
    def data_folder(self) -> Path:
        return self.repos.db.folder

    @property
    def open_messages(self) -> list[str]:
        """What the store had to tell the user at open (recovered files, unreadable items)."""
        return list(self.repos.db.report.messages)

    def now(self) -> datetime:
        return self.clock()
