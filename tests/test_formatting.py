"""Danish formatting of numbers, dates, periods and lists, Danish alphabetical order, and period codes.

Expectations are written from Danish conventions: `.` groups thousands, `,` is the decimal mark,
figures are rounded half up as in the statistics offices' tables, months are lower case, and
æ, ø, å come after z with "Aa" read as "Å".
"""

from __future__ import annotations

import math
from datetime import date

import jinja2
import pytest

from generator.domain.areas import danish_sort_key
from generator.domain.periods import PeriodPart, is_period_code, parse_period
from generator.rendering.formatting import (
    FILTERS,
    MISSING,
    format_list,
    format_long_date,
    format_number,
    format_percent,
    format_period_part,
    format_period_span,
    format_source_date,
)

# -- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (5192, "5.192"),
        (97443.0, "97.443"),
        (1234567, "1.234.567"),
        (5191.6, "5.192"),
    ],
)
def test_whole_numbers_use_a_dot_between_thousands(value: float, expected: str) -> None:
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.1, "1,1"),
        (4.0, "4,0"),
        (4, "4,0"),
        (12.54, "12,5"),
        (100.0, "100,0"),
        (1234.56, "1.234,6"),
    ],
)
def test_shares_have_one_decimal_after_a_comma(value: float, expected: str) -> None:
    assert format_percent(value) == expected
    assert format_number(value, decimals=1) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.25, 1, "0,3"),  # half-even would give 0,2
        (2.5, 0, "3"),  # half-even would give 2
        (1.45, 1, "1,5"),  # half-even (and the binary float 1.4499…) would give 1,4
        (0.05, 1, "0,1"),  # half-even would give 0,0
        (0.5, 0, "1"),
        (4.5, 0, "5"),
        (1.05, 1, "1,1"),
        (2.675, 2, "2,68"),
        (10.5, 0, "11"),
    ],
)
def test_halves_are_rounded_up_like_the_statistics_offices_do(value: float, decimals: int, expected: str) -> None:
    assert format_number(value, decimals=decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (-5192, 0, "-5.192"),
        (-1234567.0, 0, "-1.234.567"),
        (-1.1, 1, "-1,1"),
        (-2.5, 0, "-3"),  # half rounded away from zero, symmetric with positive numbers
        (-0.25, 1, "-0,3"),
    ],
)
def test_negative_numbers_keep_their_sign_and_danish_separators(value: float, decimals: int, expected: str) -> None:
    assert format_number(value, decimals=decimals) == expected


@pytest.mark.parametrize("value", [None, float("nan"), math.nan])
def test_a_missing_figure_is_shown_as_two_dots(value: float | None) -> None:
    assert MISSING == ".."
    assert format_number(value) == ".."
    assert format_percent(value) == ".."


def test_numpy_and_pandas_numbers_format_like_python_numbers() -> None:
    numpy = pytest.importorskip("numpy")

    assert format_number(numpy.int64(5192)) == "5.192"
    assert format_number(numpy.float64(97443.0)) == "97.443"
    assert format_percent(numpy.float64(0.05)) == "0,1"
    assert format_number(numpy.float64("nan")) == ".."


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 6, 25), "25. juni 2025"),
        (date(2025, 1, 1), "1. januar 2025"),
        (date(2024, 12, 31), "31. december 2024"),
        (date(2025, 3, 9), "9. marts 2025"),
        (date(2025, 5, 2), "2. maj 2025"),
    ],
)
def test_letter_dates_are_written_out_with_lower_case_danish_months(value: date, expected: str) -> None:
    assert format_long_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(date(2025, 6, 30), "30-06-2025"), (date(2025, 1, 5), "05-01-2025")],
)
def test_source_dates_are_day_month_year_with_dashes(value: date, expected: str) -> None:
    assert format_source_date(value) == expected


# -- periods ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (PeriodPart(2024, 2, "quarter"), "2. kvartal 2024"),
        (PeriodPart(2025, 1, "quarter"), "1. kvartal 2025"),
        (PeriodPart(2025, 4, "month"), "april 2025"),
        (PeriodPart(2024, 1, "year"), "2024"),
    ],
)
def test_a_period_part_reads_as_danish_prose(part: PeriodPart, expected: str) -> None:
    assert format_period_part(part) == expected


DANISH_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]


@pytest.mark.parametrize(("month", "name"), list(enumerate(DANISH_MONTHS, start=1)))
def test_every_month_has_its_lower_case_danish_name(month: int, name: str) -> None:
    assert format_period_part(PeriodPart(2025, month, "month")) == f"{name} 2025"


def test_a_rolling_year_of_quarters_spans_its_first_and_last_quarter() -> None:
    assert format_period_span(parse_period("2025QMAT01")) == "2. kvartal 2024 til 1. kvartal 2025"


def test_a_period_span_can_use_a_dash_as_separator() -> None:
    assert format_period_span(parse_period("2025QMAT01"), separator=" – ") == "2. kvartal 2024 – 1. kvartal 2025"


