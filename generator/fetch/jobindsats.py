"""Jobindsats API v3: the table list, a table's metadata, and its data as a `Fetched` table.

Requests (base `https://api.jobindsats.dk/v3`, header `Authorization: Bearer <token>`):
- `GET tables?format=json`: subjects → table_groups → tables (`table_id`, `table_name`,
  `update_latest`, `update_next`, `mgroups`);
- `GET table/<id>?format=json`: `periods` per period type (M, Q, QMAT, Y, MYTD), `dimensions`
  with `hierarchies` (levels and values) and `mgroups` with their measures;
- `GET data/<id>?format=json&period.<type>=latest:N&hierarchy.<id>=<value ids>|*&mgroup.<id>=*`:
  `{"columns": ["Periode", "Område", <dimensioner>, <mål>], "rows": [[…], …]}` with real numbers
  and null for missing.
Errors are JSON `{"code": 422, "cause": "…", "request_id": "…"}`; a bad key is 401.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.fetch.http import FetchError, Service, malformed, parse_json
from generator.fetch.model import Fetched, Row
from generator.metrics.periods import is_period_code

DEFAULT_URL = "https://api.jobindsats.dk/v3"
NAME = "Jobindsats"
SOURCE = "Jobindsats.dk"
TOKEN_VARIABLE = "JOBINDSATS_TOKEN"
PERIOD_TYPES = ("QMAT", "Q", "M", "Y")  # the types our extracts use; MYTD is not fetched
AREA_LABELS = ("Område", "Area")  # v3, v2
AREA_IDS = ("area", "omraade", "omr")
PERIOD_LABELS = ("Periode", "Period")
_UNSAFE = (";", '"', "\n", "\r")


@dataclass(frozen=True)
class Listing:
    """A table as /tables lists it."""

    table_id: str
    name: str
    update_latest: str | None
    update_next: str | None


def service(base_url: str, token: str, **options: Any) -> Service:
    return Service(
        NAME,
        base_url,
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        describe_error=_cause,
        unauthorized=f"Jobindsats afviste nøglen; tjek at {TOKEN_VARIABLE} er din organisations gyldige nøgle fra STAR",
        **options,
    )


def _cause(status: int, body: bytes) -> str | None:
    try:
        cause = json.loads(body.decode("utf-8-sig")).get("cause")
    except (UnicodeDecodeError, ValueError, AttributeError):
        return None
    return " ".join(str(cause).split())[:300] if cause else None


def list_tables(api: Service) -> dict[str, Listing]:
    """Every table the service lists, by id."""
    what = "tabellisten"
    answer = api.get_json("tables", what, params={"format": "json"})
    subjects = answer.get("subjects") if isinstance(answer, dict) else answer
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


def fetch_table(api: Service, listing: Listing, latest: int, areas: Iterable[str] | None) -> Fetched:
    """The table's newest `latest` periods of each period type, for `areas` (None: every area)."""
    table_id = listing.table_id
    meta_what = f"metadata for {table_id}"
    meta = api.get_json(f"table/{table_id}", meta_what, params={"format": "json"})
    if not isinstance(meta, dict):
        raise malformed(NAME, meta_what, "ikke et objekt")
    period_types = [kind for kind in PERIOD_TYPES if kind in _period_types(meta)]
    if not period_types:
        raise malformed(NAME, meta_what, f"ingen perioder af typerne {', '.join(PERIOD_TYPES)}")
    hierarchy_id, value_ids = _area_selection(meta, meta_what, areas)
    mgroups = _mgroups(meta)
    if not mgroups:
        raise malformed(NAME, meta_what, "ingen målgrupper (mgroups)")
    params: list[tuple[str, str]] = [("format", "json")]
    params += [(f"period.{kind}", f"latest:{latest}") for kind in period_types]
    params.append((f"hierarchy.{hierarchy_id}", value_ids))
    params += [(f"mgroup.{group_id}", "*") for group_id in mgroups]
    data_what = f"data for {table_id}"
    body = api.request("GET", f"data/{table_id}", data_what, params=params)
    measure_names = {name for measures in mgroups.values() for _, name in measures}
    dimensions, measures, rows = parse_data(parse_json(body, NAME, data_what), measure_names, data_what)
    return Fetched(
        table=table_id,
        name=_text(meta.get("table_name")) or listing.name,
        source=SOURCE,
        dimensions=dimensions,
        measures=measures,
        rows=rows,
        provenance={
            "url": api.url(f"data/{table_id}"),
            "parametre": dict(params),
            "tabelnavn": _text(meta.get("table_name")) or listing.name,
            "opdateret_senest": listing.update_latest or _text(meta.get("update_latest")),
            "næste_opdatering": listing.update_next or _text(meta.get("update_next")),
            "mål": [measure_id for measures in mgroups.values() for measure_id, _ in measures],
            "sha256": hashlib.sha256(body).hexdigest(),
        },
    )


