"""The metric catalogue (katalog.yaml): schemes × analyses, plus metrics that differ or add to them.

A metric id is `<scheme>.<analysis>`. Adding a benefit scheme is an entry under `ordninger` and a
data extract; the analyses and their text templates are shared.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.errors import TemplateError
from generator.metrics.analyses import ACCEPTS, ANALYSES
from generator.metrics.areas import Place
from generator.metrics.calls import MetricCall
from generator.metrics.extracts import ExtractStore
from generator.metrics.results import MetricResult

CATALOGUE_FILE = Path(__file__).with_name("katalog.yaml")


@dataclass(frozen=True)
class Scheme:
    """A benefit scheme with a stock table in Jobindsats' layout, and how letters name it."""

    id: str
    name: str  # "kontanthjælp"
    table: str
    in_text: str  # "på kontanthjælp", as in "… var 5.192 københavnere på kontanthjælp"
    recipients: str  # "kontanthjælpsmodtagere"
    cues: tuple[str, ...]
    selection: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def wording(self) -> dict[str, str]:
        """What text templates and titles may say about the scheme."""
        return {"name": self.name, "in_text": self.in_text, "recipients": self.recipients}


@dataclass(frozen=True)
class Metric:
    id: str
    title: str
    description: str
    analysis: str  # a function in generator/metrics/analyses.py
    parameters: dict[str, Any] = field(hash=False, compare=False)
    tables: tuple[str, ...]
    template: str
    scheme: Scheme | None
    kind: str  # the analysis part of the id: antal, sammenligning, udvikling, …
    cues: tuple[str, ...] = ()  # words that point to this metric beyond its scheme and analysis
    counter_cues: tuple[str, ...] = ()  # words that cancel its weak cues ("københavnere": residents, not staff)

    def compute(self, store: ExtractStore, place: Place, call: MetricCall | None = None) -> MetricResult:
        return ANALYSES[self.analysis](self.id, store, place, call or MetricCall(self.id), **self.parameters)

    @property
    def accepts(self) -> tuple[str, ...]:
        """The call parameters this metric honours."""
        return ACCEPTS[self.analysis]

    def refused_parameters(self, call: MetricCall) -> tuple[str, ...]:
        return tuple(key for key in call.given() if key not in self.accepts)

    def refusal(self, key: str) -> str:
        """Why a parameter cannot be used with this metric, in Danish."""
        if not self.accepts:
            return f"{self.id} tager ingen parametre"
        hint = {
            "periode": " (brug fra/til for en udvikling)",
            "fra": " (brug periode for ét tidspunkt)",
            "til": " (brug periode for ét tidspunkt)",
            "sammenlign_med": " (brug en sammenligning eller udvikling)",
        }.get(key, "")
        return f"{self.id} kan ikke bruge '{key}'{hint}; den kan bruge {', '.join(self.accepts)}"

    def template_context(self, result: MetricResult) -> dict[str, Any]:
        context = {**result.values, "tables": result.tables, "provenance": result.provenance, "cell_origins": result.cell_origins}
        if self.scheme is not None:
            context["scheme"] = self.scheme.wording
        return context


@dataclass(frozen=True, eq=False)  # compared and hashed by identity, so it can key caches
class Catalogue:
    metrics: dict[str, Metric]
    schemes: dict[str, Scheme]
    analysis_cues: dict[str, tuple[str, ...]]  # analysis kind → cues
    no_figures_cues: tuple[str, ...]  # why/what-will-you-do questions
    uncovered_cues: tuple[str, ...] = ()  # schemes and subjects the catalogue does not cover
    since_last_cues: tuple[str, ...] = ()  # "siden sidste opgørelse": the change a count reports
    change_words: tuple[str, ...] = ()  # development cues that only say "changed" (steget, faldet)
    impossible: tuple[tuple[str, bool, tuple[str, ...]], ...] = ()  # (reason, replaces the answer, cues)

    def __contains__(self, metric_id: object) -> bool:
        return metric_id in self.metrics

    def __iter__(self) -> Iterator[Metric]:
        return iter(self.metrics.values())

    def get(self, metric_id: str) -> Metric:
        return self.metrics[metric_id]

    def closest(self, metric_id: str) -> str | None:
        """The known id a misspelt one most likely meant."""
        matches = difflib.get_close_matches(metric_id, self.metrics, n=1, cutoff=0.6)
        return matches[0] if matches else None


class _Entry:
    """Reads one catalogue entry, naming it in errors."""

    def __init__(self, name: str, raw: Any) -> None:
        if not isinstance(raw, dict):
            raise TemplateError("skal være en samling af felter", file=CATALOGUE_FILE.name, field=name)
        self.name, self.raw = name, raw

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)

    def require(self, key: str) -> Any:
        if key not in self.raw:
            raise TemplateError(f"mangler feltet '{key}'", file=CATALOGUE_FILE.name, field=self.name)
        return self.raw[key]


