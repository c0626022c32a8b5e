"""An application's stage timeline: the eight stages in order, each with its state and rounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ..models import STAGE_ORDER, Outcome, Round, Stage


class StageState(StrEnum):
    DONE = "done"            # a round of this stage took place (or passed)
    SCHEDULED = "scheduled"  # a round of this stage is coming
    SKIPPED = "skipped"      # the process moved past it with no round here
    NOT_REACHED = "not_reached"

    @property
    def label(self) -> str:
        return {"done": "Done", "scheduled": "Scheduled", "skipped": "Skipped", "not_reached": "Not reached"}[self.value]


@dataclass(frozen=True)
class TimelineStage:
    stage: Stage
    state: StageState
    rounds: tuple[Round, ...]

    @property
    def label(self) -> str:
        return self.stage.label


def stage_timeline(rounds: list[Round], now: datetime) -> list[TimelineStage]:
    """The eight stages with their state, for one application's rounds.

    A stage is *done* when a non-cancelled round of it has ended, *scheduled*
    when one is still to come, *skipped* when a later stage has rounds but this
    one has none, and *not reached* otherwise.
    """
    by_stage: dict[Stage, list[Round]] = {s: [] for s in STAGE_ORDER}
    for r in sorted(rounds, key=lambda r: r.starts_at):
        by_stage[r.stage].append(r)
    live = {s: [r for r in rs if r.outcome is not Outcome.CANCELLED] for s, rs in by_stage.items()}
    last_active = max((i for i, s in enumerate(STAGE_ORDER) if live[s]), default=-1)
    out = []
    for i, s in enumerate(STAGE_ORDER):
        rs = live[s]
        if any(r.ends_at > now and r.outcome is Outcome.PENDING for r in rs):
            state = StageState.SCHEDULED
        elif rs:
            state = StageState.DONE
        elif i < last_active:
            state = StageState.SKIPPED
        else:
            state = StageState.NOT_REACHED
        out.append(TimelineStage(stage=s, state=state, rounds=tuple(by_stage[s])))
    return out


def current_stage(rounds: list[Round], now: datetime) -> Stage | None:
    """The furthest stage with a live round, for a one-line summary."""
    live = [r for r in rounds if r.outcome is not Outcome.CANCELLED]
    if not live:
        return None
    return max(live, key=lambda r: (r.stage.order, r.starts_at)).stage
