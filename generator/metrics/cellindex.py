"""One extract's validated, indexed cells, kept on disk beside the CSV so a later process reads only what a letter needs.

The CSV is read and checked once (pandas, `csvfile.read_extract_csv`); its long table is then written to an SQLite
file in `.svarbrev-cache/` beside it, named after the CSV, holding:

- `cells`: one row per line of the file, in file order (`seq`) — area, period, one text column per dimension, one
  number column per measure (NULL = missing) — indexed by area and period, so one area's figures are found without
  reading the rest;
- `meta`: what the figures were made from (the CSV's content hash and svarbrev's reading code) and what every letter
  asks about the extract as a whole (measures, periods, dimension labels, the file's own measure labels, and which
  labels are smaller than the other labels together, so they cannot be a total).

The file is never changed once written, so it may be read by many processes at once and copied while in use.

Why SQLite: it is in Python's standard library (no new dependency, nothing to compile), a query reads the pages it
needs and no more (a letter on an extract of 200,000 rows reads a few hundred), and it is one file that is either
there whole or not. Parquet or Arrow would need pyarrow (a 100 MB dependency whose import costs more than the letter)
and read whole columns; a binary format of our own would need its own index and its own checks.

The cache is keyed by the CSV's content hash and a digest of the code and label file that read it: a copied data
folder keeps its cache, a changed file or a new svarbrev rebuilds it. The hash is worked out only when the file's
size or modification time differ from what the cache recorded (as the in-process caches already trust them). A cache
that cannot be written (a read-only data folder) is built in memory for the process instead; one that cannot be read
is built again. Building writes a temporary file and renames it, so readers never see half a cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generator
from generator.errors import DataError
from generator.lazy import lazy_import
from generator.metrics import csvfile

np = lazy_import("numpy")  # both only while an extract is checked
pd = lazy_import("pandas")

CACHE_FOLDER = ".svarbrev-cache"
FORMAT = 2  # the layout below; raise it when it changes
_READING_CODE = (Path(csvfile.__file__), Path(__file__), csvfile.LABELS_FILE)

NAN = float("nan")
Row = tuple[Any, ...]  # (area, period, *dimension labels, value) as read


def cache_path(csv_path: Path) -> Path:
    return csv_path.parent / CACHE_FOLDER / f"{csv_path.name}.sqlite"


_reader_digest: str | None = None


def reader_digest() -> str:
    """svarbrev's version and the code and label file that turn a CSV into cells: a cache made by other code is not used."""
    global _reader_digest
    if _reader_digest is None:
        digest = hashlib.blake2b(f"{generator.__version__}/{FORMAT}".encode(), digest_size=16)
        for path in _READING_CODE:
            digest.update(path.read_bytes())
        _reader_digest = digest.hexdigest()
    return _reader_digest


