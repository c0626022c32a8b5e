"""Crash safety: a writer killed with SIGKILL at a random moment never damages or loses data.

A child process (tests/crash_child.py) adds, edits and deletes journal entries
in a loop and acknowledges each operation on stdout after it returned. The
parent kills it with SIGKILL (what Android's low-memory killer does), then
opens the data folder and checks that

* it opens with nothing recovered, quarantined or left behind;
* every acknowledged add is there (unless an acknowledged delete followed),
  every acknowledged edit's value is there, every acknowledged delete is gone;
* the only other state allowed is the one where the operation that was in
  flight when the kill landed (begun, not acknowledged) also took effect.

The same folder is reused across kills, like a phone app killed again and again.
Set ``CRASH_SEED`` to replay a failing run; the seed is printed on failure.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from interviewpal.storage import Repositories
from interviewpal.storage.atomic import TEMP_SUFFIX

CHILD = Path(__file__).resolve().parent / "crash_child.py"
DELAY = (0.02, 0.45)  # seconds after "ready": always lands while the child is mid-work

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")


@dataclass
class Op:
    kind: str
    ids: list[str]
    value: str


@dataclass
class Run:
    ready_count: int | None = None
    acked: list[Op] = field(default_factory=list)
    in_flight: Op | None = None
    stderr: str = ""


def apply(state: dict[str, str], op: Op) -> dict[str, str]:
    out = dict(state)
    if op.kind in ("add", "add_many", "edit"):
        for i in op.ids:
            out[i] = op.value
    elif op.kind == "delete":
        for i in op.ids:
            out.pop(i, None)
    elif op.kind == "snapshot":
        pass  # a backup changes no entry
    else:  # pragma: no cover - protocol error
        raise AssertionError(f"unknown op {op.kind}")
    return out


def parse(lines: list[str], run: Run) -> None:
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "ready":
            run.ready_count = int(parts[1])
        elif parts[0] == "begin":
            assert run.in_flight is None, f"two operations in flight: {line!r}"
            run.in_flight = Op(parts[1], parts[2].split(","), parts[3])
        elif parts[0] == "ack":
            op = Op(parts[1], parts[2].split(","), parts[3])
            assert run.in_flight == op, f"ack without its begin: {line!r}"
            run.acked.append(op)
            run.in_flight = None


def run_child(folder: Path, seed: int, delay: float, stderr_path: Path, mode: str = "") -> Run:
    """Start the writer, wait until it is ready, let it work for ``delay`` s, SIGKILL it."""
    with open(stderr_path, "w+", encoding="utf-8") as err:
        proc = subprocess.Popen(
            [sys.executable, str(CHILD), str(folder), str(seed), *([mode] if mode else [])],
            stdout=subprocess.PIPE, stderr=err, bufsize=0,
        )
        lines: list[str] = []
        ready = threading.Event()
        buf = b""

        def reader() -> None:
            nonlocal buf
            while chunk := proc.stdout.read(65536):
                buf += chunk
                *complete, buf = buf.split(b"\n")
                for c in complete:
                    text = c.decode("utf-8")
                    lines.append(text)
                    if text.startswith("ready"):
                        ready.set()
            ready.set()  # EOF: the child died before it was ready

        t = threading.Thread(target=reader, daemon=True)
        t.start()
        try:
            if not ready.wait(60) or proc.poll() is not None:
                raise AssertionError("the child did not get ready")
            time.sleep(delay)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(30)
            t.join(30)
        err.seek(0)
        run = Run(stderr=err.read())
    assert proc.returncode == -signal.SIGKILL, f"child ended with {proc.returncode}:\n{run.stderr}"
    parse(lines, run)  # a partial last line (no newline) is ignored: it was never acknowledged
    return run


def check_folder(folder: Path, stats: dict[str, int] | None = None) -> dict[str, str]:
    """Open like the app does after a crash; return ``{entry id: value}``."""
    backups = folder / "backups"
    left = list(backups.glob(f".*{TEMP_SUFFIX}")) if backups.is_dir() else []
    if stats is not None:
        stats["snapshot_temp_swept"] += len(left)  # a kill landed mid-snapshot
    repos = Repositories.open(folder)
    try:
        assert not list(backups.glob(f".*{TEMP_SUFFIX}")), "a killed snapshot write left its temp file"
        for info in repos.db.backups.list():
            repos.db.backups.read(info)  # every snapshot whole (CorruptFileError otherwise)
        report = repos.db.report
        assert report.recovered == [], report.messages
        assert report.unreadable == 0, report.messages
        assert report.newer == 0, report.messages
        assert repos.db.quarantined() == []
        assert not list(folder.glob(f".*{TEMP_SUFFIX}")), "temp files were not swept"
        assert not list(folder.glob("*.corrupt-*")), "a file was found damaged"
        return {e.id: e.free_text.split("|", 1)[0] for e in repos.journal.all()}
    finally:
        repos.db.close()


def describe(expected: dict[str, str], actual: dict[str, str]) -> str:
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    wrong = sorted((k, expected[k], actual[k]) for k in set(expected) & set(actual) if expected[k] != actual[k])
    return f"missing={missing[:5]} extra={extra[:5]} wrong(id, expected, actual)={wrong[:5]}"


def crash_loop(folder: Path, runs: int, seed: int, mode: str = "", until_mid_snapshot: int = 0) -> dict[str, int]:
    """``runs`` kills; with ``until_mid_snapshot`` keep going (up to 5x ``runs``) until that many
    kills landed while a snapshot's temp file was being written (found and swept at the next open)."""
    rng = random.Random(seed)
    state: dict[str, str] = {}
    stats = {"runs": 0, "acked_ops": 0, "killed_mid_op": 0, "in_flight_applied": 0, "max_entries": 0,
             "snapshots": 0, "killed_mid_snapshot": 0, "snapshot_temp_swept": 0}
    i = 0
    while i < runs or (stats["snapshot_temp_swept"] < until_mid_snapshot and i < 5 * runs):
        i += 1
        child_seed = rng.randrange(1 << 30)
        delay = rng.uniform(*DELAY)
        where = f"CRASH_SEED={seed} run={i} child_seed={child_seed} delay={delay:.3f}s"
        run = run_child(folder, child_seed, delay, folder.parent / "child-stderr.txt", mode)
        assert run.ready_count == len(state), f"{where}: the child saw {run.ready_count} entries, expected {len(state)}"

        expected = state
        for op in run.acked:
            expected = apply(expected, op)
        actual = check_folder(folder, stats)
        if run.in_flight is not None and actual != expected:
            alternative = apply(expected, run.in_flight)
            assert actual == alternative, (
                f"{where}: state after the kill is neither the acknowledged one nor that plus the "
                f"in-flight {run.in_flight.kind}: {describe(expected, actual)}"
            )
            stats["in_flight_applied"] += 1
        else:
            assert actual == expected, f"{where}: acknowledged changes were lost: {describe(expected, actual)}"
        state = actual
        stats["runs"] += 1
        stats["acked_ops"] += len(run.acked)
        stats["killed_mid_op"] += run.in_flight is not None
        stats["snapshots"] += sum(op.kind == "snapshot" for op in run.acked)
        stats["killed_mid_snapshot"] += run.in_flight is not None and run.in_flight.kind == "snapshot"
        stats["max_entries"] = max(stats["max_entries"], len(state))
    return stats


