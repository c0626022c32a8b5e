"""Read the content pack from the TOML files in ``content/<language>/`` (``content/en/`` ships).

Every problem becomes a :class:`ContentError` whose message names the file and
the field, so an editor can fix it without reading code.

A broken pack never stops the app: :func:`open_content` returns the pack to use and, when
something was wrong, one sentence for the user. A pack chosen with ``INTERVIEWPAL_CONTENT_DIR``
(an edited copy) that fails falls back to the built-in pack; if even the built-in pack cannot
be read, there is no pack and only the screens that need none work.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..models.stage import STAGE_ORDER, Stage, set_stage_names
from .schema import ContentPack, FollowUpTemplates, GeneralGuide, StageGuide

CONTENT_ROOT = Path(__file__).resolve().parents[2] / "content"  # one folder per language
DEFAULT_LANGUAGE = "en"
CONTENT_DIR = CONTENT_ROOT / DEFAULT_LANGUAGE  # the built-in pack
CONTENT_DIR_ENV = "INTERVIEWPAL_CONTENT_DIR"  # another pack folder, e.g. an edited copy
STAGES_FOLDER = "stages"
GENERAL_FILE = "general.toml"
FOLLOW_UPS_FILE = "follow_ups.toml"  # the follow-up e-mail templates (issue 13)

_FILE_NAME = re.compile(r"^(\d{2})-[a-z0-9]+(?:[-_][a-z0-9]+)*\.toml$")

M = TypeVar("M", bound=BaseModel)


class ContentError(ValueError):
    """The content pack cannot be loaded; the message says which file and field."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.problems: tuple[str, ...] = tuple(message.splitlines())


def load_content(content_dir: Path | None = None) -> ContentPack:
    """Read and check every stage file and ``general.toml`` under ``content_dir``."""
    root = Path(content_dir) if content_dir is not None else CONTENT_DIR
    if not root.is_dir():
        raise ContentError(f"{root}: the content folder does not exist.", root)
    stages_dir = root / STAGES_FOLDER
    if not stages_dir.is_dir():
        raise _error(stages_dir, root, "the folder with the stage files is missing.")

    by_id: dict[Stage, Path] = {}
    by_order: dict[int, Path] = {}
    guides: list[StageGuide] = []
    for path in sorted(stages_dir.glob("*.toml")):
        guide = _validate(StageGuide, _read_toml(path, root), path, root)
        if guide.id in by_id:
            raise _error(
                path, root,
                f"id '{guide.id}' is already used by {_show(by_id[guide.id], root)}; "
                "each stage needs its own file with its own id.",
            )
        if guide.order in by_order:
            raise _error(
                path, root,
                f"order {guide.order} is already used by {_show(by_order[guide.order], root)}; "
                "each stage needs its own place in the timeline.",
            )
        _check_file_name(path, guide, root)
        by_id[guide.id] = path
        by_order[guide.order] = path
        guides.append(guide)

    missing = [s for s in STAGE_ORDER if s not in by_id]
    if missing:
        names = ", ".join(f"'{s}'" for s in missing)
        raise _error(
            stages_dir, root,
            f"there is no file for stage {names}; there must be one file for each of the "
            f"{len(STAGE_ORDER)} stages.",
        )

    general_path = root / GENERAL_FILE
    general = _validate(GeneralGuide, _read_toml(general_path, root), general_path, root)

    follow_ups_path = root / FOLLOW_UPS_FILE
    follow_ups = _validate(FollowUpTemplates, _read_toml(follow_ups_path, root), follow_ups_path, root)

    try:
        return ContentPack(stages=tuple(guides), general=general, follow_ups=follow_ups)
    except ValidationError as exc:  # a safety net: the checks above catch these first
        raise _error(root, root, *describe(exc)) from None


@cache
def default_content() -> ContentPack:
    """The shipped content pack, read once and kept for the life of the app."""
    return load_content()


@dataclass(frozen=True)
class OpenedContent:
    """The pack the app uses (None when no pack could be read) and what to tell the user."""

    pack: ContentPack  # an empty pack (stage names from the ids, no tips) when none could be read
    problem: str | None = None  # one sentence, then the editor's details on the next lines
    folder: Path | None = None

    @property
    def message(self) -> str | None:
        """What the user reads: the sentence and the first detail (file, field, item)."""
        if not self.problem:
            return None
        lines = self.problem.splitlines()
        return " ".join(lines[:2])


def empty_pack() -> ContentPack:
    """A pack with no tips at all, for when not even the built-in pack can be read: the app
    still opens and every screen that needs no content works as usual."""
    stages = tuple(
        StageGuide.model_construct(
            id=s, order=n, name=s.value.replace("_", " ").capitalize(), summary="", tips=(), checklist=(),
            questions=(), reflection_prompts=(), formats={},
        )
        for n, s in enumerate(STAGE_ORDER, 1)
    )
    return ContentPack.model_construct(
        stages=stages, general=GeneralGuide.model_construct(star_outline=(), questions_to_ask=(), intro_outline=(),
                                               research_prompts=()),
    )