def _content_digest(path: Path) -> str:
    """The file's content (not the .docx content hash of letter/package.py)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=20)).hexdigest()


@dataclass(frozen=True)
class Summary:
    """What is asked of the extract as a whole, read from `meta` when the index opens."""

    measures: tuple[str, ...]
    labels: dict[str, str]  # measure → the file's own column name, where it differs
    dimensions: tuple[str, ...]
    dimension_labels: dict[str, tuple[str, ...]]  # column → its labels in file order
    periods: tuple[str, ...]  # distinct period codes in file order
    periods_with_figures: dict[str, tuple[str, ...]]  # measure → the periods with at least one figure
    totals_below_parts: dict[str, dict[str, dict[str, list[str]]]]  # measure → column → label → the first [area, period] it is


class CellIndex:
    """The SQLite file of one extract (or its in-memory stand-in); queries return plain tuples in file order."""

    def __init__(self, connection: sqlite3.Connection, summary: Summary, path: Path | None = None) -> None:
        self._connection = connection
        self.path = path  # the cache file; None when it is in memory
        self._lock = threading.Lock()  # one connection is shared by the page's threads
        self.summary = summary
        self._columns = {name: f"d{position}" for position, name in enumerate(summary.dimensions)}
        self._measures = {name: f"m{position}" for position, name in enumerate(summary.measures)}

    def rows(
        self,
        measure: str,
        filters: dict[str, tuple[str, ...] | str | None],
        areas: Sequence[str] | None = None,
        periods: Sequence[str] | None = None,
        columns: Sequence[str] = (),
    ) -> list[Row]:
        """The measure's rows (area, period, *`columns`, value) in file order, where each dimension column is one
        of the labels `filters` gives it (a text: any label but that one; None: any); a missing value is NaN."""
        where, parameters = self._from_where(measure, filters, areas, periods)
        selected = ", ".join(["area", "period", *(self._columns[name] for name in columns), self._measures[measure]])
        return [(*row[:-1], NAN if row[-1] is None else row[-1]) for row in self._query(f"SELECT {selected} FROM {where} ORDER BY seq", parameters)]

    def distinct(self, what: str, measure: str, filters: dict[str, tuple[str, ...] | str | None], areas: Sequence[str] | None = None) -> list[str]:
        """The distinct areas or periods (`what`) with rows among those `rows` would read, in file order."""
        where, parameters = self._from_where(measure, filters, areas, None)
        return [row[0] for row in self._query(f"SELECT {what} FROM {where} GROUP BY {what} ORDER BY min(seq)", parameters)]

    def figures(self, measure: str, filters: dict[str, tuple[str, ...] | str | None], areas: Sequence[str] | None = None) -> list[Row]:
        """The (area, period) pairs with at least one figure among the rows `rows` would read."""
        where, parameters = self._from_where(measure, filters, areas, None)
        return self._query(f"SELECT DISTINCT area, period FROM {where} AND {self._measures[measure]} IS NOT NULL", parameters)

    def complete_groups(
        self, measure: str, filters: dict[str, tuple[str, ...] | str | None], keys: Sequence[str], parts: int, areas: Sequence[str] | None = None
    ) -> list[Row]:
        """The (area, period, *keys) groups with `parts` rows and a figure in each: the sums that are figures."""
        where, parameters = self._from_where(measure, filters, areas, None)
        grouped = ", ".join(["area", "period", *(self._columns[name] for name in keys)])
        return self._query(
            f"SELECT {grouped} FROM {where} GROUP BY {grouped} HAVING count(*) = ? AND count({self._measures[measure]}) = ? ORDER BY min(seq)",
            [*parameters, parts, parts],
        )

    def first_total_below_parts(self, measure: str, column: str, total: str) -> tuple[str, str] | None:
        """The first (area, period) where the other labels of `column` add up to more than its `total` row (with the
        same other labels), or None."""
        found = self.summary.totals_below_parts.get(measure, {}).get(column, {}).get(total)
        return (found[0], found[1]) if found else None

    def _from_where(
        self, measure: str, filters: dict[str, tuple[str, ...] | str | None], areas: Sequence[str] | None, periods: Sequence[str] | None
    ) -> tuple[str, list[Any]]:
        # The index is named: without statistics SQLite may take the period index for a few areas' rows and read every
        # area's (a letter's cost would grow with the extract).
        index = "cells_by_area" if areas is not None else "cells_by_period" if periods is not None else "cells_by_area"
        clauses: list[str] = ["1"]  # every line has every measure: `measure` picks the column, not the rows
        parameters: list[Any] = []
        for name, wanted in filters.items():
            column = self._columns[name]
            if wanted is None:
                continue
            if isinstance(wanted, str):
                clauses.append(f"{column} != ?")
                parameters.append(wanted)
            else:
                clauses.append(f"{column} IN ({', '.join('?' * len(wanted))})")
                parameters += wanted
        for name, chosen in (("area", areas), ("period", periods)):
            if chosen is not None:
                clauses.append(f"{name} IN ({', '.join('?' * len(chosen))})")
                parameters += chosen
        return f"cells INDEXED BY {index} WHERE {' AND '.join(clauses)}", parameters

    def _query(self, sql: str, parameters: Sequence[Any]) -> list[Row]:
        try:
            with self._lock:
                return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as error:  # damaged after it was opened (a disk fault): say where, and what to do
            raise DataError(f"det kontrollerede udtræk kan ikke læses ({error}); slet filen, så laves det igen", file=self.path) from None

    def close(self) -> None:
        self._connection.close()


def open_index(csv_path: Path, dimensions: tuple[str, ...]) -> CellIndex:
    """The extract's index: the cache beside it when it is of this file and this svarbrev, else built now."""
    target = cache_path(csv_path)
    status = csv_path.stat()
    stamp = {"size": status.st_size, "mtime_ns": status.st_mtime_ns}
    connection = _open_cache(target)
    if connection is not None:
        meta = _meta(connection)
        same_file = meta is not None and all(meta.get(key) == value for key, value in stamp.items())
        if meta is not None and _made_by_this_reader(meta, dimensions) and (same_file or meta.get("content") == _content_digest(csv_path)):
            return CellIndex(connection, _summary(meta), target)  # the same file, or a copy of it: the same figures
        connection.close()
    return _build(csv_path, dimensions, target, stamp)


