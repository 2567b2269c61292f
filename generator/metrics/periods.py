"""Jobindsats period codes: months (2025M04), quarters (2025Q01), years (2024Y01) and rolling years.

A rolling year is written `<year>QMAT<q>` (the four quarters ending in quarter q of that year,
so 2025QMAT01 is 2024Q2-2025Q1) or `<year>MMAT<m>` (the twelve months ending in month m).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

Unit = Literal["month", "quarter", "year"]

_CODE = re.compile(r"^(?P<year>\d{4})(?P<kind>M|Q|Y|QMAT|MMAT)(?P<index>\d{2})$")
_UNITS_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}


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


def _split(code: str) -> tuple[int, str, int]:
    match = _CODE.match(code.strip())
    if not match:
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
    unit: Unit = {"M": "month", "MMAT": "month", "Q": "quarter", "QMAT": "quarter", "Y": "year"}[kind]
    last = PeriodPart(year, index, unit)
    first = last.shifted(-(_UNITS_PER_YEAR[unit] - 1)) if kind.endswith("MAT") else last
    return Period(code.strip(), first, last)


def is_period_code(code: str) -> bool:
    try:
        parse_period(code)
    except ValueError:
        return False
    return True
