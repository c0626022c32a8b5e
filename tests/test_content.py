"""The shipped content pack loads, and broken copies fail with messages an editor can act on."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from interviewpal.content import CONTENT_DIR, ContentError, ContentPack, default_content, load_content
from interviewpal.models.stage import STAGE_ORDER, Stage

TECHNICAL = "stages/05-technical.toml"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the real content folder, safe to break."""
    copy = tmp_path / "content" / "en"
    shutil.copytree(CONTENT_DIR, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def error_for(content: Path) -> str:
    with pytest.raises(ContentError) as info:
        load_content(content)
    return str(info.value)


# --- the shipped pack -------------------------------------------------------


def test_shipped_pack_has_eight_stages_in_order_with_counts_in_range() -> None:
    pack = load_content()
    assert isinstance(pack, ContentPack)
    assert [g.id for g in pack.stages] == list(STAGE_ORDER)
    assert [g.order for g in pack.stages] == list(range(1, 9))
    for g in pack.stages:
        assert g.name and g.summary
        assert 4 <= len(g.tips) <= 8, g.id
        assert 3 <= len(g.checklist) <= 10, g.id
        assert 5 <= len(g.questions) <= 10, g.id
        assert 4 <= len(g.reflection_prompts) <= 6, g.id
    general = pack.general
    assert [s.step for s in general.star_outline] == ["Situation", "Task", "Action", "Result"]
    assert 8 <= len(general.questions_to_ask) <= 12
    assert 3 <= len(general.intro_outline) <= 5


def test_every_shipped_tip_fits_in_140_characters() -> None:
    for g in load_content().stages:
        for tip in g.tips:
            assert len(tip) <= 140, f"{g.id}: {tip!r} is {len(tip)} characters"


def test_shipped_summaries_are_two_to_four_sentences() -> None:
    for g in load_content().stages:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", g.summary) if s]
        assert 2 <= len(sentences) <= 4, f"{g.id}: {len(sentences)} sentences"


def test_shipped_file_names_match_order_and_id() -> None:
    for g in load_content().stages:
        matches = list((CONTENT_DIR / "stages").glob(f"{g.order:02d}-*.toml"))
        assert len(matches) == 1
        assert f'id = "{g.id}"' in matches[0].read_text(encoding="utf-8")


def test_stage_lookup_by_enum_or_value() -> None:
    pack = default_content()
    assert pack.stage(Stage.PANEL).id is Stage.PANEL
    assert pack.stage("technical") is pack.stage(Stage.TECHNICAL)
    assert default_content() is pack


def test_pack_is_read_only() -> None:
    guide = default_content().stage(Stage.SCREENING)
    with pytest.raises(Exception):
        guide.name = "Something else"  # type: ignore[misc]
    assert isinstance(guide.tips, tuple)


def test_text_is_stripped_and_line_breaks_in_summary_become_spaces(content: Path) -> None:
    path = content / TECHNICAL
    edit(path, '"Get a simple version working first, then improve it."',
         '"   Get a simple version working first, then improve it.   "')
    guide = load_content(content).stage(Stage.TECHNICAL)
    assert "Get a simple version working first, then improve it." in guide.tips
    assert "\n" not in guide.summary and "  " not in guide.summary


# --- broken copies ----------------------------------------------------------


def test_missing_field_names_file_and_field(content: Path) -> None:
    path = content / TECHNICAL
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?ms)^summary = \"\"\".*?\"\"\"\n", "", text), encoding="utf-8")
    message = error_for(content)
    assert "content/en/stages/05-technical.toml" in message
    assert "summary" in message and "missing" in message


def test_over_long_tip_names_file_item_length_and_limit(content: Path) -> None:
    long_tip = "Think aloud " + "x" * 151  # 163 characters
    edit(content / TECHNICAL, '"Repeat the problem back in your own words before you start."', f'"{long_tip}"')
    message = error_for(content)
    assert message == "content/en/stages/05-technical.toml: tips item 1 is 163 characters; the limit is 140."


def test_duplicate_stage_id_names_both_files(content: Path) -> None:
    edit(content / "stages/06-panel.toml", 'id = "panel"', 'id = "technical"')
    message = error_for(content)
    assert "content/en/stages/06-panel.toml" in message
    assert "content/en/stages/05-technical.toml" in message
    assert "'technical'" in message and "already used" in message


