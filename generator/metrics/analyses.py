"""The computations behind the metrics: cells looked up in the extracts' indexes, returning numbers, never text.

Each analysis takes the extract store, the letter's home `Place` and the parameters its catalogue
entry declares, and returns a `MetricResult`. Wording lives in the text templates.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from generator.domain.areas import Place, danish_sort_key, load_areas
from generator.domain.dimensions import POPULATION_GROUPS, RANGE_KEYS, BandError, bands_for_range, is_total_label, load_dimensions, parse_range
from generator.domain.periods import Period, PeriodPart, ResolvedPeriod, months_of, parse_period, parse_period_request, resolve_period
from generator.domain.results import Figure, MetricResult, Origin, Provenance, Table, TracedDate, TracedInt
from generator.domain.rounding import round_half_up
from generator.errors import MissingDataError
from generator.metrics.extracts import Cell, Extract, ExtractStore
from generator.metrics.sums import exact_mean, exact_sum
from generator.questionfile import FILTERS, MetricCall

Columns = dict[str, list[Any]]  # a table being built: each column's cells in row order (NaN = missing)
NAN = float("nan")


def is_missing(value: float) -> bool:
    return math.isnan(value)

# Jobindsats' measure labels: the column names of its CSV extracts.
PERSONS = "Antal personer"
FULL_TIME = "Antal fuldtidspersoner"
SHARE_OF_LABOUR_FORCE = "Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år"
TARGET = "Måltal"
# Danmarks Statistik's FOLK1A as a data folder holds it: the population aged 16-66 per area and
# quarter (summed over ages by the administration), for figures per 1,000 inhabitants.
POPULATION_TABLE = "folk1a"
POPULATION = "Indbyggere 16-66 år"
# FOLK1E the same way, by sex, age band and origin (one dimension at a time): a group's own population.
GROUP_POPULATION_TABLE = "folk1e"
PER_INHABITANTS = 1000

Analysis = Callable[..., MetricResult]
COMBINED_LABEL = "Tilsammen"  # the sum row of several areas (tilsammen: ja)
ANALYSES: dict[str, Analysis] = {}
ACCEPTS: dict[str, tuple[str, ...]] = {}  # analysis → the call parameters it honours


def analysis(*accepts: str) -> Callable[[Analysis], Analysis]:
    """Register an analysis under its function name (the name catalogue entries use), with the
    call parameters it honours; a call with any other parameter is refused before computing."""
    def register(function: Analysis) -> Analysis:
        ANALYSES[function.__name__] = function
        ACCEPTS[function.__name__] = accepts
        return function

    return register



def labels_for_filter(key: str, value: str, labels: Iterable[str], file: str | Path | None = None) -> tuple[str, ...]:
    """The extract's labels that a filter value stands for (one label, or several to add up)."""
    dimensions = load_dimensions()
    spec = dimensions.specs[key]
    present = [label for label in labels if not is_total_label(label, dimensions.total)]
    if key in RANGE_KEYS:
        try:
            return bands_for_range(key, value, present)
        except BandError as error:
            raise MissingDataError(str(error), file=file) from None
    wanted = (spec.groups or {}).get(value, (value,))
    absent = [label for label in wanted if label not in present]
    if absent:
        raise MissingDataError(f"udtrækket har ingen tal for {key} '{absent[0]}'", file=file)
    return wanted


class Reader:
    """Reads figures from a store and records the provenance of every read."""

    def __init__(self, store: ExtractStore, selection: Mapping[str, str] | None = None, filters: Mapping[str, str] | None = None) -> None:
        self.store = store
        self.selection = dict(selection or {})  # the scheme's own value of a dimension column, e.g. Ydelsesgrupper
        self.filters = dict(filters or {})  # the call's filters: alder "16-29", køn "Kvinder", …
        self.provenance: list[Provenance] = []
        self._notes: dict[tuple[Extract, str], tuple[str, ...]] = {}
        self.summed_groups: dict[str, tuple[str, ...]] = {}  # a filter the data has only as several bands, added up

    def selection_for(self, extract: Extract) -> dict[str, str | tuple[str, ...]]:
        """The dimension labels to read in this extract: the scheme's, and the call's filters,
        which the extract must be able to honour."""
        selection: dict[str, str | tuple[str, ...]] = {k: v for k, v in self.selection.items() if k in extract.dimensions}
        dimensions = load_dimensions()
        for key, value in self.filters.items():
            column = dimensions.column(key)
            if column not in extract.dimensions:
                raise MissingDataError(f"tabellen {extract.table} er ikke opdelt på {key}", file=extract.path)
            labels = labels_for_filter(key, value, extract.part_labels(column), file=extract.path)
            selection[column] = labels[0] if len(labels) == 1 else labels
            if len(labels) > 1:
                self.summed_groups[key] = labels
        return selection

    def cells(
        self,
        extract: Extract,
        measure: str,
        areas: Sequence[str] | None = None,
        periods: Sequence[str] | None = None,
        by: tuple[str, ...] = (),
    ) -> list[Cell]:
        """Cells (area, period, [by labels], value) of one measure; records what was read."""
        selection = self.selection_for(extract)
        try:
            rows = self.store.values(extract, measure, areas, periods, selection, by)
        except MissingDataError as error:
            if not (self.filters or by):
                raise
            selected = [f"for {', '.join(f'{key} {value}' for key, value in self.filters.items())}"] if self.filters else []
            asked = selected + [f"fordelt på {' og '.join(column.lower() for column in by)}"] * bool(by)
            where = f" for {', '.join(_as_list(areas))}" if areas else ""
            when = f" i {', '.join(_as_list(periods))}" if periods and len(_as_list(periods)) <= 3 else ""
            raise MissingDataError(f"udtrækket har ikke tal {', '.join(asked)}{where}{when}", file=error.file) from None
        self.provenance.append(self.provenance_of(extract, measure, tuple(dict.fromkeys(cell.area for cell in rows)), tuple(dict.fromkeys(cell.period for cell in rows))))
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
            measures=(measure, *self.label_note(extract, measure), *self.selection_notes(extract, measure)),
            note=info.note,
            derived=self.store.derivations(extract, measure, areas, periods),
        )

    @staticmethod
    def label_note(extract: Extract, measure: str) -> tuple[str, ...]:
        """Where the file names the measure otherwise (a label variant): the column to look for."""
        label = extract.file_label(measure)
        return (f"kolonnen '{label}' i filen",) if label != measure else ()

    def selection_notes(self, extract: Extract, measure: str) -> tuple[str, ...]:
        """What was selected in the dimension columns, and which figures were added up."""
        if not extract.dimensions:
            return ()
        key = (extract, measure)
        if key not in self._notes:
            self._notes[key] = self._selection_notes(extract, measure)
        return self._notes[key]

    def _selection_notes(self, extract: Extract, measure: str) -> tuple[str, ...]:
        selection = self.selection_for(extract)
        notes = [f"{k}: {' + '.join(v) if isinstance(v, tuple) else v}" for k, v in selection.items()]
        summed = self.store.summed_dimensions(extract, measure, selection) if measure in extract.measures else ()
        notes += [f"{column}: summeret af forvaltningen" for column in summed if column not in selection or isinstance(selection[column], tuple)]
        # A total the service labels its own way ("Køn i alt") is said, so a reviewer sees which row was read.
        totals = {column: extract.total_label(column) for column in extract.dimensions if column not in selection and column not in summed}
        notes += [f"{column}: rækken '{label}'" for column, label in totals.items() if label is not None and label != load_dimensions().total]
        return tuple(notes)

    def origin(self, extract: Extract, measure: str, area: str, period: str) -> Origin:
        """The origin of one cell: one area, one period, one measure."""
        return Origin((self.provenance_of(extract, measure, (area,), (period,)),))

    def value(self, extract: Extract, measure: str, area: str, period: Period) -> Figure:
        """One figure that must be there."""
        value = self.cells(extract, measure, [area], [period.code])[0].value
        if is_missing(value):
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
        tables: dict[str, Columns] | None = None,
        cell_origins: dict[str, dict[tuple[int, str], Origin]] | None = None,
    ) -> MetricResult:
        plain = {name: Table({key: tuple(cells) for key, cells in columns.items()}) for name, columns in (tables or {}).items()}
        return MetricResult(metric_id, values, plain, self.provenance, cell_origins or {}, summed_groups=dict(self.summed_groups))

    def period_value(self, extract: Extract, measure: str, area: str, chosen: ChosenPeriod) -> Figure:
        """One figure for a chosen period: read as published, or the mean of its months or quarters."""
        if not chosen.derived:
            return self.value(extract, measure, area, chosen.period)
        resolved = chosen.resolved
        assert resolved is not None  # a derived period is a resolved one
        codes = resolved.codes
        figures = [cell.value for cell in self.cells(extract, measure, [area], codes)]
        if any(map(is_missing, figures)):
            raise MissingDataError(f"et af tallene for {area} i {resolved.request.text} ({measure}) mangler", file=extract.path.name)
        reads = (self.provenance_of(extract, measure, (area,), codes),)
        return Figure(exact_mean(figures), Origin(reads, resolved.basis, tuple(figures)))

    def periods_with_figures(self, extract: Extract, measure: str, areas: Sequence[str] | None = None, by: tuple[str, ...] = ()) -> list[Period]:
        """The periods in which the selected figures exist for every one of `areas`, broken down by
        `by` where asked (a breakdown or a yearly figure may exist for a few periods or areas only)."""
        by = tuple(column for column in by if column in extract.dimensions)
        return self.store.periods_with_figures(extract, measure, self.selection_for(extract), by, areas)

    def choose_period(self, extract: Extract, call: MetricCall, measure: str, areas: Sequence[str] = (), by: tuple[str, ...] = ()) -> ChosenPeriod:
        """The newest period, or the one the call asks for (among those that have the breakdown
        `by`: a year published both as 2024Y01 and 2024QMAT04 is read where its breakdown is);
        refuses what the extract cannot answer."""
        if call.period is None:
            return ChosenPeriod(newest_period(extract))
        request = parse_period_request(call.period)
        available = self.periods_with_figures(extract, measure, areas, by)
        resolved = resolve_period(available, request)
        if resolved is None:
            if not available:
                has = f"ingen periode har tal for {measure}" + (f" i {', '.join(areas)}" if areas else "")
            elif len(available) == 1:  # said as one period, so a rolling year does not read as a range that covers the request
                has = f"har kun tal for {available[0].code}"
            else:
                has = f"har tal {available[0].code}–{available[-1].code}"
            raise MissingDataError(f"udtrækket har ingen tal for perioden {request.text} ({has})", file=extract.path.name)
        if resolved.derived:
            return ChosenPeriod(request.display, resolved)
        published = parse_period(resolved.codes[0])
        # A published calendar year (2022QMAT04) is named as the year, not as four quarters.
        shown = request.display if request.unit == "year" else published
        return ChosenPeriod(replace(shown, code=published.code), resolved)


