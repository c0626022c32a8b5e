"""Issue 13 in the browser: a calendar invitation (.ics) picked with the browser's file chooser
becomes a round after a preview; an updated invitation moves it; a cancellation marks it cancelled.

The user's zone is New York (Settings), the invitations are in Berlin: the times on screen
prove the conversion. The files are the core's samples in tests/data/invitations/.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from interviewpal.models import Application, Outcome, Settings
from interviewpal.storage import Repositories

from .browser import DESKTOP, PHONE, press, reveal, see, type_into
from .server import AppServer

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data" / "invitations"
SMALL = {"width": 360, "height": 640}
LONG_AGO = datetime(2026, 1, 1, tzinfo=timezone.utc)


@pytest.fixture
def server(data_dir):
    repos = Repositories.open(data_dir)
    repos.settings.save(Settings(time_zone="America/New_York", reminders_enabled=False,
                                 created_at=LONG_AGO, updated_at=LONG_AGO), touch=False)
    repos.applications.add(Application(company="Acme", role="Backend Engineer"))
    repos.db.close()
    srv = AppServer(data_dir).start()
    yield srv
    srv.stop()


def pick(page, name: str):
    """Click "Add from calendar invite" and answer the browser's file chooser with a sample file."""
    button = press_target(page)
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(str(DATA / name))


def press_target(page):
    return reveal(page, page.get_by_role("button", name="Add from calendar invite").first)


def stored_rounds(data_dir: Path):
    repos = Repositories.open(data_dir)
    try:
        return repos.rounds.all()
    finally:
        repos.db.close()


