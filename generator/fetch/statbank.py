"""Danmarks Statistik's Statbank API (no key): FOLK1A as inhabitants aged 16-66 per area and quarter, and
FOLK1E as the same by sex, age band and origin, one group at a time (a group's own population).

`POST tableinfo {"table": "FOLK1A", "lang": "da"}` lists the variables (OMRÅDE, KØN, ALDER,
CIVILSTAND, Tid) and their values; `POST data {"table": …, "format": "CSV", "lang": "da",
"variables": [{"code": …, "values": […]}, …]}` answers `;`-separated CSV with labels, decimal
comma and `..` for suppressed values. Errors are HTTP 400 `{"errorTypeCode": …, "message": …}`.

The extract (`folk1a_<dato>.csv`) is `Område;Periode;Indbyggere 16-66 år`: areas by Jobindsats'
names ("København", "Hele landet"), quarters as Jobindsats codes (DST 2025K1 → 2025Q01), and the
value the sum of the single-year ages 16..66 for both sexes – worked out here, which kilder.yaml's
`bemærkning` says. A sum with a suppressed part is missing.

FOLK1E (`folk1e_<dato>.csv`: `Område;Periode;Køn;Alder;Herkomst;Indbyggere 16-66 år`) has the variables OMRÅDE,
KØN, ALDER (single years), HERKOMST and Tid (public clients: an R panel script's column names, a research script's
requests with `KØN` 1/2/TOT, `HERKOMST` TOT and single-year `ALDER` ids; the origin groups are read by their
label, so codes are never assumed). Each row holds one group, the other columns "I alt": both sexes, the age bands
Jobindsats uses (16-24 … "60 år og derover", here 60-66) and the five origin groups. Requests are split by quarters
so none asks for more than the service's cell limit.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from collections.abc import Iterable
from typing import Any

from generator.domain.areas import load_areas
from generator.fetch.http import Service, malformed, parse_json
from generator.fetch.model import Fetched, Row

DEFAULT_URL = "https://api.statbank.dk/v1"
NAME = "Danmarks Statistik"
SOURCE = "Danmarks Statistik"
TABLE = "FOLK1A"
MEASURE = "Indbyggere 16-66 år"
AGES = range(16, 67)
NOTE = "Summen af aldrene 16-66 år, beregnet af forvaltningen ud fra FOLK1A"
TABLE_NAME = "Befolkningen 16-66 år den 1. i kvartalet (FOLK1A)"
GROUP_TABLE = "FOLK1E"
TABLES = (TABLE, GROUP_TABLE)
GROUP_TABLE_NAME = "Befolkningen 16-66 år den 1. i kvartalet efter køn, alder og herkomst (FOLK1E)"
GROUP_NOTE = 'Summen af aldrene 16-66 år, beregnet af forvaltningen ud fra FOLK1E; "60 år og derover" er 60-66 år'
TOTAL = "I alt"
AGE_BANDS = (("16-24 år", 16, 24), ("25-29 år", 25, 29), ("30-39 år", 30, 39), ("40-49 år", 40, 49), ("50-59 år", 50, 59), ("60 år og derover", 60, 66))
SEXES = ("Mænd", "Kvinder")
CELL_LIMIT = 900_000  # the service refuses a CSV request over 1,000,000 cells (REQUEST-LIMIT); room to spare
_QUARTER = re.compile(r"^(\d{4})K([1-4])$")
_AGE = re.compile(r"^(\d+) år$")


def service(base_url: str, **options: Any) -> Service:
    return Service(NAME, base_url, headers={"Accept": "application/json, text/csv"}, describe_error=_message, **options)


def _message(status: int, body: bytes) -> str | None:
    try:
        answer = json.loads(body.decode("utf-8-sig"))
        message = answer.get("message") or answer.get("errorTypeCode")
    except (UnicodeDecodeError, ValueError, AttributeError):
        return None
    return " ".join(str(message).split())[:300] if message else None


def table_updated(api: Service, table: str = TABLE) -> str | None:
    """When Statbank last updated the table (its tableinfo's `updated`)."""
    info = _tableinfo(api, table)
    updated = info.get("updated")
    return updated if isinstance(updated, str) else None


def fetch_folk1a(api: Service, latest: int, areas: Iterable[str] | None) -> Fetched:
    """Inhabitants aged 16-66 for `areas` (None: every municipality, region and Hele landet) in
    the newest `latest` quarters."""
    info, variables, what = _variables(api, TABLE, ("OMRÅDE", "ALDER", "Tid"))
    area_codes = _area_codes(variables["OMRÅDE"], areas, what)
    ages = _single_ages(variables["ALDER"], what)
    quarters = _quarters(variables["Tid"], what)
    request_variables = [{"code": "OMRÅDE", "values": area_codes}]
    if "KØN" in variables:
        request_variables.append({"code": "KØN", "values": ["TOT"]})
    request_variables.append({"code": "ALDER", "values": ages})
    if "CIVILSTAND" in variables:
        request_variables.append({"code": "CIVILSTAND", "values": ["TOT"]})
    request_variables.append({"code": "Tid", "values": quarters[-latest:]})
    body_json = {"table": TABLE, "format": "CSV", "lang": "da", "variables": request_variables}
    data_what = f"data for {TABLE}"
    body = api.request("POST", "data", data_what, json_body=body_json)
    rows = _summed_rows(body, data_what)
    return _population(api, info, TABLE, TABLE_NAME, NOTE, (), rows, body_json, f"{TABLE}: ALDER 16-66, KØN i alt", hashlib.sha256(body).hexdigest())


def fetch_folk1e(api: Service, latest: int, areas: Iterable[str] | None) -> Fetched:
    """Inhabitants aged 16-66 by sex, by age band and by origin group (one group per row) for `areas` (None:
    every municipality, region and Hele landet) in the newest `latest` quarters."""
    from generator.domain.dimensions import load_dimensions

    info, variables, what = _variables(api, GROUP_TABLE, ("OMRÅDE", "KØN", "ALDER", "HERKOMST", "Tid"))
    area_codes = _area_codes(variables["OMRÅDE"], areas, what)
    ages = _single_ages(variables["ALDER"], what)
    quarters = _quarters(variables["Tid"], what)[-latest:]
    sexes = _codes_by_label(variables["KØN"], (TOTAL, *SEXES), what)
    origins = _codes_by_label(variables["HERKOMST"], (TOTAL, *load_dimensions().specs["herkomst"].values), what)
    # Two requests: every origin group for both sexes together, and the two sexes for every origin together.
    by_origin = [{"code": "OMRÅDE", "values": area_codes}, {"code": "KØN", "values": [sexes[TOTAL]]}, {"code": "ALDER", "values": ages},
                 {"code": "HERKOMST", "values": list(origins.values())}]
    by_sex = [{"code": "OMRÅDE", "values": area_codes}, {"code": "KØN", "values": [sexes[sex] for sex in SEXES]}, {"code": "ALDER", "values": ages},
              {"code": "HERKOMST", "values": [origins[TOTAL]]}]
    sums: dict[tuple[str, str, str, str, str], int | None] = {}
    requests, digests = [], []
    for variables_asked in (by_origin, by_sex):
        step = max(1, CELL_LIMIT // math.prod(len(variable["values"]) for variable in variables_asked))  # quarters a request
        for start in range(0, len(quarters), step):
            body_json = {"table": GROUP_TABLE, "format": "CSV", "lang": "da", "variables": [*variables_asked, {"code": "Tid", "values": quarters[start : start + step]}]}
            body = api.request("POST", "data", f"data for {GROUP_TABLE}", json_body=body_json)
            requests.append(body_json)
            digests.append(hashlib.sha256(body).hexdigest())
            _add_group_sums(sums, body, f"data for {GROUP_TABLE}")
    return _population(
        api, info, GROUP_TABLE, GROUP_TABLE_NAME, GROUP_NOTE, ("Køn", "Alder", "Herkomst"), _group_rows(sums, what), requests,
        f"{GROUP_TABLE}: ALDER 16-66 summeret; KØN og HERKOMST hver for sig", hashlib.sha256("".join(digests).encode("ascii")).hexdigest(),
    )


def _variables(api: Service, table: str, needed: tuple[str, ...]) -> tuple[dict, dict[str, dict], str]:
    """The table's information, its variables by id (each of `needed` there), and how a refusal names it."""
    info = _tableinfo(api, table)
    what = f"tabelinformation for {table}"
    variables = {str(v.get("id")): v for v in info.get("variables") or [] if isinstance(v, dict)}
    missing = [name for name in needed if name not in variables]
    if missing:
        raise malformed(NAME, what, f"ingen variabel {missing[0]}")
    return info, variables, what


def _population(
    api: Service, info: dict, table: str, name: str, note: str, dimensions: tuple[str, ...], rows: list[Row], asked: object, measured: str, digest: str
) -> Fetched:
    """A population extract as received, with the provenance its .kilde.json keeps."""
    return Fetched(
        table=table.lower(),
        name=name,
        source=SOURCE,
        dimensions=dimensions,
        measures=(MEASURE,),
        rows=rows,
        note=note,
        provenance={
            "url": api.url("data"),
            "parametre": asked,
            "tabelnavn": _text(info.get("text")) or table,
            "opdateret_senest": info.get("updated") if isinstance(info.get("updated"), str) else None,
            "næste_opdatering": None,
            "mål": [measured],
            "beregning": note,
            "sha256": digest,
        },
    )


def _area_codes(variable: dict, areas: Iterable[str] | None, what: str) -> list[str]:
    registry = load_areas()
    wanted = None if areas is None else set(areas)
    codes = [str(value.get("id")) for value in variable.get("values") or []
             if (name := registry.canonical(str(value.get("text", "")))) is not None and (wanted is None or name in wanted)]
    if not codes:
        raise malformed(NAME, what, "ingen kendte områder under OMRÅDE")
    return codes


def _single_ages(variable: dict, what: str) -> list[str]:
    ages = [str(v.get("id")) for v in variable.get("values") or [] if str(v.get("id")).isdigit() and int(v["id"]) in AGES]
    if len(ages) != len(AGES):
        raise malformed(NAME, what, "ALDER har ikke de enkelte aldre 16-66")
    return ages


def _quarters(variable: dict, what: str) -> list[str]:
    quarters = [str(v.get("id")) for v in variable.get("values") or [] if _QUARTER.match(str(v.get("id")))]
    if not quarters:
        raise malformed(NAME, what, "ingen kvartaler under Tid")
    return quarters


def _codes_by_label(variable: dict, labels: Iterable[str], what: str) -> dict[str, str]:
    """The service's codes of the values with these labels; every label must be there."""
    by_label = {" ".join(str(v.get("text", "")).split()).casefold(): str(v.get("id")) for v in variable.get("values") or []}
    codes = {label: by_label.get(label.casefold()) for label in labels}
    missing = [label for label, code in codes.items() if code is None]
    if missing:
        raise malformed(NAME, what, f"{variable.get('id')} har ikke værdien '{missing[0]}'")
    return {label: str(code) for label, code in codes.items()}


def _add_group_sums(sums: dict[tuple[str, str, str, str, str], int | None], body: bytes, what: str) -> None:
    """Adds each CSV line to its (area, quarter, sex, origin, age band) sum; a suppressed part makes the sum missing."""
    at, records = _csv(body, what, ("OMRÅDE", "KØN", "ALDER", "HERKOMST", "TID", "INDHOLD"))
    registry = load_areas()
    for number, record in enumerate(records, start=2):
        area = registry.canonical(record[at["OMRÅDE"]])
        quarter = _QUARTER.match(record[at["TID"]].strip())
        age = _AGE.match(record[at["ALDER"]].strip())
        if area is None or quarter is None or age is None or int(age[1]) not in AGES:
            raise malformed(NAME, what, f"linje {number} har et ukendt område, kvartal eller alder")
        band = next(label for label, low, high in AGE_BANDS if low <= int(age[1]) <= high)
        key = (area, f"{quarter[1]}Q{int(quarter[2]):02d}", " ".join(record[at["KØN"]].split()), " ".join(record[at["HERKOMST"]].split()), band)
        value = _value(record[at["INDHOLD"]], what, number)
        total = sums.get(key, 0)
        sums[key] = None if total is None or value is None else total + value


def _group_rows(sums: dict[tuple[str, str, str, str, str], int | None], what: str) -> list[Row]:
    """One row per group: everyone, each sex, each age band, each origin group (the other columns "I alt")."""
    groups: dict[tuple[str, str], dict[tuple[str, str, str], int | None]] = {}
    for (area, quarter, sex, origin, band), value in sums.items():
        cells = groups.setdefault((area, quarter), {})
        if sex != TOTAL:  # the request by sex: every origin together
            targets = [(sex, TOTAL, TOTAL)]
        else:  # the request by origin; its "I alt" lines are everyone, and by age band
            targets = [(TOTAL, TOTAL, origin)] + ([(TOTAL, band, TOTAL)] if origin == TOTAL else [])
        for row in targets:
            total = cells.get(row, 0)
            cells[row] = None if total is None or value is None else total + value
    rows: list[Row] = []
    for (area, quarter), cells in groups.items():
        if (TOTAL, TOTAL, TOTAL) not in cells:
            raise malformed(NAME, what, f"{area} {quarter} har ingen tal for alle under ét")
        rows += [Row(area, quarter, key, (value,)) for key, value in sorted(cells.items(), key=lambda item: _group_order(item[0]))]
    return rows


def _group_order(key: tuple[str, str, str]) -> tuple[int, int]:
    sex, band, origin = key
    if sex != TOTAL:
        return (1, SEXES.index(sex) if sex in SEXES else 9)
    if band != TOTAL:
        return (2, [label for label, _, _ in AGE_BANDS].index(band))
    if origin != TOTAL:
        return (3, 0)
    return (0, 0)


def _tableinfo(api: Service, table: str) -> dict:
    what = f"tabelinformation for {table}"
    info = parse_json(api.request("POST", "tableinfo", what, json_body={"table": table, "lang": "da", "format": "JSON"}), NAME, what)
    if not isinstance(info, dict):
        raise malformed(NAME, what, "ikke et objekt")
    return info


def _csv(body: bytes, what: str, columns: tuple[str, ...]) -> tuple[dict[str, int], list[list[str]]]:
    """Where each of `columns` stands, and the lines of a CSV answer (each with as many fields as the header)."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise malformed(NAME, what, "ikke UTF-8") from None
    try:
        records = [record for record in csv.reader(io.StringIO(text), delimiter=";") if record]
    except csv.Error:
        raise malformed(NAME, what, "ikke gyldig CSV") from None
    header = [label.strip().upper() for label in records[0]] if records else []
    for number, record in enumerate(records[1:], start=2):
        if len(record) != len(header):
            raise malformed(NAME, what, f"linje {number} har ikke {len(header)} felter")
    if not set(columns) <= set(header):
        raise malformed(NAME, what, f"kolonnerne {', '.join(columns[:-1])} og {columns[-1]} mangler")
    if len(records) < 2:
        raise malformed(NAME, what, "ingen rækker")
    return {column: header.index(column) for column in columns}, records[1:]


def _summed_rows(body: bytes, what: str) -> list[Row]:
    at, records = _csv(body, what, ("OMRÅDE", "ALDER", "TID", "INDHOLD"))
    area_at, age_at, value_at, time_at = at["OMRÅDE"], at["ALDER"], at["INDHOLD"], at["TID"]
    registry = load_areas()
    sums: dict[tuple[str, str], int | None] = {}
    counts: dict[tuple[str, str], int] = {}
    for number, record in enumerate(records, start=2):
        area = registry.canonical(record[area_at])
        quarter = _QUARTER.match(record[time_at].strip())
        age = _AGE.match(record[age_at].strip())
        if area is None or quarter is None or age is None:
            raise malformed(NAME, what, f"linje {number} har et ukendt område, kvartal eller alder")
        key = (area, f"{quarter[1]}Q{int(quarter[2]):02d}")
        value = _value(record[value_at], what, number)
        counts[key] = counts.get(key, 0) + 1
        if key not in sums:
            sums[key] = value
        else:
            total = sums[key]
            sums[key] = None if total is None or value is None else total + value
    incomplete = [key for key, count in counts.items() if count != len(AGES)]
    if incomplete:
        raise malformed(NAME, what, f"{incomplete[0][0]} {incomplete[0][1]} har ikke alle aldre 16-66")
    return [Row(area, period, (), (total,)) for (area, period), total in sums.items()]


def _value(cell: str, what: str, number: int) -> int | None:
    cell = cell.strip()
    if cell in ("..", "", "-"):
        return None
    digits = cell.replace(".", "") if re.fullmatch(r"\d{1,3}(\.\d{3})+", cell) else cell
    if not digits.isdigit():
        raise malformed(NAME, what, f"linje {number} har tallet {cell!r}")
    return int(digits)


def _text(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None