def test_a_rolling_year_of_months_spans_its_first_and_last_month() -> None:
    assert format_period_span(parse_period("2025MMAT03")) == "april 2024 til marts 2025"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("2025M04", "april 2025"), ("2025Q02", "2. kvartal 2025"), ("2024Y01", "2024")],
)
def test_a_single_month_quarter_or_year_is_named_once(code: str, expected: str) -> None:
    assert format_period_span(parse_period(code)) == expected


# -- lists --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["A"], "A"),
        (["A", "B"], "A og B"),
        (["A", "B", "C"], "A, B og C"),
        (["Aarhus", "Odense", "Randers"], "Aarhus, Odense og Randers"),
    ],
)
def test_lists_are_joined_with_commas_and_og_before_the_last(items: list[str], expected: str) -> None:
    assert format_list(items) == expected


def test_lists_can_be_joined_with_another_conjunction() -> None:
    assert format_list(["København", "Aarhus", "Odense"], conjunction="eller") == "København, Aarhus eller Odense"


def test_the_formatting_functions_are_jinja_filters_under_their_template_names() -> None:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    env.filters.update(FILTERS)
    source = (
        "{{ antal | number }}; {{ andel | percent }}; {{ dato | long_date }}; {{ dato | source_date }}; "
        "{{ periode | period_span }}; {{ periode.last | period_part }}; {{ byer | join_da }}"
    )

    rendered = env.from_string(source).render(
        antal=97443.0, andel=0.25, dato=date(2025, 6, 25), periode=parse_period("2025QMAT01"), byer=["Aarhus", "Odense"]
    )

    assert rendered == "97.443; 0,3; 25. juni 2025; 25-06-2025; 2. kvartal 2024 til 1. kvartal 2025; 1. kvartal 2025; Aarhus og Odense"


# -- Danish alphabetical order ------------------------------------------------------------------


def test_aa_sorts_as_aa_after_z_so_aalborg_and_aarhus_come_last() -> None:
    areas = ["Aarhus", "Odense", "Aalborg", "Esbjerg", "København", "Randers"]

    assert sorted(areas, key=danish_sort_key) == ["Esbjerg", "København", "Odense", "Randers", "Aalborg", "Aarhus"]


def test_ae_oe_and_aa_letters_come_after_z_in_that_order() -> None:
    names = ["Åbenrå", "Østerbro", "Ærø", "Vejle", "Zealand"]

    assert sorted(names, key=danish_sort_key) == ["Vejle", "Zealand", "Ærø", "Østerbro", "Åbenrå"]


def test_danish_order_ignores_case_and_puts_hele_landet_among_the_h_names() -> None:
    areas = ["Aarhus", "Hele landet", "herning", "Holbæk", "Esbjerg"]

    assert sorted(areas, key=danish_sort_key) == ["Esbjerg", "Hele landet", "herning", "Holbæk", "Aarhus"]


# -- period codes -------------------------------------------------------------------------------


def test_a_rolling_year_ending_in_the_first_quarter_starts_in_the_second_quarter_the_year_before() -> None:
    period = parse_period("2025QMAT01")

    assert period.first == PeriodPart(2024, 2, "quarter")
    assert period.last == PeriodPart(2025, 1, "quarter")
    assert period.is_rolling_year
    assert period.unit == "quarter"


def test_a_rolling_year_ending_in_the_second_quarter_starts_in_the_third_quarter_the_year_before() -> None:
    period = parse_period("2024QMAT02")

    assert (period.first, period.last) == (PeriodPart(2023, 3, "quarter"), PeriodPart(2024, 2, "quarter"))


def test_a_rolling_year_of_months_is_twelve_months_ending_in_the_named_month() -> None:
    period = parse_period("2025MMAT03")

    assert (period.first, period.last) == (PeriodPart(2024, 4, "month"), PeriodPart(2025, 3, "month"))
    assert period.is_rolling_year


def test_a_month_code_is_that_single_month() -> None:
    period = parse_period("2025M04")

    assert period.first == period.last == PeriodPart(2025, 4, "month")
    assert not period.is_rolling_year
    assert period.code == "2025M04"


def test_a_year_code_is_that_single_year() -> None:
    period = parse_period("2024Y01")

    assert period.first == period.last == PeriodPart(2024, 1, "year")
    assert period.unit == "year"
    assert not period.is_rolling_year


@pytest.mark.parametrize("code", ["2025Q05", "2025Q00", "2025M13", "2025M00", "2024Y02", "2025QMAT05", "2025MMAT13", "abc", "2025M4", ""])
def test_codes_that_are_not_jobindsats_periods_raise_a_value_error_naming_the_code(code: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_period(code)

    assert str(raised.value) == code
    assert not is_period_code(code)


def test_the_year_before_is_the_same_period_one_year_earlier() -> None:
    assert parse_period("2025M04").year_before() == parse_period("2024M04")
    assert parse_period("2025QMAT01").year_before().first == PeriodPart(2023, 2, "quarter")


def test_periods_sort_by_where_they_end_then_shorter_first() -> None:
    codes = ["2025QMAT01", "2025M03", "2024Y01", "2025M02"]

    ordered = sorted((parse_period(code) for code in codes), key=lambda period: period.sort_key)

    assert [period.code for period in ordered] == ["2024Y01", "2025M02", "2025M03", "2025QMAT01"]
