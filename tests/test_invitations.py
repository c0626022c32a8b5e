"""Reading calendar invitations (.ics) into rounds-to-be, and deciding updates/cancellations.

The files in tests/data/invitations/ follow each sender's published format (Google
Calendar, Microsoft Exchange/Outlook with Teams, Zoom, a scheduling tool, Apple Calendar)
with made-up people at example domains.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from interviewpal.models.stage import Stage
from interviewpal.services.invitations import (
    MAX_INVITATION_BYTES,
    InvitationChange,
    InvitationError,
    KnownInvitation,
    Timing,
    classify_invitation,
    guess_company,
    guess_stage,
    read_invitations,
    resolve_zone_name,
)

DATA = Path(__file__).parent / "data" / "invitations"
ME = ("sam.candidate@example.com",)


def read(name: str, own=ME):
    return read_invitations((DATA / name).read_bytes(), own)


def one(name: str, own=ME):
    events = read(name, own)
    assert len(events) == 1
    return events[0]


# --- zones and times ---------------------------------------------------------------


def test_google_with_vtimezone():
    inv = one("google_vtimezone.ics")
    assert inv.timing is Timing.EXACT
    assert inv.start == datetime(2026, 3, 3, 13, 0, tzinfo=UTC)  # 14:00 Berlin in winter
    assert inv.end == datetime(2026, 3, 3, 14, 0, tzinfo=UTC)
    assert inv.zone == "Europe/Berlin"
    assert inv.local_start == datetime(2026, 3, 3, 14, 0)
    assert inv.uid == "4k2p9q7r1s3t5u7v9w1x3y5z7a@google.com"
    assert inv.sequence == 0 and inv.method == "REQUEST" and not inv.cancelled
    assert not inv.needs_time


def test_google_x_wr_timezone_only_names_the_zone_of_utc_times():
    inv = one("google_x_wr_timezone.ics")
    assert inv.start == datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    assert inv.zone == "America/New_York"
    assert inv.local_start == datetime(2026, 3, 10, 11, 0)  # EDT began on 8 March 2026


def test_outlook_windows_zone_name_is_mapped_to_iana_in_summer_time():
    inv = one("outlook_windows_zone.ics")
    assert inv.zone == "Europe/Berlin"  # "W. Europe Standard Time" via CLDR
    assert inv.start == datetime(2026, 6, 16, 8, 0, tzinfo=UTC)  # 10:00 CEST
    assert inv.end == datetime(2026, 6, 16, 9, 30, tzinfo=UTC)


def test_outlook_eastern_standard_time_after_the_clocks_change():
    inv = one("outlook_eastern_teams.ics")
    assert inv.zone == "America/New_York"
    assert inv.start == datetime(2026, 11, 5, 14, 30, tzinfo=UTC)  # 09:30 EST (DST ended 1 Nov)


def test_utc_times_without_a_calendar_zone_are_utc():
    first, second = read("two_events.ics")
    assert first.start == datetime(2026, 4, 14, 13, 0, tzinfo=UTC)
    assert first.zone == "UTC"
    assert second.start == datetime(2026, 4, 14, 14, 30, tzinfo=UTC)


def test_floating_time_asks_for_the_zone_and_keeps_the_wall_clock():
    inv = one("floating.ics")
    assert inv.timing is Timing.FLOATING
    assert inv.start is None and inv.zone is None
    assert inv.local_start == datetime(2026, 3, 5, 9, 0)
    assert inv.local_end == datetime(2026, 3, 5, 9, 30)
    assert inv.needs_time and inv.notes


def test_floating_time_with_x_wr_timezone_is_read_in_that_zone():
    data = (DATA / "floating.ics").read_bytes()
    data = data.replace(b"METHOD:REQUEST", b"METHOD:REQUEST\nX-WR-TIMEZONE:Europe/London")
    (inv,) = read_invitations(data, ME)
    assert inv.timing is Timing.EXACT
    assert inv.zone == "Europe/London"
    assert inv.start == datetime(2026, 3, 5, 9, 0, tzinfo=UTC)


def test_all_day_entry_asks_for_time_and_zone():
    inv = one("all_day.ics")
    assert inv.timing is Timing.ALL_DAY
    assert inv.start is None and inv.end is None and inv.zone is None
    assert inv.local_start == date(2026, 3, 20)
    assert inv.needs_time
    assert inv.location == "Wayne Enterprises, 1 Example Plaza, Gotham"


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("Eastern Standard Time", "America/New_York"),
        ("GMT Standard Time", "Europe/London"),
        ("Tokyo Standard Time", "Asia/Tokyo"),
        ("/mozilla.org/20050126_1/Europe/Paris", "Europe/Paris"),
        ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "Europe/Amsterdam"),
        ("(UTC-05:00) Eastern Time (US & Canada)", "America/New_York"),
        ("UTC", "UTC"),
        ("Customized Time Zone", None),
        ("", None),
    ],
)
def test_zone_names_as_senders_write_them(name, zone):
    assert resolve_zone_name(name, date(2026, 3, 3)) == zone


def test_unknown_zone_name_with_its_own_vtimezone_keeps_the_instant_and_asks_for_the_zone():
    data = (DATA / "outlook_windows_zone.ics").read_bytes().replace(b"W. Europe Standard Time", b"Customized Time Zone")
    (inv,) = read_invitations(data, ME)
    assert inv.timing is Timing.EXACT
    assert inv.start == datetime(2026, 6, 16, 8, 0, tzinfo=UTC)
    assert inv.zone is None and inv.needs_time and inv.notes


# --- links and phone numbers --------------------------------------------------------


def test_google_meet_link_and_dial_in_with_pin():
    inv = one("google_vtimezone.ics")
    assert inv.link == "https://meet.google.com/abc-defg-hij"
    assert inv.links[0].provider == "Google Meet"
    assert [(p.number, p.access_code) for p in inv.phones] == [("+13235550123", "123456789#")]


def test_teams_link_in_the_description_only():
    inv = one("outlook_windows_zone.ics")
    assert inv.link.startswith("https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjE0ZmQ1YjctYTEx%40thread.v2/0?")
    assert inv.link.endswith("%22%7d")  # the <...> wrapper and folding are gone
    assert inv.links[0].provider == "Microsoft Teams"
    # help and download pages are not meeting links
    assert all("aka.ms" not in link.url and "download" not in link.url for link in inv.links)
    assert [(p.number, p.access_code) for p in inv.phones] == [("+442079460123", "123456789#")]


def test_teams_link_from_the_microsoft_property():
    inv = one("outlook_eastern_teams.ics")
    assert inv.link == "https://teams.microsoft.com/meet/234567890123?p=XyZ123abc"
    assert len(inv.links) == 1  # the same link in the description is not repeated
    assert [p.number for p in inv.phones] == ["+14695550188"]


def test_zoom_link_and_dial_in_numbers():
    inv = one("zoom.ics")
    assert inv.link == "https://us02web.zoom.us/j/81234567890?pwd=QWErty123456789"
    assert inv.links[0].provider == "Zoom"
    assert all("/u/" not in link.url for link in inv.links)  # "find your local number" is not a join link
    assert [p.number for p in inv.phones] == ["+16465588656", "+13462487799"]
    assert inv.phones[0].access_code.startswith("81234567890#")
    assert inv.start == datetime(2026, 3, 31, 7, 0, tzinfo=UTC)  # 09:00 CEST (DST began 29 March)


def test_meeting_ids_are_not_phone_numbers():
    inv = one("zoom.ics")
    assert all("8123456789" not in p.number for p in inv.phones)


def test_webex_links_from_location_and_url():
    first, second = read("two_events.ics")
    assert first.link == "https://hooli.webex.com/hooli/j.php?MTID=m0123456789abcdef"
    assert second.link == "https://hooli.webex.com/meet/eli.architect"
    assert first.links[0].provider == second.links[0].provider == "Webex"


def test_phone_round_number_in_the_location():
    inv = one("google_x_wr_timezone.ics")
    assert inv.link == ""
    assert [p.number for p in inv.phones] == ["+12125550142"]


# --- people, company, stage ---------------------------------------------------------


def test_people_without_the_user_and_without_rooms():
    inv = one("outlook_windows_zone.ics")
    assert inv.organizer is not None
    assert (inv.organizer.name, inv.organizer.email) == ("Lena Hiring", "lena.hiring@initech.example")
    assert [(a.name, a.email) for a in inv.attendees] == [
        ("Ravi Architect", "ravi.architect@initech.example"),
        ("Mei Product", "mei.product@initech.example"),
    ]


def test_google_organizer_listed_again_as_attendee_appears_once():
    inv = one("google_vtimezone.ics")
    assert [p.email for p in inv.people] == ["jane.recruiter@acme.example", "omar.engineer@acme.example"]


def test_own_address_is_matched_without_case():
    inv = one("outlook_eastern_teams.ics")  # the file writes Sam.Candidate@Example.com
    assert inv.attendees == ()
    assert inv.organizer.name == "Dana Manager"  # quoted CN


def test_without_own_addresses_everyone_is_kept():
    inv = one("google_vtimezone.ics", own=())
    assert "sam.candidate@example.com" in [p.email for p in inv.people]


def test_user_as_organizer_is_left_out():
    inv = one("outlook_windows_zone.ics", own=("LENA.HIRING@initech.example",))
    assert inv.organizer is None
    assert len(inv.attendees) == 3  # Ravi, Mei and Sam (not named as the user here)


def test_scheduling_bot_organizer_is_not_a_person():
    inv = one("floating.ics")
    assert inv.organizer is None
    assert [a.name for a in inv.attendees] == ["Tony Recruiter"]


@pytest.mark.parametrize(
    ("name", "company", "stage"),
    [
        ("google_vtimezone.ics", "Acme", Stage.TECHNICAL),
        ("google_x_wr_timezone.ics", "Globex", Stage.SCREENING),
        ("outlook_windows_zone.ics", "Initech", Stage.PANEL),
        ("outlook_eastern_teams.ics", "eBay", Stage.FINAL_OFFER),  # the title's spelling of ebay.example
        ("zoom.ics", "Umbrella", Stage.BEHAVIORAL),
        ("floating.ics", "Stark Industries", Stage.SCREENING),
        ("all_day.ics", "Wayne Enterprises", Stage.IN_PERSON),
    ],
)
def test_company_and_stage_guesses(name, company, stage):
    inv = one(name)
    assert inv.company_guess == company
    assert inv.stage_guess is stage


@pytest.mark.parametrize(
    ("title", "stage"),
    [
        ("Technical interview", Stage.TECHNICAL),
        ("Phone screen", Stage.SCREENING),
        ("Panel", Stage.PANEL),
        ("Final round", Stage.FINAL_OFFER),
        ("Offer call", Stage.FINAL_OFFER),
        ("System design", Stage.TECHNICAL),
        ("Culture fit chat", Stage.BEHAVIORAL),
        ("On-site visit", Stage.IN_PERSON),
        ("Video interview", Stage.PHONE_VIDEO),
        ("Reference check", Stage.BACKGROUND),
        ("Catch-up", None),
    ],
)
def test_stage_from_title(title, stage):
    assert guess_stage(title) is stage


def test_company_ignores_mail_and_scheduling_domains():
    assert guess_company("Interview", ["someone@gmail.com", "bot@calendly.com", "x@zoom.us"]) is None
    assert guess_company("Interview", ["notify@google.com", "jo@talent.initech.co.uk"]) == "Initech"
    assert guess_company("Interview with Jane Doe", ["jane@gmail.com"], ["Jane Doe"]) is None
    assert guess_company("Interview with Jane Doe (Acme)", ["jane@gmail.com"], ["Jane Doe"]) == "Acme"
    assert guess_company("面试 Ltd - Technical interview", []) == "面试 Ltd"


# --- refusals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ((DATA / "not_a_calendar.txt").read_bytes(), "not a calendar invitation"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not a calendar invitation"),
        (b"", "not a calendar invitation"),
        (b"BEGIN:VCALENDAR\n" + b"X" * (MAX_INVITATION_BYTES + 1), "too large"),
        ((DATA / "no_event.ics").read_bytes(), "no event"),
        ((DATA / "damaged.ics").read_bytes(), "damaged"),
        (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n", "no start time"),
    ],
    ids=["text", "binary", "empty", "oversized", "no-event", "damaged", "no-start"],
)
def test_refusals_carry_a_short_sentence(data, words):
    with pytest.raises(InvitationError) as caught:
        read_invitations(data, ME)
    message = caught.value.message
    assert words in message
    assert message.endswith(".") and len(message) <= 110  # fits a phone screen in two or three lines
    assert "Traceback" not in message


def test_utf16_and_bom_files_are_read():
    text = (DATA / "floating.ics").read_text()
    for data in (text.encode("utf-16"), text.encode("utf-8-sig")):
        (inv,) = read_invitations(data, ME)
        assert inv.title == "Recruiter call - Stark Industries"


# --- updates and cancellations --------------------------------------------------------


def test_two_events_are_both_returned_in_file_order():
    events = read("two_events.ics")
    assert [e.uid for e in events] == ["loop-42-part-1@ats.example", "loop-42-part-2@ats.example"]
    assert [e.title for e in events] == ["Coding interview - Hooli", "System design interview - Hooli"]


def test_update_with_higher_sequence_moves_the_round():
    original = one("google_vtimezone.ics")
    update = one("google_update_sequence.ics")
    assert update.uid == original.uid and update.sequence == 1
    assert update.start == datetime(2026, 3, 3, 15, 0, tzinfo=UTC)
    known = [KnownInvitation(original.uid, original.sequence, round_id="r1")]
    decision = classify_invitation(update, known)
    assert decision.change is InvitationChange.UPDATE and decision.round_id == "r1"


def test_new_and_stale_repeats():
    original = one("google_vtimezone.ics")
    assert classify_invitation(original, []).change is InvitationChange.NEW
    assert classify_invitation(original, [KnownInvitation("other-uid", 5)]).change is InvitationChange.NEW
    same = classify_invitation(original, [KnownInvitation(original.uid, 0, round_id="r1")])
    assert same.change is InvitationChange.STALE and same.round_id == "r1"
    older = one("google_vtimezone.ics")  # sequence 0 against a saved update with sequence 1
    assert classify_invitation(older, [KnownInvitation(older.uid, 1)]).change is InvitationChange.STALE


@pytest.mark.parametrize("name", ["cancel_method_and_status.ics", "cancel_method_only.ics", "cancel_status_only.ics"])
def test_cancellations(name):
    inv = one(name)
    assert inv.cancelled
    known = [KnownInvitation(inv.uid, 1, round_id="r1")]
    decision = classify_invitation(inv, known)
    assert decision.change is InvitationChange.CANCELLATION and decision.round_id == "r1"
    # already cancelled, or never saved: nothing to do
    assert classify_invitation(inv, [KnownInvitation(inv.uid, 2, cancelled=True)]).change is InvitationChange.STALE
    assert classify_invitation(inv, []).change is InvitationChange.NOTHING_TO_CANCEL


def test_old_cancellation_does_not_undo_a_later_update():
    inv = one("cancel_method_only.ics")  # sequence 2
    assert classify_invitation(inv, [KnownInvitation(inv.uid, 3)]).change is InvitationChange.STALE


def test_update_after_a_cancellation_brings_the_round_back():
    update = one("google_update_sequence.ics")
    decision = classify_invitation(update, [KnownInvitation(update.uid, 0, cancelled=True, round_id="r1")])
    assert decision.change is InvitationChange.UPDATE


@pytest.mark.parametrize("name", ["google_vtimezone.ics", "outlook_windows_zone.ics", "zoom.ics"])
def test_truncated_or_corrupted_files_are_refused_not_crashed(name):
    data = (DATA / name).read_bytes()
    for cut in range(0, len(data), 61):
        for broken in (data[:cut], data[:cut] + data[cut + 9:], data[:cut] + b"\x00\xff garbage"):
            try:
                read_invitations(broken, ME)
            except InvitationError as exc:
                assert exc.message.endswith(".")
