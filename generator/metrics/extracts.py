"""Versioned data extracts in Jobindsats' CSV layout: discovery, validation and loading.

A data folder holds `<table>_<YYYY-MM-DD>.csv` files (the date is the extract date; several
extracts of one table may coexist) and `kilder.yaml`, which declares every table:

    tabeller:
      y08a02:
        navn: Fleksjob            # required text
        kilde: Jobindsats.dk      # required text, printed in "Kilde: ..." lines
        eksempeldata: false       # optional true/false, default false (true = synthetic figures)
        bemærkning: …             # optional text printed as a note under tables from this source
        dimensioner: [Ydelsesgrupper]  # optional: text columns that split the figures further
        afledte_celler:           # optional: cells that are not published figures but worked out
          - fil: y08a02_2024-08-12.csv        # required: an extract of this table
            område: København                 # optional text or list; absent = every area
            periode: 2024QMAT02               # optional text or list; absent = every period
            mål: Antal personer               # optional text or list; absent = every measure
            afledt_af: "forvaltningen: 5.192 − 305"   # required: how; printed "afledt af …"

A figure that reads such a cell says "afledt af …" in its provenance (the draft's comment and the
sidecar); published cells are not marked. A measure that the named file lacks is refused; an entry
for a file, area or period that is not there marks nothing.

A CSV is `;`-separated UTF-8 (a BOM is tolerated) with the columns `Område`, `Periode` and one
column per measure, read by name in any order (Jobindsats API v3 puts `Periode` first; v2's `Area`
and `Period` are read as `Område` and `Periode`). A measure column named as one of its label
variants in `maal.yaml` ("… af arbejdsstyrken" without "16-66 år") is read as the measure.

Numbers are read one way per file. A file with a decimal comma anywhere (or with no decimals at
all) is Danish: decimal comma and optionally `.` as thousands separator in valid groups
(`1.234.567`, `1.234,5`; `3.2` is refused). A file whose only decimal mark is a point (`0.6`, as
the API sends) is read with decimal point and no thousands separator; a cell in it that could be
either (`1.234`) makes the file ambiguous, and it is refused. `..`, `-`, `null` and empty cells are
missing (NaN), never zero. Every refusal is a `DataError` naming file, line (header = line 1) and
column.
"""

from __future__ import annotations

import datetime
import math
import os
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from generator.caching import Cache
from generator.domain.dimensions import is_total_label
from generator.domain.periods import Period, parse_period
from generator.errors import DataError, MissingDataError
from generator.metrics.cellindex import CellIndex, Summary, open_index
from generator.metrics.csvfile import EXTRACT_NAME, read_extract_csv
from generator.metrics.sources import DERIVED_CELLS, SOURCES_FILE, TableInfo, read_sources
from generator.metrics.sums import exact_sum
from generator.versions import file_version

if TYPE_CHECKING:
    import pandas as pd


from generator.metrics.csvfile import (  # noqa: F401  (the store's public names)
    AREA_COLUMN,
    LONG_COLUMNS,
    PERIOD_COLUMN,
    SEPARATOR,
    LabelVariants,
    canonical_header,
    load_label_variants,
)

# --------------------------------------------------------------------------- public types


class MissingTableError(MissingDataError):
    """A table a metric needs is not in the data folder (or not declared in kilder.yaml)."""


NAN = float("nan")


class Cell(NamedTuple):
    """One figure as a selection reads it: area, period code, the labels of the columns it is broken down by, and
    the value (NaN = missing)."""

    area: str
    period: str
    labels: tuple[str, ...]
    value: float


