"""The shape of the content pack: one guide per stage, plus general outlines.

Every limit an editor has to respect lives here, and every validator says what
is wrong in a sentence that names the field (the loader adds the file name).

Long because: it is the pack's whole schema (stage guides, general outlines, research
prompts, follow-up e-mail templates), kept in one file so an editor reads every limit
in one place.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator

from ..models.stage import STAGE_ORDER, Stage


class ListLimit(NamedTuple):
    """How many items a list may hold, and how long each item may be."""

    min_items: int
    max_items: int
    max_chars: int


NAME_MAX = 40
SUMMARY_MAX = 600
TIP_MAX = 140

STAGE_LISTS: dict[str, ListLimit] = {
    # The stage's own lists hold what fits every format; format-specific lines live in `formats`.
    "tips": ListLimit(4, 8, TIP_MAX),
    "checklist": ListLimit(3, 10, 80),
    "questions": ListLimit(5, 10, 200),
    "reflection_prompts": ListLimit(4, 6, 200),
}

QUESTIONS_TO_ASK = ListLimit(8, 12, 200)
STEP_MAX = 40
HINT_MAX = 240
STAR_STEPS: tuple[str, ...] = ("Situation", "Task", "Action", "Result")  # the English labels; any language's labels load
SUMMARY_SENTENCES = (2, 4)
ID_MAX = 40
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A sentence ends with . ! ? … (or the CJK full stop) followed by a space or the end.
_SENTENCE_END = re.compile(r"[.!?…。！？](?:[\"'”’»)]*)(?=\s|$)")
INTRO_STEPS = (3, 5)

# The Research section of each application: prompts (answers are stored by prompt id), and the
# checklist item that opens it. Which stages' cards show the answers: services/research.py.
RESEARCH_PROMPTS = (3, 8)
RESEARCH_LABEL_MAX = 30
RESEARCH_PROMPT_MAX = 100
RESEARCH_HINT_MAX = 200
RESEARCH_CHECK_ID = "research-done"

# Short per-format sections merged into a round's card (video, phone, on site; take-home
# only for the technical stage). A round never sees another format's lines.
FORMAT_KEYS: tuple[str, ...] = ("video", "phone", "on_site", "take_home")
FORMAT_ONLY_FOR: dict[str, str] = {"take_home": "technical"}
FORMAT_LISTS: dict[str, ListLimit] = {
    "tips": ListLimit(0, 4, TIP_MAX),
    "checklist": ListLimit(0, 5, 80),
}

_SPACES = re.compile(r"\s+")


def clean_text(value: str) -> str:
    """Strip the ends and fold runs of whitespace (line breaks too) into one space."""
    return _SPACES.sub(" ", value).strip()


def check_text(field: str, value: str, max_chars: int) -> str:
    """Clean one text field; refuse it when empty or longer than ``max_chars``."""
    value = clean_text(value)
    if not value:
        raise ValueError(f"{field} is empty; write some text.")
    if len(value) > max_chars:
        raise ValueError(f"{field} is {len(value)} characters; the limit is {max_chars}.")
    return value


def check_id(value: str) -> str:
    """A stable id: lower-case letters, digits and dashes, up to ``ID_MAX`` characters."""
    value = value.strip()
    if not value:
        raise ValueError("id is empty; give the item a short id like \"job-ad\".")
    if len(value) > ID_MAX or not _ID.match(value):
        raise ValueError(
            f'id "{value}" should be lower-case letters, digits and dashes (up to {ID_MAX}), like "job-ad".'
        )
    return value


def count_sentences(text: str) -> int:
    """How many sentences ``text`` holds; a trailing piece without a full stop counts as one."""
    ends = list(_SENTENCE_END.finditer(text))
    tail = text[ends[-1].end():].strip() if ends else text.strip()
    return len(ends) + (1 if tail else 0)


class CheckItem(BaseModel):
    """One checklist line: a stable id (ticks are stored by it) and the text shown."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    text: str

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return check_id(value)

    def __str__(self) -> str:
        return self.text


def check_checklist(field: str, values: tuple[CheckItem, ...], limit: ListLimit) -> tuple[CheckItem, ...]:
    """The text rules of :func:`check_items`, plus one id per item."""
    texts = check_items(field, tuple(v.text for v in values), limit)
    problems: list[str] = []
    seen: dict[str, int] = {}
    for n, item in enumerate(values, 1):
        if item.id in seen:
            problems.append(f'{field} item {n} has the id "{item.id}" of item {seen[item.id]}; each id must be different.')
        else:
            seen[item.id] = n
    if problems:
        raise ValueError("\n".join(problems))
    return tuple(CheckItem(id=v.id, text=t) for v, t in zip(values, texts))


