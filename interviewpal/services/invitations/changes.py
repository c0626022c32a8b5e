"""What an invitation means for the rounds already saved: new, update, repeat, cancel.

Rounds remember the UID and SEQUENCE of the invitation they came from. iCalendar
(RFC 5545/5546) says an organizer bumps SEQUENCE on every significant change, so:

- UID not saved yet                  -> NEW (a cancellation of it: NOTHING_TO_CANCEL)
- same UID, higher SEQUENCE          -> UPDATE (move the round; its reminders follow)
- same UID, same or lower SEQUENCE   -> STALE (a repeat or an older copy: nothing to do)
- METHOD:CANCEL or STATUS:CANCELLED  -> CANCELLATION for a saved UID, unless its SEQUENCE
  is lower than the saved one (an old cancellation that a later update overrode) or
  the round is already cancelled (STALE)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .ics import Invitation


class InvitationChange(StrEnum):
    NEW = "new"
    UPDATE = "update"
    STALE = "stale"
    CANCELLATION = "cancellation"
    NOTHING_TO_CANCEL = "nothing_to_cancel"


@dataclass(frozen=True)
class KnownInvitation:
    """What a saved round keeps of the invitation it came from."""

    uid: str
    sequence: int = 0
    cancelled: bool = False
    round_id: str = ""


@dataclass(frozen=True)
class ChangeDecision:
    change: InvitationChange
    round_id: str = ""  # the saved round it concerns ("" for NEW / NOTHING_TO_CANCEL)


def classify_invitation(invitation: Invitation, known: Iterable[KnownInvitation]) -> ChangeDecision:
    """Decide what to do with *invitation* given the invitations saved rounds came from."""
    match = None
    for item in known:
        if item.uid and item.uid == invitation.uid and (match is None or item.sequence > match.sequence):
            match = item
    if match is None or not invitation.uid:
        return ChangeDecision(InvitationChange.NOTHING_TO_CANCEL if invitation.cancelled else InvitationChange.NEW)
    if invitation.cancelled:
        if match.cancelled or invitation.sequence < match.sequence:
            return ChangeDecision(InvitationChange.STALE, match.round_id)
        return ChangeDecision(InvitationChange.CANCELLATION, match.round_id)
    if invitation.sequence > match.sequence:
        return ChangeDecision(InvitationChange.UPDATE, match.round_id)
    return ChangeDecision(InvitationChange.STALE, match.round_id)
