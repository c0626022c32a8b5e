"""Screens refresh their clock on the clock's own marks, so a countdown turns with the minute."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from interviewpal.services.time_zones import countdown_text
from interviewpal.ui.components.common import seconds_to_next_mark


@pytest.mark.parametrize("interval", [15, 30, 60])
@pytest.mark.parametrize("offset", [0.0, 0.01, 7.3, 29.99, 44.5, 59.98])
def test_the_next_refresh_falls_just_past_a_multiple_of_the_interval(interval, offset):
    base = datetime(2026, 11, 28, 13, 44, tzinfo=timezone.utc).timestamp()  # a whole minute
    now = base + offset
    wake = now + seconds_to_next_mark(now, interval)
    assert 0 < wake - now <= interval + 0.05
    past_mark = wake % interval
    assert 0 < past_mark < 0.05, "not just past a mark"


def test_a_countdown_read_at_the_refresh_shows_the_minute_the_clock_shows():
    start = datetime(2026, 11, 28, 14, 0, tzinfo=timezone.utc)  # typed as 14:00
    now = datetime(2026, 11, 28, 13, 44, 37, tzinfo=timezone.utc)
    assert countdown_text(start, now) == "in 16 min"
    wake = now + timedelta(seconds=seconds_to_next_mark(now.timestamp(), 30))
    assert wake.strftime("%H:%M:%S") == "13:45:00"
    assert countdown_text(start, wake) == "in 15 min"  # at 13:45 on the phone's clock
