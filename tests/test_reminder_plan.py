"""The reminder plan, the delivery log, catch-up and the runner (no real notifications here)."""

from __future__ import annotations

import asyncio
import threading
import time as systime
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from interviewpal.models import (
    ApplicationStatus,
    FollowUp,
    FollowUpKind,
    Interviewer,
    Lesson,
    NotificationDetail,
    Outcome,
    PromptAnswer,
    Settings,
)
from interviewpal.notify import InAppNotifier, NotifierChain, NotifierError
from interviewpal.services.reminder_runner import ReminderRunner
from interviewpal.services.reminder_log import MissedReminder, ReminderLog
from interviewpal.services.reminders import (
    ReminderKind,
    apply_quiet_hours,
    clock_phrase,
    due_now,
    plan_reminders,
    quiet_window,
    when_phrase,
)
from interviewpal.storage.repositories import Repositories
from tests.factories import make_app, make_entry, make_round

UTC = timezone.utc
BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
T0 = datetime(2025, 1, 1, tzinfo=UTC)  # when the test records were "saved": long before every reminder
CANARY = "CANARY-7f3a"
SAVED = {"created_at": T0, "updated_at": T0}  # the records' own stamps, passed to the shared factories
pytestmark = pytest.mark.repos(subfolder="data", daily_backup=False)  # the shared `repos` fixture, as the app opens it


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(zone: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))


def loud(**kw) -> Settings:
    """Default settings without quiet hours (saved long ago)."""
    kw.setdefault("created_at", T0)
    kw.setdefault("updated_at", T0)
    return Settings(quiet_start=None, quiet_end=None, **kw)


def kinds(plan):
    return [(r.kind, r.offset_minutes) for r in plan]


def one(plan, kind, offset=None):
    found = [r for r in plan if r.kind == kind and (offset is None or r.offset_minutes == offset)]
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------------------
# defaults, keys, texts


def test_default_plan_for_one_round():
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=utc(2025, 6, 10, 14, 0), **SAVED)
    plan = plan_reminders([app], [rnd], [], loud(), utc(2025, 6, 1), "UTC")
    assert kinds(plan) == [
        (ReminderKind.EVENING_BEFORE, None), (ReminderKind.BEFORE, 60), (ReminderKind.BEFORE, 15),
        (ReminderKind.REFLECT, None),
    ]
    ev, b60, b15, refl = plan
    assert ev.fire_at == utc(2025, 6, 9, 19, 0)
    assert b60.fire_at == utc(2025, 6, 10, 13, 0)
    assert b15.fire_at == utc(2025, 6, 10, 13, 45)
    assert refl.fire_at == utc(2025, 6, 10, 15, 30)  # 60 min round + 30
    assert all(r.fire_at.tzinfo is UTC for r in plan)
    assert ev.key == f"{rnd.id}:20250610T1400Z:evening"
    assert b60.key == f"{rnd.id}:20250610T1400Z:before:60"
    assert refl.key == f"{rnd.id}:20250610T1400Z:reflect"
    assert {r.target for r in (ev, b60, b15)} == {("quick_tips", rnd.id)}
    assert refl.target == ("reflect", rnd.id)
    assert all(r.round_id == rnd.id and r.application_id == app.id for r in plan)
    # The OS shows these texts as delivered (maybe late, or read later): they name the time, not "in 15 min".
    assert b60.title == "Acme - Technical assessment at 14:00 your time"
    assert b15.title == "Acme - Technical assessment at 14:00 your time"
    assert ev.title == "Acme - Technical assessment on Tue 10 Jun at 14:00 your time"
    assert b60.body == "Starts at 14:00. Open InterviewPal for quick tips."
    assert refl.title == "How did it go?"
    assert refl.body == "Acme - Technical assessment: note how it went while it is fresh."
    assert b60.payload == {"key": b60.key, "kind": "before", "target": ["quick_tips", rnd.id],
                           "event_at": rnd.starts_at.astimezone(timezone.utc).isoformat(),
                           "subject": "Acme - Technical assessment"}


def test_neutral_detail_hides_company_and_stage():
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=utc(2025, 6, 10, 14, 0), **SAVED)
    entry = make_entry(rnd, follow_ups=[FollowUp(text="x", due=date(2025, 6, 12), kind=FollowUpKind.THANK_YOU)], **SAVED)
    rnd2 = make_round(app, starts_at=utc(2025, 6, 11, 14, 0), **SAVED)
    plan = plan_reminders([app], [rnd, rnd2], [entry], loud(notification_detail=NotificationDetail.NEUTRAL),
                          utc(2025, 6, 1), "UTC")
    assert {r.title for r in plan if r.offset_minutes == 60} == {"Interview at 14:00 your time"}
    assert [r.title for r in plan if r.kind is ReminderKind.FOLLOW_UP] == ["Follow-up due today"]
    for r in plan:
        for text in (r.title, r.body):
            assert "Acme" not in text and "Technical" not in text and "Thank-you" not in text
    assert one(plan, ReminderKind.REFLECT).body == "Note how your interview went while it is fresh."