@dataclass(frozen=True)
class Extract:
    """One extract file of one table; its figures are loaded on first use and cached."""

    table: str
    extract_date: datetime.date
    path: Path
    # The file as the store found it (resolved path, mtime in ns, size): the caches below key on
    # the version the store saw, with no stat or path resolving per lookup.
    version: tuple[Path, int, int] = field(repr=False)
    dimensions: tuple[str, ...] = ()
    totals: tuple[tuple[str, str], ...] = ()  # declared total labels by dimension column (kilder.yaml `total`)

    @property
    def frame(self) -> pd.DataFrame:
        """The long table: area, period (code), measure, value (float64, NaN = missing), read with pandas.

        Rows follow the file; within a row, measures follow the column order. The caller gets
        its own copy, so changing it does not change the cached figures. Letters read `index`.
        """
        return _frame_for_version(*self.version, self.dimensions).copy()

    @property
    def index(self) -> CellIndex:
        """The extract's cells as checked and indexed (on disk beside the file, see cellindex.py)."""
        return _index_for_version(*self.version, self.dimensions)

    @property
    def summary(self) -> Summary:
        return self.index.summary

    def periods(self) -> list[Period]:
        """Distinct periods of this extract, oldest first."""
        return list(_periods_of(self))

    def newest_period(self, measure: str | None = None) -> Period:
        """The newest period with at least one figure (for `measure` when given)."""
        if measure is not None:
            _require_measure(self, measure)
        chosen = (measure,) if measure is not None else self.measures
        with_figures = {code for name in chosen for code in self.summary.periods_with_figures.get(name, ())}
        if not with_figures:
            what = f"målet '{measure}'" if measure is not None else "nogen periode"
            raise MissingDataError(f"udtrækket har ingen tal for {what}", file=self.path)
        return _sorted_periods(with_figures)[-1]

    @property
    def measures(self) -> tuple[str, ...]:
        """The measure columns of this extract."""
        return self.summary.measures

    def file_label(self, measure: str) -> str:
        """The measure's column name in the file: a label variant (maal.yaml), or the measure itself."""
        return self.summary.labels.get(measure, measure)

    def dimension_labels(self, column: str) -> tuple[str, ...]:
        """The labels a dimension column has in this extract, in file order ("I alt" included)."""
        if column not in self.dimensions:
            return ()
        return self.summary.dimension_labels[column]

    def total_label(self, column: str) -> str | None:
        """The label of the dimension's total row ("I alt", "Køn i alt" …), None when it has none."""
        declared = dict(self.totals).get(column)
        if declared is not None:
            # Declared in kilder.yaml, it is the only total: its parts may end in "i alt" themselves
            # (Jobindsats' "Virksomhedspraktik i alt" under "Tilbud i alt").
            totals = [label for label in self.dimension_labels(column) if " ".join(label.split()).casefold() == " ".join(declared.split()).casefold()]
        else:
            totals = [label for label in self.dimension_labels(column) if is_total_label(label)]
        if len(totals) > 1:
            raise DataError(f"kolonnen '{column}' har flere totalrækker ({', '.join(totals)}); angiv den rigtige under 'total' i {SOURCES_FILE}", file=self.path)
        return totals[0] if totals else None

    def part_labels(self, column: str) -> tuple[str, ...]:
        """The dimension's labels other than its total."""
        total = self.total_label(column)
        return tuple(label for label in self.dimension_labels(column) if label != total)


