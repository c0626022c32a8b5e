"""The journal as one Markdown document, readable without the app.

Grouped by application, then by round (oldest first), with every reflection
in full. User text is copied as written; only what could break the document's
heading structure is escaped (a line starting with '#', a setext underline of
'=' or '-', an HTML heading tag).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ..time_zones import user_zone_name

from ...models import Application, JournalEntry, Round
from ...storage import Repositories
from .round_fields import local_time, stage_name

if TYPE_CHECKING:  # the content pack is optional: stage names from the guides
    from ...content import ContentPack

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_BREAKS_STRUCTURE = re.compile(r"^( {0,3})(#|=+[ \t]*$|-+[ \t]*$|<\s*/?\s*h[1-6]\b)", re.I)


def escape_line(line: str) -> str:
    """Escape a line of user text that Markdown would read as a heading (or setext underline)."""
    m = _BREAKS_STRUCTURE.match(line)
    if not m:
        return line
    indent = m.group(1)
    return indent + "\\" + line[len(indent):]


def block(text: str, indent: str = "") -> str:
    """Multi-line user text, each line made safe; ``indent`` keeps it inside a list item."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    out = []
    for i, line in enumerate(lines):
        line = escape_line(line.rstrip())
        out.append(line if (i == 0 or not line) else indent + line)
    return "\n".join(out)


def inline(text: str) -> str:
    """One-line user text (a title, a question): whitespace collapsed, made safe."""
    return escape_line(" ".join(text.split()))


def heading_text(text: str) -> str:
    """Text for a heading line: one line, and a trailing '#' kept as text."""
    text = " ".join(text.split())
    return re.sub(r"(#+)$", r"\\\1", text)


def format_when(moment: datetime, zone: str) -> str:
    """'Tue 2024-05-14 10:00 (Europe/Berlin)' in the given zone."""
    t = local_time(moment, zone)
    return f"{_WEEKDAYS[t.weekday()]} {t:%Y-%m-%d %H:%M} ({zone})"


def _round_sections(rnd: Round, entries: list[JournalEntry], content: "ContentPack | None") -> list[str]:
    stage = stage_name(rnd.stage, content)
    title = rnd.title or stage
    out = [f"### {heading_text(title)} — {format_when(rnd.starts_at, rnd.time_zone)}", ""]
    facts = [f"- Stage: {inline(stage)}"]
    mine = user_zone_name()
    if local_time(rnd.starts_at, mine).utcoffset() != local_time(rnd.starts_at, rnd.time_zone).utcoffset():
        facts.append(f"- Your time: {format_when(rnd.starts_at, mine)}")
    if rnd.title:
        facts.append(f"- Title: {inline(rnd.title)}")
    facts.append(f"- Format: {rnd.format.label}")
    if rnd.where:
        facts.append(f"- Where: {inline(rnd.where)}")
    if rnd.interviewers:
        facts.append("- Interviewers: " + inline(", ".join(i.display for i in rnd.interviewers)))
    facts.append(f"- Outcome: {rnd.outcome.label}")
    out += facts + [""]
    for entry in entries:
        out += _entry(entry, user_zone_name())  # written on the user's clock
    return out


