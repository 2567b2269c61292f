"""The metric catalogue: which metrics exist, what they compute and which template words them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.errors import MissingDataError, TemplateError
from generator.metrics.analyses import ANALYSES
from generator.metrics.areas import Place
from generator.metrics.extracts import ExtractStore
from generator.metrics.results import MetricResult

CATALOGUE_FILE = Path(__file__).with_name("katalog.yaml")


@dataclass(frozen=True)
class Metric:
    id: str
    title: str
    description: str
    analysis: str
    parameters: dict[str, Any] = field(hash=False)
    tables: tuple[str, ...]
    template: str

    def compute(self, store: ExtractStore, place: Place) -> MetricResult:
        return ANALYSES[self.analysis](self.id, store, place, **self.parameters)


class Catalogue:
    def __init__(self, metrics: dict[str, Metric]) -> None:
        self.metrics = metrics

    def __contains__(self, metric_id: str) -> bool:
        return metric_id in self.metrics

    def __iter__(self):
        return iter(self.metrics.values())

    def get(self, metric_id: str) -> Metric:
        try:
            return self.metrics[metric_id]
        except KeyError:
            raise MissingDataError(f"ukendt metrik '{metric_id}'") from None

    def closest(self, metric_id: str) -> str | None:
        """The known id a misspelt one most likely meant."""
        matches = difflib.get_close_matches(metric_id, self.metrics, n=1, cutoff=0.6)
        return matches[0] if matches else None


def _metric(metric_id: str, entry: dict[str, Any]) -> Metric:
    try:
        metric = Metric(
            id=metric_id,
            title=entry["titel"],
            description=entry["beskrivelse"],
            analysis=entry["beregning"],
            parameters=dict(entry.get("parametre") or {}),
            tables=tuple(entry.get("tabeller") or ()),
            template=entry["tekst"],
        )
    except (KeyError, TypeError) as error:
        raise TemplateError(f"metrikken mangler feltet {error}", file=CATALOGUE_FILE.name, field=metric_id) from None
    if metric.analysis not in ANALYSES:
        raise TemplateError(f"ukendt beregning '{metric.analysis}'", file=CATALOGUE_FILE.name, field=metric_id)
    return metric


@cache
def load_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["metrikker"]
    return Catalogue({metric_id: _metric(metric_id, entry) for metric_id, entry in entries.items()})
