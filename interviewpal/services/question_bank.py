"""The question bank: every question the user was asked, grouped by stage, to practise.

Questions are merged when they differ only in case, accents, punctuation or
spacing (:func:`question_key`). Each one says how often and where it came up.
Which questions the user has practised is kept in a small key-value store
(:class:`PracticeStore`), keyed by the same normalised text, so ticking a
question off counts for every stage and wording of it.

Plain Python: no Flet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..models import STAGE_ORDER, Stage, utc_now
from ..storage.key_value import KeyValueStore, MemoryKeyValueStore
from ..storage.repositories import Repositories
from .search import question_key
from .time_zones import local_date

__all__ = [
    "question_key", "PracticeStore", "Occurrence", "BankQuestion", "StageQuestions", "TypicalQuestion",
    "PractiseView", "QuestionBank",
]

# -- which questions were practised -------------------------------------------


class PracticeStore:
    """Which questions the user has practised, keyed by :func:`question_key`."""

    def __init__(self, kv: KeyValueStore | None = None, *, persistent: bool | None = None):
        self.kv = kv if kv is not None else MemoryKeyValueStore()
        self.persistent = not isinstance(self.kv, MemoryKeyValueStore) if persistent is None else persistent

    @classmethod
    def for_repos(cls, repos: Repositories) -> "PracticeStore":
        """The store in the database's ``question_practice`` table, when that table is registered.

        Without the table (an older storage layer) the state is kept in memory
        only and :attr:`persistent` is False.
        """
        kv = repos.practice_store()
        return cls(kv) if kv is not None else cls(MemoryKeyValueStore(), persistent=False)

    def practised_keys(self) -> set[str]:
        return {k for k, v in self.kv.all().items() if v.get("practised", True)}

    def is_practised(self, question: str) -> bool:
        key = question_key(question)
        value = self.kv.get(key) if key else None
        return bool(value and value.get("practised", True))

    def set_practised(self, question: str, practised: bool = True, *, now: datetime | None = None) -> str:
        """Mark (or unmark) a question, given in any wording or as its key; returns the key."""
        key = question_key(question)
        if not key:
            raise ValueError("The question is empty.")
        if practised:
            self.kv.put(key, {"practised": True, "at": (now or utc_now()).isoformat()})
        else:
            self.kv.delete(key)
        return key


# -- the bank --------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    """One time a question came up: in which entry, round and application."""

    entry_id: str
    round_id: str
    application_id: str
    company: str
    role: str
    round_date: date
    stage: Stage


@dataclass(frozen=True)
class BankQuestion:
    """A question as the user recorded it, merged over its wordings within one stage."""

    key: str
    text: str  # the most recent wording
    stage: Stage
    occurrences: tuple[Occurrence, ...]  # newest first
    practised: bool

    @property
    def count(self) -> int:
        return len(self.occurrences)

    @property
    def last_asked(self) -> date:
        return self.occurrences[0].round_date

    @property
    def companies(self) -> list[str]:
        """Companies where it came up, newest first, each once."""
        out: list[str] = []
        for o in self.occurrences:
            if o.company and o.company not in out:
                out.append(o.company)
        return out


@dataclass(frozen=True)
class StageQuestions:
    stage: Stage
    questions: tuple[BankQuestion, ...]

    @property
    def label(self) -> str:
        return self.stage.label

    @property
    def practised_count(self) -> int:
        return sum(q.practised for q in self.questions)


@dataclass(frozen=True)
class TypicalQuestion:
    """A typical question for the stage from the content pack."""

    text: str
    key: str
    practised: bool
    asked_count: int  # how often the user recorded this very question in this stage

    @property
    def asked(self) -> bool:
        return self.asked_count > 0


@dataclass(frozen=True)
class PractiseView:
    """The user's own questions for a stage next to the stage's typical questions."""

    stage: Stage
    own: tuple[BankQuestion, ...]
    typical: tuple[TypicalQuestion, ...]

    @property
    def label(self) -> str:
        return self.stage.label

    @property
    def is_empty(self) -> bool:
        return not self.own and not self.typical


class QuestionBank:
    """Aggregates the journal's questions; ``content`` is the stage content pack."""

    def __init__(self, repos: Repositories, content: Any = None, practice: PracticeStore | None = None,
                 zone: str | None = None):
        self.repos = repos
        self.zone = zone  # the user's zone for round dates; None: user_zone_name() at each call
        self._content = content
        self.practice = practice if practice is not None else PracticeStore.for_repos(repos)

    @property
    def content(self) -> Any:
        if self._content is None:
            from ..content import default_content

            self._content = default_content()
        return self._content

    def _collect(self) -> dict[Stage, dict[str, list[tuple[Occurrence, str, datetime]]]]:
        apps = {a.id: a for a in self.repos.applications.all()}
        rounds = {r.id: r for r in self.repos.rounds.all()}
        found: dict[Stage, dict[str, list[tuple[Occurrence, str, datetime]]]] = {}
        for entry in self.repos.journal.all():
            rnd = rounds.get(entry.round_id)
            if rnd is None or not entry.questions:
                continue  # without its round the stage is unknown
            app = apps.get(entry.application_id)
            occ = Occurrence(
                entry_id=entry.id,
                round_id=rnd.id,
                application_id=entry.application_id,
                company=app.company if app else "",
                role=app.role if app else "",
                round_date=local_date(rnd.starts_at, self.zone),  # the user's day, not the round's zone's
                stage=rnd.stage,
            )
            seen: set[str] = set()
            for text in entry.questions:
                key = question_key(text)
                if not key or key in seen:
                    continue  # once per entry
                seen.add(key)
                found.setdefault(rnd.stage, {}).setdefault(key, []).append((occ, text, rnd.starts_at))
        return found

    @staticmethod
    def _question(stage: Stage, key: str, hits: list[tuple[Occurrence, str, datetime]], practised: set[str]) -> BankQuestion:
        hits = sorted(hits, key=lambda h: (h[2], h[0].entry_id), reverse=True)
        return BankQuestion(
            key=key,
            text=hits[0][1],
            stage=stage,
            occurrences=tuple(h[0] for h in hits),
            practised=key in practised,
        )

    def groups(self, *, include_empty: bool = False) -> list[StageQuestions]:
        """Questions per stage in timeline order; within a stage the most asked first."""
        found = self._collect()
        practised = self.practice.practised_keys()
        out: list[StageQuestions] = []
        for stage in STAGE_ORDER:
            by_key = found.get(stage, {})
            questions = sorted(
                (self._question(stage, k, hits, practised) for k, hits in by_key.items()),
                key=lambda q: (-q.count, -q.last_asked.toordinal(), q.text.casefold()),
            )
            if questions or include_empty:
                out.append(StageQuestions(stage, tuple(questions)))
        return out

    def stage_questions(self, stage: Stage | str) -> list[BankQuestion]:
        wanted = Stage(stage)
        for group in self.groups():
            if group.stage is wanted:
                return list(group.questions)
        return []

    def practise_view(self, stage: Stage | str) -> PractiseView:
        """The user's questions for ``stage`` next to the content pack's typical ones."""
        wanted = Stage(stage)
        own = self.stage_questions(wanted)
        counts = {q.key: q.count for q in own}
        practised = self.practice.practised_keys()
        typical = []
        for text in self.content.stage(wanted).questions:
            key = question_key(text)
            typical.append(TypicalQuestion(text=text, key=key, practised=key in practised, asked_count=counts.get(key, 0)))
        return PractiseView(stage=wanted, own=tuple(own), typical=tuple(typical))

    def set_practised(self, question: str, practised: bool = True) -> str:
        """Tick (or untick) a question in any wording; returns its key."""
        return self.practice.set_practised(question, practised)