@dataclass(frozen=True)
class ChosenPeriod:
    """The period a figure is for, as the letter names it, and how it was found."""

    period: Period
    resolved: ResolvedPeriod | None = None  # None: the newest period, as by default

    @property
    def derived(self) -> bool:
        return self.resolved is not None and self.resolved.derived

    @property
    def basis(self) -> str:
        return self.resolved.basis if self.resolved is not None else "published"


def _as_list(items: Sequence[str] | str) -> list[str]:
    return [items] if isinstance(items, str) else list(items)


def newest_period(extract: Extract) -> Period:
    """The newest period in an extract, whether or not its figures are there.

    A missing figure in the newest period must be reported as missing, never silently answered
    with an older period's figure.
    """
    return extract.periods()[-1]


# --------------------------------------------------------------------------- what a call selected


def area_facts(name: str, place: Place) -> dict[str, Any]:
    """What the text templates need to name an area: its kind, official name and whether it is home."""
    registry = load_areas()
    area = registry.areas.get(name)
    return {
        "name": name,
        "official": area.official if area else name,
        "kind": area.kind if area else "kommune",
        "home": name == place.area,
        "residents": place.residents if name == place.area else None,
    }


def filter_facts(call: MetricCall) -> list[dict[str, Any]]:
    """The call's filters for the text templates: key, value, and the range of a band filter."""
    facts = []
    for key, value in call.filters:
        low, high = (parse_range(value) if key in RANGE_KEYS else None) or (None, None)
        facts.append({"key": key, "value": value, "low": low, "high": high})
    return facts


def selection_facts(call: MetricCall, place: Place, basis: str = "published") -> dict[str, Any]:
    """Values every analysis gives its template about what the call selected."""
    return {
        "selected": bool(call.given()),
        "requested_period": call.period is not None,
        "basis": basis,
        "filters": filter_facts(call),
        "place": area_facts(call.areas[0] if call.areas else place.area, place),
    }


# --------------------------------------------------------------------------- analyses