def test_os_texts_name_the_time_so_a_late_or_later_read_stays_right():
    """An OS notification keeps the text it was delivered with: "in 15 min" is wrong when it is
    shown late (the phone slept) or read later; "at 19:00 your time" is not."""
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=local(NEW_YORK, 2025, 6, 10, 14, 0), time_zone=NEW_YORK, **SAVED)  # 19:00 London
    plan = plan_reminders([app], [rnd], [], loud(), utc(2025, 6, 1), "Europe/London")
    b15 = one(plan, ReminderKind.BEFORE, 15)
    on_time, late = b15.rendered(b15.fire_at), b15.rendered(b15.fire_at + timedelta(minutes=12))
    assert on_time.title == late.title == "Acme - Technical assessment at 19:00 your time"
    assert on_time.body == late.body == "Starts at 19:00 your time (14:00 in New York). Open InterviewPal for quick tips."
    assert " in " not in on_time.title
    # the evening before (19:00 in New York = 00:00 in London, the round's day there): no "tomorrow"
    # that would be wrong when read the next morning (another day reads "on Tue 10 Jun at ...": see the default plan)
    assert one(plan, ReminderKind.EVENING_BEFORE).title == "Acme - Technical assessment at 19:00 your time"
    # neutral texts: the time, no company, stage or place
    neutral = plan_reminders([app], [rnd], [], loud(notification_detail=NotificationDetail.NEUTRAL),
                             utc(2025, 6, 1), "Europe/London")
    n15 = one(neutral, ReminderKind.BEFORE, 15)
    assert n15.rendered(n15.fire_at + timedelta(minutes=12)).title == "Interview at 19:00 your time"
    assert n15.body == "Starts at 19:00. Open InterviewPal for quick tips."
    # the in-app banner still counts down live from its payload
    assert b15.payload["event_at"] == rnd.starts_at.astimezone(timezone.utc).isoformat()


def test_clock_phrase():
    tz = ZoneInfo("Europe/London")
    at = utc(2025, 6, 10, 12, 0)
    assert clock_phrase(utc(2025, 6, 10, 18, 0), at, tz) == "at 19:00 your time"
    assert clock_phrase(utc(2025, 6, 10, 23, 30), at, tz) == "on Wed 11 Jun at 00:30 your time"  # BST: the next day
    assert clock_phrase(utc(2025, 6, 13, 8, 0), at, tz) == "on Fri 13 Jun at 09:00 your time"

def test_when_phrase():
    tz = ZoneInfo("UTC")
    at = utc(2025, 6, 10, 12, 0)
    assert when_phrase(at + timedelta(minutes=15), at, tz) == "in 15 min"
    assert when_phrase(at + timedelta(minutes=150), at, tz) == "in 2 h 30 min"
    assert when_phrase(at + timedelta(hours=8), at, tz) == "today at 20:00"
    assert when_phrase(at + timedelta(hours=20), at, tz) == "tomorrow at 08:00"
    assert when_phrase(at + timedelta(days=3), at, tz) == "on Fri 13 Jun at 12:00"
    assert when_phrase(at - timedelta(minutes=1), at, tz) == "now"


# ---------------------------------------------------------------------------
# time zones and DST


def test_round_in_new_york_seen_from_berlin():
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=local(NEW_YORK, 2025, 6, 10, 9, 0), time_zone=NEW_YORK, **SAVED)  # 13:00 UTC, 15:00 Berlin
    plan = plan_reminders([app], [rnd], [], loud(), utc(2025, 6, 1), BERLIN)
    ev = one(plan, ReminderKind.EVENING_BEFORE)
    assert ev.fire_at == utc(2025, 6, 9, 23, 0)  # 19:00 in New York (EDT, UTC-4), the round's own zone
    assert ev.title == "Acme - Technical assessment at 15:00 your time"  # 01:00 in Berlin: the round is the same day
    assert ev.body == ("Starts at 15:00 your time (09:00 in New York). "  # the user's clock first
                       "A few minutes with the quick tips tonight will help.")
    assert one(plan, ReminderKind.BEFORE, 60).fire_at == utc(2025, 6, 10, 12, 0)

    # with quiet hours 22:00-07:00 in Berlin the 01:00 (Berlin) evening reminder waits for 07:00 Berlin
    quiet = plan_reminders([app], [rnd], [], Settings(), utc(2025, 6, 1), BERLIN)
    ev = one(quiet, ReminderKind.EVENING_BEFORE)
    assert ev.nominal_at == utc(2025, 6, 9, 23, 0)
    assert ev.fire_at == local(BERLIN, 2025, 6, 10, 7, 0) == utc(2025, 6, 10, 5, 0)
    assert ev.moved_by_quiet_hours
    assert ev.title == "Acme - Technical assessment at 15:00 your time"


@pytest.mark.parametrize(
    "round_local, evening_utc",
    [
        # the day after the spring change (30 Mar 2025): evening before is already CEST (UTC+2)
        ((2025, 3, 31, 10, 0), utc(2025, 3, 30, 17, 0)),
        # a round on the change day itself: the evening before was still CET (UTC+1)
        ((2025, 3, 30, 10, 0), utc(2025, 3, 29, 18, 0)),
        # the day after the autumn change (26 Oct 2025): CET
        ((2025, 10, 27, 10, 0), utc(2025, 10, 26, 18, 0)),
        # a round on the autumn change day: evening before still CEST
        ((2025, 10, 26, 10, 0), utc(2025, 10, 25, 17, 0)),
    ],
)
def test_evening_before_across_dst_in_berlin(round_local, evening_utc):
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=local(BERLIN, *round_local), time_zone=BERLIN, **SAVED)
    plan = plan_reminders([app], [rnd], [], loud(), utc(2025, 1, 2), BERLIN)
    ev = one(plan, ReminderKind.EVENING_BEFORE)
    assert ev.fire_at == evening_utc
    assert ev.fire_at.astimezone(ZoneInfo(BERLIN)).time() == time(19, 0)
    assert ev.fire_at.astimezone(ZoneInfo(BERLIN)).date() == date(*round_local[:3]) - timedelta(days=1)


