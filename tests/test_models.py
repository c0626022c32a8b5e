"""Domain models: what is accepted, what is refused, and the sentences a form shows."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from interviewpal.models import (
    Application,
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    Interviewer,
    JournalEntry,
    Lesson,
    PromptAnswer,
    Round,
    RoundFormat,
    Settings,
    Stage,
    field_errors,
)

NOW = datetime(2026, 3, 14, 15, 30, tzinfo=timezone.utc)


def errors_of(model, **data) -> dict[str, str]:
    """The ``{field: sentence}`` a form would show for ``data``."""
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return field_errors(info.value)


def a_round(**changes) -> dict:
    data = {"application_id": "app-1", "stage": "technical", "starts_at": NOW}
    data.update(changes)
    return data


def an_entry(**changes) -> dict:
    data = {"round_id": "round-1", "application_id": "app-1", "feeling": 3, "confidence": 4}
    data.update(changes)
    return data


# -- Application --------------------------------------------------------------


def test_application_valid_and_cleaned():
    app = Application(
        company="  Zürich Labs ",
        role="Backend engineer",
        posting_url="acme.com/jobs/1",
        tags=["#python", "Python", " ", "remote"],
    )
    assert app.company == "Zürich Labs"
    assert app.posting_url == "https://acme.com/jobs/1"
    assert app.tags == ["python", "remote"]
    assert app.status is ApplicationStatus.ACTIVE
    assert app.title == "Backend engineer at Zürich Labs"
    assert app.schema_version == 1
    assert app.created_at.tzinfo is not None


@pytest.mark.parametrize("company", ["", "   "])
def test_application_empty_company(company):
    assert errors_of(Application, company=company, role="Engineer") == {"company": "This cannot be empty."}


def test_application_missing_company_and_long_role():
    errs = errors_of(Application, role="x" * 121)
    assert errs["company"] == "This is required."
    assert errs["role"] == "Keep this under 120 characters."


@pytest.mark.parametrize("url", ["not a url", "ftp://example.com/x", "http://", "javascript:alert(1)"])
def test_application_posting_link_not_a_url(url):
    errs = errors_of(Application, company="Acme", role="Engineer", posting_url=url)
    assert errs == {"posting_url": "The posting link is not a web address (for example https://example.com/job)."}


@pytest.mark.parametrize(
    "url", ["https://example.com/job", "http://localhost:8550/x", "http://10.0.0.1/careers", ""]
)
def test_application_posting_link_accepted(url):
    assert Application(company="Acme", role="Engineer", posting_url=url).posting_url == url


def test_application_unknown_status():
    errs = errors_of(Application, company="Acme", role="Engineer", status="hired")
    assert errs["status"].startswith("Choose one of: active, offer")


def test_application_status_helpers():
    assert ApplicationStatus.OFFER.is_open and not ApplicationStatus.GHOSTED.is_open
    assert ApplicationStatus.WITHDRAWN.label == "Withdrawn"


# -- Round ----------------------------------------------------------------------


def test_round_valid():
    rnd = Round.model_validate(
        a_round(
            time_zone="Europe/Berlin",
            duration_minutes=90,
            format="on_site",
            interviewers=[{"name": " Ana ", "role": "EM"}],
            checklist_done=["tests", "ai-rules", "tests", " ", 3],
            meeting_url="meet.example.com/abc",
        )
    )
    assert rnd.stage is Stage.TECHNICAL
    assert rnd.format is RoundFormat.ON_SITE
    assert rnd.ends_at == NOW + timedelta(minutes=90)
    assert rnd.local_start.utcoffset() == timedelta(hours=1)  # CET in March before DST
    assert rnd.interviewers[0].display == "Ana (EM)"
    assert rnd.checklist_done == ["ai-rules", "tests"]  # ids only, sorted, once each
    assert rnd.meeting_url == "https://meet.example.com/abc"
    assert rnd.display_title == "Technical assessment"


@pytest.mark.parametrize("starts_at", [datetime(2026, 3, 14, 15, 30), "2026-03-14T15:30:00"])
def test_round_naive_datetime(starts_at):
    assert errors_of(Round, **a_round(starts_at=starts_at)) == {"starts_at": "The time needs a time zone."}


def test_round_other_zone_accepted():
    rnd = Round.model_validate(a_round(starts_at=datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))))
    assert rnd.starts_at.utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize("year", [1800, 1989, 2101, 9999])
def test_round_year_out_of_range(year):
    errs = errors_of(Round, **a_round(starts_at=datetime(year, 1, 1, tzinfo=timezone.utc)))
    assert errs == {"starts_at": f"The year {year} is out of range (1990-2100)."}


def test_round_garbage_datetime():
    assert errors_of(Round, **a_round(starts_at="next tuesday")) == {"starts_at": "Enter a valid date and time."}


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Europe/Berlinn", "../etc/passwd"])
def test_round_unknown_time_zone(zone):
    errs = errors_of(Round, **a_round(time_zone=zone))
    assert errs == {"time_zone": f"'{zone}' is not a known time zone (for example Europe/Berlin)."}


@pytest.mark.parametrize(
    ("minutes", "sentence"),
    [
        (4, "Enter a number of at least 5."),
        (0, "Enter a number of at least 5."),
        (12 * 60 + 1, "Enter a number of at most 720."),
        ("an hour", "Enter a whole number."),
    ],
)
def test_round_duration_out_of_range(minutes, sentence):
    assert errors_of(Round, **a_round(duration_minutes=minutes)) == {"duration_minutes": sentence}


def test_round_bad_meeting_link_and_stage():
    errs = errors_of(Round, **a_round(stage="lunch", meeting_url="zoom call"))
    assert errs["meeting_url"] == "The meeting link is not a web address (for example https://example.com/job)."
    assert errs["stage"].startswith("Choose one of: screening, phone_video")


def test_interviewer_needs_a_name():
    with pytest.raises(ValidationError) as info:
        Interviewer(name="  ")
    assert field_errors(info.value) == {"name": "This cannot be empty."}


# -- JournalEntry -----------------------------------------------------------------


def test_journal_entry_valid():
    entry = JournalEntry.model_validate(
        an_entry(
            questions=[" Tell me about yourself ", "", "  "],
            to_improve=[{"text": "Slow down"}],
            prompt_answers=[{"prompt": "What surprised you?", "answer": "Pair programming"}],
            follow_ups=[{"kind": "thank_you", "text": "Thank Ana", "due": "2026-03-15"}],
            tags=["Nervous", "nervous"],
            free_text="Übung macht den Meister — 面接",
        )
    )
    assert entry.questions == ["Tell me about yourself"]
    assert entry.tags == ["Nervous"]
    assert entry.follow_ups[0].kind is FollowUpKind.THANK_YOU
    assert entry.follow_ups[0].due == date(2026, 3, 15)
    assert FollowUpKind.CHASE.label == "Chase if no answer"


@pytest.mark.parametrize("feeling", [0, 6, -1])
def test_journal_feeling_outside_1_to_5(feeling):
    errs = errors_of(JournalEntry, **an_entry(feeling=feeling))
    expected = "Enter a number of at least 1." if feeling < 1 else "Enter a number of at most 5."
    assert errs == {"feeling": expected}


def test_journal_confidence_and_missing_ids():
    errs = errors_of(JournalEntry, feeling=3, confidence=9, round_id="")
    assert errs["confidence"] == "Enter a number of at most 5."
    assert errs["round_id"] == "This cannot be empty."
    assert errs["application_id"] == "This is required."


def test_follow_up_and_lesson_validation():
    with pytest.raises(ValidationError) as info:
        FollowUp(text="", due="not a date")
    errs = field_errors(info.value)
    assert errs["text"] == "This cannot be empty."
    assert errs["due"] == "Enter a valid date and time."
    with pytest.raises(ValidationError) as info:
        Lesson(text="x" * 501)
    assert field_errors(info.value) == {"text": "Keep this under 500 characters."}


# -- Settings -----------------------------------------------------------------------


def test_settings_defaults_and_offsets_sorted():
    s = Settings()
    assert s.id == "settings"
    assert s.offsets_minutes == [60, 15]
    assert Settings(offsets_minutes=[15, 1440, 15, 60]).offsets_minutes == [1440, 60, 15]


@pytest.mark.parametrize("offsets", [[0], [-5], [7 * 24 * 60 + 1], [15, 20_000]])
def test_settings_offsets_out_of_range(offsets):
    assert errors_of(Settings, offsets_minutes=offsets) == {
        "offsets_minutes": "A reminder must be between 1 minute and 7 days before the round."
    }


def test_settings_quiet_hours_need_both_ends():
    assert errors_of(Settings, quiet_start=None) == {"": "Quiet hours need both a start and an end."}
    assert errors_of(Settings, quiet_end=None) == {"": "Quiet hours need both a start and an end."}
    assert Settings(quiet_start=None, quiet_end=None).quiet_start is None


def test_settings_quiet_hours_must_differ():
    assert errors_of(Settings, quiet_start="22:00", quiet_end="22:00") == {
        "": "Quiet hours must start and end at different times."
    }
    assert Settings(quiet_start=time(23, 0), quiet_end=time(6, 30)).quiet_end == time(6, 30)


def test_settings_reflect_after_range():
    assert errors_of(Settings, reflect_after_minutes=-1) == {"reflect_after_minutes": "Enter a number of at least 0."}
    assert errors_of(Settings, theme="purple")["theme"] == "Choose one of: system, light or dark."


# -- Round trips ----------------------------------------------------------------------


def _samples():
    app = Application(company="Ærø & Søn", role="Data analyst", posting_url="https://ex.com/j/1", tags=["a"])
    rnd = Round(
        application_id=app.id,
        stage=Stage.PANEL,
        starts_at=datetime(2026, 4, 2, 8, 0, tzinfo=ZoneInfo("America/New_York")),
        time_zone="America/New_York",
        interviewers=[Interviewer(name="Sam"), Interviewer(name="Kim", role="CTO")],
        checklist_done=["gallery-view", "phone-silent"],
    )
    entry = JournalEntry(
        round_id=rnd.id,
        application_id=app.id,
        feeling=2,
        confidence=5,
        questions=["Why us?"],
        to_improve=[Lesson(text="Prepare numbers", learned=True)],
        prompt_answers=[PromptAnswer(prompt="Best moment?", answer="The system design")],
        follow_ups=[FollowUp(kind=FollowUpKind.THANK_YOU, text="Mail Kim", due=date(2026, 4, 3), done=True, done_at=NOW)],
        free_text="Long day. 🙂",
        draft=True,
    )
    settings = Settings(theme="dark", offsets_minutes=[30], quiet_start=None, quiet_end=None, evening_before_at=time(20, 15))
    return [app, rnd, entry, settings]


@pytest.mark.parametrize("record", _samples(), ids=lambda r: type(r).__name__)
def test_round_trip_to_doc_and_back(record):
    import json

    doc = record.to_doc()
    assert doc["schema_version"] == type(record).SCHEMA_VERSION
    assert json.loads(json.dumps(doc)) == doc  # JSON-ready
    again = type(record).model_validate(doc)
    assert again == record
    assert again.to_doc() == doc


def test_round_trip_keeps_the_instant_of_aware_datetimes():
    rnd = _samples()[1]
    again = Round.model_validate(rnd.to_doc())
    assert again.starts_at == rnd.starts_at
    assert again.starts_at.utcoffset() is not None


def test_unknown_fields_are_ignored_by_the_model():
    doc = _samples()[0].to_doc() | {"mood_ring": "blue"}
    app = Application.model_validate(doc)
    assert "mood_ring" not in app.to_doc()


def test_touched_sets_updated_at_and_validates():
    app = Application(company="Acme", role="Dev", updated_at=NOW)
    newer = app.touched(role="Senior dev")
    assert newer.role == "Senior dev" and newer.id == app.id
    assert newer.updated_at > NOW
    with pytest.raises(ValidationError):
        app.touched(company="")
