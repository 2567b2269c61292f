"""Danish number, date and period formatting (Babel, da_DK), used as Jinja filters.

Numbers stay numbers until these functions turn them into text. Babel rounds half-even, Danish
public statistics round half up, so values are rounded with Decimal before Babel sees them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from generator.caching import Cache
from generator.domain.periods import Period, PeriodPart
from generator.domain.rounding import round_half_up

LOCALE = "da_DK"
MISSING = ".."  # Jobindsats' own mark for a figure that is not available


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float | None, decimals: int = 0) -> str:
    """5192 -> '5.192'; with decimals=1: 1.05 -> '1,1'; missing -> '..'."""
    if is_missing(value):
        return MISSING
    assert value is not None  # is_missing said so
    return _formatted(float(value), decimals)


_FORMATTED: Cache[str] = Cache("formaterede_tal", 8192)


def _formatted(value: float, decimals: int) -> str:
    return _FORMATTED.get((value, decimals), _make_formatted, value, decimals)


def _make_formatted(value: float, decimals: int) -> str:
    """Babel is slow per call, and letters print the same figures again and again."""
    rounded = round_half_up(value, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(rounded, format=pattern, locale=LOCALE)


def format_percent(value: float | None) -> str:
    """A share of one decimal, without the word: 1.1 -> '1,1' (the template writes 'procent')."""
    return format_number(value, decimals=1)


def format_long_date(value: date) -> str:
    """25. juni 2025."""
    return format_date(value, "d. MMMM y", locale=LOCALE)


def format_source_date(value: date) -> str:
    """30-06-2025, as in the letters' "Kilde:" lines."""
    return format_date(value, "dd-MM-y", locale=LOCALE)


def format_period_part(part: PeriodPart) -> str:
    """'2. kvartal 2024', 'april 2025' or '2024'."""
    if part.unit == "quarter":
        return f"{part.index}. kvartal {part.year}"
    if part.unit == "month":
        return format_date(date(part.year, part.index, 1), "MMMM y", locale=LOCALE)
    return str(part.year)


def format_period_span(period: Period, separator: str = " til ") -> str:
    """A whole period: '2. kvartal 2024 til 1. kvartal 2025', or 'april 2025' for a single month."""
    if period.first == period.last:
        return format_period_part(period.first)
    return format_period_part(period.first) + separator + format_period_part(period.last)


def format_list(items: list[str], conjunction: str = "og") -> str:
    """'Aarhus, Odense og Randers'."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def format_score(score: float) -> str:
    """A mapping score as Danish users read it: 0.95 -> '0,95'."""
    return f"{score:.2f}".replace(".", ",")


FILTERS: dict[str, Callable[..., str]] = {
    "number": format_number,
    "percent": format_percent,
    "long_date": format_long_date,
    "source_date": format_source_date,
    "period_part": format_period_part,
    "period_span": format_period_span,
    "join_da": format_list,
    "score": format_score,
}
