"""InterviewPal entry point: `uv run flet run` (desktop) or `uv run flet run --web` (browser)."""

import flet as ft

from interviewpal.ui.app import main

if __name__ == "__main__":
    ft.run(main, assets_dir="assets", no_cdn=True)
