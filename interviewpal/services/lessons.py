"""Lessons learned: earlier 'to improve' items shown again before the next round.

Before a round, the user sees what they wanted to improve after *earlier*
rounds: first the items they marked "for every round" (from any application and
stage), then from the same application, then from the same stage at other
companies, newest first within each group. Items marked learned are hidden.

Plain Python: no Flet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..models import JournalEntry, Stage
from ..storage.repositories import NotFound, Repositories


def source_text(company: str, stage: Stage, day: date) -> str:
    """Where a lesson comes from, e.g. 'Acme · Technical assessment · 3 Mar 2025'."""
    return " · ".join(p for p in (company, stage.label, f"{day.day} {day:%b %Y}") if p)


@dataclass(frozen=True)
class LessonView:
    """One open to-improve item from an earlier reflection.

    ``source`` is the ready-to-show line (company · stage label · date); the
    parts are there too for a custom layout.
    """

    text: str
    source: str
    company: str
    stage: Stage
    date: date
    entry_id: str
    lesson_id: str
    same_application: bool
    every_round: bool = False

    @property
    def stage_label(self) -> str:
        return self.stage.label


class LessonService:
    """Lessons from earlier reflections: the ones for a round, marking one learned."""

    def __init__(self, repos: Repositories):
        self.repos = repos


    def for_round(self, round_id: str, limit: int | None = 5) -> list[LessonView]:
        """Open to-improve items from reflections on rounds that started before this one.

        The round's own entry is left out. Items marked "for every round" come first
        whatever their application or stage; then items from the same application,
        then items from rounds of the same stage in other applications; newest round
        first within each group, items of one entry in the order written. The same
        text written after several rounds shows once. ``limit=None`` returns them all.
        """
        this = self.repos.rounds.require(round_id)
        apps = {a.id: a for a in self.repos.applications.all()}
        rounds = {r.id: r for r in self.repos.rounds.all()}
        picked: list[tuple] = []
        for entry in self.repos.journal.all():
            if entry.round_id == this.id:
                continue
            rnd = rounds.get(entry.round_id)
            if rnd is None or rnd.starts_at >= this.starts_at:
                continue
            same_app = entry.application_id == this.application_id
            related = same_app or rnd.stage is this.stage
            if not related and not any(lesson.every_round and not lesson.learned for lesson in entry.to_improve):
                continue
            for pos, lesson in enumerate(entry.to_improve):
                if lesson.learned or not (related or lesson.every_round):
                    continue
                group = 0 if lesson.every_round else 1 if same_app else 2
                picked.append((group, -rnd.starts_at.timestamp(), entry.id, pos, (entry, rnd, lesson, same_app)))
        picked.sort(key=lambda p: p[:4])
        views: list[LessonView] = []
        seen: set[str] = set()
        for *_key, (entry, rnd, lesson, same_app) in picked:
            # The same lesson written after several rounds shows once, where it ranks highest.
            key = " ".join(lesson.text.casefold().split())
            if key in seen:
                continue
            seen.add(key)
            app = apps.get(entry.application_id)
            company = app.company if app else ""
            day = rnd.local_start.date()
            views.append(LessonView(
                text=lesson.text,
                source=source_text(company, rnd.stage, day),
                company=company,
                stage=rnd.stage,
                date=day,
                entry_id=entry.id,
                lesson_id=lesson.id,
                same_application=same_app,
                every_round=lesson.every_round,
            ))
            if limit is not None and 0 <= limit <= len(views):
                break
        return views[:limit] if limit is not None and limit >= 0 else views

    def mark_learned(self, entry_id: str, lesson_id: str, learned: bool = True) -> JournalEntry:
        """Mark one to-improve item learned (or not); returns the saved entry.

        Raises :class:`NotFound` when the entry or the item does not exist.
        """
        with self.repos.db.locked():
            entry = self.repos.journal.require(entry_id)
            if not any(lesson.id == lesson_id for lesson in entry.to_improve):
                raise NotFound(lesson_id)
            lessons = [
                lesson.model_copy(update={"learned": learned}) if lesson.id == lesson_id else lesson
                for lesson in entry.to_improve
            ]
            return self.repos.journal.save(entry.model_copy(update={"to_improve": lessons}))
