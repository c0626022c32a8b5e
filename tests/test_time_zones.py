"""The user's time zone: detection per platform, Settings' choice, showing times, finding zones, form input."""

from __future__ import annotations

import subprocess
import sys
import types
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from interviewpal.models import Settings
from interviewpal.services import time_zones
from interviewpal.services.reminders import banner_title
from interviewpal.services.rounds import parse_date, parse_time, parse_time_zone
from interviewpal.services.time_zones import countdown_text, detect_device_zone, format_when, user_zone_name
from interviewpal.services.zone_search import fixed_zone_warning, resolve_zone, search_zones, zone_label
from tests.factories import add_app, add_entry, add_round

NY = "America/New_York"


@pytest.fixture(autouse=True)
def _clean(monkeypatch):
    monkeypatch.delenv("TZ", raising=False)
    time_zones.forget_device_zone()
    time_zones.set_chosen_zone_source(None)
    yield
    time_zones.forget_device_zone()
    time_zones.set_chosen_zone_source(None)


# -- detection, per platform, through tzlocal's real code with its inputs faked --


def test_tz_environment_variable_wins(monkeypatch):
    from tzlocal import unix

    monkeypatch.setenv("TZ", "Europe/London")
    assert detect_device_zone(unix) == "Europe/London"
    monkeypatch.setenv("TZ", ":Asia/Tokyo")
    assert detect_device_zone(unix) == "Asia/Tokyo"


def test_android_zone_comes_from_getprop(monkeypatch, tmp_path):
    """Android has no TZ and no /etc/localtime: tzlocal asks `getprop persist.sys.timezone`."""
    from tzlocal import unix

    (tmp_path / "system" / "bin").mkdir(parents=True)
    (tmp_path / "system" / "bin" / "getprop").write_text("")
    calls = []

    def fake_check_output(cmd, *a, **kw):
        calls.append(cmd)
        return b"Asia/Kolkata\n"

    monkeypatch.setattr(subprocess, "check_output", fake_check_output)
    android = types.SimpleNamespace(get_localzone_name=lambda: unix._get_localzone_name(str(tmp_path) + "/"))
    assert detect_device_zone(android) == "Asia/Kolkata"
    assert calls == [["getprop", "persist.sys.timezone"]]


def test_android_getprop_failing_or_empty_gives_utc(monkeypatch, tmp_path):
    from tzlocal import unix

    (tmp_path / "system" / "bin").mkdir(parents=True)
    (tmp_path / "system" / "bin" / "getprop").write_text("")
    android = types.SimpleNamespace(get_localzone_name=lambda: unix._get_localzone_name(str(tmp_path) + "/"))
    monkeypatch.setattr(subprocess, "check_output", lambda *a, **kw: b"\n")
    assert detect_device_zone(android) == "UTC"

    def broken(*a, **kw):
        raise OSError("no getprop here")

    monkeypatch.setattr(subprocess, "check_output", broken)
    assert detect_device_zone(android) == "UTC"


def test_linux_etc_localtime_symlink(tmp_path):
    from tzlocal import unix

    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "localtime").symlink_to("/usr/share/zoneinfo/Europe/Berlin")
    linux = types.SimpleNamespace(get_localzone_name=lambda: unix._get_localzone_name(str(tmp_path) + "/"))
    assert detect_device_zone(linux) == "Europe/Berlin"


def _fake_winreg(values: dict) -> types.ModuleType:
    class Key:
        def Close(self):
            pass

    mod = types.ModuleType("winreg")
    mod.HKEY_LOCAL_MACHINE = object()
    mod.ConnectRegistry = lambda computer, hive: object()
    mod.OpenKey = lambda handle, name: Key()
    items = list(values.items())
    mod.QueryInfoKey = lambda key: (0, len(items), 0)
    mod.EnumValue = lambda key, i: (items[i][0], items[i][1], 1)
    return mod


