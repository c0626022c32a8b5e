"""Company research per application: the content pack's prompts and the user's answers.

Answers are stored on the application (``Application.research``) by prompt id, so rewording
a prompt in the pack keeps them; an answer to a prompt the pack no longer has stays stored
(and in backups) but is not shown. The answers show on the quick-tips card of the stages in
:data:`RESEARCH_STAGES`. Plain Python: no Flet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..content import ContentPack
from ..content.schema import RESEARCH_CHECK_ID
from ..models import Application, Round, Stage
from ..models.application import RESEARCH_ANSWER_MAX
from ..storage import Repositories
from .forms import FormError

# The rounds whose card shows the research (picked by stage id; the names come from the pack).
RESEARCH_STAGES: frozenset[Stage] = frozenset({Stage.SCREENING, Stage.PHONE_VIDEO, Stage.IN_PERSON, Stage.FINAL_OFFER})
CHECK_ID = RESEARCH_CHECK_ID  # the checklist item "Research done", which opens the section


@dataclass(frozen=True)
class ResearchAnswer:
    """One prompt of the pack and the user's answer to it ("" when not answered yet)."""

    id: str
    label: str
    prompt: str
    hint: str
    answer: str


@dataclass(frozen=True)
class ResearchView:
    application: Application
    items: tuple[ResearchAnswer, ...]

    @property
    def filled(self) -> tuple[ResearchAnswer, ...]:
        return tuple(i for i in self.items if i.answer)

    @property
    def is_empty(self) -> bool:
        return not self.filled

    @property
    def progress(self) -> str:
        """'Not started' / '2 of 5 answered' / 'All 5 answered'."""
        n, total = len(self.filled), len(self.items)
        if n == 0:
            return "Not started"
        return f"All {total} answered" if n == total else f"{n} of {total} answered"


def too_long(text: str) -> str:
    """The sentence for an answer over the limit (fits a 360 px screen)."""
    return f"Keep this under {RESEARCH_ANSWER_MAX:,} characters (it has {len(text):,})."


def answers_for(content: ContentPack, app: Application) -> tuple[ResearchAnswer, ...]:
    """Every prompt of the pack, in the pack's order, with the application's answer."""
    return tuple(ResearchAnswer(p.id, p.label, p.prompt, p.hint, app.research.get(p.id, ""))
                 for p in content.general.research_prompts)


def research_for_round(content: ContentPack, app: Application | None, rnd: Round) -> list[ResearchAnswer]:
    """The answered prompts to show on this round's card: none for a stage outside RESEARCH_STAGES."""
    if app is None or rnd.stage not in RESEARCH_STAGES:
        return []
    return [a for a in answers_for(content, app) if a.answer]


class ResearchService:
    """Read and save the Research section of an application."""

    def __init__(self, repos: Repositories, content: ContentPack):
        self.repos = repos
        self.content = content

    @property
    def prompt_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.content.general.research_prompts)

    def for_application(self, app_id: str) -> ResearchView | None:
        app = self.repos.applications.get(app_id)
        if app is None:
            return None
        return ResearchView(app, answers_for(self.content, app))

    def check(self, answers: Mapping[str, object]) -> tuple[dict[str, str], dict[str, str]]:
        """Split input into (answers that can be stored, {prompt id: sentence} for the others)."""
        known = set(self.prompt_ids)
        good: dict[str, str] = {}
        errors: dict[str, str] = {}
        for key, value in answers.items():
            if key not in known:
                errors[str(key)] = f'There is no research prompt "{str(key)[:40]}".'
            elif not isinstance(value, str):
                errors[key] = "The answer should be text."
            elif len(value.strip()) > RESEARCH_ANSWER_MAX:
                errors[key] = too_long(value.strip())
            else:
                good[key] = value.strip()
        return good, errors

    def save(self, app_id: str, answers: Mapping[str, object]) -> Application:
        """Store these answers (others are kept; "" removes one). FormError, nothing stored, on bad input."""
        good, errors = self.check(answers)
        if errors:
            raise FormError(errors)
        return self._store(app_id, good)

    def save_what_fits(self, app_id: str, answers: Mapping[str, object]) -> tuple[Application, dict[str, str]]:
        """For autosave: store the answers that can be, and say what is wrong with the others."""
        good, errors = self.check(answers)
        return self._store(app_id, good), errors

    def _store(self, app_id: str, good: dict[str, str]) -> Application:
        app = self.repos.applications.get(app_id)
        if app is None:
            raise FormError({"": "This application was deleted."})
        research = {**app.research, **good}
        research = {k: v for k, v in research.items() if v}
        if research == app.research:
            return app
        return self.repos.applications.save(app.model_copy(update={"research": research}))
