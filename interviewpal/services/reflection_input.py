"""The reflection form's input and the journal entry it describes (the form's rules, no Flet).

:func:`values_of` gives the form's input for an entry; :func:`build_entry` turns input back
into an entry: strictly on Save (every problem as a sentence next to its field) or leniently
for a draft (what can be stored is, over-long texts cut to the model's limits).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..models import FollowUp, FollowUpKind, JournalEntry, Lesson, PromptAnswer, new_id
from .forms import max_length, validate
from .journal import parse_questions
from .rounds import parse_date

# The limits come from the model, so a form never disagrees with what can be stored.
FOLLOW_UP_MAX = max_length(FollowUp, "text")
LESSON_MAX = max_length(Lesson, "text")
ANSWER_MAX = max_length(PromptAnswer, "answer")
WENT_WELL_MAX = max_length(JournalEntry, "went_well")
FREE_TEXT_MAX = max_length(JournalEntry, "free_text")


def values_of(entry: JournalEntry) -> dict[str, Any]:
    """The form's input for an entry (texts as typed, lists as rows with stable ids)."""
    return {
        "feeling": entry.feeling,
        "confidence": entry.confidence,
        "questions": "\n".join(entry.questions),
        "went_well": entry.went_well,
        "improve": [{"id": l.id, "text": l.text, "learned": l.learned, "every_round": l.every_round}
                    for l in entry.to_improve]
        or [{"id": new_id(), "text": "", "learned": False, "every_round": False}],
        "prompts": [{"prompt": p.prompt, "answer": p.answer} for p in entry.prompt_answers],
        "follow_ups": [
            {"id": f.id, "kind": f.kind.value, "text": f.text, "due": f"{f.due:%Y-%m-%d}",
             "interviewer_id": f.interviewer_id, "done": f.done, "done_at": f.done_at, "sent_at": f.sent_at}
            for f in entry.follow_ups
        ],
        "free_text": entry.free_text,
        "tags": ", ".join(entry.tags),
        "decision_by": f"{entry.decision_by:%Y-%m-%d}" if entry.decision_by else "",
    }


def due_date(text: str) -> date | None:
    try:
        return parse_date(text) if text.strip() else None
    except ValueError:
        return None


def build_entry(base: JournalEntry, v: dict[str, Any], strict: bool) -> tuple[JournalEntry | None, dict[str, str], str]:
    """The entry the input describes.

    strict (Save): every problem is reported as ``{field key: sentence}`` and no entry is built.
    Draft: what can be stored is (over-long texts cut to their limits); an unfinished follow-up
    keeps its last stored text and date, and the third value says what could not be stored
    yet ("" when everything was).
    """
    errors: dict[str, str] = {}
    unsaved = ""
    before = {f.id: f for f in base.follow_ups}
    follow_ups: list[FollowUp] = []
    for row in v["follow_ups"]:
        text = row["text"].strip()
        due = due_date(row["due"])
        if strict:
            if not text:
                errors[f"fu_text_{row['id']}"] = "Write what to do, or remove this follow-up."
            elif len(text) > FOLLOW_UP_MAX:
                errors[f"fu_text_{row['id']}"] = f"Keep this under {FOLLOW_UP_MAX} characters."
            if due is None:
                errors[f"fu_due_{row['id']}"] = "Enter the date as YYYY-MM-DD, for example 2026-12-03."
            if f"fu_text_{row['id']}" in errors or due is None:
                continue
        elif not text or due is None:
            unsaved = "A follow-up needs text and a date (YYYY-MM-DD) before it can be saved."
            prev = before.get(row["id"])
            text = text or (prev.text if prev else "")
            due = due or (prev.due if prev else None)
            if not text or due is None:
                continue
        follow_ups.append(FollowUp(id=row["id"], kind=FollowUpKind(row["kind"]), text=text[:FOLLOW_UP_MAX], due=due,
                                   interviewer_id=row["interviewer_id"], done=row["done"], done_at=row["done_at"],
                                   sent_at=row.get("sent_at")))
    lessons = []
    for n, item in enumerate(v["improve"]):
        text = item["text"].strip()
        if strict and len(text) > LESSON_MAX:
            errors[f"improve_{item['id']}"] = f"Keep each item under {LESSON_MAX} characters; split it in two."
        if text:
            lessons.append(Lesson(id=item["id"], text=text[:LESSON_MAX], learned=item["learned"],
                                  every_round=bool(item.get("every_round"))))
    # Issue 13: "they said they'd decide by" - when to chase (a date, or empty).
    decision_text = str(v.get("decision_by") or "").strip()
    decision_by = due_date(decision_text) if decision_text else None
    if decision_text and decision_by is None:
        if strict:
            errors["decision_by"] = "Enter the date as YYYY-MM-DD, for example 2026-12-03."
        else:
            unsaved = unsaved or "The decision date needs the form YYYY-MM-DD before it can be saved."
            decision_by = base.decision_by
    if errors:
        return None, errors, unsaved
    cut = (lambda t, n: t.strip()) if strict else (lambda t, n: t.strip()[:n])
    data = base.model_dump() | {
        "feeling": v["feeling"],
        "confidence": v["confidence"],
        "questions": parse_questions(v["questions"]),
        "went_well": cut(v["went_well"], WENT_WELL_MAX),
        "to_improve": lessons,
        "prompt_answers": [PromptAnswer(prompt=p["prompt"], answer=cut(p["answer"], ANSWER_MAX)) for p in v["prompts"]]
        if not strict else [{"prompt": p["prompt"], "answer": p["answer"].strip()} for p in v["prompts"]],
        "follow_ups": follow_ups,
        "free_text": cut(v["free_text"], FREE_TEXT_MAX),
        "tags": v["tags"].split(","),
        "decision_by": decision_by,
    }
    if strict:
        return validate(JournalEntry, data), {}, ""  # type: ignore[return-value]
    return JournalEntry.model_validate(data), {}, unsaved


def decision_date_change(v: dict[str, Any], text: str) -> dict[str, Any]:
    """The form's changes when "They said they'd decide by" is typed (issue 13).

    A valid date brings a chase follow-up due the day after it (added once; an open one moves
    with the date, a sent or done one stays as it is). Text that is not a date yet changes only the field.
    """
    changes: dict[str, Any] = {"decision_by": text}
    day = due_date(text) if text.strip() else None
    if day is None:
        return changes
    due = f"{day + timedelta(days=1):%Y-%m-%d}"
    rows = [dict(r) for r in v["follow_ups"]]
    chase = next((r for r in rows if r["kind"] == FollowUpKind.CHASE.value), None)
    if chase is None:
        rows.append({"id": new_id(), "kind": FollowUpKind.CHASE.value, "text": "Ask about their decision",
                     "due": due, "interviewer_id": "", "done": False, "done_at": None, "sent_at": None})
    elif not chase["done"]:
        chase["due"] = due
    changes["follow_ups"] = rows
    return changes