def _seed() -> int:
    return int(os.environ.get("CRASH_SEED") or random.SystemRandom().randrange(1 << 31))


def _run(tmp_path: Path, runs: int) -> dict[str, int]:
    seed = _seed()
    print(f"\ncrash test: CRASH_SEED={seed} runs={runs}")  # shown by pytest on failure
    started = time.monotonic()
    stats = crash_loop(tmp_path / "data", runs, seed)
    print(f"crash test: {stats} in {time.monotonic() - started:.1f}s")
    assert stats["acked_ops"] > 0, f"CRASH_SEED={seed}: the child never completed an operation"
    return stats


def test_sigkill_never_damages_or_loses_acknowledged_changes(tmp_path):
    _run(tmp_path, int(os.environ.get("CRASH_RUNS", "12")))


def test_sigkill_during_snapshot_writes_leaves_no_temp_file_and_whole_snapshots(tmp_path):
    """The writer takes full snapshots often; kills go on until some landed mid-snapshot."""
    seed = _seed()
    print(f"\ncrash test (snapshots): CRASH_SEED={seed}")
    stats = crash_loop(tmp_path / "data", 6, seed, mode="snapshots", until_mid_snapshot=1)  # keeps killing until a temp file was swept (up to 30 runs)
    print(f"crash test (snapshots): {stats}")
    # Every check_folder above held: no temp file survived an open, every snapshot read whole.
    # Kills must have landed inside snapshot writes; whether one hit the short window while the
    # temp file exists is timing (on a loaded machine it may not): the sweep itself is proven
    # deterministically by test_storage_failures.py::test_a_snapshot_temp_file_left_by_a_kill_is_removed_at_open.
    assert stats["killed_mid_snapshot"] >= 1, f"CRASH_SEED={seed}: no kill landed during a snapshot write: {stats}"


@pytest.mark.slow
def test_sigkill_many_times(tmp_path):
    stats = _run(tmp_path, max(100, int(os.environ.get("CRASH_RUNS", "120"))))
    # the kills must really land during writes, otherwise this proves nothing
    assert stats["killed_mid_op"] >= stats["runs"] // 2, stats
    assert stats["killed_mid_snapshot"] > 0, stats  # snapshot writes were killed too


def test_parse_ignores_nothing_but_blank_lines():
    run = Run()
    parse(["ready 0", "begin add x s1n1", "ack add x s1n1", "begin edit x s1n2"], run)
    assert run.ready_count == 0
    assert run.acked == [Op("add", ["x"], "s1n1")]
    assert run.in_flight == Op("edit", ["x"], "s1n2")
    assert apply(apply({}, run.acked[0]), run.in_flight) == {"x": "s1n2"}
