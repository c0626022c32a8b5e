"""The reflection form's rules (services/reflection_input.py): input <-> entry, limits from the model."""

from __future__ import annotations

from datetime import date

from interviewpal.models import FollowUp, FollowUpKind, JournalEntry, Lesson
from interviewpal.services.forms import FormError, max_length
from interviewpal.services.reflection_input import FOLLOW_UP_MAX, LESSON_MAX, build_entry, due_date, values_of

import pytest


def entry(**kw) -> JournalEntry:
    return JournalEntry(round_id="r1", application_id="a1", feeling=3, confidence=3, **kw)


def test_limits_come_from_the_model():
    assert FOLLOW_UP_MAX == max_length(FollowUp, "text") == 300
    assert LESSON_MAX == max_length(Lesson, "text") == 500


def test_values_round_trip_to_the_same_entry():
    e = entry(questions=["Why us?", "Tell me about a conflict"], went_well="Clear answers",
              to_improve=[Lesson(text="Slow down")], tags=["python"],
              follow_ups=[FollowUp(kind=FollowUpKind.CHASE, text="Chase", due=date(2026, 12, 3))])
    again, errors, unsaved = build_entry(e, values_of(e), strict=True)
    assert errors == {} and unsaved == ""
    assert again.questions == e.questions and again.went_well == e.went_well
    assert [l.text for l in again.to_improve] == ["Slow down"]
    assert again.follow_ups[0].due == date(2026, 12, 3)


def test_save_reports_each_problem_next_to_its_field():
    e = entry()
    v = values_of(e)
    v["follow_ups"] = [{"id": "f1", "kind": "chase", "text": "", "due": "3 Dec", "interviewer_id": None,
                        "done": False, "done_at": None}]
    v["improve"] = [{"id": "l1", "text": "x" * (LESSON_MAX + 1), "learned": False, "every_round": False}]
    built, errors, _ = build_entry(e, v, strict=True)
    assert built is None
    assert set(errors) == {"fu_text_f1", "fu_due_f1", "improve_l1"}
    assert "YYYY-MM-DD" in errors["fu_due_f1"]


def test_a_draft_cuts_long_text_and_says_what_is_not_stored_yet():
    e = entry()
    v = values_of(e)
    v["went_well"] = "y" * 20_000
    v["follow_ups"] = [{"id": "f1", "kind": "chase", "text": "Chase", "due": "2026-1", "interviewer_id": None,
                        "done": False, "done_at": None}]
    built, errors, unsaved = build_entry(e, v, strict=False)
    assert errors == {} and len(built.went_well) == max_length(JournalEntry, "went_well")
    assert built.follow_ups == [] and "YYYY-MM-DD" in unsaved


def test_save_refuses_an_over_long_text_with_form_error():
    e = entry()
    v = values_of(e)
    v["free_text"] = "z" * (max_length(JournalEntry, "free_text") + 1)
    with pytest.raises(FormError):
        build_entry(e, v, strict=True)


def test_due_date_reads_iso_dates_only():
    assert due_date("2026-12-03") == date(2026, 12, 3)
    assert due_date("") is None and due_date("tomorrow") is None
