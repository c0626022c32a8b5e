"""Times in the user's zone, the zone picker, form input kept as typed, reminders on the open screen.

The app's server runs with TZ=Europe/London (tzlocal reads it), so "your time" is London's;
the expected texts are computed with zoneinfo, so the tests hold in any week of the year
(New York and London are 4 or 5 hours apart depending on the week).
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from interviewpal.models import Application, Round, Settings, Stage
from interviewpal.storage import Repositories

from .browser import DESKTOP, PHONE, Session, press, reveal, see, type_into
from .server import AppServer

pytestmark = pytest.mark.browser

LONDON, NY = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")
SMALL = {"width": 360, "height": 640}
SIZES = {"small": SMALL, "phone": PHONE, "desktop": DESKTOP}


def ny_2pm(days_ahead: int) -> datetime:
    day = datetime.now(NY).date() + timedelta(days=days_ahead)
    return datetime.combine(day, time(14, 0), tzinfo=NY)


def both_times(start: datetime) -> re.Pattern:
    """'19:00-20:00 your time (14:00 in New York)' with London's hour for that day."""
    mine = start.astimezone(LONDON)
    end = mine + timedelta(hours=1)
    return re.compile(re.escape(f"{mine:%H:%M}-{end:%H:%M} your time (14:00 in New York)"))


def seed_new_york_rounds(folder):
    long_ago = datetime.now(timezone.utc) - timedelta(days=3)
    repos = Repositories.open(folder, daily_backup=False)
    try:
        app = Application(company="Globex", role="Backend Engineer", created_at=long_ago, updated_at=long_ago)
        first = Round(application_id=app.id, stage=Stage.PHONE_VIDEO, starts_at=ny_2pm(1), time_zone="America/New_York",
                      created_at=long_ago, updated_at=long_ago)
        second = Round(application_id=app.id, stage=Stage.TECHNICAL, starts_at=ny_2pm(2), time_zone="America/New_York",
                       created_at=long_ago, updated_at=long_ago)
        repos.applications.save(app, touch=False)
        repos.rounds.save(first, touch=False)
        repos.rounds.save(second, touch=False)
        repos.settings.save(Settings(reminders_enabled=False, created_at=long_ago, updated_at=long_ago), touch=False)
    finally:
        repos.db.close()
    return app, first, second


@pytest.fixture
def london_server(data_dir):
    srv = AppServer(data_dir, env={"TZ": "Europe/London"})
    yield srv
    srv.stop()


def test_new_york_round_shows_london_time_everywhere(browser, data_dir, london_server):
    app, first, second = seed_new_york_rounds(data_dir)
    london_server.start()
    s = Session(browser, london_server.url, PHONE)
    try:
        page = s.open("/")
        for size, viewport in SIZES.items():
            s.resize(viewport)
            s.go("/")
            # Up next: the next-round card and "Later this week", both in London time with New York's.
            see(page, "Later this week")
            see(page, both_times(first.starts_at))
            see(page, both_times(second.starts_at))
            s.shot(f"tz-up-next-{size}")
            # The application's timeline.
            s.go(f"/applications/{app.id}")
            see(page, "Stage timeline")
            see(page, both_times(first.starts_at))
            see(page, both_times(second.starts_at))
            assert page.get_by_text(re.compile(r"· Video$")).count() == 0  # named after the stage, not the format
            s.shot(f"tz-timeline-{size}")
            # The quick-tips card.
            s.go(f"/rounds/{second.id}/tips")
            see(page, "Before you join the call")
            see(page, both_times(second.starts_at))
            if size == "phone":
                s.shot("tz-quick-tips-phone")
        assert not s.foreign, s.foreign
    finally:
        s.close()


