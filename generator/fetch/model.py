"""A fetched table, in the shape of today's extracts, with where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Number = int | float | None  # None: missing (written `..`)


@dataclass(frozen=True)
class Row:
    area: str
    period: str  # a Jobindsats period code: 2025QMAT01, 2025M04, 2025Q01, 2024Y01
    dimensions: tuple[str, ...]
    values: tuple[Number, ...]


@dataclass
class Fetched:
    """One table as received: rows in extract layout, and the provenance that goes in .kilde.json."""

    table: str  # extract name: y08a02, folk1a
    name: str  # kilder.yaml `navn`
    source: str  # kilder.yaml `kilde`: "Jobindsats.dk", "Danmarks Statistik"
    dimensions: tuple[str, ...]
    measures: tuple[str, ...]
    rows: list[Row]
    provenance: dict[str, Any] = field(default_factory=dict)  # request, update dates, measure ids, sha256
    note: str | None = None  # kilder.yaml `bemærkning`
    totals: dict[str, str] = field(default_factory=dict)  # kilder.yaml `total`: a total row the label does not give away
