"""Services behind the main screens: applications, rounds, timeline, Up next, quick tips, demo data."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from interviewpal.content import load_content
from interviewpal.models import ApplicationStatus, Outcome, Stage
from interviewpal.services.demo import DemoService
from interviewpal.ui.reminder_routes import target_route
from interviewpal.services.applications import ApplicationService
from interviewpal.services.forms import FormError
from interviewpal.services.quick_tips import QuickTipsService, card_for_stage
from interviewpal.services.rounds import RoundService
from interviewpal.services.timeline import StageState, current_stage, stage_timeline
from interviewpal.services.upnext import UpNextService, countdown
from tests.factories import NOW, add_app, add_entry, make_app, make_round



def test_create_refuses_empty_company_with_a_sentence(repos):
    svc = ApplicationService(repos)
    with pytest.raises(FormError) as e:
        svc.create(company="  ", role="Analyst", posting_url="not a link")
    assert e.value.errors["company"] == "This cannot be empty."
    assert "web address" in e.value.errors["posting_url"]
    assert repos.applications.count() == 0


def test_delete_removes_rounds_and_reflections_and_undo_restores_them(repos):
    svc = ApplicationService(repos)
    app = svc.create(company="Acme", role="Dev")
    r = repos.rounds.add(make_round(app, Stage.SCREENING, hours=-5))
    add_entry(repos, r)
    gone = svc.delete(app.id)
    assert (repos.applications.count(), repos.rounds.count(), repos.journal.count()) == (0, 0, 0)
    assert gone.summary == "Acme, 1 round, 1 reflection"
    svc.restore(gone)
    assert (repos.applications.count(), repos.rounds.count(), repos.journal.count()) == (1, 1, 1)


def test_list_filters_by_status_search_and_archive(repos):
    svc = ApplicationService(repos)
    a = svc.create(company="Acme", role="Backend Engineer")
    b = svc.create(company="Globex", role="Analyst", status="rejected")
    svc.set_archived(a.id)
    assert [x.company for x in svc.list()] == ["Globex"]
    assert [x.company for x in svc.list(archived=True)] == ["Acme"]
    assert svc.list(status=ApplicationStatus.ACTIVE) == []
    assert [x.id for x in svc.list(query="analy")] == [b.id]


def test_round_build_reports_each_bad_field_and_keeps_zone(repos):
    app = add_app(repos, "Acme", "Dev")
    svc = RoundService(repos)
    with pytest.raises(FormError) as e:
        svc.build(application_id=app.id, stage="technical", date_text="31.02.2026", time_text="25:99",
                  duration_text="abc", interviewers=[("", "CTO")])
    assert e.value.errors["date"] == "There is no 31 February."
    assert e.value.errors["time"] == "Hours go up to 23, minutes to 59."
    assert e.value.errors["duration_minutes"] == "Enter the length in minutes, for example 45."
    assert "name" in e.value.errors["interviewer_0"]
    with pytest.raises(FormError) as e:
        svc.build(application_id=app.id, stage="technical", date_text="2026-06-01", time_text="14:00", end_time_text="13:00")
    assert e.value.errors["end_time"] == "The end must be after the start."
    good = svc.build(application_id=app.id, stage="technical", date_text="2026-06-01", time_text="2:30 pm",
                     time_zone="Europe/Berlin", duration_text="45", reminders_enabled=False)
    assert good.starts_at == datetime(2026, 6, 1, 12, 30, tzinfo=timezone.utc)
    assert (good.time_zone, good.duration_minutes, good.reminders_enabled) == ("Europe/Berlin", 45, False)


def test_checklist_ticks_are_saved_per_round(repos):
    app = add_app(repos, "Acme", "Dev")
    r1 = repos.rounds.add(make_round(app, Stage.TECHNICAL, hours=24))
    r2 = repos.rounds.add(make_round(app, Stage.TECHNICAL, hours=48))
    svc = RoundService(repos)
    content = load_content()
    ids = [c.id for c in content.stage(Stage.TECHNICAL).checklist_for(r1.format.value)]
    svc.toggle_check(r1.id, ids[0], True)
    svc.toggle_check(r1.id, ids[2], True)
    svc.toggle_check(r1.id, ids[0], False)
    card = QuickTipsService(repos, content).for_round(r1.id)
    assert [c.done for c in card.checklist][:3] == [False, False, True]
    assert not any(c.done for c in QuickTipsService(repos, content).for_round(r2.id).checklist)
    assert card.guide.id is Stage.TECHNICAL and card.application.company == "Acme"
    guide = card_for_stage(content, Stage.PANEL)
    assert guide.is_guide_only and len(guide.checklist) == len(content.stage("panel").checklist)


def test_timeline_states(repos):
    app = make_app("Acme", "Dev")
    rounds = [
        make_round(app, Stage.SCREENING, hours=-100),
        make_round(app, Stage.TECHNICAL, hours=24),
        make_round(app, Stage.PANEL, hours=30, outcome=Outcome.CANCELLED),
    ]
    states = {t.stage: t.state for t in stage_timeline(rounds, NOW)}
    assert states[Stage.SCREENING] is StageState.DONE
    assert states[Stage.PHONE_VIDEO] is StageState.SKIPPED
    assert states[Stage.TECHNICAL] is StageState.SCHEDULED
    assert states[Stage.PANEL] is StageState.NOT_REACHED  # only a cancelled round there
    assert current_stage(rounds, NOW) is Stage.TECHNICAL
    panel = next(t for t in stage_timeline(rounds, NOW) if t.stage is Stage.PANEL)
    assert len(panel.rounds) == 1  # the cancelled round is still listed under its stage


def test_up_next_orders_rounds_and_asks_for_reflections(repos):
    acme = add_app(repos, "Acme", "Dev")
    gone = add_app(repos, "Gone", "Dev", status="rejected")
    later = repos.rounds.add(make_round(acme, Stage.PANEL, hours=72))
    first = repos.rounds.add(make_round(acme, Stage.TECHNICAL, hours=2))
    repos.rounds.add(make_round(acme, Stage.FINAL_OFFER, hours=24 * 10))  # beyond the week
    repos.rounds.add(make_round(gone, Stage.PANEL, hours=5))  # closed application: not coming
    ended = repos.rounds.add(make_round(acme, Stage.SCREENING, hours=-3))
    reflected = repos.rounds.add(make_round(acme, Stage.PHONE_VIDEO, hours=-30))
    add_entry(repos, reflected, feeling=4, confidence=4)
    data = UpNextService(repos).compute(NOW)
    assert data.next.round.id == first.id
    assert [v.round.id for v in data.this_week] == [later.id]
    assert [v.round.id for v in data.awaiting_reflection] == [ended.id]


def test_countdown_texts():
    assert countdown(NOW + timedelta(hours=2, minutes=15), NOW) == "in 2 h 15 min"
    assert countdown(NOW + timedelta(minutes=5), NOW) == "in 5 min"
    assert countdown(NOW + timedelta(days=3), NOW) == "in 3 days"
    assert countdown(NOW - timedelta(minutes=10), NOW, NOW + timedelta(minutes=50)) == "happening now"
    assert countdown(NOW - timedelta(hours=2), NOW, NOW - timedelta(hours=1)) == "ended 1 h ago"


def test_demo_data_is_marked_and_removed_in_one_action(repos):
    own = add_app(repos, "Mine", "Dev")
    DemoService(repos).add(NOW, zone="Europe/Berlin")
    assert DemoService(repos).has()
    assert all("(demo)" in a.company for a in repos.applications.all() if a.demo)
    assert DemoService(repos).remove() == 3
    assert [a.id for a in repos.applications.all()] == [own.id]
    assert repos.rounds.count() == 0 and repos.journal.count() == 0


def test_reminder_targets_open_the_right_screen():
    assert target_route(("quick_tips", "r1")) == "/rounds/r1/tips"
    assert target_route(("reflect", "r1")) == "/rounds/r1/reflect"
    assert target_route(("follow_ups", "e1")) == "/entries/e1"
    assert target_route(None) is None


def test_search_index_is_built_in_the_background_and_not_again_by_the_first_search(repos, monkeypatch):
    from interviewpal.services import search
    from interviewpal.services.app_services import AppServices

    acme = add_app(repos, "Acme", "Engineer")
    r = repos.rounds.add(make_round(acme, Stage.TECHNICAL, hours=-3))
    add_entry(repos, r, feeling=4, confidence=3, went_well="Explained the sharding plan")
    builds = []
    real_build = search.SearchIndex.build.__func__
    monkeypatch.setattr(search.SearchIndex, "build", classmethod(lambda cls, views: builds.append(1) or real_build(cls, views)))

    svc = AppServices(repos, load_content())
    svc.warm_up_in_background().join(timeout=30)
    assert builds == [1]
    assert [v.company for v in svc.journal.entries(query="shard")] == ["Acme"]
    assert svc.journal.entries(query="zebra") == []
    assert builds == [1]  # the searches used the index built at start


def test_quiet_hours_are_read_from_what_was_typed(repos):
    from datetime import time

    from interviewpal.services.settings import SettingsService

    settings = SettingsService(repos)
    saved = settings.set_quiet_hours("22:00", "7:30 am")
    assert (saved.quiet_start, saved.quiet_end) == (time(22, 0), time(7, 30))
    with pytest.raises(FormError) as refused:
        settings.set_quiet_hours("25:00", "07:00")
    assert "23" in refused.value.errors["quiet_hours"]
    assert settings.get().quiet_start == time(22, 0)  # nothing changed
    off = settings.set_quiet_hours(" ", "")
    assert off.quiet_start is None and off.quiet_end is None