def test_invite_preview_save_update_and_cancel(open_session, data_dir):
    s = open_session(PHONE, "/applications")
    page = s.page
    see(page, "Acme")
    s.shot("invite-button-applications-phone")

    pick(page, "google_vtimezone.ics")
    see(page, "A new round will be added.")
    # 14:00 in Berlin on 3 March 2026 is 08:00 in New York; the application is matched by company
    see(page, re.compile(r"Your time \(America/New_York\): Tue 03 Mar, 08:00-09:00 your time \(14:00 in Berlin\)"))
    see(page, re.compile("Jane Recruiter"))
    see(page, re.compile("probably you"))
    for size, viewport in (("phone", PHONE), ("small", SMALL), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        see(page, "A new round will be added.")
        s.shot(f"invite-preview-{size}")
    page.set_viewport_size(PHONE)

    type_into(page, "Title (optional)", "Tech round with Omar")
    reveal(page, page.get_by_role("button", name="Save round"))
    s.shot("invite-preview-people-phone")
    press(page, "Save round")
    see(page, re.compile(r"The round is added for Acme"))
    see(page, re.compile(r"Tue 03 Mar, 08:00-09:00 your time \(14:00 in Berlin\) · Tech round with Omar"))
    [rnd] = stored_rounds(data_dir)
    assert rnd.starts_at == datetime(2026, 3, 3, 13, 0, tzinfo=timezone.utc) and rnd.time_zone == "Europe/Berlin"
    assert [i.name for i in rnd.interviewers] == ["Jane Recruiter", "Omar Engineer"]
    assert rnd.meeting_url == "https://meet.google.com/abc-defg-hij" and rnd.invitation_sequence == 0
    s.shot("invite-saved-timeline-phone")

    # the update (SEQUENCE 1) from the application's timeline: 16:00 in Berlin
    pick(page, "google_update_sequence.ics")
    see(page, re.compile(r"This update moves the round to Tue 3 Mar 2026, 16:00 \(Europe/Berlin\)"))
    see(page, re.compile(r"Moves to: Tue 03 Mar, 10:00-11:00 your time \(16:00 in Berlin\)"))
    s.shot("invite-update-phone")
    press(page, "Move the round")
    see(page, re.compile(r"Tue 03 Mar, 10:00-11:00 your time \(16:00 in Berlin\) · Tech round with Omar"))
    [rnd] = stored_rounds(data_dir)
    assert rnd.starts_at == datetime(2026, 3, 3, 15, 0, tzinfo=timezone.utc) and rnd.invitation_sequence == 1

    # the same update again: says so, changes nothing
    pick(page, "google_update_sequence.ics")
    see(page, re.compile("You already have this version"))
    press(page, "Back")

    # the cancellation (METHOD:CANCEL, SEQUENCE 2)
    pick(page, "cancel_method_only.ics")
    see(page, "This invitation was cancelled: the round will be marked cancelled.")
    press(page, "Mark cancelled")
    see(page, "The round is marked cancelled.")
    see(page, "Cancelled")
    [rnd] = stored_rounds(data_dir)
    assert rnd.outcome is Outcome.CANCELLED and rnd.starts_at == datetime(2026, 3, 3, 15, 0, tzinfo=timezone.utc)


def test_outlook_invite_creates_the_application_and_bad_files_are_refused(open_session, data_dir):
    s = open_session(DESKTOP, "/applications")
    page = s.page
    see(page, "Acme")

    pick(page, "not_a_calendar.txt")
    see(page, re.compile(r"This file is not a calendar invitation .* Nothing was added\."))
    pick(page, "no_event.ics")
    see(page, re.compile(r"no event in it.*Nothing was added\."))

    pick(page, "outlook_windows_zone.ics")  # "W. Europe Standard Time", Teams link, a room and the user
    see(page, "A new round will be added.")
    # 10:00 in Amsterdam/Berlin on 16 June (summer time) is 04:00 in New York
    see(page, re.compile(r"Tue 16 Jun, 04:00-05:30 your time \(10:00 in Berlin\)"))
    # no application at Initech yet: a new one, its company guessed from the organizer's domain
    assert page.get_by_role("textbox", name=re.compile("^Company")).count() == 1
    press(page, "Save round")
    see(page, "Enter the role you applied for.")
    assert stored_rounds(data_dir) == []
    type_into(page, "Role", "Platform Engineer")
    s.shot("invite-outlook-desktop")
    press(page, "Save round")
    see(page, re.compile(r"The round is added for Initech"))
    see(page, re.compile(r"04:00-05:30 your time \(10:00 in Berlin\)"))
    [rnd] = stored_rounds(data_dir)
    assert rnd.time_zone == "Europe/Berlin" and rnd.starts_at == datetime(2026, 6, 16, 8, 0, tzinfo=timezone.utc)
    assert rnd.meeting_url.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert {i.name for i in rnd.interviewers} == {"Lena Hiring", "Ravi Architect", "Mei Product"}

    # a floating time (no zone, no X-WR-TIMEZONE): the preview asks for the zone, saving without one is refused
    pick(page, "floating.ics")
    see(page, "The invitation gives a time without a zone; confirm the zone.")
    see(page, "Enter the date, time and zone to see your time.")
    page.set_viewport_size(SMALL)
    see(page, "The invitation gives a time without a zone; confirm the zone.")
    s.shot("invite-floating-small")  # opened from Initech's timeline: the round goes there
    press(page, "Save round")
    see(page, "Pick the time zone of the interview.")
    assert len(stored_rounds(data_dir)) == 1


ZOOM_MAIL = ("You're invited to a Zoom meeting. "
             "Time: Tuesday, 3 March 2026 14:00-15:30 (GMT+01:00) Amsterdam, Berlin, Rome "
             "Join Zoom Meeting https://us02web.zoom.us/j/81234567890?pwd=abc")


def test_paste_the_invitation_fills_the_round_editor(open_session, data_dir):
    repos = Repositories.open(data_dir)
    [acme] = repos.applications.all()
    repos.db.close()
    s = open_session(PHONE, f"/applications/{acme.id}/rounds/new")
    page = s.page
    press(page, "Paste the invitation")
    type_into(page, "Invitation text", ZOOM_MAIL)
    press(page, "Fill in from the text")
    see(page, re.compile(r"Filled in the date, time, length, time zone and link from the invitation"))
    s.shot("round-form-pasted-phone")
    press(page, "Save round")
    see(page, re.compile(r"Saved .* round for Acme"))
    [rnd] = stored_rounds(data_dir)
    assert rnd.starts_at == datetime(2026, 3, 3, 13, 0, tzinfo=timezone.utc) and rnd.duration_minutes == 90
    assert rnd.time_zone == "Europe/Amsterdam" and rnd.meeting_url == "https://us02web.zoom.us/j/81234567890?pwd=abc"