def test_toml_syntax_error_names_file_and_line(content: Path) -> None:
    edit(content / TECHNICAL, 'order = 5', 'order 5')
    message = error_for(content)
    assert message.startswith("content/en/stages/05-technical.toml: ")
    assert "not valid TOML" in message
    assert re.search(r"05-technical.toml: line 40, column \d+: ", message), message


def test_duplicate_tip_within_a_stage_fails(content: Path) -> None:
    edit(content / TECHNICAL, '"Get a simple version working first, then improve it."',
         '"Think aloud so they can follow your reasoning and nudge you if you drift."')
    message = error_for(content)
    assert "content/en/stages/05-technical.toml" in message
    assert "tips item 4 repeats item 3" in message


def test_wrong_count_says_how_many_are_needed(content: Path) -> None:
    path = content / "stages/06-panel.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?ms)^tips = \[.*?\]\n", 'tips = ["One tip", "Another tip"]\n', text),
                    encoding="utf-8")
    message = error_for(content)
    assert message == "content/en/stages/06-panel.toml: tips has 2 items; it needs 4 to 8."


def test_missing_stage_file_names_the_stage(content: Path) -> None:
    (content / "stages/08-background.toml").unlink()
    message = error_for(content)
    assert "content/en/stages" in message and "'background'" in message


def test_unknown_key_is_reported(content: Path) -> None:
    edit(content / TECHNICAL, "order = 5", "order = 5\ntip = \"typo for tips\"")
    message = error_for(content)
    assert "content/en/stages/05-technical.toml" in message and "'tip' is not a known field" in message


def test_order_must_match_file_name(content: Path) -> None:
    (content / "stages/05-technical.toml").rename(content / "stages/09-technical.toml")
    message = error_for(content)
    assert "content/en/stages/09-technical.toml" in message and "order is 5" in message


def test_general_guide_problems_name_the_step(content: Path) -> None:
    path = content / "general.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'(?s)\[\[star_outline\]\]\nstep = "Result".*?\n\n', "", text), encoding="utf-8")
    message = error_for(content)
    assert message.startswith("content/en/general.toml: star_outline")
    assert "4 different steps" in message and "Situation, Task, Action" in message


def test_content_error_is_a_value_error() -> None:
    assert issubclass(ContentError, ValueError)


# --- issue 12: the new advice ------------------------------------------------


def _all_text(pack: ContentPack) -> str:
    parts: list[str] = []
    for g in pack.stages:
        parts += [g.name, g.summary, *g.tips, *(c.text for c in g.checklist), *g.questions, *g.reflection_prompts]
        for section in g.formats.values():
            parts += [*section.tips, *(c.text for c in section.checklist)]
    general = pack.general
    parts += [*general.questions_to_ask, *(s.step + " " + s.hint for s in general.star_outline + general.intro_outline)]
    return "\n".join(parts)


def _card_text(pack: ContentPack, stage: Stage, fmt: str | None = None) -> str:
    g = pack.stage(stage)
    section = g.section(fmt) if fmt else None
    lines = [*g.tips, *(c.text for c in g.checklist_for(fmt)), *g.questions, g.summary]
    if section:
        lines += section.tips
    return "\n".join(lines).casefold()


