"""InterviewPal entry point: `uv run flet run` (desktop) or `uv run flet run --web` (browser).

The web mode listens on loopback only unless INTERVIEWPAL_WEB_HOST says otherwise
(see interviewpal/serving.py and the README).
"""

import os
import sys

import flet as ft

from interviewpal.serving import FLET_HOST, web_host
from interviewpal.ui.app import main

if __name__ == "__main__":
    host, warning = web_host(os.environ)
    if warning:
        print(warning, file=sys.stderr)
    os.environ[FLET_HOST] = host  # ft.run prefers this variable over its host argument
    ft.run(main, assets_dir="assets", no_cdn=True, host=host)
