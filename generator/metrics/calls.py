"""A metric call: which metric, for which area, period, breakdown and population.

In a question file a call is either a metric id (`fleksjob.antal`: the home area, the newest
period, no breakdown) or a mapping with parameters:

    {id: sygedagpenge.antal, område: Vejle, periode: "2022", opdeling: [køn], alder: "16-29"}
    {id: sygedagpenge.sammenligning, pr_indbyggere: ja}

This module holds the call and the rules for its parameter values, so the question file, the
automatic mapping and `svarbrev match --json` speak the same contract. It reads no data: whether
an extract has Vejle or 2022 is decided when the metric is computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from generator.domain.areas import AreaRegistry, load_areas
from generator.domain.dimensions import KEYS as DIMENSION_KEYS
from generator.domain.dimensions import canonical_filter_value, known_filter_values
from generator.domain.periods import parse_period_request

# The Danish keys of a call, in the order the contract lists them.
PARAMETERS = ("område", "periode", "fra", "til", "opdeling", *DIMENSION_KEYS, "sammenlign_med", "pr_indbyggere", "tilsammen")
YES, NO = "ja", "nej"
FILTERS = DIMENSION_KEYS


class CallError(ValueError):
    """A parameter value that breaks the contract; `key` names the parameter."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


@dataclass(frozen=True)
class MetricCall:
    """One metric with its parameters; empty parameters mean the metric's defaults."""

    metric_id: str
    areas: tuple[str, ...] = ()  # område; () is the letter's home area
    period: str | None = None  # periode: "2022", "2024-01" or "2024K2"; None is the newest
    start: str | None = None  # fra
    end: str | None = None  # til
    breakdown: tuple[str, ...] = ()  # opdeling: køn, alder, herkomst, varighed
    filters: tuple[tuple[str, str], ...] = ()  # (alder, "16-29"), (køn, "Kvinder"), … in FILTERS order
    compare_with: tuple[str, ...] | None = None  # sammenlign_med; None is the metric's default
    per_inhabitants: bool = False  # pr_indbyggere: ja — the figures per 1.000 inhabitants are part of the answer
    combined: bool = False  # tilsammen: ja — a total row over the areas
    reasons: tuple[str, ...] = field(default=(), compare=False)  # the question's words behind each parameter

    @property
    def filter_map(self) -> dict[str, str]:
        return dict(self.filters)

    def given(self) -> tuple[str, ...]:
        """The Danish names of the parameters this call sets."""
        values = self.as_parameters()
        return tuple(key for key in PARAMETERS if key in values)

    def as_parameters(self) -> dict[str, Any]:
        """The parameters as a question file writes them (only those set)."""
        out: dict[str, Any] = {}
        if self.areas:
            out["område"] = list(self.areas)
        for key, value in (("periode", self.period), ("fra", self.start), ("til", self.end)):
            if value is not None:
                out[key] = value
        if self.breakdown:
            out["opdeling"] = list(self.breakdown)
        out.update(self.filters)
        if self.compare_with is not None:
            out["sammenlign_med"] = list(self.compare_with)
        if self.per_inhabitants:
            out["pr_indbyggere"] = YES
        if self.combined:
            out["tilsammen"] = YES
        return out

    def as_json(self) -> dict[str, Any]:
        """The call in `svarbrev match --json`'s contract: every key present, defaults as null/[]/{}."""
        return {
            "id": self.metric_id,
            "område": list(self.areas),
            "periode": self.period,
            "fra": self.start,
            "til": self.end,
            "opdeling": list(self.breakdown),
            "filtre": dict(self.filters),
            "sammenlign_med": list(self.compare_with) if self.compare_with is not None else None,
            "pr_indbyggere": self.per_inhabitants,
            "tilsammen": self.combined,
        }

    def as_yaml(self) -> str:
        """The call as one flow-style YAML item for a drafted question file."""
        values = self.as_parameters()
        if not values:
            return self.metric_id
        parts = [f"id: {self.metric_id}"]
        for key, value in values.items():
            parts.append(f"{key}: {_flow(value)}")
        return "{" + ", ".join(parts) + "}"

    def with_defaults(self, home: str) -> MetricCall:
        """The call with the home area written out as the default, so equal calls compare equal."""
        areas = () if self.areas == (home,) else self.areas
        return replace(self, areas=areas)


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    text = str(value)
    return f'"{text}"' if text[:1].isdigit() or text.startswith("-") or ":" in text else text


