"""Invitations into rounds: preview, new round, update (moves it, reminders follow), cancellation, stale copies."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from interviewpal.models import Outcome, RoundFormat, Settings, Stage
from interviewpal.services.export.backup_file import build_backup
from interviewpal.services.forms import FormError
from interviewpal.services.invitation_rounds import InvitationRoundService
from interviewpal.services.invitations import InvitationChange, InvitationError
from interviewpal.services.reminders import plan_reminders
from interviewpal.services.rounds import RoundService
from tests.factories import add_app

DATA = Path(__file__).parent / "data" / "invitations"
BERLIN_14 = datetime(2026, 3, 3, 13, 0, tzinfo=timezone.utc)  # 14:00 in Berlin (CET)
BERLIN_16 = datetime(2026, 3, 3, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def svc(repos):
    return InvitationRoundService(repos, RoundService(repos))


def one(svc, name: str):
    events = svc.read((DATA / name).read_bytes())
    assert len(events) == 1
    return events[0]


def add_acme_round(svc, role="Backend Engineer"):
    preview = svc.preview(one(svc, "google_vtimezone.ics"))
    return svc.apply(preview, company=preview.company, role=role)


def test_preview_of_a_new_invitation_guesses_everything_and_leaves_the_user_out(svc):
    p = svc.preview(one(svc, "google_vtimezone.ics"))
    assert p.change is InvitationChange.NEW and p.application is None
    assert (p.company, p.stage, p.title) == ("Acme", Stage.TECHNICAL, "Technical interview - Acme")
    assert (p.date_text, p.time_text, p.time_zone, p.duration_minutes) == ("2026-03-03", "14:00", "Europe/Berlin", 60)
    assert p.meeting_url == "https://meet.google.com/abc-defg-hij" and p.format is RoundFormat.VIDEO
    assert p.phone_number.startswith("+1 323")
    people = {c.email: c for c in p.people}
    assert set(people) == {"jane.recruiter@acme.example", "sam.candidate@example.com", "omar.engineer@acme.example"}
    assert people["sam.candidate@example.com"].likely_you  # the only attendee outside the organizer's domain
    assert not people["omar.engineer@acme.example"].likely_you and people["jane.recruiter@acme.example"].organizer
    assert p.message == "A new round will be added." and not p.needs_time


def test_new_round_creates_the_application_and_keeps_uid_sequence_and_people(svc, repos):
    done = add_acme_round(svc)
    assert done.change is InvitationChange.NEW
    rnd = repos.rounds.get(done.round.id)
    app = repos.applications.get(rnd.application_id)
    assert (app.company, app.role) == ("Acme", "Backend Engineer")
    assert rnd.starts_at == BERLIN_14 and rnd.time_zone == "Europe/Berlin"
    assert (rnd.invitation_uid, rnd.invitation_sequence) == ("4k2p9q7r1s3t5u7v9w1x3y5z7a@google.com", 0)
    assert [i.name for i in rnd.interviewers] == ["Jane Recruiter", "Omar Engineer"]
    assert rnd.contact_email == "jane.recruiter@acme.example"
    assert rnd.meeting_url == "https://meet.google.com/abc-defg-hij"


def test_preview_matches_an_existing_application_by_company(svc, repos):
    app = add_app(repos, "ACME ", "Data Engineer")
    p = svc.preview(one(svc, "google_vtimezone.ics"))
    assert p.application.id == app.id
    done = svc.apply(p, application_id=app.id)
    assert done.round.application_id == app.id and repos.applications.count() == 1


def test_user_changes_in_the_preview_are_saved(svc, repos):
    app = add_app(repos, "Globex", "Designer")
    p = svc.preview(one(svc, "outlook_windows_zone.ics"))
    assert (p.date_text, p.time_text, p.time_zone, p.duration_minutes) == ("2026-06-16", "10:00", "Europe/Berlin", 90)
    done = svc.apply(p, application_id=app.id, stage="behavioral", time_text="11:15", time_zone="London",
                     interviewers=[("Ravi Architect", "Architect")], meeting_url="")
    rnd = done.round
    assert rnd.stage is Stage.BEHAVIORAL and rnd.time_zone == "Europe/London"
    assert rnd.starts_at == datetime(2026, 6, 16, 10, 15, tzinfo=timezone.utc)
    assert [i.display for i in rnd.interviewers] == ["Ravi Architect (Architect)"] and rnd.meeting_url == ""


def test_new_round_with_bad_fields_names_them_and_saves_nothing(svc, repos):
    p = svc.preview(one(svc, "floating.ics"))
    assert p.needs_time and p.time_zone == "" and p.time_text == "09:00"
    with pytest.raises(FormError) as e:
        svc.apply(p, company="", role="", time_text="25:00")
    assert set(e.value.errors) >= {"company", "role", "time", "time_zone"}
    assert (repos.rounds.count(), repos.applications.count()) == (0, 0)


def test_all_day_entry_asks_for_the_time_and_then_saves(svc, repos):
    p = svc.preview(one(svc, "all_day.ics"))
    assert p.needs_time and (p.date_text, p.time_text) == ("2026-03-20", "")
    done = svc.apply(p, company="Wayne Enterprises", role="Analyst", time_text="9:30", time_zone="America/Chicago")
    assert done.round.starts_at == datetime(2026, 3, 20, 14, 30, tzinfo=timezone.utc)


def test_update_with_higher_sequence_moves_the_round_and_its_reminders(svc, repos):
    rnd = add_acme_round(svc).round
    settings = Settings()
    now = BERLIN_14 - timedelta(days=3)
    offset = timedelta(minutes=min(settings.offsets_minutes))

    def before_round():
        return {r.nominal_at for r in plan_reminders(repos.applications.all(), repos.rounds.all(), [], settings, now)
                if r.round_id == rnd.id and r.offset_minutes}

    assert BERLIN_14 - offset in before_round()
    p = svc.preview(one(svc, "google_update_sequence.ics"))
    assert p.change is InvitationChange.UPDATE and p.round.id == rnd.id and p.application.company == "Acme"
    assert p.new_start == BERLIN_16
    assert p.message == "This update moves the round to Tue 3 Mar 2026, 16:00 (Europe/Berlin)."
    done = svc.apply(p)
    moved = repos.rounds.get(rnd.id)
    assert done.change is InvitationChange.UPDATE and moved.starts_at == BERLIN_16
    assert moved.invitation_sequence == 1 and repos.rounds.count() == 1
    assert BERLIN_16 - offset in before_round() and BERLIN_14 - offset not in before_round()


def test_same_or_older_sequence_says_so_and_changes_nothing(svc, repos):
    rnd = add_acme_round(svc).round
    svc.apply(svc.preview(one(svc, "google_update_sequence.ics")))
    saved = repos.rounds.get(rnd.id)
    for name in ("google_update_sequence.ics", "google_vtimezone.ics"):
        p = svc.preview(one(svc, name))
        assert p.change is InvitationChange.STALE and not p.changes_something
        assert "already have this version" in p.message
        assert svc.apply(p).change is InvitationChange.STALE
    assert repos.rounds.get(rnd.id) == saved and repos.rounds.count() == 1


@pytest.mark.parametrize("name", ["cancel_method_only.ics", "cancel_status_only.ics", "cancel_method_and_status.ics"])
def test_cancellation_marks_the_round_cancelled(svc, repos, name):
    rnd = add_acme_round(svc).round
    p = svc.preview(one(svc, name))
    assert p.change is InvitationChange.CANCELLATION and "marked cancelled" in p.message
    done = svc.apply(p)
    saved = repos.rounds.get(rnd.id)
    assert done.change is InvitationChange.CANCELLATION and saved.outcome is Outcome.CANCELLED
    assert saved.starts_at == BERLIN_14 and saved.invitation_sequence == 2
    assert svc.preview(one(svc, name)).change is InvitationChange.STALE  # a second copy: nothing to do


def test_cancellation_of_an_unknown_event_changes_nothing(svc, repos):
    p = svc.preview(one(svc, "cancel_method_only.ics"))
    assert p.change is InvitationChange.NOTHING_TO_CANCEL and "not in InterviewPal" in p.message
    assert svc.apply(p).round is None and repos.rounds.count() == 0


def test_stale_preview_is_decided_again_on_apply(svc, repos):
    rnd = add_acme_round(svc).round
    p = svc.preview(one(svc, "google_update_sequence.ics"))
    svc.apply(p)
    assert svc.apply(p).change is InvitationChange.STALE  # the same preview twice: moved once
    assert repos.rounds.get(rnd.id).starts_at == BERLIN_16


@pytest.mark.parametrize("name", ["not_a_calendar.txt", "no_event.ics", "damaged.ics"])
def test_bad_files_are_refused_with_a_sentence(svc, repos, name):
    with pytest.raises(InvitationError) as e:
        svc.read((DATA / name).read_bytes())
    assert e.value.message.endswith(".") and len(e.value.message) < 120
    assert repos.rounds.count() == 0


def test_huge_file_is_refused(svc):
    with pytest.raises(InvitationError, match="too large"):
        svc.read(b"BEGIN:VCALENDAR\r\n" + b"X" * 2_000_000)


def test_uid_and_sequence_round_trip_through_the_backup(svc, repos):
    rnd = add_acme_round(svc).round
    doc = build_backup(repos)
    stored = next(r for r in doc["rounds"] if r["id"] == rnd.id)
    assert (stored["invitation_uid"], stored["invitation_sequence"]) == (rnd.invitation_uid, 0)
    from interviewpal.models import Round

    old = {k: v for k, v in stored.items() if not k.startswith("invitation_")}  # an old backup's record
    assert Round.model_validate(old).invitation_uid == "" and Round.model_validate(stored) == rnd


def test_uid_and_sequence_survive_export_and_import(svc, repos, tmp_path):
    from interviewpal.services.export import export_file
    from interviewpal.services.export.importer import import_backup, read_backup
    from interviewpal.storage import Repositories

    rnd = add_acme_round(svc).round
    svc.apply(svc.preview(one(svc, "google_update_sequence.ics")))
    data = export_file("backup", repos).data
    other = Repositories.open(tmp_path / "other")
    try:
        import_backup(other, read_backup(data), mode="replace")
        back = other.rounds.get(rnd.id)
        assert (back.invitation_uid, back.invitation_sequence) == (rnd.invitation_uid, 1)
        # the imported round still recognises the invitation: the same update again is stale
        again = InvitationRoundService(other, RoundService(other))
        assert again.preview(one(again, "google_update_sequence.ics")).change is InvitationChange.STALE
    finally:
        other.db.close()


ZOOM_MAIL = """Hi Sam,