def parse_data(answer: Any, measure_names: set[str], what: str) -> tuple[tuple[str, ...], tuple[str, ...], list[Row]]:
    """Dimension columns, measure columns and rows of a data answer, by column name."""
    if not isinstance(answer, dict) or not isinstance(answer.get("columns"), list) or not isinstance(answer.get("rows"), list):
        raise malformed(NAME, what, "mangler 'columns' og 'rows'")
    columns = answer["columns"]
    if not all(isinstance(label, str) and label.strip() and not any(c in label for c in _UNSAFE) for label in columns):
        raise malformed(NAME, what, "en kolonne uden navn eller med tegnene ; \" eller linjeskift")
    if len(set(columns)) != len(columns):
        raise malformed(NAME, what, "to kolonner med samme navn")
    period_at = _position(columns, PERIOD_LABELS, what)
    area_at = _position(columns, AREA_LABELS, what)
    rows = answer["rows"]
    if not rows:
        raise malformed(NAME, what, "ingen rækker")
    if not all(isinstance(row, list) and len(row) == len(columns) for row in rows):
        raise malformed(NAME, what, f"en række har ikke {len(columns)} felter")
    rest = [i for i in range(len(columns)) if i not in (period_at, area_at)]
    measure_at = [i for i in rest if columns[i] in measure_names or (columns[i] not in measure_names and all(_is_number(row[i]) for row in rows))]
    dimension_at = [i for i in rest if i not in measure_at]
    if not measure_at:
        raise malformed(NAME, what, "ingen måltal")
    parsed = []
    for number, row in enumerate(rows, start=1):
        period, area = row[period_at], row[area_at]
        if not (isinstance(period, str) and is_period_code(period.strip())):
            raise malformed(NAME, what, f"række {number} har periodekoden {period!r}")
        texts = [area, *(row[i] for i in dimension_at)]
        if not all(isinstance(text, str) and text.strip() and not any(c in text for c in _UNSAFE) for text in texts):
            raise malformed(NAME, what, f"række {number} har et område eller en dimension, der ikke er en tekst")
        values = tuple(row[i] for i in measure_at)
        if not all(_is_number(value) for value in values):
            raise malformed(NAME, what, f"række {number} har et måltal, der ikke er et tal")
        parsed.append(Row(area.strip(), period.strip(), tuple(row[i].strip() for i in dimension_at), values))
    return tuple(columns[i] for i in dimension_at), tuple(columns[i] for i in measure_at), parsed


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and value == value and abs(value) != float("inf"))


def _position(columns: list[str], labels: tuple[str, ...], what: str) -> int:
    for label in labels:
        if label in columns:
            return columns.index(label)
    raise malformed(NAME, what, f"ingen kolonne '{labels[0]}'")


def _period_types(meta: dict) -> set[str]:
    periods = meta.get("periods")
    if isinstance(periods, dict):
        return {str(kind) for kind, codes in periods.items() if codes}
    if isinstance(periods, list):
        return {str(item.get("period_type")) for item in periods if isinstance(item, dict) and item.get("periods")}
    return set()


def _area_selection(meta: dict, what: str, areas: Iterable[str] | None) -> tuple[str, str]:
    """The area hierarchy's id and the value ids to ask for ('*' for every area)."""
    for dimension in meta.get("dimensions") or []:
        if not isinstance(dimension, dict) or not (
            _text(dimension.get("dimension_name")) in AREA_LABELS or str(dimension.get("dimension_id", "")).lower() in AREA_IDS
        ):
            continue
        hierarchies = [h for h in dimension.get("hierarchies") or [] if isinstance(h, dict) and h.get("hierarchy_id")]
        if not hierarchies:
            break
        hierarchy = hierarchies[0]
        if areas is None:
            return str(hierarchy["hierarchy_id"]), "*"
        wanted = set(areas)
        ids = [str(value["value_id"]) for value in hierarchy.get("values") or [] if isinstance(value, dict) and value.get("value_name") in wanted and "value_id" in value]
        if not ids:
            raise malformed(NAME, what, f"ingen af områderne {', '.join(sorted(wanted))}")
        return str(hierarchy["hierarchy_id"]), ",".join(ids)
    raise malformed(NAME, what, "ingen dimension 'Område' med et hierarki")


def _mgroups(meta: dict) -> dict[str, list[tuple[str, str]]]:
    """Measure groups by id, each with (measure id, measure name)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for group in meta.get("mgroups") or []:
        if not isinstance(group, dict) or not group.get("mgroup_id"):
            continue
        groups[str(group["mgroup_id"])] = [
            (str(measure.get("measure_id")), str(measure.get("measure_name")))
            for measure in group.get("measures") or []
            if isinstance(measure, dict)
        ]
    return groups


def _text(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


__all__ = ["DEFAULT_URL", "FetchError", "Listing", "fetch_table", "list_tables", "service"]
