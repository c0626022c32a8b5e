"""Issue 13 in the browser: people kept per application and picked for a round, the
thank-you that opens the mail app with a draft, "Mark sent", the offer in the final stage.

What the app hands to the mail app is captured in the page (as in test_round_card.py):
Flutter's url_launcher calls ``window.open(url, ...)`` on the web, which an init script
records and swallows, so nothing leaves the machine.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from interviewpal.models import Application, Interviewer, Person, PersonKind, Round, RoundFormat, Stage
from interviewpal.storage import Repositories

from .browser import DESKTOP, PHONE, Session, opened, press, recording_session, reveal, see, type_into, wait_until
from .server import AppServer

pytestmark = pytest.mark.browser

SMALL = {"width": 360, "height": 640}
SIZES = ((SMALL, "360x640"), (PHONE, "412x800"), (DESKTOP, "1280x800"))

@pytest.fixture
def people_server(data_dir):
    now = datetime.now(timezone.utc)
    repos = Repositories.open(data_dir)
    dana = Person(name="Dana Weiss", role="Engineering manager", email="dana.weiss@ebay.example")
    ebay = Application(company="eBay", role="Product Analyst", people=[dana])
    mianshi = Application(
        company="面试 Ltd", role="Data Engineer", applied_on=date(2026, 4, 1), offer_base=85000, offer_bonus=7500,
        offer_equity="0.1% over 4 years", offer_currency="EUR", offer_deadline=date(2026, 12, 10),
        people=[Person(name="李雷", kind=PersonKind.RECRUITER, role="Talent partner", email="li.lei@mianshi.example",
                       phone="+86 10 5555 0100", profile_url="https://www.linkedin.com/in/lilei"),
                Person(name="سارة الأحمد", role="Head of Data", email="sara@mianshi.example"),
                Person(name="Maximiliane Rosenkranz-Oberhausen", role="Principal engineer, platform and reliability")])
    sharika = Application(company="شركة", role="Analyst")
    past = Round(application_id=ebay.id, stage=Stage.TECHNICAL, starts_at=now - timedelta(hours=30), time_zone="UTC",
                 format=RoundFormat.VIDEO, interviewers=[Interviewer(id=dana.id, name=dana.name, role=dana.role, person_id=dana.id)])
    upcoming = Round(application_id=ebay.id, stage=Stage.PANEL, starts_at=now + timedelta(days=2), time_zone="America/New_York",
                     format=RoundFormat.VIDEO, meeting_url="https://meet.example.com/ebay-panel")
    offer = Round(application_id=mianshi.id, stage=Stage.FINAL_OFFER, starts_at=now + timedelta(days=3), time_zone="Asia/Shanghai",
                  format=RoundFormat.PHONE, phone_number="+86 10 5555 0100")
    repos.applications.add_many([ebay, mianshi, sharika])
    repos.rounds.add_many([past, upcoming, offer])
    repos.db.close()
    srv = AppServer(data_dir).start()
    yield srv, {"ebay": ebay, "mianshi": mianshi, "sharika": sharika, "past": past, "upcoming": upcoming, "offer": offer}
    srv.stop()


def session(browser, srv, viewport) -> Session:
    return recording_session(browser, srv.url, viewport)


def scroll_to(page, text: str, role: str | None = None, steps: int = 12):
    """Scroll down (mouse wheel, as a user would) until ``text`` is on screen: Flutter leaves
    controls far below the fold out of the accessibility tree."""
    loc = page.get_by_role(role, name=text) if role else page.get_by_text(text).or_(page.get_by_label(text))
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    for _ in range(steps):
        if wait_until(page, lambda: loc.count() > 0, timeout_ms=1_000):
            return reveal(page, loc.first)
        page.mouse.move(vw / 2, vh / 2)
        page.mouse.wheel(0, vh / 2)
    return reveal(page, loc.first)


def test_add_a_person_pick_them_for_a_round_and_see_them_on_the_card(browser, people_server):
    srv, d = people_server
    s = session(browser, srv, PHONE)
    try:
        page = s.open(f"/applications/{d['sharika'].id}")
        see(page, re.compile("^No people yet"))
        press(page, "Add person")
        type_into(page, "Name", "Jo Park")
        page.get_by_role("textbox", name=re.compile("^Email")).wait_for()
        type_into(page, "Email", "jo at sharika")
        press(page, "Save person")
        see(page, "Enter an email address like name@example.com.")
        s.shot("people-form-error-412x800")
        type_into(page, "Email", "jo.park@sharika.example")
        press(page, "Save person")
        see(page, re.compile("Saved Jo Park"))
        scroll_to(page, "jo.park@sharika.example")

        # the eBay application's person is picked for its upcoming round, then shows on the card
        s.go(f"/rounds/{d['upcoming'].id}/edit")
        press(page, re.compile("^Dana Weiss \\(Engineering manager\\)"))
        expect(page.get_by_role("button", name=re.compile("^Remove interviewer 1"))).to_be_visible()
        assert page.get_by_role("textbox", name="Interviewer 1 name").count() == 0  # picked, not retyped
        press(page, "Save round")
        see(page, re.compile("Saved panel"))
        # (The previous screen shows until the app follows the new address: each step first
        # waits for a control of the screen it opened.)
        s.go(f"/rounds/{d['upcoming'].id}/tips")
        see(page, re.compile(r"^Quick tips: "))
        see(page, "Dana Weiss (Engineering manager)")
        # people are reused: the round editor offers nobody twice
        s.go(f"/rounds/{d['upcoming'].id}/edit")
        page.get_by_role("button", name="Save round").wait_for()
        see(page, "Dana Weiss (Engineering manager)")
        assert page.get_by_role("button", name=re.compile("^Dana Weiss")).count() == 0
        assert not s.foreign, s.foreign
    finally:
        s.close()


def test_remove_a_person_with_undo(browser, people_server):
    srv, d = people_server
    s = session(browser, srv, PHONE)
    try:
        page = s.open(f"/applications/{d['mianshi'].id}")
        scroll_to(page, "sara@mianshi.example")
        press(page, "Remove سارة الأحمد")
        see(page, re.compile("^Removed سارة الأحمد"))
        expect(page.get_by_text("sara@mianshi.example")).to_have_count(0)
        page.get_by_role("button", name="Undo").click()
        scroll_to(page, "sara@mianshi.example")
    finally:
        s.close()


def test_write_email_after_a_reflection_and_mark_sent(browser, people_server):
    srv, d = people_server
    s = session(browser, srv, PHONE)
    try:
        page = s.open(f"/rounds/{d['past'].id}/reflect")
        type_into(page, "What went well", "Walked them through the caching design & its trade-offs")
        press(page, "Save reflection")
        see(page, re.compile("Reflection saved"))

        page = s.open("/")
        scroll_to(page, "Follow-ups due")
        scroll_to(page, "Write email", role="button").click()
        url = opened(page)
        parts = urlsplit(url)
        assert parts.scheme == "mailto" and parts.path == "dana.weiss@ebay.example"
        assert " " not in url and "+" not in url and "%20" in url  # RFC 6068
        query = parse_qs(parts.query)
        assert query["subject"] == ["Thank you: Product Analyst interview"]
        body = query["body"][0]
        assert body.startswith("Dear Dana Weiss,")
        assert "Walked them through the caching design & its trade-offs." in body
        assert "Product Analyst role at eBay" in body

        for viewport, size in SIZES:
            shot = session(browser, srv, viewport)
            try:
                p = shot.open("/")
                see(p, "Next round")
                scroll_to(p, "Write email", role="button")
                shot.shot(f"follow-up-write-email-{size}")
            finally:
                shot.close()
        scroll_to(page, "Mark sent", role="button").click()
        when = r"\w{3} \d{2} \w{3}, \d{2}:\d{2}"
        see(page, re.compile("^Marked as sent: " + when))
        sent = re.compile("Sent " + when)
        # the reflection keeps when it was sent (shown in the user's zone)
        repos = Repositories.open(srv.data_dir)
        try:
            entry = repos.journal.for_round(d["past"].id)[0]
        finally:
            repos.db.close()
        s.go(f"/entries/{entry.id}")
        scroll_to(page, sent)
        s.shot("follow-up-sent-412x800")
        assert not s.foreign, s.foreign
    finally:
        s.close()


def test_people_section_and_offer_screenshots(browser, people_server):
    srv, d = people_server
    for viewport, size in SIZES:
        s = session(browser, srv, viewport)
        try:
            page = s.open(f"/applications/{d['mianshi'].id}")
            see(page, "Applied on 1 Apr 2026")
            see(page, re.compile("Base 85,000 EUR · Bonus 7,500 EUR · Equity 0.1% over 4 years · Answer by 10 Dec 2026"))
            s.shot(f"application-offer-{size}")
            scroll_to(page, "Add person", role="button")
            scroll_to(page, "li.lei@mianshi.example")
            s.shot(f"people-section-{size}")
            s.go(f"/applications/{d['sharika'].id}")
            see(page, re.compile("^No people yet"))
            s.shot(f"people-empty-{size}")
        finally:
            s.close()
