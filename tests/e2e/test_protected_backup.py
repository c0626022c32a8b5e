"""Issue 14 in the browser: "Protect with a passphrase" on the backup export, and importing it.

The downloaded .age file is opened with Debian's ``age`` tool (tests/age_tool.py) and holds
the same JSON as a plain export; importing it asks for the passphrase; a wrong passphrase
says so and leaves the data folder byte-identical; the right one imports.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from interviewpal.services.export import read_backup
from interviewpal.storage import Repositories
from tests.age_tool import AGE, run_with_passphrase

from .browser import DESKTOP, PHONE, see, type_into
from .test_data_export import IMPORTED, SEEDED, backup_with, open_settings, scroll_to, scroll_until, seed
from .server import AppServer

pytestmark = pytest.mark.browser

PASSPHRASE = "violet harbour 面试 lantern"


@pytest.fixture
def server(data_dir):
    seed(data_dir)
    srv = AppServer(data_dir).start()
    yield srv
    srv.stop()


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file in the data folder (snapshots included), to prove nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def choose_file(page, files):
    button = scroll_to(page, "button", "Import a backup")
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(files)


def test_protected_export_opens_with_the_age_tool_and_holds_the_same_json(open_session, tmp_path):
    if AGE is None:
        pytest.skip("the age tool is not installed (Debian: apt-get install age)")
    s = open_settings(open_session, PHONE)
    page = s.page
    scroll_until(page, "Export")
    scroll_to(page, "switch", "Protect with a passphrase").click()
    type_into(page, "Backup passphrase", PASSPHRASE)
    type_into(page, "Repeat the passphrase", PASSPHRASE + "x")
    button = scroll_to(page, "button", "Export protected backup (.age)")
    button.click()
    see(page, "The two passphrases are not the same.")
    type_into(page, "Repeat the passphrase", PASSPHRASE)
    s.shot("protected-export-phone")
    with page.expect_download(timeout=120_000) as info:
        scroll_to(page, "button", "Export protected backup (.age)").click()
    download = info.value
    assert re.fullmatch(r"interviewpal-backup-\d{4}-\d{2}-\d{2}\.json\.age", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert SEEDED.encode() not in saved.read_bytes()
    see(page, re.compile(r"It is protected with your passphrase"), timeout_ms=60_000)

    plain = tmp_path / "decrypted.json"
    run_with_passphrase(["-d", "-o", str(plain), str(saved)], PASSPHRASE)
    doc = json.loads(plain.read_bytes())
    assert [a["company"] for a in doc["applications"]] == [SEEDED]

    # The same JSON as the plain export (apart from the export time).
    with page.expect_download() as info:
        scroll_to(page, "switch", "Protect with a passphrase").click()
        scroll_to(page, "button", "Export full backup (JSON)").click()
    plain_export = json.loads(Path(info.value.path()).read_bytes())
    doc.pop("exported_at")
    plain_export.pop("exported_at")
    assert doc == plain_export


def test_wrong_passphrase_changes_nothing_and_the_right_one_imports(open_session, data_dir, tmp_path):
    # A protected backup holding another application, made with the age tool when present
    # (else with the app's own encryption): either way the app must open it.
    plain = backup_with(tmp_path, IMPORTED)
    protected = tmp_path / (plain.name + ".age")
    if AGE is not None:
        run_with_passphrase(["-p", "-o", str(protected), str(plain)], PASSPHRASE, prompts=2)
    else:
        from interviewpal.services.export.encrypted import encrypt_backup

        protected.write_bytes(encrypt_backup(plain.read_bytes(), PASSPHRASE))

    s = open_settings(open_session, DESKTOP)
    page = s.page
    before = folder_bytes(data_dir)
    choose_file(page, str(protected))
    see(page, "This backup is protected")
    type_into(page, "Passphrase", "not the passphrase")
    page.keyboard.press("Enter")
    see(page, "This passphrase does not open the backup. Check it and try again; nothing was changed.",
        timeout_ms=120_000)
    s.shot("protected-import-wrong-desktop")
    assert folder_bytes(data_dir) == before

    type_into(page, "Passphrase", PASSPHRASE)
    page.get_by_role("button", name="Open", exact=True).click()
    see(page, "Import this backup?", timeout_ms=120_000)
    page.get_by_role("button", name="Merge", exact=True).click()
    see(page, re.compile(r"Added 2 new items"), timeout_ms=60_000)
    repos = Repositories.open(data_dir, daily_backup=False)
    try:
        assert sorted(a.company for a in repos.applications.all()) == sorted([SEEDED, IMPORTED])
    finally:
        repos.db.close()
