"""Jobindsats period codes: months (2025M04), quarters (2025Q01), years (2024Y01) and rolling years.

A rolling year is written `<year>QMAT<q>` (the four quarters ending in quarter q of that year,
so 2025QMAT01 is 2024Q2-2025Q1) or `<year>MMAT<m>` (the twelve months ending in month m).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Unit = Literal["month", "quarter", "year"]

_CODE = re.compile(r"^(?P<year>\d{4})(?P<kind>M|Q|Y|QMAT|MMAT)(?P<index>\d{2})$")
_UNITS_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}
_UNIT_OF_KIND: dict[str, Unit] = {"M": "month", "MMAT": "month", "Q": "quarter", "QMAT": "quarter", "Y": "year"}


@dataclass(frozen=True, order=True)
class PeriodPart:
    """One month, quarter or year."""

    year: int
    index: int  # month 1-12, quarter 1-4, or 1 for a year
    unit: Unit

    def shifted(self, steps: int) -> PeriodPart:
        """The part `steps` units later (negative: earlier)."""
        per_year = _UNITS_PER_YEAR[self.unit]
        ordinal = self.year * per_year + (self.index - 1) + steps
        return PeriodPart(ordinal // per_year, ordinal % per_year + 1, self.unit)


@dataclass(frozen=True)
class Period:
    """A period as Jobindsats codes it, spanning `first` to `last` inclusive."""

    code: str
    first: PeriodPart
    last: PeriodPart
    origin: Any = field(default=None, compare=False, hash=False, repr=False)  # where a letter's period came from

    @property
    def is_rolling_year(self) -> bool:
        return self.first != self.last and self.first.unit != "year"

    @property
    def unit(self) -> Unit:
        return self.last.unit

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Orders periods by where they end, then by length (shorter first)."""
        end_month = {"month": self.last.index, "quarter": self.last.index * 3, "year": 12}[self.last.unit]
        return (self.last.year, end_month, -_UNITS_PER_YEAR[self.unit])

    def year_before(self) -> Period:
        """The same period one year earlier (2025M04 -> 2024M04)."""
        year, kind, index = _split(self.code)
        return parse_period(f"{year - 1}{kind}{index:02d}")


EARLIEST_YEAR, LATEST_YEAR = 1900, 2999  # a period outside is a typing error ("0000M04"), not data


def _split(code: str) -> tuple[int, str, int]:
    match = _CODE.match(code.strip())
    if not match or not EARLIEST_YEAR <= int(match["year"]) <= LATEST_YEAR:
        raise ValueError(code)
    return int(match["year"]), match["kind"], int(match["index"])


def parse_period(code: str) -> Period:
    """Parse a Jobindsats period code; ValueError names the code when it is not one."""
    year, kind, index = _split(code)
    if kind in ("M", "MMAT") and not 1 <= index <= 12:
        raise ValueError(code)
    if kind in ("Q", "QMAT") and not 1 <= index <= 4:
        raise ValueError(code)
    if kind == "Y" and index != 1:
        raise ValueError(code)
    unit = _UNIT_OF_KIND[kind]
    last = PeriodPart(year, index, unit)
    first = last.shifted(-(_UNITS_PER_YEAR[unit] - 1)) if kind.endswith("MAT") else last
    return Period(code.strip(), first, last)


def is_period_code(code: str) -> bool:
    try:
        parse_period(code)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- asked-for periods

_REQUEST = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})|K(?P<quarter>\d))?$")


@dataclass(frozen=True)
class PeriodRequest:
    """A period as a question file asks for it: "2022" (a year), "2024-01" (a month), "2024K2" (a quarter)."""

    text: str
    year: int
    unit: Unit
    index: int  # month 1-12, quarter 1-4, or 1 for a year

    @property
    def part(self) -> PeriodPart:
        return PeriodPart(self.year, self.index, self.unit)

    @property
    def months(self) -> tuple[PeriodPart, ...]:
        """The calendar months it covers."""
        first = {"year": 1, "quarter": self.index * 3 - 2, "month": self.index}[self.unit]
        count = {"year": 12, "quarter": 3, "month": 1}[self.unit]
        return tuple(PeriodPart(self.year, first + offset, "month") for offset in range(count))

    @property
    def display(self) -> Period:
        """The period as a letter names it ("2022", "2. kvartal 2024", "januar 2024")."""
        return Period(self.text, self.part, self.part)


def parse_period_request(text: str) -> PeriodRequest:
    """ValueError unless `text` is ÅÅÅÅ, ÅÅÅÅ-MM or ÅÅÅÅKn with a real month or quarter."""
    match = _REQUEST.match(str(text).strip())
    if not match:
        raise ValueError(text)
    year = int(match["year"])
    if year < 1900:
        raise ValueError(text)
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise ValueError(text)
        return PeriodRequest(f"{year}-{month:02d}", year, "month", month)
    if match["quarter"]:
        quarter = int(match["quarter"])
        if not 1 <= quarter <= 4:
            raise ValueError(text)
        return PeriodRequest(f"{year}K{quarter}", year, "quarter", quarter)
    return PeriodRequest(str(year), year, "year", 1)


def months_of(period: Period) -> tuple[PeriodPart, ...]:
    """The calendar months a Jobindsats period covers (2025QMAT01: April 2024 to March 2025)."""
    def month_span(part: PeriodPart) -> tuple[PeriodPart, PeriodPart]:
        if part.unit == "month":
            return part, part
        if part.unit == "quarter":
            return PeriodPart(part.year, part.index * 3 - 2, "month"), PeriodPart(part.year, part.index * 3, "month")
        return PeriodPart(part.year, 1, "month"), PeriodPart(part.year, 12, "month")

    start, end = month_span(period.first)[0], month_span(period.last)[1]
    count = (end.year - start.year) * 12 + end.index - start.index + 1
    return tuple(start.shifted(step) for step in range(count))


@dataclass(frozen=True)
class ResolvedPeriod:
    """Which of an extract's periods answer a request, and how: as published or as a mean."""

    request: PeriodRequest
    codes: tuple[str, ...]  # one code when published; the months or quarters averaged otherwise
    basis: str  # "published", "monthly_mean" or "quarterly_mean"

    @property
    def derived(self) -> bool:
        return self.basis != "published"


def resolve_period(periods: Sequence[Period], request: PeriodRequest) -> ResolvedPeriod | None:
    """A published period covering exactly the asked months (a year: 2022Y01, 2022QMAT04 or
    2022MMAT12), else the mean of all its months, else of all its quarters; None when the
    extract cannot answer it."""
    wanted = request.months
    exact = [p for p in periods if months_of(p) == wanted]
    if exact:
        preference = {"year": 0, "quarter": 1, "month": 2}
        best = min(exact, key=lambda p: (preference[p.unit], p.is_rolling_year, p.code))
        return ResolvedPeriod(request, (best.code,), "published")
    for unit, basis in (("month", "monthly_mean"), ("quarter", "quarterly_mean")):
        if unit == request.unit:
            continue
        parts = [p for p in periods if p.unit == unit and not p.is_rolling_year and set(months_of(p)) <= set(wanted)]
        covered = {month for p in parts for month in months_of(p)}
        if parts and covered == set(wanted):
            ordered = sorted(parts, key=lambda p: p.sort_key)
            return ResolvedPeriod(request, tuple(p.code for p in ordered), basis)
    return None