def check_items(field: str, values: tuple[str, ...], limit: ListLimit) -> tuple[str, ...]:
    """Clean every item of a list and check its count, lengths and repeats.

    All problems are reported at once, one sentence per line.
    """
    items = tuple(clean_text(v) for v in values)
    problems: list[str] = []
    if not limit.min_items <= len(items) <= limit.max_items:
        problems.append(
            f"{field} has {len(items)} items; it needs {limit.min_items} to {limit.max_items}."
        )
    seen: dict[str, int] = {}
    for n, item in enumerate(items, 1):
        if not item:
            problems.append(f"{field} item {n} is empty; write some text or remove it.")
            continue
        if len(item) > limit.max_chars:
            problems.append(
                f"{field} item {n} is {len(item)} characters; the limit is {limit.max_chars}."
            )
        key = item.casefold()
        if key in seen:
            problems.append(
                f'{field} item {n} repeats item {seen[key]} ("{item}"); each item must be different.'
            )
        else:
            seen[key] = n
    if problems:
        raise ValueError("\n".join(problems))
    return items


class FormatSection(BaseModel):
    """Tips and checklist lines that only apply to one format of round (e.g. a video call)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tips: tuple[str, ...] = ()
    checklist: tuple[CheckItem, ...] = ()

    @field_validator("tips")
    @classmethod
    def _tips(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return check_items("tips", value, FORMAT_LISTS["tips"])

    @field_validator("checklist")
    @classmethod
    def _checklist(cls, value: tuple[CheckItem, ...]) -> tuple[CheckItem, ...]:
        return check_checklist("checklist", value, FORMAT_LISTS["checklist"])


class StageGuide(BaseModel):
    """What the app shows for one stage: summary, tips, checklist, questions, prompts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Stage
    order: int
    name: str
    summary: str
    tips: tuple[str, ...]
    checklist: tuple[CheckItem, ...]
    questions: tuple[str, ...]
    reflection_prompts: tuple[str, ...]
    formats: dict[str, FormatSection] = {}

    @field_validator("order")
    @classmethod
    def _order_in_range(cls, value: int) -> int:
        if not 1 <= value <= len(STAGE_ORDER):
            raise ValueError(f"order is {value}; it must be a whole number from 1 to {len(STAGE_ORDER)}.")
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_text("name", value, NAME_MAX)

    @field_validator("summary")
    @classmethod
    def _summary(cls, value: str) -> str:
        value = check_text("summary", value, SUMMARY_MAX)
        low, high = SUMMARY_SENTENCES
        n = count_sentences(value)
        if not low <= n <= high:
            raise ValueError(f"summary has {n} sentences; it needs {low} to {high}.")
        return value

    @field_validator("tips", "questions", "reflection_prompts")
    @classmethod
    def _lists(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        return check_items(info.field_name, value, STAGE_LISTS[info.field_name])

    @field_validator("checklist")
    @classmethod
    def _checklist(cls, value: tuple[CheckItem, ...]) -> tuple[CheckItem, ...]:
        return check_checklist("checklist", value, STAGE_LISTS["checklist"])

    @field_validator("formats")
    @classmethod
    def _formats(cls, value: dict[str, FormatSection], info: ValidationInfo) -> dict[str, FormatSection]:
        problems: list[str] = []
        stage = info.data.get("id")
        for key, section in value.items():
            if key not in FORMAT_KEYS:
                problems.append(f"formats.{key} is not a format; use one of: {', '.join(FORMAT_KEYS)}.")
                continue
            only = FORMAT_ONLY_FOR.get(key)
            if only and stage is not None and stage.value != only:
                problems.append(f"formats.{key} is only for the '{only}' stage; move it there or remove it.")
            for field in FORMAT_LISTS:
                general = {str(t).casefold(): n for n, t in enumerate(info.data.get(field) or (), 1)}
                for n, item in enumerate(getattr(section, field), 1):
                    if str(item).casefold() in general:
                        problems.append(
                            f'formats.{key}.{field} item {n} repeats {field} item {general[str(item).casefold()]} '
                            f'("{item}"); keep it in one place.'
                        )
            stage_ids = {c.id: n for n, c in enumerate(info.data.get("checklist") or (), 1)}
            for n, item in enumerate(section.checklist, 1):
                if item.id in stage_ids:
                    problems.append(
                        f'formats.{key}.checklist item {n} has the id "{item.id}" of checklist item '
                        f"{stage_ids[item.id]}; each id must be different."
                    )
        texts: dict[str, tuple[str, str]] = {}  # one id means one line in every format
        for key, section in value.items():
            for n, item in enumerate(section.checklist, 1):
                if item.id in texts and texts[item.id][1] != item.text:
                    problems.append(
                        f'formats.{key}.checklist item {n} has the id "{item.id}" of a different line in '
                        f"formats.{texts[item.id][0]}; give it its own id."
                    )
                texts.setdefault(item.id, (key, item.text))
        if problems:
            raise ValueError("\n".join(problems))
        return value

    def checklist_for(self, format_key: str | None) -> tuple[CheckItem, ...]:
        """A round's checklist: the format's lines first, then the stage's (no format: the stage's)."""
        if format_key is None:
            return self.checklist
        return (*self.section(format_key).checklist, *self.checklist)

    def section(self, format_key: str) -> FormatSection:
        """The lines for one format ('video', 'phone', 'on_site', 'take_home'); empty when there are none."""
        return self.formats.get(format_key, FormatSection())


class OutlineStep(BaseModel):
    """One step of an answer outline: a short label and a hint on what to say."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: str
    hint: str

    @field_validator("step")
    @classmethod
    def _step(cls, value: str) -> str:
        return check_text("step", value, STEP_MAX)

    @field_validator("hint")
    @classmethod
    def _hint(cls, value: str) -> str:
        return check_text("hint", value, HINT_MAX)


class ResearchPrompt(BaseModel):
    """One prompt of an application's Research section; the user's answer is stored by its id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str  # short, for the round's card ("What they sell")
    prompt: str  # the question above the answer field
    hint: str = ""

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        return check_id(value)

    @field_validator("label")
    @classmethod
    def _label(cls, value: str) -> str:
        return check_text("label", value, RESEARCH_LABEL_MAX)

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, value: str) -> str:
        return check_text("prompt", value, RESEARCH_PROMPT_MAX)

    @field_validator("hint")
    @classmethod
    def _hint(cls, value: str) -> str:
        value = clean_text(value)
        if len(value) > RESEARCH_HINT_MAX:
            raise ValueError(f"hint is {len(value)} characters; the limit is {RESEARCH_HINT_MAX}.")
        return value


