"""A broken content pack never stops the app: it opens, says what is wrong, and the data is there."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone

from interviewpal.content import CONTENT_DIR, CONTENT_DIR_ENV
from interviewpal.models import Application, Round, RoundFormat, Stage
from interviewpal.storage import Repositories

from .browser import PHONE, see
from .server import AppServer

SMALL_PHONE = {"width": 360, "height": 640}


def test_a_broken_pack_opens_the_app_with_the_message_and_the_built_in_tips(browser, open_session, tmp_path):
    data = tmp_path / "data"
    repos = Repositories.open(data)
    app = repos.applications.add(Application(company="面试 Ltd", role="Analyst"))
    rnd = repos.rounds.add(Round(application_id=app.id, stage=Stage.PANEL, format=RoundFormat.ON_SITE,
                                 starts_at=datetime.now(timezone.utc) + timedelta(days=1), time_zone="Europe/Paris"))
    del repos

    pack = tmp_path / "my-tips" / "en"
    shutil.copytree(CONTENT_DIR, pack)
    tech = pack / "stages" / "05-technical.toml"
    tech.write_text(tech.read_text(encoding="utf-8").replace("order = 5", "order 5", 1), encoding="utf-8")

    srv = AppServer(data, env={CONTENT_DIR_ENV: str(pack)}).start()
    try:
        for name, viewport in (("small-phone", SMALL_PHONE), ("phone", PHONE)):
            s = open_session(viewport, srv=srv)
            page = s.page
            see(page, "could not be read, so the built-in tips are shown")
            see(page, "en/stages/05-technical.toml: line 40, column")
            see(page, "面试 Ltd")  # the user's data is all there
            s.shot(f"content-pack-broken-{name}")
            assert page.get_by_text("Traceback").count() == 0
        s = open_session(PHONE, f"/rounds/{rnd.id}/tips", srv=srv)
        see(s.page, "Printed CV copies for everyone")  # the card works, with the built-in pack
    finally:
        srv.stop()
