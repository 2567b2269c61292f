"""A local Statbank API v1 (Danmarks Statistik, no key) for the fetch tests, served on 127.0.0.1.

FOLK1A answers with the recorded fixtures in tests/fixtures/api/. FOLK1E is answered from the request, in the
shapes the public evidence shows (../shared/data/jobindsats-v3.md D1-D5 for tableinfo and CSV; FOLK1E's
variables OMRÅDE, KØN, ALDER, HERKOMST, Tid from public clients, see generator/fetch/statbank.py): `POST
/v1/tableinfo {"table": …}` lists the variables and values, `POST /v1/data {"table", "format": "CSV", "variables"}`
answers a `;`-separated CSV with a BOM, label texts and an upper-case header, one line per combination asked; more
than 1,000,000 cells is HTTP 400 REQUEST-LIMIT [D5]. The origin codes below are made up on purpose: the client
must find the groups by their labels. The counts are made up too, from `inhabitants()`.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from werkzeug import Request, Response

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "api"
CELL_LIMIT = 1_000_000
AREAS = {"000": "Hele landet", "084": "Region Hovedstaden", "101": "København", "147": "Frederiksberg", "751": "Aarhus",
         "461": "Odense", "851": "Aalborg", "561": "Esbjerg", "730": "Randers", "411": "Christiansø"}
SEXES = {"TOT": "I alt", "1": "Mænd", "2": "Kvinder"}
ORIGINS = {"TOT": "I alt", "D1": "Personer med dansk oprindelse", "IV": "Indvandrere fra vestlige lande", "IIV": "Indvandrere fra ikke-vestlige lande",
           "EV": "Efterkommere fra vestlige lande", "EIV": "Efterkommere fra ikke-vestlige lande"}
QUARTERS = ("2024K2", "2024K3", "2024K4", "2025K1")
ORIGIN_SHARES = {"D1": 80, "IV": 5, "IIV": 9, "EV": 1, "EIV": 5}  # percent of each age, sex by sex


def inhabitants(area: str, sex: str, age: int, origin: str, quarter: str) -> int:
    """The made-up count of one cell; the parts add up to "I alt" both ways."""
    if sex == "TOT":
        return inhabitants(area, "1", age, origin, quarter) + inhabitants(area, "2", age, origin, quarter)
    if origin == "TOT":
        return sum(inhabitants(area, sex, age, code, quarter) for code in ORIGIN_SHARES)
    base = 100 + int(area) % 97 * 3 + age + QUARTERS.index(quarter) * 2 + (7 if sex == "2" else 0)
    return base * ORIGIN_SHARES[origin]


def folk1e_tableinfo() -> dict:
    values = {
        "OMRÅDE": [{"id": code, "text": text} for code, text in AREAS.items()],
        "KØN": [{"id": code, "text": text} for code, text in SEXES.items()],
        "ALDER": [{"id": "IALT", "text": "Alder i alt"}] + [{"id": str(age), "text": f"{age} år"} for age in range(0, 126)],
        "HERKOMST": [{"id": code, "text": text} for code, text in ORIGINS.items()],
        "Tid": [{"id": quarter, "text": quarter} for quarter in QUARTERS],
    }
    return {
        "id": "FOLK1E", "text": "Befolkningen den 1. i kvartalet", "unit": "Antal", "updated": "2025-05-12T08:00:00", "active": True,
        "description": "Befolkningen den 1. i kvartalet efter område, køn, alder, herkomst og tid",
        "variables": [{"id": key, "text": key.lower(), "elimination": key != "Tid", "time": key == "Tid", "values": items} for key, items in values.items()],
    }


class Statbank:
    """The handler: answers FOLK1A from the fixtures, FOLK1E from the request; keeps every request body."""

    def __init__(self) -> None:
        self.requests: list[dict] = []

    def __call__(self, request: Request) -> Response:
        body = json.loads(request.get_data() or b"{}")
        self.requests.append({"path": request.path, **body})
        table = str(body.get("table", "")).upper()
        if request.path.endswith("/tableinfo"):
            if table == "FOLK1A":
                return Response((FIXTURES / "statbank_tableinfo_folk1a.json").read_bytes(), content_type="application/json; charset=utf-8")
            if table == "FOLK1E":
                return Response(json.dumps(folk1e_tableinfo(), ensure_ascii=False), content_type="application/json; charset=utf-8")
        elif request.path.endswith("/data"):
            if table == "FOLK1A":
                return Response((FIXTURES / "statbank_data_folk1a.csv").read_bytes(), content_type="text/csv; charset=utf-8")
            if table == "FOLK1E":
                return self._folk1e_data(body)
        return _error(400, "TABLE-NOT-FOUND", f"Tabellen {table} findes ikke")

    def _folk1e_data(self, body: dict) -> Response:
        asked = {str(variable["code"]): [str(value) for value in variable["values"]] for variable in body.get("variables", [])}
        cells = 1
        for values in asked.values():
            cells *= len(values)
        if cells > CELL_LIMIT:
            return _error(400, "REQUEST-LIMIT", f"Forespørgslen giver {cells} celler; grænsen er {CELL_LIMIT}")
        names = {"OMRÅDE": AREAS, "KØN": SEXES, "HERKOMST": ORIGINS}
        lines = ["OMRÅDE;KØN;ALDER;HERKOMST;TID;INDHOLD"]
        order = ("OMRÅDE", "KØN", "ALDER", "HERKOMST", "Tid")
        for area, sex, age, origin, quarter in itertools.product(*(asked.get(key, []) for key in order)):
            count = inhabitants(area, sex, int(age), origin, quarter)
            lines.append(f"{names['OMRÅDE'][area]};{names['KØN'][sex]};{age} år;{names['HERKOMST'][origin]};{quarter};{count}")
        return Response(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"), content_type="text/csv; charset=utf-8")


def _error(status: int, code: str, message: str) -> Response:
    return Response(json.dumps({"errorTypeCode": code, "message": message}), status=status, content_type="application/json; charset=utf-8")
