"""Reminders inside the running app: a due one shows as a banner, missed ones are listed once."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from interviewpal.models import Application, Interviewer, Round, Settings, Stage
from interviewpal.storage import Repositories

from .browser import PHONE, click_once_settled, see
from .server import AppServer

pytestmark = pytest.mark.browser


def seed(data_dir):
    """A round in 10 minutes (its 15-minute reminder is due) and one that ended an hour ago."""
    now = datetime.now(timezone.utc)
    long_ago = now - timedelta(days=2)
    repos = Repositories.open(data_dir)
    app = Application(company="Umbrella", role="Platform Engineer", created_at=long_ago, updated_at=long_ago)
    soon = Round(application_id=app.id, stage=Stage.TECHNICAL, starts_at=now + timedelta(minutes=10), time_zone="UTC",
                 interviewers=[Interviewer(name="Ada")], created_at=long_ago, updated_at=long_ago)
    past = Round(application_id=app.id, stage=Stage.SCREENING, starts_at=now - timedelta(hours=2), duration_minutes=30,
                 time_zone="UTC", created_at=long_ago, updated_at=long_ago)
    repos.applications.save(app, touch=False)
    repos.rounds.save(soon, touch=False)
    repos.rounds.save(past, touch=False)
    # No quiet hours, so the test does not depend on the time of day it runs at.
    repos.settings.save(Settings(quiet_start=None, quiet_end=None, created_at=long_ago, updated_at=long_ago), touch=False)
    repos.db.close()
    return soon, past


def add_panel_round_in_ten_minutes(data_dir) -> None:
    now = datetime.now(timezone.utc)
    long_ago = now - timedelta(days=2)
    repos = Repositories.open(data_dir)
    try:
        app = repos.applications.all()[0]
        repos.rounds.save(Round(application_id=app.id, stage=Stage.PANEL, starts_at=now + timedelta(minutes=10),
                                time_zone="UTC", created_at=long_ago, updated_at=long_ago), touch=False)
    finally:
        repos.db.close()


def test_due_reminder_banner_opens_quick_tips_and_missed_are_listed(browser, data_dir):
    from .browser import Session

    soon, past = seed(data_dir)
    srv = AppServer(data_dir).start()
    try:
        s = Session(browser, srv.url, PHONE)
        page = s.open()
        # The 15-minute reminder is due now: a banner, with the company and stage (the default detail level).
        see(page, re.compile(r"Umbrella - Technical assessment"))
        # The reflection reminder for the round that ended came due while the app was closed: listed, not popped up.
        see(page, "While the app was closed")
        see(page, re.compile("How did it go"))
        s.shot("reminder-banner-phone")
        page.get_by_role("button", name="Open").first.click()
        see(page, "Before you join the call")  # a video round (the default format): the checklist title follows it
        assert not s.foreign, s.foreign

        # Nothing fires twice: after a restart the delivered banner does not come back. A panel
        # round, due as the app starts again, shows that the restarted app's reminder pass has
        # run (the pass that would bring the old banner back shows the new one).
        srv.stop()
        add_panel_round_in_ten_minutes(data_dir)
        srv.start()
        page = s.open()
        see(page, "While the app was closed")
        see(page, re.compile(r"Umbrella - Panel"))
        assert page.get_by_role("button", name=re.compile("^Dismiss reminder: Umbrella - Technical")).count() == 0
        assert page.get_by_role("button", name=re.compile("^Dismiss reminder")).count() == 1
        s.close()
    finally:
        srv.stop()
