"""Build-time helper for the Android app: turn off Android's cloud and device-to-device backup.

A job seeker's journal must not be copied off the phone behind their back, so
the packaged app sets ``android:allowBackup="false"`` and
``android:fullBackupContent="false"`` on ``<application>``. flet-cli 1.0.5 has
no pyproject key for ``<application>`` attributes, so after ``flet build apk``
generates the Flutter project, run::

    uv run python -m interviewpal.packaging build/flutter/android/app/src/main/AndroidManifest.xml

and build again (see README, "Packaging"). Idempotent; stdlib only.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ATTRIBUTES = {"android:allowBackup": "false", "android:fullBackupContent": "false"}


def patch_manifest_text(text: str) -> str:
    """Set the backup attributes on the ``<application`` tag of a manifest's text."""
    m = re.search(r"<application\b[^>]*>", text, flags=re.S)
    if not m:
        raise ValueError("AndroidManifest.xml has no <application> element")
    tag = m.group(0)
    for name, value in ATTRIBUTES.items():
        if re.search(rf'\b{re.escape(name)}\s*=\s*"[^"]*"', tag):
            tag = re.sub(rf'\b{re.escape(name)}\s*=\s*"[^"]*"', f'{name}="{value}"', tag)
        else:
            tag = tag.replace("<application", f'<application\n        {name}="{value}"', 1)
    return text[: m.start()] + tag + text[m.end():]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    path = Path(argv[0])
    path.write_text(patch_manifest_text(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"Android backup turned off in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
