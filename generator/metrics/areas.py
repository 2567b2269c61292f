"""The letter's home area, its comparison group, and Danish alphabetical order of area names."""

from __future__ import annotations

from dataclasses import dataclass

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
