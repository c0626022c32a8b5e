"""Build the fallback fonts the web client fetches for scripts Roboto lacks (CJK, Arabic, emoji...).

Flutter's web engine draws text with Roboto; for any other script it downloads a
"Noto" font file that covers the missing characters, from ``fontFallbackBaseUrl``.
Flet 1.0.5 sets that URL to ``assets/fonts/`` when the app runs with ``no_cdn=True``
(``flet_web/patch_index.py``), so the browser asks the app's own server for, e.g.,
``assets/fonts/notosanssc/v37/<id>.118.woff2``. The server looks such paths up in the
app's ``assets/`` folder (``flet_web/fastapi/flet_static_files.py``), i.e. in
``assets/assets/fonts/``: this script writes the files there.

The engine's list of files, and which characters each one covers, is compiled into
``flet_web/web/main.dart.js``. This script decodes it (the same packed format the
engine's ``font_fallbacks.dart`` reads) and cuts each file's characters out of
Debian's Noto fonts with fontTools, so every file holds exactly what the engine
expects from it and a page downloads only the pieces its text needs.

Sources (Debian packages): fonts-noto-cjk (NotoSansCJK-Regular.ttc),
fonts-noto-core (NotoSans, NotoSansArabic, NotoSansDevanagari), fonts-noto-color-emoji.

Run (after ``apt-get install fonts-noto-cjk fonts-noto-core fonts-noto-color-emoji``)::

    uv run --with fonttools==4.* --with brotli python tools/web_fonts.py

Re-run it when flet-web is upgraded: the file names are versioned by the engine.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "assets" / "assets" / "fonts"

CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
NOTO = "/usr/share/fonts/truetype/noto/"
EMOJI = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"

# engine font name (without the split number) -> (source file, face index in a collection)
SOURCES: dict[str, tuple[str, int]] = {
    "Noto Sans SC": (CJK, 2),
    "Noto Sans Arabic": (NOTO + "NotoSansArabic-Regular.ttf", 0),
    "Noto Sans Devanagari": (NOTO + "NotoSansDevanagari-Regular.ttf", 0),
    "Noto Color Emoji": (EMOJI, 0),
    # Google's "Noto Sans" also carries Devanagari, and the engine picks it for Hindi text.
    "Noto Sans": (NOTO + "NotoSans-Regular.ttf", 0),
}
MERGE_INTO = {"Noto Sans": NOTO + "NotoSansDevanagari-Regular.ttf"}
# Opt-in (--all-cjk): what browsers set to Japanese, Korean or traditional Chinese ask for.
MORE_CJK = {"Noto Sans JP": (CJK, 0), "Noto Sans KR": (CJK, 1), "Noto Sans TC": (CJK, 3), "Noto Sans HK": (CJK, 4)}


def main_dart_js() -> Path:
    import flet_web

    return Path(flet_web.__file__).parent / "web" / "main.dart.js"


def engine_fallback_table(js: str) -> tuple[list[tuple[str, str]], dict[int, list[tuple[int, int]]]]:
    """The engine's fallback fonts [(name, path)] and, per font index, its code point ranges."""
    start = js.index('A.z("Noto Color Emoji 0"')
    fonts = re.findall(r'A\.z\("([^"]+)","([^"]+)"\)', js[start: js.index("]", start)])
    sets_packed = re.search(r'\("([0-9a-z,]{10000,})"\)', js).group(1)  # starts with the empty set
    ranges_packed = re.search(r'\("([0-9A-Za-z]{10000,})",', js).group(1)

    font_sets: list[list[int]] = []
    for packed in sets_packed.split(","):
        members, prev, prefix = [], -1, 0
        for ch in packed:
            if ch.islower():
                prev = prev + prefix * 26 + (ord(ch) - 97) + 1
                members.append(prev)
                prefix = 0
            else:
                prefix = prefix * 10 + int(ch)
        font_sets.append(members)

    per_font: dict[int, list[tuple[int, int]]] = defaultdict(list)
    end, prefix, run = 0, 0, 1
    for ch in ranges_packed:
        if "A" <= ch <= "Z":
            comp = prefix * 26 + (ord(ch) - 65)
            lo, end = end, end + run
            for font in font_sets[comp]:
                per_font[font].append((lo, end))
            prefix, run = 0, 1
        elif "a" <= ch <= "z":
            run = prefix * 26 + (ord(ch) - 97) + 2
            prefix = 0
        else:
            prefix = prefix * 10 + int(ch)
    if end != 0x110000:
        raise SystemExit(f"could not decode the engine's font table (covered {end} code points)")
    return fonts, per_font


