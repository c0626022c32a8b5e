"""The eight stages of an interview process, in the order they usually come."""

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
        """Short human name, e.g. for a chip or a notification."""
        return STAGE_LABELS[self]


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)

STAGE_LABELS: dict[Stage, str] = {
    Stage.SCREENING: "Initial screening",
    Stage.PHONE_VIDEO: "Phone or video interview",
    Stage.IN_PERSON: "In-person rounds",
    Stage.BEHAVIORAL: "Behavioral assessment",
    Stage.TECHNICAL: "Technical assessment",
    Stage.PANEL: "Panel interview",
    Stage.FINAL_OFFER: "Final interview and offer",
    Stage.BACKGROUND: "Background checks",
}
