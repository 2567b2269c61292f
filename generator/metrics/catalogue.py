"""The metric catalogue (katalog.yaml): schemes × analyses, plus metrics that differ or add to them.

A metric id is `<scheme>.<analysis>`. Adding a benefit scheme is an entry under `ordninger` and a
data extract; the analyses and their text templates are shared.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import limits
from generator import yaml_schema as schema
from generator.caching import Cache
from generator.domain.areas import Place
from generator.domain.results import MetricResult
from generator.errors import TemplateError
from generator.metrics import (
    flows,  # noqa: F401  (registers the flow analyses beside the stock ones)
    memo,
)
from generator.metrics.analyses import ACCEPTS, ANALYSES
from generator.metrics.extracts import ExtractStore
from generator.questionfile import MetricCall
from generator.questionfile.parameters import BY_KEY

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
    answers: tuple[str, ...] = ("antal",)  # the analyses whose words it answers when its cues are there
    period_units: tuple[str, ...] = ("måned", "kvartal", "år")  # the periods its source publishes

    def compute(self, store: ExtractStore, place: Place, call: MetricCall | None = None) -> MetricResult:
        """The result for this call on the store's data; computed once per data version (memo.py)."""
        call = call or MetricCall(self.id)
        key = (self.id, self.analysis, repr(self.parameters), call, place, store.fingerprint)
        return memo.remembered(key, lambda: ANALYSES[self.analysis](self.id, store, place, call, **self.parameters))

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
        hint = BY_KEY[key].instead if key in BY_KEY else ""
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


# The fields of each kind of entry in katalog.yaml.
_SCHEME = {
    "navn": schema.Field("text", required=True),
    "tabel": schema.Field("text", required=True),
    "udvalg": schema.Field("mapping"),
    "i_tekst": schema.Field("text", required=True),
    "modtagere": schema.Field("text", required=True),
    "stikord": schema.Field("texts"),
}
_ANALYSIS = {
    "titel": schema.Field("text"),
    "beskrivelse": schema.Field("text"),
    "beregning": schema.Field("text", required=True),
    "tekst": schema.Field("text", required=True),
    "stikord": schema.Field("texts"),
}
_METRIC = {
    "ordning": schema.Field("text"),
    "titel": schema.Field("text"),
    "beskrivelse": schema.Field("text"),
    "beregning": schema.Field("text"),
    "parametre": schema.Field("any"),
    "tabeller": schema.Field("texts"),
    "tekst": schema.Field("text"),
    "stikord": schema.Field("texts"),
    "modstikord": schema.Field("texts"),
    "besvarer": schema.Field("texts"),
    "perioder": schema.Field("texts"),
}
_CUES = {"stikord": schema.Field("texts")}
_SINCE_LAST = {"stikord": schema.Field("texts"), "ændringsord": schema.Field("texts")}
_IMPOSSIBLE = {
    "grund": schema.Field("text", required=True),
    "erstatter": schema.Field("ja_nej"),
    "stikord": schema.Field("texts", required=True),
}
_TOP = {
    "ordninger": True,
    "analyser": True,
    "metrikker": False,
    "uden_tal": False,
    "ikke_dækket": False,
    "siden_sidst": False,
    "ikke_muligt": False,
}


class _Entry:
    """One catalogue entry: its checked values, and where each stands for messages."""

    def __init__(self, section: schema.Section, values: dict[str, Any]) -> None:
        self.section, self.raw = section, values
        self.name = section.field

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)

    def require(self, key: str) -> Any:
        if key not in self.raw:
            raise schema.Refusal("mangler", self.section.line, self.section.path(key))
        return self.raw[key]

    def where(self, key: str) -> tuple[int, str]:
        """The line and field path of `key` (the entry's own line when it is absent)."""
        line = self.section.line_of(key) if self.section.get(key) else self.section.line
        return line, self.section.path(key)