def open_content(folder: Path | None = None) -> OpenedContent:
    """The pack for the app: ``folder``, else ``$INTERVIEWPAL_CONTENT_DIR``, else the built-in one.

    Never raises. A chosen pack that fails falls back to the built-in pack (the user's data
    and every screen stay as they were, with the built-in wording); a built-in pack that
    fails leaves no pack. The stage names shown everywhere are taken from the pack in use.
    """
    chosen = folder or (Path(os.environ[CONTENT_DIR_ENV]) if os.environ.get(CONTENT_DIR_ENV) else None)
    problem = None
    if chosen is not None and Path(chosen).resolve() != CONTENT_DIR.resolve():
        try:
            pack = load_content(chosen)
        except ContentError as e:
            problem = f"The tips in the folder \"{Path(chosen).name}\" could not be read, so the built-in tips are shown.\n{e}"
        else:
            set_stage_names({g.id: g.name for g in pack.stages})
            return OpenedContent(pack, None, Path(chosen))
    try:
        pack = default_content()
    except ContentError as e:
        empty = empty_pack()
        set_stage_names({g.id: g.name for g in empty.stages})
        return OpenedContent(
            empty,
            "The tips and checklists could not be loaded; your applications, rounds and journal "
            f"are all here.\n{e}",
            None,
        )
    set_stage_names({g.id: g.name for g in pack.stages})
    return OpenedContent(pack, problem, CONTENT_DIR)


def describe(error: ValidationError) -> list[str]:
    """Turn a pydantic error into sentences that name the field, one per problem."""
    lines: list[str] = []
    for e in error.errors(include_url=False):
        loc = tuple(e.get("loc") or ())
        kind = e.get("type", "")
        msg = e.get("msg", "this value is not valid.")
        where = _where(loc)
        if kind == "value_error":
            text = msg.removeprefix("Value error, ")
            outer = _where(loc[:-1]) if len(loc) > 1 else ""
            lines.extend(f"{outer}: {line}" if outer else line for line in text.splitlines())
        elif kind == "missing":
            if len(loc) <= 1:
                lines.append(
                    f"the field '{where}' is missing; add it "
                    "(the comment at the top of the file lists every field)."
                )
            else:
                lines.append(f"{_where(loc[:-1])} is missing the field '{loc[-1]}'.")
        elif kind == "extra_forbidden":
            inside = f" in {_where(loc[:-1])}" if len(loc) > 1 else ""
            lines.append(f"'{loc[-1]}' is not a known field{inside}; check the spelling or remove it.")
        elif kind == "string_type":
            lines.append(f'{where} should be text in double quotes, like "Bring a pen".')
        elif kind in ("tuple_type", "list_type"):
            lines.append(f'{where} should be a list in square brackets, like ["first", "second"].')
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            if loc and loc[0] == "research_prompts":
                lines.append(f"{where} should be a table with an id, a label and a prompt.")
            else:
                lines.append(f"{where} should be a table with a step and a hint.")
        elif kind.startswith("int_") or kind == "bool_type":
            lines.append(f"{where} should be a whole number, without quotes.")
        elif kind == "enum":
            ids = ", ".join(s.value for s in STAGE_ORDER)
            lines.append(f"{where} '{e.get('input')}' is not a stage id; use one of: {ids}.")
        else:
            lines.append(f"{where}: {msg}.")
    return lines


def _where(loc: tuple[Any, ...]) -> str:
    """('tips', 2) -> 'tips item 3'; ('star_outline', 0, 'hint') -> 'hint in star_outline item 1'."""
    if len(loc) >= 2 and loc[0] == "formats":  # ('formats', 'video', 'checklist', 0) -> 'formats.video.checklist item 1'
        head = f"formats.{loc[1]}" + (f".{loc[2]}" if len(loc) > 2 and isinstance(loc[2], str) else "")
        loc = (head, *loc[3 if len(loc) > 2 and isinstance(loc[2], str) else 2:])
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f" item {part + 1}"
        elif text:
            text = f"{part} in {text}"
        else:
            text = str(part)
    return text.strip()


def _show(path: Path, root: Path) -> str:
    """The path as an editor knows it, e.g. 'content/en/stages/05-technical.toml'."""
    # A pack in a language folder (.../content/en) is shown from "content/"; another folder from its own name.
    for base in (CONTENT_ROOT.parent, root.parent.parent if root.parent.name == CONTENT_ROOT.name else root.parent):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def _error(path: Path, root: Path, *problems: str) -> ContentError:
    """One line per problem, each starting with the file as an editor knows it."""
    shown = _show(path, root)
    return ContentError("\n".join(f"{shown}: {p}" for p in problems), path)


def _read_toml(path: Path, root: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _error(path, root, "the file is missing.") from None
    except UnicodeDecodeError:
        raise _error(path, root, "the file is not UTF-8 text; save it again as UTF-8.") from None
    except OSError as exc:
        raise _error(path, root, f"the file cannot be read ({exc.strerror}).") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _error(path, root, _toml_problem(exc)) from None


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")


def _toml_problem(exc: tomllib.TOMLDecodeError) -> str:
    """'line 37, column 7: the file is not valid TOML (expected '=' after a key)'."""
    text = str(exc)
    line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    found = _AT.search(text)
    if found and found.group(1):
        line, col = int(found.group(1)), int(found.group(2))
    reason = _AT.sub("", getattr(exc, "msg", None) or text).strip().rstrip(".")
    where = f"line {line}, column {col}: " if line else "at the end of the file: "
    return f"{where}the file is not valid TOML ({reason[:1].lower()}{reason[1:]}); check the quotes, commas and brackets."


def _validate(model: type[M], data: dict[str, Any], path: Path, root: Path) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _error(path, root, *describe(exc)) from None


def _check_file_name(path: Path, guide: StageGuide, root: Path) -> None:
    match = _FILE_NAME.match(path.name)
    if match is None:
        raise _error(
            path, root,
            "the file name should be the two-digit order, a dash and a short name "
            f"in lower case, like {guide.order:02d}-{guide.id.value.replace('_', '-')}.toml.",
        )
    if int(match.group(1)) != guide.order:
        raise _error(
            path, root,
            f"order is {guide.order} but the file name starts with {match.group(1)}; make them match.",
        )