def test_before_reminders_are_real_minutes_across_the_dst_jump():
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=local(BERLIN, 2025, 3, 30, 3, 30), time_zone=BERLIN, **SAVED)  # 01:30 UTC, just after 02:00->03:00
    plan = plan_reminders([app], [rnd], [], loud(), utc(2025, 1, 2), BERLIN)
    b60 = one(plan, ReminderKind.BEFORE, 60)
    assert b60.fire_at == utc(2025, 3, 30, 0, 30)  # 01:30 CET: one real hour before
    assert b60.title == "Acme - Technical assessment at 03:30 your time"  # the clock after the jump


def test_follow_up_at_nine_in_the_users_zone():
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=utc(2025, 6, 10, 14, 0), **SAVED)
    fu = FollowUp(text="Send the thank-you note", due=date(2025, 6, 12), kind=FollowUpKind.THANK_YOU)
    done = FollowUp(text="Old", due=date(2025, 6, 12), done=True, done_at=utc(2025, 6, 11))
    entry = make_entry(rnd, follow_ups=[fu, done], **SAVED)
    plan = plan_reminders([app], [rnd], [entry], Settings(), utc(2025, 6, 1), BERLIN)
    [r] = [r for r in plan if r.kind is ReminderKind.FOLLOW_UP]
    assert r.fire_at == local(BERLIN, 2025, 6, 12, 9, 0)
    assert r.key == f"{entry.id}:{fu.id}:followup:20250612"
    assert r.target == ("follow_ups", entry.id)
    assert (r.entry_id, r.follow_up_id, r.round_id) == (entry.id, fu.id, rnd.id)
    assert r.title == "Acme - follow-up due today"
    assert r.body == "Thank-you note. Open InterviewPal to see it."
    assert "thank-you note" not in (r.title + r.body).lower().replace("thank-you note.", "")
    # shown late (the next day) it says so
    assert r.rendered(local(BERLIN, 2025, 6, 13, 9, 0)).title == "Acme - follow-up overdue"
    # the entry exists: no "how did it go?" for that round
    assert not [x for x in plan if x.kind is ReminderKind.REFLECT]


# ---------------------------------------------------------------------------
# what gets no reminders


def test_disabled_settings_give_an_empty_plan():
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=utc(2025, 6, 10, 14, 0), **SAVED)
    assert plan_reminders([app], [rnd], [], Settings(reminders_enabled=False), utc(2025, 6, 1), "UTC") == []


def test_per_round_opt_out():
    app = make_app(**SAVED)
    quiet_round = make_round(app, starts_at=utc(2025, 6, 10, 14, 0), reminders_enabled=False, **SAVED)
    other = make_round(app, starts_at=utc(2025, 6, 11, 14, 0), **SAVED)
    plan = plan_reminders([app], [quiet_round, other], [], loud(), utc(2025, 6, 1), "UTC")
    assert {r.round_id for r in plan} == {other.id}


def test_cancelled_round_and_closed_applications_have_none():
    now = utc(2025, 6, 1)
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=utc(2025, 6, 10, 14, 0), **SAVED)
    assert len(plan_reminders([app], [rnd], [], loud(), now, "UTC")) == 4
    cancelled = rnd.model_copy(update={"outcome": Outcome.CANCELLED})
    entry = make_entry(rnd, follow_ups=[FollowUp(text="x", due=date(2025, 6, 12))], **SAVED)
    assert plan_reminders([app], [cancelled], [entry], loud(), now, "UTC") == []
    for status in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.ACCEPTED,
                   ApplicationStatus.GHOSTED):
        closed = app.model_copy(update={"status": status})
        assert plan_reminders([closed], [rnd], [entry], loud(), now, "UTC") == [], status
    archived = app.model_copy(update={"archived": True})
    assert plan_reminders([archived], [rnd], [entry], loud(), now, "UTC") == []
    demo = app.model_copy(update={"demo": True})
    assert plan_reminders([demo], [rnd], [entry], loud(), now, "UTC") == []
    offer = app.model_copy(update={"status": ApplicationStatus.OFFER})
    assert plan_reminders([offer], [rnd], [entry], loud(), now, "UTC")
    assert plan_reminders([], [rnd], [entry], loud(), now, "UTC") == []  # orphan round


def test_evening_and_offsets_follow_settings():
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=utc(2025, 6, 10, 14, 0), **SAVED)
    s = loud(evening_before=False, offsets_minutes=[120, 30], reflect_after_minutes=0)
    plan = plan_reminders([app], [rnd], [], s, utc(2025, 6, 1), "UTC")
    assert kinds(plan) == [(ReminderKind.BEFORE, 120), (ReminderKind.BEFORE, 30), (ReminderKind.REFLECT, None)]
    assert one(plan, ReminderKind.REFLECT).fire_at == utc(2025, 6, 10, 15, 0)
    s = loud(evening_before_at=time(20, 30))
    assert one(plan_reminders([app], [rnd], [], s, utc(2025, 6, 1), "UTC"),
               ReminderKind.EVENING_BEFORE).fire_at == utc(2025, 6, 9, 20, 30)


def test_old_reminders_drop_out_of_the_plan():
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=utc(2025, 5, 1, 14, 0), **SAVED)
    assert plan_reminders([app], [rnd], [], loud(), utc(2025, 6, 1), "UTC") == []


# ---------------------------------------------------------------------------
# quiet hours


