"""Breakdowns and filters: køn, alder, herkomst and varighed as Jobindsats' extracts label them.

A metric call names a dimension by its Danish key (`alder`) and a filter value as the question
file writes it (`"16-29"`, `Kvinder`, `Indvandrere`). This module turns that into the extract's
column (`Alder`) and the labels to read and add up (`16-24 år`, `25-29 år`). Age and duration
bands are parsed from the extract's own labels, so a range can only be built from bands the data
really has; the herkomst groups and their collective names live in dimensioner.yaml.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.domain.data import load_package_yaml

DIMENSIONS_FILE = Path(__file__).with_name("dimensioner.yaml")
KEYS = ("køn", "alder", "herkomst", "varighed", "visitation")  # the order calls, tables and messages use
RANGE_KEYS = ("alder", "varighed")
POPULATION_GROUPS = ("køn", "alder", "herkomst")  # the dimensions Danmarks Statistik has a population for (FOLK1E)
RANGE = re.compile(r"^\s*(\d{1,3})?\s*-\s*(\d{1,3})?\s*$")

_BAND_PATTERNS = (
    (re.compile(r"^(\d+)\s*[-–]\s*(\d+)\b"), lambda m: (int(m[1]), int(m[2]))),
    (re.compile(r"^(\d+)\s*(?:\+|år og (?:derover|ældre)|måneder og derover|og derover|og over)", re.I), lambda m: (int(m[1]), None)),
    (re.compile(r"^over\s+(\d+)", re.I), lambda m: (int(m[1]) + 1, None)),
    (re.compile(r"^under\s+(\d+)", re.I), lambda m: (0, int(m[1]) - 1)),
)


@dataclass(frozen=True)
class DimensionSpec:
    key: str  # "alder"
    column: str  # "Alder"
    values: tuple[str, ...] = ()  # fixed labels (køn, herkomst); empty when bands come from the data
    groups: Mapping[str, tuple[str, ...]] | None = None  # collective names → labels
    unit: str | None = None  # "år" or "måneder" for range dimensions
    tables: tuple[str, ...] | None = None  # the only tables that have it (visitation); None: every table
    name: str = ""  # how a message names it: "visitationskategori"


@dataclass(frozen=True)
class Dimensions:
    total: str
    specs: Mapping[str, DimensionSpec]

    def column(self, key: str) -> str:
        return self.specs[key].column

    def key_of(self, column: str) -> str | None:
        return next((spec.key for spec in self.specs.values() if spec.column == column), None)


@cache
def load_dimensions(path: Path = DIMENSIONS_FILE) -> Dimensions:
    raw = load_package_yaml(path)
    specs = {}
    for key, entry in raw["dimensioner"].items():
        groups = {name: tuple(labels) for name, labels in (entry.get("samlet") or {}).items()}
        tables = tuple(entry["kun_tabeller"]) if entry.get("kun_tabeller") else None
        specs[key] = DimensionSpec(key, entry["kolonne"], tuple(entry.get("værdier") or ()), groups or None, entry.get("enhed"), tables, entry.get("navn", key))
    return Dimensions(raw["total"], specs)


def is_total_label(label: object, declared: str | None = None) -> bool:
    """A dimension's total row as the services label it: "I alt", or per dimension "Køn i alt",
    "Ydelsesgrupper i alt", "A-kasse i alt" (Jobindsats v3), or the label kilder.yaml declares
    under `total`. Never a part: a total added to its parts counts everyone twice."""
    if not isinstance(label, str):
        return False
    text = " ".join(label.split()).casefold()
    return text == "i alt" or text.endswith(" i alt") or (declared is not None and text == " ".join(declared.split()).casefold())


def band_range(label: str) -> tuple[int, int | None] | None:
    """'16-24 år' → (16, 24); '60 år og derover' → (60, None); 'Under 3 måneder' → (0, 2)."""
    for pattern, convert in _BAND_PATTERNS:
        match = pattern.match(label.strip())
        if match:
            return convert(match)
    return None


def parse_range(text: str) -> tuple[int | None, int | None] | None:
    """'16-29' → (16, 29); '60-' → (60, None); '-24' → (None, 24); anything else → None."""
    match = RANGE.match(text)
    if not match or (match[1] is None and match[2] is None):
        return None
    low, high = (int(match[1]) if match[1] else None), (int(match[2]) if match[2] else None)
    if low is not None and high is not None and low > high:
        return None
    return low, high


def range_text(low: int | None, high: int | None) -> str:
    return f"{'' if low is None else low}-{'' if high is None else high}"


class BandError(ValueError):
    """A range the bands at hand cannot make up; the message is Danish and names the bands."""


def bands_for_range(key: str, text: str, labels: Iterable[str]) -> tuple[str, ...]:
    """The data's bands that together make up exactly the asked range; refuses any other range."""
    asked = parse_range(text)
    if asked is None:
        raise BandError(f"{key} '{text}' er ikke et interval som '16-29' eller '60-'")
    bands = sorted(
        ((label, span) for label in labels if (span := band_range(label)) is not None),
        key=lambda item: item[1][0],
    )
    if not bands:
        raise BandError(f"udtrækket har ingen grupper for {key}")
    low = bands[0][1][0] if asked[0] is None or asked[0] <= bands[0][1][0] else asked[0]
    high = asked[1]
    chosen = [(label, span) for label, span in bands if span[0] >= low and (high is None or (span[1] is not None and span[1] <= high))]
    covered = bool(chosen) and chosen[0][1][0] == low and _contiguous(chosen) and chosen[-1][1][1] == high
    if not covered:
        available = ", ".join(label for label, _ in bands)
        raise BandError(f"{key} '{text}' kan ikke dannes af udtrækkets grupper ({available})")
    return tuple(label for label, _ in chosen)


def _contiguous(bands: list[tuple[str, tuple[int, int | None]]]) -> bool:
    return all(a[1][1] is not None and a[1][1] + 1 == b[1][0] for a, b in itertools.pairwise(bands))


def canonical_filter_value(key: str, value: str) -> str | None:
    """The value as the contract writes it ('kvinder' → 'Kvinder', '16 - 29' → '16-29'), or None."""
    spec = load_dimensions().specs[key]
    if key in RANGE_KEYS:
        parsed = parse_range(value)
        return range_text(*parsed) if parsed else None
    known = [*spec.values, *(spec.groups or {})]
    return next((name for name in known if name.casefold() == value.strip().casefold()), None)


def known_filter_values(key: str) -> tuple[str, ...]:
    spec = load_dimensions().specs[key]
    return (*spec.values, *(spec.groups or {}))