@analysis("område", "periode", "opdeling", *FILTERS, "tilsammen", "andel_af_ordningen", "andel_af_befolkningen")
def stock_count(
    metric_id: str,
    store: ExtractStore,
    place: Place,
    call: MetricCall,
    table: str,
    selection: Mapping[str, str] | None = None,
) -> MetricResult:
    """Persons and full-time persons in one period (the newest by default, with the change since
    the previous extract), in one or more areas, optionally broken down by one or two dimensions."""
    reader = Reader(store, selection, call.filter_map)
    current = store.current(table)
    areas = list(call.areas) or [place.area]
    chosen = reader.choose_period(current, call, PERSONS, areas, tuple(load_dimensions().column(key) for key in call.breakdown))
    values: dict[str, Any] = {
        "area": areas[0],
        "residents": place.residents,
        "period": reader.traced_period(current, chosen.period),
        "extract_date": reader.traced_date(current),
        "previous": None,
        **selection_facts(call, place, chosen.basis),
        "areas": [area_facts(area, place) for area in areas],
        "breakdown": list(call.breakdown),
    }
    if call.breakdown and len(areas) > 1:
        raise MissingDataError("en opdeling kan kun vises for ét område ad gangen; lav et kald pr. område")
    if call.share_of_scheme and (len(call.filters) != 1 or call.breakdown or len(areas) > 1):
        # With two filters the whole is ambiguous (all in the scheme, or the group of the other filter?): never guessed.
        raise MissingDataError("andel_af_ordningen er én gruppes andel af alle i ordningen: den kræver netop ét filter (køn, alder, herkomst, varighed eller visitation) og vises for ét område uden opdeling")
    if call.share_of_population:
        _check_share_of_population(call)
    if len(areas) > 1:
        return _count_by_area(reader, metric_id, current, areas, chosen, values, call.combined, call if call.share_of_population else None)
    persons, full_time = _persons_and_full_time(reader, current, areas[0], chosen)
    values.update(persons=persons, full_time=full_time, share=None, population_share=None)
    if call.share_of_scheme:
        values["share"] = _share_of_scheme(store, selection, current, areas[0], chosen, persons, reader)
    if call.share_of_population:
        values["population_share"] = _share_of_population(store, call, areas[0], chosen.period, persons, reader)
    tables: dict[str, Columns] = {}
    origins: dict[str, dict[tuple[int, str], Origin]] = {}
    if call.breakdown:
        frame, columns, cell_origins = _breakdown_table(reader, current, areas[0], chosen, call.breakdown)
        tables["breakdown"], origins["breakdown"] = frame, cell_origins
        values["breakdown_columns"] = columns
    previous = store.previous(table)
    warnings = []
    if previous is not None and call.period is None and not newest_period(previous).sort_key < chosen.period.sort_key:
        # An older extract with a newer period is a mix-up of files: no change is computed from it.
        # (A period asked for is not the newest: no change since the last count is said for it anyway.)
        warnings.append(
            f"{previous.path.name} (udtræk af {previous.extract_date:%d-%m-%Y}) har perioden {newest_period(previous).code}, "
            f"som ikke er ældre end {chosen.period.code} i {current.path.name}; ændringen siden sidste opgørelse er udeladt"
        )
        previous = None
    if previous is not None and persons is not None and full_time is not None and call.period is None and not call.filters and not call.breakdown:
        values["previous"] = _since_previous(reader, previous, areas[0], persons, full_time, required=not call.areas)
    result = reader.result(metric_id, values, tables, origins)
    result.warnings += warnings
    return result


def _share_of_scheme(
    store: ExtractStore, selection: Mapping[str, str] | None, extract: Extract, area: str, chosen: ChosenPeriod, persons: Figure | None, reader: Reader
) -> dict[str, Figure]:
    """The filtered group's persons as a share of everyone in the scheme, same area and period."""
    if persons is None:
        raise MissingDataError(f"antallet af personer i gruppen mangler for {area}, så andelen kan ikke beregnes", file=extract.path.name)
    everyone_reader = Reader(store, selection)
    everyone = everyone_reader.period_value(extract, PERSONS, area, chosen)
    reader.provenance += everyone_reader.provenance
    if float(everyone) == 0:
        raise MissingDataError(f"ingen i ordningen i {area} i perioden, så andelen kan ikke beregnes", file=extract.path.name)
    origin = Origin(persons.origin.reads + everyone.origin.reads, "share", (float(persons), float(everyone)))
    return {"percent": Figure(float(persons) / float(everyone) * 100, origin), "everyone": everyone}


def _check_share_of_population(call: MetricCall) -> None:
    """A share of a population is of one group (or everyone), without a breakdown."""
    if call.breakdown or call.share_of_scheme:
        raise MissingDataError("andel_af_befolkningen vises uden opdeling og ikke sammen med andel_af_ordningen")
    others = [key for key in call.filter_map if key not in POPULATION_GROUPS]
    if others or len(call.filters) > 1:
        # FOLK1E holds one group at a time: the women among the immigrants have no population of their own here.
        raise MissingDataError(
            "andel_af_befolkningen kræver højst ét filter, og kun køn, alder eller herkomst har en befolkning"
            + (f"; {others[0]} har ingen" if others else "")
        )


def _share_of_population(store: ExtractStore, call: MetricCall, area: str, period: Period, persons: Figure | None, reader: Reader) -> dict[str, Any]:
    """The persons as a share of the population aged 16-66 in the same area (of the filtered group, when a
    filter is set): the population of a period is the mean of FOLK1E's quarters within it."""
    if persons is None:
        raise MissingDataError(f"antallet af personer mangler for {area}, så andelen af befolkningen kan ikke beregnes")
    if not store.has(GROUP_POPULATION_TABLE):
        dated = store.has(GROUP_POPULATION_TABLE, within_cutoff=False) and store.cutoff is not None
        raise MissingDataError(
            f"udtrækkene af {GROUP_POPULATION_TABLE} er dateret efter {store.cutoff:%d-%m-%Y} (data.udtræk)" if dated and store.cutoff
            else f"andelen af befolkningen kræver befolkningstal: et udtræk af {GROUP_POPULATION_TABLE} i datamappen (svarbrev data hent dst:FOLK1E)"
        )
    extract = store.current(GROUP_POPULATION_TABLE)
    quarters = population_quarters(period)
    codes = tuple(f"{quarter.year}Q{quarter.index:02d}" for quarter in quarters)
    population_reader = Reader(store, None, call.filter_map)
    rows = population_reader.cells(extract, POPULATION, [area], codes)
    found = {cell.period for cell in rows if not is_missing(cell.value)}
    absent = [code for code in codes if code not in found]
    if absent:
        raise MissingDataError(f"befolkningstallet for {area} i {absent[0]} mangler, så andelen af befolkningen kan ikke beregnes", file=extract.path.name)
    values = tuple(float(cell.value) for cell in rows)
    if min(values) <= 0:
        raise MissingDataError(f"befolkningstallet for {area} er {min(values):g}, ikke et antal indbyggere", file=extract.path.name)
    reader.provenance += population_reader.provenance
    reads = (population_reader.provenance_of(extract, POPULATION, (area,), codes),)
    population = exact_mean(values)
    counted = Figure(population, Origin(reads, "quarterly_mean", values) if len(values) > 1 else Origin(reads))
    origin = Origin(persons.origin.reads + reads, "share_of_population", (float(persons), population, float(len(values))))
    return {
        "percent": Figure(float(persons) / population * 100, origin),
        "population": counted,
        "quarters": replace(Period(f"{codes[0]}-{codes[-1]}", quarters[0], quarters[-1]), origin=Origin((population_reader.provenance_of(extract, "Periode", (), codes),))),
        "mean": len(values) > 1,
        "source": reads[0].source,
        "example_data": reads[0].example_data,
    }


def _persons_and_full_time(reader: Reader, extract: Extract, area: str, chosen: ChosenPeriod) -> tuple[Figure | None, Figure | None]:
    """Both figures; when one is missing the other is still an answer (the text says which is
    missing). Only when both are missing is it a gap."""
    found: list[Figure | None] = []
    errors: list[MissingDataError] = []
    for measure in (PERSONS, FULL_TIME):
        try:
            found.append(reader.period_value(extract, measure, area, chosen))
        except MissingDataError as error:
            found.append(None)
            errors.append(error)
    if len(errors) == 2:
        raise errors[0]
    return found[0], found[1]


def _since_previous(reader: Reader, previous: Extract, area: str, persons: Figure, full_time: Figure, required: bool) -> dict[str, Any] | None:
    """The change since the newest period of the previous extract; optional for a chosen area."""
    previous_period = newest_period(previous)
    try:
        previous_persons = reader.value(previous, PERSONS, area, previous_period)
        previous_full_time = reader.value(previous, FULL_TIME, area, previous_period)
    except MissingDataError:
        if required:
            raise
        return None
    return {
        "period": reader.traced_period(previous, previous_period),
        "extract_date": reader.traced_date(previous),
        "persons": previous_persons,
        "full_time": previous_full_time,
        "change_persons": Figure.difference(persons, previous_persons),
        "change_full_time": Figure.difference(full_time, previous_full_time),
    }


