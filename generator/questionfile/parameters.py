"""The parameters of a metric call: one table that the reader, the writer, `svarbrev match --json`,
the catalogue's refusals and the page's form all follow.

A parameter is one row: its Danish key in the question file, the `MetricCall` field that holds it,
its kind (how a written value is read and written back), the page's label and hint, and what a
metric that cannot use it should say instead. Adding a parameter is a row here, a field on
`MetricCall` (model.py) and the analyses that honour it (metrics/analyses.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.domain.areas import AreaRegistry
from generator.domain.dimensions import KEYS as DIMENSION_KEYS
from generator.domain.dimensions import canonical_filter_value, known_filter_values
from generator.domain.periods import parse_period_request

YES, NO = "ja", "nej"


class CallError(ValueError):
    """A parameter value that breaks the contract; `key` names the parameter."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


@dataclass(frozen=True)
class Kind:
    """How one kind of parameter is read from the question file and written back.

    `read(key, written, areas)` turns what the file says into the call's value (or raises CallError);
    `write(value)` gives what a question file writes (None: not set); `json(value)` what
    `svarbrev match --json` prints, where every parameter is present."""

    name: str
    many: bool  # a list in the question file (several areas, two breakdowns)
    read: Callable[[str, Any, AreaRegistry], Any]
    write: Callable[[Any], Any]
    json: Callable[[Any], Any]
    unset: Any  # the call's value when the parameter is not given


def _as_list(value: Any, key: str) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) and item.strip() for item in items):
        raise CallError(key, "skal være en tekst eller en liste af tekster")
    return [item.strip() for item in items]


def _read_list(key: str, value: Any, canonical: Callable[[str], str]) -> tuple[str, ...]:
    """Each item as `canonical` names it (or refuses it), none twice."""
    names: list[str] = []
    for written in _as_list(value, key):
        name = canonical(written)
        if name in names:
            raise CallError(key, f"'{name}' står to gange")
        names.append(name)
    return tuple(names)


def _read_areas(key: str, value: Any, areas: AreaRegistry) -> tuple[str, ...]:
    def canonical(written: str) -> str:
        name = areas.canonical(written)
        if name is not None:
            return name
        municipality = areas.districts.get(written)
        if municipality is not None:
            raise CallError(key, f"'{written}' er en del af {municipality}; data findes kun pr. kommune, region og hele landet")
        guess = areas.closest(written)
        hint = f" — mente du '{guess}'?" if guess else " (brug Jobindsats' navne: kommuner, regioner, Hele landet)"
        raise CallError(key, f"ukendt område '{written}'{hint}")

    return _read_list(key, value, canonical)


def _read_period(key: str, value: Any, areas: AreaRegistry) -> str:
    if not isinstance(value, str):
        raise CallError(key, "skal være en tekst som \"2022\", \"2024-01\" eller \"2024K2\"")
    try:
        return parse_period_request(value).text
    except ValueError:
        raise CallError(key, f"ukendt periode '{value}' (skriv \"2022\", \"2024-01\" eller \"2024K2\")") from None


def _read_breakdown(key: str, value: Any, areas: AreaRegistry) -> tuple[str, ...]:
    def canonical(written: str) -> str:
        if written.casefold() not in DIMENSION_KEYS:
            raise CallError(key, f"ukendt opdeling '{written}' (brug {', '.join(DIMENSION_KEYS)})")
        return written.casefold()

    return _read_list(key, value, canonical)


def _read_filter(key: str, value: Any, areas: AreaRegistry) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CallError(key, "skal være en tekst")
    canonical = canonical_filter_value(key, value)
    if canonical is None:
        if key in ("alder", "varighed"):
            unit = "år" if key == "alder" else "måneder"
            raise CallError(key, f"'{value}' er ikke et interval i hele {unit} som \"16-29\" eller \"60-\"")
        raise CallError(key, f"ukendt værdi '{value}' (brug {', '.join(known_filter_values(key))})")
    return canonical


def _read_yes_or_no(key: str, value: Any, areas: AreaRegistry) -> bool:
    if value is True or value is False:  # YAML's true/false, and what a program passes
        return value
    if isinstance(value, str) and value.strip().casefold() in (YES, NO):
        return value.strip().casefold() == YES
    raise CallError(key, f"skal være {YES} eller {NO}")


def _listed(value: tuple[str, ...]) -> list[str] | None:
    return list(value) if value else None


def _listed_unless_unset(value: tuple[str, ...] | None) -> list[str] | None:
    return None if value is None else list(value)


def _as_is(value: Any) -> Any:
    return value


def _choice(*values: str) -> Callable[[str, Any, AreaRegistry], str]:
    """A reader of one of a few fixed words (`sorter: andel`)."""

    def read(key: str, value: Any, areas: AreaRegistry) -> str:
        word = value.strip().casefold() if isinstance(value, str) else None
        if word not in values:
            raise CallError(key, f"skal være {', '.join(values[:-1])} eller {values[-1]}")
        return word

    return read