_SOURCE_BYTES: dict[tuple[str, int], bytes] = {}


def load(path: str, index: int):
    """A fresh copy of one font (subsetting changes it in place); each source is parsed once."""
    import io

    from fontTools.ttLib import TTFont

    key = (path, index)
    if key not in _SOURCE_BYTES:
        buf = io.BytesIO()
        TTFont(path, fontNumber=index).save(buf)  # one face of a collection as a plain font
        _SOURCE_BYTES[key] = buf.getvalue()
    return TTFont(io.BytesIO(_SOURCE_BYTES[key]))


def subset(font, codepoints: set[int]):
    from fontTools import subset as ft_subset

    options = ft_subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    sub = ft_subset.Subsetter(options)
    sub.populate(unicodes=codepoints)
    sub.subset(font)
    return font


def halve_bitmaps(font) -> None:
    """Store colour-bitmap (CBDT) emoji at half size: 68 px images instead of 136 px.

    Debian's Noto Color Emoji is a bitmap font; at half size its files are about a third
    as large and still sharper than text sizes need (the engine scales the strike).
    """
    import io

    from PIL import Image

    if "CBDT" not in font:
        return
    for strike, data in zip(font["CBLC"].strikes, font["CBDT"].strikeData):
        size = strike.bitmapSizeTable
        size.ppemX, size.ppemY = size.ppemX // 2, size.ppemY // 2
        for lines in (size.hori, size.vert):
            for attr in ("ascender", "descender", "widthMax", "maxBeforeBL", "minAfterBL"):
                setattr(lines, attr, int(getattr(lines, attr) / 2))
        for glyph in data.values():
            if hasattr(glyph, "data"):
                glyph.decompile()
            m = glyph.metrics
            image = Image.open(io.BytesIO(glyph.imageData))
            image = image.resize((max(1, m.width // 2), max(1, m.height // 2)), Image.LANCZOS)
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
            glyph.imageData = out.getvalue()
            m.width, m.height = image.width, image.height
            for attr in ("BearingX", "BearingY", "Advance"):
                if hasattr(m, attr):
                    setattr(m, attr, int(getattr(m, attr) / 2))


def build(families: dict[str, tuple[str, int]], out: Path) -> list[tuple[str, int]]:
    from fontTools.merge import Merger

    js = main_dart_js().read_text(encoding="utf-8")
    fonts, per_font = engine_fallback_table(js)
    written = []
    for index, (name, path) in enumerate(fonts):
        family = re.sub(r" \d+$", "", name)
        if family not in families:
            continue
        source, face = families[family]
        wanted = {cp for lo, hi in per_font[index] for cp in range(lo, hi)}
        font = load(source, face)
        cmap = set(font.getBestCmap())
        if family in MERGE_INTO:
            extra = load(MERGE_INTO[family], 0)
            extra_cps = (wanted - cmap) & set(extra.getBestCmap())
            if extra_cps:
                tmp = out.parent / ".merge"
                tmp.mkdir(parents=True, exist_ok=True)
                a, b = tmp / "a.ttf", tmp / "b.ttf"
                base = subset(font, wanted & cmap)
                base.flavor = None
                base.save(a)
                add = subset(extra, extra_cps)
                add.flavor = None
                add.save(b)
                font = Merger().merge([str(a), str(b)])
                shutil.rmtree(tmp)
                cmap = set(font.getBestCmap())
        have = wanted & cmap
        if not have:
            continue
        font = subset(font, have)
        halve_bitmaps(font)
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        font.flavor = "woff2"
        font.save(target)
        written.append((path, target.stat().st_size))
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--all-cjk", action="store_true", help="also Japanese, Korean, traditional Chinese forms")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    families = dict(SOURCES)
    if args.all_cjk:
        families.update(MORE_CJK)
    missing = sorted({src for src, _ in families.values()} | set(MERGE_INTO.values()))
    missing = [m for m in missing if not Path(m).exists()]
    if missing:
        print("missing source fonts (apt-get install fonts-noto-cjk fonts-noto-core fonts-noto-color-emoji):",
              *missing, sep="\n  ")
        return 2
    if args.out.exists():
        shutil.rmtree(args.out)
    written = build(families, args.out)
    total = sum(size for _, size in written)
    print(f"{len(written)} files, {total / 1e6:.1f} MB in {args.out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
