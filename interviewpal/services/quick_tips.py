"""The quick-tips card: everything to glance at right before walking into a round.

The card is made for the round: the stage's tips and checklist are merged with the short
section for the round's format (video, phone, on site, take-home), and a line written for
another format never shows. Plain Python: no Flet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import ContentPack
from ..content.schema import StageGuide
from ..models import Application, CallDirection, Round, RoundFormat, Stage
from ..storage import Repositories
from .lessons import LessonService
from .research import research_for_round
from .people import PeopleService

TOP_TIPS = 4  # tips shown before "More tips"; the rest fold away
TOP_LESSONS = 3  # lessons shown before "more"

CHECKLIST_TITLES = {
    RoundFormat.VIDEO: "Before you join the call",
    RoundFormat.ON_SITE: "Before you walk in",
    RoundFormat.TAKE_HOME: "Before you start",
}
GUIDE_CHECKLIST_TITLE = "Checklist"


@dataclass(frozen=True)
class ChecklistItem:
    id: str  # the content pack's stable id; ticks are stored by it
    text: str
    done: bool


@dataclass
class QuickTipsCard:
    guide: StageGuide
    round: Round | None = None
    application: Application | None = None
    tips: list[str] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)
    checklist_title: str = GUIDE_CHECKLIST_TITLE
    lessons: list = field(default_factory=list)  # services.lessons.LessonView
    research: list = field(default_factory=list)  # services.research.ResearchAnswer: the answered ones
    who: list[str] = field(default_factory=list)  # issue 13: interviewers, then the recruiter

    @property
    def is_guide_only(self) -> bool:
        return self.round is None

    @property
    def top_tips(self) -> list[str]:
        return self.tips[:TOP_TIPS]

    @property
    def more_tips(self) -> list[str]:
        return self.tips[TOP_TIPS:]


def checklist_title(rnd: Round) -> str:
    """'Before you join the call' / 'Before they call' / 'Before you call' / 'Before you walk in'."""
    if rnd.format is RoundFormat.PHONE:
        return "Before you call" if rnd.call_direction is CallDirection.I_CALL else "Before they call"
    return CHECKLIST_TITLES[rnd.format]


def merged_tips(guide: StageGuide, fmt: RoundFormat) -> list[str]:
    """The format's own tips first (the most urgent in the last minute), then the stage's."""
    return [*guide.section(fmt.value).tips, *guide.tips]


def merged_checklist(guide: StageGuide, fmt: RoundFormat) -> list[str]:
    """The format's checklist lines first, then the stage's."""
    return [c.text for c in guide.checklist_for(fmt.value)]


def card_for_stage(content: ContentPack, stage: Stage) -> QuickTipsCard:
    """The card as a guide, with no round scheduled: the stage's own lists only."""
    guide = content.stage(stage)
    return QuickTipsCard(guide=guide, tips=list(guide.tips),
                         checklist=[ChecklistItem(c.id, c.text, False) for c in guide.checklist])


class QuickTipsService:
    """The quick-tips card: for a round (with its ticks and lessons) or for a stage as a guide."""

    def __init__(self, repos: Repositories, content: ContentPack):
        self.repos = repos
        self.content = content
        self.lessons = LessonService(repos)

    def for_stage(self, stage: Stage) -> QuickTipsCard:
        return card_for_stage(self.content, stage)

    def for_round(self, round_id: str, lesson_limit: int | None = None) -> QuickTipsCard | None:
        """The card for one round: its details, tips and checklist for its stage and format, ticks, lessons."""
        rnd = self.repos.rounds.get(round_id)
        if rnd is None:
            return None
        guide = self.content.stage(rnd.stage)
        ticks = set(rnd.checklist_done)
        app = self.repos.applications.get(rnd.application_id)
        return QuickTipsCard(
            guide=guide,
            round=rnd,
            application=app,
            research=research_for_round(self.content, app, rnd),
            who=PeopleService(self.repos).who(rnd, app),
            tips=merged_tips(guide, rnd.format),
            checklist=[ChecklistItem(c.id, c.text, c.id in ticks) for c in guide.checklist_for(rnd.format.value)],
            checklist_title=checklist_title(rnd),
            lessons=self.lessons.for_round(round_id, limit=lesson_limit),
        )
