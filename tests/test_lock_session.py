"""The per-session lock rules of ui/lock_session.py (no browser): idle, background, on_lock."""

from __future__ import annotations


from interviewpal.ui import lock_session
from interviewpal.ui.lock_session import NOT_INTERACTION, LockSession, observe_activity


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def session(monkeypatch, **kw) -> tuple[LockSession, Clock]:
    clock = Clock()
    monkeypatch.setattr(lock_session.time, "monotonic", clock)
    return LockSession(**kw), clock


def test_idle_locks_only_after_the_idle_time_and_a_touch_resets_it(monkeypatch):
    s, clock = session(monkeypatch)
    clock.t += 299
    assert not s.idle_due(True, 300)
    s.touch()
    clock.t += 299
    assert not s.idle_due(True, 300)
    clock.t += 1
    assert s.idle_due(True, 300)
    assert not s.idle_due(False, 300)  # lock off: never


def test_background_longer_than_the_idle_time_locks_on_return_and_covers_meanwhile(monkeypatch):
    s, clock = session(monkeypatch)
    s.went_hidden()
    assert s.covered and not s.locked
    clock.t += 10
    s.came_back(True, 300)
    assert not s.locked and not s.covered
    s.went_hidden()
    clock.t += 300
    s.came_back(True, 300)
    assert s.locked and not s.covered


def test_lock_closes_dialogs_first_and_locks_even_if_that_fails(monkeypatch):
    calls = []
    s, _ = session(monkeypatch, on_lock=lambda: calls.append("closed"))
    s.lock()
    assert s.locked and calls == ["closed"]
    s.unlocked()
    s.on_lock = lambda: 1 / 0
    s.lock()
    assert s.locked


def test_observe_activity_sees_every_client_event_once_wrapped():
    seen = []

    class FakeSession:
        async def dispatch_event(self, control_id, name, data):
            seen.append(("dispatched", name))

    class FakePage:
        session = FakeSession()

    page = FakePage()
    observe_activity(page, lambda name: seen.append(("seen", name)))
    observe_activity(page, lambda name: seen.append(("twice", name)))  # not wrapped twice
    # Driven by hand, not asyncio.run: the fake awaits nothing, and another test's loop may be
    # current in this worker's thread.
    try:
        page.session.dispatch_event(1, "click", None).send(None)
    except StopIteration:
        pass  # the coroutine finished
    assert seen == [("seen", "click"), ("dispatched", "click")]
    assert "app_lifecycle_state_change" in NOT_INTERACTION and "click" not in NOT_INTERACTION
