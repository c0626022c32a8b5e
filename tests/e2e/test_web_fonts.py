"""Non-Latin names render in web mode: Flutter's fallback fonts come from the app's own server.

Flutter's web engine draws with Roboto and downloads a Noto font for any other script from
``fontFallbackBaseUrl`` (``assets/fonts/`` under ``no_cdn=True``). tools/web_fonts.py puts
those files in assets/assets/fonts/; without them every such request is a 404 and the names
are boxes. Screenshots: test-artifacts/web-fonts-*.png.
"""

from __future__ import annotations

import pytest

from interviewpal.models import Application
from interviewpal.storage import Repositories

from .browser import DESKTOP, PHONE, Session, see, wait_until
from .server import AppServer

pytestmark = pytest.mark.browser

NAMES = ["面试 Ltd", "شركة", "株式会社テスト", "कंपनी", "🚀 Rocket Labs"]
SMALL_PHONE = {"width": 360, "height": 640}
# One file per script these names need (the engine picks the files; see tools/web_fonts.py).
EXPECTED_FONTS = ("/notosanssc/", "/notosansarabic/", "/notosans/", "/notocoloremoji/")


@pytest.fixture
def names_server(data_dir):
    repos = Repositories.open(data_dir)
    for name in NAMES:
        repos.applications.add(Application(company=name, role="Engineer"))
    repos.db.close()
    srv = AppServer(data_dir).start()
    yield srv
    srv.stop()


def test_non_latin_names_get_their_fonts_from_the_app(browser, names_server):
    s = Session(browser, names_server.url, SMALL_PHONE)
    page = s.page
    failed: list[str] = []
    fonts: dict[str, int] = {}
    font_errors: list[str] = []

    def on_response(r):
        if r.status >= 400:
            failed.append(f"{r.status} {r.url}")
        if "/assets/fonts/" in r.url:
            fonts[r.url] = r.status

    page.on("response", on_response)
    page.on("console", lambda m: font_errors.append(m.text) if "font" in m.text.lower() else None)
    s.open("/applications")
    for viewport, size in ((SMALL_PHONE, "360"), (PHONE, "phone"), (DESKTOP, "desktop")):
        s.resize(viewport)
        for name in NAMES:
            see(page, name)
        # Wait until the engine has fetched a fallback font for every script on screen.
        wait_until(page, lambda: all(any(k in url for url in fonts) for k in EXPECTED_FONTS), timeout_ms=30_000)
        s.shot(f"web-fonts-applications-{size}")
        assert all(any(k in url for url in fonts) for k in EXPECTED_FONTS), sorted(fonts)
    assert not failed, failed
    assert all(status == 200 for status in fonts.values()), fonts
    assert not [e for e in font_errors if "Failed" in e], font_errors
    assert not s.foreign, s.foreign
    s.close()
