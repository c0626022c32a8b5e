"""Where the user's data lives on this device."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "InterviewPal"


def data_dir() -> Path:
    """The data folder, created private (0700) if missing.

    ``INTERVIEWPAL_DATA_DIR`` wins (tests, portable installs), then
    ``FLET_APP_STORAGE_DATA`` (set by ``flet run`` and packaged apps), then the
    platform's per-user data folder.
    """
    chosen = (
        os.environ.get("INTERVIEWPAL_DATA_DIR")
        or os.environ.get("FLET_APP_STORAGE_DATA")
        or platformdirs.user_data_dir(APP_NAME, appauthor=False)
    )
    return ensure_private_dir(Path(chosen).expanduser())


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only where the OS has modes."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        try:
            os.chmod(path, 0o700)
        except OSError:
            pass  # not ours to change (e.g. a mounted folder); still usable
    return path
