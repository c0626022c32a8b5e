"""Issue 9: the card made for one round (content by format, one-tap URLs, lessons for every round)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from interviewpal.content import ContentError, load_content
from interviewpal.content.loader import CONTENT_DIR
from interviewpal.models import CallDirection, Lesson, RoundFormat, Stage
from interviewpal.services import round_actions as ra
from interviewpal.services.forms import FormError
from interviewpal.services.lessons import LessonService
from interviewpal.services.quick_tips import QuickTipsService, checklist_title, merged_checklist, merged_tips
from interviewpal.services.rounds import RoundService
from tests.factories import add_app, add_entry, make_app, make_round

CONTENT = load_content()
VIDEO_ONLY = re.compile(r"gallery view|camera|screen you share|screen shar|meeting link|\blink\b|background or a plain blur", re.I)
ON_SITE_ONLY = re.compile(r"arrive|reception|printed cv|seating|photo id|travel plan", re.I)


# -- content merge per format ------------------------------------------------------------------

@pytest.mark.parametrize("stage", list(Stage))
def test_on_site_and_phone_cards_never_hold_a_video_only_line(stage):
    guide = CONTENT.stage(stage)
    for fmt in (RoundFormat.ON_SITE, RoundFormat.PHONE, RoundFormat.TAKE_HOME):
        for line in merged_tips(guide, fmt) + merged_checklist(guide, fmt):
            assert not VIDEO_ONLY.search(line), f"{stage}/{fmt}: {line!r}"


@pytest.mark.parametrize("stage", list(Stage))
def test_calls_never_hold_an_on_site_only_line(stage):
    guide = CONTENT.stage(stage)
    for fmt in (RoundFormat.VIDEO, RoundFormat.PHONE):
        for line in merged_tips(guide, fmt) + merged_checklist(guide, fmt):
            assert not ON_SITE_ONLY.search(line), f"{stage}/{fmt}: {line!r}"


def test_format_lines_come_first_then_the_stage_lines_and_nothing_from_other_formats():
    panel = CONTENT.stage(Stage.PANEL)
    video = merged_checklist(panel, RoundFormat.VIDEO)
    assert video[: len(panel.formats["video"].checklist)] == [c.text for c in panel.formats["video"].checklist]
    assert video[len(panel.formats["video"].checklist):] == [c.text for c in panel.checklist]
    on_site = merged_checklist(panel, RoundFormat.ON_SITE)
    assert "Gallery view on, so you see every panellist" in video
    assert "Gallery view on, so you see every panellist" not in on_site
    assert {c.text for c in panel.formats["on_site"].checklist} <= set(on_site)
    # a format without a section gets the stage's lists as they are
    assert merged_tips(CONTENT.stage(Stage.FINAL_OFFER), RoundFormat.PHONE) == list(CONTENT.stage(Stage.FINAL_OFFER).tips)


def test_take_home_section_only_reaches_take_home_rounds():
    tech = CONTENT.stage(Stage.TECHNICAL)
    take_home = set(tech.formats["take_home"].tips)
    assert take_home and take_home <= set(merged_tips(tech, RoundFormat.TAKE_HOME))
    for fmt in (RoundFormat.VIDEO, RoundFormat.PHONE, RoundFormat.ON_SITE):
        assert not take_home & set(merged_tips(tech, fmt))


def test_checklist_title_follows_the_format(repos):
    app = make_app("Acme", "Dev")
    assert checklist_title(make_round(app, format=RoundFormat.VIDEO)) == "Before you join the call"
    assert checklist_title(make_round(app, format=RoundFormat.PHONE)) == "Before they call"
    assert checklist_title(make_round(app, format=RoundFormat.PHONE, call_direction=CallDirection.I_CALL)) == "Before you call"
    assert checklist_title(make_round(app, format=RoundFormat.ON_SITE)) == "Before you walk in"
    assert checklist_title(make_round(app, format=RoundFormat.TAKE_HOME)) == "Before you start"


def test_card_for_round_merges_by_format_and_keeps_ticks_by_id(repos):
    app = add_app(repos, "Acme", "Dev")
    r = repos.rounds.add(make_round(app, Stage.PANEL, format=RoundFormat.ON_SITE))
    RoundService(repos).toggle_check(r.id, "printed-cv-copies", True)
    card = QuickTipsService(repos, CONTENT).for_round(r.id)
    assert card.checklist_title == "Before you walk in"
    assert card.checklist[0].text == "Printed CV copies for everyone" and card.checklist[0].done
    assert not any(VIDEO_ONLY.search(c.text) for c in card.checklist)
    assert len(card.top_tips) == 4 and card.top_tips + card.more_tips == card.tips


def _copy_content(tmp_path: Path) -> Path:
    dst = tmp_path / "content" / "en"
    shutil.copytree(CONTENT_DIR, dst)
    return dst


def test_unknown_format_section_is_refused_on_load(tmp_path):
    root = _copy_content(tmp_path)
    p = root / "stages/06-panel.toml"
    p.write_text(p.read_text(encoding="utf-8") + '\n[formats.hologram]\ntips = ["Wave"]\n', encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_content(root)
    assert "formats.hologram is not a format" in str(e.value)
    assert str(e.value).startswith("content/en/stages/06-panel.toml:")


def test_take_home_section_outside_technical_is_refused(tmp_path):
    root = _copy_content(tmp_path)
    p = root / "stages/06-panel.toml"
    p.write_text(p.read_text(encoding="utf-8") + '\n[formats.take_home]\ntips = ["Read the brief"]\n', encoding="utf-8")
    with pytest.raises(ContentError, match="only for the 'technical' stage"):
        load_content(root)


def test_format_line_repeating_a_stage_line_is_refused(tmp_path):
    root = _copy_content(tmp_path)
    p = root / "stages/07-final-offer.toml"
    line = CONTENT.stage(Stage.FINAL_OFFER).checklist[0].text
    p.write_text(p.read_text(encoding="utf-8") + f'\n[formats.video]\nchecklist = [{{ id = "other", text = "{line}" }}]\n',
                 encoding="utf-8")
    with pytest.raises(ContentError, match="repeats checklist item 1"):
        load_content(root)


def test_too_many_format_tips_are_refused(tmp_path):
    root = _copy_content(tmp_path)
    p = root / "stages/07-final-offer.toml"
    tips = ", ".join(f'"Tip {n}"' for n in range(5))
    p.write_text(p.read_text(encoding="utf-8") + f"\n[formats.phone]\ntips = [{tips}]\n", encoding="utf-8")
    with pytest.raises(ContentError, match="tips has 5 items; it needs 0 to 4"):
        load_content(root)


# -- URLs ------------------------------------------------------------------------------------------

def test_tel_keeps_plus_and_digits_and_extension():
    assert ra.tel_url("+44 20 7946-0018") == "tel:+442079460018"
    assert ra.tel_url("(020) 7946 0018 ext. 12") == "tel:02079460018,12"
    assert ra.tel_url("") == ""


def test_directions_geo_on_android_and_web_url_elsewhere(monkeypatch):
    monkeypatch.delenv("FLET_PLATFORM", raising=False)
    addr = "Acme office, Torstraße 1 & 2, Berlin"
    geo = ra.directions_url(addr, platform="android")
    assert geo == "geo:0,0?q=Acme%20office%2C%20Torstra%C3%9Fe%201%20%26%202%2C%20Berlin"
    web = ra.directions_url(addr, platform="linux")
    assert web.startswith("https://www.google.com/maps/search/?api=1&query=")
    assert parse_qs(urlsplit(web).query)["query"] == [addr]
    # an Android browser on the web build gets the web URL; the Android app is found by FLET_PLATFORM too
    assert ra.directions_url(addr, platform="android", web=True).startswith("https://")
    monkeypatch.setenv("FLET_PLATFORM", "android")
    assert ra.directions_url(addr).startswith("geo:0,0?q=")
    assert ra.directions_url("  ") == ""


def test_mailto_encodes_spaces_non_ascii_ampersand_and_newlines():
    url = ra.mailto_url("hr@example.com", "Late & sorry: 面试", "Hello,\n\nI'm late.\nJosé")
    assert url.startswith("mailto:hr@example.com?subject=")
    assert "+" not in url and " " not in url
    assert "%0D%0A%0D%0A" in url and "%26" in url
    q = parse_qs(urlsplit(url).query)
    assert q["subject"] == ["Late & sorry: 面试"]
    assert q["body"] == ["Hello,\r\n\r\nI'm late.\r\nJosé"]


def test_sms_body_is_encoded_and_number_dialable():
    url = ra.sms_url("+1 (212) 555-0100", "Running 10 min late & sorry\nSee you soon")
    assert url.startswith("sms:+12125550100?body=")
    assert unquote(url.split("body=", 1)[1]) == "Running 10 min late & sorry\r\nSee you soon"


def test_primary_action_by_format():
    app = make_app("Acme", "Dev")
    video = make_round(app, format=RoundFormat.VIDEO, meeting_url="https://meet.example.com/abc")
    assert ra.primary_action(video).label == "Join"
    phone = make_round(app, format=RoundFormat.PHONE, phone_number="+44 20 7946 0018")
    act = ra.primary_action(phone)
    assert (act.label, act.url) == ("Call", "tel:+442079460018") and "They call you" in act.detail
    mine = make_round(app, format=RoundFormat.PHONE, phone_number="020 7946 0018", call_direction=CallDirection.I_CALL)
    assert ra.primary_action(mine).detail.startswith("You call them ·")
    site = make_round(app, format=RoundFormat.ON_SITE, location="1 Main St")
    assert ra.primary_action(site, platform="android").url == "geo:0,0?q=1%20Main%20St"
    assert ra.primary_action(make_round(app, format=RoundFormat.ON_SITE)) is None


def test_late_note_urls_go_to_the_round_contact():
    app = make_app("bol.com", "Analyst")
    r = make_round(app, Stage.SCREENING, format=RoundFormat.PHONE, contact_email="jo@bol.com", contact_phone="+31 6 1234 5678")
    msg = ra.late_message(r, app, "Tue 5 May, 12:00")
    assert "running about 10 minutes late" in msg and "Analyst" in msg and "Tue 5 May, 12:00" in msg
    assert ra.late_email_url(r, app, msg).startswith("mailto:jo@bol.com?subject=Running%20late%20%C2%B7%20bol.com")
    assert ra.late_sms_url(r, msg).startswith("sms:+31612345678?body=Hello%2C")
    bare = make_round(app)
    assert not ra.can_send_late_note(bare) and ra.late_email_url(bare, app, msg) == "" and ra.late_sms_url(bare, msg) == ""


def test_round_form_checks_phone_and_email(repos):
    app = add_app(repos, "Acme", "Dev")
    svc = RoundService(repos)
    with pytest.raises(FormError) as e:
        svc.build(application_id=app.id, stage="screening", date_text="2026-06-01", time_text="10:00", time_zone="UTC",
                  format="phone", phone_number="call me maybe", contact_email="jo at acme")
    assert "digits" in e.value.errors["phone_number"] and "name@example.com" in e.value.errors["contact_email"]
    r = svc.build(application_id=app.id, stage="screening", date_text="2026-06-01", time_text="10:00", time_zone="UTC",
                  format="phone", phone_number=" +44  20 7946 0018 ", call_direction="i_call", contact_email="jo@acme.com")
    assert (r.phone_number, r.call_direction, r.contact_email) == ("+44 20 7946 0018", CallDirection.I_CALL, "jo@acme.com")
    saved = svc.save(r)
    again = svc.build(round_id=saved.id, application_id=app.id, stage="screening", date_text="2026-06-01", time_text="11:00",
                      time_zone="UTC", format="phone")
    assert again.phone_number == "+44 20 7946 0018"  # fields not passed are kept


# -- lessons for every round ----------------------------------------------------------------------

def _reflect(repos, rnd, *lessons):
    return add_entry(repos, rnd, to_improve=list(lessons))


def test_every_round_lessons_reach_other_stages_and_applications_first(repos):
    acme = add_app(repos, "Acme", "Dev")
    other = add_app(repos, "Other", "Dev")
    screening = repos.rounds.add(make_round(other, Stage.SCREENING, hours=-48))
    _reflect(repos, screening, Lesson(text="Quantify impact", every_round=True), Lesson(text="Screening only"))
    same_app = repos.rounds.add(make_round(acme, Stage.SCREENING, hours=-24))
    _reflect(repos, same_app, Lesson(text="Ask about the team"))
    panel = repos.rounds.add(make_round(acme, Stage.PANEL, hours=24))
    texts = [l.text for l in LessonService(repos).for_round(panel.id)]
    assert texts == ["Quantify impact", "Ask about the team"]
    assert LessonService(repos).for_round(panel.id)[0].every_round


def test_every_round_lessons_only_reach_later_rounds_and_hide_once_learned(repos):
    acme = add_app(repos, "Acme", "Dev")
    other = add_app(repos, "Other", "Dev")
    later = repos.rounds.add(make_round(other, Stage.SCREENING, hours=48))
    entry = _reflect(repos, later, Lesson(text="Quantify impact", every_round=True))
    panel = repos.rounds.add(make_round(acme, Stage.PANEL, hours=24))
    assert LessonService(repos).for_round(panel.id) == []  # written after a later round
    earlier = repos.rounds.add(make_round(other, Stage.SCREENING, hours=-48))
    lesson = Lesson(text="Quantify impact", every_round=True, learned=True)
    _reflect(repos, earlier, lesson)
    assert LessonService(repos).for_round(panel.id) == []
    assert entry.to_improve[0].every_round


def test_other_lessons_keep_the_old_rule(repos):
    acme = add_app(repos, "Acme", "Dev")
    other = add_app(repos, "Other", "Dev")
    r1 = repos.rounds.add(make_round(other, Stage.TECHNICAL, hours=-72))
    _reflect(repos, r1, Lesson(text="Same stage elsewhere"))
    r2 = repos.rounds.add(make_round(other, Stage.SCREENING, hours=-60))
    _reflect(repos, r2, Lesson(text="Other stage elsewhere"))
    r3 = repos.rounds.add(make_round(acme, Stage.SCREENING, hours=-48))
    _reflect(repos, r3, Lesson(text="Same application"))
    target = repos.rounds.add(make_round(acme, Stage.TECHNICAL, hours=24))
    assert [l.text for l in LessonService(repos).for_round(target.id)] == ["Same application", "Same stage elsewhere"]


def test_lesson_every_round_survives_a_round_trip():
    lesson = Lesson(text="x", every_round=True)
    assert Lesson.model_validate(lesson.model_dump()).every_round
    assert not Lesson.model_validate({"text": "old"}).every_round  # older files load unchanged


def test_the_same_lesson_written_twice_shows_once_where_it_ranks_highest(repos):
    acme = add_app(repos, "Acme", "Dev")
    other = add_app(repos, "Other", "Dev")
    r1 = repos.rounds.add(make_round(other, Stage.TECHNICAL, hours=-72))
    _reflect(repos, r1, Lesson(text="Slow down  when explaining"))
    r2 = repos.rounds.add(make_round(acme, Stage.SCREENING, hours=-48))
    _reflect(repos, r2, Lesson(text="slow down when explaining"), Lesson(text="Bring water"))
    target = repos.rounds.add(make_round(acme, Stage.TECHNICAL, hours=24))
    views = LessonService(repos).for_round(target.id)
    assert [(v.text, v.same_application) for v in views] == [("slow down when explaining", True), ("Bring water", True)]
    assert len(LessonService(repos).for_round(target.id, limit=1)) == 1