def _entry(entry: JournalEntry, zone: str) -> list[str]:
    draft = " (draft)" if entry.draft else ""
    out = [f"#### Reflection, written {format_when(entry.written_at, zone)}{draft}", ""]
    out += [f"Feeling: {entry.feeling}/5 · Confidence: {entry.confidence}/5", ""]
    if entry.questions:
        out += ["**Questions asked**", ""]
        out += [f"- {block(q, '  ')}" for q in entry.questions] + [""]
    if entry.went_well.strip():
        out += ["**What went well**", "", block(entry.went_well), ""]
    if entry.to_improve:
        out += ["**What to improve**", ""]
        for lesson in entry.to_improve:
            mark = "x" if lesson.learned else " "
            learned = " (learned)" if lesson.learned else ""
            out.append(f"- [{mark}] {block(lesson.text, '      ')}{learned}")
        out.append("")
    answered = [p for p in entry.prompt_answers if p.answer.strip()]
    if answered:
        out += ["**Prompts**", ""]
        for p in answered:
            out += [f"*{inline(p.prompt)}*", "", block(p.answer), ""]
    if entry.follow_ups:
        out += ["**Follow-ups**", ""]
        for f in sorted(entry.follow_ups, key=lambda f: f.due):
            mark = "x" if f.done else " "
            state = "done" if f.done else "open"
            if f.done and f.done_at:
                state = f"done {local_time(f.done_at, zone):%Y-%m-%d}"
            out.append(f"- [{mark}] {f.kind.label}: {block(f.text, '      ')} — due {f.due.isoformat()}, {state}")
        out.append("")
    if entry.free_text.strip():
        out += ["**Notes**", "", block(entry.free_text), ""]
    if entry.tags:
        out += ["Tags: " + inline(", ".join(entry.tags)), ""]
    return out


def export_markdown(repos: Repositories, content: "ContentPack | None" = None, now: datetime | None = None) -> str:
    """The whole journal as one Markdown document.

    ``content`` (the stage guides) only changes the stage names used; without
    it the built-in stage labels are used.
    """
    now = now or datetime.now(timezone.utc)
    apps = {a.id: a for a in repos.applications.all()}
    rounds = {r.id: r for r in repos.rounds.all()}
    entries = sorted(repos.journal.all(), key=lambda e: (e.written_at, e.id))

    by_round: dict[str, list[JournalEntry]] = {}
    loose_by_app: dict[str, list[JournalEntry]] = {}
    orphans: list[JournalEntry] = []
    for e in entries:
        if e.round_id in rounds:
            by_round.setdefault(e.round_id, []).append(e)
        elif e.application_id in apps:
            loose_by_app.setdefault(e.application_id, []).append(e)
        else:
            orphans.append(e)

    rounds_by_app: dict[str, list[Round]] = {}
    for rid in by_round:
        rnd = rounds[rid]
        rounds_by_app.setdefault(rnd.application_id, []).append(rnd)

    n = len(entries)
    out = [
        "# InterviewPal journal",
        "",
        f"Exported {now:%Y-%m-%d} · {n} reflection{'s' if n != 1 else ''}",
        "",
    ]
    if not entries:
        out += ["No reflections yet.", ""]

    app_ids = set(rounds_by_app) | set(loose_by_app)
    known = sorted((apps[a] for a in app_ids if a in apps), key=lambda a: (a.company.lower(), a.role.lower(), a.id))
    for app in known:
        out += _application(app, sorted(rounds_by_app.get(app.id, []), key=lambda r: r.starts_at), by_round, content)
        loose = loose_by_app.get(app.id, [])
        if loose:
            out += ["### Other reflections", ""]
            for e in loose:
                out += _entry(e, "UTC")

    missing_app = [a for a in app_ids if a not in apps]
    if missing_app or orphans:
        out += ["## Reflections without an application", ""]
        for app_id in sorted(missing_app):
            for rnd in sorted(rounds_by_app[app_id], key=lambda r: r.starts_at):
                out += _round_sections(rnd, by_round[rnd.id], content)
        for e in orphans:
            out += _entry(e, "UTC")

    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _application(app: Application, rounds: list[Round], by_round: dict[str, list[JournalEntry]], content) -> list[str]:
    out = [f"## {heading_text(app.company)} — {heading_text(app.role)}", ""]
    facts = [f"Status: {app.status.label}"]
    if app.posting_url:
        facts.append(f"Posting: {app.posting_url}")
    out += [" · ".join(facts), ""]
    for rnd in rounds:
        out += _round_sections(rnd, by_round[rnd.id], content)
    return out
