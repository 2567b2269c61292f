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
import functools
import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from generator import limits
from generator import yaml_schema as schema
from generator.domain.data import load_package_yaml
from generator.domain.dimensions import is_total_label
from generator.domain.periods import Period, is_period_code, parse_period
from generator.errors import DataError, MissingDataError
from generator.lazy import lazy_import
from generator.limits import ReadRefused, read_bounded
from generator.versions import file_version

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_import("numpy")
    pd = lazy_import("pandas")

SOURCES_FILE = "kilder.yaml"
AREA_COLUMN = "Område"
PERIOD_COLUMN = "Periode"
SEPARATOR = ";"
MISSING_MARKERS = ("..", "-", "", "null", "NULL")
LONG_COLUMNS = ["area", "period", "measure", "value"]

_TABLE_ID = re.compile(r"^[a-z0-9_]+$")
_EXTRACT_NAME = re.compile(r"^(?P<table>[a-z0-9_]+)_(?P<date>\d{4}-\d{2}-\d{2})\.csv$")
# Optional minus; either plain digits or thousands groups of three after a non-zero lead
# (so `3.2`, `12.34` and `0.123` are refused as ambiguous); optional decimal comma part.
_NUMBER = r"-?(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?"
_QUOTED_FIELD = r'"(?:[^"]|"")*"'
# Decimal point, as the Jobindsats API sends numbers: no thousands separator.
_POINT_NUMBER = r"-?\d+(?:\.\d+)?"
_COMMA_DECIMAL = r"-?(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+),\d+"  # evidence of a Danish file
_POINT_DECIMAL = r"-?\d+\.\d+"  # evidence of a decimal-point file, unless it is a thousands group
_THOUSANDS_GROUPS = r"-?[1-9]\d{0,2}(?:\.\d{3})+"  # 1.234: a thousand in Danish, one point two in English
_COMMA_THOUSAND = r"-?[1-9]\d{0,2},\d{3}"  # 2,787: two point seven in Danish, a thousand in English
LABELS_FILE = Path(__file__).with_name("maal.yaml")

DERIVED_CELLS = "afledte_celler"


# --------------------------------------------------------------------------- public types


class MissingTableError(MissingDataError):
    """A table a metric needs is not in the data folder (or not declared in kilder.yaml)."""


@dataclass(frozen=True)
class DerivedCells:
    """Cells of one extract that were worked out, not published (kilder.yaml's `afledte_celler`)."""

    file: str  # the extract's file name
    how: str  # "forvaltningen: 5.192 − 305, …"
    areas: tuple[str, ...] = ()  # empty: every area
    periods: tuple[str, ...] = ()  # empty: every period
    measures: tuple[str, ...] = ()  # empty: every measure
    line: int | None = None  # where the entry stands in kilder.yaml

    @property
    def description(self) -> str:
        """As a reviewer reads it: "afledt af forvaltningen: 5.192 − 305, …"."""
        return f"afledt af {self.how}"

    def covers(self, file: str, measure: str, areas: Sequence[str], periods: Sequence[str]) -> bool:
        """Whether a read of these cells touches a derived one. A read of no cell (the period or
        the extract date as such) touches none."""
        if file != self.file or not areas or not periods:
            return False
        return (
            (not self.measures or measure in self.measures)
            and (not self.areas or any(area in self.areas for area in areas))
            and (not self.periods or any(period in self.periods for period in periods))
        )