def test_zone_picker_finds_cities_and_errors_name_the_problem(browser, data_dir, london_server):
    app, _, _ = seed_new_york_rounds(data_dir)
    london_server.start()
    s = Session(browser, london_server.url, PHONE)
    try:
        page = s.open(f"/applications/{app.id}/rounds/new?stage=panel")
        # The user's zone is preselected.
        box = page.get_by_role("textbox", name=re.compile("^Time zone")).first
        box.click()  # Flutter fills the DOM input once the field has focus
        page.wait_for_function("(el) => el.value === 'London (Europe/London)'", arg=box.element_handle())
        type_into(page, "Title (optional)", "Meet the team")
        # Typing "London" finds Europe/London.
        type_into(page, "Time zone", "London")
        see(page, re.compile(r"^London, Britain"))
        see(page, re.compile(r"Europe/London ·"))
        # Bad input: each field says what is wrong, the others keep their values.
        type_into(page, "Start time", "25:61")
        type_into(page, "Date", "2026-02-31")
        type_into(page, "Time zone", "Londn")
        press(page, "Save round")
        see(page, "Hours go up to 23, minutes to 59.")
        s.shot("tz-round-form-errors-phone")
        see(page, "There is no 31 February.")
        see(page, "Did you mean Europe/London?")
        assert page.get_by_role("textbox", name=re.compile("^Title")).first.input_value() == "Meet the team"
        # A bad zone alone does not turn the date red.
        type_into(page, "Start time", "14:00")
        day = ny_2pm(3).date()
        type_into(page, "Date", f"{day:%Y-%m-%d}")
        press(page, "Save round")
        page.get_by_text("There is no 31 February.").first.wait_for(state="detached")
        page.get_by_text(re.compile("Hours go up")).first.wait_for(state="detached")
        see(page, "Did you mean Europe/London?")
        # Picking "New York" from the suggestions stores America/New_York.
        type_into(page, "Time zone", "New York")
        pick = page.get_by_text(re.compile(r"^New York, United States")).first
        s.shot("tz-picker-phone")
        reveal(page, pick).click()
        pick.wait_for(state="hidden")  # picked: the suggestions close
        s.shot("tz-picked-phone")
        see(page, re.compile(r"now · UTC-[45]"))  # the picked zone's clock under the field
        press(page, "Save round")
        see(page, re.compile("Saved panel interview round"))
        page = s.open(f"/applications/{app.id}")
        see(page, "Stage timeline")
        start = datetime.combine(day, time(14, 0), tzinfo=NY)
        see(page, both_times(start))  # saved as 14:00 New York, shown as London time
        assert not s.foreign, s.foreign
    finally:
        s.close()
    repos = Repositories.open(data_dir, daily_backup=False)
    try:
        saved = [r for r in repos.rounds.all() if r.title == "Meet the team"]
    finally:
        repos.db.close()
    assert [(r.time_zone, r.starts_at) for r in saved] == [("America/New_York", start)]


def test_picker_screenshots_and_settings_zone(browser, data_dir, london_server):
    app, _, _ = seed_new_york_rounds(data_dir)
    london_server.start()
    s = Session(browser, london_server.url, PHONE)
    try:
        page = s.open("/")
        for size, viewport in SIZES.items():
            s.resize(viewport)
            s.go(f"/applications/{app.id}/rounds/new?stage=panel")
            type_into(page, "Time zone", "sao paulo")
            see(page, re.compile(r"^Sao Paulo, Brazil"))
            s.shot(f"tz-round-form-picker-{size}")
            s.go("/settings")
            see(page, re.compile(r"Detected on this device: London \(Europe/London\)"))
            s.shot(f"tz-settings-{size}")
    finally:
        s.close()
    # Choosing a zone in Settings: every time follows it.
    s = Session(browser, london_server.url, PHONE)
    try:
        page = s.open("/settings")
        press(page, "Set automatically", role="switch")
        type_into(page, "Your time zone", "PST")
        pick = page.get_by_text(re.compile(r"^Los Angeles, United States")).first
        s.shot("tz-settings-picker-phone")
        reveal(page, pick).click()
        see(page, re.compile(r"Times are now shown in Los Angeles"))
        page = s.open("/")
        start = ny_2pm(1)
        la = start.astimezone(ZoneInfo("America/Los_Angeles"))
        see(page, re.compile(re.escape(f"{la:%H:%M}-{la + timedelta(hours=1):%H:%M} your time (14:00 in New York)")))
    finally:
        s.close()


