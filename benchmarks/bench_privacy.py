"""Cost of the app lock's passcode hash and of protected (age) backups.

Run:  uv run python benchmarks/bench_privacy.py

Times, median of 3 runs each:

* one passcode hash (= one unlock) with ``cryptography``'s scrypt at r=8, p=1 and
  N = 2^15 .. 2^18, beside the standard library's ``hashlib.scrypt`` (same OpenSSL
  function on CPython desktop builds; the baseline says the wrapper adds nothing);
* encrypting and decrypting a 1 MB backup at the age tool's default cost (2^18),
  beside Debian's ``age -d`` on the same file when the tool is installed.

The targets: an unlock well under the time a person takes to notice (about 1 s on a
laptop; phones are 2-4x slower), and a protected export within a few seconds.
Prints markdown tables.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interviewpal.services.app_lock import ScryptParams, hash_passcode  # noqa: E402
from interviewpal.services.export.encrypted import decrypt_backup, encrypt_backup  # noqa: E402


def median_ms(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    print("## Passcode hash (one unlock), scrypt r=8 p=1\n")
    print("| N | memory | cryptography (ms) | hashlib.scrypt baseline (ms) |")
    print("|---|---|---|---|")
    for log2_n in (15, 16, 17, 18):
        params = ScryptParams(log2_n=log2_n)
        ours = median_ms(lambda: hash_passcode("2580", params))
        base = median_ms(lambda: hashlib.scrypt(b"2580", salt=b"s" * 16, n=1 << log2_n, r=8, p=1,
                                                 maxmem=2**31 - 1, dklen=32))
        mark = " (current)" if log2_n == 17 else ""
        print(f"| 2^{log2_n}{mark} | {128 * 8 * (1 << log2_n) // 2**20} MiB | {ours:.0f} | {base:.0f} |")

    doc = {"journal": [{"id": str(i), "text": "Salary talk, notes on the panel " * 30} for i in range(1100)]}
    plain = json.dumps(doc).encode()
    print(f"\n## Protected backup of {len(plain) / 1e6:.1f} MB, age format at 2^18\n")
    print("| step | ours (ms) | age tool (ms) |")
    print("|---|---|---|")
    sealed = encrypt_backup(plain, "correct horse battery")
    enc = median_ms(lambda: encrypt_backup(plain, "correct horse battery"))
    dec = median_ms(lambda: decrypt_backup(sealed, "correct horse battery"))
    tool = "not installed"
    try:
        from tests.age_tool import AGE, run_with_passphrase
        if AGE:
            with tempfile.TemporaryDirectory() as d:
                f = Path(d) / "b.age"
                f.write_bytes(sealed)
                tool = f"{median_ms(lambda: run_with_passphrase(['-d', '-o', str(Path(d) / 'o.json'), str(f)], 'correct horse battery')):.0f}"
    except ImportError:
        pass
    print(f"| encrypt | {enc:.0f} | - |")
    print(f"| decrypt | {dec:.0f} | {tool} |")


if __name__ == "__main__":
    main()
