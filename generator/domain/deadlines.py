"""The answer deadline: a number of working or calendar days from the day an inquiry was received.

The rule is the administration's own and stands in the template's profil.yaml (`svarfrist`). Danish
public holidays come from the `holidays` library (maintained, with the historical ones: Store bededag
until 2023); the days the administration is closed besides (juleaftensdag, nytårsaften, grundlovsdag …)
are named in the rule, by their Danish names in that library.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays

WORKING_DAYS = "arbejdsdage"
CALENDAR_DAYS = "kalenderdage"
KINDS = (WORKING_DAYS, CALENDAR_DAYS)


@dataclass(frozen=True)
class DeadlineRule:
    """`svarfrist: {dage: 10, regnes_i: arbejdsdage, lukkedage: [juleaftensdag, nytårsaften]}`."""

    days: int
    kind: str = WORKING_DAYS
    closed: tuple[str, ...] = ()  # optional Danish holidays the administration is closed on, by name

    def describe(self) -> str:
        """'10 arbejdsdage' as a caseworker reads it."""
        return f"{self.days} {self.kind if self.days != 1 else self.kind[:-1]}"


# The days a rule may name as closed: Denmark's optional holidays as the library names them (a test
# checks the library still does). Listed here so that reading a profile does not import the library.
CLOSED_DAY_NAMES = ("arbejdernes kampdag", "grundlovsdag", "juleaftensdag", "nytårsaften")


def optional_holiday_names(year: int) -> tuple[str, ...]:
    """Denmark's optional holidays in `year` as the library names them, lower case."""
    return tuple(sorted({name.casefold() for name in _holidays(year, ("optional",)).values()}))


def deadline(received: datetime.date, rule: DeadlineRule) -> datetime.date:
    """The last day to answer. Working days are counted from the day after `received`; a calendar-day
    deadline that falls on a day the administration is closed moves to the next working day."""
    if rule.kind == CALENDAR_DAYS:
        day = received + datetime.timedelta(days=rule.days)
        while not is_working_day(day, rule):
            day += datetime.timedelta(days=1)
        return day
    day, counted = received, 0
    while counted < rule.days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, rule):
            counted += 1
    return day


def is_working_day(day: datetime.date, rule: DeadlineRule) -> bool:
    if day.weekday() >= 5:
        return False
    if day in _holidays(day.year, ("public",)):
        return False
    name = _holidays(day.year, ("optional",)).get(day)
    return name is None or name.casefold() not in rule.closed


@lru_cache(maxsize=64)
def _holidays(year: int, categories: tuple[str, ...]) -> holidays.HolidayBase:
    import holidays  # 0.1 s: only when a deadline is computed, never for a letter alone

    return holidays.country_holidays("DK", years=year, categories=categories, language="da")
