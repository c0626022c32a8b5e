"""Guesses shown in the preview for the user to confirm: the company and the stage.

Company: from the title ("Interview with Acme", "Acme - Technical interview",
"Technical interview | Acme") unless that name is one of the people, else from the
e-mail domain of the organizer (then the attendees) unless it is a mail, calendar or
scheduling service (gmail.com, outlook.com, google.com, calendly.com, zoom.us, ...).
When the title spells the domain's name ("eBay" for ebay.com) that spelling wins.

Stage: keywords in the title, first rule that matches wins (see STAGE_RULES).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...models.stage import Stage

# Domains that say nothing about the employer: mail providers, calendar and meeting
# services, scheduling and applicant-tracking tools.
GENERIC_DOMAINS: frozenset[str] = frozenset(
    {
        "google.com", "gmail.com", "googlemail.com", "calendar.google.com", "group.calendar.google.com",
        "resource.calendar.google.com",
        "outlook.com", "hotmail.com", "live.com", "msn.com", "office365.com", "outlook.office365.com",
        "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com",
        "proton.me", "protonmail.com", "gmx.com", "gmx.de", "gmx.net", "web.de", "mail.com", "yandex.com",
        "zoho.com", "fastmail.com",
        "calendly.com", "zoom.us", "zoom.com", "webex.com", "gotomeeting.com", "whereby.com",
        "goodtime.io", "greenhouse.io", "lever.co", "hire.lever.co", "ashbyhq.com", "workday.com",
        "myworkday.com", "smartrecruiters.com", "icims.com", "bamboohr.com", "recruitee.com",
        "teamtailor.com", "personio.de", "personio.com", "workable.com", "jobvite.com", "doodle.com",
        "hubspot.com", "youcanbook.me", "cal.com", "savvycal.com", "acuityscheduling.com",
        "example.com", "example.org", "example.net",
    }
)

_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ltd", "plc", "or", "ne", "go"}

# (stage, pattern) in priority order: "Final technical interview" is the final round.
STAGE_RULES: tuple[tuple[Stage, str], ...] = (
    (Stage.BACKGROUND, r"background check|reference check|references?\b"),
    (Stage.FINAL_OFFER, r"\bfinal\b|\boffer\b|\bdecision call\b"),
    (Stage.PANEL, r"\bpanel\b"),
    (Stage.TECHNICAL, r"technical|\btech\b|coding|system design|pair[- ]programming|take[- ]home|whiteboard|"
     r"live code|code review|case study|assessment"),
    (Stage.BEHAVIORAL, r"behaviou?ral|culture|values\b|competency"),
    (Stage.SCREENING, r"screen|recruiter|intro(?:ductory|duction)?\b|initial (?:call|chat|interview)|first call|"
     r"get to know|talent acquisition"),
    (Stage.IN_PERSON, r"on[- ]?site|in[- ]person|office visit|at our office"),
    (Stage.PHONE_VIDEO, r"phone interview|video interview|video call|phone call"),
)

_TITLE_PATTERNS = (
    r"(?:interview|call|chat|meeting|screen(?:ing)?|day|visit|round)\s+(?:with|at|@)\s+(?P<name>.+)$",
    r"^(?P<name>[^\-\u2013\u2014|:]+?)\s*[\-\u2013\u2014|:]\s+.*(?:interview|screen|call|round|chat|panel)",
    r"(?:interview|screen(?:ing)?|call|round|panel)[^\-\u2013\u2014|:]*\s[\-\u2013\u2014|:]\s*(?P<name>.+)$",
    r"^(?P<name>.+?)\s+(?:technical|phone|video|final|panel|onsite|on-site|behaviou?ral|hr|recruiter)\b",
)

_NOT_A_COMPANY = re.compile(
    r"^(?:the|a|an|us|you|me|our team|the team|team|hiring manager|recruiter|interview|invitation|"
    r"updated invitation|invitation updated|canceled|cancelled|technical|phone|video|final|panel)$",
    re.I,
)


def guess_stage(title: str) -> Stage | None:
    """The stage a round's title suggests, or None when it says nothing."""
    text = (title or "").lower()
    for stage, pattern in STAGE_RULES:
        if re.search(pattern, text):
            return stage
    return None


def _company_from_title(title: str, people_names: Iterable[str]) -> str | None:
    text = re.sub(r"^(?:(?:updated )?invitation|invitation updated|canceled|cancelled|accepted|fwd?|re)\s*:\s*", "",
                  (title or "").strip(), flags=re.I)
    text = re.sub(r"\s*@\s*\w{3} \w{3} \d.*$", "", text)  # Google's "@ Tue Mar 3, 2026 ..." tail
    names = {n.strip().lower() for n in people_names if n and n.strip()}
    for pattern in _TITLE_PATTERNS:
        m = re.search(pattern, text, flags=re.I)
        if not m:
            continue
        name = m.group("name").strip(" .,:;-\u2013\u2014|()[]")
        name = re.sub(r"\s*\((.*?)\)\s*$", "", name).strip()  # "Jane Doe (Acme)" -> "Jane Doe"
        inner = re.search(r"\(([^()]+)\)\s*$", m.group("name"))
        if name.lower() in names or _looks_like_person(name, names):
            if inner and inner.group(1).strip().lower() not in names:
                return inner.group(1).strip()
            continue
        if name and len(name) <= 60 and not _NOT_A_COMPANY.match(name) and guess_stage(name) is None:
            return name
    return None


def _looks_like_person(name: str, names: set[str]) -> bool:
    first = name.lower().split(" ")[0] if name else ""
    return bool(first) and any(n.split(" ")[0] == first for n in names)


def company_from_domain(email: str) -> str | None:
    """'jane@talent.acme.co.uk' -> 'Acme'; None for mail, calendar and scheduling services."""
    if not email or "@" not in email:
        return None
    domain = email.rsplit("@", 1)[1].strip().lower().rstrip(".")
    labels = [label for label in domain.split(".") if label]
    if len(labels) < 2:
        return None
    for i in range(len(labels) - 1):
        if ".".join(labels[i:]) in GENERIC_DOMAINS:
            return None
    labels = labels[:-1]  # top-level domain
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    name = labels[-1]
    if name in ("mail", "email", "noreply", "calendar"):
        return None
    return name[:1].upper() + name[1:]


def guess_company(title: str, emails: Iterable[str], people_names: Iterable[str] = ()) -> str | None:
    """The employer's name from the title or the people's e-mail domains (organizer first)."""
    names = list(people_names)
    from_title = _company_from_title(title, names)
    from_domain = None
    for email in emails:
        from_domain = company_from_domain(email)
        if from_domain:
            break
    if from_domain and from_title and re.search(rf"\b{re.escape(from_domain)}\b", from_title, flags=re.I):
        return from_title  # "Stark Industries" in the title, stark.com the domain
    if from_domain:
        # Prefer the title's spelling of the same name ("eBay" for ebay.com).
        m = re.search(rf"\b{re.escape(from_domain)}\b", title or "", flags=re.I)
        if m:
            return m.group(0)
    return from_title or from_domain
