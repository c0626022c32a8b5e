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
    assert re.search(r"line \d+", message)


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
    edit(content / "general.toml", 'step = "Task"', 'step = "Goal"')
    message = error_for(content)
    assert message.startswith("content/en/general.toml: star_outline")
    assert "Situation, Task, Action, Result" in message


def test_content_error_is_a_value_error() -> None:
    assert issubclass(ContentError, ValueError)
