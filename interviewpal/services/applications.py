"""Applications: list, filter, search, create, edit, archive, delete with undo."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Application, ApplicationStatus, JournalEntry, Round
from ..storage import Repositories
from .forms import validate


@dataclass
class Deleted:
    """What a delete removed, so that Undo can put it back exactly."""

    applications: list[Application] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    entries: list[JournalEntry] = field(default_factory=list)

    @property
    def summary(self) -> str:
        parts = []
        if self.applications:
            parts.append(self.applications[0].company if len(self.applications) == 1 else f"{len(self.applications)} applications")
        if self.rounds:
            parts.append(f"{len(self.rounds)} round{'s' if len(self.rounds) != 1 else ''}")
        if self.entries:
            parts.append(f"{len(self.entries)} reflection{'s' if len(self.entries) != 1 else ''}")
        return ", ".join(parts)


def _matches(app: Application, words: list[str]) -> bool:
    hay = " ".join([app.company, app.role, app.location, app.source, app.notes, " ".join(app.tags)]).lower()
    return all(w in hay for w in words)


class ApplicationService:
    def __init__(self, repos: Repositories):
        self.repos = repos

    def list(self, status: ApplicationStatus | None = None, query: str = "", archived: bool = False) -> list[Application]:
        """Applications, most recently updated first."""
        words = query.lower().split()
        apps = [
            a for a in self.repos.applications.all()
            if a.archived == archived and (status is None or a.status == status) and _matches(a, words)
        ]
        return sorted(apps, key=lambda a: a.updated_at, reverse=True)

    def get(self, app_id: str) -> Application | None:
        return self.repos.applications.get(app_id)

    def create(self, **fields) -> Application:
        app = validate(Application, fields)
        return self.repos.applications.add(app)

    def update(self, app_id: str, **fields) -> Application:
        current = self.repos.applications.require(app_id)
        data = current.model_dump()
        data.update(fields)
        app = validate(Application, data)
        return self.repos.applications.save(app)

    def set_status(self, app_id: str, status: ApplicationStatus) -> Application:
        return self.update(app_id, status=status)

    def set_archived(self, app_id: str, archived: bool = True) -> Application:
        return self.update(app_id, archived=archived)

    def delete(self, app_id: str) -> Deleted:
        """Delete an application with its rounds and reflections; returns them for undo."""
        with self.repos.db.locked():
            gone = Deleted()
            app = self.repos.applications.delete(app_id)
            if app:
                gone.applications.append(app)
            gone.rounds = self.repos.rounds.delete_where("application_id", app_id)
            gone.entries = self.repos.journal.delete_where("application_id", app_id)
        return gone

    def restore(self, gone: Deleted) -> None:
        """Undo a delete."""
        with self.repos.db.locked():
            for a in gone.applications:
                self.repos.applications.save(a, touch=False)
            if gone.rounds:
                self.repos.rounds.add_many(gone.rounds)
            if gone.entries:
                self.repos.journal.add_many(gone.entries)


def offer_summary(app: Application) -> list[str]:
    """The offer's figures as short lines ('Base 85,000 EUR', 'Answer by 10 Jun 2026'); [] when none."""
    from ..models.application import amount_text

    cur = f" {app.offer_currency}" if app.offer_currency else ""
    lines = []
    if app.offer_base is not None:
        lines.append(f"Base {amount_text(app.offer_base)}{cur}")
    if app.offer_bonus is not None:
        lines.append(f"Bonus {amount_text(app.offer_bonus)}{cur}")
    if app.offer_equity:
        lines.append(f"Equity {app.offer_equity}")
    if app.offer_deadline is not None:
        lines.append(f"Answer by {app.offer_deadline.day} {app.offer_deadline:%b %Y}")
    return lines


def applied_text(app: Application) -> str:
    """'Applied on 1 Apr 2026', or '' when the date is not known."""
    d = app.applied_on
    return f"Applied on {d.day} {d:%b %Y}" if d else ""
