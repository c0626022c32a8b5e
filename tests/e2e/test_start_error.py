"""A data folder the app cannot use: it starts on a screen that says what is wrong and where."""

from __future__ import annotations

from .browser import DESKTOP, PHONE, Session, see
from .server import AppServer


def test_an_unusable_data_folder_starts_on_a_screen_naming_it(browser, tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")  # e.g. a careless copy
    srv = AppServer(blocker).start()
    sessions = []
    try:
        s = Session(browser, srv.url, PHONE)
        sessions.append(s)
        page = s.open()
        for name, viewport in (("small-phone", {"width": 360, "height": 640}), ("phone", PHONE), ("desktop", DESKTOP)):
            s.resize(viewport)
            see(page, "InterviewPal cannot open your data")
            see(page, f"InterviewPal cannot use its data folder {blocker}: a file is in the way where the folder should be.")
            see(page, "Nothing was changed or deleted")
            s.shot(f"start-error-{name}")
            assert page.get_by_text("Traceback").count() == 0
        assert blocker.read_text() == "a file where the data folder should be"  # nothing changed
        assert not [u for s in sessions for u in s.foreign], "non-local requests"
    finally:
        for s in sessions:
            s.close()
        srv.stop()