def test_quiet_window_wraps_midnight_and_dst():
    tz = ZoneInfo(BERLIN)
    w = quiet_window(local(BERLIN, 2025, 3, 30, 1, 30), time(22), time(7), tz)
    assert w == (local(BERLIN, 2025, 3, 29, 22), local(BERLIN, 2025, 3, 30, 7))
    assert w[1] - w[0] == timedelta(hours=8)  # the DST night is an hour short
    assert quiet_window(local(BERLIN, 2025, 3, 29, 23, 0), time(22), time(7), tz) == w
    assert quiet_window(local(BERLIN, 2025, 3, 30, 7, 0), time(22), time(7), tz) is None  # end is not quiet
    assert quiet_window(local(BERLIN, 2025, 3, 29, 21, 59), time(22), time(7), tz) is None
    day = quiet_window(local(BERLIN, 2025, 6, 2, 13, 30), time(13), time(14), tz)  # no wrap
    assert day == (local(BERLIN, 2025, 6, 2, 13), local(BERLIN, 2025, 6, 2, 14))


def test_quiet_hours_move_reminders_to_their_end():
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=local(BERLIN, 2025, 6, 10, 21, 0), time_zone=BERLIN, duration_minutes=90, **SAVED)
    plan = plan_reminders([app], [rnd], [], Settings(), utc(2025, 6, 1), BERLIN)
    refl = one(plan, ReminderKind.REFLECT)
    assert refl.nominal_at == local(BERLIN, 2025, 6, 10, 23, 0)
    assert refl.fire_at == local(BERLIN, 2025, 6, 11, 7, 0)  # next morning
    assert refl.title == "How did it go?"


def test_quiet_hours_early_round():
    app = make_app(**SAVED)
    # 07:30 start: the 06:30 reminder waits for 07:00 (still before the round), 07:15 is outside quiet hours
    rnd = make_round(app, starts_at=local(BERLIN, 2025, 6, 10, 7, 30), time_zone=BERLIN, **SAVED)
    plan = plan_reminders([app], [rnd], [], Settings(), utc(2025, 6, 1), BERLIN)
    b60, b15 = one(plan, ReminderKind.BEFORE, 60), one(plan, ReminderKind.BEFORE, 15)
    assert b60.fire_at == local(BERLIN, 2025, 6, 10, 7, 0) and b60.title == "Acme - Technical assessment at 07:30 your time"
    assert b15.fire_at == local(BERLIN, 2025, 6, 10, 7, 15) and not b15.moved_by_quiet_hours


def test_quiet_hours_round_before_they_end_gets_one_reminder_before_they_begin():
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=local(BERLIN, 2025, 6, 10, 6, 30), time_zone=BERLIN, **SAVED)
    plan = plan_reminders([app], [rnd], [], Settings(), utc(2025, 6, 1), BERLIN)
    before = [r for r in plan if r.kind is ReminderKind.BEFORE]
    # 05:30 and 06:15 would move to 07:00, after the start: both go to 21:59 the evening before, once
    assert len(before) == 1
    assert before[0].offset_minutes == 60
    assert before[0].fire_at == local(BERLIN, 2025, 6, 9, 21, 59)
    assert before[0].title == "Acme - Technical assessment on Tue 10 Jun at 06:30 your time"
    assert one(plan, ReminderKind.EVENING_BEFORE).fire_at == local(BERLIN, 2025, 6, 9, 19, 0)

    late = make_round(app, starts_at=local(BERLIN, 2025, 6, 10, 23, 30), time_zone=BERLIN, **SAVED)
    plan = plan_reminders([app], [late], [], Settings(), utc(2025, 6, 1), BERLIN)
    before = [r for r in plan if r.kind is ReminderKind.BEFORE]
    assert [r.fire_at for r in before] == [local(BERLIN, 2025, 6, 10, 21, 59)]
    assert before[0].title == "Acme - Technical assessment at 23:30 your time"


def test_quiet_hours_follow_up_and_daytime_window():
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=utc(2025, 6, 10, 8, 0), **SAVED)
    entry = make_entry(rnd, follow_ups=[FollowUp(text="x", due=date(2025, 6, 12))], **SAVED)
    s = Settings(quiet_start=time(13), quiet_end=time(14), follow_up_at=time(13, 30))
    [fu] = [r for r in plan_reminders([app], [rnd], [entry], s, utc(2025, 6, 1), BERLIN)
            if r.kind is ReminderKind.FOLLOW_UP]
    assert fu.fire_at == local(BERLIN, 2025, 6, 12, 14, 0)
    assert fu.title == "Acme - follow-up due today"


def test_apply_quiet_hours_without_quiet_hours_is_identity():
    t = utc(2025, 6, 10, 23, 0)
    assert apply_quiet_hours(t, loud(), ZoneInfo("UTC")) == t


# ---------------------------------------------------------------------------
# privacy canary


