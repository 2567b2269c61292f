"""Sums and means of a few figures, added in the order pandas and numpy add them, so a letter's figures do not move
in the last decimal when they are looked up in plain Python instead of a DataFrame."""

from __future__ import annotations

import math
from collections.abc import Sequence


def compensated_sum(values: Sequence[float]) -> float:
    """Kahan's compensated sum, as pandas adds the figures of a group (`groupby(...).sum()` and `.mean()`)."""
    total = compensation = 0.0
    for value in values:
        step = value - compensation
        running = total + step
        compensation = running - total - step
        if math.isnan(compensation):  # an infinity: pandas stops compensating
            compensation = 0.0
        total = running
    return total


def group_mean(values: Sequence[float]) -> float:
    """A group's mean as pandas' `groupby(...).mean()` gives it."""
    return compensated_sum(values) / len(values)


def pairwise_sum(values: Sequence[float]) -> float:
    """numpy's sum of a short float array (a Series' `.sum()` and `.mean()`): one by one below eight figures, else
    in eight running sums joined pairwise, the rest added last (numpy's pairwise summation, up to 128 figures)."""
    count = len(values)
    if count < 8:
        total = 0.0
        for value in values:
            total += value
        return total
    if count > 128:
        middle = count // 2
        middle -= middle % 8
        return pairwise_sum(values[:middle]) + pairwise_sum(values[middle:])
    partial = list(values[:8])
    whole = count - count % 8
    for start in range(8, whole, 8):
        for lane in range(8):
            partial[lane] += values[start + lane]
    total = ((partial[0] + partial[1]) + (partial[2] + partial[3])) + ((partial[4] + partial[5]) + (partial[6] + partial[7]))
    for value in values[whole:]:
        total += value
    return total


def series_mean(values: Sequence[float]) -> float:
    """A Series' mean as pandas gives it (numpy's sum over the count)."""
    return pairwise_sum(values) / len(values)
