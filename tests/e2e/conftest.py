"""Fixtures for browser tests: the real app in web mode, driven in headless Chromium.

Skipped with a reason on a machine without Chromium or Playwright; under CI
(``CI=true``) they fail instead, so a broken setup can never pass silently.
"""

from __future__ import annotations

import os

import pytest

from .browser import CHROMIUM_ARGS, Session, chromium_path
from .server import AppServer

IN_CI = os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    exe = chromium_path()
    if not exe:
        _unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (uv sync installs the dev group)")
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
    except Exception as e:  # noqa: BLE001 - report why the browser would not start
        pw.stop()
        _unavailable(f"Chromium did not start: {e}")
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def server(data_dir):
    srv = AppServer(data_dir).start()
    yield srv
    srv.stop()


@pytest.fixture
def open_session(browser, server):
    """Open the app at a viewport; every session is checked for non-local requests at the end."""
    sessions: list[Session] = []

    def _open(viewport, path: str = "/", srv: AppServer | None = None):
        s = Session(browser, (srv or server).url, viewport)
        s.open(path)
        sessions.append(s)
        return s

    yield _open
    foreign = [u for s in sessions for u in s.foreign]
    for s in sessions:
        s.close()
    assert not foreign, f"the app requested non-local hosts: {foreign}"
