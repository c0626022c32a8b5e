"""Issue 9 in the browser: one tap to act by format, a card made for the round, lessons for every round.

What the app hands to the system is captured in the page: Flutter's url_launcher calls
``window.open(url, ...)`` on the web, which an init script records (and swallows, so no
tab opens and nothing leaves the machine).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect

from interviewpal.content import load_content
from interviewpal.models import Application, CallDirection, Interviewer, JournalEntry, Lesson, Round, RoundFormat, Stage
from interviewpal.storage import Repositories

from .browser import DESKTOP, PHONE, Session, opened, press, recording_session, reveal, see, type_into
from .server import AppServer

pytestmark = pytest.mark.browser

CONTENT = load_content()
SMALL = {"width": 360, "height": 640}
ADDRESS = "Acme office, Torstraße 1 & 2, Berlin"
MEET = "https://meet.example.com/acme-tech?pwd=a&b=1"

@pytest.fixture
def card_server(data_dir):
    now = datetime.now(timezone.utc)
    repos = Repositories.open(data_dir)
    acme = Application(company="Acme Robotics", role="Backend Engineer")
    ebay = Application(company="eBay", role="Product Analyst")
    earlier = Round(application_id=ebay.id, stage=Stage.SCREENING, starts_at=now - timedelta(days=5), time_zone="UTC",
                    format=RoundFormat.PHONE)
    video = Round(application_id=acme.id, stage=Stage.TECHNICAL, starts_at=now + timedelta(hours=2), time_zone="UTC",
                  format=RoundFormat.VIDEO, meeting_url=MEET, interviewers=[Interviewer(name="Dana Weiss", role="Engineering manager")])
    phone = Round(application_id=ebay.id, stage=Stage.PHONE_VIDEO, starts_at=now + timedelta(hours=5), time_zone="UTC",
                  format=RoundFormat.PHONE, phone_number="+44 20 7946 0018", call_direction=CallDirection.THEY_CALL,
                  contact_email="jo.hr@ebay.example", contact_phone="+44 7700 900123",
                  interviewers=[Interviewer(name="Jo Park", role="Hiring manager")])
    panel = Round(application_id=acme.id, stage=Stage.PANEL, starts_at=now + timedelta(days=2), time_zone="UTC",
                  format=RoundFormat.ON_SITE, location=ADDRESS, contact_email="recruiting@acme.example",
                  interviewers=[Interviewer(name="Lee Park", role="Staff engineer"), Interviewer(name="Sam Ortiz", role="VP Engineering")])
    entry = JournalEntry(round_id=earlier.id, application_id=ebay.id, feeling=3, confidence=3,
                         to_improve=[Lesson(text="Quantify impact with one number per story", every_round=True),
                                     Lesson(text="Have a salary range ready instead of saying a single number")])
    repos.applications.add_many([acme, ebay])
    unwritten = Round(application_id=ebay.id, stage=Stage.BEHAVIORAL, starts_at=now - timedelta(days=1), time_zone="UTC",
                      format=RoundFormat.VIDEO)
    repos.rounds.add_many([earlier, unwritten, video, phone, panel])
    repos.journal.add_many([entry])
    repos.db.close()
    srv = AppServer(data_dir).start()
    yield srv, {"video": video, "phone": phone, "on_site": panel, "unwritten": unwritten}
    srv.stop()


def session(browser, srv, viewport) -> Session:
    return recording_session(browser, srv.url, viewport)


def test_join_call_directions_by_format_with_the_right_urls(browser, card_server):
    srv, rounds = card_server
    s = session(browser, srv, PHONE)
    try:
        page = s.open(f"/rounds/{rounds['video'].id}/tips")
        see(page, "Before you join the call")
        assert page.get_by_role("button", name=re.compile("^Call")).count() == 0
        assert page.get_by_role("button", name=re.compile("^Directions")).count() == 0
        press(page, re.compile("^Join"))
        assert opened(page) == MEET

        s.go(f"/rounds/{rounds['phone'].id}/tips")
        see(page, "Before they call")
        assert page.get_by_text("Before you walk in").count() == 0
        see(page, "They call you · +44 20 7946 0018")
        assert page.get_by_role("button", name=re.compile("^Join")).count() == 0
        press(page, re.compile("^Call"))
        assert opened(page) == "tel:+442079460018"

        s.go(f"/rounds/{rounds['on_site'].id}/tips")
        see(page, "Before you walk in")
        assert page.get_by_role("button", name=re.compile("^Join")).count() == 0
        assert page.get_by_role("button", name=re.compile("^Copy address")).count() == 1
        press(page, re.compile("^Directions"))
        url = opened(page)
        assert url.startswith("https://www.google.com/maps/search/?api=1&query=")
        assert parse_qs(urlsplit(url).query)["query"] == [ADDRESS]
        assert not s.foreign, s.foreign
    finally:
        s.close()


def test_on_site_card_holds_no_video_only_item_and_shows_lessons_for_every_round(browser, card_server):
    srv, rounds = card_server
    s = session(browser, srv, PHONE)
    try:
        page = s.open(f"/rounds/{rounds['on_site'].id}/tips")
        see(page, "Before you walk in")
        # the lesson marked "for every round" after an eBay screening reaches an Acme panel card
        see(page, "Quantify impact with one number per story")
        assert page.get_by_text("Have a salary range ready").count() == 0  # the other one keeps the old rule
        press(page, re.compile(r"^\d+ more tips$"))
        see(page, "Fewer tips")
        for line in [*CONTENT.stage(Stage.PANEL).formats["video"].tips, *(c.text for c in CONTENT.stage(Stage.PANEL).formats["video"].checklist)]:
            assert page.get_by_text(line).count() == 0, line
        assert page.get_by_text(re.compile("gallery view", re.I)).count() == 0
        for item in CONTENT.stage(Stage.PANEL).formats["on_site"].checklist:
            see(page, item.text)
    finally:
        s.close()


def test_running_late_opens_an_editable_message_and_hands_over_sms_and_mailto(browser, card_server):
    srv, rounds = card_server
    s = session(browser, srv, PHONE)
    try:
        page = s.open(f"/rounds/{rounds['phone'].id}/tips")
        see(page, "Before they call")
        press(page, re.compile("^Running late"))
        see(page, "To jo.hr@ebay.example · +44 7700 900123")
        box = page.get_by_role("textbox", name=re.compile("^Message"))
        box.click()  # Flutter fills the DOM input once the field has focus
        expect(box).to_have_value(re.compile("running about 10 minutes late"))
        type_into(page, "Message", "Sorry, 5 min late & on my way", replace=True)
        page.get_by_role("button", name="Text message").click()
        url = opened(page)
        assert url.startswith("sms:+447700900123?body=")
        assert unquote(url.split("body=", 1)[1]) == "Sorry, 5 min late & on my way"

        press(page, re.compile("^Running late"))
        page.get_by_role("button", name="Email").click()
        page.wait_for_function("() => window.__opened.length > 1")
        url = opened(page)
        assert url.startswith("mailto:jo.hr@ebay.example?subject=Running%20late%20%C2%B7%20eBay")
        assert "running%20about%2010%20minutes%20late" in url and "%0D%0A" in url
    finally:
        s.close()


def test_up_next_card_has_the_one_tap_action(browser, card_server):
    srv, rounds = card_server
    s = session(browser, srv, PHONE)
    try:
        page = s.open("/")
        see(page, "Next round")
        s.shot("round-card-up-next-412x800")
        press(page, re.compile("^Join"))
        assert opened(page) == MEET
    finally:
        s.close()


@pytest.mark.parametrize("fmt", ["video", "phone", "on_site"])
def test_card_screenshots_per_format(browser, card_server, fmt):
    srv, rounds = card_server
    title = {"video": "Before you join the call", "phone": "Before they call", "on_site": "Before you walk in"}[fmt]
    s = session(browser, srv, SMALL)
    try:
        page = s.open(f"/rounds/{rounds[fmt].id}/tips")
        for viewport, size in ((SMALL, "360x640"), (PHONE, "412x800"), (DESKTOP, "1280x800")):
            s.resize(viewport)
            if size != "360x640":  # back to the top of a freshly opened card
                s.go("/")
                page.get_by_text(title).first.wait_for(state="detached")
                s.go(f"/rounds/{rounds[fmt].id}/tips")
            see(page, title)
            s.shot(f"round-card-{fmt}-{size}")
            reveal(page, page.get_by_text(title).first)  # the checklist: long labels wrap, nothing is cut
            s.shot(f"round-card-{fmt}-{size}-checklist")
    finally:
        s.close()


def test_a_lesson_ticked_for_every_round_in_the_reflection_reaches_another_stage(browser, card_server):
    srv, rounds = card_server
    s = session(browser, srv, PHONE)
    try:
        page = s.open(f"/rounds/{rounds['unwritten'].id}/reflect")
        press(page, re.compile("Feeling 4 of 5"))
        press(page, re.compile("Confidence 3 of 5"))
        reveal(page, page.get_by_role("textbox", name="To improve 1", exact=True))
        type_into(page, "To improve 1", "Name the trade-off before choosing")
        press(page, "Show item 1 before every round", role="checkbox")
        expect(page.get_by_role("checkbox", name="Show item 1 before every round")).to_be_checked()
        press(page, "Save reflection")
        see(page, re.compile("Reflection saved"))
        # an eBay behavioral round's lesson reaches the Acme panel card (another application and stage)
        page = s.open(f"/rounds/{rounds['on_site'].id}/tips")
        see(page, "Name the trade-off before choosing")
        see(page, re.compile("Every round · eBay · Behavioural assessment"))
    finally:
        s.close()


def test_round_form_keeps_phone_number_who_calls_and_contact(browser, card_server):
    srv, rounds = card_server
    s = session(browser, srv, SMALL)
    try:
        page = s.open(f"/rounds/{rounds['phone'].id}/edit")
        reveal(page, page.get_by_role("textbox", name=re.compile("^Phone number")))
        see(page, "They call me")
        s.shot("round-form-phone-fields-360x640")
        press(page, "I call them", role="radio")
        type_into(page, "Contact email", "not an email")
        press(page, "Save round")
        see(page, "Enter an email address like name@example.com.")
        type_into(page, "Contact email", "jo@ebay.example")
        press(page, "Save round")
        see(page, re.compile("Saved phone or video interview round"))
        page = s.open(f"/rounds/{rounds['phone'].id}/tips")
        see(page, "Before you call")
        see(page, "You call them · +44 20 7946 0018")
    finally:
        s.close()
