"""Flows: how many came into a scheme in a period, not how many were in it.

The only flow the sources publish per municipality that svarbrev reads is the awards of
førtidspension (Jobindsats y10f02, "Kommunale tilkendelser af førtidspension", quarterly;
../shared/data/tables.md). A flow adds up over time, so a year is the sum of its four quarters —
never their mean, as for a stock — and the letter says the sum was worked out by the
administration.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.domain.areas import Place
from generator.domain.periods import Period, PeriodPart, parse_period_request
from generator.domain.results import Figure, MetricResult, Origin, TracedInt
from generator.errors import MissingDataError
from generator.metrics.analyses import COMBINED_LABEL, Columns, Reader, analysis, append_row, area_facts, newest_period
from generator.metrics.extracts import Extract, ExtractStore
from generator.questionfile import MetricCall

AWARDS = "Antal tilkendelser"


def published_quarters(reader: Reader, extract: Extract, measure: str, areas: list[str]) -> list[Period]:
    """The extract's quarters (not rolling years) with figures for every one of `areas`, oldest first."""
    found = [p for p in reader.periods_with_figures(extract, measure, areas) if p.unit == "quarter" and not p.is_rolling_year]
    return sorted(found, key=lambda p: p.sort_key)


def quarters_asked(reader: Reader, extract: Extract, measure: str, areas: list[str], call: MetricCall) -> tuple[list[Period], Period]:
    """The published quarters a call's period consists of, and the period as the letter names it:
    the newest quarter by default, a quarter as published, a year as its four quarters."""
    if call.period is None:
        newest = newest_period(extract)
        return [newest], newest
    request = parse_period_request(call.period)
    if request.unit == "month":
        raise MissingDataError(f"tilkendelserne opgøres pr. kvartal, ikke pr. måned ({request.text})", file=extract.path.name)
    available = {p.first: p for p in published_quarters(reader, extract, measure, areas)}
    wanted = [request.part] if request.unit == "quarter" else [PeriodPart(request.year, quarter, "quarter") for quarter in range(1, 5)]
    missing = [part for part in wanted if part not in available]
    if missing:
        have = sorted(available)
        span = f"har kvartaler fra {have[0].year}K{have[0].index} til {have[-1].year}K{have[-1].index}" if have else "har ingen kvartaler med tal"
        raise MissingDataError(f"udtrækket har ingen tilkendelser for hele {request.text} ({span})", file=extract.path.name)
    quarters = [available[part] for part in wanted]
    return quarters, (quarters[0] if len(quarters) == 1 else request.display)


def flow_figure(reader: Reader, extract: Extract, measure: str, area: str, quarters: list[Period]) -> Figure:
    """One area's flow over the quarters: read as published, or their sum."""
    figures = [reader.value(extract, measure, area, quarter) for quarter in quarters]
    return figures[0] if len(figures) == 1 else Figure.total(figures)


@analysis("område", "periode", "tilsammen")
def awards(metric_id: str, store: ExtractStore, place: Place, call: MetricCall, table: str, measure: str = AWARDS) -> MetricResult:
    """Awards in one period (a quarter, or a year as the sum of its quarters) in one or more areas."""
    reader = Reader(store)
    extract = store.current(table)
    areas = list(call.areas) or [place.area]
    quarters, shown = quarters_asked(reader, extract, measure, areas, call)
    figures = {area: flow_figure(reader, extract, measure, area, quarters) for area in areas}
    values: dict[str, Any] = {
        "period": reader.traced_period(extract, shown) if len(quarters) == 1 else replace(
            shown, origin=Origin((reader.provenance_of(extract, "Periode", (), tuple(q.code for q in quarters)),))
        ),
        "quarters": [reader.traced_period(extract, quarter) for quarter in quarters],
        "summed": len(quarters) > 1,
        "extract_date": reader.traced_date(extract),
        "awards": figures[areas[0]],
        "place": area_facts(areas[0], place),
        "areas": [area_facts(area, place) for area in areas],
        "combined": None,
    }
    if len(areas) == 1:
        return reader.result(metric_id, values)
    frame: Columns = {"area": list(areas), "awards": [float(figures[area]) for area in areas]}
    origins = {(row, "awards"): figures[area].origin for row, area in enumerate(areas)}
    if call.combined:
        total = Figure.total(list(figures.values()))
        append_row(frame, {"area": COMBINED_LABEL, "awards": float(total)})
        origins[(len(areas), "awards")] = total.origin
        values["combined"] = total
    return reader.result(metric_id, values, {"areas": frame}, {"areas": origins})


def whole_years(reader: Reader, extract: Extract, measure: str, areas: list[str]) -> dict[int, list[Period]]:
    """The calendar years every one of whose four quarters has figures for every area, oldest first."""
    by_year: dict[int, list[Period]] = {}
    for quarter in published_quarters(reader, extract, measure, areas):
        by_year.setdefault(quarter.first.year, []).append(quarter)
    return {year: found for year, found in by_year.items() if len(found) == 4}


@analysis("område", "fra", "til")
def awards_development(metric_id: str, store: ExtractStore, place: Place, call: MetricCall, table: str, measure: str = AWARDS) -> MetricResult:
    """Awards year by year (each year the sum of its four quarters; whole years only), by default the last up to ten."""
    reader = Reader(store)
    extract = store.current(table)
    areas = list(call.areas) or [place.area]
    years = whole_years(reader, extract, measure, areas)
    if not years:
        raise MissingDataError("udtrækket har intet helt år med tilkendelser (fire kvartaler)", file=extract.path.name)
    first = int(str(call.start)[:4]) if call.start else max(years) - 9
    last = int(str(call.end)[:4]) if call.end else max(years)
    if (call.start and first < min(years)) or (call.end and last > max(years)):
        raise MissingDataError(f"udtrækket har hele år med tilkendelser fra {min(years)} til {max(years)}", file=extract.path.name)
    chosen = [year for year in years if max(first, min(years)) <= year <= last]
    if not chosen:
        raise MissingDataError(f"udtrækket har ingen hele år med tilkendelser fra {first} til {last}", file=extract.path.name)
    figures = {(year, area): flow_figure(reader, extract, measure, area, years[year]) for year in chosen for area in areas}
    frame: Columns = {"year": list(chosen), **{f"a{i}": [float(figures[(year, area)]) for year in chosen] for i, area in enumerate(areas)}}
    origins = {(row, f"a{i}"): figures[(year, area)].origin for row, year in enumerate(chosen) for i, area in enumerate(areas)}
    span = Origin(tuple(read for year in chosen for read in figures[(year, areas[0])].origin.reads))
    values: dict[str, Any] = {
        "areas": [area_facts(area, place) for area in areas],
        "place": area_facts(areas[0], place),
        "first_year": TracedInt(chosen[0], span),
        "last_year": TracedInt(chosen[-1], span),
        "first": figures[(chosen[0], areas[0])],
        "last": figures[(chosen[-1], areas[0])],
        "extract_date": reader.traced_date(extract),
    }
    return reader.result(metric_id, values, {"development": frame}, {"development": origins})
