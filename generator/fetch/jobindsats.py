"""Jobindsats API v3: the table list, a table's metadata, and its data as a `Fetched` table.

How the service answers is taken from public evidence (../shared/data/jobindsats-v3.md, sources
S1-S12), not assumed:
- `GET tables?format=json`: a list of subjects → `table_groups` → `tables` (`table_id`,
  `table_name`, `update_latest`, `update_next`, `mgroups`) [E S1 S3];
- `GET table/<id>?format=json`: `periods: [{"periodtype_id": "M", "values": [{"period_id":
  "2026M08"}, …]}]` [E S1]; `dimensions: [{"dimension_id": "_omrade", "hierarchies":
  [{"hierarchy_id": "_nykom", "levels": [{"values": [{"value_id", "value_name"}]}]}]}, …]` [E S6 S9],
  with no name on a dimension and no known key for measures;
- `GET data/<id>?format=json&period.<type>=<ids>&hierarchy.<id>=/|*|<ids>&mgroup.*=*`:
  `{"columns": ["Periode", "Område", <requested dimensions>, <measures>], "rows": [[…], …]}` with
  numbers and null; a requested dimension comes with its total row, labelled per dimension
  ("Køn i alt", "Ydelsesgrupper i alt", "I alt") [E S2 S3 S10]; a dimension not asked for is absent,
  collapsed to its total.
Errors are JSON `{"code": 422, "cause": …, "request_id": …}`; 401 is a bad key; a sporadic 403 is
not necessarily one [E S5].

What svarbrev asks and which columns that gives is data (jobindsats.yaml). One request per period
type, area hierarchy and breakdown: each breakdown (Køn, Alder, …) is asked for on its own, beside
the scheme's own dimension (ptv_a02's Ydelsesgrupper), so the answer stays small; the rows of all
requests are laid out as one extract, whose other dimension columns hold their total's label.
Where the evidence is silent, plausible variants are read and anything else is refused naming the
table, the field and what came.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.caching import Cache
from generator.domain.data import load_package_yaml
from generator.domain.dimensions import is_total_label
from generator.domain.periods import is_period_code
from generator.fetch.http import FetchError, Service, malformed, parse_json
from generator.fetch.model import Fetched, Number, Row

DEFAULT_URL = "https://api.jobindsats.dk/v3"
NAME = "Jobindsats"
SOURCE = "Jobindsats.dk"
TOKEN_VARIABLE = "JOBINDSATS_TOKEN"
CONFIG_FILE = Path(__file__).with_name("jobindsats.yaml")
AREA_COLUMN, PERIOD_COLUMN = "Område", "Periode"  # [E S1 S2]; v2 wrote Area and Period
NATIONAL = "Hele landet"
TOTAL = "/"  # a hierarchy's total [E S1 S2]
EVERY = "*"
_UNSAFE = (";", '"', "\n", "\r")


@dataclass(frozen=True)
class Listing:
    """A table as /tables lists it."""

    table_id: str
    name: str
    update_latest: str | None
    update_next: str | None


@dataclass(frozen=True)
class Hierarchy:
    id: str
    values: tuple[tuple[str, str], ...]  # (value_id, value_name) on every level

    def ids_of(self, names: Iterable[str]) -> list[str]:
        wanted = set(names)
        return [value_id for value_id, name in self.values if name in wanted]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(name for _, name in self.values)


@dataclass(frozen=True)
class Metadata:
    """A table's periods per type (oldest first) and its dimensions' hierarchies by dimension_id."""

    table_id: str
    name: str | None
    periods: dict[str, tuple[str, ...]]
    dimensions: dict[str, tuple[Hierarchy, ...]]


@dataclass(frozen=True)
class Wanted:
    """What svarbrev asks of one table."""

    areas: tuple[str, ...] | None  # None: every municipality and region
    fixed: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a scheme's own column and values, asked with every request
    breakdowns: tuple[str, ...] = ()  # columns the catalogue breaks figures down by, each asked on its own


@dataclass(frozen=True)
class _Asked:
    """One requested dimension: svarbrev's column, the hierarchy that gives it, the value ids asked."""

    column: str
    hierarchy: Hierarchy
    ids: str


@dataclass
class _Answers:
    """The rows of every request of one table, laid out together."""

    columns: tuple[str, ...]  # svarbrev's dimension columns, in order
    measures: tuple[str, ...] | None = None
    service_labels: dict[str, str] = field(default_factory=dict)  # column → the service's name for it, where another
    value_names: dict[str, frozenset[str]] = field(default_factory=dict)  # column → the values the metadata lists
    cells: dict[tuple[str, ...], tuple[Number, ...]] = field(default_factory=dict)
    dropped: set[str] = field(default_factory=set)  # areas left out ("Uoplyst område")
    digest: Any = field(default_factory=hashlib.sha256)


