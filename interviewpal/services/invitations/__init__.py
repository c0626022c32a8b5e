"""Rounds from calendar invitations: read .ics files and pasted invitation text.

Plain Python, no Flet, no storage: the UI calls these and shows a preview to confirm.
See docs/invitations.md.
"""

from .changes import ChangeDecision, InvitationChange, KnownInvitation, classify_invitation
from .guesses import guess_company, guess_stage
from .ics import MAX_INVITATION_BYTES, Invitation, InvitationError, Person, Timing, read_invitations
from .links import DialIn, MeetingLink, find_meeting_links, find_phone_numbers
from .text import PastedInvitation, read_invitation_text
from .zones import resolve_zone_name

__all__ = [
    "MAX_INVITATION_BYTES",
    "ChangeDecision",
    "DialIn",
    "Invitation",
    "InvitationChange",
    "InvitationError",
    "KnownInvitation",
    "MeetingLink",
    "PastedInvitation",
    "Person",
    "Timing",
    "classify_invitation",
    "find_meeting_links",
    "find_phone_numbers",
    "guess_company",
    "guess_stage",
    "read_invitation_text",
    "read_invitations",
    "resolve_zone_name",
]
