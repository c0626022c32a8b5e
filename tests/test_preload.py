"""The background import of Flet's control classes covers every control the UI uses."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import flet as ft

from interviewpal.ui import preload

UI = Path(__file__).resolve().parents[1] / "interviewpal" / "ui"


def test_every_control_the_ui_uses_is_preloaded():
    used = {m for f in UI.rglob("*.py") for m in re.findall(r"\bft\.([A-Z]\w+)", f.read_text(encoding="utf-8"))}
    missing = sorted(used - set(preload.CONTROLS))
    assert not missing, f"add to interviewpal/ui/preload.py CONTROLS: {missing}"


def test_every_preloaded_name_exists_in_flet():
    assert [n for n in preload.CONTROLS if not hasattr(ft, n)] == []


def test_preload_runs_once_and_imports_the_card_controls():
    # A fresh process: Checkbox (the card's checklist) is not imported until the preload ran.
    code = """
import flet as ft
from interviewpal.ui import preload
assert "Checkbox" not in vars(ft)
worker = preload.preload_in_background()
assert preload.preload_in_background() is worker
worker.join(60)
assert not worker.is_alive()
assert "Checkbox" in vars(ft) and "TextSpan" in vars(ft)
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=UI.parents[1], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
