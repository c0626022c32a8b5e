"""The reminder loop: while the app runs, show what is due; at start, collect what was missed.

Every pass recomputes the plan from the repositories and the *current* time
(``clock()``), so edits take effect at the next pass and a wall-clock jump
(the machine slept, the clock was set) is handled like a closed app: what came
due more than ``grace`` ago goes to the stored "missed" list instead of a
burst of stale pop-ups. The :class:`~interviewpal.services.reminder_log.ReminderLog`
makes every key fire at most once, across passes, restarts and app instances.

The async :meth:`ReminderRunner.run` never blocks the event loop: each pass
(storage reads, plyer's subprocess) runs in a worker thread via
``asyncio.to_thread``. On Android, future reminders are also handed to the OS
scheduler so they fire while the app is closed.

No Flet here.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Callable

from ..models import SETTINGS_ID, Settings, utc_now
from .app_lock import effective_notification_detail
from .time_zones import in_user_zone, user_zone_name
from .reminder_log import MissedReminder, ReminderLog
from .reminders import DEFAULT_GRACE, KEEP_PAST, Reminder, due_now, plan_reminders

log = logging.getLogger(__name__)

LOG_RETENTION = timedelta(days=30)


@dataclass
class PassResult:
    """What one pass did."""

    now: datetime
    delivered: list[Reminder] = field(default_factory=list)
    """Shown in this pass (texts as shown)."""
    missed: list[Reminder] = field(default_factory=list)
    """Newly recorded as missed in this pass."""
    backends: dict[str, str] = field(default_factory=dict)
    """key -> backend that showed it ("desktop", "android" or "inapp")."""
    plan: list[Reminder] = field(default_factory=list)


class ReminderRunner:
    """Delivers reminders through a :class:`~interviewpal.notify.NotifierChain`.

    ``clock`` returns aware "now" (tests pass a fake); ``zone`` is the user's
    IANA zone (default: the machine's, looked up at every pass); ``on_missed``
    is called with newly missed reminders (from the worker thread, or on the
    loop when :meth:`run` drives it).
    """

    def __init__(
        self,
        repos: Any,
        notifier_chain: Any,
        clock: Callable[[], datetime] = utc_now,
        interval: float = 30,
        *,
        zone: str | None = None,
        grace: timedelta = DEFAULT_GRACE,
        on_missed: Callable[[list[Reminder]], Any] | None = None,
        schedule_ahead: timedelta = timedelta(days=14),
        schedule_limit: int = 64,
        lock_on: Callable[[], bool] | None = None,
    ):
        self.repos = repos
        # While the app lock is on, every reminder uses the neutral text (docs/privacy.md).
        self.lock_on = lock_on
        self.chain = notifier_chain
        self.clock = clock
        self.interval = interval
        self.zone = zone
        self.grace = grace
        self.on_missed = on_missed
        self.schedule_ahead = schedule_ahead
        self.schedule_limit = schedule_limit
        self.log = ReminderLog(repos.db)
        self.last_result: PassResult | None = None
        self.failure: str | None = None
        """A sentence for Settings while the last pass failed (None once a pass succeeds)."""
        self._pass_lock = threading.Lock()
        self._cancel_os: set[str] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stopped = False

    # -- one pass ------------------------------------------------------------------

    def plan(self, now: datetime | None = None) -> list[Reminder]:
        """The current plan from the stored data."""
        now = now or self.clock()
        r = self.repos
        stored = r.settings.get(SETTINGS_ID)  # None: never saved, defaults apply
        settings = stored or Settings()
        if self.lock_on is not None and self.lock_on():
            settings = settings.model_copy(update={
                "notification_detail": effective_notification_detail(settings.notification_detail, True)})
        return plan_reminders(
            r.applications.all(), r.rounds.all(), r.journal.all(), settings, now,
            self.zone or user_zone_name((stored or Settings()).time_zone),
            armed_floor=stored.updated_at if stored is not None else None,
        )

    def check_once(self, now: datetime | None = None) -> PassResult:
        """One pass at ``now``: record what was missed, show what is due. Blocking; thread-safe."""
        with self._pass_lock:
            now = now or self.clock()
            plan = self.plan(now)
            deliver, missed = due_now(plan, self.log, now, self.grace)
            result = PassResult(now, plan=plan)
            result.missed = self.log.record_missed(missed, now)
            scheduled = self.log.scheduled()
            for r in deliver:
                was_scheduled = r.key in scheduled
                if not self.log.claim(r, now):
                    continue
                if was_scheduled:
                    self._cancel_os.add(r.key)  # its OS alarm is still ahead: cancel it
                shown = r.rendered(now)
                backend = self.chain.notify(shown.title, shown.body, shown.payload)
                self.log.set_backend(r.key, backend)
                result.delivered.append(shown)
                result.backends[r.key] = backend
            self.last_result = result
        if result.missed and self.on_missed is not None:
            self._call_soon(self.on_missed, list(result.missed))
        return result

    def start_up(self, now: datetime | None = None) -> list[MissedReminder]:
        """Call once when the app starts: prune the log, catch up, return the missed list."""
        now = now or self.clock()
        self.log.prune(now - max(LOG_RETENTION, KEEP_PAST * 2))
        self.check_once(now)
        return self.missed()

    # -- missed list for the UI ---------------------------------------------------------

    def missed(self) -> list[MissedReminder]:
        """Missed reminders not dismissed yet, oldest first."""
        return self.log.missed()

    def dismiss_missed(self, key: str) -> bool:
        return self.log.dismiss(key)

    def dismiss_all_missed(self) -> int:
        return self.log.dismiss_all()

    # -- the loop ------------------------------------------------------------------

    async def run(self, *, start_up: bool = True) -> None:
        """Run until :meth:`stop`: a pass every ``interval`` seconds (sooner after :meth:`wake`)."""
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._stopped = False
        for backend in (getattr(self.chain, "inapp", None), getattr(self.chain, "os_notifier", None)):
            bind = getattr(backend, "bind_loop", None)  # in-app callbacks / Android service calls on this loop
            if callable(bind):
                bind(self._loop)
        first = start_up
        while not self._stopped:
            now = self.clock()
            try:
                if first:
                    await asyncio.to_thread(self.start_up, now)
                else:
                    await asyncio.to_thread(self.check_once, now)
                await self._sync_os_schedule(now)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # noqa: BLE001 - one bad pass must not end reminders for the session
                self.pass_failed(e, now)
            else:
                self.failure = None
            first = False
            if self._stopped:
                break
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self._sleep_for())
            except asyncio.TimeoutError:
                pass
            self._wake.clear()

    def _sleep_for(self) -> float:
        """Until the next pass: ``interval``, or sooner when a reminder comes due before then
        (so it shows at its minute, not up to ``interval`` late)."""
        result = self.last_result
        if result is None:
            return self.interval
        now = self.clock()
        ahead = [r.fire_at for r in result.plan if r.fire_at > now]
        if not ahead:
            return self.interval
        wait = (min(ahead) - now).total_seconds() + 0.05
        return max(0.05, min(self.interval, wait))

    def pass_failed(self, error: BaseException, now: datetime) -> None:
        """Record a failed pass so Settings can say so (the loop tries again at the next pass)."""
        log.error("reminder pass failed: %s", type(error).__name__)  # no reminder or journal text in logs
        local = in_user_zone(now)
        self.failure = (
            f"Reminders could not be checked at {local:%H:%M} ({type(error).__name__}), so none were shown. "
            f"The app tries again every {self.interval:g} seconds and after every change."
        )

    def wake(self) -> None:
        """Run the next pass now (e.g. after the user edited a round). Thread-safe."""
        loop, ev = self._loop, self._wake
        if loop is not None and ev is not None and not loop.is_closed():
            loop.call_soon_threadsafe(ev.set)

    def stop(self) -> None:
        self._stopped = True
        self.wake()

    # -- OS scheduling (Android) ----------------------------------------------------------

    async def _sync_os_schedule(self, now: datetime) -> None:
        scheduler = getattr(self.chain, "scheduler", None)
        if scheduler is None:
            self._cancel_os.clear()
            return
        result = self.last_result
        plan = result.plan if result is not None else await asyncio.to_thread(self.plan, now)
        horizon = now + self.schedule_ahead
        future = [r for r in plan if now < r.fire_at <= horizon][: self.schedule_limit]
        wanted = {r.key: r for r in future}
        current = await asyncio.to_thread(self.log.scheduled)
        to_cancel = set(self._cancel_os)
        for key, doc in current.items():
            fire = doc.get("fire_at")
            if fire and datetime.fromisoformat(fire) <= now:
                continue  # fired already
            if key not in wanted:
                to_cancel.add(key)
        to_add = [
            r for r in future
            if (doc := current.get(r.key)) is None
            or (doc.get("fire_at"), doc.get("title"), doc.get("body")) != (r.fire_at.isoformat(), r.title, r.body)
        ]
        handled = await asyncio.to_thread(self.log.handled_keys, now)
        to_add = [r for r in to_add if r.key not in handled]  # never re-arm a delivered or missed key
        if to_cancel:
            await scheduler.cancel(sorted(to_cancel))
            await asyncio.to_thread(self.log.unschedule, [k for k in to_cancel if k in current])
        self._cancel_os.difference_update(to_cancel)
        if to_add:
            done = set(await scheduler.schedule(to_add))
            await asyncio.to_thread(self.log.mark_scheduled, [r for r in to_add if r.key in done], now, scheduler.name)

    # -- helpers ---------------------------------------------------------------------

    def _call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        loop = self._loop
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if loop is not None and not loop.is_closed() and running is not loop:
            loop.call_soon_threadsafe(self._safe_call, fn, *args)
        else:
            self._safe_call(fn, *args)

    @staticmethod
    def _safe_call(fn: Callable[..., Any], *args: Any) -> None:
        try:
            fn(*args)
        except Exception:  # noqa: BLE001
            log.exception("reminder callback failed")
