"""Applications and rounds as a CSV spreadsheet (UTF-8 with BOM, so Excel reads it cleanly).

One row per round; an application without rounds gets one row with empty round
columns. Date and Time are local to the round's own time zone; the last three columns give
the same moment in the user's zone (Settings); the last six the application's applied-on date
and offer (plain numbers, dates as YYYY-MM-DD). Cells that a
spreadsheet would run as a formula are prefixed with a single quote.
"""

from __future__ import annotations

import csv
import io

from ...models import Application, Round
from ...models.application import amount_text
from ...storage import Repositories
from ..time_zones import user_zone_name
from .round_fields import local_time, stage_name

HEADER = (
    "Company",
    "Role",
    "Status",
    "Application link",
    "Stage",
    "Round title",
    "Date",
    "Time",
    "Time zone",
    "Format",
    "Location or link",
    "Interviewers",
    "Outcome",
    "Your date",
    "Your time",
    "Your time zone",
    # Issue 13: the application's own dates and the offer (the same on each row of an application).
    "Applied on",
    "Offer base",
    "Offer bonus",
    "Offer equity",
    "Offer currency",
    "Offer deadline",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The cell as text; one a spreadsheet would run as a formula gets a leading quote."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _app_cells(app: Application | None) -> list[str]:
    if app is None:
        return ["", "", "", ""]
    return [app.company, app.role, app.status.label, app.posting_url]


def _offer_cells(app: Application | None) -> list[str]:
    """Applied on, then the offer: amounts as plain numbers (85000), dates as YYYY-MM-DD."""
    if app is None:
        return [""] * 6
    number = lambda v: "" if v is None else amount_text(v).replace(",", "")  # noqa: E731
    return [app.applied_on.isoformat() if app.applied_on else "", number(app.offer_base), number(app.offer_bonus),
            app.offer_equity, app.offer_currency, app.offer_deadline.isoformat() if app.offer_deadline else ""]


def _round_cells(rnd: Round | None) -> list[str]:
    if rnd is None:
        return [""] * 12
    t = local_time(rnd.starts_at, rnd.time_zone)
    mine = user_zone_name()
    u = local_time(rnd.starts_at, mine)
    return [
        stage_name(rnd.stage),
        rnd.title,
        t.date().isoformat(),
        t.strftime("%H:%M"),
        rnd.time_zone,
        rnd.format.label,
        rnd.where,
        "; ".join(i.display for i in rnd.interviewers),
        rnd.outcome.label,
        u.date().isoformat(),
        u.strftime("%H:%M"),
        mine,
    ]


def csv_rows(repos: Repositories) -> list[list[str]]:
    """The data rows (without the header), not yet made formula-safe."""
    apps = sorted(repos.applications.all(), key=lambda a: (a.company.lower(), a.role.lower(), a.created_at, a.id))
    rounds = sorted(repos.rounds.all(), key=lambda r: (r.starts_at, r.id))
    by_app: dict[str, list[Round]] = {}
    for r in rounds:
        by_app.setdefault(r.application_id, []).append(r)
    rows: list[list[str]] = []
    for app in apps:
        app_rounds = by_app.pop(app.id, [])
        if not app_rounds:
            rows.append(_app_cells(app) + _round_cells(None) + _offer_cells(app))
        for r in app_rounds:
            rows.append(_app_cells(app) + _round_cells(r) + _offer_cells(app))
    for leftover in by_app.values():  # rounds whose application is gone: still exported
        for r in leftover:
            rows.append(_app_cells(None) + _round_cells(r) + _offer_cells(None))
    return rows


def export_csv(repos: Repositories) -> bytes:
    """The spreadsheet as the bytes of a ``.csv`` file."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, dialect="excel")
    writer.writerow(HEADER)
    for row in csv_rows(repos):
        writer.writerow([safe_cell(c) for c in row])
    return buf.getvalue().encode("utf-8-sig")
