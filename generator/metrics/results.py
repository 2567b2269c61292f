"""What a metric computation returns: numbers, tables and where every figure came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Provenance:
    """One read from one extract: enough for a reviewer to find the figures again."""

    table: str
    source: str
    example_data: bool
    file: Path
    extract_date: date
    areas: tuple[str, ...]
    periods: tuple[str, ...]
    measures: tuple[str, ...]
    note: str | None = None  # kilder.yaml's remark on the table, e.g. a break in the series


@dataclass
class MetricResult:
    """Raw numbers for the text template, DataFrames for its tables, and their provenance."""

    metric_id: str
    values: dict[str, Any]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)

    def provenance_of(self, *tables: str) -> list[Provenance]:
        """The provenance entries read from the given tables (all when none are named)."""
        return [p for p in self.provenance if not tables or p.table in tables]
