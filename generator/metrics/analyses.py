"""The computations behind the metrics: pandas over extracts, returning numbers, never text.

Each analysis takes the extract store, the letter's home `Place` and the parameters its catalogue
entry declares, and returns a `MetricResult`. Wording lives in the text templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dataclasses import replace

import pandas as pd

from generator.errors import MissingDataError
from generator.metrics.areas import Place, danish_sort_key
from generator.metrics.extracts import Extract, ExtractStore
from generator.metrics.periods import Period, parse_period
from generator.metrics.rounding import round_half_up
from generator.metrics.results import Figure, MetricResult, Origin, Provenance, TracedDate, TracedInt

# Jobindsats' measure labels: the column names of its CSV extracts.
PERSONS = "Antal personer"
FULL_TIME = "Antal fuldtidspersoner"
SHARE_OF_LABOUR_FORCE = "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år"
TARGET = "Måltal"

Analysis = Callable[..., MetricResult]
ANALYSES: dict[str, Analysis] = {}


def analysis(function: Analysis) -> Analysis:
    """Register an analysis under its function name, the name catalogue entries use."""
    ANALYSES[function.__name__] = function
    return function


class Reader:
    """Reads figures from a store and records the provenance of every read."""

    def __init__(self, store: ExtractStore, selection: Mapping[str, str] | None = None) -> None:
        self.store = store
        self.selection = dict(selection or {})  # one value per dimension column, e.g. Ydelsesgruppe
        self.provenance: list[Provenance] = []

    def frame(
        self,
        extract: Extract,
        measure: str,
        areas: Sequence[str] | None = None,
        periods: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """Rows (area, period, value) of one measure; records what was read."""
        selection = {k: v for k, v in self.selection.items() if k in extract.dimensions}
        rows = self.store.values(extract, measure, areas, periods, selection)
        self.provenance.append(self.provenance_of(extract, measure, tuple(dict.fromkeys(rows["area"])), tuple(dict.fromkeys(rows["period"]))))
        return rows

    def provenance_of(self, extract: Extract, measure: str, areas: tuple[str, ...], periods: tuple[str, ...]) -> Provenance:
        info = self.store.table_info(extract.table)
        return Provenance(
            table=extract.table,
            source=info.source,
            example_data=info.example_data,
            file=extract.path,
            extract_date=extract.extract_date,
            areas=areas,
            periods=periods,
            measures=(measure,) + tuple(f"{k}: {v}" for k, v in self.selection.items() if k in extract.dimensions),
            note=info.note,
        )

    def origin(self, extract: Extract, measure: str, area: str, period: str) -> Origin:
        """The origin of one cell: one area, one period, one measure."""
        return Origin((self.provenance_of(extract, measure, (area,), (period,)),))

    def value(self, extract: Extract, measure: str, area: str, period: Period) -> Figure:
        """One figure that must be there."""
        rows = self.frame(extract, measure, [area], [period.code])
        value = rows["value"].iloc[0]
        if pd.isna(value):
            raise MissingDataError(
                f"tallet for {area} i perioden {period.code} ({measure}) mangler", file=extract.path.name
            )
        return Figure(float(value), self.origin(extract, measure, area, period.code))

    def traced_period(self, extract: Extract, period: Period) -> Period:
        """The period as the letter names it, remembering which extract it is the newest of."""
        return replace(period, origin=Origin((self.provenance_of(extract, "Periode", (), (period.code,)),)))

    def traced_date(self, extract: Extract) -> TracedDate:
        """The extract's date, as printed in "fra den 12. august 2024"."""
        return TracedDate(extract.extract_date, Origin((self.provenance_of(extract, "Udtræksdato", (), ()),)))

    def result(
        self,
        metric_id: str,
        values: dict[str, Any],
        tables: dict[str, pd.DataFrame] | None = None,
        cell_origins: dict[str, dict[tuple[int, str], Origin]] | None = None,
    ) -> MetricResult:
        return MetricResult(metric_id, values, tables or {}, self.provenance, cell_origins or {})


def newest_period(extract: Extract) -> Period:
    """The newest period in an extract, whether or not its figures are there.

    A missing figure in the newest period must be reported as missing, never silently answered
    with an older period's figure.
    """
    return extract.periods()[-1]


