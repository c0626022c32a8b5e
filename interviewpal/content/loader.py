"""Read the content pack from the TOML files in the top-level ``content/`` folder.

Every problem becomes a :class:`ContentError` whose message names the file and
the field, so an editor can fix it without reading code.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..models.stage import STAGE_ORDER, Stage
from .schema import ContentPack, GeneralGuide, StageGuide

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"
STAGES_FOLDER = "stages"
GENERAL_FILE = "general.toml"

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

    try:
        return ContentPack(stages=tuple(guides), general=general)
    except ValidationError as exc:  # a safety net: the checks above catch these first
        raise _error(root, root, *describe(exc)) from None


@cache
def default_content() -> ContentPack:
    """The shipped content pack, read once and kept for the life of the app."""
    return load_content()


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
    """The path as an editor knows it, e.g. 'content/stages/05-technical.toml'."""
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
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
        raise _error(path, root, f"the file is not valid TOML: {exc}.") from None


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