@dataclass(frozen=True)
class TableInfo:
    """A table as declared in kilder.yaml."""

    id: str
    name: str
    source: str
    example_data: bool
    note: str | None = None
    dimensions: tuple[str, ...] = ()
    derived_cells: tuple[DerivedCells, ...] = ()
    totals: tuple[tuple[str, str], ...] = ()  # kilder.yaml `total`: a dimension's total label, where it is no "… i alt"


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
        """The long table: area, period (code), measure, value (float64, NaN = missing).

        Rows follow the file; within a row, measures follow the column order. The caller gets
        its own copy, so changing it does not change the cached figures.
        """
        return self._cached_frame().copy()

    def periods(self) -> list[Period]:
        """Distinct periods of this extract, oldest first."""
        return list(_periods_of(self))

    def newest_period(self, measure: str | None = None) -> Period:
        """The newest period with at least one figure (for `measure` when given)."""
        frame = self._cached_frame()
        if measure is not None:
            frame = _measure_rows(self, frame, measure)
        with_figures = frame.loc[frame["value"].notna(), "period"].unique()
        if len(with_figures) == 0:
            what = f"målet '{measure}'" if measure is not None else "nogen periode"
            raise MissingDataError(f"udtrækket har ingen tal for {what}", file=self.path)
        return _sorted_periods(with_figures)[-1]

    @property
    def measures(self) -> tuple[str, ...]:
        """The measure columns of this extract."""
        return _measures_of(self)

    def file_label(self, measure: str) -> str:
        """The measure's column name in the file: a label variant (maal.yaml), or the measure itself."""
        return self._cached_frame().attrs.get("labels", {}).get(measure, measure)

    def dimension_labels(self, column: str) -> tuple[str, ...]:
        """The labels a dimension column has in this extract, in file order ("I alt" included)."""
        if column not in self.dimensions:
            return ()
        return tuple(dict.fromkeys(self._cached_frame()[column]))

    def total_label(self, column: str) -> str | None:
        """The label of the dimension's total row ("I alt", "Køn i alt" …), None when it has none."""
        declared = dict(self.totals).get(column)
        totals = [label for label in self.dimension_labels(column) if is_total_label(label, declared)]
        if len(totals) > 1:
            raise DataError(f"kolonnen '{column}' har flere totalrækker ({', '.join(totals)}); angiv den rigtige under 'total' i {SOURCES_FILE}", file=self.path)
        return totals[0] if totals else None

    def part_labels(self, column: str) -> tuple[str, ...]:
        """The dimension's labels other than its total."""
        total = self.total_label(column)
        return tuple(label for label in self.dimension_labels(column) if label != total)

    def _cached_frame(self) -> pd.DataFrame:
        """The shared cached frame; callers inside this module must not change it."""
        return _frame_for_version(*self.version, self.dimensions)


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
    ) -> pd.DataFrame:
        """Figures for one measure (optionally only some areas / period codes) as area, period,
        [one column per dimension in `by`], value.

        Rows keep the file order. Every asked-for area, period and area-period combination must
        have a row (MissingDataError otherwise); a missing cell in the file is returned as NaN.
        Dimension columns are read as `selection` says: one label, or several labels added up;
        an unselected dimension is read at its "I alt" rows, or added up over all its labels when
        the extract has no such rows (`summed_dimensions` tells which).
        """
        view = _measure_view(extract, measure, _selection_key(selection), by)
        rows = view.rows
        area_list = _as_list(areas)
        period_list = _as_list(periods)
        _require_present(extract, measure, view.areas, area_list, "området")
        _require_present(extract, measure, view.periods, period_list, "perioden")
        if area_list is not None and period_list is not None:
            _require_combinations(extract, measure, view.pairs, area_list, period_list)
        return rows.take(view.positions(area_list, period_list)).reset_index(drop=True)

    def summed_dimensions(
        self, extract: Extract, measure: str, selection: Mapping[str, str | tuple[str, ...]] | None = None, by: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        """The dimension columns whose figures were added up by `values` (not read as published)."""
        return _measure_view(extract, measure, _selection_key(selection), by).summed


def _selection_key(selection: Mapping[str, str | tuple[str, ...]] | None) -> tuple[tuple[str, str | tuple[str, ...]], ...]:
    return tuple(sorted((selection or {}).items()))


def _select(
    extract: Extract, rows: pd.DataFrame, selection: Mapping[str, str | tuple[str, ...]], by: tuple[str, ...] = (), counts: bool = False
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """One figure per area, period and `by` label: each dimension read at the selected label(s),
    at "I alt", or added up; returns the rows (area, period, *by, value) and the summed columns.

    A sum is only a figure when every part is there: a missing band makes the sum missing.
    """
    unknown = [name for name in (*selection, *by) if name not in extract.dimensions]
    if unknown:
        raise MissingDataError(f"udtrækket er ikke opdelt på '{unknown[0]}'", file=extract.path)
    summed: list[str] = []
    parts = 1
    for name in extract.dimensions:
        column = rows[name]
        wanted = selection.get(name)
        total = extract.total_label(name)
        if name in by:
            labels = _as_list(wanted) if wanted is not None else [label for label in column.unique() if label != total]
            rows = rows[column.isin(labels)]
            continue
        if wanted is None:
            if total is not None:
                if counts:
                    _check_parts_within_total(extract, rows, name, total)
                rows = rows[column == total]
            else:
                summed.append(name)
                parts *= column.nunique()
            continue
        labels = [wanted] if isinstance(wanted, str) else list(wanted)
        absent = [label for label in labels if not (column == label).any()]
        if absent:
            raise MissingDataError(f"udtrækket har ingen tal for {name} '{absent[0]}'", file=extract.path)
        rows = rows[column.isin(labels)]
        if len(labels) > 1:
            summed.append(name)
            parts *= len(labels)
    keys = ["area", "period", *by]
    if not summed:
        return rows[[*keys, "value"]], ()
    totals = rows.groupby(keys, sort=False)["value"].agg(["sum", "count", "size"])
    complete = (totals["size"] == parts) & (totals["count"] == totals["size"])
    return totals["sum"].where(complete).rename("value").reset_index(), tuple(summed)


def _is_count(measure: str) -> bool:
    """Persons and full-time persons add up over a dimension's parts; a percentage does not."""
    return measure.startswith("Antal ")


def _check_parts_within_total(extract: Extract, rows: pd.DataFrame, column: str, total: str) -> None:
    """The parts of a dimension never add up to more than its total row: if they do, the row taken
    for the total is not one (a total read as a part, or a part as the total)."""
    keys = ["area", "period", *(name for name in extract.dimensions if name != column and name in rows)]
    is_total = rows[column] == total
    parts = rows[~is_total].groupby(keys, sort=False)["value"].sum(min_count=1)
    totals = rows[is_total].set_index(keys)["value"]
    over = (parts.reindex(totals.index) - totals) > totals.abs() * 0.001 + 1
    if over.any():
        where = over[over].index[0]
        raise DataError(
            f"delene i kolonnen '{column}' er større end totalrækken '{total}' ({where[0]}, {where[1]}); "
            f"er '{total}' den rigtige total? Angiv den under 'total' i {SOURCES_FILE}",
            file=extract.path,
        )


# --------------------------------------------------------------------------- kilder.yaml


def read_sources(path: Path) -> dict[str, TableInfo]:
    """The tables declared in kilder.yaml, validated; read again only when the file changes."""
    if not path.is_file():
        raise DataError(f"{SOURCES_FILE} mangler i {path.parent}")
    return dict(_sources_for_version(path, *file_version(path)))


_TABLE_SPEC = {
    "navn": schema.Field("text", required=True),
    "kilde": schema.Field("text", required=True),
    "eksempeldata": schema.Field("bool"),
    "bemærkning": schema.Field("text"),
    "dimensioner": schema.Field("texts"),
    "total": schema.Field("mapping"),  # {Køn: "Alle"}: a total row the label does not give away
    DERIVED_CELLS: schema.Field("any"),  # read by _derived_cells
}
_DERIVED_SPEC = {
    "fil": schema.Field("text", required=True),
    "område": schema.Field("text_or_texts"),
    "periode": schema.Field("text_or_texts"),
    "mål": schema.Field("text_or_texts"),
    "afledt_af": schema.Field("text", required=True),
}


@functools.lru_cache(maxsize=32)
def _sources_for_version(path: Path, mtime_ns: int, size: int) -> dict[str, TableInfo]:
    try:
        root = schema.read_yaml_file(path, limits.SOURCES_FILE, "den skal beskrive tabellerne under 'tabeller'")
        top = schema.top_section(root, {"tabeller": True}, "tabeller: ...")
        tables = schema.required_section(top, "tabeller", None)
        return {
            table_id: _table_info(table_id, entry)
            for table_id, entry in tables.entries.items()
        }
    except schema.Refusal as refusal:
        raise DataError(refusal.message, file=path, line=refusal.line, field=refusal.field or None, column=refusal.column) from None


def _table_info(table_id: str, entry: schema.Entry) -> TableInfo:
    field = f"tabeller.{table_id}"
    if not _TABLE_ID.match(table_id):
        raise schema.Refusal("tabel-id må kun indeholde små bogstaver, tal og _", entry.key_line, field)
    section, values = schema.read_record(entry.value, field, entry.key_line, _TABLE_SPEC)
    return TableInfo(
        id=table_id,
        name=values["navn"],
        source=values["kilde"],
        example_data=values.get("eksempeldata", False),
        note=values.get("bemærkning"),
        dimensions=values.get("dimensioner", ()),
        derived_cells=_derived_cells(table_id, section),
        totals=tuple(values.get("total", {}).items()),
    )


def _derived_cells(table_id: str, table: schema.Section) -> tuple[DerivedCells, ...]:
    """The optional list of derived cells: each names an extract of this table, which cells, and how."""
    entry = table.get(DERIVED_CELLS)
    if entry is None or schema.is_null(entry.value):
        return ()
    node = entry.value
    field = table.path(DERIVED_CELLS)
    schema.check_tag(node, field)
    if not isinstance(node, yaml.SequenceNode):
        raise schema.Refusal("skal være en liste af celler (fil, område, periode, mål, afledt_af)", schema.line_of(node), field)
    cells = []
    for number, item in enumerate(node.value, start=1):
        section, values = schema.read_record(item, f"{field}[{number}]", schema.line_of(item), _DERIVED_SPEC)
        match = _EXTRACT_NAME.match(values["fil"])
        if not match or match["table"] != table_id:
            raise schema.Refusal(f"skal være et udtræk af tabellen: {table_id}_<ÅÅÅÅ-MM-DD>.csv", section.line_of("fil"), section.path("fil"))
        periods = values.get("periode", ())
        unknown = [code for code in periods if not is_period_code(code)]
        if unknown:
            raise schema.Refusal(f"ukendt periodekode '{unknown[0]}'", section.line_of("periode"), section.path("periode"))
        cells.append(
            DerivedCells(
                file=values["fil"],
                how=values["afledt_af"],
                areas=values.get("område", ()),
                periods=periods,
                measures=values.get("mål", ()),
                line=schema.line_of(item),
            )
        )
    return tuple(cells)


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
    match = _EXTRACT_NAME.match(path.name)
    if not match:
        raise DataError("filnavnet skal have formen <tabel>_<ÅÅÅÅ-MM-DD>.csv", file=path)
    try:
        extract_date = datetime.date.fromisoformat(match["date"])
    except ValueError:
        raise DataError(f"ugyldig dato '{match['date']}' i filnavnet", file=path) from None
    return match["table"], extract_date


# --------------------------------------------------------------------------- CSV reading


def read_extract_csv(path: Path, dimensions: Sequence[str] = ()) -> pd.DataFrame:
    """Read and validate one extract CSV into the long table (area, period, measure, value).

    Columns are found by name. Columns named in `dimensions` are text that splits the figures
    further (Jobindsats' "Ydelsesgrupper", say); they are kept as columns of their own in the long
    table. The table id in the file name picks that table's measure label variants.
    """
    path = Path(path)
    text = _normalise_text(_decode_utf8(path, _read_bytes(path)))
    lines, line_numbers = _content_lines(path, text)
    _check_field_counts(path, lines, line_numbers)
    cells = _split_cells(path, lines)
    match = _EXTRACT_NAME.match(path.name)
    in_file = list(cells.iloc[0])
    header = canonical_header(path, in_file, line_numbers[0], match["table"] if match else None)
    columns = _check_header(path, header, line_numbers[0])
    _require_dimensions(path, header, dimensions, line_numbers[0])
    measures = [name for name in columns if name not in dimensions]
    if not measures:
        raise DataError(f"ingen talkolonner efter '{AREA_COLUMN}' og '{PERIOD_COLUMN}'", file=path, line=line_numbers[0])
    body = cells.iloc[1:].set_axis(line_numbers[1:], axis="index").set_axis(header, axis="columns")
    if body.empty:
        raise DataError("filen har ingen datarækker", file=path)
    _check_areas(path, body[AREA_COLUMN])
    _check_periods(path, body[PERIOD_COLUMN])
    _check_unique_rows(path, body, list(dimensions))
    values = _parse_measures(path, body[measures])
    long = _to_long(body[AREA_COLUMN], body[PERIOD_COLUMN], measures, values)
    for name in dimensions:
        long[name] = np.repeat(body[name].to_numpy(dtype=object), len(measures))
    long.attrs["labels"] = {name: original for name, original in zip(header, in_file) if name != original and name in measures}
    return long


# --------------------------------------------------------------------------- column names


@dataclass(frozen=True)
class LabelVariants:
    """maal.yaml: other names the services give the key columns and the measures."""

    columns: dict[str, str]  # variant → Område / Periode
    measures: dict[str | None, dict[str, str]]  # table id (None: every table) → variant → measure


@functools.cache
def load_label_variants(path: Path = LABELS_FILE) -> LabelVariants:
    """The label variants, read once; a broken file is a programming error in the package."""
    raw = load_package_yaml(path) or {}
    columns = {variant: name for name, variants in (raw.get("kolonner") or {}).items() for variant in variants}
    measures: dict[str | None, dict[str, str]] = {}
    for table, labels in (raw.get("mål") or {}).items():
        key = None if table == "alle" else table
        measures[key] = {
            unicodedata.normalize("NFC", variant): unicodedata.normalize("NFC", name)
            for name, variants in (labels or {}).items()
            for variant in variants
        }
    return LabelVariants(columns, measures)


def canonical_header(path: Path, header: list[str], line: int, table: str | None, variants: LabelVariants | None = None) -> list[str]:
    """The header with every known variant replaced by the name svarbrev reads: v2's `Area` as
    `Område`, "… af arbejdsstyrken" as "… af arbejdsstyrken 16-66 år" (for the tables maal.yaml
    says). A variant beside the name it stands for is refused: the file has the figure twice."""
    variants = variants or load_label_variants()
    renames = {**variants.measures.get(None, {}), **variants.measures.get(table, {}), **variants.columns}
    renamed = [renames.get(name, name) if name not in (AREA_COLUMN, PERIOD_COLUMN) else name for name in header]
    for position, (original, name) in enumerate(zip(header, renamed)):
        if original != name and name in header:
            raise DataError(f"kolonnerne '{name}' og '{original}' er samme kolonne; slet den ene", file=path, line=line)
        if original != name and renamed.index(name) != position:
            first = header[renamed.index(name)]
            raise DataError(f"kolonnerne '{first}' og '{original}' er samme kolonne ('{name}'); slet den ene", file=path, line=line)
    return renamed


def _require_dimensions(path: Path, header: list[str], dimensions: Sequence[str], line: int) -> None:
    for name in dimensions:
        if name not in header[2:]:
            raise DataError(f"dimensionskolonnen '{name}' (fra kilder.yaml) mangler", file=path, line=line)


def _read_bytes(path: Path, limit: int = limits.EXTRACT) -> bytes:
    try:
        return read_bounded(path, limit)
    except ReadRefused as refused:
        raise DataError(refused.reason, file=path) from None


def _decode_utf8(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DataError("filen er ikke UTF-8; gem den som UTF-8", file=path, line=line) from None


def _normalise_text(text: str) -> str:
    """One line ending (`\\n`) and composed letters (so `Område` matches however it was typed)."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _content_lines(path: Path, text: str) -> tuple[pd.Series, list[int]]:
    """Non-blank lines and their 1-based line numbers in the file."""
    count = text.count("\n")
    if count > limits.EXTRACT_ROWS + 1:  # before any splitting: reading grows with the rows, and a letter waits
        raise DataError(f"udtrækket har {count:,} linjer; grænsen er {limits.EXTRACT_ROWS:,}".replace(",", "."), file=path)
    lines = pd.Series(text.split("\n"), dtype=object)
    lines.index = range(1, len(lines) + 1)
    lines = lines[lines.str.strip() != ""]
    if lines.empty:
        raise DataError("filen er tom", file=path)
    return lines, list(lines.index)


def _check_field_counts(path: Path, lines: pd.Series, line_numbers: list[int]) -> None:
    """Every line must have as many fields as the header (`;` inside quotes does not count)."""
    fields = lines.str.replace(_QUOTED_FIELD, "", regex=True).str.count(SEPARATOR) + 1
    expected = int(fields.iloc[0])
    wrong = fields != expected
    if wrong.any():
        line = int(wrong.idxmax())
        raise DataError(
            f"linjen har {int(fields[line])} felter, men overskriften har {expected}", file=path, line=line
        )


def _split_cells(path: Path, lines: pd.Series) -> pd.DataFrame:
    """All cells as stripped text; row 0 is the header."""
    try:
        cells = pd.read_csv(
            StringIO("\n".join(lines)),
            sep=SEPARATOR,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError):
        raise DataError('filen kan ikke læses som CSV; tjek at alle anførselstegn (") er lukket', file=path) from None
    if len(cells) != len(lines):
        raise DataError('et anførselstegn (") er ikke lukket', file=path)
    stripped = pd.Series(cells.to_numpy(dtype=object).ravel(), dtype=object).fillna("").str.strip()
    return pd.DataFrame(stripped.to_numpy(dtype=object).reshape(cells.shape))


def _check_header(path: Path, header: list[str], line: int) -> list[str]:
    """Validate the header (columns by name, in any order); returns the other column names."""
    for name in (AREA_COLUMN, PERIOD_COLUMN):
        if name not in header:
            found = ", ".join(f"'{column}'" for column in header[:6] if column)
            raise DataError(f"kolonnen '{name}' mangler (fandt {found})", file=path, line=line)
    measures = [name for name in header if name not in (AREA_COLUMN, PERIOD_COLUMN)]
    if not measures:
        raise DataError(f"ingen talkolonner efter '{AREA_COLUMN}' og '{PERIOD_COLUMN}'", file=path, line=line)
    for number, name in enumerate(header, start=1):
        if not name:
            raise DataError(f"kolonne {number} har ingen overskrift", file=path, line=line)
        if header.index(name) != number - 1:
            raise DataError(f"kolonnen '{name}' står to gange", file=path, line=line)
    return measures


def _check_areas(path: Path, areas: pd.Series) -> None:
    empty = areas == ""
    if empty.any():
        raise DataError(f"tomt område i kolonnen '{AREA_COLUMN}'", file=path, line=int(empty.idxmax()))


def _check_periods(path: Path, periods: pd.Series) -> None:
    unknown = [code for code in periods.unique() if not is_period_code(code)]
    bad = periods.isin(unknown)
    if bad.any():
        line = int(bad.idxmax())
        raise DataError(
            f"ukendt periodekode '{periods[line]}' i kolonnen '{PERIOD_COLUMN}'", file=path, line=line
        )


def _check_unique_rows(path: Path, body: pd.DataFrame, dimensions: list[str] | None = None) -> None:
    keys = body[[AREA_COLUMN, PERIOD_COLUMN, *(dimensions or [])]]
    repeated = keys.duplicated(keep="first")
    if repeated.any():
        line = int(repeated.idxmax())
        area, period = keys.loc[line, [AREA_COLUMN, PERIOD_COLUMN]]
        same = (keys == keys.loc[line]).all(axis="columns")
        first_line = int(same.idxmax())
        raise DataError(
            f"{AREA_COLUMN} '{area}' og periode '{period}' står to gange (også linje {first_line})",
            file=path,
            line=line,
        )


def _parse_measures(path: Path, cells: pd.DataFrame) -> np.ndarray:
    """Measure cells as float64 (NaN = missing), row-major like `_CellGrid`; refuses the first
    (lowest line, then leftmost column) invalid cell.

    The decimal mark is decided once for the file (`_decimal_mark`)."""
    grid = _CellGrid.of(path, cells)
    missing = grid.text.isin(MISSING_MARKERS).to_numpy(dtype=bool)
    point = _decimal_mark(grid)
    pattern, minus_zero = (_POINT_NUMBER, r"-0(?:\.0+)?") if point else (_NUMBER, r"-0(?:,0+)?")
    grid.refuse_first(~(missing | grid.matches(pattern)), "ugyldigt tal '{cell}' i kolonnen '{column}'")
    if not point:
        # "2,787" beside "2.836": a thousand written the English way, or two point seven? Never guessed.
        grid.refuse_first(
            grid.matches(_COMMA_THOUSAND),
            "tallet '{cell}' i kolonnen '{column}' er tvetydigt: kommaet kan være et decimaltegn eller en tusindtalsseparator "
            "skrevet på engelsk; skriv tusinder med punktum (2.787) og decimaler med højst to cifre efter kommaet",
        )
    grid.refuse_first(grid.matches(minus_zero), "tallet '{cell}' i kolonnen '{column}' er et minus-nul")
    numbers = np.where(missing, np.nan, _numbers_to_float(grid.text, point))
    _refuse_implausible(grid, numbers)
    return numbers


@dataclass(frozen=True)
class _CellGrid:
    """A file's measure cells flattened row-major (each line in turn, its columns left to right):
    one vectorised call checks every cell, and the first flagged position is the lowest line's
    leftmost cell, the one a refusal names."""

    path: Path
    text: pd.Series  # the stripped cells, flat
    lines: list[int]
    columns: list[str]

    @classmethod
    def of(cls, path: Path, cells: pd.DataFrame) -> _CellGrid:
        flat = pd.Series(cells.to_numpy(dtype=object).ravel(), dtype=object)
        return cls(path, flat, list(cells.index), list(cells.columns))

    def matches(self, pattern: str) -> np.ndarray:
        return self.text.str.fullmatch(pattern).to_numpy(dtype=bool)

    def in_columns(self, chosen: Sequence[bool]) -> np.ndarray:
        """Per cell: whether its column is one of the chosen (one flag per column)."""
        return np.tile(np.asarray(chosen, dtype=bool), len(self.lines))

    def first(self, flagged: np.ndarray) -> tuple[int, str, str] | None:
        """The first flagged cell as (line, column, text), or None."""
        if not flagged.any():
            return None
        position = int(flagged.argmax())
        row, column = divmod(position, len(self.columns))
        return self.lines[row], self.columns[column], self.text.iat[position]

    def refuse_first(self, flagged: np.ndarray, message: str) -> None:
        """Refuse the first flagged cell; `message` may name its {cell} and {column}."""
        found = self.first(flagged)
        if found is not None:
            line, column, cell = found
            raise DataError(message.format(cell=cell, column=column), file=self.path, line=line)


def _decimal_mark(grid: _CellGrid) -> bool:
    """Whether the file writes decimals with a point (True) or a comma (False, the Danish way).

    A decimal comma anywhere makes the file Danish (and a `3.2` in it is refused as invalid); so
    does a file with no decimals at all, where `1.234` is a thousands group as it always was. A
    file whose decimals are points (`0.6`) has no thousands separator: a `1.234` in it could be a
    thousand or one point two three four, and the file is refused as ambiguous."""
    if grid.matches(_COMMA_DECIMAL).any():
        return False
    grouped = grid.matches(_THOUSANDS_GROUPS)
    example = grid.first(grid.matches(_POINT_DECIMAL) & ~grouped)
    if example is None:
        return False
    example_line, _, example_cell = example
    grid.refuse_first(
        grouped,
        "tallet '{cell}' i kolonnen '{column}' er tvetydigt: filen bruger punktum som decimaltegn "
        f"('{example_cell}' i linje {example_line}), så punktummet kan både være tusindtalsseparator og decimaltegn; "
        "skriv tallene uden tusindtalsseparator eller med decimalkomma",
    )
    return True


LARGEST_FIGURE = 1e12  # no count or share in these tables comes near; beyond it a cell is a mistake


def _refuse_implausible(grid: _CellGrid, numbers: np.ndarray) -> None:
    """Figures no extract can hold: huge numbers, negative counts, fractional persons, shares
    outside 0-100. Each is refused with its file, line and column rather than printed."""
    names = [column.casefold() for column in grid.columns]
    counts = grid.in_columns([name.startswith("antal") for name in names])
    persons = counts & grid.in_columns(["fuldtid" not in name for name in names])
    shares = grid.in_columns(["pct" in name or "procent" in name or name.startswith("andel") for name in names])
    present = ~np.isnan(numbers)
    with np.errstate(invalid="ignore"):
        checks = (
            (np.abs(numbers) > LARGEST_FIGURE, "tallet '{cell}' i kolonnen '{column}' er urimeligt stort"),
            (counts & (numbers < 0), "negativt antal '{cell}' i kolonnen '{column}'"),
            (persons & present & (numbers % 1 != 0), "antal personer skal være hele tal, ikke '{cell}' (kolonnen '{column}')"),
            (shares & ((numbers < 0) | (numbers > 100)), "andelen '{cell}' i kolonnen '{column}' ligger uden for 0-100 procent"),
        )
    for flagged, message in checks:
        grid.refuse_first(flagged, message)


def _numbers_to_float(text: pd.Series, point: bool) -> np.ndarray:
    """Valid number cells as float64 (anything else NaN): Danish `1.234,5` or the API's `1234.5`."""
    plain = text if point else text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return pd.to_numeric(plain, errors="coerce").to_numpy(dtype="float64")


def _to_long(areas: pd.Series, periods: pd.Series, measures: list[str], values: np.ndarray) -> pd.DataFrame:
    """Row-major long table: each file row in turn, its measures in column order."""
    measure_count = len(measures)
    return pd.DataFrame(
        {
            "area": np.repeat(areas.to_numpy(dtype=object), measure_count),
            "period": np.repeat(periods.to_numpy(dtype=object), measure_count),
            "measure": np.tile(np.array(measures, dtype=object), len(areas)),
            "value": values,
        },
        columns=LONG_COLUMNS,
    )


# --------------------------------------------------------------------------- cache


def _found_version(path: Path, folder: Path) -> tuple[Path, int, int]:
    """The extract's version, named by the resolved folder (however the folder was written)."""
    try:
        return (folder / path.name, *file_version(path))
    except OSError as error:
        raise DataError(f"filen kan ikke læses: {error.strerror}", file=path) from None


@functools.lru_cache(maxsize=64)
def _frame_for_version(path: Path, mtime_ns: int, size: int, dimensions: tuple[str, ...]) -> pd.DataFrame:
    """The validated long table, read again only when the file's mtime or size changes."""
    return read_extract_csv(path, dimensions)


# --------------------------------------------------------------------------- selection


# An Extract holds its file's version, so these are kept per extract version.
@functools.lru_cache(maxsize=256)
def _measures_of(extract: Extract) -> tuple[str, ...]:
    return tuple(extract._cached_frame()["measure"].unique())


@functools.lru_cache(maxsize=256)
def _periods_of(extract: Extract) -> tuple[Period, ...]:
    return tuple(_sorted_periods(extract._cached_frame()["period"].unique()))


def _sorted_periods(codes: Sequence[str]) -> list[Period]:
    """Periods oldest first; equal sort keys (e.g. 2025Q01 / 2025QMAT01) are ordered by code."""
    return sorted((parse_period(code) for code in codes), key=lambda p: (p.sort_key, p.code))


def _measure_rows(extract: Extract, frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    rows = frame[frame["measure"] == measure]
    if rows.empty:
        available = ", ".join(f"'{m}'" for m in frame["measure"].unique())
        raise MissingDataError(
            f"kolonnen '{measure}' findes ikke i udtrækket (kolonner: {available})", file=extract.path
        )
    return rows


def _as_list(items: Sequence[str] | str | None) -> list[str] | None:
    """A list of the asked-for items; a lone string counts as one item, not as its letters."""
    if items is None:
        return None
    return [items] if isinstance(items, str) else list(items)


@dataclass(frozen=True)
class _MeasureView:
    """One measure's rows of an extract (area, period, [by], value), indexed by area, by period
    and by the two together: the positions of their rows, in file order."""

    rows: pd.DataFrame
    by_area: dict[str, np.ndarray]
    by_period: dict[str, np.ndarray]
    by_pair: dict[tuple[str, str], np.ndarray]
    summed: tuple[str, ...] = ()

    @property
    def areas(self) -> Set[str]:
        return self.by_area.keys()

    @property
    def periods(self) -> Set[str]:
        return self.by_period.keys()

    @property
    def pairs(self) -> Set[tuple[str, str]]:
        return self.by_pair.keys()

    def positions(self, areas: list[str] | None, periods: list[str] | None) -> np.ndarray:
        """Where the rows of these areas and periods are (all rows for None), in file order."""
        if areas is None and periods is None:
            return np.arange(len(self.rows))
        if areas is None or periods is None:
            index, keys = (self.by_period, periods) if areas is None else (self.by_area, areas)
            found = [index[key] for key in dict.fromkeys(keys or ()) if key in index]
        else:
            found = [self.by_pair[pair] for pair in itertools.product(dict.fromkeys(areas), dict.fromkeys(periods)) if pair in self.by_pair]
        return np.sort(np.concatenate(found)) if found else np.empty(0, dtype=np.intp)


@functools.lru_cache(maxsize=512)
def _measure_view(extract: Extract, measure: str, selection: tuple, by: tuple[str, ...] = ()) -> _MeasureView:
    """Looked up once per extract version, measure and selection: letters ask for the same cells."""
    rows, summed = _select(extract, _measure_rows(extract, extract._cached_frame(), measure), dict(selection), by, _is_count(measure))
    rows = rows.reset_index(drop=True)
    return _MeasureView(
        rows,
        _row_positions(rows, "area"),
        _row_positions(rows, "period"),
        _row_positions(rows, ["area", "period"]),
        summed,
    )


def _row_positions(rows: pd.DataFrame, keys: str | list[str]) -> dict[Any, np.ndarray]:
    """Each key's (or key pair's) row positions, ascending."""
    return {key: np.asarray(positions) for key, positions in rows.groupby(keys, sort=False).indices.items()}


def _require_present(
    extract: Extract, measure: str, present: Set[str], wanted: list[str] | None, label: str
) -> None:
    if wanted is None:
        return
    absent = [item for item in wanted if item not in present]
    if absent:
        raise MissingDataError(
            f"{label} '{absent[0]}' har ingen række for '{measure}' i udtrækket", file=extract.path
        )


def _require_combinations(
    extract: Extract, measure: str, present: Set[tuple[str, str]], areas: list[str], periods: list[str]
) -> None:
    absent = [(area, period) for area in areas for period in periods if (area, period) not in present]
    if absent:
        area, period = absent[0]
        raise MissingDataError(
            f"området '{area}' har ingen række for periode '{period}' og '{measure}' i udtrækket",
            file=extract.path,
        )
