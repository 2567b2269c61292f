"""Figures are added exactly (the float nearest their true sum), so the order in which cells are read never moves a
printed figure: a mean exactly half way is rounded up, as Danish statistics rounds, whatever the order."""

from __future__ import annotations

import random
from decimal import Decimal, localcontext

import pytest

from generator.domain.rounding import round_half_up
from generator.metrics.sums import exact_mean, exact_sum


def figures(length: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    return [round(rng.uniform(0, 20_000), rng.choice([1, 2, 3])) * rng.choice([1, 0.1, 1e-3]) for _ in range(length)]


@pytest.mark.parametrize("length", [1, 2, 3, 4, 12, 100, 300])
def test_a_sum_is_the_float_nearest_the_true_sum_in_any_order(length: int) -> None:
    for seed in range(20):
        values = figures(length, seed)
        with localcontext() as context:
            context.prec = 200
            true_sum = sum((Decimal(value) for value in values), Decimal(0))
        assert exact_sum(values) == float(true_sum)
        assert exact_sum(list(reversed(values))) == exact_sum(sorted(values)) == exact_sum(values)


def test_a_mean_half_way_is_rounded_up_whatever_the_order_of_adding() -> None:
    # Four quarters' figures whose mean is exactly 12,75. Added one by one in file order 29,2 · 1,4 · 11,5 · 8,9 the
    # mean is 12.749999999999998 and would be printed 12,7; in most other orders 12.75. Exactly it is 12,75: 12,8.
    naive = 0.0
    for value in (29.2, 1.4, 11.5, 8.9):
        naive += value
    assert round_half_up(naive / 4, 1) == Decimal("12.7")  # what adding in file order would print
    for order in ([29.2, 1.4, 11.5, 8.9], [1.4, 11.5, 8.9, 29.2], [8.9, 11.5, 29.2, 1.4]):
        assert exact_mean(order) == 12.75
        assert round_half_up(exact_mean(order), 1) == Decimal("12.8")
