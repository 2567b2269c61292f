"""kilder.yaml: the tables a data folder declares — name, source, example data, notes, dimensions,
totals and the cells that were worked out rather than published (see extracts.py for the format)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import limits
from generator import yaml_schema as schema
from generator.caching import Cache
from generator.domain.periods import is_period_code
from generator.errors import DataError
from generator.metrics.csvfile import EXTRACT_NAME
from generator.versions import file_version

SOURCES_FILE = "kilder.yaml"
DERIVED_CELLS = "afledte_celler"
_TABLE_ID = re.compile(r"^[a-z0-9_]+$")


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


_SOURCES: Cache[dict[str, TableInfo]] = Cache("kilder", 32)


def _sources_for_version(path: Path, mtime_ns: int, size: int) -> dict[str, TableInfo]:
    return _SOURCES.get((path, mtime_ns, size), _make_sources_for_version, path, mtime_ns, size)


def _make_sources_for_version(path: Path, mtime_ns: int, size: int) -> dict[str, TableInfo]:
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
        match = EXTRACT_NAME.match(values["fil"])
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