def test_company_keeps_its_capitals(open_session):
    s = open_session(PHONE, "/applications/new")
    page = s.page
    type_into(page, "Company", "eBay")
    type_into(page, "Role", "de Volksbank liaison")
    assert page.get_by_role("textbox", name=re.compile("^Company")).first.input_value() == "eBay"
    s.shot("ebay-form-phone")
    reveal(page, page.get_by_role("button", name="Save", exact=True)).click()  # below the fold
    see(page, "Stage timeline")
    see(page, re.compile(r"^eBay"))
    assert page.get_by_text(re.compile(r"EBay")).count() == 0


def test_due_reminder_shows_on_the_open_screen_without_navigation(browser, data_dir):
    """Up next is open; a round's 15-minute reminder comes due a few seconds later: a banner appears there."""
    now = datetime.now(timezone.utc)
    long_ago = now - timedelta(days=2)
    repos = Repositories.open(data_dir, daily_backup=False)
    try:
        app = Application(company="Umbrella", role="Platform Engineer", created_at=long_ago, updated_at=long_ago)
        rnd = Round(application_id=app.id, stage=Stage.TECHNICAL, starts_at=now + timedelta(hours=3),
                    time_zone="America/New_York", created_at=long_ago, updated_at=long_ago)
        repos.applications.save(app, touch=False)
        repos.rounds.save(rnd, touch=False)
        repos.settings.save(Settings(quiet_start=None, quiet_end=None, offsets_minutes=[15], evening_before=False,
                                     created_at=long_ago, updated_at=long_ago), touch=False)
    finally:
        repos.db.close()
    srv = AppServer(data_dir, env={"TZ": "Europe/London"}).start()
    try:
        s = Session(browser, srv.url, PHONE)
        page = s.open("/")
        see(page, re.compile("Umbrella"))
        # Opened again (a reload, or the app reopened): this is a new session, not the one whose
        # start launched the reminder loop - the banner must reach it all the same.
        page = s.open("/")
        see(page, "Up next")
        see(page, re.compile("Umbrella"))
        assert page.get_by_role("button", name=re.compile("^Dismiss reminder")).count() == 0
        # The round moves closer (as another app instance on this data folder would save it):
        # its 15-minute reminder is due in a few seconds, and the reminder loop's next pass
        # (every 30 s) finds it. No click, no navigation: the banner appears on this screen.
        start = datetime.now(timezone.utc) + timedelta(minutes=15, seconds=3)
        repos = Repositories.open(data_dir, daily_backup=False)
        try:
            repos.rounds.save(rnd.model_copy(update={"starts_at": start}), touch=False)
        finally:
            repos.db.close()
        banner = page.get_by_role("button", name=re.compile(r"^Dismiss reminder: Umbrella - Technical assessment"))
        banner.first.wait_for(timeout=150_000)
        # It counts down from the real time and says the start on the user's clock.
        see(page, re.compile(r"Umbrella - Technical assessment in 1[45] min"))
        mine, theirs = start.astimezone(LONDON), start.astimezone(NY)
        # Between midnight and 05:00 London, New York is still on the day before: its day is named.
        other = f"{theirs:%H:%M}" if theirs.date() == mine.date() else f"{theirs:%a} {theirs.day} {theirs:%b}, {theirs:%H:%M}"
        see(page, f"Starts at {mine:%H:%M} your time ({other} in New York). Open InterviewPal for quick tips.")
        s.shot("tz-reminder-banner-phone")
        s.close()
    finally:
        srv.stop()
