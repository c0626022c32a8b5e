"""The committed web fallback fonts match the engine in the installed flet-web (tools/web_fonts.py)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import web_fonts  # noqa: E402

FONTS = ROOT / "assets" / "assets" / "fonts"


def engine():
    fonts, per_font = web_fonts.engine_fallback_table(web_fonts.main_dart_js().read_text(encoding="utf-8"))
    return fonts, per_font


def files_for(text: str, fonts, per_font, family_prefixes) -> set[str]:
    """For each character, the engine's candidate files in the given families."""
    needed = set()
    for ch in text:
        cands = [fonts[i][1] for i, ranges in per_font.items()
                 if fonts[i][0].startswith(family_prefixes) and any(lo <= ord(ch) < hi for lo, hi in ranges)]
        if cands:
            needed.add(cands[0])
    return needed


def test_engine_table_decodes_to_every_code_point_and_known_files():
    fonts, per_font = engine()
    assert len(fonts) > 700
    by_name = dict(fonts)
    # Characters the browser test needs, and the files the engine asks for them.
    assert files_for("面", fonts, per_font, ("Noto Sans SC",)) == {by_name["Noto Sans SC 95"]}
    assert by_name["Noto Sans SC 95"].endswith(".118.woff2")
    assert files_for("ش", fonts, per_font, ("Noto Sans Arabic",)) == {by_name["Noto Sans Arabic"]}


def test_committed_fonts_are_files_this_engine_requests():
    fonts, per_font = engine()
    paths = {p for _, p in fonts}
    committed = {p.relative_to(FONTS).as_posix() for p in FONTS.rglob("*.woff2")}
    assert committed, "run tools/web_fonts.py (see docs/web-fonts.md)"
    assert committed <= paths, sorted(committed - paths)[:5]
    sc = [p for p in paths if p.startswith("notosanssc/")]
    emoji = [p for p in paths if p.startswith("notocoloremoji/")]
    for path in (*sc, *emoji, dict(fonts)["Noto Sans Arabic"], dict(fonts)["Noto Sans"], dict(fonts)["Noto Sans Devanagari"]):
        # a file the engine may ask for and no committed file: only when the source font has none of its characters
        if path not in committed:
            assert path.startswith(("notosanssc/", "notocoloremoji/")), path
