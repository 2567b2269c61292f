"""Metric results shared by the letters of one process: a call is computed once per data version.

A batch of recurring inquiries asks the same calls of the same extracts again and again; the
result (plain values and tables, see results.py) is kept, keyed by everything the computation
reads — the metric and its catalogue parameters, the call, the home place and the store's
fingerprint (folder, cutoff, kilder.yaml and every extract's version). A changed extract changes
the fingerprint, so a result is never served for data other than the data it was computed from.
Refusals (MissingDataError) are not kept: they are cheap and carry the asking letter's words.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from generator.caching import Cache
from generator.domain.results import MetricResult

LIMIT = 512  # results are small (a few figures, a table of ten rows); this bounds memory, not speed

RESULTS: Cache[MetricResult] = Cache("metrikresultater", LIMIT)


def remembered(key: Hashable, compute: Callable[[], MetricResult]) -> MetricResult:
    """The result kept under `key`, or `compute()`'s, kept for the next letter."""
    return RESULTS.get(key, compute)


def forget() -> None:
    """Drop every kept result (tests that measure a first computation)."""
    RESULTS.clear()
