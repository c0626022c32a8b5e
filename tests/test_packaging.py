"""The packaged app's configuration: icons, permissions, versions, Android backup off."""

import tomllib
from pathlib import Path

import pytest

from interviewpal.packaging import patch_manifest_text

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

MANIFEST = """<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <application android:label="InterviewPal" android:allowBackup="true" android:icon="@mipmap/ic_launcher">
        <activity android:name=".MainActivity"/>
    </application>
</manifest>"""


def test_patch_turns_backup_off_and_is_idempotent():
    once = patch_manifest_text(MANIFEST)
    assert 'android:allowBackup="false"' in once and 'android:allowBackup="true"' not in once
    assert 'android:fullBackupContent="false"' in once
    assert patch_manifest_text(once) == once
    assert "<activity" in once


def test_patch_refuses_a_file_without_application():
    with pytest.raises(ValueError):
        patch_manifest_text("<manifest/>")


def test_flet_packages_share_one_version():
    pins = {}
    for dep in PYPROJECT["project"]["dependencies"] + PYPROJECT["dependency-groups"]["dev"]:
        name, _, version = dep.partition("==")
        if name.startswith("flet") and name in ("flet", "flet-cli", "flet-desktop", "flet-web"):
            pins[name] = version
    assert set(pins) == {"flet", "flet-cli", "flet-desktop", "flet-web"}
    assert len(set(pins.values())) == 1, pins


def test_flet_build_config_has_product_icons_and_notification_permission():
    flet = PYPROJECT["tool"]["flet"]
    assert flet["product"] == "InterviewPal" and flet["org"] and flet["bundle_id"]
    assert flet["android"]["permission"]["android.permission.POST_NOTIFICATIONS"] is True
    for name in ("icon.png", "splash.png"):
        data = (ROOT / "assets" / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000