class GeneralGuide(BaseModel):
    """Material for every stage: the STAR outline, questions to ask, a short intro, research prompts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    star_outline: tuple[OutlineStep, ...]
    questions_to_ask: tuple[str, ...]
    intro_outline: tuple[OutlineStep, ...]
    research_prompts: tuple[ResearchPrompt, ...]

    @field_validator("research_prompts")
    @classmethod
    def _research(cls, value: tuple[ResearchPrompt, ...]) -> tuple[ResearchPrompt, ...]:
        low, high = RESEARCH_PROMPTS
        problems: list[str] = []
        if not low <= len(value) <= high:
            problems.append(f"research_prompts has {len(value)} items; it needs {low} to {high}.")
        ids: dict[str, int] = {}
        labels: dict[str, int] = {}
        for n, p in enumerate(value, 1):
            if p.id in ids:
                problems.append(f'research_prompts item {n} has the id "{p.id}" of item {ids[p.id]}; each id must be different.')
            else:
                ids[p.id] = n
            key = p.label.casefold()
            if key in labels:
                problems.append(
                    f'research_prompts item {n} repeats the label "{p.label}" of item {labels[key]}; each label must be different.'
                )
            else:
                labels[key] = n
        if problems:
            raise ValueError("\n".join(problems))
        return value

    @field_validator("star_outline")
    @classmethod
    def _star(cls, value: tuple[OutlineStep, ...]) -> tuple[OutlineStep, ...]:
        # Four steps in the order Situation, Task, Action, Result; the labels are the pack's
        # own words in its language (e.g. "Tâche" in French), so only their count is fixed.
        steps = tuple(s.step for s in value)
        if len(steps) != len(STAR_STEPS) or len({s.casefold() for s in steps}) != len(steps):
            found = ", ".join(steps) or "nothing"
            raise ValueError(
                f"star_outline needs exactly {len(STAR_STEPS)} different steps, in the order "
                f"{', '.join(STAR_STEPS)} (in the pack's language); found {found}."
            )
        return value

    @field_validator("questions_to_ask")
    @classmethod
    def _questions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return check_items("questions_to_ask", value, QUESTIONS_TO_ASK)

    @field_validator("intro_outline")
    @classmethod
    def _intro(cls, value: tuple[OutlineStep, ...]) -> tuple[OutlineStep, ...]:
        low, high = INTRO_STEPS
        problems: list[str] = []
        if not low <= len(value) <= high:
            problems.append(f"intro_outline has {len(value)} steps; it needs {low} to {high}.")
        seen: dict[str, int] = {}
        for n, s in enumerate(value, 1):
            key = s.step.casefold()
            if key in seen:
                problems.append(
                    f'intro_outline item {n} repeats the step "{s.step}" of item {seen[key]}; '
                    "each step must be different."
                )
            else:
                seen[key] = n
        if problems:
            raise ValueError("\n".join(problems))
        return value


class ContentPack(BaseModel):
    """All the guides: the eight stages in timeline order, and the general material."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stages: tuple[StageGuide, ...]
    general: GeneralGuide
    follow_ups: "FollowUpTemplates | None" = None  # follow_ups.toml (issue 13); None only in the empty fallback pack

    @field_validator("stages")
    @classmethod
    def _one_per_stage(cls, value: tuple[StageGuide, ...]) -> tuple[StageGuide, ...]:
        problems: list[str] = []
        ids = [g.id for g in value]
        orders = [g.order for g in value]
        for stage in STAGE_ORDER:
            if ids.count(stage) > 1:
                problems.append(f"stage id '{stage}' is used {ids.count(stage)} times; each stage needs exactly one guide.")
            elif stage not in ids:
                problems.append(f"there is no guide for stage '{stage}'.")
        for order in sorted(set(orders)):
            if orders.count(order) > 1:
                problems.append(f"order {order} is used {orders.count(order)} times; each stage needs its own place.")
        if sorted(orders) != list(range(1, len(STAGE_ORDER) + 1)) and not problems:
            problems.append(f"the orders must be 1 to {len(STAGE_ORDER)}; found {sorted(orders)}.")
        if problems:
            raise ValueError("\n".join(problems))
        return tuple(sorted(value, key=lambda g: g.order))

    def stage(self, stage_id: Stage | str) -> StageGuide:
        """The guide for one stage; ``stage_id`` may be a Stage or its value."""
        wanted = Stage(stage_id)
        for guide in self.stages:
            if guide.id is wanted:
                return guide
        raise KeyError(wanted)  # cannot happen: validation requires every stage