def _entries(top: schema.Section, name: str, spec: dict[str, schema.Field]) -> dict[str, _Entry]:
    """The named entries under `name` (ordninger, analyser, metrikker), each read by `spec`."""
    section = schema.optional_section(top, name, None) if not _TOP[name] else schema.required_section(top, name, None)
    entries = {}
    for entry_id, entry in section.entries.items():
        entry_section, values = schema.read_record(entry.value, section.path(entry_id), entry.key_line, spec)
        entries[entry_id] = _Entry(entry_section, values)
    return entries


def _parameters(entry: _Entry | None) -> dict[str, Any]:
    if entry is None or "parametre" not in entry.raw:
        return {}
    value = entry.raw["parametre"]
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise schema.Refusal("skal være en sektion med felter", *entry.where("parametre"))
    return dict(value)


def _scheme(scheme_id: str, entry: _Entry) -> Scheme:
    return Scheme(
        id=scheme_id,
        name=entry.require("navn"),
        table=entry.require("tabel"),
        in_text=entry.require("i_tekst"),
        recipients=entry.require("modtagere"),
        cues=entry.get("stikord", ()),
        selection=dict(entry.get("udvalg") or {}),
    )


def _fill(text: str, scheme: Scheme | None, where: tuple[int, str]) -> str:
    if scheme is None:
        return text
    words = {"navn": scheme.name, "Navn": scheme.name[:1].upper() + scheme.name[1:], "i_tekst": scheme.in_text}
    try:
        return text.format(**words)
    except (KeyError, IndexError, ValueError):
        raise schema.Refusal("kan kun indsætte {navn}, {Navn} og {i_tekst} (skriv {{ og }} for klammer)", *where) from None


def _generated_metric(scheme: Scheme, kind: str, analysis: _Entry, override: _Entry | None) -> Metric:
    """<scheme>.<analysis>, with the fields of an entry under `metrikker` taking precedence."""
    def source(key: str) -> _Entry:
        return override if override is not None and key in override.raw else analysis

    def pick(key: str, default: Any = None) -> Any:
        return source(key).get(key, default)

    parameters = {"table": scheme.table, **({"selection": scheme.selection} if scheme.selection else {})}
    parameters.update(_parameters(override))
    tables = pick("tabeller") or (scheme.table,)
    return _check(
        Metric(
            id=f"{scheme.id}.{kind}",
            title=_fill(pick("titel", ""), scheme, source("titel").where("titel")),
            description=_fill(pick("beskrivelse", ""), scheme, source("beskrivelse").where("beskrivelse")),
            analysis=pick("beregning"),
            parameters=parameters,
            tables=tuple(tables),
            template=pick("tekst"),
            scheme=scheme,
            kind=kind,
            cues=override.get("stikord", ()) if override else (),
        ),
        source("beregning").where("beregning"),
    )


def _extra_metric(metric_id: str, entry: _Entry, schemes: dict[str, Scheme]) -> Metric:
    scheme_id = entry.require("ordning")
    if scheme_id not in schemes:
        raise schema.Refusal(f"ukendt ordning '{scheme_id}'{schema.suggestion(scheme_id, schemes)}", *entry.where("ordning"))
    return _check(
        Metric(
            id=metric_id,
            title=entry.require("titel"),
            description=entry.require("beskrivelse"),
            analysis=entry.require("beregning"),
            parameters=_parameters(entry),
            tables=tuple(entry.require("tabeller")),
            template=entry.require("tekst"),
            scheme=schemes[scheme_id],
            kind=metric_id.split(".", 1)[-1],
            cues=entry.get("stikord", ()),
            counter_cues=entry.get("modstikord", ()),
            answers=tuple(entry.get("besvarer", ("antal",))),
            period_units=tuple(entry.get("perioder", ("måned", "kvartal", "år"))),
        ),
        entry.where("beregning"),
    )


