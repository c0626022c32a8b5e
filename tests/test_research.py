"""Issue 12, item 1: company research per application (prompts from the pack, answers by prompt id)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from interviewpal.content import CONTENT_DIR, ContentError, load_content
from interviewpal.content.schema import RESEARCH_CHECK_ID
from interviewpal.models import Application, RoundFormat, Stage
from interviewpal.models.application import RESEARCH_ANSWER_MAX
from interviewpal.services.export import export_backup, import_backup, read_backup
from interviewpal.services.forms import FormError
from interviewpal.services.quick_tips import QuickTipsService
from interviewpal.services.research import RESEARCH_STAGES, ResearchService
from interviewpal.storage import Repositories
from tests.factories import NOW, add_app, add_round

PROMPT_IDS = ["what-they-sell", "recent-news", "stated-value", "people-you-meet", "why-this-role"]


# --- the prompts in the pack ----------------------------------------------------


def test_shipped_pack_has_the_research_prompts_with_stable_ids() -> None:
    prompts = load_content().general.research_prompts
    assert [p.id for p in prompts] == PROMPT_IDS  # answers are stored by these ids: never change them
    for p in prompts:
        assert p.label and p.prompt and len(p.label) <= 30 and len(p.prompt) <= 100 and len(p.hint) <= 200


def test_research_done_is_on_the_checklists_of_the_research_stages_and_moves_no_tick() -> None:
    from interviewpal.storage.migrations import OLD_CHECKLISTS

    pack = load_content()
    for stage in RESEARCH_STAGES:
        for fmt in (None, "video", "phone", "on_site"):
            assert RESEARCH_CHECK_ID in [c.id for c in pack.stage(stage).checklist_for(fmt)], (stage, fmt)
    for stage in set(Stage) - RESEARCH_STAGES:
        assert RESEARCH_CHECK_ID not in [c.id for c in pack.stage(stage).checklist_for(None)], stage
    # ticks stored by position before ids existed map to ids that never included the new item
    assert all(RESEARCH_CHECK_ID not in ids for formats in OLD_CHECKLISTS.values() for ids in formats.values())


def test_the_french_pack_has_its_own_research_prompts() -> None:
    pack = load_content(Path(__file__).parent / "data" / "content-fr")
    assert [p.label for p in pack.general.research_prompts][:2] == ["Ce qu'ils vendent", "Actualité récente"]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content" / "en"
    shutil.copytree(CONTENT_DIR, copy)
    return copy


def _break(content: Path, old: str, new: str) -> str:
    path = content / "general.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(content)
    return str(info.value)


@pytest.mark.parametrize("old, new, expected", [
    ('label = "Recent news"', 'label = "' + "n" * 31 + '"',
     "research_prompts item 2: label is 31 characters; the limit is 30."),
    ('prompt = "Why this role, at this company?"', 'prompt = "' + "w" * 101 + '"',
     "research_prompts item 5: prompt is 101 characters; the limit is 100."),
    ('id = "recent-news"', 'id = "what-they-sell"',
     'research_prompts item 2 has the id "what-they-sell" of item 1; each id must be different.'),
    ('id = "recent-news"', 'id = "Recent News"',
     'research_prompts item 2: id "Recent News" should be lower-case letters, digits and dashes (up to 40), like "job-ad".'),
    ('label = "Recent news"', 'label = "What they sell"',
     'research_prompts item 2 repeats the label "What they sell" of item 1; each label must be different.'),
    ('id = "recent-news"\n', '',
     "research_prompts item 2 is missing the field 'id'."),
    ('hint = "A launch, results, a new office or a big hire; note where you read it."', 'hint = "' + "h" * 201 + '"',
     "research_prompts item 2: hint is 201 characters; the limit is 200."),
], ids=["label", "prompt", "same-id", "bad-id", "same-label", "no-id", "hint"])
def test_every_research_limit_is_refused_at_load(content: Path, old: str, new: str, expected: str) -> None:
    assert _break(content, old, new) == f"content/en/general.toml: {expected}"


def test_too_few_research_prompts_and_a_missing_section_are_refused(content: Path) -> None:
    path = content / "general.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n[[research_prompts]]\n") + 1  # the first table (the header comment names it too)
    head, one = text[:start], re.search(r"(?s)\[\[research_prompts\]\]\n.*?\n\n", text[start:]).group(0)
    path.write_text(head + one, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(content)
    assert str(info.value) == "content/en/general.toml: research_prompts has 1 items; it needs 3 to 8."
    path.write_text(head, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(content)
    assert "research_prompts" in str(info.value) and "missing" in str(info.value)


# --- the service ------------------------------------------------------------------


@pytest.fixture
def research(repos) -> ResearchService:
    return ResearchService(repos, load_content())


def test_a_new_application_has_every_prompt_unanswered(repos, research) -> None:
    app = add_app(repos, "eBay", "Analyst")
    view = research.for_application(app.id)
    assert [i.id for i in view.items] == PROMPT_IDS
    assert view.is_empty and view.progress == "Not started"
    assert research.for_application("no-such-id") is None


def test_save_stores_answers_by_prompt_id_and_keeps_the_others(repos, research) -> None:
    app = add_app(repos, "面试 Ltd", "Engineer")
    research.save(app.id, {"what-they-sell": "  Payroll software for small firms  ", "recent-news": "Opened in Lyon"})
    research.save(app.id, {"recent-news": "Opened an office in Lyon", "why-this-role": ""})
    stored = repos.applications.get(app.id).research
    assert stored == {"what-they-sell": "Payroll software for small firms", "recent-news": "Opened an office in Lyon"}
    view = research.for_application(app.id)
    assert view.progress == "2 of 5 answered"
    assert [i.label for i in view.filled] == ["What they sell", "Recent news"]
    research.save(app.id, {"recent-news": "   "})  # emptied: removed
    assert repos.applications.get(app.id).research == {"what-they-sell": "Payroll software for small firms"}


def test_bad_input_gets_a_clear_message_and_stores_nothing(repos, research) -> None:
    app = add_app(repos)
    research.save(app.id, {"what-they-sell": "Robots"})
    with pytest.raises(FormError) as info:
        research.save(app.id, {"recent-news": "x" * (RESEARCH_ANSWER_MAX + 1), "no-such-prompt": "hi",
                               "what-they-sell": 42})
    assert info.value.errors == {
        "recent-news": "Keep this under 1,000 characters (it has 1,001).",
        "no-such-prompt": 'There is no research prompt "no-such-prompt".',
        "what-they-sell": "The answer should be text.",
    }
    assert repos.applications.get(app.id).research == {"what-they-sell": "Robots"}
    with pytest.raises(FormError) as info:
        research.save("gone", {"recent-news": "x"})
    assert info.value.errors == {"": "This application was deleted."}


def test_autosave_stores_what_fits_and_names_what_does_not(repos, research) -> None:
    app = add_app(repos)
    saved, errors = research.save_what_fits(app.id, {"recent-news": "A new CEO", "why-this-role": "y" * 1200})
    assert saved.research == {"recent-news": "A new CEO"}
    assert errors == {"why-this-role": "Keep this under 1,000 characters (it has 1,200)."}
    assert len(errors["why-this-role"]) <= 60  # one line on a 360 px screen


def test_the_model_refuses_what_the_service_would_never_store() -> None:
    with pytest.raises(ValueError, match="1,001 characters; the limit is 1,000"):
        Application(company="Acme", role="Dev", research={"recent-news": "x" * 1001})
    with pytest.raises(ValueError, match="not a research prompt id"):
        Application(company="Acme", role="Dev", research={"Recent News": "x"})
    assert Application(company="Acme", role="Dev", research=None).research == {}
    assert Application(company="Acme", role="Dev", research={"a": " ", "b": " x "}).research == {"b": "x"}


def test_answers_show_on_the_card_of_research_stages_only(repos) -> None:
    content = load_content()
    app = add_app(repos, "eBay", "Analyst")
    ResearchService(repos, content).save(app.id, {"what-they-sell": "A marketplace", "people-you-meet": "Jo Park, HM"})
    cards = QuickTipsService(repos, content)
    for stage in Stage:
        rnd = add_round(repos, app, stage, hours=24, format=RoundFormat.VIDEO)
        shown = [(a.label, a.answer) for a in cards.for_round(rnd.id).research]
        if stage in RESEARCH_STAGES:
            assert shown == [("What they sell", "A marketplace"), ("People you'll meet", "Jo Park, HM")], stage
        else:
            assert shown == [], stage
    other = add_app(repos, "Acme", "Dev")
    rnd = add_round(repos, other, Stage.SCREENING)
    assert cards.for_round(rnd.id).research == []  # nothing shown when no answers


# --- backup round trip ----------------------------------------------------------


def test_research_round_trips_through_a_backup_and_old_files_still_import(tmp_path: Path) -> None:
    source = Repositories.open(tmp_path / "source", daily_backup=False)
    app = source.applications.add(Application(company="شركة", role="Engineer",
                                              research={"what-they-sell": "Maps", "why-this-role": "I build maps"}))
    data = export_backup(source, NOW)
    source.db.close()
    assert json.loads(data)["applications"][0]["research"] == {"what-they-sell": "Maps", "why-this-role": "I build maps"}

    target = Repositories.open(tmp_path / "target", daily_backup=False)
    try:
        import_backup(target, read_backup(data), mode="replace", now=NOW)
        assert target.applications.get(app.id).research == app.research
        # a file written before the field existed
        doc = json.loads(data)
        del doc["applications"][0]["research"]
        old = read_backup(json.dumps(doc).encode("utf-8"))
        assert not old.invalid and old.records["applications"][0].research == {}
        # a hand-edited answer over the limit is named, not silently cut
        doc["applications"][0]["research"] = {"recent-news": "x" * 1001}
        bad = read_backup(json.dumps(doc).encode("utf-8"))
        assert bad.invalid and "1,001 characters" in bad.invalid[0].reason
    finally:
        target.db.close()