AREAS = Kind("areas", True, _read_areas, _listed, list, ())
# sammenlign_med: not given (None, the metric's default) differs from given
COMPARED_AREAS = Kind("areas", True, _read_areas, _listed_unless_unset, _listed_unless_unset, None)
PERIOD = Kind("period", False, _read_period, _as_is, _as_is, None)
BREAKDOWN = Kind("breakdown", True, _read_breakdown, _listed, list, ())
FILTER = Kind("filter", False, _read_filter, _as_is, _as_is, None)
YES_OR_NO = Kind("yes_or_no", False, _read_yes_or_no, lambda value: YES if value else None, bool, False)
RANKINGS = ("antal", "fuldtidspersoner", "andel", "pr_indbyggere")  # what `alle` ranks by
LEVELS = ("kommuner", "regioner")  # which areas `alle` lists
RANKING = Kind("choice", False, _choice(*RANKINGS), _as_is, _as_is, None)
LEVEL = Kind("choice", False, _choice(*LEVELS), _as_is, _as_is, None)


@dataclass(frozen=True)
class Parameter:
    key: str  # the Danish key a question file writes: "område"
    field: str  # the MetricCall field holding it ("filters" for a filter, keyed by `key`)
    kind: Kind
    label: str  # the page's label
    hint: str  # the page's help text: the values it takes and what empty means
    instead: str = ""  # said when a metric cannot use it: what to use instead


PARAMETERS: tuple[Parameter, ...] = (
    Parameter("område", "areas", AREAS, "Område", "kommune, region eller Hele landet; flere adskilt med komma; tomt: hjemkommunen"),
    Parameter("periode", "period", PERIOD, "Periode", "fx 2024, 2024-03 eller 2024K2; tomt: den nyeste", " (brug fra/til for en udvikling)"),
    Parameter("fra", "start", PERIOD, "Fra", "år (2019) eller måned (2024-03)", " (brug periode for ét tidspunkt)"),
    Parameter("til", "end", PERIOD, "Til", "år eller måned; tomt: den nyeste", " (brug periode for ét tidspunkt)"),
    Parameter("opdeling", "breakdown", BREAKDOWN, "Fordelt på", ""),
    Parameter("køn", "filters", FILTER, "Kun køn", "Kvinder eller Mænd"),
    Parameter("alder", "filters", FILTER, "Kun alder", "fx 16-29 eller 60-"),
    Parameter("herkomst", "filters", FILTER, "Kun herkomst", "fx Indvandrere"),
    Parameter("varighed", "filters", FILTER, "Kun varighed", "måneder, fx 12-"),
    Parameter("visitation", "filters", FILTER, "Kun visitationskategori", "kontant- og uddannelseshjælp: fx Aktivitetsparat, Jobparat, Alle uddannelsesparate"),
    Parameter("sammenlign_med", "compare_with", COMPARED_AREAS, "Sammenlign med", "adskilt med komma; tomt: de øvrige 6-byer", " (brug en sammenligning eller udvikling)"),
    Parameter("pr_indbyggere", "per_inhabitants", YES_OR_NO, "Pr. 1.000 indbyggere", "ja: svaret kræver indbyggertal (FOLK1A); tomt: med, når datamappen har dem"),
    Parameter("tilsammen", "combined", YES_OR_NO, "Tilsammen", "ja: en række med summen af områderne; tomt: kun hvert område for sig"),
    Parameter("andel_af_ordningen", "share_of_scheme", YES_OR_NO, "Andel af alle i ordningen", "ja (med et filter): gruppens andel af alle i ordningen; tomt: kun antallet"),
    Parameter("andel_af_befolkningen", "share_of_population", YES_OR_NO, "Andel af befolkningen", "ja: antallet i procent af befolkningen på 16-66 år (med et filter på køn, alder eller herkomst: af gruppens egen befolkning; kræver FOLK1E); tomt: kun antallet"),
    Parameter("sorter", "ranked_by", RANKING, "Rangér efter", "antal, fuldtidspersoner, andel (af arbejdsstyrken) eller pr_indbyggere; tomt: antal"),
    Parameter("niveau", "level", LEVEL, "Områder", "kommuner eller regioner; tomt: kommuner"),
)
BY_KEY: Mapping[str, Parameter] = {parameter.key: parameter for parameter in PARAMETERS}
KEYS: tuple[str, ...] = tuple(BY_KEY)  # in the order the contract lists them
FILTERS: tuple[str, ...] = tuple(parameter.key for parameter in PARAMETERS if parameter.kind is FILTER)
LIST_KEYS: tuple[str, ...] = tuple(parameter.key for parameter in PARAMETERS if parameter.kind.many)