@analysis
def stock_count(
    metric_id: str, store: ExtractStore, place: Place, table: str, selection: Mapping[str, str] | None = None
) -> MetricResult:
    """Persons and full-time persons in the newest period, and the change since the previous extract."""
    reader = Reader(store, selection)
    current = store.current(table)
    period = newest_period(current)
    persons = reader.value(current, PERSONS, place.area, period)
    full_time = reader.value(current, FULL_TIME, place.area, period)
    values: dict[str, Any] = {
        "area": place.area,
        "residents": place.residents,
        "period": reader.traced_period(current, period),
        "extract_date": reader.traced_date(current),
        "persons": persons,
        "full_time": full_time,
        "previous": None,
    }
    previous = store.previous(table)
    if previous is not None:
        previous_period = newest_period(previous)
        previous_persons = reader.value(previous, PERSONS, place.area, previous_period)
        previous_full_time = reader.value(previous, FULL_TIME, place.area, previous_period)
        values["previous"] = {
            "period": reader.traced_period(previous, previous_period),
            "extract_date": reader.traced_date(previous),
            "persons": previous_persons,
            "full_time": previous_full_time,
            "change_persons": Figure.difference(persons, previous_persons),
            "change_full_time": Figure.difference(full_time, previous_full_time),
        }
    return reader.result(metric_id, values)


@analysis
def municipal_employer(
    metric_id: str, store: ExtractStore, place: Place, employees_table: str, target_table: str
) -> MetricResult:
    """The municipality's own employees in the newest month, its target, and the change in a year."""
    reader = Reader(store)
    employees = store.current(employees_table)
    month = newest_period(employees)
    count = reader.value(employees, PERSONS, place.municipality, month)
    targets = store.current(target_table)
    target_period = newest_period(targets)
    target = reader.value(targets, TARGET, place.municipality, target_period)
    values: dict[str, Any] = {
        "municipality": place.municipality,
        "month": reader.traced_period(employees, month),
        "employees": count,
        "target": target,
        "year_before": None,
    }
    earlier = month.year_before()
    if earlier.code in {p.code for p in employees.periods()}:
        before = reader.value(employees, PERSONS, place.municipality, earlier)
        values["year_before"] = {
            "month": reader.traced_period(employees, earlier),
            "employees": before,
            "change": Figure.difference(count, before),
        }
    return reader.result(metric_id, values)


def _in_danish_order(frame: pd.DataFrame, national: str) -> pd.DataFrame:
    """The national row first, then areas in Danish alphabetical order."""
    key = frame["area"].map(lambda name: (name != national, danish_sort_key(name)))
    return frame.assign(_key=key).sort_values("_key", kind="stable").drop(columns="_key").reset_index(drop=True)


@analysis
def city_comparison(
    metric_id: str,
    store: ExtractStore,
    place: Place,
    table: str,
    companion_table: str | None = None,
    selection: Mapping[str, str] | None = None,
) -> MetricResult:
    """The home area against the rest of its group and the country, in full-time persons and shares.

    A companion table (ledighedsydelse beside fleksjob) adds its own two columns to the table.
    """
    reader = Reader(store, selection)
    main = store.current(table)
    period = newest_period(main)
    areas = [place.national, *place.group_areas]
    columns = {"full_time": (main, FULL_TIME), "share": (main, SHARE_OF_LABOUR_FORCE)}
    if companion_table is not None:
        companion = store.current(companion_table)
        columns = {
            "full_time": (main, FULL_TIME),
            "companion_full_time": (companion, FULL_TIME),
            "share": (main, SHARE_OF_LABOUR_FORCE),
            "companion_share": (companion, SHARE_OF_LABOUR_FORCE),
        }
    wide = pd.DataFrame({"area": areas})
    for name, (extract, measure) in columns.items():
        rows = reader.frame(extract, measure, areas, [period.code])
        wide[name] = wide["area"].map(rows.set_index("area")["value"])
    wide = _in_danish_order(wide, place.national)
    origins = {
        (row, name): reader.origin(extract, measure, area, period.code)
        for name, (extract, measure) in columns.items()
        for row, area in enumerate(wide["area"])
    }
    share_of = {area: Figure(share, origins[(row, "share")]) for row, (area, share) in enumerate(zip(wide["area"], wide["share"]))}
    # Compare shares as they are printed (one decimal), so the sentence never contradicts the table.
    shares = wide.set_index("area")["share"].map(lambda share: share if pd.isna(share) else float(round_half_up(share, 1)))
    if shares.isna().any():
        missing = ", ".join(shares[shares.isna()].index)
        raise MissingDataError(f"andelen i fleksjob mangler for {missing} i perioden {period.code}", file=main.path.name)
    home_share = shares[place.area]
    others = shares[list(place.other_areas)]
    values = {
        "area": place.area,
        "period": reader.traced_period(main, period),
        "group_name": place.group_name,
        "group_definite": place.group_definite,
        "home_share": share_of[place.area],
        "national_share": share_of[place.national],
        "higher_elsewhere": sorted(others[others > home_share].index, key=danish_sort_key),
        "lower_elsewhere": sorted(others[others < home_share].index, key=danish_sort_key),
        "same_elsewhere": sorted(others[others == home_share].index, key=danish_sort_key),
    }
    return reader.result(metric_id, values, {"comparison": wide}, {"comparison": origins})