def test_new_advice_is_where_a_round_sees_it() -> None:
    pack = load_content()
    phone_video = _card_text(pack, Stage.PHONE_VIDEO, "video")
    assert "time zone" in phone_video and "dress as you would in person" in phone_video
    assert "recorded" in phone_video and "think time" in phone_video and "retakes" in phone_video
    assert "30-second intro" in phone_video and "out loud" in phone_video
    technical = _card_text(pack, Stage.TECHNICAL, "take_home")
    assert "time box" in technical and "readme" in technical and "assumptions" in technical
    assert "ai tools" in technical and "plain document" in technical and "design" in technical
    final = _card_text(pack, Stage.FINAL_OFFER)
    for word in ("base", "bonus", "equity", "sign-on", "pension", "walk-away figure to yourself", "deadline", "more time"):
        assert word in final, word
    checks = _card_text(pack, Stage.BACKGROUND)
    for word in ("which checks", "dispute", "fcra", "dbs", "gdpr", "spent or sealed", "official portal", "pdf backup"):
        assert word in checks, word
    assert pack.stage(Stage.BACKGROUND).name == "Extra assessments and background checks"
    panel_video, panel_site = _card_text(pack, Stage.PANEL, "video"), _card_text(pack, Stage.PANEL, "on_site")
    assert "blank page to sketch who sits where" in panel_site and "asked of the recruiter" in panel_site
    assert "say the person's name before you answer" in panel_video and "neutral faces" in panel_video
    for stage in (Stage.SCREENING, Stage.TECHNICAL):
        assert "adjustments" in _card_text(pack, stage) and "captions" in _card_text(pack, stage)
    screening = _card_text(pack, Stage.SCREENING)
    assert "two-minute" not in screening and "30-second introduction" in screening
    assert "ask for their range first" in screening and "work authorisation or visa" in screening
    assert "right-to-work" not in _all_text(pack).casefold()
    for stage in (Stage.IN_PERSON, Stage.PANEL):
        site = _card_text(pack, stage, "on_site")
        assert "phone on silent" in site and "call your contact" in site and "corridor" in site
    assert "second example" in _card_text(pack, Stage.BEHAVIORAL)


def test_one_spelling_british_throughout() -> None:
    text = _all_text(load_content())
    for american in ("Behavioral", "behavior", "panelist", "résumé", "practicing", "organiz", "color", "favor"):
        assert american.casefold() not in text.casefold(), american
    assert "CV" in text and "Behavioural" in text


def test_local_customs_are_said_to_be_local() -> None:
    text = _all_text(load_content())
    for line in text.splitlines():
        low = line.casefold()
        if "thank-you note" in low or "first name" in low or "public scale" in low:
            assert "custom" in low or "where" in low, line


# --- issue 12: checklist ids, ticks by id -------------------------------------


def test_checklist_ids_are_unique_per_round_and_one_id_means_one_line() -> None:
    for g in load_content().stages:
        for fmt in (None, "video", "phone", "on_site", "take_home"):
            ids = [c.id for c in g.checklist_for(fmt)]
            assert len(ids) == len(set(ids)), (g.id, fmt)
        by_id: dict[str, str] = {}
        for section in g.formats.values():
            for c in section.checklist:
                assert by_id.setdefault(c.id, c.text) == c.text, (g.id, c.id)


def test_ids_stay_stable_every_id_a_stored_tick_can_hold_still_exists() -> None:
    from interviewpal.storage.migrations import OLD_CHECKLISTS

    pack = load_content()
    for stage, formats in OLD_CHECKLISTS.items():
        for fmt, ids in formats.items():
            current = {c.id for c in pack.stage(stage).checklist_for(fmt)}
            assert set(ids) <= current, (stage, fmt, set(ids) - current)


def test_stored_ticks_by_position_are_migrated_to_ids() -> None:
    from interviewpal.models import Round
    from interviewpal.storage.migrations import CHAINS, migrate

    v1 = {"id": "r1", "schema_version": 1, "application_id": "a1", "stage": "panel", "format": "on_site",
          "starts_at": "2026-03-02T09:00:00+00:00", "checklist_done": [0, 2, 99, -1, True]}
    doc = migrate(v1, CHAINS["rounds"], Round.SCHEMA_VERSION)
    # the on-site panel card was: on-site lines (printed CVs, seating page), then the stage's
    assert doc["checklist_done"] == ["panelists-names-roles", "printed-cv-copies"]
    assert doc["schema_version"] == 2
    rnd = Round.model_validate(doc)
    card_ids = {c.id for c in load_content().stage(Stage.PANEL).checklist_for("on_site")}
    assert set(rnd.checklist_done) <= card_ids
    video = migrate({**v1, "format": "video", "checklist_done": [0]}, CHAINS["rounds"], 2)
    assert video["checklist_done"] == ["gallery-view"]
    no_format = migrate({**v1, "format": None, "checklist_done": [1]}, CHAINS["rounds"], 2)
    assert no_format["checklist_done"] == ["panelists-names-roles"]  # the model's default format: video