def build_call(metric_id: str, raw: Mapping[str, Any], areas: AreaRegistry | None = None) -> MetricCall:
    """A call from parameters as written (strings or lists of strings); CallError names the first
    bad parameter."""
    areas = areas or load_areas()
    unknown = [key for key in raw if key not in PARAMETERS]
    if unknown:
        raise CallError(unknown[0], f"ukendt parameter (kendte: id, {', '.join(PARAMETERS)})")
    filters = tuple((key, _filter_value(key, raw[key])) for key in FILTERS if key in raw)
    call = MetricCall(
        metric_id=metric_id,
        areas=_areas(raw["område"], "område", areas) if "område" in raw else (),
        period=_period(raw, "periode"),
        start=_period(raw, "fra"),
        end=_period(raw, "til"),
        breakdown=_breakdown(raw["opdeling"]) if "opdeling" in raw else (),
        filters=filters,
        compare_with=_areas(raw["sammenlign_med"], "sammenlign_med", areas) if "sammenlign_med" in raw else None,
        per_inhabitants=_yes_or_no(raw, "pr_indbyggere"),
        combined=_yes_or_no(raw, "tilsammen"),
    )
    if call.period is not None and (call.start or call.end):
        raise CallError("periode", "angiv enten periode eller fra/til, ikke begge")
    if call.start and call.end and _order(call.start) > _order(call.end):
        raise CallError("fra", f"fra ({call.start}) ligger efter til ({call.end})")
    if call.combined and len(call.areas) < 2:
        raise CallError("tilsammen", "tilsammen kræver mindst to områder")
    if call.combined:
        overlap = _overlapping(call.areas, areas)
        if overlap:
            raise CallError("tilsammen", f"{overlap[0]} ligger i {overlap[1]}; overlappende områder kan ikke lægges sammen")
    clashes = [key for key, _ in filters if key in call.breakdown]
    if clashes:
        raise CallError(clashes[0], f"'{clashes[0]}' står både som filter og i opdeling")
    return call


def _overlapping(names: tuple[str, ...], areas: AreaRegistry) -> tuple[str, str] | None:
    """Two of the areas where one lies inside the other (a municipality in its region, anything in Hele landet)."""
    for name in names:
        area = areas.get(name)
        for other in names:
            if other != name and (areas.get(other).kind == "land" or area.region == other):
                return name, other
    return None


def _as_list(value: Any, key: str) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) and item.strip() for item in items):
        raise CallError(key, "skal være en tekst eller en liste af tekster")
    return [item.strip() for item in items]


def _areas(value: Any, key: str, areas: AreaRegistry) -> tuple[str, ...]:
    names = []
    for written in _as_list(value, key):
        name = areas.canonical(written)
        if name is None:
            municipality = areas.districts.get(written)
            if municipality is not None:
                raise CallError(key, f"'{written}' er en del af {municipality}; data findes kun pr. kommune, region og hele landet")
            guess = areas.closest(written)
            hint = f" — mente du '{guess}'?" if guess else " (brug Jobindsats' navne: kommuner, regioner, Hele landet)"
            raise CallError(key, f"ukendt område '{written}'{hint}")
        if name in names:
            raise CallError(key, f"'{name}' står to gange")
        names.append(name)
    return tuple(names)


def _period(raw: Mapping[str, Any], key: str) -> str | None:
    if key not in raw:
        return None
    value = raw[key]
    if not isinstance(value, str):
        raise CallError(key, "skal være en tekst som \"2022\", \"2024-01\" eller \"2024K2\"")
    try:
        return parse_period_request(value).text
    except ValueError:
        raise CallError(key, f"ukendt periode '{value}' (skriv \"2022\", \"2024-01\" eller \"2024K2\")") from None


def _yes_or_no(raw: Mapping[str, Any], key: str) -> bool:
    if key not in raw:
        return False
    value = raw[key]
    if value is True or value is False:  # YAML's true/false, and what a program passes
        return value
    if isinstance(value, str) and value.strip().casefold() in (YES, NO):
        return value.strip().casefold() == YES
    raise CallError(key, f"skal være {YES} eller {NO}")


def _order(text: str) -> tuple[int, int]:
    request = parse_period_request(text)
    return request.months[0].year, request.months[0].index


def _breakdown(value: Any) -> tuple[str, ...]:
    keys = []
    for written in _as_list(value, "opdeling"):
        key = written.casefold()
        if key not in DIMENSION_KEYS:
            raise CallError("opdeling", f"ukendt opdeling '{written}' (brug {', '.join(DIMENSION_KEYS)})")
        if key in keys:
            raise CallError("opdeling", f"'{key}' står to gange")
        keys.append(key)
    return tuple(keys)


def _filter_value(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CallError(key, "skal være en tekst")
    canonical = canonical_filter_value(key, value)
    if canonical is None:
        if key in ("alder", "varighed"):
            unit = "år" if key == "alder" else "måneder"
            raise CallError(key, f"'{value}' er ikke et interval i hele {unit} som \"16-29\" eller \"60-\"")
        raise CallError(key, f"ukendt værdi '{value}' (brug {', '.join(known_filter_values(key))})")
    return canonical
