"""Open a data folder the way the app does at start, in a process of its own; print what happened as JSON.

    python tests/open_folder_child.py FOLDER [--drop-to UID:GID]

``--drop-to`` switches to that user after the imports (and a warm-up open of a scratch folder,
so nothing is imported later) and before opening FOLDER: when the tests run as root, this is
how "the app runs as an ordinary user" is tried (root reads every file). The interpreter
itself may live where that user cannot read (e.g. under /root), so setpriv/runuser could not
start it; dropping the rights in the process is the same for the open that matters.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from interviewpal.models import Application  # noqa: E402
from interviewpal.services.app_services import StartError, open_services  # noqa: E402


def warm_up() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        s = open_services(Path(scratch))
        s._repos.applications.add(Application(company="Warm-up", role="x"))
        s._repos.applications.all()
        s._repos.db.close()


def main() -> int:
    folder = Path(sys.argv[1])
    if "--drop-to" in sys.argv:
        uid, gid = (int(x) for x in sys.argv[sys.argv.index("--drop-to") + 1].split(":"))
        warm_up()
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    try:
        services = open_services(folder)
    except StartError as e:
        print(json.dumps({"start_error": e.message, "folder": e.folder}))
        return 3
    report = services._repos.db.report
    out = {
        "uid": os.getuid(),
        "messages": report.messages,
        "recovered": report.recovered,
        "unreadable": report.unreadable,
        "companies": sorted(a.company for a in services._repos.applications.all()),
        "reflections": len(services._repos.journal.all()),
    }
    services._repos.db.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
