"""The quick-tips card: everything to glance at right before walking into a round."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import ContentPack
from ..content.schema import StageGuide
from ..models import Application, Round, Stage
from ..storage import Repositories


@dataclass(frozen=True)
class ChecklistItem:
    index: int
    text: str
    done: bool


@dataclass
class QuickTipsCard:
    guide: StageGuide
    round: Round | None = None
    application: Application | None = None
    checklist: list[ChecklistItem] = field(default_factory=list)
    lessons: list = field(default_factory=list)  # services.lessons.LessonView

    @property
    def is_guide_only(self) -> bool:
        return self.round is None


def card_for_stage(content: ContentPack, stage: Stage) -> QuickTipsCard:
    """The card as a guide, with no round scheduled."""
    guide = content.stage(stage)
    return QuickTipsCard(guide=guide, checklist=[ChecklistItem(i, t, False) for i, t in enumerate(guide.checklist)])


def card_for_round(repos: Repositories, content: ContentPack, round_id: str) -> QuickTipsCard | None:
    """The card for one round: its details, the stage guide, saved ticks and earlier lessons."""
    from .lessons import lessons_for_round

    rnd = repos.rounds.get(round_id)
    if rnd is None:
        return None
    guide = content.stage(rnd.stage)
    ticks = set(rnd.checklist_done)
    return QuickTipsCard(
        guide=guide,
        round=rnd,
        application=repos.applications.get(rnd.application_id),
        checklist=[ChecklistItem(i, t, i in ticks) for i, t in enumerate(guide.checklist)],
        lessons=lessons_for_round(repos, round_id),
    )