def _open_cache(target: Path) -> sqlite3.Connection | None:
    if not target.is_file():
        return None
    try:
        # Read-only: a cache is never changed once written, so other processes may read or copy it meanwhile.
        connection = sqlite3.connect(f"{target.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        connection.execute("SELECT count(*) FROM meta").fetchone()
        return connection
    except sqlite3.Error:
        return None  # not a cache we can read: built again


def _meta(connection: sqlite3.Connection) -> dict[str, Any] | None:
    try:
        return {key: json.loads(value) for key, value in connection.execute("SELECT key, value FROM meta")}
    except (sqlite3.Error, ValueError):
        return None


def _made_by_this_reader(meta: dict[str, Any], dimensions: tuple[str, ...]) -> bool:
    return meta.get("reader") == reader_digest() and tuple(meta.get("dimensions", ())) == dimensions


def _summary(meta: dict[str, Any]) -> Summary:
    return Summary(
        measures=tuple(meta["measures"]),
        labels=dict(meta["labels"]),
        dimensions=tuple(meta["dimensions"]),
        dimension_labels={name: tuple(labels) for name, labels in meta["dimension_labels"].items()},
        periods=tuple(meta["periods"]),
        periods_with_figures={measure: tuple(codes) for measure, codes in meta["periods_with_figures"].items()},
        totals_below_parts=meta["totals_below_parts"],
    )


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE cells (seq INTEGER PRIMARY KEY, area TEXT NOT NULL, period TEXT NOT NULL{dimensions}{measures});
"""
_INDEXES = """
CREATE INDEX cells_by_area ON cells (area, period);
CREATE INDEX cells_by_period ON cells (period);
"""


def _build(csv_path: Path, dimensions: tuple[str, ...], target: Path, stamp: dict[str, int]) -> CellIndex:
    """Read and check the CSV (refusals are the CSV's: DataError naming file, line and column) and write its cells."""
    frame = csvfile.read_extract_csv(csv_path, dimensions)
    meta = {**stamp, **_describe(frame, dimensions), "content": _content_digest(csv_path), "reader": reader_digest()}
    written = _write_cache(target, frame, dimensions, meta)
    if written is not None:
        connection = _open_cache(written)
        if connection is not None:
            return CellIndex(connection, _summary(meta), written)
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(connection, frame, dimensions, meta)
    return CellIndex(connection, _summary(meta))


def _describe(frame: Any, dimensions: tuple[str, ...]) -> dict[str, Any]:
    """The whole-table facts `Summary` holds, worked out once with pandas while the frame is there."""
    measures = frame["measure"].unique().tolist()
    # Every line has every measure (csvfile._to_long), so the lines are every len(measures)-th row.
    lines = frame.iloc[:: len(measures)]
    values = frame["value"].to_numpy(dtype="float64").reshape(-1, len(measures))
    present = ~np.isnan(values)
    periods = lines["period"].to_numpy()
    # unique() keeps the order of first appearance: the file's order
    labels = {name: lines[name].unique().tolist() for name in dimensions}
    return {
        "measures": measures,
        "labels": frame.attrs.get("labels", {}),
        "dimensions": list(dimensions),
        "dimension_labels": labels,
        "periods": lines["period"].unique().tolist(),
        "periods_with_figures": {
            measure: pd.unique(periods[present[:, position]]).tolist() for position, measure in enumerate(measures) if present[:, position].any()
        },
        "totals_below_parts": _totals_below_parts(lines, values, measures, dimensions),
    }


def _totals_below_parts(lines: Any, values: Any, measures: list[str], dimensions: tuple[str, ...]) -> dict[str, dict[str, dict[str, list[str]]]]:
    """For each measure, dimension column and label: the first (area, period), in file order, where the column's
    other labels (with the same other dimension labels) add up to more than that label's row, were it the total.
    Which label is the total is kilder.yaml's to say, so every label is tried; a missing figure compares as nothing."""
    found: dict[str, dict[str, dict[str, list[str]]]] = {}
    codes = {name: pd.factorize(lines[name])[0].astype(np.int64) for name in ("area", "period", *dimensions)}
    sizes = {name: int(code.max()) + 1 if len(code) else 1 for name, code in codes.items()}
    for column in dimensions:
        key = np.zeros(len(lines), dtype=np.int64)
        for name in ("area", "period", *(other for other in dimensions if other != column)):
            key = key * sizes[name] + codes[name]
        groups = pd.factorize(key)[0]
        for position, measure in enumerate(measures):
            value = values[:, position]
            present = ~np.isnan(value)
            figure = np.where(present, value, 0.0)
            others = np.bincount(groups, weights=figure)[groups] - figure
            others_present = np.bincount(groups, weights=present)[groups] - present
            with np.errstate(invalid="ignore"):
                over = present & (others_present > 0) & ((others - value) > np.abs(value) * 0.001 + 1)
            rows = np.flatnonzero(over)
            if len(rows) == 0:
                continue
            # each label's first such line (a part read as a total is below the others in nearly every line)
            firsts = pd.Series(lines[column].to_numpy()[rows]).drop_duplicates()
            found.setdefault(measure, {})[column] = {
                label: [lines["area"].iat[rows[index]], lines["period"].iat[rows[index]]] for index, label in firsts.items()
            }
    return found


def _write_cache(target: Path, frame: Any, dimensions: tuple[str, ...], meta: dict[str, Any]) -> Path | None:
    """Write the cache beside the CSV through a temporary file; None when the folder cannot be written."""
    try:
        target.parent.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError:
        return None
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        try:
            _fill(connection, frame, dimensions, meta)
        finally:
            connection.close()
        os.replace(temporary, target)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return None
    return target


def _fill(connection: sqlite3.Connection, frame: Any, dimensions: tuple[str, ...], meta: dict[str, Any]) -> None:
    """One row per line of the file, as it came: area, period, dimension labels, one column per measure."""
    measures = len(meta["measures"])
    columns = ["area", "period", *(f"d{position}" for position in range(len(dimensions))), *(f"m{position}" for position in range(measures))]
    # A new file that is renamed into place when whole (or a database in memory): no journal, no syncing while it is filled.
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.executescript(_SCHEMA.format(
        dimensions="".join(f", d{position} TEXT NOT NULL" for position in range(len(dimensions))),
        measures="".join(f", m{position} REAL" for position in range(measures)),
    ))
    # The long table holds each line's measures one after another (csvfile._to_long): every `measures`-th row is a line.
    texts = [frame[name].to_numpy()[::measures].tolist() for name in ("area", "period", *dimensions)]  # plain str: iterating pandas' arrays is slow
    values = frame["value"].to_numpy(dtype="float64").reshape(-1, measures)
    figures = [[None if figure != figure else figure for figure in values[:, position].tolist()] for position in range(measures)]  # NaN → NULL
    with connection:
        connection.executemany(f"INSERT INTO cells ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", zip(*texts, *figures))
        connection.executemany("INSERT INTO meta VALUES (?, ?)", ((key, json.dumps(value, ensure_ascii=False)) for key, value in meta.items()))
    connection.executescript(_INDEXES)  # after the rows: one sort per index instead of an insert per row
