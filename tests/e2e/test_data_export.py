"""Own your data, end to end in a real browser: export files, import a backup, restore a snapshot.

The data is written with the real repositories before the server starts (the ``server``
fixture below replaces the one in conftest.py), so the app opens on it like a user's.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from interviewpal.models import Application, Round, Stage
from interviewpal.services.export import CSV_HEADER, export_file, read_backup
from interviewpal.storage import Repositories

from .browser import DESKTOP, PHONE, next_frames, see, wait_until
from .server import AppServer

pytestmark = pytest.mark.browser

SEEDED = "Umbrella Corp"
IMPORTED = "Initrode"


def seed(folder: Path) -> None:
    """One application with an upcoming round, written like the app writes it."""
    repos = Repositories.open(folder)
    try:
        app = repos.applications.add(Application(company=SEEDED, role="Data Engineer"))
        start = (datetime.now(timezone.utc) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
        repos.rounds.add(Round(application_id=app.id, stage=Stage.TECHNICAL, title="Pairing", starts_at=start,
                               time_zone="Europe/Berlin"))
    finally:
        repos.db.close()


@pytest.fixture
def server(data_dir):
    seed(data_dir)
    srv = AppServer(data_dir).start()
    yield srv
    srv.stop()


def data_files(folder: Path) -> dict[str, bytes]:
    """The live data files (not the snapshots), to prove that nothing changed."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def backup_with(folder: Path, company: str, invalid: bool = False) -> Path:
    """A backup file made by the real exporter from another data folder holding ``company``."""
    repos = Repositories.open(folder / "other")
    try:
        app = repos.applications.add(Application(company=company, role="Platform Engineer"))
        repos.rounds.add(Round(application_id=app.id, stage=Stage.SCREENING, title="Recruiter call",
                               starts_at=datetime.now(timezone.utc) + timedelta(days=5), time_zone="UTC"))
        result = export_file("backup", repos)
    finally:
        repos.db.close()
    data = result.data
    if invalid:
        doc = json.loads(data)
        doc["rounds"][0]["duration_minutes"] = 9999
        data = json.dumps(doc).encode()
    path = folder / f"{company.lower()}-{result.file_name}"
    path.write_bytes(data)
    return path


def scroll_to(page, role: str, name: str, tries: int = 30):
    """Scroll the Flutter view until the control is in the semantics tree, and return it."""
    loc = page.get_by_role(role, name=name, exact=True)
    page.mouse.move(page.viewport_size["width"] / 2, page.viewport_size["height"] / 2)
    for _ in range(tries):
        if loc.count() == 1 and loc.is_visible():
            box = loc.bounding_box()
            if box and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"] - 80:
                return loc
        before = loc.bounding_box() if loc.count() == 1 else None
        page.mouse.wheel(0, 300)
        # the scroll has landed when it was drawn and the control moved (not a fixed time: frames lag under load)
        next_frames(page)
        if before is not None and not wait_until(page, lambda: loc.bounding_box() != before, timeout_ms=2_000):
            break  # it no longer moves: the view is at its end
    return loc


def scroll_until(page, text: str, tries: int = 30):
    """Scroll down until ``text`` is in the upper part of the view (for screenshots of a section)."""
    page.mouse.move(page.viewport_size["width"] / 2, page.viewport_size["height"] / 2)
    for _ in range(tries):
        loc = page.get_by_text(text, exact=True)
        box = loc.first.bounding_box() if loc.count() and loc.first.is_visible() else None
        if box and 56 <= box["y"] < 140:
            page.mouse.move(4, page.viewport_size["height"] / 2)  # no hover highlight in screenshots
            return
        page.mouse.wheel(0, min(300, box["y"] - 80) if box else 300)
        next_frames(page)
        if box is not None and not wait_until(
                page, lambda: (loc.first.bounding_box() if loc.count() else None) != box, timeout_ms=2_000):
            page.mouse.move(4, page.viewport_size["height"] / 2)
            return  # it no longer moves: the view is at its end


def go_tab(page, name: str):
    """Switch to a top-level tab by its label ("Applications" alone also matches "Export applications ...")."""
    name_re = re.compile(rf"^{name}(\s|$)")  # a tab on a phone, a rail button on a desktop
    page.get_by_role("tab", name=name_re).or_(page.get_by_role("button", name=name_re)).first.click()


def choose_file(page, files):
    """Click "Import a backup" and answer the browser's file chooser with ``files``."""
    button = scroll_to(page, "button", "Import a backup")
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(files)


def open_settings(open_session, viewport):
    s = open_session(viewport, "/settings")
    see(s.page, "Your data")
    return s


