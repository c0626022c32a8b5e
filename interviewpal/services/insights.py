"""Insights: how each stage goes for the user, and what keeps coming up to improve.

Figures per stage (rounds taken, pass rate, average feeling and confidence),
feeling and confidence over time, and the most frequent words of the
'to improve' items. Only finished (non-draft) entries count for feelings and
words; rounds count from the rounds themselves.

Plain Python: no Flet.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from ..models import STAGE_ORDER, JournalEntry, Outcome, Stage
from ..storage.repositories import Repositories
from .time_zones import local_date

MIN_ENTRIES = 2  # fewer finished entries than this: show the empty state
TOP_WORDS = 10

STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
    don't down during each either even ever every few for from further get gets getting got had hadn't
    has hasn't have haven't having he her here hers herself him himself his how i i'd i'll i'm i've if
    in into is isn't it it's its itself just less let's like lot lots make may me might more most much
    must mustn't my myself need next no nor not now of off on once one only or other ought our ours
    ourselves out over own per quite rather really same shan't she should shouldn't so some still such
    than that that's the their theirs them themselves then there there's these they they'd they'll
    they're they've this those though through thus to too under until up upon us very was wasn't we
    we'd we'll we're we've were weren't what what's when where which while who whom whose why will with
    within without won't would wouldn't yet you you'd you'll you're you've your yours yourself
    yourselves bit better thing things etc
    """.split()
)

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")  # keeps "don't" and "trade-offs" whole


def improve_words(texts: list[str], top: int = TOP_WORDS) -> list[tuple[str, int]]:
    """The ``top`` most frequent words of ``texts``: lower case, stop words and one-letter words
    removed; ties in alphabetical order."""
    counts: Counter[str] = Counter()
    for text in texts:
        for word in _WORD.findall(text.lower()):
            word = word.replace("’", "'")
            if len(word) > 1 and word not in STOP_WORDS:
                counts[word] += 1
    return sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))[:top]


class MoodPoint(NamedTuple):
    """Feeling and confidence of one finished entry, on the round's date in the user's zone."""

    date: date
    feeling: int
    confidence: int


@dataclass(frozen=True)
class StageInsight:
    stage: Stage
    rounds_taken: int  # started already, not cancelled
    passed: int
    rejected: int
    entries: int  # finished reflections on rounds of this stage
    avg_feeling: float | None
    avg_confidence: float | None

    @property
    def label(self) -> str:
        return self.stage.label

    @property
    def decided(self) -> int:
        return self.passed + self.rejected

    @property
    def pass_rate(self) -> float | None:
        """passed / (passed + rejected), or None when no round of the stage was decided."""
        return self.passed / self.decided if self.decided else None

    @property
    def has_data(self) -> bool:
        return bool(self.rounds_taken or self.entries or self.decided)


@dataclass(frozen=True)
class Insights:
    stages: tuple[StageInsight, ...]  # all eight, in timeline order
    mood: tuple[MoodPoint, ...]  # oldest first
    improve_words: tuple[tuple[str, int], ...]  # most frequent first
    entries: int  # finished entries counted

    @property
    def has_enough_data(self) -> bool:
        return self.entries >= MIN_ENTRIES

    @property
    def active_stages(self) -> list[StageInsight]:
        """Stages with any rounds or reflections, for a compact table."""
        return [s for s in self.stages if s.has_data]

    @property
    def rounds_taken(self) -> int:
        return sum(s.rounds_taken for s in self.stages)

    @property
    def pass_rate(self) -> float | None:
        decided = sum(s.decided for s in self.stages)
        return sum(s.passed for s in self.stages) / decided if decided else None

    def stage(self, stage: Stage | str) -> StageInsight:
        wanted = Stage(stage)
        return next(s for s in self.stages if s.stage is wanted)


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


class InsightsService:
    """Patterns across the journal (see :class:`Insights`)."""

    def __init__(self, repos: Repositories, zone: str | None = None):
        self.repos = repos
        self.zone = zone  # the user's zone for calendar days; None: user_zone_name() at each call


    def compute(self, now: datetime) -> Insights:
        """All figures at ``now`` (an aware datetime)."""
        rounds = {r.id: r for r in self.repos.rounds.all()}
        entries: list[JournalEntry] = [e for e in self.repos.journal.all() if not e.draft]

        taken: Counter[Stage] = Counter()
        passed: Counter[Stage] = Counter()
        rejected: Counter[Stage] = Counter()
        for r in rounds.values():
            if r.outcome is Outcome.PASSED:
                passed[r.stage] += 1
            elif r.outcome is Outcome.REJECTED:
                rejected[r.stage] += 1
            if r.starts_at <= now and not r.is_cancelled:
                taken[r.stage] += 1

        feelings: dict[Stage, list[int]] = {}
        confidences: dict[Stage, list[int]] = {}
        mood: list[tuple[datetime, MoodPoint]] = []
        lesson_texts: list[str] = []
        for e in entries:
            rnd = rounds.get(e.round_id)
            if rnd is not None:
                feelings.setdefault(rnd.stage, []).append(e.feeling)
                confidences.setdefault(rnd.stage, []).append(e.confidence)
                when = rnd.starts_at
            else:
                when = e.written_at
            day = local_date(when, self.zone)  # the user's calendar day, not the round's own zone's
            mood.append((when, MoodPoint(day, e.feeling, e.confidence)))
            lesson_texts.extend(lesson.text for lesson in e.to_improve)

        stages = tuple(
            StageInsight(
                stage=s,
                rounds_taken=taken[s],
                passed=passed[s],
                rejected=rejected[s],
                entries=len(feelings.get(s, [])),
                avg_feeling=_mean(feelings.get(s, [])),
                avg_confidence=_mean(confidences.get(s, [])),
            )
            for s in STAGE_ORDER
        )
        mood.sort(key=lambda m: m[0])
        return Insights(
            stages=stages,
            mood=tuple(m[1] for m in mood),
            improve_words=tuple(improve_words(lesson_texts)),
            entries=len(entries),
        )