def test_migration_runs_when_an_old_data_folder_opens(tmp_path: Path) -> None:
    import json

    from interviewpal.storage import Repositories

    rounds = {"rounds": {"1": {"id": "r1", "schema_version": 1, "application_id": "a1", "stage": "technical",
                                 "format": "take_home", "starts_at": "2026-03-02T09:00:00+00:00",
                                 "created_at": "2026-03-01T09:00:00+00:00", "updated_at": "2026-03-01T09:00:00+00:00",
                                 "checklist_done": [0, 3]}}}
    (tmp_path / "rounds.json").write_text(json.dumps(rounds), encoding="utf-8")
    repos = Repositories.open(tmp_path)
    rnd = repos.rounds.get("r1")
    assert rnd.checklist_done == ["brief-deadline-how", "core-concepts-role"]
    assert json.loads((tmp_path / "rounds.json").read_text(encoding="utf-8"))["rounds"]["1"]["schema_version"] == 2


# --- issue 12: every limit refused at load, with file, field and item ----------

PANEL = "stages/06-panel.toml"

LIMITS = [
    # (file, old, new, expected message)
    (TECHNICAL, 'name = "Technical assessment"', 'name = "' + "x" * 41 + '"',
     "content/en/stages/05-technical.toml: name is 41 characters; the limit is 40."),
    (TECHNICAL, "A test of the skills the job really needs:", "One sentence only, with no full stop",
     None),  # replaced below by a one-sentence summary
    (PANEL, '  "Use people\'s names once or twice (first names only where that is the custom).",\n',
     '  "Use names.",\n  "A ninth tip.",\n', "content/en/stages/06-panel.toml: tips has 9 items; it needs 4 to 8."),
    (PANEL, 'text = "Each panellist\'s public profile skimmed"', 'text = "' + "y" * 81 + '"',
     "content/en/stages/06-panel.toml: checklist item 2 is 81 characters; the limit is 80."),
    (PANEL, '{ id = "panelist-profiles"', '{ id = "panelists-names-roles"',
     'content/en/stages/06-panel.toml: checklist item 2 has the id "panelists-names-roles" of item 1; each id must be different.'),
    (PANEL, '{ id = "panelist-profiles"', '{ id = "Panelist Profiles"',
     'content/en/stages/06-panel.toml: checklist item 2: id "Panelist Profiles" should be lower-case letters, digits and dashes (up to 40), like "job-ad".'),
    (PANEL, '{ id = "gallery-view"', '{ id = "phone-silent"',
     'content/en/stages/06-panel.toml: formats.video.checklist item 1 has the id "phone-silent" of checklist item 4; each id must be different.'),
    (PANEL, '{ id = "gallery-view", ', '{ ',
     "content/en/stages/06-panel.toml: formats.video.checklist item 1 is missing the field 'id'."),
    (PANEL, '  "What questions do you have for any of us?",\n', '  "' + "q" * 201 + '",\n',
     "content/en/stages/06-panel.toml: questions item 7 is 201 characters; the limit is 200."),
    (PANEL, '  "Which question would you answer differently now?",\n', "",
     None),
    ("general.toml", 'hint = "Say what you had to achieve or fix, and why it mattered."', 'hint = "' + "h" * 241 + '"',
     "content/en/general.toml: star_outline item 2: hint is 241 characters; the limit is 240."),
    ("general.toml", 'step = "Why this role"', 'step = "' + "s" * 41 + '"',
     "content/en/general.toml: intro_outline item 3: step is 41 characters; the limit is 40."),
    ("general.toml", '  "What do you enjoy most about working here?",\n', "",
     None),
]


@pytest.mark.parametrize("file, old, new, expected", [l for l in LIMITS if l[3]], ids=lambda v: None)
def test_every_limit_is_refused_at_load_with_file_field_and_item(content: Path, file, old, new, expected) -> None:
    edit(content / file, old, new)
    assert error_for(content) == expected


@pytest.mark.parametrize("summary, count", [("Only one sentence here.", 1),
                                            ("One. Two. Three. Four. Five sentences.", 5)])