def test_canary_never_reaches_a_notification(repos):
    app = make_app(company="Acme", notes=CANARY, tags=[CANARY], location=CANARY, **SAVED)
    app = app.model_copy(update={"role": f"Role {CANARY}"})
    rnd = make_round(app, starts_at=utc(2025, 6, 10, 14, 0), title=f"Title {CANARY}", notes=CANARY, location=CANARY, interviewers=[Interviewer(name=CANARY, role=CANARY)], **SAVED)
    rnd2 = make_round(app, starts_at=utc(2025, 6, 11, 14, 0), title=CANARY, **SAVED)
    entry = make_entry(rnd, free_text=f"secret {CANARY}", went_well=CANARY, questions=[CANARY], to_improve=[Lesson(text=CANARY)], prompt_answers=[PromptAnswer(prompt=CANARY, answer=CANARY)], follow_ups=[FollowUp(text=f"Email Bob {CANARY}", due=date(2025, 6, 12), kind=k) for k in FollowUpKind], tags=[CANARY], **SAVED)
    texts = []
    for detail in NotificationDetail:
        for zone in ("UTC", BERLIN, NEW_YORK):
            plan = plan_reminders([app], [rnd, rnd2], [entry], Settings(notification_detail=detail),
                                  utc(2025, 6, 1), zone)
            assert {r.kind for r in plan} == set(ReminderKind)
            for r in plan:
                texts += [r.title, r.body, str(r.payload)]
                for at in (r.fire_at, r.fire_at + timedelta(minutes=5), r.fire_at + timedelta(days=1)):
                    shown = r.rendered(at)
                    texts += [shown.title, shown.body]
    assert texts and not [t for t in texts if CANARY in t]

    # nor the missed list or the log
    repos.applications.add(app)
    repos.rounds.add(rnd)
    repos.rounds.add(rnd2)
    repos.journal.add(entry)
    chain = NotifierChain(None, InAppNotifier())
    runner = ReminderRunner(repos, chain, zone=BERLIN)
    runner.start_up(utc(2025, 6, 12, 12, 0))
    missed = runner.missed()
    assert {m.kind for m in missed} == set(ReminderKind)
    assert not [m for m in missed if CANARY in m.title or CANARY in m.body]
    assert CANARY not in (repos.db.path("reminder_log")).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# due now, edits, no double firing


def test_due_now_grace_and_missed():
    app = make_app(**SAVED)
    rnd = make_round(app, starts_at=utc(2025, 6, 10, 14, 0), **SAVED)
    plan = plan_reminders([app], [rnd], [], loud(), utc(2025, 6, 10, 13, 50), "UTC")
    deliver, missed = due_now(plan, set(), utc(2025, 6, 10, 13, 50))
    assert [r.offset_minutes for r in deliver] == [15]  # 5 min late: still worth showing
    assert [r.kind for r in missed] == [ReminderKind.EVENING_BEFORE, ReminderKind.BEFORE]
    assert deliver[0].rendered(utc(2025, 6, 10, 13, 50)).title == "Acme - Technical assessment at 14:00 your time"  # shown 5 min late: still right
    # nothing due at the exact moment before, everything handled afterwards
    assert due_now(plan, {r.key for r in plan}, utc(2025, 6, 10, 13, 50)) == ([], [])


def test_reminders_already_past_when_the_round_was_added_are_not_missed():
    app = make_app(**SAVED)
    added = utc(2025, 6, 9, 20, 0)  # 20:00, for a round tomorrow at 08:30
    rnd = make_round(app, starts_at=utc(2025, 6, 10, 8, 30), created_at=added, updated_at=added)
    plan = plan_reminders([app], [rnd], [], loud(), added, "UTC")
    deliver, missed = due_now(plan, set(), added + timedelta(seconds=30))
    assert deliver == [] and missed == []  # the 19:00 evening reminder is simply gone
    assert any(r.kind is ReminderKind.EVENING_BEFORE for r in plan)
    # added at 19:05: the evening reminder is still fresh enough to show
    rnd = rnd.model_copy(update={"created_at": utc(2025, 6, 9, 19, 5), "updated_at": utc(2025, 6, 9, 19, 5)})
    plan = plan_reminders([app], [rnd], [], loud(), utc(2025, 6, 9, 19, 5), "UTC")
    deliver, _ = due_now(plan, set(), utc(2025, 6, 9, 19, 5))
    assert [r.kind for r in deliver] == [ReminderKind.EVENING_BEFORE]


class FakeOS:
    name = "desktop"
    label = "Desktop"
    unavailable_reason = "no notification service answered"

    def __init__(self, ok=True):
        self.ok = ok
        self.sent = []

    def available(self):
        return True

    def notify(self, title, body, payload=None):
        if not self.ok:
            raise NotifierError("no notification service answered")
        self.sent.append((title, body, dict(payload or {})))


def seed(repos, starts_at, **round_kw):
    app = make_app(**SAVED)
    repos.applications.add(app)
    rnd = make_round(app, starts_at=starts_at, **SAVED, **round_kw)
    repos.rounds.add(rnd)
    repos.settings.save(loud(), touch=False)
    return app, rnd


def test_runner_delivers_each_reminder_once(repos):
    app, rnd = seed(repos, utc(2025, 6, 10, 14, 0))
    os_n = FakeOS()
    runner = ReminderRunner(repos, NotifierChain(os_n, InAppNotifier()), zone="UTC")
    assert runner.check_once(utc(2025, 6, 9, 18, 59)).delivered == []
    r1 = runner.check_once(utc(2025, 6, 9, 19, 0, 10))
    assert [r.kind for r in r1.delivered] == [ReminderKind.EVENING_BEFORE]
    assert r1.backends == {r1.delivered[0].key: "desktop"}
    assert runner.check_once(utc(2025, 6, 9, 19, 0, 40)).delivered == []
    assert runner.check_once(utc(2025, 6, 10, 13, 0, 5)).delivered[0].title == "Acme - Technical assessment at 14:00 your time"
    assert runner.check_once(utc(2025, 6, 10, 13, 0, 35)).delivered == []
    assert [t for t, _, _ in os_n.sent] == [
        "Acme - Technical assessment on Tue 10 Jun at 14:00 your time", "Acme - Technical assessment at 14:00 your time",
    ]
    entry = ReminderLog(repos).get(r1.delivered[0].key)
    assert entry["state"] == "delivered" and entry["backend"] == "desktop"