You're invited to a Zoom meeting.
Topic: Technical interview - Acme
Time: Tuesday, 3 March 2026 14:00–15:30 (GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna

Join Zoom Meeting
https://us02web.zoom.us/j/81234567890?pwd=abc

One tap mobile
+442034815240,,81234567890# United Kingdom
"""


def test_pasted_text_fills_the_round_editor_fields():
    from datetime import date

    from interviewpal.services.invitation_rounds import fields_from_pasted_text

    found = fields_from_pasted_text(ZOOM_MAIL, date(2026, 2, 1))
    assert found.values == {"date": "2026-03-03", "time": "14:00", "duration": "90", "time_zone": "Europe/Amsterdam",
                            "meeting_url": "https://us02web.zoom.us/j/81234567890?pwd=abc",
                            "phone_number": "+44 20 3481 5240", "format": "video"}
    assert found.message.startswith("Filled in the date, time, length, time zone, link and phone number")
    phone_only = fields_from_pasted_text("Call on Tue Mar 3, 2026 at 2:00 PM - 2:30 PM. Dial +1 212-555-0142", date(2026, 2, 1))
    assert phone_only.values["format"] == "phone" and phone_only.values["duration"] == "30"
    assert "Not found: time zone." in phone_only.message
    nothing = fields_from_pasted_text("Thanks for applying!", date(2026, 2, 1))
    assert nothing.values == {} and "Nothing was changed" in nothing.message


def test_floating_update_is_read_in_the_rounds_zone_and_brings_a_cancelled_round_back(svc, repos):
    from dataclasses import replace

    inv = one(svc, "floating.ics")
    done = svc.apply(svc.preview(inv), company="Stark Industries", role="Analyst", time_zone="Asia/Tokyo")
    assert done.round.starts_at == datetime(2026, 3, 5, 0, 0, tzinfo=timezone.utc)  # 09:00 in Tokyo
    repos.rounds.save(done.round.model_copy(update={"outcome": Outcome.CANCELLED}))
    later = replace(inv, sequence=1, local_start=datetime(2026, 3, 6, 11, 0), local_end=datetime(2026, 3, 6, 11, 30))
    p = svc.preview(later)
    assert p.change is InvitationChange.UPDATE
    moved = svc.apply(p).round
    assert moved.starts_at == datetime(2026, 3, 6, 2, 0, tzinfo=timezone.utc) and moved.time_zone == "Asia/Tokyo"
    assert moved.outcome is Outcome.PENDING and moved.invitation_sequence == 1
