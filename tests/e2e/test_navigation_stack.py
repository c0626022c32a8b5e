"""A screen under another one keeps working after the card was opened and closed.

Tap -> quick-tips card is fast because the screens of the navigation stack are memoised
(interviewpal/ui/app.py, ScreenBody): pushing the card does not re-render Up next. A memoised
screen must still refresh itself: Up next's clock ticks every 30 s, and once that tick ran
into a lost context and stopped the session's updates for good (nothing on screen changed
any more, not even Back).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from interviewpal.models import Application, Round, RoundFormat, Stage
from interviewpal.storage import Repositories

from .browser import PHONE, Session, press, see
from .server import AppServer

pytestmark = pytest.mark.browser

# The minutes of Up next's countdown ("in 1 h 59 min"), wherever Flutter put the text.
_MINUTES = """() => {
  for (const e of document.querySelectorAll('flt-semantics')) {
    const m = (e.getAttribute('aria-label') || e.textContent || '').match(/in 1 h (\\d+) min/);
    if (m) return Number(m[1]);
  }
  return null;
}"""


@pytest.fixture
def one_round_server(data_dir):
    repos = Repositories.open(data_dir)
    app = Application(company="Acme Robotics", role="Backend Engineer")
    rnd = Round(application_id=app.id, stage=Stage.TECHNICAL, time_zone="UTC", format=RoundFormat.VIDEO,
                # on a whole minute, as a round typed in the form: its countdown turns as the clock's minute does
                starts_at=(datetime.now(timezone.utc) + timedelta(hours=1, minutes=50)).replace(second=0, microsecond=0),
                meeting_url="https://meet.example.com/acme")
    repos.applications.add(app)
    repos.rounds.add(rnd)
    repos.db.close()
    srv = AppServer(data_dir).start()
    yield srv
    srv.stop()


def test_up_next_keeps_refreshing_after_the_card_was_opened_and_closed(browser, one_round_server):
    s = Session(browser, one_round_server.url, PHONE)
    try:
        page = s.open("/")
        see(page, "Next round")
        press(page, "Quick tips")
        see(page, "Before you join the call")
        press(page, "Back")
        see(page, "Next round")
        page.wait_for_function(f"() => ({_MINUTES})() !== null")
        shown = page.evaluate(_MINUTES)
        # Up next's own clock (at :00 and :30) moves the countdown on by itself: no tap, no navigation.
        page.wait_for_function(f"(shown) => {{ const m = ({_MINUTES})(); return m !== null && m < shown; }}",
                               arg=shown, timeout=150_000)
        # and the session still answers taps
        press(page, "Quick tips")
        see(page, "Before you join the call")
        press(page, "Back")
        see(page, re.compile(r"in 1 h \d+ min"))
        assert not s.foreign, s.foreign
    finally:
        s.close()
