"""One-tap actions for a round: the URL the system should open (join, call, directions, running late).

Plain Python, no Flet. The UI hands these URLs to the system's URL launcher; the app itself
makes no network call. Every function is pure, so the encoding is unit-tested.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote

from ..models import Application, CallDirection, Round, RoundFormat

GOOGLE_MAPS_SEARCH = "https://www.google.com/maps/search/?api=1&query="
APPLE_MAPS_SEARCH = "https://maps.apple.com/?q="


class ActionKind(StrEnum):
    JOIN = "join"
    CALL = "call"
    DIRECTIONS = "directions"
    OPEN_TASK = "open_task"


@dataclass(frozen=True)
class PrimaryAction:
    """The one big button of a round: its label, what it opens, and a line to show with it."""

    kind: ActionKind
    label: str
    url: str
    detail: str = ""  # e.g. the number shown next to Call, or "They will call you on ..."


def _component(text: str) -> str:
    """Percent-encode text for a URL query or path part: spaces as %20 (not '+'), UTF-8 for the rest."""
    return quote(text, safe="")


def _body(text: str) -> str:
    """A message body: line breaks as CRLF (RFC 6068), then percent-encoded."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _component("\r\n".join(lines))


def dial_string(number: str) -> str:
    """What a dialler needs: a leading + and digits; ',' and ';' (pause, wait) and extensions kept.

    '+44 (0)20 7946-0018' -> '+4402079460018'; '020 7946 0018 ext. 12' -> '02079460018,12'.
    """
    text = number.strip().lower()
    main, ext = text, ""
    for marker in ("ext.", "ext", "x"):
        if marker in text:
            main, ext = text.split(marker, 1)
            break
    out = "+" if main.lstrip().startswith("+") else ""
    out += "".join(c for c in main if c.isdigit() or c in ",;")
    ext_digits = "".join(c for c in ext if c.isdigit())
    return f"{out},{ext_digits}" if ext_digits else out


def tel_url(number: str) -> str:
    """``tel:`` URL for a phone number, or '' when there is no number."""
    dial = dial_string(number)
    return f"tel:{dial}" if dial.strip("+,;") else ""


def is_android_app(platform: str | None = None, web: bool = False) -> bool:
    """True in the Android app: Flet sets FLET_PLATFORM=android there; a page reports platform 'android'.

    An Android browser on the web build is not the app: it gets the web maps URL.
    """
    if web:
        return False
    if os.environ.get("FLET_PLATFORM") == "android":
        return True
    return (platform or "").lower() == "android"


def directions_url(address: str, platform: str | None = None, web: bool = False) -> str:
    """Open the system's maps app at an address.

    Android app: ``geo:0,0?q=<address>`` (any installed maps app answers it);
    iOS: Apple Maps; desktop and web: a Google Maps search in the browser.
    """
    address = " ".join(address.split())
    if not address:
        return ""
    if is_android_app(platform, web):
        return f"geo:0,0?q={_component(address)}"
    if not web and (platform or "").lower() == "ios":
        return APPLE_MAPS_SEARCH + _component(address)
    return GOOGLE_MAPS_SEARCH + _component(address)


def mailto_url(to: str, subject: str, body: str) -> str:
    """``mailto:`` with a subject and body (RFC 6068: %20 for spaces, %0D%0A for line breaks)."""
    return f"mailto:{quote(to.strip(), safe='@')}?subject={_component(subject)}&body={_body(body)}"


def sms_url(number: str, body: str) -> str:
    """``sms:`` with a prefilled body (RFC 5724)."""
    return f"sms:{dial_string(number)}?body={_body(body)}"


def primary_action(rnd: Round, platform: str | None = None, web: bool = False) -> PrimaryAction | None:
    """The round's one big button, chosen by its format; None when the round lacks what it needs.

    Phone: Call is offered whenever a number is stored. When the user is the one to dial it is
    the main thing to do; when they call the user, the number is still shown next to the button,
    because a missed or dropped call is exactly when the user needs to call back at once.
    """
    if rnd.format is RoundFormat.VIDEO and rnd.meeting_url:
        return PrimaryAction(ActionKind.JOIN, "Join", rnd.meeting_url)
    if rnd.format is RoundFormat.PHONE and rnd.phone_number:
        url = tel_url(rnd.phone_number)
        if not url:
            return None
        if rnd.call_direction is CallDirection.I_CALL:
            return PrimaryAction(ActionKind.CALL, "Call", url, f"You call them · {rnd.phone_number}")
        return PrimaryAction(ActionKind.CALL, "Call", url, f"They call you · {rnd.phone_number}")
    if rnd.format is RoundFormat.ON_SITE and rnd.location:
        return PrimaryAction(ActionKind.DIRECTIONS, "Directions", directions_url(rnd.location, platform, web))
    if rnd.format is RoundFormat.TAKE_HOME and rnd.meeting_url:
        return PrimaryAction(ActionKind.OPEN_TASK, "Open the task", rnd.meeting_url)
    return None


def phone_note(rnd: Round) -> str:
    """Who dials on a phone round, for the card ('' for other formats)."""
    if rnd.format is not RoundFormat.PHONE:
        return ""
    return rnd.call_direction.label


def can_send_late_note(rnd: Round) -> bool:
    return bool(rnd.contact_email or rnd.contact_phone)


def late_subject(rnd: Round, application: Application | None) -> str:
    company = application.company if application else ""
    return " · ".join(p for p in ("Running late", company, rnd.display_title) if p)


def late_message(rnd: Round, application: Application | None, when: str, minutes: int = 10) -> str:
    """A short, editable note for the round's contact. ``when`` is the time as the UI shows it."""
    role = f" for the {application.role} role" if application and application.role else ""
    return (
        "Hello,\n\n"
        f"I'm sorry, I'm running about {minutes} minutes late for our {rnd.display_title.lower()} "
        f"interview{role} ({when}). I'll be there as soon as I can.\n\n"
        "Thank you for your patience."
    )


def late_email_url(rnd: Round, application: Application | None, message: str) -> str:
    return mailto_url(rnd.contact_email, late_subject(rnd, application), message) if rnd.contact_email else ""


def late_sms_url(rnd: Round, message: str) -> str:
    return sms_url(rnd.contact_phone, message) if rnd.contact_phone else ""