def test_rescheduling_gives_new_keys_and_never_repeats(repos):
    app, rnd = seed(repos, utc(2025, 6, 10, 14, 0))
    os_n = FakeOS()
    runner = ReminderRunner(repos, NotifierChain(os_n, InAppNotifier()), zone="UTC")
    first = runner.check_once(utc(2025, 6, 10, 13, 0))
    assert [r.offset_minutes for r in first.delivered] == [60]
    old_keys = {r.key for r in runner.plan(utc(2025, 6, 10, 13, 1))}

    # an edit that does not move the round (notes): same keys, nothing again
    edited = utc(2025, 6, 10, 13, 1)
    repos.rounds.save(rnd.model_copy(update={"notes": "bring a pen", "updated_at": edited}), touch=False)
    assert {r.key for r in runner.plan(edited)} == old_keys
    assert runner.check_once(edited).delivered == []

    # quiet hours that move an already delivered reminder: still not again
    repos.settings.save(Settings(quiet_start=time(12, 30), quiet_end=time(13, 5), updated_at=utc(2025, 6, 10, 13, 2)),
                        touch=False)
    assert runner.check_once(utc(2025, 6, 10, 13, 5, 30)).delivered == []
    repos.settings.save(loud(), touch=False)

    # moved to the next day: new keys and fire times
    moved_at = utc(2025, 6, 10, 13, 10)
    moved = repos.rounds.save(
        rnd.model_copy(update={"starts_at": utc(2025, 6, 11, 16, 0), "updated_at": moved_at}), touch=False)
    new_plan = runner.plan(moved_at)
    assert not ({r.key for r in new_plan} & old_keys)
    assert one(new_plan, ReminderKind.BEFORE, 60).fire_at == utc(2025, 6, 11, 15, 0)
    assert one(new_plan, ReminderKind.BEFORE, 60).key == f"{moved.id}:20250611T1600Z:before:60"
    assert runner.check_once(utc(2025, 6, 10, 13, 45)).delivered == []  # the old 13:45 is gone
    assert [r.kind for r in runner.check_once(utc(2025, 6, 10, 19, 0)).delivered] == [ReminderKind.EVENING_BEFORE]
    assert [r.offset_minutes for r in runner.check_once(utc(2025, 6, 11, 15, 0)).delivered] == [60]
    assert [t for t, _, _ in os_n.sent] == [
        "Acme - Technical assessment at 14:00 your time",  # the old time
        "Acme - Technical assessment on Wed 11 Jun at 16:00 your time",
        "Acme - Technical assessment at 16:00 your time",  # the new time
    ]
    keys = [e["key"] for e in ReminderLog(repos).entries()]
    assert len(keys) == len(set(keys))


def test_cancelling_removes_pending_reminders(repos):
    app, rnd = seed(repos, utc(2025, 6, 10, 14, 0))
    runner = ReminderRunner(repos, NotifierChain(FakeOS(), InAppNotifier()), zone="UTC")
    assert runner.plan(utc(2025, 6, 10, 12, 0))
    repos.rounds.save(rnd.model_copy(update={"outcome": Outcome.CANCELLED}), touch=False)
    assert runner.plan(utc(2025, 6, 10, 12, 0)) == []
    assert runner.check_once(utc(2025, 6, 10, 13, 0)).delivered == []


def test_catch_up_after_a_closed_app_goes_to_missed(repos):
    app, rnd = seed(repos, utc(2025, 6, 10, 14, 0))
    os_n = FakeOS()
    seen_missed = []
    runner = ReminderRunner(repos, NotifierChain(os_n, InAppNotifier()), zone="UTC", on_missed=seen_missed.append)
    # the app was closed from the evening before until after the round
    missed = runner.start_up(utc(2025, 6, 10, 15, 35))
    assert [t for t, _, _ in os_n.sent] == ["How did it go?"]  # no burst of stale pop-ups (see below)
    assert [m.kind for m in missed] == [
        ReminderKind.EVENING_BEFORE, ReminderKind.BEFORE, ReminderKind.BEFORE,
    ]
    assert all(isinstance(m, MissedReminder) for m in missed)
    assert missed[1].title == "Acme - Technical assessment at 14:00 your time" and missed[1].target == ("quick_tips", rnd.id)
    assert len(seen_missed) == 1 and len(seen_missed[0]) == 3
    # the reflection (15:30) is 5 minutes late: shown now
    assert [r.kind for r in runner.last_result.delivered] == [ReminderKind.REFLECT]
    # the user clears one; a second start does not bring it back or add duplicates
    assert runner.dismiss_missed(missed[0].key)
    assert not runner.dismiss_missed(missed[0].key)
    assert [m.key for m in runner.start_up(utc(2025, 6, 10, 16, 0))] == [m.key for m in missed[1:]]
    assert runner.dismiss_all_missed() == 2 and runner.missed() == []


