"""Issue 14 in the browser: the app lock.

Set a passcode in Settings, reload: only the lock screen, and neither the page's text, its
HTML nor its accessibility tree holds anything of the user's data; a wrong code is refused
with the growing wait; the right one opens; idle time locks it again (the server gets
``INTERVIEWPAL_LOCK_IDLE_SECONDS``, the test-only override of the lock-after minutes).

The passcode is hashed with the real scrypt cost (a second or more per check on a loaded
machine), so the waits below are for texts, never fixed times.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from interviewpal.models import Application, Round, Stage
from interviewpal.models.app_lock import PasscodeKind
from interviewpal.services.app_lock import AppLock
from interviewpal.storage import Repositories
from interviewpal.storage.app_lock import AppLockRepository

from .browser import DESKTOP, PHONE, press, see, turn_semantics_on, type_into, wait_until
from .test_data_export import scroll_until
from .server import AppServer

pytestmark = pytest.mark.browser

SMALL = {"width": 360, "height": 640}
COMPANY = "Zephyrine Dynamics"
ROLE = "Staff Cartographer"
PIN = "4826"
LOCKED = "InterviewPal is locked"


BACKUP_PASSPHRASE = "amber kettle 7 orbit"


def seed(folder: Path, pin: str | None = None, backup_passphrase: str | None = None) -> None:
    repos = Repositories.open(folder)
    try:
        app = repos.applications.add(Application(company=COMPANY, role=ROLE))
        repos.rounds.add(Round(application_id=app.id, stage=Stage.TECHNICAL, title="Pairing",
                               starts_at=datetime.now(timezone.utc) + timedelta(days=1), time_zone="Europe/Berlin"))
        if pin:
            lock = AppLock(AppLockRepository(repos))
            lock.set_passcode(pin, PasscodeKind.PIN)
            if backup_passphrase:  # as if a protected backup had been exported with the lock on
                lock.remember_backup_passphrase(backup_passphrase)
    finally:
        repos.db.close()


@pytest.fixture
def server(data_dir):
    seed(data_dir)
    srv = AppServer(data_dir).start()
    yield srv
    srv.stop()


@pytest.fixture
def locked_server(data_dir):
    seed(data_dir, pin=PIN)
    srv = AppServer(data_dir).start()
    yield srv
    srv.stop()


@pytest.fixture
def waiting_server(data_dir):
    """Locked after seven wrong tries just now: the next try is a minute away."""
    seed(data_dir, pin=PIN)
    repos = Repositories.open(data_dir)
    try:
        store = AppLockRepository(repos)
        store.save(store.load().model_copy(update={"failed_attempts": 7,
                                                   "last_failed_at": datetime.now(timezone.utc)}))
    finally:
        repos.db.close()
    srv = AppServer(data_dir).start()
    yield srv
    srv.stop()


@pytest.fixture
def idle_server(data_dir):
    seed(data_dir, pin=PIN)
    srv = AppServer(data_dir, env={"INTERVIEWPAL_LOCK_IDLE_SECONDS": "10"}).start()
    yield srv
    srv.stop()


def nothing_of_the_data(page) -> None:
    """The lock screen is up and no trace of the user's data is in the page."""
    see(page, LOCKED)
    aria = page.locator("body").aria_snapshot()
    html = page.content()
    text = page.inner_text("body")
    for secret in (COMPANY, ROLE, "Pairing", "Zephyrine"):
        assert secret not in aria, f"{secret!r} in the accessibility tree:\n{aria}"
        assert secret not in html, f"{secret!r} in the page's HTML"
        assert secret not in text
    # Nor the app's screens: no navigation, no Up next.
    assert "Up next" not in aria and "Applications" not in aria


def unlock(page, code: str) -> None:
    type_into(page, "PIN", code)
    page.keyboard.press("Enter")  # Enter submits


def test_set_a_pin_reload_locks_wrong_code_waits_right_code_opens(open_session, data_dir):
    s = open_session(PHONE, "/settings")
    page = s.page
    see(page, "Lock the app")
    see(page, re.compile("does not encrypt your data folder"))
    type_into(page, "New PIN", PIN)
    type_into(page, "Repeat it", PIN)
    s.shot("lock-settings-off-phone")
    press(page, "Turn on the lock")
    see(page, re.compile(r"The lock is on \(PIN\)"))
    assert (data_dir / "app_lock.json").exists()
    assert PIN not in (data_dir / "app_lock.json").read_text()
    s.shot("lock-settings-on-phone")

    # Reload: the lock screen, and nothing of the data before unlock.
    s.reload()
    nothing_of_the_data(page)
    s.shot("lock-screen-phone")

    # Wrong, twice: refused, and the wait grows (1 s, then 2 s).
    unlock(page, "1111")
    see(page, "That passcode is not right. Try again in 1 second.")
    nothing_of_the_data(page)
    s.shot("lock-screen-wrong-phone")
    unlock_button = page.get_by_role("button", name="Unlock", exact=True)
    unlock_button.wait_for(timeout=30_000)  # the button says "Wait 1 s" until the wait is over
    unlock(page, "2222")
    see(page, "That passcode is not right. Try again in 2 seconds.")
    nothing_of_the_data(page)

    # The right code opens.
    unlock_button.wait_for(timeout=30_000)
    unlock(page, PIN)
    page.get_by_role("tab", name=re.compile("^Applications")).first.click()
    see(page, COMPANY, timeout_ms=60_000)


def _wait_shown(page) -> int:
    """Seconds on the Unlock button while a wrong-try wait runs ("Wait 42 s")."""
    button = page.get_by_role("button", name=re.compile(r"^Wait \d+ s$")).first
    button.wait_for(timeout=30_000)
    return int(re.search(r"\d+", button.inner_text() or button.get_attribute("aria-label") or "").group())


