"""Which address the web mode listens on: loopback unless the user opts in (no Flet here).

The journal has no login: anyone who can reach the web mode's port can read it. So
``uv run flet run --web`` (and ``python main.py`` in web mode) listens on 127.0.0.1 only.
Serving to other machines is an explicit opt-in: ``INTERVIEWPAL_WEB_HOST=0.0.0.0`` (or
an address of one interface). A ``flet run --host`` to a non-loopback address without
the opt-in is ignored with a warning.
"""

from __future__ import annotations

import ipaddress
from typing import Mapping

LOOPBACK = "127.0.0.1"
OPT_IN = "INTERVIEWPAL_WEB_HOST"
FLET_HOST = "FLET_SERVER_IP"  # set by `flet run --host`, read by ft.run


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def web_host(environ: Mapping[str, str]) -> tuple[str, str | None]:
    """(address to listen on, a warning to print or None)."""
    chosen = environ.get(OPT_IN, "").strip()
    if chosen:
        return ("0.0.0.0" if chosen in ("*", "all") else chosen), None
    requested = environ.get(FLET_HOST, "").strip()
    if requested and not is_loopback(requested):
        return LOOPBACK, (
            f"InterviewPal listens on {LOOPBACK} only, not on {requested}: anyone who can reach it could read "
            f"your journal. To serve other machines anyway, set {OPT_IN}={requested}."
        )
    return requested or LOOPBACK, None