def trend(series: pd.Series) -> str:
    """Classify a yearly series: steady_increase, increase, steady_decrease, decrease or unchanged.

    "Steady" (Danish "løbende") means at least two thirds of the year-on-year changes go the
    same way as the change over the whole span.
    """
    series = series.dropna()
    net = series.iloc[-1] - series.iloc[0]
    changes = series.diff().dropna()
    if net == 0 or changes.empty:
        return "unchanged"
    direction = "increase" if net > 0 else "decrease"
    same_way = (changes > 0) if net > 0 else (changes < 0)
    return f"steady_{direction}" if same_way.mean() >= 2 / 3 else direction


def is_calendar_year(period: Period) -> bool:
    """2024Y01, 2024QMAT04 and 2024MMAT12 all cover January to December of one year."""
    first, last = period.first, period.last
    return first.year == last.year and first.index == 1 and (last.unit == "year" or last.index == {"quarter": 4, "month": 12}[last.unit])


def yearly_frame(
    reader: Reader, extract: Extract, area: str, measures: Mapping[str, str], years: int
) -> tuple[pd.DataFrame, str, dict[tuple[int, str], Origin]]:
    """One row per calendar year (column `year`), one column per measure, the basis used, and
    the origin of each cell.

    Calendar-year periods are used as published ("published"). An extract with months only gets
    the mean of each complete year's months ("monthly_mean"): not an official yearly figure, and
    the text says so.
    """
    periods = extract.periods()
    year_codes = [p.code for p in periods if is_calendar_year(p)]
    if year_codes:
        year_codes = year_codes[-years:]
        wide = pd.DataFrame({"year": [parse_period(code).last.year for code in year_codes]})
        for name, measure in measures.items():
            rows = reader.frame(extract, measure, [area], year_codes)
            wide[name] = pd.Series(year_codes).map(rows.set_index("period")["value"]).to_numpy()
        origins = {
            (row, name): reader.origin(extract, measure, area, code)
            for name, measure in measures.items()
            for row, code in enumerate(year_codes)
        }
        return wide, "published", origins
    month_codes = [p.code for p in periods if p.unit == "month" and not p.is_rolling_year]
    if not month_codes:
        raise MissingDataError(f"ingen årstal eller månedstal for {area}", file=extract.path.name)
    columns = {}
    for name, measure in measures.items():
        rows = reader.frame(extract, measure, [area], month_codes)
        year = rows["period"].str[:4].astype(int)
        by_year = rows.groupby(year)["value"].agg(["mean", "count"])
        columns[name] = by_year.loc[by_year["count"] == 12, "mean"]  # complete years only
    wide = pd.DataFrame(columns).dropna().tail(years).rename_axis("year").reset_index()
    if wide.empty:
        raise MissingDataError(f"ingen hele år med månedstal for {area}", file=extract.path.name)
    origins = {
        (row, name): Origin(
            (reader.provenance_of(extract, measure, (area,), tuple(c for c in month_codes if c.startswith(str(year)))),),
            "monthly_mean",
        )
        for name, measure in measures.items()
        for row, year in enumerate(wide["year"])
    }
    return wide, "monthly_mean", origins


@analysis
def yearly_development(
    metric_id: str,
    store: ExtractStore,
    place: Place,
    table: str,
    measures: Mapping[str, str] | None = None,
    years: int = 10,
    selection: Mapping[str, str] | None = None,
) -> MetricResult:
    """Yearly series of the home area over up to `years` years, as a table with a trend per series."""
    reader = Reader(store, selection)
    measures = measures or {"full_time": FULL_TIME}
    extract = store.current(table)
    wide, basis, origins = yearly_frame(reader, extract, place.area, measures, years)
    span = Origin((reader.provenance_of(extract, "Periode", (place.area,), tuple(map(str, wide["year"]))),))
    values = {
        "area": place.area,
        "first_year": TracedInt(int(wide["year"].iloc[0]), span),
        "last_year": TracedInt(int(wide["year"].iloc[-1]), span),
        "years": TracedInt(len(wide), span),
        "basis": basis,
        "trends": {name: trend(wide[name]) for name in measures},
    }
    return reader.result(metric_id, values, {"development": wide}, {"development": origins})