_CONFIG: Cache[dict[str, Any]] = Cache("jobindsats_opsætning")


def config() -> dict[str, Any]:
    return _CONFIG.get(None, _make_config)


def _make_config() -> dict[str, Any]:
    return load_package_yaml(CONFIG_FILE)


def service(base_url: str, token: str, **options: Any) -> Service:
    return Service(
        NAME,
        base_url,
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        describe_error=_cause,
        unauthorized=f"Jobindsats afviste nøglen; tjek at {TOKEN_VARIABLE} er din organisations gyldige nøgle fra STAR",
        forbidden="Jobindsats nægtede adgang (HTTP 403) – prøv igen om lidt; fortsætter det, så kontakt STAR",
        **options,
    )


def _cause(status: int, body: bytes) -> str | None:
    try:
        cause = json.loads(body.decode("utf-8-sig")).get("cause")
    except (UnicodeDecodeError, ValueError, AttributeError):
        return None
    return " ".join(str(cause).split())[:300] if cause else None


# --------------------------------------------------------------------------- the table list


def list_tables(api: Service) -> dict[str, Listing]:
    """Every table the service lists, by id."""
    what = "tabellisten"
    answer = api.get_json("tables", what, params={"format": "json"})
    subjects = answer.get("subjects") if isinstance(answer, dict) else answer  # [E S1 S3]: a list; an object around it [?]
    if not isinstance(subjects, list):
        raise malformed(NAME, what, "ingen liste af emner")
    found: dict[str, Listing] = {}
    for subject in subjects:
        groups = subject.get("table_groups") if isinstance(subject, dict) else None
        for group in groups if isinstance(groups, list) else []:
            tables = group.get("tables") if isinstance(group, dict) else None
            for table in tables if isinstance(tables, list) else []:
                if not isinstance(table, dict) or not isinstance(table.get("table_id"), str):
                    raise malformed(NAME, what, "en tabel uden table_id")
                table_id = table["table_id"].strip().lower()
                found[table_id] = Listing(
                    table_id, _text(table.get("table_name")) or table_id, _text(table.get("update_latest")), _text(table.get("update_next"))
                )
    if not found:
        raise malformed(NAME, what, "ingen tabeller")
    return found


# --------------------------------------------------------------------------- metadata


def read_metadata(answer: Any, table_id: str) -> Metadata:
    """A table's metadata in the shapes the evidence shows; anything else is refused."""
    what = f"metadata for {table_id}"
    if not isinstance(answer, dict):
        raise malformed(NAME, what, "ikke et objekt")
    return Metadata(table_id, _text(answer.get("table_name")), _periods(answer.get("periods"), what), _dimensions(answer.get("dimensions"), what))


