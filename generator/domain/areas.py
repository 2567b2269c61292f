"""The letter's home area, its comparison group, and Danish alphabetical order of area names."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.domain.data import load_package_yaml

_ALPHABET = "abcdefghijklmnopqrstuvwxyzæøå"
_FOREIGN = str.maketrans({"ä": "æ", "ö": "ø", "ü": "y", "é": "e", "è": "e"})


@dataclass(frozen=True)
class Place:
    """Where the letter is written from, as its template profile declares it."""

    area: str  # Jobindsats' name of the home area, e.g. "København"
    residents: str  # its residents in a sentence, e.g. "københavnere"
    municipality: str  # the municipality as an employer, e.g. "Københavns Kommune"
    group_name: str  # "6-byer", as in "de øvrige 6-byer"
    group_definite: str  # "6-byerne"
    group_areas: tuple[str, ...]  # the group, home area included
    national: str  # "Hele landet"

    @property
    def other_areas(self) -> tuple[str, ...]:
        return tuple(area for area in self.group_areas if area != self.area)


def danish_sort_key(name: str) -> tuple[tuple[int, int], ...]:
    """Sort key for Danish alphabetical order: æ, ø, å after z, and Aa as Å (Aalborg after Randers)."""
    text = name.casefold().translate(_FOREIGN).replace("aa", "å")
    return tuple((1, _ALPHABET.index(ch)) if ch in _ALPHABET else (0, ord(ch)) for ch in text)


# --------------------------------------------------------------------------- every area in Danish data

AREAS_FILE = Path(__file__).with_name("omraader.yaml")
_KOMMUNE_SUFFIX = re.compile(r"\s+(?:kommune|regionskommune)$")


@dataclass(frozen=True)
class Area:
    """One area of Jobindsats' tables, and how a letter names it."""

    name: str  # "Vejle", "Region Hovedstaden", "Hele landet"
    kind: str  # "kommune", "region" or "land"
    region: str | None = None
    demonyms: tuple[str, ...] = ()  # "vejlensere", …, as written in questions
    forms: tuple[str, ...] = ()  # other spellings: "århus", "kbh"

    @property
    def official(self) -> str:
        """'Vejle Kommune', 'Københavns Kommune', 'Region Hovedstaden', 'Hele landet'."""
        if self.kind != "kommune":
            return self.name
        return _OFFICIAL.get(self.name, f"{self.name} Kommune")


# Municipalities whose official name is not simply "<name> Kommune".
_OFFICIAL = {"København": "Københavns Kommune", "Bornholm": "Bornholms Regionskommune"}


@dataclass(frozen=True)
class AreaRegistry:
    """The 98 municipalities, 5 regions and Hele landet, with the words that name them."""

    areas: dict[str, Area]
    districts: dict[str, str]  # a district or town inside a municipality → the municipality
    national: str

    def __contains__(self, name: object) -> bool:
        return name in self.areas

    def get(self, name: str) -> Area:
        return self.areas[name]

    def canonical(self, written: str) -> str | None:
        """The area a name stands for, however it is written ('vejle kommune' → 'Vejle')."""
        key = _folded(written)
        return self._lookup().get(key) or self._lookup().get(_KOMMUNE_SUFFIX.sub("", key))

    def closest(self, written: str) -> str | None:
        matches = difflib.get_close_matches(_folded(written), list(self._lookup()), n=1, cutoff=0.75)
        return self._lookup()[matches[0]] if matches else None

    def municipalities_of(self, region: str) -> tuple[str, ...]:
        return tuple(area.name for area in self.areas.values() if area.region == region)

    @functools.cached_property
    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for area in self.areas.values():
            for written in (area.name, area.official, *area.forms):
                names.setdefault(_folded(written), area.name)
        return names

    def _lookup(self) -> dict[str, str]:
        return self._names


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace("‐", "-").split())


@functools.cache
def load_areas(path: Path = AREAS_FILE) -> AreaRegistry:
    raw = load_package_yaml(path)
    national = raw["landsplan"]["navn"]
    areas = {national: Area(national, "land", forms=tuple(raw["landsplan"].get("former") or ()))}
    for name, entry in raw["regioner"].items():
        areas[name] = Area(name, "region", forms=tuple((entry or {}).get("former") or ()))
    for name, entry in raw["kommuner"].items():
        entry = entry or {}
        areas[name] = Area(name, "kommune", entry.get("region"), tuple(entry.get("indbyggere") or ()), tuple(entry.get("former") or ()))
    districts = {
        district.strip(): municipality
        for municipality, names in (raw.get("bydele") or {}).items()
        for item in names
        for district in str(item).split("/")
    }
    return AreaRegistry(areas, districts, national)