def _count_by_area(
    reader: Reader, metric_id: str, extract: Extract, areas: list[str], chosen: ChosenPeriod, values: dict[str, Any],
    combined: bool = False, population_call: MetricCall | None = None,
) -> MetricResult:
    """Several areas: one table row each, and with `tilsammen` a row with their sum; with `population_call` (a call
    with andel_af_befolkningen) each row's population aged 16-66 and the count's share of it."""
    measures = (("persons", PERSONS), ("full_time", FULL_TIME))
    figures = {(area, name): reader.period_value(extract, measure, area, chosen) for area in areas for name, measure in measures}
    values["population_share"] = None
    if population_call is not None:
        for area in areas:
            share = _share_of_population(reader.store, population_call, area, chosen.period, figures[(area, "persons")], reader)
            figures[(area, "population")], figures[(area, "population_share")] = share["population"], share["percent"]
            values["population_share"] = {key: share[key] for key in ("quarters", "mean", "source", "example_data")}
    names = [name for name in ("persons", "full_time", "population", "population_share") if (areas[0], name) in figures]
    frame: Columns = {"area": list(areas), **{name: [float(figures[(area, name)]) for area in areas] for name in names}}
    origins = {(row, name): figures[(area, name)].origin for row, area in enumerate(areas) for name in names}
    values.update(persons=figures[(areas[0], "persons")], full_time=figures[(areas[0], "full_time")], combined=None)
    if combined:
        totals = {name: Figure.total([figures[(area, name)] for area in areas]) for name in names if name != "population_share"}
        if population_call is not None:  # the sum's share: all the places' persons over all their inhabitants
            part, whole = float(totals["persons"]), float(totals["population"])
            totals["population_share"] = Figure(part / whole * 100, Origin(totals["persons"].origin.reads + totals["population"].origin.reads, "share", (part, whole)))
        append_row(frame, {"area": COMBINED_LABEL, **{name: float(value) for name, value in totals.items()}})
        origins.update({(len(areas), name): value.origin for name, value in totals.items()})
        values["combined"] = totals
    return reader.result(metric_id, values, {"areas": frame}, {"areas": origins})


def append_row(columns: Columns, row: Mapping[str, Any]) -> None:
    """One more row at the bottom; a column the row does not name gets a missing cell."""
    for key, cells in columns.items():
        cells.append(row.get(key, NAN))


def _label_means(cells: list[Cell]) -> dict[tuple[str, ...], float]:
    """The mean of each label (or label pair) over the periods read, missing if one period is; labels in file order."""
    by_label: dict[tuple[str, ...], list[float]] = {}
    for cell in cells:
        by_label.setdefault(cell.labels, []).append(cell.value)
    return {labels: NAN if any(map(is_missing, figures)) else exact_mean(figures) for labels, figures in by_label.items()}


def _breakdown_table(
    reader: Reader, extract: Extract, area: str, chosen: ChosenPeriod, breakdown: tuple[str, ...]
) -> tuple[Columns, list[dict[str, str]], dict[tuple[int, str], Origin]]:
    """One row per label of the first dimension (and a total row); with one dimension the columns
    are persons and full-time persons, with two the second dimension's labels (persons)."""
    if len(breakdown) > 2:
        raise MissingDataError("en tabel kan højst vise to opdelinger (rækker og kolonner); lav et kald mere")
    dimensions = load_dimensions()
    columns = tuple(dimensions.column(key) for key in breakdown)
    for key, column in zip(breakdown, columns):
        if column not in extract.dimensions:
            raise MissingDataError(f"tabellen {extract.table} er ikke opdelt på {key}", file=extract.path.name)
    codes = chosen.resolved.codes if chosen.resolved is not None else (chosen.period.code,)
    measures = (("persons", PERSONS), ("full_time", FULL_TIME)) if len(columns) == 1 else (("persons", PERSONS),)
    means: dict[str, dict[tuple[str, ...], float]] = {}
    for name, measure in measures:
        rows = reader.cells(extract, measure, [area], codes, by=columns)
        if not rows:
            raise MissingDataError(f"udtrækket har ingen tal fordelt på {' og '.join(breakdown)} for {area} i {chosen.period.code}", file=extract.path.name)
        means[name] = _label_means(rows)
    operation = chosen.basis if chosen.derived else None
    reads = {name: (reader.provenance_of(extract, measure, (area,), codes),) for name, measure in measures}
    if len(columns) == 1:
        labels = [key[0] for key in means["persons"]]
        frame: Columns = {"label": list(labels), **{name: [means[name].get((label,), NAN) for label in labels] for name, _ in measures}}
        total = {name: reader.period_value(extract, measure, area, chosen) for name, measure in measures}
        append_row(frame, {"label": dimensions.total, **{name: float(value) for name, value in total.items()}})
        origins = {(row, name): Origin(reads[name], operation) for row in range(len(labels)) for name, _ in measures}
        origins.update({(len(labels), name): value.origin for name, value in total.items()})
        heading = [{"key": "persons", "heading": "Antal personer", "format": "integer"}, {"key": "full_time", "heading": "Antal fuldtidspersoner", "format": "integer"}]
        return frame, heading, origins
    # Rows and columns in the order their labels first appear; a pair without a figure is missing.
    row_labels = list(dict.fromkeys(first for first, _ in means["persons"]))
    column_labels = list(dict.fromkeys(second for _, second in means["persons"]))
    frame = {"label": row_labels}
    heading = []
    for position, label in enumerate(column_labels):
        frame[f"c{position}"] = [means["persons"].get((row, label), NAN) for row in row_labels]
        heading.append({"key": f"c{position}", "heading": str(label), "format": "integer"})
    frame["total"] = [_row_total([frame[f"c{i}"][row] for i in range(len(column_labels))]) for row in range(len(row_labels))]
    heading.append({"key": "total", "heading": dimensions.total, "format": "integer"})
    origins = {(row, spec["key"]): Origin(reads["persons"], operation) for row in range(len(row_labels)) for spec in heading}
    return frame, heading, origins


def _row_total(cells: list[float]) -> float:
    """A row's sum across its columns, missing when one of them is."""
    return NAN if any(map(is_missing, cells)) else exact_sum(cells)


