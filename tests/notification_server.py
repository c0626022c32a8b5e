"""A minimal freedesktop notification server for tests (dbus-next).

Run inside a private session bus::

    dbus-run-session -- python tests/notification_server.py --log calls.jsonl --ready ready.flag

It exports ``org.freedesktop.Notifications`` at ``/org/freedesktop/Notifications``
(Notify, GetCapabilities, GetServerInformation, CloseNotification), owns the
bus name, writes ``--ready`` once it does, and appends one JSON line per
Notify call to ``--log``: {"app_name", "summary", "body", "expire_timeout", "id"}.
It exits on SIGTERM/SIGINT or after ``--max-seconds``.
"""

import argparse
import asyncio
import json
import signal
import sys
from pathlib import Path

from dbus_next import BusType, RequestNameReply
from dbus_next.aio import MessageBus
from dbus_next.service import ServiceInterface, method, signal as dbus_signal

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"


class Notifications(ServiceInterface):
    # Annotations are D-Bus signatures (dbus-next reads them); no `from __future__ import annotations`.

    def __init__(self, log_path: Path):
        super().__init__(BUS_NAME)
        self.log_path = log_path
        self.next_id = 1

    @method()
    def Notify(self, app_name: "s", replaces_id: "u", app_icon: "s", summary: "s", body: "s",  # noqa: F722, F821
               actions: "as", hints: "a{sv}", expire_timeout: "i") -> "u":  # noqa: F722, F821
        nid = replaces_id or self.next_id
        self.next_id += 1
        record = {"id": nid, "app_name": app_name, "summary": summary, "body": body,
                  "expire_timeout": expire_timeout, "actions": list(actions)}
        with self.log_path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
        return nid

    @method()
    def GetCapabilities(self) -> "as":  # noqa: F722, F821
        return ["body"]

    @method()
    def GetServerInformation(self) -> "ssss":  # noqa: F722, F821
        return ["interviewpal-test-server", "InterviewPal tests", "1.0", "1.2"]

    @method()
    def CloseNotification(self, id: "u"):  # noqa: F722, F821
        self.NotificationClosed(id, 3)

    @dbus_signal()
    def NotificationClosed(self, id: "u", reason: "u") -> "uu":  # noqa: F722, F821
        return [id, reason]


async def serve(log_path: Path, ready: Path | None, max_seconds: float) -> int:
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    bus.export(OBJECT_PATH, Notifications(log_path))
    reply = await bus.request_name(BUS_NAME)
    if reply != RequestNameReply.PRIMARY_OWNER:
        print(f"could not own {BUS_NAME}: {reply}", file=sys.stderr)
        return 2
    if ready is not None:
        ready.write_text("ready\n", encoding="utf-8")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), timeout=max_seconds)
    except asyncio.TimeoutError:
        pass
    bus.disconnect()
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--log", required=True, type=Path, help="JSON-lines file receiving each Notify call")
    p.add_argument("--ready", type=Path, help="file written once the bus name is owned")
    p.add_argument("--max-seconds", type=float, default=120.0)
    args = p.parse_args(argv)
    args.log.touch()
    return asyncio.run(serve(args.log, args.ready, args.max_seconds))


if __name__ == "__main__":
    sys.exit(main())
