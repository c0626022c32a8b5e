"""A first-time user, end to end in a real browser: empty state to quick tips before a round."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from interviewpal.content import load_content
from interviewpal.models import Stage

from .browser import DESKTOP, PHONE, Session, click_once_settled, press, see, type_into
from .server import AppServer

pytestmark = pytest.mark.browser

TECH = load_content().stage(Stage.TECHNICAL)


def add_application(page, company: str, role: str):
    type_into(page, "Company", company)
    type_into(page, "Role", role)
    # Save lies below a phone's fold: a plain click would land on whatever is drawn there.
    press(page, "Save")


def test_first_user_gets_from_empty_state_to_quick_tips(open_session, server, data_dir):
    s = open_session(PHONE)
    page = s.page
    see(page, "Welcome to InterviewPal")
    s.shot("first-run-empty-phone")

    page.get_by_role("button", name="Add your first application").click()
    add_application(page, "Acme", "Backend Engineer")
    see(page, "Stage timeline")

    # A technical-assessment round tomorrow, added from the timeline with the stage preselected.
    page.get_by_role("button", name="Add technical assessment round").click()
    page.get_by_role("button", name="Save round").wait_for()
    tomorrow = (datetime.now() + timedelta(days=1)).strftime("%Y-%m-%d")
    type_into(page, "Date", tomorrow)
    type_into(page, "Start time", "10:00")
    s.shot("round-form-phone")
    press(page, "Save round")
    see(page, re.compile(r"Saved technical assessment round"))
    s.shot("application-timeline-phone")

    # Up next shows it with a countdown.
    click_once_settled(page, "button", "Back")
    page.get_by_text("Up next").first.click()
    see(page, "Next round")
    card = page.get_by_label(re.compile(r"\bin \d+ (h|min|day)"))
    card.first.wait_for()
    assert "Acme" in card.first.get_attribute("aria-label")
    s.shot("up-next-phone")

    # One tap to the quick-tips card with the technical stage's tips.
    page.get_by_role("button", name="Quick tips").click()
    see(page, TECH.tips[0])
    press(page, re.compile(r"^\d+ more tips$"))  # the top tips show first; the rest fold away
    see(page, TECH.tips[-1])

    # Two checklist ticks survive a reload and a server restart.
    for item in TECH.checklist[:2]:
        page.get_by_role("checkbox", name=item.text).click()
    see(page, "2/")
    s.shot("quick-tips-phone")
    url = page.url
    s.open(url.replace(s.url, ""))  # a page load: a new Flutter client, as after a reload
    see(page, TECH.tips[0])
    for item in TECH.checklist[:2]:
        assert page.get_by_role("checkbox", name=item.text).is_checked()
    assert not page.get_by_role("checkbox", name=TECH.checklist[2].text).is_checked()

    server.stop()
    server.start()
    s.open(url.replace(s.url, ""))
    see(page, TECH.tips[0])
    for item in TECH.checklist[:2]:
        assert page.get_by_role("checkbox", name=item.text).is_checked()


def test_refused_save_shows_message_and_keeps_typed_text(open_session):
    s = open_session(PHONE, "/applications/new")
    page = s.page
    type_into(page, "Role", "Data Analyst")
    press(page, "Save")
    see(page, "This cannot be empty.")
    assert page.get_by_role("textbox", name="Role").input_value() == "Data Analyst"
    s.shot("application-form-error-phone")
    # Fixing the field saves it.
    type_into(page, "Company", "Globex")
    page.keyboard.press("Enter")
    see(page, "Stage timeline")


def test_round_form_refuses_a_bad_date_and_keeps_input(open_session):
    s = open_session(PHONE, "/applications/new")
    page = s.page
    add_application(page, "Initech", "QA Lead")
    press(page, "Add panel interview round")
    type_into(page, "Title (optional)", "Meet the team")
    type_into(page, "Date", "31.02.2026")
    press(page, "Save round")
    see(page, "There is no 31 February.")
    assert page.get_by_role("textbox", name="Title (optional)").input_value() == "Meet the team"
    s.shot("round-form-error-phone")
    # Esc on desktop (and Android back) leaves the form: back on the application's timeline.
    page.keyboard.press("Escape")
    see(page, "Stage timeline")


def test_guide_opens_every_stage_without_a_round(open_session):
    s = open_session(DESKTOP, "/guide")
    page = s.page
    content = load_content()
    see(page, content.stages[0].name)
    s.shot("guide-desktop")
    page.get_by_role("button", name=re.compile(content.stages[5].name)).first.click()
    see(page, content.stages[5].tips[0])
    s.shot("stage-guide-desktop")
