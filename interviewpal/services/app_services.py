"""One object that gives the UI every service, over one data folder."""

from __future__ import annotations

import os
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from ..content import ContentPack, open_content
from ..storage import DataFolderError, Repositories, data_dir
from ..storage.database import os_reason
from ..storage.app_lock import AppLockRepository, erase_everything
from .app_lock import AppLock
from .applications import ApplicationService
from .snapshots import BackupService
from .demo import DemoService
from .export import ExportService
from .follow_ups import FollowUpService
from .follow_up_mail import FollowUpMailService
from .people import PeopleService
from .insights import InsightsService
from .invitation_rounds import InvitationRoundService
from .journal import JournalService
from .lessons import LessonService
from .question_bank import PracticeStore, QuestionBank
from .quick_tips import QuickTipsService
from .research import ResearchService
from .rounds import RoundService
from .settings import SettingsService
from .upnext import UpNextService
from .time_zones import set_chosen_zone_source


LOCK_IDLE_ENV = "INTERVIEWPAL_LOCK_IDLE_SECONDS"


class AppServices:
    """Opened once at app start: the screens' only door to the data (they never see the storage)."""

    def __init__(self, repos: Repositories, content: ContentPack, clock: Callable[[], datetime] | None = None,
                 content_problem: str | None = None):
        self._repos = repos
        self.content = content
        self.content_problem = content_problem  # a broken content pack, in a sentence (the app still opens)
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.applications = ApplicationService(repos)
        self.rounds = RoundService(repos)
        self.invitations = InvitationRoundService(repos, self.rounds)  # calendar invitations -> rounds
        self.settings = SettingsService(repos)
        self.journal = JournalService(repos, content)
        self.follow_ups = FollowUpService(repos)
        self.follow_up_mail = FollowUpMailService(repos, content)  # issue 13: "Write email", "Mark sent"
        self.people = PeopleService(repos)  # issue 13: recruiter and interviewers per application
        self.lessons = LessonService(repos)
        self.insights = InsightsService(repos)
        self.up_next = UpNextService(repos)
        self.quick_tips = QuickTipsService(repos, content)
        self.research = ResearchService(repos, content)
        self.demo = DemoService(repos)
        self.backups = BackupService(repos)
        self.exports = ExportService(repos, content, lambda: self.clock())
        self._question_bank: QuestionBank | None = None
        # The app lock (docs/privacy.md): its record lives in app_lock.json, outside the
        # tables, so snapshots, exports, imports and restores never carry or change it.
        self._lock_store = AppLockRepository(repos)
        self.lock = AppLock(self._lock_store, clock=lambda: self.clock())
        # "Your time zone" (Settings) is where every time shown takes "local" from.
        set_chosen_zone_source(lambda: self.settings.get().time_zone)

    @classmethod
    def open(cls, folder: Path | None = None) -> "AppServices":
        opened = open_content()  # never raises: a broken pack falls back (see content/loader.py)
        return cls(Repositories.open(folder or data_dir()), opened.pack, content_problem=opened.message)

    @property
    def question_bank(self) -> QuestionBank:
        if self._question_bank is None:
            self._question_bank = QuestionBank(self._repos, self.content, PracticeStore.for_repos(self._repos))
        return self._question_bank

    @property
    def data_folder(self) -> Path:
        return self._repos.db.folder

    @property
    def open_messages(self) -> list[str]:
        """What the store had to tell the user at open (recovered files, unreadable items)."""
        return list(self._repos.db.report.messages) + ([self.content_problem] if self.content_problem else [])

    def now(self) -> datetime:
        return self.clock()

    # -- app lock --

    @property
    def lock_problem(self) -> str | None:
        """Why the lock record could not be read (the app then stays locked), or None."""
        return self._lock_store.damage_message

    def lock_idle_seconds(self) -> float:
        """Idle/background time before the app locks again.

        ``INTERVIEWPAL_LOCK_IDLE_SECONDS`` overrides the chosen minutes: a test-only knob
        (the browser tests use a few seconds); users choose minutes in Settings.
        """
        override = os.environ.get(LOCK_IDLE_ENV)
        if override:
            try:
                return max(1.0, float(override))
            except ValueError:
                pass
        return self.lock.idle_minutes * 60.0

    def export_protected_backup(self, passphrase: str):
        """The full backup encrypted with ``passphrase``. With the lock on, a hash of the
        passphrase is kept for the forgotten-passcode reset (docs/privacy.md). Slow: worker thread."""
        result = self.exports.export_protected(passphrase)
        if self.lock.enabled:
            self.lock.remember_backup_passphrase(passphrase)
        return result

    def erase_everything(self) -> None:
        """Forgotten passcode, last resort: delete every application, round, reflection, the
        settings and the automatic snapshots, then turn the lock off (docs/privacy.md)."""
        erase_everything(self._repos)
        self.lock.forget_after_erase()
        self._lock_store.damage_message = None
        self.data_changed()

    def warm_up_in_background(self) -> threading.Thread:
        """Build the journal's search index on a worker thread, so that the first search
        after start is as fast as the later ones (the UI's first query waits on the
        index lock if it comes before the build ends, instead of building it again)."""
        worker = threading.Thread(target=self.journal.warm_up, name="search-index", daemon=True)
        worker.start()
        return worker

    # -- reminders (one runner per process; see services/reminder_runner.py) --

    reminders = None  # ReminderRunner once start_reminders() ran
    notifier = None  # NotifierChain

    def start_reminders(self, *, os_notifications: bool):
        """Create the notifier chain and reminder runner (not yet looping); returns the runner."""
        if self.reminders is None:
            from ..notify import build_chain
            from .reminder_runner import ReminderRunner

            self.notifier = build_chain(os_notifications=os_notifications)
            self.reminders = ReminderRunner(self._repos, self.notifier, clock=self.clock,
                                            lock_on=lambda: self.lock.enabled)
        return self.reminders

    def missed_reminders(self):
        """Reminders missed while the app was closed that still matter, newest first."""
        if self.reminders is None:
            return []
        from .reminder_log import worth_showing

        starts = {r.id: r.starts_at for r in self._repos.rounds.all()}
        return worth_showing(self.reminders.missed(), starts, self.now())

    def reminder_problem(self) -> str | None:
        """Why reminders are not working right now (the last pass failed), for Settings."""
        return getattr(self.reminders, "failure", None)

    def backup_problem(self) -> str | None:
        """Why the last automatic backup failed, for Settings."""
        return self._repos.db.backup_error

    def data_changed(self) -> None:
        """Call after any edit: reminders are re-planned at once."""
        if self.reminders is not None:
            self.reminders.wake()


class StartError(Exception):
    """The app cannot start on its data folder; ``message`` says what is wrong, ``folder`` where."""

    def __init__(self, message: str, folder: str):
        super().__init__(message)
        self.message = message
        self.folder = folder


def open_services(folder: Path | None = None) -> AppServices:
    """Open the data folder for the app; StartError (a sentence and the folder) when it cannot be used."""
    chosen = folder
    try:
        chosen = folder or data_dir()
        return AppServices.open(chosen)
    except DataFolderError as e:
        raise StartError(str(e), str(e.folder)) from e
    except OSError as e:  # e.g. the data folder's parent cannot be created
        where = str(chosen or e.filename or "the data folder")
        raise StartError(f"InterviewPal cannot use its data folder {where}: {os_reason(e)}.", where) from e
    except Exception as e:  # noqa: BLE001 - never a traceback on screen; the cause is named
        where = str(chosen or "the data folder")
        raise StartError(f"InterviewPal could not open its data in {where} ({type(e).__name__}).", where) from e