@analysis()
def municipal_employer(
    metric_id: str, store: ExtractStore, place: Place, call: MetricCall, employees_table: str, target_table: str
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


def _in_danish_order(frame: Columns, national: str) -> Columns:
    """The national row first, then areas in Danish alphabetical order."""
    order = sorted(range(len(frame["area"])), key=lambda row: (frame["area"][row] != national, danish_sort_key(frame["area"][row])))
    return _reordered(frame, order)


def _reordered(frame: Columns, order: Sequence[int]) -> Columns:
    return {key: [cells[row] for row in order] for key, cells in frame.items()}


@analysis("område", "periode", "sammenlign_med", *FILTERS, "pr_indbyggere")
def city_comparison(
    metric_id: str,
    store: ExtractStore,
    place: Place,
    call: MetricCall,
    table: str,
    companion_table: str | None = None,
    selection: Mapping[str, str] | None = None,
) -> MetricResult:
    """An area (the home area by default) against others (its comparison group by default) and the
    country, in full-time persons and shares of the labour force.

    A companion table (ledighedsydelse beside fleksjob) adds its own two columns to the table.
    """
    if len(call.areas) > 1:
        raise MissingDataError("en sammenligning tager ét område; angiv de andre i sammenlign_med")
    reader = Reader(store, selection, call.filter_map)
    main = store.current(table)
    focus = call.areas[0] if call.areas else place.area
    chosen = reader.choose_period(main, call, SHARE_OF_LABOUR_FORCE, [focus])
    others = list(call.compare_with) if call.compare_with is not None else [a for a in place.group_areas if a != focus]
    others = [a for a in others if a not in (focus, place.national)]
    areas = list(dict.fromkeys([place.national, focus, *others]))
    columns = {"full_time": (main, FULL_TIME), "share": (main, SHARE_OF_LABOUR_FORCE)}
    if companion_table is not None:
        companion = store.current(companion_table)
        columns = {
            "full_time": (main, FULL_TIME),
            "companion_full_time": (companion, FULL_TIME),
            "share": (main, SHARE_OF_LABOUR_FORCE),
            "companion_share": (companion, SHARE_OF_LABOUR_FORCE),
        }
    wide: Columns = {"area": list(areas)}
    origins: dict[tuple[int, str], Origin] = {}
    if chosen.derived:
        figures = {(area, name): reader.period_value(extract, measure, area, chosen) for name, (extract, measure) in columns.items() for area in areas}
        for name in columns:
            wide[name] = [float(figures[(area, name)]) for area in areas]
        wide = _in_danish_order(wide, place.national)
        origins = {(row, name): figures[(area, name)].origin for name in columns for row, area in enumerate(wide["area"])}
    else:
        code = chosen.period.code
        for name, (extract, measure) in columns.items():
            by_area = {cell.area: cell.value for cell in reader.cells(extract, measure, areas, [code])}
            wide[name] = [by_area[area] for area in areas]
        wide = _in_danish_order(wide, place.national)
        origins = {
            (row, name): reader.origin(extract, measure, area, code)
            for name, (extract, measure) in columns.items()
            for row, area in enumerate(wide["area"])
        }
    per_inhabitants, warnings = _per_inhabitants(reader, store, wide, origins, chosen.period, [name for name in columns if name.endswith("full_time")])
    if call.per_inhabitants and per_inhabitants is None:
        # Asked for (pr_indbyggere: ja): the answer is not given without them.
        raise MissingDataError(warnings[0] if warnings else f"tal pr. 1.000 indbyggere kræver indbyggertal: et udtræk af {POPULATION_TABLE} i datamappen")
    share_of = {area: Figure(share, origins[(row, "share")]) for row, (area, share) in enumerate(zip(wide["area"], wide["share"]))}
    # Compare shares as they are printed (one decimal), so the sentence never contradicts the table.
    shares = {area: share if is_missing(share) else float(round_half_up(share, 1)) for area, share in zip(wide["area"], wide["share"])}
    if any(map(is_missing, shares.values())):
        missing = ", ".join(area for area, share in shares.items() if is_missing(share))
        raise MissingDataError(f"andelen af arbejdsstyrken mangler for {missing} i perioden {chosen.period.code}", file=main.path.name)
    home_share = shares[focus]
    other_shares = {area: shares[area] for area in others}
    default_group = call.compare_with is None
    values = {
        "area": focus,
        "period": reader.traced_period(main, chosen.period),
        "group_name": place.group_name,
        "group_definite": place.group_definite,
        "others_phrase": (f"de øvrige {place.group_name}" if focus in place.group_areas else place.group_definite) if default_group else None,
        "others": others,
        "default_group": default_group,
        "home_share": share_of[focus],
        "national_share": share_of[place.national],
        "higher_elsewhere": sorted((area for area, share in other_shares.items() if share > home_share), key=danish_sort_key),
        "lower_elsewhere": sorted((area for area, share in other_shares.items() if share < home_share), key=danish_sort_key),
        "same_elsewhere": sorted((area for area, share in other_shares.items() if share == home_share), key=danish_sort_key),
        "per_inhabitants": per_inhabitants,
        **selection_facts(call, place, chosen.basis),
    }
    if per_inhabitants is not None:
        rows = {area: row for row, area in enumerate(wide["area"])}
        values["home_per_inhabitants"] = Figure(wide["full_time_per_1000"][rows[focus]], origins[(rows[focus], "full_time_per_1000")])
        values["national_per_inhabitants"] = Figure(wide["full_time_per_1000"][rows[place.national]], origins[(rows[place.national], "full_time_per_1000")])
    result = reader.result(metric_id, values, {"comparison": wide}, {"comparison": origins})
    result.warnings += warnings
    return result


# What `alle` ranks by (sorter), the column it reads, and how the column is printed (ties are ties as printed).
RANKED_COLUMNS = {"antal": ("persons", 0), "fuldtidspersoner": ("full_time", 0), "andel": ("share", 1), "pr_indbyggere": ("full_time_per_1000", 1)}
LEVEL_KINDS = {"kommuner": "kommune", "regioner": "region"}


@analysis("område", "periode", *FILTERS, "sorter", "niveau")
def all_areas(
    metric_id: str,
    store: ExtractStore,
    place: Place,
    call: MetricCall,
    table: str,
    selection: Mapping[str, str] | None = None,
) -> MetricResult:
    """Every municipality (or region) in one period, ranked by what was asked — persons, full-time
    persons, share of the labour force or per 1.000 inhabitants — and where the home area (or the
    area asked about) stands. An extract without every area is refused: a ranking of some is no ranking."""
    if len(call.areas) > 1:
        raise MissingDataError("en rangering fremhæver ét område; angiv ét")
    level = call.level or "kommuner"
    registry = load_areas()
    areas = sorted((area.name for area in registry.areas.values() if area.kind == LEVEL_KINDS[level]), key=danish_sort_key)
    focus = call.areas[0] if call.areas else place.area
    if focus not in areas:
        raise MissingDataError(f"{focus} er ikke en af de {len(areas)} {level}, rangeringen viser")
    reader = Reader(store, selection, call.filter_map)
    main = store.current(table)
    ranked_by = call.ranked_by or "antal"
    key, decimals = RANKED_COLUMNS[ranked_by]
    measures = {"persons": PERSONS, "full_time": FULL_TIME, "share": SHARE_OF_LABOUR_FORCE}
    measures = {name: measure for name, measure in measures.items() if measure in main.measures}
    sort_measure = FULL_TIME if ranked_by == "pr_indbyggere" else measures.get(key)
    if sort_measure is None:
        raise MissingDataError(f"tabellen {main.table} har ikke målet at rangere efter ({ranked_by})", file=main.path.name)
    chosen = reader.choose_period(main, call, sort_measure, [])
    present = store.areas_of(main, sort_measure, reader.selection_for(main))
    absent = [area for area in areas if area not in present]
    if absent:
        raise MissingDataError(
            f"udtrækket har ikke alle {len(areas)} {level} (mangler {len(absent)}, fx {', '.join(absent[:3])}); en rangering kræver dem alle",
            file=main.path.name,
        )
    figures = {(area, name): reader.period_value(main, measure, area, chosen) for area in areas for name, measure in measures.items()}
    wide: Columns = {"area": list(areas), **{name: [float(figures[(area, name)]) for area in areas] for name in measures}}
    origins = {(row, name): figures[(area, name)].origin for row, area in enumerate(areas) for name in measures}
    per_inhabitants, warnings = _per_inhabitants(reader, store, wide, origins, chosen.period, ["full_time"] if "full_time" in measures else [])
    if ranked_by == "pr_indbyggere" and per_inhabitants is None:
        raise MissingDataError(warnings[0] if warnings else f"en rangering pr. 1.000 indbyggere kræver indbyggertal: et udtræk af {POPULATION_TABLE} i datamappen")
    printed = [value if is_missing(value) else float(round_half_up(value, decimals)) for value in wide[key]]
    wide["rank"] = _ranks(printed)
    order = sorted(range(len(areas)), key=lambda row: (is_missing(wide["rank"][row]), wide["rank"][row], danish_sort_key(wide["area"][row])))
    wide = _reordered(wide, order)
    moved_to = {old: new for new, old in enumerate(order)}
    origins = {(moved_to[old], name): origin for (old, name), origin in origins.items()}
    rows = {area: row for row, area in enumerate(wide["area"])}
    ranked = [row for row, rank in enumerate(wide["rank"]) if not is_missing(rank)]  # sorted: the ranked come first
    if focus not in {wide["area"][row] for row in ranked}:
        raise MissingDataError(f"{focus} har intet tal for perioden {chosen.period.code}; dens placering kan ikke opgøres", file=main.path.name)
    # A place is read from the whole column it ranks: one read naming every area (not one per area, per cell).
    periods = tuple(dict.fromkeys(period for read in figures[(focus, "full_time" if ranked_by == "pr_indbyggere" else key)].origin.reads for period in read.periods))
    column = (reader.provenance_of(main, sort_measure, tuple(areas), periods),)
    rank = int(wide["rank"][rows[focus]])
    origins.update({(row, "rank"): Origin(column, "rank", (float(place_), float(len(ranked)))) for row, place_ in enumerate(wide["rank"]) if not is_missing(place_)})
    values = {
        "area": focus,
        "level": level,
        "ranked_by": ranked_by,
        "period": reader.traced_period(main, chosen.period),
        "rank": TracedInt(rank, Origin(column, "rank", (float(rank), float(len(ranked))))),
        "ranked": TracedInt(len(ranked), Origin(column, "count", (float(len(ranked)),))),
        "shared": sum(wide["rank"][row] == rank for row in ranked) > 1,
        "focus_value": Figure(wide[key][rows[focus]], origins[(rows[focus], key)]),
        "first": [area_facts(wide["area"][row], place) for row in ranked if wide["rank"][row] == 1],
        "first_value": Figure(wide[key][ranked[0]], origins[(0, key)]),
        "unranked": [area_facts(area, place) for area, rank in zip(wide["area"], wide["rank"]) if is_missing(rank)],
        "per_inhabitants": per_inhabitants,
        "columns": list(measures),
        **selection_facts(call, place, chosen.basis),
    }
    result = reader.result(metric_id, values, {"ranking": wide}, {"ranking": origins})
    result.warnings += warnings
    return result


def _ranks(values: Sequence[float]) -> list[float]:
    """Each value's place, largest first, a shared place shared (1, 2, 2, 4); a missing value has none (NaN)."""
    present = sorted((value for value in values if not is_missing(value)), reverse=True)
    first_place: dict[float, float] = {}
    for place_, value in enumerate(present, start=1):
        first_place.setdefault(value, float(place_))
    return [NAN if is_missing(value) else first_place[value] for value in values]


def population_quarters(period: Period) -> tuple[PeriodPart, ...]:
    """The quarters a period covers, oldest first: 2025QMAT01 → 2024Q2 … 2025Q1; a month → its quarter."""
    return tuple(dict.fromkeys(PeriodPart(month.year, (month.index - 1) // 3 + 1, "quarter") for month in months_of(period)))


def _per_inhabitants(
    reader: Reader, store: ExtractStore, wide: Columns, origins: dict[tuple[int, str], Origin], period: Period, counts: Sequence[str]
) -> tuple[dict[str, Any] | None, list[str]]:
    """With a FOLK1A extract in the data folder: one more column per count, `<count>_per_1000`,
    full-time persons per 1,000 inhabitants aged 16-66 (columns and origins are added in place).

    The population of a period is the mean of FOLK1A's quarters within it (four for a rolling
    year, one for a month or a quarter): full-time persons are an average over the period too.
    Without the extract nothing is added; when it lacks a quarter or an area, nothing is added
    either and the caseworker is warned."""
    if not store.has(POPULATION_TABLE):
        if store.has(POPULATION_TABLE, within_cutoff=False) and store.cutoff is not None:
            return None, [f"udtrækkene af {POPULATION_TABLE} er dateret efter {store.cutoff:%d-%m-%Y} (data.udtræk); kolonnerne pr. 1.000 indbyggere er udeladt"]
        return None, []
    extract = store.current(POPULATION_TABLE)
    quarters = population_quarters(period)
    codes = tuple(f"{quarter.year}Q{quarter.index:02d}" for quarter in quarters)
    areas = list(wide["area"])
    left_out = "; kolonnerne pr. 1.000 indbyggere er udeladt"
    try:
        rows = reader.store.values(extract, POPULATION, areas, codes)
    except MissingDataError as error:
        return None, [f"{extract.path.name}: {error.message}{left_out}"]
    missing = next((cell for cell in rows if is_missing(cell.value)), None)
    if missing is not None:
        return None, [f"{extract.path.name}: indbyggertallet for {missing.area} i {missing.period} mangler{left_out}"]
    empty = next((cell for cell in rows if cell.value <= 0), None)
    if empty is not None:
        return None, [f"{extract.path.name}: indbyggertallet for {empty.area} i {empty.period} er {empty.value:g}, ikke et antal indbyggere{left_out}"]
    reader.cells(extract, POPULATION, areas, codes)  # records the read for the source line and notes
    by_area: dict[str, list[float]] = {}
    for cell in rows:
        by_area.setdefault(cell.area, []).append(cell.value)
    population = [exact_mean(by_area[area]) for area in wide["area"]]
    reads = {area: reader.provenance_of(extract, POPULATION, (area,), codes) for area in areas}
    for count in counts:
        key = f"{count}_per_1000"
        wide[key] = [figure / inhabitants * PER_INHABITANTS for figure, inhabitants in zip(wide[count], population)]
        origins.update({
            (row, key): Origin(origins[(row, count)].reads + (reads[area],), "per_1000", (float(wide[count][row]), float(population[row]), float(len(codes))))
            for row, area in enumerate(wide["area"])
        })
    return {"quarters": Period(f"{codes[0]}-{codes[-1]}", quarters[0], quarters[-1]), "mean": len(codes) > 1}, []


def trend(series: Sequence[float]) -> str:
    """Classify a yearly series: steady_increase, increase, steady_decrease, decrease or unchanged.

    "Steady" (Danish "løbende") means at least two thirds of the year-on-year changes go the
    same way as the change over the whole span. This is the rule the reference letter was written
    with; a letter for a chosen span or area uses `course`, which is stricter.
    """
    series = [value for value in series if not is_missing(value)]
    net = series[-1] - series[0]
    changes = _changes(series)
    if net == 0 or not changes:
        return "unchanged"
    direction = "increase" if net > 0 else "decrease"
    same_way = [change > 0 if net > 0 else change < 0 for change in changes]
    return f"steady_{direction}" if sum(same_way) / len(same_way) >= 2 / 3 else direction


def _changes(series: Sequence[float]) -> list[float]:
    """Each step's change from the one before."""
    return [later - earlier for earlier, later in pairwise(series)]


def course(years: Sequence[Any], series: Sequence[float], origins: Sequence[Origin], span: Origin) -> dict[str, Any]:
    """The figures a trend sentence needs: first and last value, the change in per cent, whether
    every year moved the same way ("løbende"), and the years where the direction turned."""
    first, last = float(series[0]), float(series[-1])
    first_figure, last_figure = Figure(first, origins[0]), Figure(last, origins[-1])
    changes = [(step, change) for step, change in enumerate(_changes(series), start=1) if not is_missing(change)]  # step ends at series[step]
    direction = "increase" if last > first else "decrease" if last < first else "unchanged"
    monotone = bool(changes) and (all(change > 0 for _, change in changes) or all(change < 0 for _, change in changes))
    signs = [(step, 1 if change > 0 else -1) for step, change in changes if change != 0]
    turns = []
    for (step, sign), (_, next_sign) in pairwise(signs):
        if next_sign != sign:  # the series peaked or bottomed out at series[step]
            turns.append({
                "year": _step_label(years[step], span),
                "value": Figure(float(series[step]), origins[step]),
                "kind": "peak" if sign > 0 else "trough",
            })
    percent = None
    if first != 0:
        percent = Figure((last - first) / first * 100, Origin(first_figure.origin.reads + last_figure.origin.reads, "percent_change", (last, first)))
    return {"first": first_figure, "last": last_figure, "direction": direction, "steady": monotone, "turns": turns, "percent": percent}


def _step_label(step: Any, span: Origin) -> TracedInt | Period:
    """A turning point's year (2021), or its month as a period that remembers where it came from."""
    return step if isinstance(step, Period) else TracedInt(int(step), span)


def _relate_courses(courses: dict[str, dict[str, Any]], focus: str) -> None:
    """How the focus area's change compares with each other area's, as the percentages are printed:
    "larger", "smaller" or "same" when both moved the same way, else None."""
    home = courses.get(focus)
    for area, other in courses.items():
        other["relation"] = None
        if area == focus or home is None or home["percent"] is None or other["percent"] is None:
            continue
        if home["direction"] != other["direction"] or home["direction"] == "unchanged":
            continue
        mine, theirs = round_half_up(abs(float(home["percent"])), 0), round_half_up(abs(float(other["percent"])), 0)
        other["relation"] = "larger" if mine > theirs else "smaller" if mine < theirs else "same"


def is_calendar_year(period: Period) -> bool:
    """2024Y01, 2024QMAT04 and 2024MMAT12 all cover January to December of one year."""
    first, last = period.first, period.last
    return first.year == last.year and first.index == 1 and (last.unit == "year" or last.index == {"quarter": 4, "month": 12}[last.unit])


def yearly_frame(
    reader: Reader, extract: Extract, area: str, measures: Mapping[str, str], years: int, bounds: tuple[int | None, int | None] = (None, None)
) -> tuple[Columns, str, dict[tuple[int, str], Origin]]:
    """One row per calendar year (column `year`), one column per measure, the basis used, and
    the origin of each cell.

    Calendar-year periods are used as published ("published"); of several for one year the
    yearly code (2024Y01) goes before a rolling year ending in December. An extract with months
    only gets the mean of each complete year's months ("monthly_mean"): not an official yearly
    figure, and the text says so. `bounds` limits the years (first, last), inclusive.
    """
    first_year, last_year = bounds
    periods = reader.periods_with_figures(extract, next(iter(measures.values())), [area])
    by_year: dict[int, str] = {}
    for period in periods:
        if is_calendar_year(period) and (period.last.year not in by_year or period.unit == "year"):
            by_year[period.last.year] = period.code
    in_bounds = {year: code for year, code in sorted(by_year.items()) if (first_year is None or year >= first_year) and (last_year is None or year <= last_year)}
    if in_bounds:
        year_codes = list(in_bounds.values())
        if first_year is None:
            year_codes = year_codes[-years:]
        wide: Columns = {"year": [parse_period(code).last.year for code in year_codes]}
        for name, measure in measures.items():
            by_code = {cell.period: cell.value for cell in reader.cells(extract, measure, [area], year_codes)}
            wide[name] = [by_code.get(code, NAN) for code in year_codes]
        origins = {
            (row, name): reader.origin(extract, measure, area, code)
            for name, measure in measures.items()
            for row, code in enumerate(year_codes)
        }
        return wide, "published", origins
    month_codes = [p.code for p in periods if p.unit == "month" and not p.is_rolling_year]
    if not month_codes:
        raise MissingDataError(f"ingen årstal eller månedstal for {area}", file=extract.path.name)
    means: dict[str, dict[int, float]] = {}
    for name, measure in measures.items():
        months_by_year: dict[int, list[float]] = {}
        for cell in reader.cells(extract, measure, [area], month_codes):
            if not is_missing(cell.value):
                months_by_year.setdefault(int(cell.period[:4]), []).append(cell.value)
        means[name] = {year: exact_mean(figures) for year, figures in months_by_year.items() if len(figures) == 12}  # complete years only
    complete = sorted(year for year in set().union(*means.values()) if all(year in by_year for by_year in means.values()))
    chosen = [year for year in complete if (first_year or 0) <= year <= (last_year or 9999)]
    chosen = chosen if first_year is not None else chosen[-years:]
    if not chosen:
        raise MissingDataError(f"ingen hele år med månedstal for {area}", file=extract.path.name)
    wide = {"year": chosen, **{name: [means[name][year] for year in chosen] for name in measures}}
    origins = {
        (row, name): Origin(
            (reader.provenance_of(extract, measure, (area,), tuple(c for c in month_codes if c.startswith(str(year)))),),
            "monthly_mean",
        )
        for name, measure in measures.items()
        for row, year in enumerate(wide["year"])
    }
    return wide, "monthly_mean", origins


def _compared_series(call: MetricCall, focus: str) -> list[str]:
    """The series beside the focus area's: the call's other areas ("i Odense og Aarhus"), then sammenlign_med."""
    return [area for area in dict.fromkeys([*call.areas[1:], *(call.compare_with or ())]) if area != focus]


def _asks_months(call: MetricCall, extract: Extract) -> bool:
    """Whether fra or til names a month ("2020-03"): then the series runs month by month."""
    units = {parse_period_request(text).unit: text for text in (call.start, call.end) if text is not None}
    if "quarter" in units:
        raise MissingDataError(f"udviklingen vises pr. år eller pr. måned; angiv fra og til som år eller måned, ikke '{units['quarter']}'", file=extract.path.name)
    return "month" in units


def _year_bounds(call: MetricCall, extract: Extract) -> tuple[int | None, int | None]:
    return (
        parse_period_request(call.start).year if call.start else None,
        parse_period_request(call.end).year if call.end else None,
    )


def _require_span(wide: Columns, bounds: tuple[int | None, int | None], area: str, extract: Extract) -> None:
    """A series asked to start or end in a year must really start or end there."""
    first, last = bounds
    have_first, have_last = int(wide["year"][0]), int(wide["year"][-1])
    if first is not None and have_first != first:
        raise MissingDataError(f"udtrækket har ikke tal for hele {first} for {area} (første hele år er {have_first})", file=extract.path.name)
    if last is not None and have_last != last:
        raise MissingDataError(f"udtrækket har ikke tal for hele {last} for {area} (sidste hele år er {have_last})", file=extract.path.name)


def _month_codes(reader: Reader, extract: Extract, measure: str, area: str, call: MetricCall) -> list[str]:
    """The published months of one area from fra to til (the newest when til is not given)."""
    first = parse_period_request(call.start).months[0] if call.start else None
    last = parse_period_request(call.end).months[-1] if call.end else None
    months = [p for p in reader.periods_with_figures(extract, measure, [area]) if p.unit == "month" and not p.is_rolling_year]
    if not months:
        raise MissingDataError(f"udtrækket har ingen månedstal for {area}", file=extract.path.name)
    chosen = [p for p in months if (first is None or p.last >= first) and (last is None or p.last <= last)]
    have = f"har tal {months[0].code}–{months[-1].code}"
    if not chosen or (first is not None and chosen[0].last != first) or (last is not None and chosen[-1].last != last):
        asked = " til ".join(text for text in (call.start, call.end) if text)
        raise MissingDataError(f"udtrækket har ikke månedstal for {area} for hele {asked} ({have})", file=extract.path.name)
    if len(chosen) < 2:
        raise MissingDataError(f"en udvikling kræver mindst to måneder; udtrækket har kun {chosen[0].code} for {area}", file=extract.path.name)
    return [p.code for p in chosen]


def _series_facts(place: Place, call: MetricCall, focus: str, series_areas: list[str], courses: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What a development by year or by month tells its template about the series: the focus
    area, each area's course and column, and what the call selected."""
    return {
        "area": focus,
        "courses": [{"area": area_facts(area, place), **courses[area]} for area in series_areas if area in courses],
        "series_columns": [{"key": "full_time" if i == 0 else f"area{i}", "area": area_facts(area, place)} for i, area in enumerate(series_areas)],
        **{key: value for key, value in selection_facts(call, place).items() if key != "basis"},
    }


def monthly_development(
    metric_id: str, reader: Reader, extract: Extract, place: Place, call: MetricCall, focus: str, measure: str
) -> MetricResult:
    """A month-by-month series from fra to til, as published: one column per area, a course each."""
    codes = _month_codes(reader, extract, measure, focus, call)
    compared = _compared_series(call, focus)
    series_areas = [focus, *compared]
    wide: Columns = {"period": list(codes)}
    origins: dict[tuple[int, str], Origin] = {}
    span = Origin((reader.provenance_of(extract, "Periode", tuple(series_areas), tuple(codes)),))
    labels = [replace(parse_period(code), origin=span) for code in codes]
    courses = {}
    for position, area in enumerate(series_areas):
        key = "full_time" if position == 0 else f"area{position}"
        by_code = {cell.period: cell.value for cell in reader.cells(extract, measure, [area], codes)}
        missing = [code for code in codes if is_missing(by_code.get(code, NAN))]
        if missing:
            raise MissingDataError(f"udtrækket mangler månedstal for {area} i {', '.join(missing[:3])}", file=extract.path.name)
        wide[key] = [by_code[code] for code in codes]
        origins.update({(row, key): reader.origin(extract, measure, area, code) for row, code in enumerate(codes)})
        courses[area] = course(labels, wide[key], [origins[(row, key)] for row in range(len(codes))], span)
    _relate_courses(courses, focus)
    values = {
        **_series_facts(place, call, focus, series_areas, courses),
        "step": "month",
        "first_year": labels[0],
        "last_year": labels[-1],
        "years": TracedInt(len(codes), span),
        "basis": "published",
        "trends": {"full_time": trend(wide["full_time"])},
    }
    return reader.result(metric_id, values, {"development": wide}, {"development": origins})


@analysis("område", "fra", "til", "sammenlign_med", *FILTERS)
def yearly_development(
    metric_id: str,
    store: ExtractStore,
    place: Place,
    call: MetricCall,
    table: str,
    measures: Mapping[str, str] | None = None,
    years: int = 10,
    selection: Mapping[str, str] | None = None,
) -> MetricResult:
    """Yearly series of an area (the home area by default) over up to `years` years or the asked
    span, as a table with a trend per series; with several areas or `sammenlign_med`, one column per
    area, the first area the one the text is about."""
    reader = Reader(store, selection, call.filter_map)
    measures = measures or {"full_time": FULL_TIME}
    extract = store.current(table)
    focus = call.areas[0] if call.areas else place.area
    if _asks_months(call, extract):
        if len(measures) > 1:
            raise MissingDataError("denne udvikling vises kun pr. år; angiv fra og til som år", file=extract.path.name)
        return monthly_development(metric_id, reader, extract, place, call, focus, next(iter(measures.values())))
    bounds = _year_bounds(call, extract)
    wide, basis, origins = yearly_frame(reader, extract, focus, measures, years, bounds)
    _require_span(wide, bounds, focus, extract)
    if len(wide["year"]) < 2 and call.given():
        raise MissingDataError(f"en udvikling kræver mindst to hele år; udtrækket har kun {int(wide['year'][0])} for {focus}", file=extract.path.name)
    compared = _compared_series(call, focus)
    if compared and len(measures) > 1:
        raise MissingDataError("denne udvikling kan ikke sammenlignes med andre områder")
    series_areas = [focus, *compared]
    courses = {}
    span = Origin((reader.provenance_of(extract, "Periode", (focus,), tuple(map(str, wide["year"]))),))
    if call.given():
        name = next(iter(measures))
        courses[focus] = course(wide["year"], wide[name], [origins[(row, name)] for row in range(len(wide["year"]))], span)
    for position, area in enumerate(compared, start=1):
        other, other_basis, other_origins = yearly_frame(reader, extract, area, measures, years, (int(wide["year"][0]), int(wide["year"][-1])))
        _require_span(other, (int(wide["year"][0]), int(wide["year"][-1])), area, extract)
        key = f"area{position}"
        by_year = dict(zip(other["year"], other["full_time"]))
        wide[key] = [by_year.get(year, NAN) for year in wide["year"]]
        origins.update({(row, key): other_origins[(row, "full_time")] for row in range(len(other["year"]))})
        basis = basis if other_basis == basis else "mixed"
        courses[area] = course(other["year"], other["full_time"], [other_origins[(row, "full_time")] for row in range(len(other["year"]))], span)
    _relate_courses(courses, focus)
    values = {
        **_series_facts(place, call, focus, series_areas, courses),
        "step": "year",
        "first_year": TracedInt(int(wide["year"][0]), span),
        "last_year": TracedInt(int(wide["year"][-1]), span),
        "years": TracedInt(len(wide["year"]), span),
        "basis": basis,
        "trends": {name: trend(wide[name]) for name in measures},
    }
    return reader.result(metric_id, values, {"development": wide}, {"development": origins})
