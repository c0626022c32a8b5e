"""Issue 12, item 1 in the browser: the Research section of an application, its answers on the
next screening round's card, and the "Research done" checklist item that opens it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from interviewpal.content import load_content
from interviewpal.models import Application, Round, RoundFormat, Stage
from interviewpal.storage import Repositories

from .browser import DESKTOP, PHONE, Session, press, reveal, see, type_into
from .server import AppServer

pytestmark = pytest.mark.browser

SMALL = {"width": 360, "height": 640}
SELLS = "A marketplace for second-hand goods, to anyone with a phone"
NEWS = "Opened a hub in Lyon in October"
CONTENT = load_content()
RESEARCH_DONE = next(c.text for c in CONTENT.stage(Stage.SCREENING).checklist if c.id == "research-done")


@pytest.fixture
def research_server(data_dir):
    now = datetime.now(timezone.utc)
    repos = Repositories.open(data_dir, daily_backup=False)
    ebay = Application(company="eBay", role="Product Analyst")
    filled = Application(company="面试 Ltd", role="Data Engineer", research={
        "what-they-sell": "Payroll software for small firms in Asia and Europe; their customers are shops and cafés "
                          "with fewer than fifty staff, who pay by the month",
        "recent-news": "Raised a series B in May; hiring 40 engineers",
        "stated-value": "\"Customers first\": the support team sits with the engineers",
        "people-you-meet": "Mei Chen (hiring manager), Tom Ruiz (lead engineer)",
        "why-this-role": "I built the billing pipeline at my last job and want to do it at a larger scale",
    })
    repos.applications.add_many([ebay, filled])
    screening = Round(application_id=ebay.id, stage=Stage.SCREENING, starts_at=now + timedelta(hours=3),
                      time_zone="America/New_York", format=RoundFormat.PHONE)
    technical = Round(application_id=ebay.id, stage=Stage.TECHNICAL, starts_at=now + timedelta(days=4),
                      time_zone="UTC", format=RoundFormat.VIDEO)
    final = Round(application_id=filled.id, stage=Stage.FINAL_OFFER, starts_at=now + timedelta(days=1),
                  time_zone="Asia/Shanghai", format=RoundFormat.ON_SITE, location="Huaihai Rd 1, Shanghai")
    repos.rounds.add_many([screening, technical, final])
    repos.db.close()
    srv = AppServer(data_dir).start()
    yield srv, {"ebay": ebay, "filled": filled, "screening": screening, "technical": technical, "final": final}
    srv.stop()


def test_fill_research_then_see_it_on_the_next_screening_card(browser, research_server):
    srv, data = research_server
    s = Session(browser, srv.url, PHONE)
    try:
        page = s.open(f"/applications/{data['ebay'].id}")
        see(page, "Not started")
        press(page, re.compile("^Research"))  # the tile: "Research, Not started"
        see(page, re.compile("^Nothing written yet"))
        type_into(page, "What they sell", SELLS)
        type_into(page, "Recent news", NEWS)
        see(page, re.compile(r"^Saved \d\d:\d\d"))  # autosaved about a second after the last keystroke
        press(page, "Back")  # the app bar arrow; Android back and Esc take the same path
        see(page, "2 of 5 answered")
        press(page, "Quick tips for Initial screening")
        see(page, "Your research")
        see(page, f"What they sell: {SELLS}")
        see(page, f"Recent news: {NEWS}")
        assert page.get_by_text(re.compile("^Why this role:")).count() == 0  # nothing for unanswered prompts
        # a technical round of the same application does not show it
        s.open(f"/rounds/{data['technical'].id}/tips")
        # The reload reconnects the same app session, which shows its last screen (the screening
        # card) until it follows the new address: wait for the technical card itself.
        see(page, re.compile(r"· Technical assessment ·"))
        assert page.get_by_text("Your research").count() == 0
        assert not s.foreign, s.foreign
    finally:
        s.close()


def test_esc_on_desktop_saves_and_goes_back(browser, research_server):
    srv, data = research_server
    s = Session(browser, srv.url, DESKTOP)
    try:
        page = s.open(f"/applications/{data['ebay'].id}")
        press(page, re.compile("^Research"))  # the tile: "Research, Not started"
        type_into(page, "Why this role", "I want to work on search ranking")
        page.keyboard.press("Escape")  # leaves before the autosave timer: saved on the way out
        see(page, "1 of 5 answered")
        s.open(f"/rounds/{data['screening'].id}/tips")
        see(page, "Why this role: I want to work on search ranking")
    finally:
        s.close()


def test_research_done_opens_the_section_and_still_ticks(browser, research_server):
    srv, data = research_server
    s = Session(browser, srv.url, PHONE)
    try:
        page = s.open(f"/rounds/{data['screening'].id}/tips")
        see(page, "Before they call")
        assert page.get_by_text("Your research").count() == 0  # no answers yet: no section
        press(page, "Open research")
        see(page, "What do they sell, and who buys it?")
        press(page, "Back")
        box = page.get_by_role("checkbox", name=RESEARCH_DONE)
        press(page, RESEARCH_DONE, role="checkbox")
        expect(box).to_be_checked()
        s.open(f"/rounds/{data['screening'].id}/tips")
        expect(page.get_by_role("checkbox", name=RESEARCH_DONE)).to_be_checked()
    finally:
        s.close()


@pytest.mark.parametrize("viewport, size", [(SMALL, "360x640"), (PHONE, "412x800"), (DESKTOP, "1280x800")])
def test_research_screenshots(browser, research_server, viewport, size):
    srv, data = research_server
    s = Session(browser, srv.url, viewport)
    try:
        page = s.open(f"/applications/{data['ebay'].id}/research")
        see(page, re.compile("^Nothing written yet"))
        s.shot(f"research-empty-{size}")
        s.go(f"/applications/{data['filled'].id}/research")
        see(page, "5 of 5 answered")
        s.shot(f"research-filled-{size}")
        s.go(f"/rounds/{data['final'].id}/tips")
        see(page, "Your research")
        press(page, re.compile("^Open research"))  # scrolls the checklist into view on the way
        see(page, "5 of 5 answered")
        press(page, "Back")
        expect(page.get_by_text(re.compile("^5 of 5 answered"))).to_have_count(0)  # the Research view is gone
        s.shot(f"research-card-{size}")
        reveal(page, page.get_by_text("Your research"))
        s.shot(f"research-card-{size}-research")
        reveal(page, page.get_by_role("button", name=re.compile("^Open research")))
        s.shot(f"research-card-{size}-checklist")
        s.go(f"/applications/{data['filled'].id}")
        see(page, "All 5 answered")
        s.shot(f"research-application-{size}")
    finally:
        s.close()