@pytest.mark.parametrize("key_name, zone", [
    ("GMT Standard Time", "Europe/London"),
    ("Eastern Standard Time", "America/New_York"),
    ("India Standard Time", "Asia/Kolkata"),
    ("Tokyo Standard Time\x00\x00garbage", "Asia/Tokyo"),
])
def test_windows_zone_comes_from_the_registry(monkeypatch, key_name, zone):
    """Windows has no TZ and no zone files: tzlocal reads the registry (winreg) and maps the name."""
    monkeypatch.setitem(sys.modules, "winreg", _fake_winreg({"TimeZoneKeyName": key_name}))
    monkeypatch.delitem(sys.modules, "tzlocal.win32", raising=False)
    import tzlocal.win32 as win32

    try:
        assert detect_device_zone(win32) == zone
    finally:
        sys.modules.pop("tzlocal.win32", None)


def test_windows_unknown_registry_name_gives_utc(monkeypatch):
    monkeypatch.setitem(sys.modules, "winreg", _fake_winreg({"TimeZoneKeyName": "Mars Standard Time"}))
    monkeypatch.delitem(sys.modules, "tzlocal.win32", raising=False)
    import tzlocal.win32 as win32

    try:
        assert detect_device_zone(win32) == "UTC"
    finally:
        sys.modules.pop("tzlocal.win32", None)


def test_nothing_found_gives_utc_and_no_exception(tmp_path):
    from tzlocal import unix

    empty = types.SimpleNamespace(get_localzone_name=lambda: unix._get_localzone_name(str(tmp_path) + "/"))
    assert detect_device_zone(empty) == "UTC"

    def boom():
        raise RuntimeError("registry locked")

    assert detect_device_zone(types.SimpleNamespace(get_localzone_name=boom)) == "UTC"
    assert detect_device_zone(types.SimpleNamespace(get_localzone_name=lambda: "Not/AZone")) == "UTC"


# -- the user's zone: Settings' choice, else the device's --


