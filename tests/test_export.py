"""Exports: the JSON backup, the journal as Markdown, rounds as CSV and as an .ics calendar."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

import interviewpal
from interviewpal.models import (
    Application,
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    Interviewer,
    JournalEntry,
    Lesson,
    Outcome,
    PromptAnswer,
    Round,
    RoundFormat,
    Settings,
    Stage,
)
from interviewpal.services.export import (
    CSV_HEADER,
    FORMAT,
    FORMAT_VERSION,
    export_backup,
    export_csv,
    export_file,
    export_ics,
    export_markdown,
    safe_cell,
    suggested_name,
)
from interviewpal.storage import Repositories

NOW = datetime(2030, 1, 10, 12, 0, tzinfo=timezone.utc)
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
CREATED = datetime(2029, 12, 1, 9, 0, tzinfo=timezone.utc)

pytestmark = pytest.mark.repos(subfolder="data", now=NOW)  # the shared `repos` fixture, opened as open_repos does

FREE_TEXT = (
    "They liked the caching story.\n"
    "# This line starts with a hash\n"
    "## Injected heading\n"
    "Setext trap\n"
    "===\n"
    "Last line."
)


def open_repos(folder: Path) -> Repositories:
    return Repositories.open(folder, now=NOW)


def build_data(repos: Repositories) -> dict[str, object]:
    """Two applications with rounds in two zones, one without rounds, reflections and settings."""
    stamp = {"created_at": CREATED, "updated_at": CREATED}
    acme = Application(
        company="Acme", role="Backend Engineer", posting_url="https://acme.example.com/jobs/1",
        tags=["remote"], **stamp,
    )
    evil = Application(company="=HYPERLINK(\"http://evil.example\",\"x\")", role="+Data Analyst", **stamp)
    idle = Application(company="Globex", role="SRE", status=ApplicationStatus.GHOSTED, **stamp)

    berlin = Round(
        application_id=acme.id, stage=Stage.TECHNICAL, title="System design",
        starts_at=datetime(2030, 2, 14, 10, 0, tzinfo=BERLIN), time_zone="Europe/Berlin",
        duration_minutes=90, format=RoundFormat.VIDEO, meeting_url="https://meet.example.com/abc",
        interviewers=[Interviewer(name="Jane Roe", role="CTO"), Interviewer(name="Max Mustermann")],
        **stamp,
    )
    new_york = Round(
        application_id=evil.id, stage=Stage.SCREENING,
        starts_at=datetime(2030, 2, 15, 9, 0, tzinfo=NEW_YORK), time_zone="America/New_York",
        format=RoundFormat.ON_SITE, location="-1 floor, 5th Ave", **stamp,
    )
    past = Round(
        application_id=acme.id, stage=Stage.PHONE_VIDEO,
        starts_at=datetime(2030, 1, 5, 15, 0, tzinfo=BERLIN), time_zone="Europe/Berlin",
        outcome=Outcome.PASSED, format=RoundFormat.PHONE, **stamp,
    )
    cancelled = Round(
        application_id=acme.id, stage=Stage.PANEL,
        starts_at=datetime(2030, 3, 1, 11, 0, tzinfo=BERLIN), time_zone="Europe/Berlin",
        outcome=Outcome.CANCELLED, **stamp,
    )
    entry = JournalEntry(
        round_id=past.id, application_id=acme.id,
        written_at=datetime(2030, 1, 5, 17, 30, tzinfo=timezone.utc),
        feeling=4, confidence=3,
        questions=["Tell me about a conflict", "# Why us?"],
        went_well="Clear answer on the outage.\nGood rapport.",
        to_improve=[Lesson(text="Slow down on numbers"), Lesson(text="Ask about the team", learned=True)],
        prompt_answers=[PromptAnswer(prompt="What surprised you?", answer="The pair exercise.")],
        follow_ups=[
            FollowUp(kind=FollowUpKind.THANK_YOU, text="Thank Jane", due=date(2030, 1, 6)),
            FollowUp(kind=FollowUpKind.CHASE, text="Chase recruiter", due=date(2030, 1, 12), done=True,
                     done_at=datetime(2030, 1, 12, 8, 0, tzinfo=timezone.utc)),
        ],
        free_text=FREE_TEXT, tags=["caching", "nerves"], **stamp,
    )
    entry2 = JournalEntry(
        round_id=berlin.id, application_id=acme.id, written_at=datetime(2030, 2, 14, 12, 0, tzinfo=timezone.utc),
        feeling=2, confidence=2, free_text="Whiteboard went badly.", draft=True, **stamp,
    )
    entry3 = JournalEntry(
        round_id=new_york.id, application_id=evil.id, written_at=datetime(2030, 2, 15, 15, 0, tzinfo=timezone.utc),
        feeling=3, confidence=4, went_well="Short and friendly screening.", **stamp,
    )
    settings = Settings(offsets_minutes=[120, 10], **stamp)

    for app in (acme, evil, idle):
        repos.applications.add(app)
    for rnd in (berlin, new_york, past, cancelled):
        repos.rounds.add(rnd)
    repos.journal.add(entry)
    repos.journal.add(entry2)
    repos.journal.add(entry3)
    repos.settings.save(settings, touch=False)
    return {
        "acme": acme, "evil": evil, "idle": idle, "berlin": berlin, "new_york": new_york,
        "past": past, "cancelled": cancelled, "entry": entry, "entry2": entry2, "entry3": entry3, "settings": settings,
    }


@pytest.fixture
def data(repos: Repositories) -> dict[str, object]:
    return build_data(repos)


# -- backup ------------------------------------------------------------------


def test_backup_file_shape(repos, data):
    doc = json.loads(export_backup(repos, NOW).decode("utf-8"))
    assert doc["format"] == FORMAT == "interviewpal-backup"
    assert doc["format_version"] == FORMAT_VERSION == 2
    assert doc["app_version"] == interviewpal.__version__
    assert datetime.fromisoformat(doc["exported_at"]) == NOW
    assert doc["counts"] == {"applications": 3, "rounds": 4, "journal": 3, "settings": 1}
    assert {d["id"] for d in doc["applications"]} == {data[k].id for k in ("acme", "evil", "idle")}
    by_id = {d["id"]: d for d in doc["rounds"]}
    assert by_id[data["berlin"].id] == data["berlin"].to_doc()
    assert doc["journal"][0]["schema_version"] == JournalEntry.SCHEMA_VERSION
    assert doc["settings"] == [data["settings"].to_doc()]


def test_backup_keeps_records_of_a_newer_app_version(repos, data):
    future = data["idle"].to_doc() | {"id": "from-the-future", "schema_version": 7, "new_field": [1, 2]}
    with repos.db.locked():
        repos.db.table("applications").insert(future)
    doc = json.loads(export_backup(repos, NOW))
    assert future in doc["applications"]
    assert doc["counts"]["applications"] == 4


def test_export_result_has_name_count_and_sentence(repos, data):
    result = export_file("backup", repos, NOW)
    assert result.count == 11
    assert result.file_name == suggested_name("backup", NOW)
    assert result.message.startswith("Exported 11 items (3 applications, 4 rounds, 3 reflections and the settings)")
    assert json.loads(result.data)["counts"]["rounds"] == 4
    for kind, count in (("journal", 3), ("csv", 5), ("ics", 2)):
        r = export_file(kind, repos, NOW)
        assert r.count == count, kind
        assert r.data and r.file_name in r.message


def test_export_result_saves_atomically(tmp_path, repos, data):
    result = export_file("csv", repos, NOW)
    out = tmp_path / "out"
    out.mkdir()
    path = result.save(out)
    assert path.name == result.file_name
    assert path.read_bytes() == result.data
    assert [p.name for p in out.iterdir()] == [result.file_name]


def test_suggested_names():
    noon = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    assert suggested_name("backup", noon) == "interviewpal-backup-2024-05-01.json"
    assert suggested_name("journal", noon) == "interviewpal-journal-2024-05-01.md"
    assert suggested_name("csv", noon) == "interviewpal-rounds-2024-05-01.csv"
    assert suggested_name("ics", noon) == "interviewpal-rounds-2024-05-01.ics"
    with pytest.raises(ValueError):
        suggested_name("pdf", noon)  # type: ignore[arg-type]


# -- markdown ----------------------------------------------------------------


def test_markdown_groups_by_application_and_round(repos, data):
    md = export_markdown(repos, now=NOW)
    assert md.startswith("# InterviewPal journal\n")
    assert "## Acme — Backend Engineer" in md
    assert '## =HYPERLINK("http://evil.example","x") — +Data Analyst' in md
    assert md.index("## =HYPERLINK") < md.index("## Acme")  # sorted by company
    assert "### Initial screening — Fri 2030-02-15 09:00 (America/New_York)" in md
    assert "Short and friendly screening." in md
    # rounds of Acme with a reflection, oldest first, date in the round's zone
    phone = md.index("### Phone or video interview — Sat 2030-01-05 15:00 (Europe/Berlin)")
    design = md.index("### System design — Thu 2030-02-14 10:00 (Europe/Berlin)")
    assert phone < design
    assert "- Stage: Technical assessment" in md
    assert "- Interviewers: Jane Roe (CTO), Max Mustermann" in md
    assert "- Outcome: Passed" in md
    assert "(draft)" in md
    # applications without reflections are not listed
    assert "Globex" not in md


def test_markdown_holds_the_whole_reflection(repos, data):
    md = export_markdown(repos, now=NOW)
    for text in (
        "Feeling: 4/5 · Confidence: 3/5",
        "- Tell me about a conflict",
        "Clear answer on the outage.\nGood rapport.",
        "- [ ] Slow down on numbers",
        "- [x] Ask about the team (learned)",
        "*What surprised you?*\n\nThe pair exercise.",
        "- [ ] Thank-you note: Thank Jane — due 2030-01-06, open",
        "- [x] Chase if no answer: Chase recruiter — due 2030-01-12, done 2030-01-12",
        "They liked the caching story.",
        "Tags: caching, nerves",
        "Whiteboard went badly.",
    ):
        assert text in md, text


def test_markdown_user_text_cannot_add_headings(repos, data):
    md = export_markdown(repos, now=NOW)
    lines = md.splitlines()
    assert "\\# This line starts with a hash" in lines
    assert "\\## Injected heading" in lines
    assert "\\===" in lines  # would turn "Setext trap" into a heading
    assert "- \\# Why us?" in lines
    headings = [line for line in lines if line.lstrip().startswith("#")]
    assert all(
        h.startswith(("# InterviewPal journal", "## Acme", "## =HYPERLINK", "### Phone", "### System", "### Initial",
                      "#### Reflection"))
        for h in headings
    ), headings
    assert sum(1 for h in headings if h.startswith("## ")) == 2
    assert sum(1 for h in headings if h.startswith("#### ")) == 3


def test_markdown_of_an_empty_journal(repos):
    md = export_markdown(repos, now=NOW)
    assert "No reflections yet." in md


# -- csv ---------------------------------------------------------------------


def parse_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_parses_back_one_row_per_round(repos, data):
    rows = parse_csv(export_csv(repos))
    assert tuple(rows[0]) == CSV_HEADER
    body = [dict(zip(rows[0], r)) for r in rows[1:]]
    assert len(body) == 4 + 1  # four rounds + Globex without rounds
    design = next(r for r in body if r["Round title"] == "System design")
    assert design["Company"] == "Acme"
    assert design["Status"] == "Active"
    assert design["Application link"] == "https://acme.example.com/jobs/1"
    assert design["Stage"] == "Technical assessment"
    assert (design["Date"], design["Time"], design["Time zone"]) == ("2030-02-14", "10:00", "Europe/Berlin")
    assert design["Format"] == "Video"
    assert design["Location or link"] == "https://meet.example.com/abc"
    assert design["Interviewers"] == "Jane Roe (CTO); Max Mustermann"
    assert design["Outcome"] == "Pending"
    ny = next(r for r in body if r["Time zone"] == "America/New_York")
    assert (ny["Date"], ny["Time"]) == ("2030-02-15", "09:00")
    globex = next(r for r in body if r["Company"] == "Globex")
    assert globex["Status"] == "Ghosted"
    assert all(globex[c] == "" for c in CSV_HEADER[4:])


def test_csv_has_no_formula_injection(repos, data):
    rows = parse_csv(export_csv(repos))
    evil = next(r for r in rows[1:] if "HYPERLINK" in r[0])
    assert evil[0] == "'=HYPERLINK(\"http://evil.example\",\"x\")"
    assert evil[1] == "'+Data Analyst"
    assert evil[10] == "'-1 floor, 5th Ave"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_quotes_formula_starts(value):
    assert safe_cell(value) == "'" + value
    assert safe_cell("Acme = good") == "Acme = good"


# -- ics ---------------------------------------------------------------------


def test_ics_parses_back_with_times_in_the_right_zones(repos, data):
    cal = Calendar.from_ical(export_ics(repos, NOW))
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    # the past and the cancelled rounds are left out
    assert set(events) == {f"{data['berlin'].id}@interviewpal", f"{data['new_york'].id}@interviewpal"}

    berlin = events[f"{data['berlin'].id}@interviewpal"]
    assert berlin["DTSTART"].params["TZID"] == "Europe/Berlin"
    start = berlin.decoded("DTSTART")
    assert (start.hour, start.minute) == (10, 0)
    assert start.utcoffset() == timedelta(hours=1)
    assert start == datetime(2030, 2, 14, 9, 0, tzinfo=timezone.utc)
    assert berlin.decoded("DTEND") - start == timedelta(minutes=90)
    assert str(berlin["SUMMARY"]) == "Interview: Technical assessment - Acme"
    assert str(berlin["LOCATION"]) == "https://meet.example.com/abc"
    description = str(berlin["DESCRIPTION"])
    assert "Backend Engineer" in description and "Jane Roe (CTO)" in description
    assert "https://meet.example.com/abc" in description
    triggers = sorted(a.decoded("TRIGGER") for a in berlin.walk("VALARM"))
    assert triggers == [timedelta(minutes=-120), timedelta(minutes=-10)]  # from the settings

    ny = events[f"{data['new_york'].id}@interviewpal"]
    assert ny["DTSTART"].params["TZID"] == "America/New_York"
    start = ny.decoded("DTSTART")
    assert (start.hour, start.minute) == (9, 0)
    assert start == datetime(2030, 2, 15, 14, 0, tzinfo=timezone.utc)
    assert str(ny["LOCATION"]) == "-1 floor, 5th Ave"
    assert str(ny["SUMMARY"]).startswith("Interview: Initial screening - =HYPERLINK")

    tzids = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    assert tzids == {"Europe/Berlin", "America/New_York"}


def test_ics_uid_is_stable_and_default_alarms(repos, data):
    repos.settings.delete("settings")  # defaults: 60 and 15 minutes
    first = Calendar.from_ical(export_ics(repos, NOW))
    again = Calendar.from_ical(export_ics(repos, NOW + timedelta(hours=1)))
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [str(e["UID"]) for e in again.walk("VEVENT")]
    ev = first.walk("VEVENT")[0]
    assert sorted(a.decoded("TRIGGER") for a in ev.walk("VALARM")) == [timedelta(minutes=-60), timedelta(minutes=-15)]


def test_ics_without_upcoming_rounds_is_an_empty_valid_calendar(repos, data):
    cal = Calendar.from_ical(export_ics(repos, datetime(2031, 1, 1, tzinfo=timezone.utc)))
    assert cal.walk("VEVENT") == []
    assert str(cal["VERSION"]) == "2.0"


def test_ics_with_past_rounds_holds_them_without_alarms_and_with_their_outcome(repos, data):
    """Issue 13: the calendar can hold past rounds too (cancelled ones stay out)."""
    from interviewpal.services.export import export_file

    text = export_ics(repos, NOW, include_past=True)
    cal = Calendar.from_ical(text)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {f"{data[k].id}@interviewpal" for k in ("berlin", "new_york", "past")}
    past = events[f"{data['past'].id}@interviewpal"]
    assert past.decoded("DTSTART") == data["past"].starts_at and past.walk("VALARM") == []
    assert "Outcome: Passed" in str(past["DESCRIPTION"])
    assert events[f"{data['berlin'].id}@interviewpal"].walk("VALARM")  # upcoming ones keep their alarms
    result = export_file("ics", repos, NOW, include_past=True)
    assert result.count == 3 and result.message.startswith("Exported 3 rounds (past and upcoming)")
    assert export_file("ics", repos, NOW).count == 2  # the default stays: upcoming only
