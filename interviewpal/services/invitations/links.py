"""Meeting links and dial-in numbers found in an invitation's text.

Links: any http(s) URL whose host and path are a known meeting service's join link
(Zoom, Microsoft Teams, Google Meet, Webex, and a few others). Support and download
pages of the same vendors are skipped. Phone numbers: Google's libphonenumber
(``phonenumbers``, pure Python) finds numbers written in international form
("+1 646 558 8656", "+16465588656,,81234567890#") and keeps the valid ones; a meeting
ID ("812 3456 7890") has no "+" and is not mistaken for a number.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import phonenumbers


@dataclass(frozen=True)
class MeetingLink:
    url: str
    provider: str  # "Zoom", "Microsoft Teams", "Google Meet", "Webex", ... or "" for other links


@dataclass(frozen=True)
class DialIn:
    number: str  # E.164, e.g. "+16465588656": what a tel: link needs
    display: str  # international format for reading, e.g. "+1 646-558-8656"
    access_code: str = ""  # the digits after ",," in a one-tap number, if any


_URL_RE = re.compile(r"(?:https?://|(?<![\w.@/])(?=meet\.google\.com/))[^\s<>\"'{}|\\^`\[\]]+", re.I)


def _provider(url: str) -> str | None:
    """The meeting service of a join link, or None when the URL is not one."""
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = unquote(parts.path).lower()
    if host in ("zoom.us", "zoom.com") or host.endswith((".zoom.us", ".zoom.com", ".zoomgov.com")):
        return "Zoom" if re.match(r"/(j|w|s|my|wc/join)/", path + "/") else None
    if host in ("teams.microsoft.com", "teams.live.com", "teams.cloud.microsoft"):
        return "Microsoft Teams" if ("/l/meetup-join/" in path or path.startswith("/meet/")) else None
    if host == "meet.google.com":
        is_room = re.match(r"/[a-z]{3}-[a-z]{4}-[a-z]{3}\b", path) or path.startswith("/lookup/")
        return "Google Meet" if is_room else None
    if host.endswith(".webex.com") or host == "webex.com":
        return "Webex" if re.search(r"(j\.php|/meet/|/join|mtid=|/wbxmjs/)", path + "?" + parts.query.lower()) else None
    if host in ("whereby.com", "meet.jit.si") or host.endswith(".whereby.com"):
        return "Whereby" if "whereby" in host else "Jitsi Meet"
    if host == "chime.aws":
        return "Amazon Chime"
    if host.endswith("bluejeans.com") and re.match(r"/\d+", path):
        return "BlueJeans"
    if host in ("meet.goto.com", "global.gotomeeting.com", "app.gotomeeting.com"):
        return "GoTo Meeting"
    return None


def _clean(url: str) -> str:
    url = html.unescape(url)
    return url.rstrip(".,;:!?)>*'\"")


def find_urls(text: str) -> list[str]:
    """Every URL in *text* (HTML entities decoded, trailing punctuation dropped)."""
    if not text:
        return []
    text = html.unescape(text)
    return [_clean(m.group(0)) for m in _URL_RE.finditer(text)]


def find_meeting_links(text: str) -> list[MeetingLink]:
    """The join links of known meeting services in *text*, in order, without repeats."""
    seen: set[str] = set()
    out: list[MeetingLink] = []
    for url in find_urls(text):
        provider = _provider(url)
        if provider is None:
            continue
        if not url.lower().startswith("http"):
            url = "https://" + url
        if url not in seen:
            seen.add(url)
            out.append(MeetingLink(url, provider))
    return out


def any_link(text: str) -> MeetingLink | None:
    """A link the sender put in a field meant for it (LOCATION, URL): any URL counts."""
    for url in find_urls(text):
        return MeetingLink(url, _provider(url) or "")
    return None


_ONE_TAP_RE = re.compile(
    r"^[\s\u00a0]*(?:,,\s*|(?:PIN|passcode|access code|conference id)\s*:?\s*)(\d[\d #*,]*#|\d[\d#*,]*)", re.I
)


def find_phone_numbers(text: str) -> list[DialIn]:
    """Dial-in numbers in international form, in order, without repeats."""
    if not text:
        return []
    out: list[DialIn] = []
    seen: set[str] = set()
    for match in phonenumbers.PhoneNumberMatcher(text, None, leniency=phonenumbers.Leniency.VALID):
        number = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        tail = _ONE_TAP_RE.match(text[match.end:])
        code = tail.group(1).replace(" ", "").strip(",") if tail else ""
        if number in seen:
            if code:  # a later one-tap form of a number already seen carries the code
                out = [DialIn(d.number, d.display, d.access_code or code) if d.number == number else d for d in out]
            continue
        seen.add(number)
        display = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        out.append(DialIn(number, display, code))
    return out
