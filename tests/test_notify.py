"""Notification backends: the chain and its fallback, in-app queue, Android guard, and a real
desktop notification on Linux through a private D-Bus session with our own notification server.

The D-Bus tests run this file as a script under ``dbus-run-session`` (see
``_scenario_main``): the script starts ``tests/notification_server.py`` on the
private bus, calls the app's desktop backend and the reminder runner, and
writes what happened to a JSON file the test asserts on.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # when run as a script under dbus-run-session
    sys.path.insert(0, str(ROOT))

from interviewpal.notify import (  # noqa: E402
    AndroidNotifier,
    DesktopNotifier,
    InAppNotifier,
    NotifierChain,
    NotifierError,
    build_chain,
)
from interviewpal.notify import android as android_mod  # noqa: E402

FALLBACK = (
    "Desktop notifications are not available (no notification service answered); "
    "reminders show inside the app instead."
)
TITLE = "Müller & Co - Technical assessment in 1 h"
BODY = "Starts at 15:00. Open InterviewPal for quick tips."


# ---------------------------------------------------------------------------
# fakes


class FakeOS:
    name = "fakeos"
    label = "Desktop"

    def __init__(self, ok: bool = True, up: bool = True, reason: str = "no notification service answered"):
        self.ok, self.up, self.reason = ok, up, reason
        self.unavailable_reason = reason
        self.sent: list[tuple[str, str, dict]] = []

    def available(self) -> bool:
        return self.up

    def notify(self, title, body, payload=None):
        if not self.ok:
            raise NotifierError(self.reason)
        self.sent.append((title, body, dict(payload or {})))


# ---------------------------------------------------------------------------
# chain and in-app


def test_chain_uses_os_and_always_posts_in_app():
    os_n, inapp = FakeOS(), InAppNotifier()
    chain = NotifierChain(os_n, inapp)
    assert chain.notify("T", "B", {"key": "k", "target": ["quick_tips", "r1"]}) == "fakeos"
    assert os_n.sent == [("T", "B", {"key": "k", "target": ["quick_tips", "r1"]})]
    [banner] = inapp.pending()
    assert banner.os_shown and banner.key == "k" and banner.target == ("quick_tips", "r1")
    assert chain.status_message is None


def test_chain_falls_back_and_sets_message_once():
    os_n, inapp = FakeOS(ok=False), InAppNotifier()
    chain = NotifierChain(os_n, inapp)
    assert chain.notify("T1", "B1") == "inapp"
    assert chain.status_message == FALLBACK
    os_n.reason = "something else broke"
    assert chain.notify("T2", "B2") == "inapp"
    assert chain.status_message == FALLBACK  # one-time: not overwritten
    assert [b.title for b in inapp.pending()] == ["T1", "T2"]
    assert not any(b.os_shown for b in inapp.pending())


def test_chain_unavailable_backend_is_not_called():
    os_n = FakeOS(up=False)
    chain = NotifierChain(os_n, InAppNotifier())
    assert chain.notify("T", "B") == "inapp"
    assert os_n.sent == []
    assert chain.status_message == FALLBACK


def test_chain_survives_a_backend_bug():
    class Buggy(FakeOS):
        def notify(self, title, body, payload=None):
            raise ZeroDivisionError

    inapp = InAppNotifier()
    chain = NotifierChain(Buggy(), inapp)
    assert chain.notify("T", "B") == "inapp"
    assert len(inapp.pending()) == 1 and chain.status_message


def test_chain_without_os_backend():
    chain = NotifierChain(None, InAppNotifier())
    assert chain.notify("T", "B") == "inapp"
    assert chain.status_message is None and chain.scheduler is None


def test_inapp_subscribe_dismiss_and_unsubscribe():
    inapp = InAppNotifier(max_pending=3)
    seen = []
    unsubscribe = inapp.subscribe(seen.append)
    inapp.subscribe(lambda b: 1 / 0)  # a broken subscriber does not stop the others
    b1 = inapp.notify("A", "a")
    inapp.notify("B", "b")
    assert [b.title for b in seen] == ["A", "B"]
    assert inapp.dismiss(b1.id) and not inapp.dismiss(b1.id)
    unsubscribe()
    for t in "CDE":
        inapp.notify(t, "")
    assert len(seen) == 2
    assert [b.title for b in inapp.pending()] == ["C", "D", "E"]  # capped
    inapp.clear()
    assert inapp.pending() == []


def test_inapp_callbacks_hop_to_the_bound_loop():
    async def main():
        inapp = InAppNotifier()
        inapp.bind_loop(asyncio.get_running_loop())
        got = asyncio.Event()
        threads = []

        def cb(banner):
            threads.append(threading.get_ident())
            got.set()

        inapp.subscribe(cb)
        await asyncio.to_thread(inapp.notify, "T", "B")
        await asyncio.wait_for(got.wait(), 2)
        return threads[0] == threading.get_ident()

    assert asyncio.run(main())


# ---------------------------------------------------------------------------
# desktop backend without a bus


def test_desktop_reports_probe_failure(monkeypatch):
    monkeypatch.delenv("FLET_PLATFORM", raising=False)
    monkeypatch.setattr("interviewpal.notify.desktop.shutil.which", lambda name: f"/usr/bin/{name}")
    d = DesktopNotifier(platform="linux", probe=lambda: False)
    assert d.available() is False
    with pytest.raises(NotifierError) as e:
        d.notify("T", "B")
    assert e.value.reason == "no notification service answered"


@pytest.mark.filterwarnings("ignore::UserWarning")  # plyer: "The Python dbus package is not installed"
def test_desktop_wraps_plyer_errors(monkeypatch):
    import plyer

    monkeypatch.delenv("FLET_PLATFORM", raising=False)
    d = DesktopNotifier(platform="win32")

    def boom(**kw):
        raise NotImplementedError("No usable implementation found!")

    monkeypatch.setattr(plyer.notification, "notify", boom)
    with pytest.raises(NotifierError) as e:
        d.notify("T", "B")
    assert e.value.reason == "no notification program was found"

    def other(**kw):
        raise OSError("broken")

    monkeypatch.setattr(plyer.notification, "notify", other)
    with pytest.raises(NotifierError):
        d.notify("T", "B")


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_desktop_passes_title_body_app_name(monkeypatch):
    import plyer

    calls = []
    monkeypatch.delenv("FLET_PLATFORM", raising=False)
    monkeypatch.setattr(plyer.notification, "notify", lambda **kw: calls.append(kw))
    DesktopNotifier(platform="win32").notify(" Title ", "Body")
    assert calls == [{"title": "Title", "message": "Body", "app_name": "InterviewPal", "timeout": 10}]


def test_desktop_is_off_on_mobile(monkeypatch):
    monkeypatch.setenv("FLET_PLATFORM", "android")
    assert DesktopNotifier(platform="linux", probe=lambda: True).available() is False


# ---------------------------------------------------------------------------
# Android backend off Android


def test_android_reports_unavailable_off_android(monkeypatch):
    monkeypatch.delenv("FLET_PLATFORM", raising=False)
    a = AndroidNotifier()
    assert a.available() is False
    assert a.unavailable_reason == android_mod.NOT_ANDROID
    assert a.attach() is False
    with pytest.raises(NotifierError):
        a.notify("T", "B")
    asyncio.run(a.cancel(["k"]))  # no-op
    assert "flet_notifications" not in sys.modules


def test_android_without_extension_in_build(monkeypatch):
    monkeypatch.setenv("FLET_PLATFORM", "android")
    monkeypatch.setattr(android_mod.importlib.util, "find_spec", lambda name: None)
    a = AndroidNotifier()
    assert a.available() is False and a.unavailable_reason == android_mod.NO_EXTENSION
    assert a.attach() is False
    chain = NotifierChain(a, InAppNotifier())
    assert chain.notify("T", "B") == "inapp"
    assert chain.status_message == (
        "Android notifications are not available (the flet-notifications extension is not part of this build); "
        "reminders show inside the app instead."
    )


def test_build_chain_picks_backend(monkeypatch):
    monkeypatch.setenv("FLET_PLATFORM", "android")
    assert isinstance(build_chain().os_notifier, AndroidNotifier)
    monkeypatch.delenv("FLET_PLATFORM")
    assert isinstance(build_chain().os_notifier, DesktopNotifier)
    assert build_chain(os_notifications=False).os_notifier is None


def test_notification_ids_are_stable_positive_ints():
    a, b = android_mod.notification_id("r1:20250301T1400Z:before:60"), android_mod.notification_id("x")
    assert a == android_mod.notification_id("r1:20250301T1400Z:before:60")
    assert 0 < a < 2**31 and 0 < b < 2**31 and a != b


def test_no_flet_import_outside_android_module():
    code = (
        "import sys, interviewpal.notify, interviewpal.services.reminders, interviewpal.services.reminder_runner\n"
        "from interviewpal.notify import build_chain\n"
        "build_chain().notify('t', 'b')\n"
        "assert 'flet' not in sys.modules, 'flet imported'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("FLET_PLATFORM", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------------------
# Android backend with a fake flet-notifications 0.1.4 (its Python API: LocalNotifications,
# NotificationChannel(id, name, description, importance), Importance, AndroidScheduleMode)


def _fake_flet_notifications(fail_channel: bool = False):
    import enum
    import types
    from dataclasses import dataclass

    mod = types.ModuleType("flet_notifications")

    class Importance(str, enum.Enum):
        DEFAULT = "defaultImportance"
        HIGH = "high"

    class AndroidScheduleMode(str, enum.Enum):
        EXACT_ALLOW_WHILE_IDLE = "exactAllowWhileIdle"
        INEXACT_ALLOW_WHILE_IDLE = "inexactAllowWhileIdle"

    @dataclass(kw_only=True)
    class NotificationChannel:
        id: str
        name: str
        description: str = ""
        importance: Importance = Importance.DEFAULT

    class LocalNotifications:
        def __init__(self):
            self.calls: list[tuple[str, object]] = []
            self.on_tap = None

        async def create_notification_channel(self, channel):
            if fail_channel:
                raise RuntimeError("error:channel_failed")
            self.calls.append(("channel", channel))

        async def show(self, **kw):
            self.calls.append(("show", kw))

        async def schedule(self, **kw):
            self.calls.append(("schedule", kw))

        async def can_schedule_exact_notifications(self):
            return True

    mod.Importance, mod.AndroidScheduleMode = Importance, AndroidScheduleMode
    mod.NotificationChannel, mod.LocalNotifications = NotificationChannel, LocalNotifications
    return mod


@pytest.fixture
def android_with_fake_extension(monkeypatch):
    def make(**kw):
        monkeypatch.setenv("FLET_PLATFORM", "android")
        monkeypatch.setitem(sys.modules, "flet_notifications", _fake_flet_notifications(**kw))
        monkeypatch.setattr(android_mod.importlib.util, "find_spec", lambda name: object())
        a = AndroidNotifier()
        assert a.attach() is True and a.available()
        return a, a._service
    return make


def test_android_creates_the_reminders_channel_with_a_user_facing_name(android_with_fake_extension):
    from types import SimpleNamespace

    a, service = android_with_fake_extension()
    reminder = SimpleNamespace(key="r1", fire_at=datetime(2030, 1, 1, 9, tzinfo=timezone.utc),
                               title="Interview in 1 h", body="Open InterviewPal", payload={"key": "r1"})

    async def run():
        await a.show("T", "B", {"key": "k"})
        return await a.schedule([reminder])

    assert asyncio.run(run()) == ["r1"]
    kinds = [kind for kind, _ in service.calls]
    assert kinds == ["channel", "show", "schedule"]  # created once, before the first post
    channel = service.calls[0][1]
    assert (channel.id, channel.name) == (android_mod.CHANNEL_ID, "Reminders")
    assert channel.description and channel.importance.value == "high"
    assert all(kw["channel_id"] == channel.id for kind, kw in service.calls[1:])


def test_android_still_posts_when_the_channel_cannot_be_created(android_with_fake_extension):
    a, service = android_with_fake_extension(fail_channel=True)
    asyncio.run(a.show("T", "B", {"key": "k"}))
    assert [kind for kind, _ in service.calls] == ["show"]
    assert a._channel_ready is False  # tried again next time


# ---------------------------------------------------------------------------
# a real notification over D-Bus


def _need_dbus_tools():
    if not sys.platform.startswith("linux"):
        pytest.skip("the freedesktop notification test runs on Linux only")
    missing = [tool for tool in ("dbus-run-session", "notify-send") if shutil.which(tool) is None]
    if not (shutil.which("dbus-send") or shutil.which("gdbus")):
        missing.append("dbus-send or gdbus")
    try:
        import dbus_next  # noqa: F401
    except ImportError:
        missing.append("the dbus-next Python package (dev dependency)")
    if missing:
        reason = (f"missing {', '.join(missing)} (Debian: apt-get install dbus libnotify-bin; "
                  "uv sync installs dbus-next)")
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the D-Bus notification test: {reason}")
        pytest.skip(reason)


def _run_scenario(mode: str, tmp_path: Path) -> tuple[dict, list[dict]]:
    out, calls = tmp_path / "result.json", tmp_path / "calls.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS", "FLET_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, str(Path(__file__).resolve()), mode, str(out), str(calls), str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert out.exists(), f"scenario {mode} wrote no result (rc={done.returncode})\n{done.stdout}\n{done.stderr}"
    result = json.loads(out.read_text(encoding="utf-8"))
    lines = calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []
    return result, [json.loads(x) for x in lines if x.strip()]


def test_desktop_backend_delivers_to_a_real_notification_server(tmp_path):
    _need_dbus_tools()
    result, calls = _run_scenario("with-server", tmp_path)
    assert result["error"] is None, result
    assert result["available"] is True
    assert result["chain_backend"] == "desktop" and result["status_message"] is None
    assert result["runner_backends"] == ["desktop"]
    summaries = [(c["summary"], c["body"], c["app_name"]) for c in calls]
    assert (TITLE, BODY, "InterviewPal") in summaries
    assert ("Chain title", "Chain body", "InterviewPal") in summaries
    # the reminder runner's pass went through the same backend with the planned text
    assert (result["runner_title"], result["runner_body"], "InterviewPal") in summaries
    assert re.fullmatch(r"Acme - Technical assessment (on \w+ \d+ \w+ )?at \d\d:\d\d your time", result["runner_title"])
    assert len(calls) == 3  # the second runner pass delivered nothing again


def test_desktop_backend_falls_back_without_a_server(tmp_path):
    _need_dbus_tools()
    result, calls = _run_scenario("no-server", tmp_path)
    assert calls == []
    assert result["available"] is False
    assert result["error_type"] == "NotifierError"
    assert result["error_reason"] == "no notification service answered"
    assert result["chain_backends"] == ["inapp", "inapp"]
    assert result["status_messages"] == [FALLBACK, FALLBACK]
    assert result["inapp_titles"] == ["First", "Second"]


# ---------------------------------------------------------------------------
# the script side (runs inside dbus-run-session)


def _start_server(calls: Path, work: Path) -> subprocess.Popen:
    ready = work / "server.ready"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "notification_server.py"), "--log", str(calls), "--ready", str(ready),
         "--max-seconds", "90"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while not ready.exists():
        if proc.poll() is not None:
            raise RuntimeError(f"notification server exited: {proc.stderr.read().decode(errors='replace')}")
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("notification server did not take the bus name in time")
        time.sleep(0.05)
    return proc


def _scenario_with_server(calls: Path, work: Path) -> dict:
    from interviewpal.models import Application, Round, Settings, Stage
    from interviewpal.services.reminder_runner import ReminderRunner
    from interviewpal.storage.repositories import Repositories

    server = _start_server(calls, work)
    try:
        desktop = DesktopNotifier()
        res: dict = {"available": desktop.available()}
        desktop.notify(TITLE, BODY, {"key": "k1"})
        chain = NotifierChain(DesktopNotifier(), InAppNotifier())
        res["chain_backend"] = chain.notify("Chain title", "Chain body", {"key": "k2"})
        res["status_message"] = chain.status_message

        # the app's real path: stored round -> plan -> runner pass -> plyer -> D-Bus
        now = datetime(2025, 6, 2, 13, 0, tzinfo=timezone.utc)
        created = now - timedelta(days=3)
        repos = Repositories.open(work / "data", daily_backup=False)
        app = Application(company="Acme", role="Engineer", created_at=created, updated_at=created)
        repos.applications.add(app)
        repos.rounds.add(Round(application_id=app.id, stage=Stage.TECHNICAL, starts_at=now + timedelta(hours=1),
                               time_zone="UTC", created_at=created, updated_at=created))
        repos.settings.save(Settings(quiet_start=None, quiet_end=None, created_at=created, updated_at=created),
                            touch=False)
        runner = ReminderRunner(repos, NotifierChain(DesktopNotifier(), InAppNotifier()), clock=lambda: now, zone="UTC")
        first = runner.check_once(now)
        second = runner.check_once(now + timedelta(seconds=30))
        res["runner_backends"] = [first.backends[r.key] for r in first.delivered]
        res["runner_title"] = first.delivered[0].title if first.delivered else None
        res["runner_body"] = first.delivered[0].body if first.delivered else None
        res["second_pass"] = len(second.delivered)
        res["error"] = None
        return res
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def _scenario_no_server(calls: Path, work: Path) -> dict:
    desktop = DesktopNotifier()
    res: dict = {"available": desktop.available()}
    try:
        desktop.notify("Nobody", "listens")
        res["error_type"] = None
    except NotifierError as err:
        res["error_type"], res["error_reason"] = type(err).__name__, err.reason
    inapp = InAppNotifier()
    chain = NotifierChain(DesktopNotifier(), inapp)
    res["chain_backends"], res["status_messages"] = [], []
    for title in ("First", "Second"):
        res["chain_backends"].append(chain.notify(title, "body"))
        res["status_messages"].append(chain.status_message)
    res["inapp_titles"] = [b.title for b in inapp.pending()]
    return res


def _scenario_main(argv: list[str]) -> int:
    mode, out, calls, work = argv[0], Path(argv[1]), Path(argv[2]), Path(argv[3])
    try:
        res = _scenario_with_server(calls, work) if mode == "with-server" else _scenario_no_server(calls, work)
    except Exception as err:  # noqa: BLE001 - report to the test
        import traceback

        res = {"error": repr(err), "traceback": traceback.format_exc()}
    out.write_text(json.dumps(res, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(_scenario_main(sys.argv[1:]))
