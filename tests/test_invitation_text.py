"""Reading date, time, zone, link and dial-in numbers from a pasted invitation e-mail."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from interviewpal.services.invitations import read_invitation_text

TODAY = date(2026, 2, 1)

ZOOM_MAIL = """\
Hi Sam,

Acme is inviting you to a scheduled Zoom meeting.

Topic: Technical interview
Time: Mar 3, 2026 02:00 PM Amsterdam, Berlin, Rome, Stockholm, Vienna

Join Zoom Meeting
https://us02web.zoom.us/j/81234567890?pwd=QWErty123456789

Meeting ID: 812 3456 7890
Passcode: 246810

---

One tap mobile
+16465588656,,81234567890#,,,,*246810# US (New York)

---

Dial by your location
\u2022 +1 646 558 8656 US (New York)
\u2022 +44 20 7946 0123 United Kingdom

Find your local number: https://us02web.zoom.us/u/kabcdefgh
"""

OUTLOOK_MAIL = """\
From: Lena Hiring <lena.hiring@initech.example>
Sent: Monday, February 16, 2026 9:12 AM
To: Sam Candidate <sam.candidate@example.com>
Subject: Panel interview - Initech

When: Tuesday, 3 March 2026 14:00\u201315:00 (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna.
Where: Microsoft Teams Meeting

________________________________________________________________________________
Microsoft Teams meeting
Join on your computer, mobile app or room device
Click here to join the meeting<https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjE0ZmQ1YjctYTEx%40thread.v2/0?context=%7b%22Tid%22%3a%221111%22%7d>
Meeting ID: 312 456 789 012
Passcode: aB3cD4
Download Teams<https://www.microsoft.com/en-us/microsoft-teams/download-app> | Join on the web<https://www.microsoft.com/microsoft-teams/join-a-meeting>
Or call in (audio only)
+44 20 7946 0123,,123456789#<tel:+442079460123,,123456789#>   United Kingdom, London
Phone Conference ID: 123 456 789#
"""

GOOGLE_MAIL = """\
Invitation: Technical interview - Acme @ Tue Mar 3, 2026 2pm - 3pm (CET) (sam.candidate@example.com)

Technical interview - Acme
Tuesday Mar 3, 2026 \u22c5 2pm \u2013 3pm
Central European Time - Berlin

Join with Google Meet
meet.google.com/abc-defg-hij
Join by phone
(US) +1 323-555-0123 PIN: 123 456 789#
"""


def test_zoom_invitation_text():
    found = read_invitation_text(ZOOM_MAIL, today=TODAY)
    assert found.day == date(2026, 3, 3)
    assert found.start == time(14, 0) and found.end is None
    assert found.zone == "Europe/Amsterdam"
    assert found.start_utc == datetime(2026, 3, 3, 13, 0, tzinfo=UTC)
    assert found.link == "https://us02web.zoom.us/j/81234567890?pwd=QWErty123456789"
    assert [p.number for p in found.phones] == ["+16465588656", "+442079460123"]
    assert found.phones[0].access_code.startswith("81234567890#")


def test_outlook_invitation_text_skips_the_sent_header():
    found = read_invitation_text(OUTLOOK_MAIL, today=TODAY)
    assert found.day == date(2026, 3, 3)  # not the "Sent:" date
    assert (found.start, found.end) == (time(14, 0), time(15, 0))
    assert found.zone == "Europe/Amsterdam"
    assert found.start_utc == datetime(2026, 3, 3, 13, 0, tzinfo=UTC)
    assert found.end_utc == datetime(2026, 3, 3, 14, 0, tzinfo=UTC)
    assert found.link.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert len(found.links) == 1  # download and help pages are not meeting links
    assert [(p.number, p.access_code) for p in found.phones] == [("+442079460123", "123456789#")]


def test_google_invitation_text():
    found = read_invitation_text(GOOGLE_MAIL, today=TODAY)
    assert found.day == date(2026, 3, 3)
    assert (found.start, found.end) == (time(14, 0), time(15, 0))
    assert found.zone == "Europe/Berlin"
    assert found.start_utc == datetime(2026, 3, 3, 13, 0, tzinfo=UTC)
    assert found.link == "https://meet.google.com/abc-defg-hij"
    assert [(p.number, p.access_code) for p in found.phones] == [("+13235550123", "123456789#")]


@pytest.mark.parametrize(
    ("text", "day", "start", "end", "zone"),
    [
        ("Tuesday, 3 March 2026 14:00\u201315:00 (GMT+01:00) Amsterdam, Berlin", date(2026, 3, 3), time(14), time(15),
         "Europe/Amsterdam"),
        ("Tuesday, March 3, 2026 2:00 PM-3:00 PM Eastern Time (US and Canada)", date(2026, 3, 3), time(14), time(15),
         "America/New_York"),
        ("14:00 - 14:30, Tuesday, March 3, 2026 (CET)", date(2026, 3, 3), time(14), time(14, 30), "Europe/Berlin"),
        ("Thursday 12 March 2pm \u2013 3pm Europe/London", date(2026, 3, 12), time(14), time(15), "Europe/London"),
        ("March 3rd, 2026 from 2:00-3:00 PM PST", date(2026, 3, 3), time(14), time(15), "America/Los_Angeles"),
        ("2026-03-03 09:30 to 10:15 (UTC)", date(2026, 3, 3), time(9, 30), time(10, 15), "UTC"),
        ("Wed, 4 Mar 2026, 11:00am - 12:00pm (GMT-05:00) Eastern Time - New York", date(2026, 3, 4), time(11),
         time(12), "America/New_York"),
        ("On 10 March 2026 at 16:00 India Standard Time", date(2026, 3, 10), time(16), None, "Asia/Kolkata"),
        ("Monday, March 9, 2026 10:00 AM-11:00 AM (UTC-08:00) Pacific Time (US & Canada)", date(2026, 3, 9),
         time(10), time(11), "America/Los_Angeles"),
        ("5 May 2026, 11:00-12:00 (UTC+09:00) Osaka, Sapporo, Tokyo", date(2026, 5, 5), time(11), time(12),
         "Asia/Tokyo"),
    ],
)
def test_date_time_and_zone_formats(text, day, start, end, zone):
    found = read_invitation_text(text, today=TODAY)
    assert (found.day, found.start, found.end, found.zone) == (day, start, end, zone)


def test_windows_offset_in_summer_still_finds_the_city():
    # Outlook writes the standard offset (+01:00) even for a date in summer time.
    found = read_invitation_text("Tuesday, 16 June 2026 10:00-11:00 (UTC+01:00) Amsterdam, Berlin", today=TODAY)
    assert found.zone == "Europe/Amsterdam"
    assert found.start_utc == datetime(2026, 6, 16, 8, 0, tzinfo=UTC)


def test_year_missing_takes_the_next_matching_date():
    found = read_invitation_text("Tuesday, March 3 at 2:00 PM EST", today=date(2026, 2, 1))
    assert found.day == date(2026, 3, 3)  # a Tuesday in 2026
    found = read_invitation_text("January 5, 10:00-10:30 CET", today=date(2026, 2, 1))
    assert found.day == date(2027, 1, 5)  # January 5 of this year has passed


def test_twelve_hour_range_across_noon():
    found = read_invitation_text("Mar 3, 2026 11:30 - 12:30 PM ET", today=TODAY)
    assert (found.start, found.end) == (time(11, 30), time(12, 30))


def test_range_past_midnight_ends_the_next_day():
    found = read_invitation_text("3 March 2026 23:30-00:30 UTC", today=TODAY)
    assert found.end_utc == datetime(2026, 3, 4, 0, 30, tzinfo=UTC)


def test_no_zone_gives_times_but_no_instant():
    found = read_invitation_text("Tuesday, 3 March 2026 14:00-15:00", today=TODAY)
    assert (found.day, found.start) == (date(2026, 3, 3), time(14))
    assert found.zone is None and found.start_utc is None


def test_phone_only_invitation():
    found = read_invitation_text("We'll call you on 3 March 2026 at 10:00 CET.\nOr dial +31 20 794 0123", today=TODAY)
    assert found.link == ""
    assert [p.number for p in found.phones] == ["+31207940123"]
    assert found.start_utc == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["", "Thanks for applying! We'll be in touch.", "Meeting ID: 812 3456 7890", "\x00\x01"]
)
def test_nothing_found(text):
    found = read_invitation_text(text, today=TODAY)
    assert not found.found_anything
    assert found.phones == () and found.links == ()


def test_very_long_paste_is_handled():
    found = read_invitation_text(("filler text " * 50_000) + "\n3 March 2026 14:00 CET", today=TODAY)
    assert found is not None  # read without error (only the first 200,000 characters are looked at)
