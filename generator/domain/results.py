"""What a metric computation returns: numbers, tables and where every figure came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


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
    derived: tuple[str, ...] = ()  # "afledt af …" for each kilder.yaml entry of worked-out cells read here


@dataclass(frozen=True)
class Origin:
    """Where a figure in a letter comes from: the cells read, and how they were combined."""

    reads: tuple[Provenance, ...]
    operation: str | None = None  # "difference", "monthly_mean", … ; None for a figure read as it is
    operands: tuple[float, ...] = ()

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(dict.fromkeys(read.file for read in self.reads))


class Figure(float):
    """A number read or computed from the data that remembers its `Origin`.

    It behaves as a float in templates (comparisons, `abs`), so wording can depend on it, and the
    formatting filters can tell a reviewer where every printed number came from.
    """

    origin: Origin

    def __new__(cls, value: float, origin: Origin) -> Figure:
        figure = super().__new__(cls, value)
        figure.origin = origin
        return figure

    def __abs__(self) -> Figure:
        return Figure(abs(float(self)), self.origin)

    def __neg__(self) -> Figure:
        return Figure(-float(self), self.origin)

    def __reduce__(self):
        return (Figure, (float(self), self.origin))

    @classmethod
    def total(cls, parts: list[Figure]) -> Figure:
        """The sum of the parts, remembering each (counts and full-time persons add; shares do not)."""
        origin = Origin(tuple(read for part in parts for read in part.origin.reads), "sum", tuple(float(part) for part in parts))
        return cls(sum(float(part) for part in parts), origin)

    @classmethod
    def difference(cls, later: Figure, earlier: Figure) -> Figure:
        """later − earlier, remembering both."""
        origin = Origin(later.origin.reads + earlier.origin.reads, "difference", (float(later), float(earlier)))
        return cls(float(later) - float(earlier), origin)


class TracedInt(int):
    """A whole number from the data that is printed as written (a year), remembering its `Origin`."""

    origin: Origin

    def __new__(cls, value: int, origin: Origin) -> TracedInt:
        traced = super().__new__(cls, value)
        traced.origin = origin
        return traced

    def __reduce__(self):
        return (TracedInt, (int(self), self.origin))


class TracedDate(date):
    """A date from the data (an extract's date) that remembers its `Origin`."""

    origin: Origin

    def __new__(cls, value: date, origin: Origin) -> TracedDate:
        traced = super().__new__(cls, value.year, value.month, value.day)
        traced.origin = origin
        return traced

    def __reduce__(self):
        return (TracedDate, (date(self.year, self.month, self.day), self.origin))


@dataclass(frozen=True)
class Table:
    """A computed table as plain values: each column's cells in row order (NaN = missing).

    Results hold plain tables, so a result shared by many letters costs little memory."""

    columns: dict[str, tuple[Any, ...]]

    def column(self, key: str) -> tuple[Any, ...]:
        return self.columns[key]


@dataclass
class MetricResult:
    """Raw numbers for the text template, plain tables, and their provenance."""

    metric_id: str
    values: dict[str, Any]
    tables: dict[str, Table] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)
    cell_origins: dict[str, dict[tuple[int, str], Origin]] = field(default_factory=dict)  # table → (row, column)
    warnings: list[str] = field(default_factory=list)  # what the caseworker should know about the data read
    summed_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # filter → the published bands added up ("16-29": 16-24 + 25-29)

    def provenance_of(self, *tables: str) -> list[Provenance]:
        """The provenance entries read from the given tables (all when none are named)."""
        return [p for p in self.provenance if not tables or p.table in tables]
