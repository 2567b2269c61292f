"""A local Jobindsats API v3 for the tests, answering in the shapes public evidence shows.

Every shape here is taken from ../shared/data/jobindsats-v3.md (its source keys in the comments:
S1 a municipality's production client, S2/S3 recorded answers and errors, S4 the 422 on too many
periods, S5 the sporadic 403, S6/S9 metadata walks, S10/S11 total and column labels, S12 area
names). Where the evidence is silent ([?]) the server is strict, so the client must not lean on
more than the evidence gives: one period type per request, the hierarchy ids of the metadata only,
and the columns of requested dimensions in the table's own order rather than the request's.

The figures: y08a02 and y09a02 for 2025QMAT01 are the reference letter's (typed from
../shared/seed/000_e690eab00d7a64b8.txt, its flattened table: Hele landet 97.443 / 15.400, 3,2 /
0,5 …; København 5.192 persons and 4.448 full-time persons in fleksjob); every other figure is
invented, and marked so where it is made.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from werkzeug import Request, Response

TOKEN = "t0ken-S3CRET-9f8e7d6c5b4a"
NATIONAL = "Hele landet"
UNKNOWN_AREA = "Uoplyst område"  # [E S12]: in the answer to hierarchy._nykom=*
MEASURES = ("Antal personer", "Antal fuldtidspersoner", "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år")  # [E S3: v3 keeps "16-66 år" on most tables]
# Value ids as paths ("/101/"), the root "/" the total [E S1: hierarchy._ygrpa02 ids "/5/", "/11/"; "/" the total in S1 S2].
MUNICIPALITIES = {
    "/101/": "København", "/147/": "Frederiksberg", "/751/": "Aarhus", "/461/": "Odense",
    "/851/": "Aalborg", "/561/": "Esbjerg", "/730/": "Randers", "/169/": "Høje-Taastrup",  # [E S12: plain names]
}
REGIONS = {"/1084/": "Region Hovedstaden", "/1085/": "Region Sjælland", "/1083/": "Region Syddanmark", "/1082/": "Region Midtjylland", "/1081/": "Region Nordjylland"}


@dataclass(frozen=True)
class Dimension:
    dimension_id: str  # "_kon" [E S9]
    column: str  # the answer's column label: "Køn"; ptv_a02's "Ydelsesgrupper" [E S11 S2]
    total: str  # the requested total's label: "Køn i alt" [E S10], "Ydelsesgrupper i alt" [E S2]
    values: dict[str, str]  # value id → name


@dataclass
class Table:
    table_id: str
    name: str
    periods: dict[str, list[str]]  # period type → period ids, oldest first
    dimensions: tuple[Dimension, ...] = ()
    areas: dict[str, dict[str, str]] = field(default_factory=lambda: {"_nykom": MUNICIPALITIES, "_region": REGIONS})
    figures: dict[tuple[str, str], tuple] = field(default_factory=dict)  # (area, period) → published totals, where not invented
    measures: tuple[str, ...] = MEASURES


SEX = Dimension("_kon", "Køn", "Køn i alt", {"/1/": "Mænd", "/2/": "Kvinder"})
DIAGNOSIS = Dimension("_hoveddiagnose", "Hoveddiagnose", "Hoveddiagnose i alt", {"/1/": "Psykiske lidelser", "/2/": "Øvrige diagnoser"})
GROUPS = Dimension("_ygrpa02", "Ydelsesgrupper", "Ydelsesgrupper i alt", {"/5/": "Førtidspension", "/11/": "Seniorpension", "/13/": "Fleksjob"})


def reference_figures(rows: dict[str, tuple]) -> dict[tuple[str, str], tuple]:
    return {(area, "2025QMAT01"): values for area, values in rows.items()}


TABLES = {
    "y08a02": Table(
        "y08a02", "Fleksjob", {"QMAT": ["2025QMAT01"]},
        figures=reference_figures({
            NATIONAL: (None, 97443, 3.2), "København": (5192, 4448, 1.1), "Aarhus": (None, 6491, 3.3), "Odense": (None, 3287, 3.1),
            "Aalborg": (None, 3497, 3.0), "Esbjerg": (None, 2277, 4.0), "Randers": (None, 2224, 4.5),
        }),
    ),
    "y09a02": Table(
        "y09a02", "Ledighedsydelse", {"QMAT": ["2025QMAT01"]},
        figures=reference_figures({
            NATIONAL: (None, 15400, 0.5), "København": (None, 1009, 0.3), "Aarhus": (None, 1097, 0.6), "Odense": (None, 634, 0.6),
            "Aalborg": (None, 642, 0.6), "Esbjerg": (None, 331, 0.6), "Randers": (None, 304, 0.6),
        }),
    ),
    # Four quarters only: asking for latest:12 of them is a 422 [E S4].
    "y07a02": Table("y07a02", "Sygedagpenge", {"QMAT": ["2024QMAT03", "2024QMAT04", "2025QMAT01"], "Q": ["2024Q02", "2024Q03", "2024Q04", "2025Q01"]}, (SEX,)),
    "y60a02": Table("y60a02", "Kontanthjælp", {"M": [f"2026M{month:02d}" for month in range(1, 8)], "MYTD": ["2026M07"]}),
    "ptv_a02": Table("ptv_a02", "Offentligt forsørgede", {"QMAT": ["2024QMAT04", "2025QMAT01"]}, (GROUPS, SEX)),
    # Awards of førtidspension: quarterly, by main diagnosis, one measure [doc: JI-y10f02 in ../shared/data/tables.md];
    # the diagnosis hierarchy's id and the measure's label in v3 are not on record [?].
    "y10f02": Table(
        "y10f02", "Kommunale tilkendelser af førtidspension fordelt på hoveddiagnose", {"Q": ["2024Q01", "2024Q02", "2024Q03", "2024Q04", "2025Q01"]},
        (DIAGNOSIS,), measures=("Antal tilkendelser",),
    ),
}


def invented(table: str, area: str, period: str, labels: tuple[str, ...]) -> int:
    """A made-up count, the same on every run."""
    digest = hashlib.sha256("|".join((table, area, period, *labels)).encode()).digest()
    return 200 + int.from_bytes(digest[:3], "big") % 4000


def cell(table: Table, area: str, period: str, labels: tuple[str | None, ...]) -> tuple:
    """The measures of one row; None in `labels` is a dimension's total. An invented total is its
    parts plus a few persons whose group is unknown, so a total is never the sum of its parts."""
    if not table.dimensions and (area, period) in table.figures:
        return table.figures[(area, period)]
    for position, label in enumerate(labels):
        if label is None and table.dimensions[position] is not GROUPS:
            parts = [cell(table, area, period, (*labels[:position], value, *labels[position + 1 :])) for value in table.dimensions[position].values.values()]
            persons = sum(part[0] for part in parts) + 3
            return (persons, round(persons * 0.8, 1), round(persons / 1000, 1))[: len(table.measures)]
    persons = invented(table.table_id, area, period, tuple(label or "" for label in labels))
    return (persons, round(persons * 0.8, 1), round(persons / 1000, 1))[: len(table.measures)]


# --------------------------------------------------------------------------- the answers


def table_list() -> list:
    """GET /v3/tables: a top-level list of subjects [E S1 S3]."""
    tables = [
        {
            "table_id": table.table_id, "table_name": table.name, "link_infopage": "", "link_tablepage": "", "update_freq": "Kvartalsvis",
            "update_latest": "2025-06-20", "update_next": "2025-09-19", "mgroups": [{"mgroup_id": f"{table.table_id}_m", "mgroup_name": "Bestand"}],
        }
        for table in TABLES.values()
    ]
    return [{"subject_name": "Ydelser", "table_groups": [{"table_group_name": "Bestand", "tables": tables}]}]


def metadata(table: Table) -> dict:
    """GET /v3/table/<id> [E S1 S6 S9]: periods per periodtype_id; dimensions by dimension_id (no
    name), values under levels; no measure block (its key is not on record [?])."""
    def hierarchy(hierarchy_id: str, values: dict[str, str]) -> dict:
        return {"hierarchy_id": hierarchy_id, "levels": [{"level_id": "1", "values": [{"value_id": i, "value_name": n} for i, n in values.items()]}]}

    return {
        "table_id": table.table_id,
        "table_name": table.name,
        "periods": [{"periodtype_id": kind, "values": [{"period_id": code} for code in codes]} for kind, codes in table.periods.items()],
        "dimensions": [
            {"dimension_id": "_omrade", "hierarchies": [hierarchy(hid, values) for hid, values in table.areas.items()]},
            *({"dimension_id": d.dimension_id, "hierarchies": [hierarchy(d.dimension_id, d.values)]} for d in table.dimensions),
        ],
    }


class Refusal(Exception):
    def __init__(self, cause: str) -> None:
        self.cause = cause


def data(table: Table, query: list[tuple[str, str]]) -> dict:
    """GET /v3/data/<id> [E S1 S2]: Periode, Område, the requested dimensions (in the table's
    order), the measures; a requested total labelled per dimension [E S2 S10]."""
    args = dict(query)
    if args.get("format") != "json":
        raise Refusal("format must be json or csv")
    asked_periods = [(key[len("period."):], value) for key, value in query if key.startswith("period.")]
    if len(asked_periods) != 1:
        raise Refusal("Exactly one period type per request")  # [?] several at once: never in a public example
    kind, asked = asked_periods[0]
    if kind not in table.periods:
        raise Refusal(f"Unknown period type: {kind}")  # [E S3]
    periods = _periods(table.periods[kind], asked, kind)
    hierarchies = {key[len("hierarchy."):]: value for key, value in query if key.startswith("hierarchy.")}
    known = set(table.areas) | {d.dimension_id for d in table.dimensions}
    unknown = [h for h in hierarchies if h not in known]
    if unknown:
        raise Refusal(f"Unknown hierarchies: {unknown}")  # [E S2]
    area_asked = [h for h in hierarchies if h in table.areas]
    if len(area_asked) != 1:
        raise Refusal("Exactly one area hierarchy per request")  # [?]
    if not any(key.startswith("mgroup.") for key, _ in query):
        raise Refusal("No measure group requested")  # [?]
    area_hierarchy = area_asked[0]
    areas = _values(hierarchies[area_hierarchy], table.areas[area_hierarchy], NATIONAL)
    if hierarchies[area_hierarchy] == "*" and area_hierarchy == "_nykom":
        areas.append(UNKNOWN_AREA)
    asked_dimensions = [d for d in table.dimensions if d.dimension_id in hierarchies]
    choices = [_values(hierarchies[d.dimension_id], d.values, None) for d in asked_dimensions]
    rows = []
    for period in periods:
        for area in areas:
            for labels in itertools.product(*choices) if choices else [()]:
                full = tuple(dict(zip((d.dimension_id for d in asked_dimensions), labels)).get(d.dimension_id) for d in table.dimensions)
                values = cell(table, area, period, full)
                shown = [label if label is not None else d.total for d, label in zip(asked_dimensions, labels)]
                rows.append([period, area, *shown, *values])
    return {"columns": ["Periode", "Område", *(d.column for d in asked_dimensions), *table.measures], "rows": rows}


def _periods(codes: list[str], asked: str, kind: str) -> list[str]:
    if asked.startswith("latest:"):
        count = int(asked[len("latest:"):])
        if count > len(codes):
            raise Refusal(f"Invalid value for period.{kind}: {count} periods requested, but only {len(codes)} periods are available")  # [E S4]
        return codes[-count:]
    wanted = asked.split(",")
    unknown = [code for code in wanted if code not in codes]
    if unknown:
        raise Refusal(f"Unknown periods: {unknown}")  # [?]
    return [code for code in codes if code in wanted]


def _values(asked: str, values: dict[str, str], total: str | None) -> list:
    """`*` every value and the total [E S2: _akassebl=* gave "I alt" and each a-kasse], `/` the total,
    or a comma list of value ids ("/" among them)."""
    if asked == "*":
        return [total, *values.values()]
    chosen = []
    for value_id in asked.split(","):
        if value_id == "/":
            chosen.append(total)
        elif value_id in values:
            chosen.append(values[value_id])
        else:
            raise Refusal(f"Unknown values: ['{value_id}']")
    return chosen


@dataclass
class Jobindsats:
    """The handler pytest-httpserver calls for every /v3 request."""

    forbidden: int = 0  # this many data requests get the sporadic 403 first [E S5]
    log: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)

    def __call__(self, request: Request) -> Response:
        query = parse_qsl(request.query_string.decode(), keep_blank_values=True)
        self.log.append((request.path, query))
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":  # [E S1]: the v2 form gets 401
            return _json({"code": 401, "cause": "Unauthorized", "request_id": "t"}, 401)
        path = request.path.removeprefix("/v3/")
        if path == "tables":
            return _json(table_list())
        kind, _, table_id = path.partition("/")
        table = TABLES.get(table_id)
        if table is None or kind not in ("table", "data"):
            return _json({"code": 404, "cause": "Not found", "request_id": "t"}, 404)
        if kind == "table":
            return _json(metadata(table))
        if self.forbidden:
            self.forbidden -= 1
            return Response("You do not have permission to view this directory or page.", 403, content_type="text/html")  # [E S5]
        try:
            return _json(data(table, query))
        except Refusal as refusal:
            return _json({"code": 422, "cause": refusal.cause, "request_id": "t"}, 422)  # [E S2 S3]

    def data_requests(self, table_id: str) -> list[dict[str, str]]:
        return [dict(query) for path, query in self.log if path == f"/v3/data/{table_id}"]


def _json(value: object, status: int = 200) -> Response:
    return Response(json.dumps(value, ensure_ascii=False), status, content_type="application/json; charset=utf-8")
