"""Danmarks Statistik's Statbank API (no key): FOLK1A as inhabitants aged 16-66 per area and quarter.

`POST tableinfo {"table": "FOLK1A", "lang": "da"}` lists the variables (OMRÅDE, KØN, ALDER,
CIVILSTAND, Tid) and their values; `POST data {"table": …, "format": "CSV", "lang": "da",
"variables": [{"code": …, "values": […]}, …]}` answers `;`-separated CSV with labels, decimal
comma and `..` for suppressed values. Errors are HTTP 400 `{"errorTypeCode": …, "message": …}`.

The extract (`folk1a_<dato>.csv`) is `Område;Periode;Indbyggere 16-66 år`: areas by Jobindsats'
names ("København", "Hele landet"), quarters as Jobindsats codes (DST 2025K1 → 2025Q01), and the
value the sum of the single-year ages 16..66 for both sexes – worked out here, which kilder.yaml's
`bemærkning` says. A sum with a suppressed part is missing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
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
    info = _tableinfo(api, TABLE)
    what = f"tabelinformation for {TABLE}"
    variables = {str(v.get("id")): v for v in info.get("variables") or [] if isinstance(v, dict)}
    for needed in ("OMRÅDE", "ALDER", "Tid"):
        if needed not in variables:
            raise malformed(NAME, what, f"ingen variabel {needed}")
    registry = load_areas()
    wanted = None if areas is None else set(areas)
    area_codes = []
    for value in variables["OMRÅDE"].get("values") or []:
        name = registry.canonical(str(value.get("text", "")))
        if name is not None and (wanted is None or name in wanted):
            area_codes.append(str(value.get("id")))
    if not area_codes:
        raise malformed(NAME, what, "ingen kendte områder under OMRÅDE")
    ages = [str(v.get("id")) for v in variables["ALDER"].get("values") or [] if str(v.get("id")).isdigit() and int(v["id"]) in AGES]
    if len(ages) != len(AGES):
        raise malformed(NAME, what, "ALDER har ikke de enkelte aldre 16-66")
    quarters = [str(v.get("id")) for v in variables["Tid"].get("values") or [] if _QUARTER.match(str(v.get("id")))]
    if not quarters:
        raise malformed(NAME, what, "ingen kvartaler under Tid")
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
    return Fetched(
        table=TABLE.lower(),
        name=TABLE_NAME,
        source=SOURCE,
        dimensions=(),
        measures=(MEASURE,),
        rows=rows,
        note=NOTE,
        provenance={
            "url": api.url("data"),
            "parametre": body_json,
            "tabelnavn": _text(info.get("text")) or TABLE,
            "opdateret_senest": info.get("updated") if isinstance(info.get("updated"), str) else None,
            "næste_opdatering": None,
            "mål": [f"{TABLE}: ALDER 16-66, KØN i alt"],
            "beregning": NOTE,
            "sha256": hashlib.sha256(body).hexdigest(),
        },
    )


def _tableinfo(api: Service, table: str) -> dict:
    what = f"tabelinformation for {table}"
    info = parse_json(api.request("POST", "tableinfo", what, json_body={"table": table, "lang": "da", "format": "JSON"}), NAME, what)
    if not isinstance(info, dict):
        raise malformed(NAME, what, "ikke et objekt")
    return info


def _summed_rows(body: bytes, what: str) -> list[Row]:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise malformed(NAME, what, "ikke UTF-8") from None
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=";"))
    except csv.Error:
        raise malformed(NAME, what, "ikke gyldig CSV") from None
    records = [record for record in records if record]
    header = [label.strip().upper() for label in records[0]] if records else []
    try:
        area_at, age_at, value_at = header.index("OMRÅDE"), header.index("ALDER"), header.index("INDHOLD")
        time_at = header.index("TID")
    except ValueError:
        raise malformed(NAME, what, "kolonnerne OMRÅDE, ALDER, TID og INDHOLD mangler") from None
    if len(records) < 2:
        raise malformed(NAME, what, "ingen rækker")
    registry = load_areas()
    sums: dict[tuple[str, str], int | None] = {}
    counts: dict[tuple[str, str], int] = {}
    for number, record in enumerate(records[1:], start=2):
        if len(record) != len(header):
            raise malformed(NAME, what, f"linje {number} har ikke {len(header)} felter")
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
