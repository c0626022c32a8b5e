"""Every screen at phone and desktop size, light and dark, with demo data: content checks plus
screenshots in test-artifacts/ to look at."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from interviewpal.content import load_content
from interviewpal.models import Settings, Theme
from interviewpal.services.demo import DemoService
from interviewpal.storage import Repositories

from .browser import DESKTOP, PHONE, Session, see
from .server import AppServer

pytestmark = pytest.mark.browser

CONTENT = load_content()


@pytest.fixture
def demo_server(data_dir):
    repos = Repositories.open(data_dir)
    DemoService(repos).add(datetime.now(timezone.utc), zone="UTC")
    ids = {a.company: a.id for a in repos.applications.all()}
    next_round = min((r for r in repos.rounds.all() if r.starts_at > datetime.now(timezone.utc)), key=lambda r: r.starts_at)
    repos.db.close()
    srv = AppServer(data_dir).start()
    yield srv, ids, next_round
    srv.stop()


def visit_all(s: Session, ids: dict, next_round, size: str):
    page = s.page
    acme = ids["Acme Robotics (demo)"]
    screens = [
        ("/", "Next round", "up-next"),
        ("/applications", "Northwind Health (demo)", "applications"),
        (f"/applications/{acme}", "Stage timeline", "application-timeline"),
        (f"/applications/{acme}/edit", "Job posting link", "application-edit"),
        (f"/applications/{acme}/rounds/new?stage=panel", "Interviewers", "round-new"),
        (f"/rounds/{next_round.id}/tips", "Before you walk in", "quick-tips"),
        ("/guide", CONTENT.stages[0].name, "guide"),
        ("/guide/behavioral", CONTENT.stage("behavioral").tips[0], "stage-guide"),
        ("/guide/technical/questions", CONTENT.stage("technical").questions[0], "questions"),
        ("/journal", "Journal", "journal"),
        ("/settings", "Data folder", "settings"),
    ]
    for path, expect, name in screens:
        s.go(path)  # a deep link followed in place (one app start for all screens)
        see(page, re.compile(re.escape(expect)))
        s.shot(f"{name}-{size}")


def test_every_screen_phone_and_desktop(browser, demo_server):
    srv, ids, next_round = demo_server
    s = Session(browser, srv.url, PHONE)
    s.open("/")
    for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
        s.resize(viewport)
        visit_all(s, ids, next_round, size)
    assert not s.foreign, s.foreign
    s.close()


def test_dark_theme_is_applied_from_settings(browser, data_dir):
    repos = Repositories.open(data_dir)
    DemoService(repos).add(datetime.now(timezone.utc), zone="UTC")
    repos.settings.save(Settings(theme=Theme.DARK))
    rid = min(repos.rounds.all(), key=lambda r: abs((r.starts_at - datetime.now(timezone.utc)).total_seconds())).id
    repos.db.close()
    srv = AppServer(data_dir).start()
    try:
        s = Session(browser, srv.url, PHONE)
        s.open("/")
        for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
            s.resize(viewport)
            s.go("/")
            see(s.page, "Next round")
            # A dark theme paints a dark background: sample a margin pixel (the first frame may
            # still be the loading screen, so give it a few seconds).
            from PIL import Image

            for _ in range(10):
                path = s.shot(f"dark-up-next-{size}")
                r, g, b = Image.open(path).convert("RGB").getpixel((5, 200))
                if r + g + b < 200:
                    break
            assert r + g + b < 200, (r, g, b)
            s.go(f"/rounds/{rid}/tips")
            # the checklist's title follows the round's format
            see(s.page, re.compile(r"^(Before you walk in|Before they call|Before you call|Before you join the call)$"))
            s.shot(f"dark-quick-tips-{size}")
        s.close()
    finally:
        srv.stop()