# -- follow-up e-mail templates (follow_ups.toml, issue 13) ------------------

SUBJECT_MAX = 120
BODY_MAX = 1500
# What a template may use; each is filled from the round, the person and the reflection.
PLACEHOLDERS: frozenset[str] = frozenset({"name", "first_name", "role", "company", "stage", "point", "decide_by"})
_FORMATTER = __import__("string").Formatter()


def placeholders_in(field: str, value: str) -> set[str]:
    """The {names} a template text uses; a sentence naming the field when one is unknown or a brace is odd."""
    try:
        names = {name for _, name, spec, conv in _FORMATTER.parse(value) if name is not None}
    except ValueError:
        raise ValueError(f"{field} has a {{ or }} without its pair; write {{{{ or }}}} for a literal brace.") from None
    unknown = sorted(n for n in names if n not in PLACEHOLDERS)
    if unknown:
        raise ValueError(f"{field} uses {{{unknown[0]}}}, which is not known; use "
                         + ", ".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS)) + ".")
    return names


class MailTemplate(BaseModel):
    """A subject and body for one kind of follow-up; the bodies differ by what the reflection holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    subject: str
    body: str  # the plain body: used when there is no point from the reflection (thank-you) or no date (chase)
    body_went_well: str = ""  # thank-you: uses {point}, something the user wrote went well
    body_question: str = ""  # thank-you: uses {point}, a question they were asked
    body_decide_by: str = ""  # chase: uses {decide_by}, the date they said they would decide by

    @field_validator("subject")
    @classmethod
    def _subject(cls, value: str, info: ValidationInfo) -> str:
        value = check_text(info.field_name, value, SUBJECT_MAX)
        placeholders_in(info.field_name, value)
        return value

    @field_validator("body", "body_went_well", "body_question", "body_decide_by")
    @classmethod
    def _body(cls, value: str, info: ValidationInfo) -> str:
        value = value.strip().replace("\r\n", "\n")
        if not value:
            if info.field_name == "body":
                raise ValueError("body is empty; write the e-mail's text.")
            return value
        if len(value) > BODY_MAX:
            raise ValueError(f"{info.field_name} is {len(value)} characters; the limit is {BODY_MAX}.")
        names = placeholders_in(info.field_name, value)
        needs = {"body_went_well": "point", "body_question": "point", "body_decide_by": "decide_by"}.get(info.field_name)
        if needs and needs not in names:
            raise ValueError(f"{info.field_name} does not use {{{needs}}}; that is what makes it differ from body.")
        return value


class FollowUpTemplates(BaseModel):
    """The e-mails behind "Write email": a thank-you to an interviewer, chasing a decision."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    thank_you: MailTemplate
    chase: MailTemplate


ContentPack.model_rebuild()
