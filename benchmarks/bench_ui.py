"""Browser timings of the real app at realistic data size (issue: the app itself, point 9).

    uv run python benchmarks/bench_ui.py [--runs 7]

Seeds a data folder with 50 applications and 300 rounds (plus 300 reflections),
serves the app in web mode, and measures in headless Chromium:

- page load -> Up next visible (navigation start to the "Next round" card in the
  accessibility tree), for a fresh page each run;
- tap -> quick-tips card visible: timed inside the page, from the pointer press on
  "Quick tips" to the first animation frame whose accessibility tree holds the card
  ("Before you walk in"), so Playwright's polling interval is not counted;

against an empty data folder as the baseline, and reports the app process's peak
memory (VmHWM). Targets on a 2-core machine: load <= 2.5 s, tap <= 300 ms (medians).
Printed as a markdown table; also written to benchmarks/results/ui.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from interviewpal.content import default_content  # noqa: E402
from interviewpal.models import Application, JournalEntry, Lesson, Round, Stage  # noqa: E402
from interviewpal.storage import Repositories  # noqa: E402
from tests.e2e.browser import CHROMIUM_ARGS, PHONE, chromium_path  # noqa: E402
from tests.e2e.server import AppServer  # noqa: E402


def seed(folder: Path, apps: int = 50, rounds: int = 300) -> None:
    rnd = random.Random(7)
    now = datetime.now(timezone.utc)
    repos = Repositories.open(folder)
    a_list = [Application(company=f"Company {i:02d}", role=rnd.choice(["Engineer", "Analyst", "Designer"]),
                          notes="x" * 200) for i in range(apps)]
    r_list = []
    for i in range(rounds):
        app = a_list[i % apps]
        start = now + timedelta(hours=rnd.randint(-24 * 60, 24 * 20))
        if i == 0:
            start = now + timedelta(hours=3)  # the next round
        r_list.append(Round(application_id=app.id, stage=rnd.choice(list(Stage)), starts_at=start, time_zone="UTC"))
    entries = [JournalEntry(round_id=r.id, application_id=r.application_id, feeling=3, confidence=3,
                            questions=["Tell me about yourself"] * 3, went_well="w" * 600, free_text="f" * 500,
                            to_improve=[Lesson(text="Slow down when explaining trade-offs")])
               for r in r_list if r.starts_at < now]
    repos.applications.add_many(a_list)
    repos.rounds.add_many(r_list)
    repos.journal.add_many(entries)
    repos.db.close()


_WATCH = """(text) => {
  window.__tapDone = undefined;
  const has = () => Array.from(document.querySelectorAll('flt-semantics'))
      .some(e => (e.getAttribute('aria-label') || e.textContent || '').includes(text));
  window.addEventListener('pointerdown', () => {
    const t0 = performance.now();
    const tick = () => has() ? (window.__tapDone = performance.now() - t0) : requestAnimationFrame(tick);
    requestAnimationFrame(tick);
  }, {capture: true, once: true});
}"""


def measure(browser, url: str, runs: int, with_tap: bool) -> tuple[list[float], list[float]]:
    loads, taps = [], []
    tip = default_content().stages[0].tips[0]
    for _ in range(runs):
        ctx = browser.new_context(viewport=PHONE)
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
        t0 = time.perf_counter()
        page.goto(url)
        page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
        page.evaluate("document.querySelector('flt-semantics-placeholder').click()")
        target = "Next round" if with_tap else "Welcome to InterviewPal"
        page.get_by_text(target).first.wait_for(timeout=60_000)
        loads.append(time.perf_counter() - t0)
        if with_tap:
            button = page.get_by_role("button", name="Quick tips", exact=True)
            button.wait_for()
            # Timed inside the page: from the pointer press to the first animation frame in which
            # the card's text is in the accessibility tree (no Playwright polling delay in it).
            page.evaluate(_WATCH, "Before you walk in")
            button.click()
            page.wait_for_function("() => window.__tapDone !== undefined", timeout=30_000)
            taps.append(page.evaluate("() => window.__tapDone") / 1000)
        ctx.close()
    return loads, taps


def fmt(xs: list[float], scale: float = 1000) -> str:
    return f"{statistics.median(xs) * scale:.0f}" if xs else "-"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    exe = chromium_path()
    if not exe:
        print("Chromium is needed (apt-get install chromium)")
        return 2
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        for label, do_seed in (("empty (baseline)", False), ("50 apps, 300 rounds, ~200 reflections", True)):
            folder = Path(tmp) / label.split()[0]
            if do_seed:
                seed(folder)
            srv = AppServer(folder).start()
            try:
                loads, taps = measure(browser, srv.url, args.runs, with_tap=do_seed)
                rows.append((label, loads, taps, srv.peak_memory_kb()))
            finally:
                srv.stop()
        browser.close()
    lines = [
        f"UI timings, headless Chromium at 412x800, {args.runs} runs each (medians; targets: load <= 2500 ms, tap <= 300 ms)",
        "",
        "| data | load -> Up next median ms | load p-max ms | tap -> quick tips median ms | tap max ms | app peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, loads, taps, mem in rows:
        lines.append(f"| {label} | {fmt(loads)} | {max(loads) * 1000:.0f} | {fmt(taps)} | "
                     f"{(max(taps) * 1000 if taps else 0):.0f} | {mem / 1024 if mem else 0:.0f} |")
    text = "\n".join(lines)
    print(text)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ui.md").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