def test_no_duplicates_after_restart(repos, tmp_path):
    seed(repos, utc(2025, 6, 10, 14, 0))
    os1 = FakeOS()
    r1 = ReminderRunner(repos, NotifierChain(os1, InAppNotifier()), zone="UTC")
    r1.start_up(utc(2025, 6, 10, 13, 0))  # evening before: missed; 60 min: delivered
    assert len(os1.sent) == 1 and len(r1.missed()) == 1
    repos.db.close()

    # the app restarts (a new process would open the same folder)
    repos2 = Repositories.open(tmp_path / "data", daily_backup=False)
    os2 = FakeOS()
    r2 = ReminderRunner(repos2, NotifierChain(os2, InAppNotifier()), zone="UTC")
    assert [m.kind for m in r2.start_up(utc(2025, 6, 10, 13, 2))] == [ReminderKind.EVENING_BEFORE]
    assert os2.sent == []
    r2.check_once(utc(2025, 6, 10, 13, 45))
    assert [t for t, _, _ in os2.sent] == ["Acme - Technical assessment at 14:00 your time"]
    repos2.db.close()

    repos3 = Repositories.open(tmp_path / "data", daily_backup=False)
    os3 = FakeOS()
    r3 = ReminderRunner(repos3, NotifierChain(os3, InAppNotifier()), zone="UTC")
    r3.start_up(utc(2025, 6, 10, 13, 50))
    assert os3.sent == [] and len(r3.missed()) == 1
    keys = [e["key"] for e in ReminderLog(repos3).entries()]
    assert len(keys) == len(set(keys)) == 3


def test_turning_reminders_back_on_does_not_report_the_off_time_as_missed(repos):
    seed(repos, utc(2025, 6, 10, 14, 0))
    repos.settings.save(loud(reminders_enabled=False, updated_at=utc(2025, 6, 8)), touch=False)
    runner = ReminderRunner(repos, NotifierChain(FakeOS(), InAppNotifier()), zone="UTC")
    assert runner.start_up(utc(2025, 6, 10, 12, 0)) == []
    repos.settings.save(loud(updated_at=utc(2025, 6, 10, 13, 30)), touch=False)  # back on at 13:30
    res = runner.check_once(utc(2025, 6, 10, 13, 30, 20))
    assert res.missed == [] and res.delivered == []  # the evening and 13:00 reminders are not "missed"
    assert [r.offset_minutes for r in runner.check_once(utc(2025, 6, 10, 13, 45)).delivered] == [15]


