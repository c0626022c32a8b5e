"""The app's own CPU time per tap on "Quick tips" (and per Back), which a loaded machine does not blur.

    uv run python benchmarks/bench_tap_cpu.py [--size 50,300,200] [--loads 1] [--taps 7] [--root PATH]

``bench_ui.py`` times a tap in the browser (wall clock): on a shared 2-core machine that is
mostly waiting for a core. This script serves the same seeded data with the app process
instrumented (Flet's event dispatch and component updates timed with ``time.thread_time()``),
taps as ``bench_ui.py`` does, and adds up the app thread's CPU milliseconds from each click
until the next one: the handler plus every component render and patch it caused. It also
counts the controls of each update patch. ``--root`` measures another checkout (e.g. the
commit before a change, unpacked with ``git archive``) with this environment.
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()


def serve() -> None:
    """Run ``<root>/main.py`` with timing around Flet's event dispatch, component updates and patches."""
    root, log_path = os.environ["TAPCPU_ROOT"], os.environ["TAPCPU_LOG"]
    sys.path.insert(0, root)
    os.chdir(root)
    log = open(log_path, "a", buffering=1)
    from flet.components import component as C
    from flet.messaging import session as S

    def write(**kw):
        log.write(json.dumps(kw) + "\n")

    dispatch = S.Session.dispatch_event

    async def timed_dispatch(self, control_id, event_name, event_data):
        c = time.thread_time()
        try:
            return await dispatch(self, control_id, event_name, event_data)
        finally:
            write(k="event", name=event_name, cpu=(time.thread_time() - c) * 1000)

    update = C.Component.update

    def timed_update(self):
        c = time.thread_time()
        try:
            return update(self)
        finally:
            write(k="update", fn=self.fn.__name__, cpu=(time.thread_time() - c) * 1000)

    get_patch = S.Session._Session__get_update_control_patch

    def counted_patch(self, *a, **kw):
        patch, added, removed = get_patch(self, *a, **kw)
        write(k="patch", added=len(added), removed=len(removed))
        return patch, added, removed

    S.Session.dispatch_event = timed_dispatch
    C.Component.update = timed_update
    S.Session._Session__get_update_control_patch = counted_patch
    sys.argv = [os.path.join(root, "main.py")]
    runpy.run_path(os.path.join(root, "main.py"), run_name="__main__")


def per_tap(rows: list[dict]) -> tuple[list[float], list[float]]:
    """CPU ms from each click to the next: odd clicks open the card, even ones go Back."""
    spans: list[float] = []
    for r in rows:
        if r["k"] == "event" and r["name"] == "click":
            spans.append(r["cpu"])
        elif r["k"] in ("event", "update") and spans:
            spans[-1] += r["cpu"]
    opens, backs = spans[0::2], spans[1::2]
    return opens[1:], backs  # the first open warms caches up


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="50,300,200", help="applications,rounds,reflections")
    ap.add_argument("--loads", type=int, default=1)
    ap.add_argument("--taps", type=int, default=7)
    ap.add_argument("--root", default=str(HERE.parents[1]), help="the checkout to serve")
    args = ap.parse_args()
    root = Path(args.root).resolve()
    sys.path.insert(0, str(root))
    sys.path.insert(0, str(root / "benchmarks"))
    import bench_ui as B  # noqa: E402 - from the measured checkout
    from playwright.sync_api import sync_playwright  # noqa: E402
    from tests.e2e import server as S  # noqa: E402

    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "tap.log"
        real_popen = subprocess.Popen

        def popen(cmd, **kw):  # serve() in place of main.py, same environment otherwise
            kw["env"] = {**kw["env"], "TAPCPU_ROOT": str(root), "TAPCPU_LOG": str(log)}
            return real_popen([sys.executable, str(HERE), "--serve"], **kw)

        class Server(S.AppServer):
            def _start_once(self, timeout):
                subprocess.Popen = popen  # only while the app process starts (Playwright spawns too)
                try:
                    return super()._start_once(timeout)
                finally:
                    subprocess.Popen = real_popen

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=B.chromium_path(), args=B.CHROMIUM_ARGS)
            folder = Path(tmp) / "data"
            B.seed(folder, *(int(x) for x in args.size.split(",")))
            srv = Server(folder).start()
            try:
                _loads, taps, _screen, _splits = B.measure(browser, srv.url, args.loads, args.taps)
            finally:
                srv.stop()
            browser.close()
        rows = [json.loads(line) for line in log.read_text().splitlines()]
    opens, backs = per_tap(rows)
    patches = [r["added"] for r in rows if r["k"] == "patch" and r["added"] > 20]
    print(f"root: {root}; data {args.size}; {len(opens)} card opens, {len(backs)} backs")
    print(f"app CPU per tap -> card: median {statistics.median(opens):.1f} ms, max {max(opens):.1f} ms")
    print(f"app CPU per Back: median {statistics.median(backs):.1f} ms, max {max(backs):.1f} ms")
    print(f"controls in the large update patches (added): {patches[-6:]}")
    print(f"(wall clock in the browser, loaded machine: tap median {statistics.median(taps) * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    if "--serve" in sys.argv:
        serve()
    else:
        raise SystemExit(main())
