"""Child process for tests/test_crash.py: changes journal entries until it is killed.

Usage: ``python tests/crash_child.py DATA_DIR SEED [snapshots]`` (``snapshots``: take them often)

It opens the database through :class:`Repositories`, prints ``ready <count>``,
then loops forever over random adds, edits and deletes (plus the odd batch add)
with a mix of long and short texts, so the journal file grows and shrinks; about
40% of adds and edits are drafts, so entries move between journal.json and
journal_drafts.json (two atomic writes: a kill may land between them).
For every operation it prints, each line flushed::

    begin <op> <ids> <value>     before the operation starts
    ack <op> <ids> <value>       after it returned

``ids`` is one id, or a comma-separated list for ``add_many``. The value is the
marker at the start of the entry's ``free_text`` (``<value>|<padding>``); it is
``-`` for a delete. A ``snapshot`` operation (ids ``-``) writes a full snapshot into
``backups/`` and changes no entry.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interviewpal.models import JournalEntry  # noqa: E402
from interviewpal.storage import Repositories  # noqa: E402

# Short texts and long ones: an edit from long to short shrinks the file a lot.
LENGTHS = (0, 12, 80, 400, 3_000, 12_000, 30_000)
FILLER = "Ünïcödé journal text — ok. "


def text(value: str, rng: random.Random) -> str:
    n = rng.choice(LENGTHS)
    return f"{value}|" + (FILLER * (n // len(FILLER) + 1))[:n]


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def main() -> None:
    folder, seed = sys.argv[1], int(sys.argv[2])
    snapshots_often = sys.argv[3:4] == ["snapshots"]
    weights = (30, 5, 15, 5, 45) if snapshots_often else (25, 5, 50, 20, 8)
    rng = random.Random(seed)
    repos = Repositories.open(folder)
    ids = [e.id for e in repos.journal.all()]
    say("ready", len(ids))
    seq = 0
    while True:
        seq += 1
        value = f"s{seed}n{seq}"
        if len(ids) < 8:
            op = "add"
        elif len(ids) > 60:
            op = "delete"
        else:
            op = rng.choices(("add", "add_many", "edit", "delete", "snapshot"), weights=weights)[0]
        if op == "add":
            entry = JournalEntry(round_id="r", application_id="a", feeling=3, confidence=3, free_text=text(value, rng),
                                 draft=rng.random() < 0.4)
            say("begin", "add", entry.id, value)
            repos.journal.add(entry)
            ids.append(entry.id)
            say("ack", "add", entry.id, value)
        elif op == "add_many":
            batch = [
                JournalEntry(round_id="r", application_id="a", feeling=2, confidence=4, free_text=text(value, rng))
                for _ in range(rng.randint(2, 4))
            ]
            joined = ",".join(e.id for e in batch)
            say("begin", "add_many", joined, value)
            repos.journal.add_many(batch)
            ids.extend(e.id for e in batch)
            say("ack", "add_many", joined, value)
        elif op == "edit":
            rid = rng.choice(ids)
            say("begin", "edit", rid, value)
            current = repos.journal.require(rid)
            # a draft or not, at random: an entry moves between journal_drafts.json and journal.json
            repos.journal.save(current.model_copy(update={"free_text": text(value, rng), "draft": rng.random() < 0.4}))
            say("ack", "edit", rid, value)
        elif op == "snapshot":  # a full snapshot of every table into backups/ (a kill may land mid-write)
            say("begin", "snapshot", "-", value)
            repos.db.snapshot("manual")
            say("ack", "snapshot", "-", value)
        else:
            rid = ids.pop(rng.randrange(len(ids)))
            say("begin", "delete", rid, "-")
            repos.journal.delete(rid)
            say("ack", "delete", rid, "-")


if __name__ == "__main__":
    main()