def test_two_instances_claim_a_key_once(tmp_path):
    repos_a = Repositories.open(tmp_path / "data", daily_backup=False)
    seed(repos_a, utc(2025, 6, 10, 14, 0))
    repos_b = Repositories.open(tmp_path / "data", daily_backup=False)
    a, b = FakeOS(), FakeOS()
    ra = ReminderRunner(repos_a, NotifierChain(a, InAppNotifier()), zone="UTC")
    rb = ReminderRunner(repos_b, NotifierChain(b, InAppNotifier()), zone="UTC")
    now = utc(2025, 6, 10, 13, 0)
    threads = [threading.Thread(target=r.check_once, args=(now,)) for r in (ra, rb)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(a.sent) + len(b.sent) == 1


def test_wall_clock_jump_sends_the_gap_to_missed(repos):
    seed(repos, utc(2025, 6, 10, 14, 0))
    os_n = FakeOS()
    runner = ReminderRunner(repos, NotifierChain(os_n, InAppNotifier()), zone="UTC")
    runner.check_once(utc(2025, 6, 10, 12, 0))  # the evening reminder: missed at the first pass
    os_n.sent.clear()
    res = runner.check_once(utc(2025, 6, 10, 14, 20))  # the laptop slept from 12:00 to 14:20
    assert [r.offset_minutes for r in res.missed] == [60, 15]
    assert res.delivered == [] and os_n.sent == []


def test_os_failure_falls_back_to_in_app_and_is_logged(repos):
    seed(repos, utc(2025, 6, 10, 14, 0))
    inapp = InAppNotifier()
    chain = NotifierChain(FakeOS(ok=False), inapp)
    runner = ReminderRunner(repos, chain, zone="UTC")
    res = runner.check_once(utc(2025, 6, 10, 13, 0))
    assert list(res.backends.values()) == ["inapp"]
    assert [b.title for b in inapp.pending()] == ["Acme - Technical assessment at 14:00 your time"]
    assert inapp.pending()[0].target == ("quick_tips", res.delivered[0].round_id)
    assert chain.status_message.startswith("Desktop notifications are not available")
    assert ReminderLog(repos).get(res.delivered[0].key)["backend"] == "inapp"


def test_prune_forgets_old_entries(repos):
    seed(repos, utc(2025, 6, 10, 14, 0))
    runner = ReminderRunner(repos, NotifierChain(None, InAppNotifier()), zone="UTC")
    runner.start_up(utc(2025, 6, 10, 16, 0))
    assert ReminderLog(repos).entries()
    runner.start_up(utc(2025, 8, 1))
    assert ReminderLog(repos).entries() == []


# ---------------------------------------------------------------------------
# the async loop


def test_run_loop_delivers_without_blocking_the_event_loop(repos):
    seed(repos, utc(2025, 6, 10, 14, 0))

    class SlowOS(FakeOS):
        def notify(self, title, body, payload=None):
            systime.sleep(1.0)  # like a slow notify-send
            super().notify(title, body, payload)

    slow = SlowOS()
    inapp = InAppNotifier()
    clock_now = [utc(2025, 6, 10, 12, 0)]
    runner = ReminderRunner(repos, NotifierChain(slow, inapp), clock=lambda: clock_now[0], interval=0.05, zone="UTC")

    async def main():
        loop_thread = threading.get_ident()
        banners = []
        inapp.subscribe(lambda b: banners.append((b.title, threading.get_ident() == loop_thread)))
        ticks: list[float] = []
        task = asyncio.create_task(runner.run())

        async def ticker():
            while not task.done():
                ticks.append(systime.monotonic())
                await asyncio.sleep(0.01)

        tick_task = asyncio.create_task(ticker())
        await asyncio.sleep(0.15)
        clock_now[0] = utc(2025, 6, 10, 13, 0, 5)  # time passes (or the machine wakes)
        runner.wake()
        started = systime.monotonic()
        for _ in range(500):
            if banners:
                break
            await asyncio.sleep(0.01)
        during = [t for t in ticks if t >= started]
        await asyncio.sleep(0.1)
        runner.stop()
        await asyncio.wait_for(task, 5)
        await tick_task
        return banners, during

    banners, during = asyncio.run(main())
    assert banners == [("Acme - Technical assessment at 14:00 your time", True)]  # on the loop's thread
    # the loop kept ticking while notify blocked for 1 s in the worker thread
    assert len(during) > 10
    assert max(b - a for a, b in zip(during, during[1:], strict=False)) < 0.5
    assert len(slow.sent) == 1
    assert [m.kind for m in runner.missed()] == [ReminderKind.EVENING_BEFORE]


# ---------------------------------------------------------------------------
# OS-level scheduling (the Android path) with a fake scheduler


class FakeScheduler(FakeOS):
    name = "android"
    label = "Android"

    def __init__(self):
        super().__init__()
        self.alarms: dict[str, datetime] = {}
        self.cancelled: list[str] = []

    async def schedule(self, reminders):
        for r in reminders:
            self.alarms[r.key] = r.fire_at
        return [r.key for r in reminders]

    async def cancel(self, keys):
        for k in keys:
            self.cancelled.append(k)
            self.alarms.pop(k, None)


def test_os_scheduler_gets_future_reminders_and_changes(repos, tmp_path):
    app, rnd = seed(repos, utc(2025, 6, 10, 14, 0))
    sched = FakeScheduler()
    runner = ReminderRunner(repos, NotifierChain(sched, InAppNotifier()), zone="UTC")

    async def one_pass(now):
        await asyncio.to_thread(runner.check_once, now)
        await runner._sync_os_schedule(now)

    asyncio.run(one_pass(utc(2025, 6, 9, 12, 0)))
    assert set(sched.alarms.values()) == {
        utc(2025, 6, 9, 19, 0), utc(2025, 6, 10, 13, 0), utc(2025, 6, 10, 13, 45), utc(2025, 6, 10, 15, 30),
    }
    asyncio.run(one_pass(utc(2025, 6, 9, 12, 1)))
    assert sched.cancelled == []  # nothing changed, nothing re-armed

    # the OS fired the evening reminder while the app was closed: not missed, not shown again
    runner2 = ReminderRunner(Repositories.open(tmp_path / "data", daily_backup=False),
                             NotifierChain(sched, InAppNotifier()), zone="UTC")
    assert runner2.start_up(utc(2025, 6, 10, 9, 0)) == []
    assert sched.sent == []

    # the round moves: old alarms cancelled, new ones armed
    repos.rounds.save(rnd.model_copy(update={"starts_at": utc(2025, 6, 11, 14, 0),
                                             "updated_at": utc(2025, 6, 10, 9, 1)}), touch=False)
    asyncio.run(one_pass(utc(2025, 6, 10, 9, 1)))
    assert len(sched.cancelled) == 3  # the three old alarms still ahead
    assert {t for t in sched.alarms.values() if t > utc(2025, 6, 10, 9, 1)} == {
        utc(2025, 6, 10, 19, 0), utc(2025, 6, 11, 13, 0), utc(2025, 6, 11, 13, 45), utc(2025, 6, 11, 15, 30),
    }
    # switching to neutral texts re-arms them with the new text (same keys)
    repos.settings.save(loud(notification_detail=NotificationDetail.NEUTRAL), touch=False)
    asyncio.run(one_pass(utc(2025, 6, 10, 9, 2)))
    ahead = [e["title"] for e in ReminderLog(repos).scheduled().values() if e["fire_at"] > "2025-06-10T09:02"]
    assert len(ahead) == 4
    assert all(t == "How did it go?" or t.startswith("Interview ") for t in ahead), ahead
    # reminders off: every future alarm cancelled
    repos.settings.save(loud(reminders_enabled=False), touch=False)
    asyncio.run(one_pass(utc(2025, 6, 10, 9, 3)))
    assert {k: t for k, t in sched.alarms.items() if t > utc(2025, 6, 10, 9, 3)} == {}
    assert ReminderLog(repos).scheduled().keys() <= {k for k, t in sched.alarms.items()}


def test_worth_showing_drops_stale_before_reminders_and_keeps_reflections():
    from interviewpal.services.reminder_log import worth_showing

    now = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)

    def missed(key, kind, round_id, hours_ago):
        return MissedReminder(key=key, kind=kind, fire_at=now - timedelta(hours=hours_ago), title=key, body="",
                              target=("quick_tips", round_id), recorded_at=now, round_id=round_id)

    items = [
        missed("a-evening", ReminderKind.EVENING_BEFORE, "a", 17),
        missed("a-60", ReminderKind.BEFORE, "a", 2),       # round a starts in 1 h: keep only this latest one
        missed("b-60", ReminderKind.BEFORE, "b", 3),       # round b already started: drop
        missed("b-reflect", ReminderKind.REFLECT, "b", 1),  # reflection: keep
    ]
    starts = {"a": now + timedelta(hours=1), "b": now - timedelta(hours=2)}
    assert [m.key for m in worth_showing(items, starts, now)] == ["b-reflect", "a-60"]