def test_export_backup_csv_and_calendar_download(open_session, tmp_path):
    s = open_settings(open_session, PHONE)
    page = s.page
    scroll_until(page, "Your data")
    s.shot("data-section-phone")

    button = scroll_to(page, "button", "Export full backup (JSON)")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert re.fullmatch(r"interviewpal-backup-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    preview = read_backup(saved.read_bytes())
    assert [a.company for a in preview.records["applications"]] == [SEEDED]
    assert len(preview.records["rounds"]) == 1
    see(page, re.compile(r"Exported 2 items \(1 application, 1 round and 0 reflections\) to interviewpal-backup-"))
    s.shot("data-exported-phone")

    button = scroll_to(page, "button", "Export applications and rounds (CSV)")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == list(CSV_HEADER)
    assert any(SEEDED in row for row in rows[1:])
    see(page, re.compile(r"Exported 1 row of applications and rounds"))

    button = scroll_to(page, "button", "Export calendar (.ics)")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = saved.read_text("utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "Umbrella Corp" in text
    see(page, "Exported 1 upcoming round to ")


def test_import_merge_adds_application_and_restore_undoes_it(open_session, data_dir, tmp_path):
    backup = backup_with(tmp_path, IMPORTED)
    s = open_settings(open_session, PHONE)
    page = s.page

    choose_file(page, str(backup))
    see(page, "Import this backup?")
    see(page, re.compile(r"This backup from .* holds 1 application, 1 round and 0 reflections"))
    s.shot("import-preview-phone")
    page.get_by_role("button", name="Merge", exact=True).click()
    see(page, re.compile(r"Added 2 new items"))
    repos = Repositories.open(data_dir, daily_backup=False)
    try:
        assert sorted(a.company for a in repos.applications.all()) == sorted([SEEDED, IMPORTED])
    finally:
        repos.db.close()

    go_tab(page, "Applications")
    see(page, IMPORTED)
    see(page, SEEDED)

    # The import took a snapshot first: restoring it (the newest row) removes the imported application.
    go_tab(page, "Settings")
    see(page, "Your data")
    scroll_until(page, "Automatic backups")
    see(page, "Before an import · ", timeout_ms=10_000)
    s.shot("automatic-backups-phone")
    page.get_by_role("button", name="Restore", exact=True).first.click()
    see(page, "Restore this backup?")
    page.get_by_role("button", name="Restore", exact=True).last.click()
    see(page, re.compile(r"Restored the before an import"))
    go_tab(page, "Applications")
    see(page, SEEDED)
    next_frames(page)  # the list is drawn in one frame: the other name would be there now
    assert page.get_by_text(IMPORTED).count() == 0


def test_bad_files_show_why_and_change_nothing(open_session, data_dir, tmp_path):
    s = open_settings(open_session, DESKTOP)
    page = s.page
    before = data_files(data_dir)
    whole = backup_with(tmp_path, IMPORTED).read_bytes()

    choose_file(page, {"name": "cut.json", "mimeType": "application/json", "buffer": whole[: len(whole) // 2]})
    see(page, re.compile(r"cut\.json: This backup is incomplete"))
    s.shot("import-truncated-desktop")

    newer = json.loads(whole)
    newer["format_version"] = 99
    choose_file(page, {"name": "newer.json", "mimeType": "application/json", "buffer": json.dumps(newer).encode()})
    see(page, re.compile(r"newer\.json: This backup was made by a newer version of InterviewPal"))

    choose_file(page, {"name": "notes.json", "mimeType": "application/json", "buffer": b"hello"})
    see(page, re.compile(r"notes\.json: This is not a JSON file"))

    assert data_files(data_dir) == before
    go_tab(page, "Applications")
    see(page, SEEDED)
    assert page.get_by_text(IMPORTED).count() == 0

    # Back on Settings (a new picker after the screen was rebuilt) a bad file is still refused.
    go_tab(page, "Settings")
    see(page, "Your data")
    choose_file(page, {"name": "again.json", "mimeType": "application/json", "buffer": whole[:100]})
    see(page, re.compile(r"again\.json: This backup is incomplete"))
    assert data_files(data_dir) == before


def test_invalid_records_are_listed_and_the_valid_ones_import(open_session, data_dir, tmp_path):
    backup = backup_with(tmp_path, IMPORTED, invalid=True)
    s = open_settings(open_session, DESKTOP)
    page = s.page
    scroll_until(page, "Your data")
    s.shot("data-section-desktop")

    choose_file(page, str(backup))
    see(page, "Import this backup?")
    see(page, "1 item cannot be imported and will be skipped:")
    see(page, re.compile(r'Round "Recruiter call" at Initrode .*'))
    assert page.get_by_role("button", name="Merge", exact=True).count() == 0
    s.shot("import-preview-invalid-desktop")

    # Esc closes the dialog and nothing changes.
    before = data_files(data_dir)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Import the valid ones").wait_for(state="detached")
    assert data_files(data_dir) == before

    choose_file(page, str(backup))
    page.get_by_role("button", name="Import the valid ones").click()
    see(page, re.compile(r"Added 1 new item\b.*1 item skipped"))
    go_tab(page, "Applications")
    see(page, IMPORTED)


def test_replace_everything_asks_first(open_session, data_dir, tmp_path):
    backup = backup_with(tmp_path, IMPORTED)
    s = open_settings(open_session, PHONE)
    page = s.page
    choose_file(page, str(backup))
    page.get_by_role("button", name="Replace everything").click()
    see(page, "Replace everything?")
    s.shot("import-replace-confirm-phone")
    page.get_by_role("button", name="Replace everything").last.click()
    see(page, re.compile(r"Restored 1 application, 1 round and 0 reflections from the backup"))
    go_tab(page, "Applications")
    see(page, IMPORTED)
    next_frames(page)  # the list is drawn in one frame: the other name would be there now
    assert page.get_by_text(SEEDED).count() == 0