class ExtractStore:
    """The extracts in a data folder, optionally limited to those dated on or before `cutoff`."""

    def __init__(self, folder: Path, cutoff: datetime.date | None = None) -> None:
        self.folder = Path(folder)
        self.cutoff = cutoff
        _require_folder(self.folder)
        self._tables = read_sources(self.folder / SOURCES_FILE)
        self.ignored: list[tuple[Path, str]] = []  # CSV files that are no extract of a declared table, and why
        self._resolved = self.folder.resolve()
        self._extracts = _discover_extracts(self.folder, self._resolved, self._tables, self.ignored)
        _check_derived_cells(self.folder / SOURCES_FILE, self._tables, self._extracts)
        self.fingerprint = self._fingerprint()

    def _fingerprint(self) -> tuple[object, ...]:
        """What the figures read through this store depend on: the folder, the cutoff, kilder.yaml's
        version and every extract's version. Equal fingerprints mean equal figures."""
        versions = tuple((e.path.name, *e.version[1:]) for group in self._extracts.values() for e in group)
        return (self._resolved, self.cutoff, file_version(self.folder / SOURCES_FILE), versions)

    def table_info(self, table: str) -> TableInfo:
        """The kilder.yaml declaration of `table`."""
        try:
            return self._tables[table]
        except KeyError:
            raise MissingTableError(
                f"tabellen '{table}' er ikke beskrevet i {SOURCES_FILE}", file=self.folder / SOURCES_FILE
            ) from None

    def extracts(self, table: str) -> list[Extract]:
        """Extracts of `table` dated on or before the cutoff, newest first."""
        self.table_info(table)
        every = self._extracts.get(table, [])
        chosen = [e for e in every if self.cutoff is None or e.extract_date <= self.cutoff]
        if not chosen:
            message = f"ingen udtræk af tabellen '{table}' i {self.folder.resolve()}"
            if every and self.cutoff is not None:
                message += f" dateret senest {self.cutoff:%d-%m-%Y}"
            lookalikes = [f"{path.name} ({reason})" for path, reason in self.ignored if path.name.casefold().startswith(table.casefold())]
            if lookalikes:
                message += "; ignorerede filer: " + ", ".join(lookalikes)
            raise MissingTableError(message)
        return chosen

    def derivations(self, extract: Extract, measure: str, areas: Sequence[str], periods: Sequence[str]) -> tuple[str, ...]:
        """How the derived cells among these were worked out ("afledt af …"); () when all are published."""
        info = self.table_info(extract.table)
        return tuple(
            dict.fromkeys(
                cells.description for cells in info.derived_cells if cells.covers(extract.path.name, measure, areas, periods)
            )
        )

    def tables(self) -> list[str]:
        """The declared tables that have extracts in the folder (within the cutoff or not)."""
        return sorted(self._extracts)

    def has(self, table: str, within_cutoff: bool = True) -> bool:
        """Whether `table` is declared in kilder.yaml and has an extract (within the cutoff, unless
        `within_cutoff` is false)."""
        return table in self._tables and any(
            not within_cutoff or self.cutoff is None or e.extract_date <= self.cutoff for e in self._extracts.get(table, [])
        )

    def current(self, table: str) -> Extract:
        """The newest extract of `table` within the cutoff."""
        return self.extracts(table)[0]

    def previous(self, table: str) -> Extract | None:
        """The extract before the current one, or None when there is only one."""
        chosen = self.extracts(table)
        return chosen[1] if len(chosen) > 1 else None

    def values(
        self,
        extract: Extract,
        measure: str,
        areas: Sequence[str] | None = None,
        periods: Sequence[str] | None = None,
        selection: Mapping[str, str | tuple[str, ...]] | None = None,
        by: tuple[str, ...] = (),
    ) -> list[Cell]:
        """Figures for one measure (optionally only some areas / period codes) as cells: area, period, the labels
        of the dimensions in `by`, value.

        Cells keep the file order. Every asked-for area, period and area-period combination must
        have a row (MissingDataError otherwise); a missing cell in the file is returned as NaN.
        Dimension columns are read as `selection` says: one label, or several labels added up;
        an unselected dimension is read at its "I alt" rows, or added up over all its labels when
        the extract has no such rows (`summed_dimensions` tells which).
        """
        plan = _plan(extract, measure, _selection_key(selection), by)
        area_list, period_list = _as_list(areas), _as_list(periods)
        cells = _read_cells(extract, measure, plan, by, area_list, period_list)
        _require_rows(extract, measure, plan, cells, area_list, period_list)
        return cells

    def areas_of(self, extract: Extract, measure: str, selection: Mapping[str, str | tuple[str, ...]] | None = None) -> Set[str]:
        """The areas that have rows of this measure (as `values` would read them)."""
        return set(extract.index.distinct("area", measure, _plan(extract, measure, _selection_key(selection)).filters))

    def summed_dimensions(
        self, extract: Extract, measure: str, selection: Mapping[str, str | tuple[str, ...]] | None = None, by: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        """The dimension columns whose figures were added up by `values` (not read as published)."""
        return _plan(extract, measure, _selection_key(selection), by).summed

    def periods_with_figures(
        self,
        extract: Extract,
        measure: str,
        selection: Mapping[str, str | tuple[str, ...]] | None = None,
        by: tuple[str, ...] = (),
        areas: Sequence[str] | None = None,
    ) -> list[Period]:
        """The periods, oldest first, in which the selected figure exists for every one of `areas` (for some area,
        when none are given), in at least one of the `by` labels."""
        plan = _plan(extract, measure, _selection_key(selection), by)
        wanted = list(dict.fromkeys(areas)) if areas else None
        index = extract.index
        if plan.summed:
            groups = index.complete_groups(measure, plan.filters, by, plan.parts, wanted)
        else:
            groups = index.figures(measure, plan.filters, wanted)
        areas_by_period: dict[str, set[str]] = {}
        for area, period, *_ in groups:
            areas_by_period.setdefault(period, set()).add(area)
        return _sorted_periods(period for period, found in areas_by_period.items() if wanted is None or len(found) == len(wanted))


def _selection_key(selection: Mapping[str, str | tuple[str, ...]] | None) -> tuple[tuple[str, str | tuple[str, ...]], ...]:
    return tuple(sorted((selection or {}).items()))


def _check_derived_cells(path: Path, tables: dict[str, TableInfo], extracts: dict[str, list[Extract]]) -> None:
    """Every measure a derived-cells entry names must be a column of its extract, so a misspelt
    measure cannot leave a worked-out figure unmarked. Areas and periods are not checked: a row
    may go when an extract is corrected, and an entry for an absent row or file marks nothing."""
    for table_id, info in tables.items():
        for cells in info.derived_cells:
            extract = next((e for e in extracts.get(table_id, []) if e.path.name == cells.file), None)
            if extract is None:
                continue
            absent = [measure for measure in cells.measures if measure not in extract.measures]
            if absent:
                raise DataError(
                    f"{cells.file} har ikke målet '{absent[0]}' (kolonner: {', '.join(extract.measures)})",
                    file=path,
                    line=cells.line,
                    field=f"tabeller.{table_id}.{DERIVED_CELLS}",
                )


# --------------------------------------------------------------------------- discovery


def _require_folder(folder: Path) -> None:
    if not folder.exists():
        raise DataError(f"datamappen findes ikke: {folder}")
    if not folder.is_dir():
        raise DataError(f"datamappen er ikke en mappe: {folder}")


def _discover_extracts(
    folder: Path, resolved: Path, tables: dict[str, TableInfo], ignored: list[tuple[Path, str]]
) -> dict[str, list[Extract]]:
    """Every CSV extract in the folder by table, newest first. Hidden files (`.name`) are skipped;
    a CSV that is no extract of a declared table (notes, a population file) is put in `ignored`
    with the reason, so one stray file does not stop every letter."""
    found: dict[str, list[Extract]] = {}
    for path in sorted(folder.iterdir()):
        if not _is_csv_file(path):
            continue
        try:
            table, extract_date = parse_extract_name(path)
        except DataError as error:
            ignored.append((path, error.message))
            continue
        if table not in tables:
            ignored.append((path, f"tabellen '{table}' er ikke beskrevet i {SOURCES_FILE}"))
            continue
        found.setdefault(table, []).append(Extract(table, extract_date, path, _found_version(path, resolved), tables[table].dimensions, tables[table].totals))
    return {table: sorted(group, key=lambda e: e.extract_date, reverse=True) for table, group in found.items()}


def _is_csv_file(path: Path) -> bool:
    return path.suffix.lower() == ".csv" and not path.name.startswith(".") and path.is_file()


def parse_extract_name(path: Path) -> tuple[str, datetime.date]:
    """Table id and extract date from `<table>_<YYYY-MM-DD>.csv`."""
    match = EXTRACT_NAME.match(path.name)
    if not match:
        raise DataError("filnavnet skal have formen <tabel>_<ÅÅÅÅ-MM-DD>.csv", file=path)
    try:
        extract_date = datetime.date.fromisoformat(match["date"])
    except ValueError:
        raise DataError(f"ugyldig dato '{match['date']}' i filnavnet", file=path) from None
    return match["table"], extract_date




# --------------------------------------------------------------------------- cache


def _found_version(path: Path, folder: Path) -> tuple[Path, int, int]:
    """The extract's version, named by the resolved folder (however the folder was written)."""
    try:
        return (folder / path.name, *file_version(path))
    except OSError as error:
        raise DataError(f"filen kan ikke læses: {error.strerror}", file=path) from None


_INDEXES: Cache[CellIndex] = Cache("udtræk", 64)


def _index_for_version(path: Path, mtime_ns: int, size: int, dimensions: tuple[str, ...]) -> CellIndex:
    """The extract's cells, opened once per process and file version (and per process: a forked worker opens its own)."""
    return _INDEXES.get((path, mtime_ns, size, dimensions, os.getpid()), open_index, path, dimensions)


_FRAMES: Cache[pd.DataFrame] = Cache("udtræk_tabeller", 8)


def _frame_for_version(path: Path, mtime_ns: int, size: int, dimensions: tuple[str, ...]) -> pd.DataFrame:
    """The validated long table, read again only when the file's mtime or size changes."""
    return _FRAMES.get((path, mtime_ns, size, dimensions), read_extract_csv, path, dimensions)


# --------------------------------------------------------------------------- selection


def _sorted_periods(codes: Iterable[str]) -> list[Period]:
    """Periods oldest first; equal sort keys (e.g. 2025Q01 / 2025QMAT01) are ordered by code."""
    return sorted((parse_period(code) for code in codes), key=lambda p: (p.sort_key, p.code))


_PERIODS: Cache[tuple[Period, ...]] = Cache("udtræk_perioder", 256)


def _periods_of(extract: Extract) -> tuple[Period, ...]:
    return _PERIODS.get(extract, lambda: tuple(_sorted_periods(extract.summary.periods)))


def _require_measure(extract: Extract, measure: str) -> None:
    if measure not in extract.measures:
        available = ", ".join(f"'{m}'" for m in extract.measures)
        raise MissingDataError(f"kolonnen '{measure}' findes ikke i udtrækket (kolonner: {available})", file=extract.path)


def _as_list(items: Sequence[str] | str | None) -> list[str] | None:
    """A list of the asked-for items; a lone string counts as one item, not as its letters."""
    if items is None:
        return None
    return [items] if isinstance(items, str) else list(items)


@dataclass(frozen=True)
class _Plan:
    """How one measure is read under a selection: the labels each dimension column is read at (a text: every label
    but the total; None: every label), the columns added up, and how many rows make one complete sum."""

    filters: dict[str, tuple[str, ...] | str | None]
    summed: tuple[str, ...]
    parts: int


_PLANS: Cache[_Plan] = Cache("udtræk_opslag", 512)


def _plan(extract: Extract, measure: str, selection: tuple, by: tuple[str, ...] = ()) -> _Plan:
    return _PLANS.get((extract, measure, selection, by), _make_plan, extract, measure, dict(selection), by)


def _make_plan(extract: Extract, measure: str, selection: Mapping[str, str | tuple[str, ...]], by: tuple[str, ...]) -> _Plan:
    """Each dimension read at the selected label(s), at "I alt", or added up over its labels; for a count read at a
    total, the total must not be smaller than its parts."""
    _require_measure(extract, measure)
    unknown = [name for name in (*selection, *by) if name not in extract.dimensions]
    if unknown:
        raise MissingDataError(f"udtrækket er ikke opdelt på '{unknown[0]}'", file=extract.path)
    has = extract.summary.dimension_labels  # every line of the file has every measure
    filters: dict[str, tuple[str, ...] | str | None] = {}
    summed: list[str] = []
    parts = 1
    for name in extract.dimensions:
        wanted = selection.get(name)
        total = extract.total_label(name)
        if name in by:
            filters[name] = tuple(_as_list(wanted) or ()) if wanted is not None else total
            continue
        if wanted is None:
            if total is not None:
                if _is_count(measure):
                    _check_parts_within_total(extract, measure, name, total)
                filters[name] = (total,)
            else:
                filters[name] = None
                summed.append(name)
                parts *= len(has.get(name, ()))
            continue
        labels = (wanted,) if isinstance(wanted, str) else tuple(wanted)
        absent = [label for label in labels if label not in has.get(name, ())]
        if absent:
            raise MissingDataError(f"udtrækket har ingen tal for {name} '{absent[0]}'", file=extract.path)
        filters[name] = labels
        if len(labels) > 1:
            summed.append(name)
            parts *= len(labels)
    return _Plan(filters, tuple(summed), parts)


def _is_count(measure: str) -> bool:
    """Persons and full-time persons add up over a dimension's parts; a percentage does not."""
    return measure.startswith("Antal ")


def _check_parts_within_total(extract: Extract, measure: str, column: str, total: str) -> None:
    """The parts of a dimension never add up to more than its total row: if they do, the row taken
    for the total is not one (a total read as a part, or a part as the total)."""
    where = extract.index.first_total_below_parts(measure, column, total)
    if where is not None:
        raise DataError(
            f"delene i kolonnen '{column}' er større end totalrækken '{total}' ({where[0]}, {where[1]}); "
            f"er '{total}' den rigtige total? Angiv den under 'total' i {SOURCES_FILE}",
            file=extract.path,
        )


def _read_cells(extract: Extract, measure: str, plan: _Plan, by: tuple[str, ...], areas: list[str] | None, periods: list[str] | None) -> list[Cell]:
    """The selected rows as cells, in file order; added-up figures are sums only when every part is there."""
    rows = extract.index.rows(measure, plan.filters, areas, periods, by)
    width = 2 + len(by)
    if not plan.summed:
        return [Cell(row[0], row[1], row[2:width], row[width]) for row in rows]
    groups: dict[tuple, list[float]] = {}
    for row in rows:
        groups.setdefault(row[:width], []).append(row[width])
    return [
        Cell(key[0], key[1], key[2:], exact_sum(values) if len(values) == plan.parts and not any(map(math.isnan, values)) else NAN)
        for key, values in groups.items()
    ]


def _require_rows(extract: Extract, measure: str, plan: _Plan, cells: list[Cell], areas: list[str] | None, periods: list[str] | None) -> None:
    """Every asked-for area, period and area-period combination has a row; the first that has not is named."""
    if areas is None and periods is None:
        return
    found = {(cell.area, cell.period) for cell in cells}
    if areas is not None and periods is not None:
        complete = all((area, period) in found for area in areas for period in periods)
    elif areas is not None:
        complete = set(areas) <= {area for area, _ in found}
    else:
        complete = set(periods or ()) <= {period for _, period in found}
    if complete:
        return
    index = extract.index
    _require_present(extract, measure, set(index.distinct("area", measure, plan.filters)), areas, "området")
    _require_present(extract, measure, set(index.distinct("period", measure, plan.filters)), periods, "perioden")
    absent = [(area, period) for area in areas or () for period in periods or () if (area, period) not in found]
    area, period = absent[0]
    raise MissingDataError(f"området '{area}' har ingen række for periode '{period}' og '{measure}' i udtrækket", file=extract.path)


def _require_present(extract: Extract, measure: str, present: Set[str], wanted: list[str] | None, label: str) -> None:
    absent = [item for item in wanted or () if item not in present]
    if absent:
        raise MissingDataError(f"{label} '{absent[0]}' har ingen række for '{measure}' i udtrækket", file=extract.path)
