"""The eight stages of an interview process, in the order they usually come.

``Stage`` is the stable id. The names shown to the user come from the content pack (one
source): the content loader hands them over with :func:`set_stage_names` when the app opens
its pack. Models import no content, so until then (or with no readable pack) a name is
made from the id.
"""

from collections.abc import Mapping
from enum import StrEnum


class Stage(StrEnum):
    """One stage of the interview process; the value is the id used in files."""

    SCREENING = "screening"
    PHONE_VIDEO = "phone_video"
    IN_PERSON = "in_person"
    BEHAVIORAL = "behavioral"
    TECHNICAL = "technical"
    PANEL = "panel"
    FINAL_OFFER = "final_offer"
    BACKGROUND = "background"

    @property
    def order(self) -> int:
        """1-based position of the stage in the usual process."""
        return STAGE_ORDER.index(self) + 1

    @property
    def label(self) -> str:
        """Short human name from the content pack, e.g. for a chip or a notification."""
        if not _NAMES:
            _load_default_names()
        return _NAMES.get(self) or self.value.replace("_", " ").capitalize()


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)

_NAMES: dict[Stage, str] = {}


def set_stage_names(names: Mapping[Stage, str]) -> None:
    """Use these names (from the content pack in use) wherever a stage is shown."""
    _NAMES.clear()
    _NAMES.update({Stage(k): v for k, v in names.items()})


def _load_default_names() -> None:
    """First use before the app opened a pack (tests, tools): the built-in pack's names."""
    import importlib

    try:  # a run-time lookup keeps models free of an import of content (content imports models)
        pack = importlib.import_module("interviewpal.content").default_content()
    except Exception:  # noqa: BLE001 - no readable pack: names made from the ids
        return
    set_stage_names({g.id: g.name for g in pack.stages})