def test_a_reload_during_the_wait_keeps_counting_down(waiting_server, open_session):
    s = open_session(PHONE, "/", srv=waiting_server)
    page = s.page
    nothing_of_the_data(page)
    before = _wait_shown(page)
    # The reload gets a lock screen built while the client was away; Flet dropped its effects
    # (the countdown), and the reconnect must start them again, or "Wait N s" stays for good.
    s.reload()
    nothing_of_the_data(page)
    first = _wait_shown(page)
    assert first <= before
    assert wait_until(page, lambda: _wait_shown(page) < first, timeout_ms=15_000), \
        f"the wait stayed at {first} s after the reload"
    s.shot("lock-screen-waiting-after-reload-phone")


def test_lock_screen_and_settings_at_three_sizes(locked_server, open_session):
    for name, viewport in (("small", SMALL), ("phone", PHONE), ("desktop", DESKTOP)):
        s = open_session(viewport, "/settings", srv=locked_server)
        nothing_of_the_data(s.page)
        s.shot(f"lock-screen-{name}")
        if name == "phone":
            # The PIN field has the focus as the lock screen opens: a user just types the code.
            # (With the page's semantics on, as the tests run, Flutter leaves the focus to the
            # screen reader, so this part runs without them, as for most users.)
            s.page.reload()
            assert wait_until(s.page, lambda: s.page.evaluate(
                "() => !!document.activeElement && document.activeElement.tagName === 'INPUT'"), timeout_ms=45_000), \
                "the lock screen opened without the focus in its PIN field"
            s.page.keyboard.type(PIN)
            s.page.keyboard.press("Enter")
            turn_semantics_on(s.page)
        else:
            unlock(s.page, PIN)
        # Unlocked when the lock screen is gone; Settings' lock section may lie below a small
        # phone's fold (outside the accessibility tree until scrolled to).
        see(s.page, "Your time zone", timeout_ms=60_000)
        scroll_until(s.page, "Lock the app")
        see(s.page, "Lock the app")
        s.shot(f"lock-settings-on-{name}")
        if name == "desktop":  # Lock now: back to the lock screen at once
            press(s.page, "Lock now")
            nothing_of_the_data(s.page)


def test_idle_time_locks_again(idle_server, open_session):
    s = open_session(PHONE, "/applications", srv=idle_server)
    page = s.page
    nothing_of_the_data(page)  # a new session starts locked
    unlock(page, PIN)
    see(page, COMPANY, timeout_ms=60_000)
    # No touch for the idle time (10 s here: a loaded machine must get to show the unlocked screen first): locked again, the data gone from the page.
    see(page, LOCKED, timeout_ms=60_000)
    nothing_of_the_data(page)
    unlock(page, PIN)
    see(page, COMPANY, timeout_ms=60_000)


def test_forgot_passcode_offers_only_erase_without_a_protected_backup(locked_server, open_session, data_dir):
    s = open_session(PHONE, "/", srv=locked_server)
    page = s.page
    nothing_of_the_data(page)
    press(page, "Forgot PIN?")
    see(page, re.compile("No protected backup was made while the lock was on"))
    nothing_of_the_data_but_forgot = page.locator("body").aria_snapshot()
    assert COMPANY not in nothing_of_the_data_but_forgot
    s.shot("lock-forgot-phone")
    press(page, "Erase everything and start over")
    see(page, "Erase everything?")
    page.get_by_role("button", name="Erase everything", exact=True).click()
    # Erased first, then opened: the app is empty and unlocked.
    assert wait_until(page, lambda: not (data_dir / "app_lock.json").exists(), timeout_ms=60_000)
    see(page, "Up next", timeout_ms=60_000)
    repos = Repositories.open(data_dir, daily_backup=False)
    try:
        assert repos.applications.count() == 0
    finally:
        repos.db.close()


def test_forgot_pin_reset_with_the_backup_passphrase_keeps_the_data(data_dir, open_session):
    seed(data_dir, pin=PIN, backup_passphrase=BACKUP_PASSPHRASE)  # (open_session's server seeded one too)
    repos = Repositories.open(data_dir, daily_backup=False)
    before = sorted((a.id, a.company) for a in repos.applications.all())
    repos.db.close()
    srv = AppServer(data_dir).start()
    try:
        s = open_session(PHONE, "/applications", srv=srv)
        page = s.page
        nothing_of_the_data(page)
        press(page, "Forgot PIN?")
        see(page, re.compile("Prove it is you with the passphrase of your latest protected backup"))
        type_into(page, "Backup passphrase", "not it at all")
        type_into(page, "New passcode", "97531")
        type_into(page, "Repeat the new passcode", "97531")
        press(page, "Set the new passcode")
        see(page, re.compile("That is not the passphrase of your latest protected backup"), timeout_ms=60_000)
        assert COMPANY not in page.locator("body").aria_snapshot()
        s.shot("lock-forgot-reset-wrong-phone")
        type_into(page, "Backup passphrase", BACKUP_PASSPHRASE)
        # The first wrong try costs 1 s: the button says "Wait 1 s" until then.
        page.get_by_role("button", name="Set the new passcode", exact=True).wait_for(timeout=30_000)
        press(page, "Set the new passcode")
        see(page, COMPANY, timeout_ms=60_000)
    finally:
        srv.stop()
    repos = Repositories.open(data_dir, daily_backup=False)
    try:
        lock = AppLock(AppLockRepository(repos))
        assert lock.try_unlock("97531").ok
        assert sorted((a.id, a.company) for a in repos.applications.all()) == before
    finally:
        repos.db.close()