def _check(metric: Metric, where: tuple[int, str]) -> Metric:
    if metric.analysis not in ANALYSES:
        raise schema.Refusal(f"ukendt beregning '{metric.analysis}'{schema.suggestion(metric.analysis, ANALYSES)}", *where)
    return metric


def _impossible(top: schema.Section) -> tuple[tuple[str, bool, tuple[str, ...]], ...]:
    entry = top.get("ikke_muligt")
    if entry is None or schema.is_null(entry.value):
        return ()
    field = top.path("ikke_muligt")
    schema.check_tag(entry.value, field)
    if not isinstance(entry.value, yaml.SequenceNode):
        raise schema.Refusal(f"skal være en liste, men er {schema.kind(entry.value)}", schema.line_of(entry.value), field)
    found = []
    for number, item in enumerate(entry.value.value, start=1):
        _, values = schema.read_record(item, f"{field}[{number}]", schema.line_of(item), _IMPOSSIBLE)
        found.append((values["grund"], values.get("erstatter", False), values["stikord"]))
    return tuple(found)


def _cues(top: schema.Section, name: str, spec: dict[str, schema.Field]) -> dict[str, Any]:
    return schema.read_fields(schema.optional_section(top, name, {key: False for key in spec}), spec)


def parse_catalogue(root: yaml.Node) -> Catalogue:
    """The catalogue from katalog.yaml's node tree; refuses (schema.Refusal) with line and field."""
    top = schema.top_section(root, _TOP, "ordninger:, analyser: ...")
    schemes = {scheme_id: _scheme(scheme_id, entry) for scheme_id, entry in _entries(top, "ordninger", _SCHEME).items()}
    analyses = _entries(top, "analyser", _ANALYSIS)
    overrides = _entries(top, "metrikker", _METRIC)
    metrics: dict[str, Metric] = {}
    for scheme in schemes.values():
        for kind, analysis in analyses.items():
            metric_id = f"{scheme.id}.{kind}"
            metrics[metric_id] = _generated_metric(scheme, kind, analysis, overrides.get(metric_id))
        for metric_id, entry in overrides.items():
            if metric_id not in metrics and entry.get("ordning") == scheme.id:
                metrics[metric_id] = _extra_metric(metric_id, entry, schemes)
    strays = [metric_id for metric_id in overrides if metric_id not in metrics]
    if strays:
        stray = overrides[strays[0]]
        if "ordning" in stray.raw:
            _extra_metric(strays[0], stray, schemes)  # refuses the unknown ordning, with its line
        raise schema.Refusal("metrikken hører ikke til nogen ordning (angiv 'ordning')", stray.section.line, stray.name)
    since_last = _cues(top, "siden_sidst", _SINCE_LAST)
    return Catalogue(
        metrics=metrics,
        schemes=schemes,
        analysis_cues={kind: entry.get("stikord", ()) for kind, entry in analyses.items()},
        no_figures_cues=_cues(top, "uden_tal", _CUES).get("stikord", ()),
        uncovered_cues=_cues(top, "ikke_dækket", _CUES).get("stikord", ()),
        since_last_cues=since_last.get("stikord", ()),
        change_words=since_last.get("ændringsord", ()),
        impossible=_impossible(top),
    )


def load_catalogue(path: Path | None = None) -> Catalogue:
    """katalog.yaml (CATALOGUE_FILE unless `path`), read once; every refusal names line and field."""
    return _load_catalogue(path or CATALOGUE_FILE)


_CATALOGUES: Cache[Catalogue] = Cache("katalog")


def _load_catalogue(path: Path) -> Catalogue:
    return _CATALOGUES.get(path, _make_load_catalogue, path)


def _make_load_catalogue(path: Path) -> Catalogue:
    try:
        return parse_catalogue(schema.read_yaml_file(path, limits.SOURCES_FILE, "den skal beskrive ordninger og analyser"))
    except schema.Refusal as refusal:
        raise TemplateError(refusal.message, file=path.name, line=refusal.line, field=refusal.field or None, column=refusal.column) from None