def test_user_zone_is_the_chosen_one_else_the_device(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/London")
    assert user_zone_name() == "Europe/London"  # Automatic
    assert user_zone_name(None) == "Europe/London"
    assert user_zone_name("Asia/Tokyo") == "Asia/Tokyo"
    time_zones.set_chosen_zone_source(lambda: NY)
    assert user_zone_name() == NY
    time_zones.set_chosen_zone_source(lambda: None)
    assert user_zone_name() == "Europe/London"


def test_settings_keep_a_valid_zone_or_automatic():
    assert Settings().time_zone is None
    assert Settings(time_zone="Asia/Kolkata").time_zone == "Asia/Kolkata"
    with pytest.raises(ValueError):
        Settings(time_zone="Londn")


# -- showing a round's time --


def test_new_york_round_in_london_shows_both_times():
    start = datetime(2026, 11, 26, 14, 0, tzinfo=ZoneInfo(NY))
    text = format_when(start, NY, ends_at=start + timedelta(hours=1), zone="Europe/London")
    assert text == "Thu 26 Nov, 19:00-20:00 your time (14:00 in New York)"


def test_same_zone_shows_one_time():
    start = datetime(2026, 11, 26, 14, 0, tzinfo=ZoneInfo("Europe/London"))
    assert format_when(start, "Europe/London", zone="Europe/London") == "Thu 26 Nov, 14:00"
    # Dublin and London share the clock: no second time either.
    assert format_when(start, "Europe/Dublin", zone="Europe/London") == "Thu 26 Nov, 14:00"


def test_display_across_a_dst_change():
    """The US springs forward on 8 March 2026, the UK on 29 March: the gap is 4 h in between."""
    before = datetime(2026, 3, 5, 14, 0, tzinfo=ZoneInfo(NY))
    between = datetime(2026, 3, 12, 14, 0, tzinfo=ZoneInfo(NY))
    after = datetime(2026, 4, 2, 14, 0, tzinfo=ZoneInfo(NY))
    assert format_when(before, NY, zone="Europe/London") == "Thu 05 Mar, 19:00 your time (14:00 in New York)"
    assert format_when(between, NY, zone="Europe/London") == "Thu 12 Mar, 18:00 your time (14:00 in New York)"
    assert format_when(after, NY, zone="Europe/London") == "Thu 02 Apr, 19:00 your time (14:00 in New York)"


def test_other_day_in_the_rounds_zone_is_named():
    start = datetime(2026, 11, 26, 18, 0, tzinfo=ZoneInfo("Europe/London"))
    assert format_when(start, "Asia/Tokyo", zone="Europe/London") == "Thu 26 Nov, 18:00 your time (Fri 27 Nov, 03:00 in Tokyo)"


def test_countdown_and_banner_title_follow_the_real_time():
    start = datetime(2026, 11, 26, 19, 0, tzinfo=timezone.utc)
    assert countdown_text(start, start - timedelta(minutes=12), "Europe/London") == "in 12 min"
    assert countdown_text(start, start - timedelta(hours=8), "Europe/London") == "at 19:00"
    payload = {"event_at": start.isoformat(), "subject": "Acme - Technical assessment"}
    delivered = "Acme - Technical assessment in 15 min"
    assert banner_title(delivered, payload, start - timedelta(minutes=12), "Europe/London") == \
        "Acme - Technical assessment in 12 min"
    assert banner_title(delivered, payload, start, "Europe/London") == "Acme - Technical assessment starting now"
    assert banner_title("How did it go?", {"kind": "reflect"}, start, "Europe/London") == "How did it go?"


# -- finding a zone --


@pytest.mark.parametrize("query, zone", [
    ("London", "Europe/London"), ("london", "Europe/London"), ("LONDON", "Europe/London"),
    ("New York", NY), ("new york", NY), ("Bengaluru", "Asia/Kolkata"), ("Bangalore", "Asia/Kolkata"),
    ("São Paulo", "America/Sao_Paulo"), ("Sao Paulo", "America/Sao_Paulo"), ("sao_paulo", "America/Sao_Paulo"),
    ("PST", "America/Los_Angeles"), ("pst", "America/Los_Angeles"), ("CET", "Europe/Berlin"),
    ("Germany", "Europe/Berlin"), ("United Kingdom", "Europe/London"), ("Europe/London", "Europe/London"),
    ("San Francisco", "America/Los_Angeles"), ("Zürich", "Europe/Zurich"),
])
def test_search_finds_the_zone_first(query, zone):
    assert search_zones(query)[0].zone == zone


def test_cet_lists_central_european_zones():
    zones = [m.zone for m in search_zones("CET")]
    assert {"Europe/Berlin", "Europe/Paris", "Europe/Amsterdam"} <= set(zones)


def test_gmt_lists_london_before_the_fixed_zone_which_warns():
    zones = [m.zone for m in search_zones("GMT")]
    assert zones[0] == "Europe/London"
    assert "GMT" in zones
    assert fixed_zone_warning("GMT") and fixed_zone_warning("UTC") and fixed_zone_warning("Etc/GMT+5")
    assert fixed_zone_warning("Europe/London") is None


@pytest.mark.parametrize("text, zone", [
    ("London", "Europe/London"), ("europe/london", "Europe/London"), ("New York (America/New_York)", NY),
    ("PST", "America/Los_Angeles"), ("Bengaluru", "Asia/Kolkata"), ("Sao Paulo", "America/Sao_Paulo"),
])
def test_typed_zone_resolves(text, zone):
    assert parse_time_zone(text) == zone


def test_mistyped_zone_suggests_the_right_one():
    with pytest.raises(ValueError, match=r"^Did you mean Europe/London\?$"):
        resolve_zone("Londn")
    with pytest.raises(ValueError, match="Type a city"):
        resolve_zone("qqqqqq")


def test_zone_label():
    assert zone_label(NY) == "New York (America/New_York)"
    assert zone_label("UTC") == "UTC"


# -- form input rules --


@pytest.mark.parametrize("text, message", [
    ("25:61", "Hours go up to 23, minutes to 59."), ("25:00", "Hours go up to 23."), ("24:00", "Hours go up to 23."),
    ("23:61", "Minutes go up to 59."), ("13 pm", "With am/pm, hours go from 1 to 12."), ("noon", "Use HH:MM, e.g. 14:30."),
])
def test_time_errors_name_the_problem(text, message):
    with pytest.raises(ValueError) as e:
        parse_time(text)
    assert str(e.value) == message
    assert len(message) <= 40  # fits under a field on a 360 px screen


@pytest.mark.parametrize("text, value", [("14:30", time(14, 30)), ("9:05", time(9, 5)), ("2:30 pm", time(14, 30)),
                                         ("12 am", time(0, 0)), ("14.30", time(14, 30)), ("7", time(7, 0))])
def test_times_accepted(text, value):
    assert parse_time(text) == value


@pytest.mark.parametrize("text, message", [
    ("2026-02-31", "There is no 31 February."), ("31.02.2026", "There is no 31 February."),
    ("2026-04-31", "There is no 31 April."), ("2027-02-29", "There is no 29 February in 2027."),
    ("2026-13-01", "Months go up to 12."), ("tomorrow", "Use YYYY-MM-DD, e.g. 2026-12-03."),
])
def test_date_errors_name_the_problem(text, message):
    with pytest.raises(ValueError) as e:
        parse_date(text)
    assert str(e.value) == message
    assert len(message) <= 40


def test_bad_zone_marks_only_the_zone_field(repos_no_backup):
    from interviewpal.services.forms import FormError
    from interviewpal.services.rounds import RoundService

    repos = repos_no_backup
    app = add_app(repos, "Acme", "Dev")
    svc = RoundService(repos)
    with pytest.raises(FormError) as e:
        svc.build(application_id=app.id, stage="technical", date_text="2026-06-01", time_text="14:00",
                  time_zone="Londn")
    assert e.value.errors == {"time_zone": "Did you mean Europe/London?"}
    rnd = svc.build(application_id=app.id, stage="technical", date_text="2026-06-01", time_text="14:00",
                    time_zone="New York")
    assert rnd.time_zone == NY
    assert rnd.starts_at == datetime(2026, 6, 1, 18, 0, tzinfo=timezone.utc)
    assert rnd.display_title == "Technical assessment"  # the stage, never the format


def test_exports_give_the_users_time_next_to_the_rounds_own(repos_no_backup):
    from interviewpal.models import Stage
    from interviewpal.services.export.csv_file import HEADER, csv_rows
    from interviewpal.services.export.markdown import export_markdown

    time_zones.set_chosen_zone_source(lambda: "Europe/London")
    repos = repos_no_backup
    app = add_app(repos, "Globex", "Dev")
    start = datetime(2026, 11, 26, 14, 0, tzinfo=ZoneInfo(NY))
    rnd = add_round(repos, app, Stage.TECHNICAL, start, time_zone=NY)
    add_entry(repos, rnd, feeling=4, confidence=3, stage=Stage.TECHNICAL,
              written_at=datetime(2026, 11, 26, 21, 30, tzinfo=timezone.utc))
    row = dict(zip(HEADER, csv_rows(repos)[0]))
    md = export_markdown(repos)
    assert (row["Date"], row["Time"], row["Time zone"]) == ("2026-11-26", "14:00", NY)
    assert (row["Your date"], row["Your time"], row["Your time zone"]) == ("2026-11-26", "19:00", "Europe/London")
    assert "— Thu 2026-11-26 14:00 (America/New_York)" in md
    assert "- Your time: Thu 2026-11-26 19:00 (Europe/London)" in md
    assert "#### Reflection, written Thu 2026-11-26 21:30 (Europe/London)" in md
