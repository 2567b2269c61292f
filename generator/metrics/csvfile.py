"""One extract CSV read and checked: columns by name, numbers one way per file, every refusal a
`DataError` with file, line and column (the rules are in extracts.py's docstring)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING

from generator import limits
from generator.caching import Cache
from generator.domain.data import load_package_yaml
from generator.domain.periods import is_period_code
from generator.errors import DataError
from generator.lazy import lazy_import
from generator.limits import ReadRefused, read_bounded

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_import("numpy")
    pd = lazy_import("pandas")

AREA_COLUMN = "Område"
PERIOD_COLUMN = "Periode"
SEPARATOR = ";"
MISSING_MARKERS = ("..", "-", "", "null", "NULL")
LONG_COLUMNS = ["area", "period", "measure", "value"]

EXTRACT_NAME = re.compile(r"^(?P<table>[a-z0-9_]+)_(?P<date>\d{4}-\d{2}-\d{2})\.csv$")  # <table>_<extract date>.csv
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
    match = EXTRACT_NAME.match(path.name)
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


_LABEL_VARIANTS: Cache[LabelVariants] = Cache("maal")


def load_label_variants(path: Path = LABELS_FILE) -> LabelVariants:
    return _LABEL_VARIANTS.get(path, _make_load_label_variants, path)


def _make_load_label_variants(path: Path = LABELS_FILE) -> LabelVariants:
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