def test_summary_sentence_rule_is_checked_at_load(content: Path, summary: str, count: int) -> None:
    path = content / TECHNICAL
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'(?ms)^summary = """.*?"""', f'summary = """\n{summary}\n"""', text), encoding="utf-8")
    assert error_for(content) == f"content/en/stages/05-technical.toml: summary has {count} sentences; it needs 2 to 4."


def test_format_list_limits_are_checked_at_load(content: Path) -> None:
    path = content / PANEL
    text = path.read_text(encoding="utf-8")
    lines = ",\n".join(f'  {{ id = "extra-{n}", text = "Extra line {n}" }}' for n in range(6))
    path.write_text(text.replace('  { id = "gallery-view", text = "Gallery view on, so you see every panellist" },',
                                 lines + ","), encoding="utf-8")
    assert error_for(content) == "content/en/stages/06-panel.toml: formats.video: checklist has 6 items; it needs 0 to 5."


def test_questions_to_ask_and_reflection_counts_are_checked_at_load(content: Path) -> None:
    path = content / "general.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?ms)^questions_to_ask = \[.*?\]\n", 'questions_to_ask = ["Why?"]\n', text), encoding="utf-8")
    assert error_for(content) == "content/en/general.toml: questions_to_ask has 1 items; it needs 8 to 12."


# --- issue 12: a pack that never stops the app --------------------------------


@pytest.fixture
def restore_stage_names():
    from interviewpal.models.stage import set_stage_names

    yield
    set_stage_names({g.id: g.name for g in default_content().stages})


def test_a_second_language_pack_loads_with_its_own_labels(restore_stage_names) -> None:
    from interviewpal.content import open_content

    fr = Path(__file__).parent / "data" / "content-fr"
    pack = load_content(fr)
    assert [s.step for s in pack.general.star_outline] == ["Situation", "Tâche", "Action", "Résultat"]
    opened = open_content(fr)
    assert opened.problem is None and opened.pack.stage(Stage.PANEL).name == "Entretien en jury"
    assert Stage.PANEL.label == "Entretien en jury"  # stage names come from the pack in use


def test_stage_names_come_from_the_pack() -> None:
    pack = default_content()
    assert [s.label for s in STAGE_ORDER] == [g.name for g in pack.stages]
    assert Stage.BACKGROUND.label == "Extra assessments and background checks"


def test_a_broken_edited_pack_falls_back_to_the_built_in_one(content: Path, restore_stage_names, monkeypatch) -> None:
    from interviewpal.content import CONTENT_DIR_ENV, open_content

    edit(content / TECHNICAL, "order = 5", "order 5")
    monkeypatch.setenv(CONTENT_DIR_ENV, str(content))
    opened = open_content()
    assert opened.pack is default_content()
    assert opened.message.startswith('The tips in the folder "en" could not be read, so the built-in tips are shown. '
                                     "content/en/stages/05-technical.toml: line 40")


def test_no_readable_pack_at_all_still_opens_with_an_empty_pack(tmp_path: Path, restore_stage_names, monkeypatch) -> None:
    from interviewpal.content import loader

    monkeypatch.setattr(loader, "CONTENT_DIR", tmp_path / "missing")
    loader.default_content.cache_clear()
    try:
        opened = loader.open_content()
    finally:
        loader.default_content.cache_clear()
    assert opened.message.startswith("The tips and checklists could not be loaded; your applications, rounds and journal are all here.")
    assert [g.id for g in opened.pack.stages] == list(STAGE_ORDER)
    assert opened.pack.stage(Stage.PANEL).tips == () and Stage.PANEL.label == "Panel"


def test_app_services_tell_the_user_about_a_broken_pack(content: Path, tmp_path: Path, monkeypatch) -> None:
    from interviewpal.content import CONTENT_DIR_ENV
    from interviewpal.services.app_services import AppServices

    edit(content / TECHNICAL, "order = 5", "order 5")
    monkeypatch.setenv(CONTENT_DIR_ENV, str(content))
    svc = AppServices.open(tmp_path / "data")
    assert svc.content is default_content()
    assert any(m.startswith('The tips in the folder "en" could not be read') for m in svc.open_messages)