def _scheme(scheme_id: str, raw: Any) -> Scheme:
    entry = _Entry(f"ordninger.{scheme_id}", raw)
    return Scheme(
        id=scheme_id,
        name=entry.require("navn"),
        table=entry.require("tabel"),
        in_text=entry.require("i_tekst"),
        recipients=entry.require("modtagere"),
        cues=tuple(entry.get("stikord", [])),
        selection=dict(entry.get("udvalg") or {}),
    )


def _fill(text: str, scheme: Scheme | None) -> str:
    if scheme is None:
        return text
    words = {"navn": scheme.name, "Navn": scheme.name[:1].upper() + scheme.name[1:], "i_tekst": scheme.in_text}
    return text.format(**words)


def _generated_metric(scheme: Scheme, kind: str, analysis: _Entry, override: _Entry | None) -> Metric:
    """<scheme>.<analysis>, with the fields of an entry under `metrikker` taking precedence."""
    def pick(key: str, default: Any = None) -> Any:
        if override is not None and key in override.raw:
            return override.raw[key]
        return analysis.get(key, default)

    parameters = {"table": scheme.table, **({"selection": scheme.selection} if scheme.selection else {})}
    parameters.update(override.get("parametre", {}) if override else {})
    tables = pick("tabeller") or [scheme.table]
    return Metric(
        id=f"{scheme.id}.{kind}",
        title=_fill(pick("titel", ""), scheme),
        description=_fill(pick("beskrivelse", ""), scheme),
        analysis=pick("beregning"),
        parameters=parameters,
        tables=tuple(tables),
        template=pick("tekst"),
        scheme=scheme,
        kind=kind,
        cues=tuple(override.get("stikord", [])) if override else (),
    )


def _extra_metric(metric_id: str, entry: _Entry, schemes: dict[str, Scheme]) -> Metric:
    scheme_id = entry.require("ordning")
    if scheme_id not in schemes:
        raise TemplateError(f"ukendt ordning '{scheme_id}'", file=CATALOGUE_FILE.name, field=f"metrikker.{metric_id}")
    return Metric(
        id=metric_id,
        title=entry.require("titel"),
        description=entry.require("beskrivelse"),
        analysis=entry.require("beregning"),
        parameters=dict(entry.get("parametre") or {}),
        tables=tuple(entry.require("tabeller")),
        template=entry.require("tekst"),
        scheme=schemes[scheme_id],
        kind=metric_id.split(".", 1)[-1],
        cues=tuple(entry.get("stikord", [])),
        counter_cues=tuple(entry.get("modstikord", [])),
    )


def _check(metric: Metric) -> Metric:
    if metric.analysis not in ANALYSES:
        raise TemplateError(f"ukendt beregning '{metric.analysis}'", file=CATALOGUE_FILE.name, field=metric.id)
    return metric


def parse_catalogue(raw: dict[str, Any]) -> Catalogue:
    schemes = {scheme_id: _scheme(scheme_id, entry) for scheme_id, entry in raw["ordninger"].items()}
    analyses = {kind: _Entry(f"analyser.{kind}", entry) for kind, entry in raw["analyser"].items()}
    overrides = {metric_id: _Entry(f"metrikker.{metric_id}", entry) for metric_id, entry in (raw.get("metrikker") or {}).items()}
    metrics: dict[str, Metric] = {}
    for scheme in schemes.values():
        for kind, analysis in analyses.items():
            metric_id = f"{scheme.id}.{kind}"
            metrics[metric_id] = _check(_generated_metric(scheme, kind, analysis, overrides.get(metric_id)))
        for metric_id, entry in overrides.items():
            if metric_id not in metrics and entry.get("ordning") == scheme.id:
                metrics[metric_id] = _check(_extra_metric(metric_id, entry, schemes))
    strays = [metric_id for metric_id in overrides if metric_id not in metrics]
    if strays:
        raise TemplateError("metrikken hører ikke til nogen ordning (angiv 'ordning')", file=CATALOGUE_FILE.name, field=f"metrikker.{strays[0]}")
    return Catalogue(
        metrics=metrics,
        schemes=schemes,
        analysis_cues={kind: tuple(entry.get("stikord", [])) for kind, entry in analyses.items()},
        no_figures_cues=tuple((raw.get("uden_tal") or {}).get("stikord", [])),
        uncovered_cues=tuple((raw.get("ikke_dækket") or {}).get("stikord", [])),
        since_last_cues=tuple((raw.get("siden_sidst") or {}).get("stikord", [])),
        change_words=tuple((raw.get("siden_sidst") or {}).get("ændringsord", [])),
        impossible=tuple((entry["grund"], bool(entry.get("erstatter")), tuple(entry["stikord"])) for entry in raw.get("ikke_muligt") or ()),
    )


@cache
def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TemplateError(f"kataloget kan ikke læses: {error}", file=path.name) from None
    return parse_catalogue(raw)