def _periods(periods: Any, what: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for kind, values in _entries(periods, "periods", ("periodtype_id", "values"), "en periodetype", what):
        codes: list[str] = []
        for value in values:
            code = value.get("period_id") if isinstance(value, dict) else value  # [E S1]: {"period_id": …}; a bare code [?]
            if not (isinstance(code, str) and is_period_code(code.strip())):
                raise malformed(NAME, what, f"periodetypen {kind} har perioden {_shown(code)}")
            codes.append(code.strip())
        found[kind.strip()] = tuple(sorted(codes))
    return found


def _dimensions(dimensions: Any, what: str) -> dict[str, tuple[Hierarchy, ...]]:
    return {
        dimension_id: tuple(_hierarchy(hierarchy, f"{what}, dimensionen {dimension_id}") for hierarchy in hierarchies)
        for dimension_id, hierarchies in _entries(dimensions, "dimensions", ("dimension_id", "hierarchies"), "en dimension", what)
    }


def _entries(items: Any, key: str, fields: tuple[str, str], one: str, what: str) -> list[tuple[str, list[Any]]]:
    """A list of objects, each an id and a list (`periodtype_id` and `values`, `dimension_id` and `hierarchies`)."""
    if not isinstance(items, list):
        raise malformed(NAME, what, f"'{key}' skal være en liste af objekter med {fields[0]} og {fields[1]}, men er {_shown(items)}")
    found = []
    for item in items:
        name, values = (item.get(fields[0]), item.get(fields[1])) if isinstance(item, dict) else (None, None)
        if not isinstance(name, str) or not isinstance(values, list):
            raise malformed(NAME, what, f"{one} uden {fields[0]} og {fields[1]}: {_shown(item)}")
        found.append((name, values))
    return found


def _hierarchy(hierarchy: Any, what: str) -> Hierarchy:
    if not isinstance(hierarchy, dict) or not isinstance(hierarchy.get("hierarchy_id"), str):
        raise malformed(NAME, what, f"et hierarki uden hierarchy_id: {_shown(hierarchy)}")
    levels = hierarchy.get("levels")
    # [E S6]: values under levels[].values; values on the hierarchy itself [?]
    lists = [level.get("values") for level in levels if isinstance(level, dict)] if isinstance(levels, list) else []
    lists.append(hierarchy.get("values"))
    values = [value for items in lists if isinstance(items, list) for value in items]
    parsed = []
    for value in values:
        value_id = value.get("value_id") if isinstance(value, dict) else None
        name = _text(value.get("value_name")) if isinstance(value, dict) else None
        if value_id is None or name is None or any(c in name for c in _UNSAFE):
            raise malformed(NAME, what, f"en værdi uden value_id og value_name: {_shown(value)}")
        parsed.append((str(value_id), name))
    return Hierarchy(hierarchy["hierarchy_id"], tuple(parsed))


# --------------------------------------------------------------------------- data


def fetch_table(api: Service, listing: Listing, latest: int, wanted: Wanted) -> Fetched:
    """The table's newest `latest` periods of each period type it has, for the areas, the scheme's
    own values and every breakdown the table offers."""
    table_id = listing.table_id
    meta = read_metadata(api.get_json(f"table/{table_id}", f"metadata for {table_id}", params={"format": "json"}), table_id)
    kinds = [kind for kind in config()["perioder"] if meta.periods.get(kind)]
    if not kinds:
        raise malformed(NAME, f"metadata for {table_id}", f"ingen perioder af typerne {', '.join(config()['perioder'])}")
    areas = _area_parameters(meta, wanted.areas)
    fixed = _fixed_parameters(meta, wanted.fixed)
    breakdowns = [_Asked(column, hierarchy, EVERY) for column in wanted.breakdowns if (hierarchy := _hierarchy_for(meta, column)) is not None]
    variants = [[breakdown] for breakdown in breakdowns] or [[]]
    answers = _Answers(columns=tuple(item.column for item in (*fixed, *breakdowns)))
    answers.value_names = {item.column: item.hierarchy.names for item in (*fixed, *breakdowns)}
    asked: list[dict[str, str]] = []
    for kind in kinds:
        periods = meta.periods[kind][-latest:]  # never more than the metadata lists [E S4: else 422]
        for area_hierarchy, area_ids in areas:
            for variant in variants:
                requested = [*fixed, *variant]
                per_period = _cells(area_hierarchy, area_ids, requested)
                for chunk in _chunks(periods, max(1, config()["celler_pr_forespørgsel"] // per_period)):
                    params = (
                        ("format", "json"),
                        (f"period.{kind}", ",".join(chunk)),
                        (f"hierarchy.{area_hierarchy.id}", area_ids),
                        *((f"hierarchy.{item.hierarchy.id}", item.ids) for item in requested),
                        ("mgroup.*", "*"),
                    )
                    body = api.request("GET", f"data/{table_id}", f"data for {table_id}", params=list(params))
                    answers.digest.update(body)
                    asked.append(dict(params))
                    _read_answer(answers, parse_json(body, NAME, f"data for {table_id}"), requested, table_id, set(chunk))
    return _fetched(listing, meta, answers, asked, api.url(f"data/{table_id}"))


def _area_parameters(meta: Metadata, areas: tuple[str, ...] | None) -> list[tuple[Hierarchy, str]]:
    """The area hierarchies and value ids to ask for: the municipalities (with their total, Hele
    landet) and, for every area, the regions."""
    names = config()["område"]
    what = f"metadata for {meta.table_id}"
    hierarchies = {h.id: h for h in meta.dimensions.get(names["dimension"], ())}
    if not hierarchies:
        raise malformed(NAME, what, f"ingen områdedimension {names['dimension']} med hierarkier (dimensionerne: {', '.join(meta.dimensions) or 'ingen'})")
    municipalities, regions, national = hierarchies.get(names["kommuner"]), hierarchies.get(names["regioner"]), hierarchies.get(names["hele_landet"])
    if areas is None:
        chosen = [(h, EVERY) for h in (municipalities, regions) if h is not None]
        return chosen or [(national or next(iter(hierarchies.values())), TOTAL)]
    found: list[tuple[Hierarchy, str]] = []
    named = [name for name in areas if name != NATIONAL]
    for hierarchy in (municipalities, regions):
        if hierarchy is None:
            continue
        ids = hierarchy.ids_of(named)
        named = [name for name in named if name not in hierarchy.names]
        total = [TOTAL] if NATIONAL in areas and not found else []
        if ids or total:
            found.append((hierarchy, ",".join([*total, *ids])))
    if not found and NATIONAL in areas and national is not None:
        found.append((national, TOTAL))
    if not found:
        raise malformed(NAME, what, f"ingen af områderne {', '.join(areas)} i hierarkierne {', '.join(hierarchies)}")
    return found


def _hierarchy_for(meta: Metadata, column: str) -> Hierarchy | None:
    """The hierarchy that gives one of svarbrev's columns, when the table has its dimension."""
    for dimension_id in config()["kolonner"].get(column, ()):
        hierarchies = meta.dimensions.get(dimension_id)
        if hierarchies:
            return hierarchies[0]
    return None


def _fixed_parameters(meta: Metadata, fixed: Sequence[tuple[str, tuple[str, ...]]]) -> list[_Asked]:
    """The scheme's own column (ptv_a02's Ydelsesgrupper): the table must have it and the values."""
    found = []
    for column, values in fixed:
        hierarchy = _hierarchy_for(meta, column)
        what = f"metadata for {meta.table_id}"
        if hierarchy is None:
            raise malformed(NAME, what, f"ingen dimension for kolonnen {column} (ventede {', '.join(config()['kolonner'].get(column, ()))})")
        missing = [value for value in values if value not in hierarchy.names]
        if missing:
            raise malformed(NAME, what, f"{column} har ingen værdi '{missing[0]}'")
        found.append(_Asked(column, hierarchy, ",".join(hierarchy.ids_of(values))))
    return found


def _cells(area: Hierarchy, area_ids: str, requested: Sequence[_Asked]) -> int:
    """Cells per period a request can give (rows × about four measures; the service's cap is not public)."""
    areas = len(area.values) + 1 if area_ids == EVERY else len(area_ids.split(","))
    return areas * math.prod(len(item.hierarchy.values) + 1 if item.ids == EVERY else len(item.ids.split(",")) for item in requested) * 4


def _chunks(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _read_answer(answers: _Answers, answer: Any, asked: Sequence[_Asked], table_id: str, periods: set[str]) -> None:
    """Checks one data answer and lays its rows out under svarbrev's columns."""
    what = f"data for {table_id}"
    if not isinstance(answer, dict) or not isinstance(answer.get("columns"), list) or not isinstance(answer.get("rows"), list):
        raise malformed(NAME, what, "mangler 'columns' og 'rows'")
    columns = answer["columns"]
    if not all(isinstance(label, str) and label.strip() and not any(c in label for c in _UNSAFE) for label in columns):
        raise malformed(NAME, what, "en kolonne uden navn eller med tegnene ; \" eller linjeskift")
    if len(set(columns)) != len(columns) or columns[:2] not in ([PERIOD_COLUMN, AREA_COLUMN], [AREA_COLUMN, PERIOD_COLUMN]):
        raise malformed(NAME, what, f"kolonnerne begynder ikke med Periode og Område: {_shown(columns[:3])}")
    rows = answer["rows"]
    if not all(isinstance(row, list) and len(row) == len(columns) for row in rows):
        raise malformed(NAME, what, f"en række har ikke {len(columns)} felter")
    period_at, area_at = columns.index(PERIOD_COLUMN), columns.index(AREA_COLUMN)
    dimension_at = _dimension_columns(columns, rows, asked, what)
    measures = tuple(columns[2 + len(asked) :])
    if not measures:
        raise malformed(NAME, what, "ingen måltal")
    if answers.measures is None:
        answers.measures = measures
    elif answers.measures != measures:
        raise malformed(NAME, what, f"målene skifter mellem forespørgslerne: {', '.join(measures)}")
    unknown_area = set(config()["område"]["udelad"])
    for number, row in enumerate(rows, start=1):
        period, area = row[period_at], row[area_at]
        if not (isinstance(period, str) and period.strip() in periods):
            raise malformed(NAME, what, f"række {number} har perioden {_shown(period)}, som ikke blev spurgt om")
        texts = [area, *(row[i] for i in dimension_at.values())]
        if not all(isinstance(text, str) and text.strip() and not any(c in text for c in _UNSAFE) for text in texts):
            raise malformed(NAME, what, f"række {number} har et område eller en dimension, der ikke er en tekst")
        values = tuple(row[2 + len(asked) :])
        if not all(_is_number(value) for value in values):
            raise malformed(NAME, what, f"række {number} har et måltal, der ikke er et tal")
        if area.strip() in unknown_area:
            answers.dropped.add(area.strip())
            continue
        labels = {column: row[i].strip() for column, i in dimension_at.items()}
        answers.service_labels.update({column: columns[i] for column, i in dimension_at.items() if columns[i] != column})
        key = (area.strip(), period.strip(), *(labels.get(column, _TOTAL_PLACEHOLDER + column) for column in answers.columns))
        earlier = answers.cells.setdefault(key, values)
        if earlier != values:
            raise FetchError(f"{NAME} sendte to forskellige tal for {area} i {period} i {table_id} ({', '.join(labels.values()) or 'i alt'}); intet er skrevet")


_TOTAL_PLACEHOLDER = "\0total:"  # a dimension not asked for in a request: its total, labelled when all answers are in


def _dimension_columns(columns: list[str], rows: list[list[Any]], asked: Sequence[_Asked], what: str) -> dict[str, int]:
    """Which answer column holds which requested dimension: the columns after Periode and Område,
    matched by their labels, which are the metadata's values and at most one total (the order the
    service uses is not on record [?])."""
    found: dict[str, int] = {}
    for position in range(2, 2 + len(asked)):
        labels = {row[position].strip() for row in rows if isinstance(row[position], str)}
        matches = [
            item.column for item in asked
            if item.column not in found and labels & item.hierarchy.names and len(labels - item.hierarchy.names) <= 1
        ]
        if len(matches) != 1:
            raise malformed(NAME, what, f"kolonnen {_shown(columns[position])} svarer ikke til én af de dimensioner, der blev spurgt om")
        found[matches[0]] = position
    return found


def _fetched(listing: Listing, meta: Metadata, answers: _Answers, asked: list[dict[str, str]], url: str) -> Fetched:
    table_id = listing.table_id
    totals = _total_labels(answers, table_id)
    rows = []
    for key, values in answers.cells.items():
        area, period, *labels = key
        shown = tuple(totals[column] if label == _TOTAL_PLACEHOLDER + column else label for column, label in zip(answers.columns, labels))
        rows.append(Row(area, period, shown, values))
    if not rows:
        raise malformed(NAME, f"data for {table_id}", "ingen rækker")
    name = meta.name or listing.name
    provenance: dict[str, Any] = {
        "url": url,
        "forespørgsler": asked,
        "tabelnavn": name,
        "opdateret_senest": listing.update_latest,
        "næste_opdatering": listing.update_next,
        "sha256": answers.digest.hexdigest(),
    }
    if answers.service_labels:
        provenance["kolonner"] = {column: f"hos {NAME}: {label}" for column, label in answers.service_labels.items()}
    if answers.dropped:
        provenance["udeladt"] = sorted(answers.dropped)
    return Fetched(
        table=table_id,
        name=name,
        source=SOURCE,
        dimensions=answers.columns,
        measures=answers.measures or (),
        rows=rows,
        provenance=provenance,
        totals={column: label for column, label in totals.items() if not is_total_label(label)},
    )


def _total_labels(answers: _Answers, table_id: str) -> dict[str, str]:
    """Each breakdown column's total row label, as the service wrote it ("Køn i alt"): the one label
    that reads as a total, else the one label the metadata does not list as a value."""
    found: dict[str, str] = {}
    for position, column in enumerate(answers.columns):
        labels = {key[2 + position] for key in answers.cells} - {_TOTAL_PLACEHOLDER + column}
        totals = [label for label in labels if is_total_label(label)] or sorted(labels - answers.value_names.get(column, frozenset()))
        if len(totals) == 1:
            found[column] = totals[0]
        elif any(key[2 + position] == _TOTAL_PLACEHOLDER + column for key in answers.cells):
            raise malformed(NAME, f"data for {table_id}", f"kan ikke se, hvilken række i {column} der er totalen ({', '.join(sorted(labels))})")
    return found


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value))


def _text(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 80 else text[:77] + "…"


__all__ = ["DEFAULT_URL", "FetchError", "Listing", "Wanted", "fetch_table", "list_tables", "read_metadata", "service"]
