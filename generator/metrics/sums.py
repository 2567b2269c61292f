"""Sums and means of a few figures, exactly: the float nearest the true sum of the figures as read (math.fsum).

pandas adds a group's figures with compensation and a Series' in numpy's pairwise order; both can be one unit in the
last binary digit off the true sum, and a mean that is exactly half way (1,25) can then be printed 1,2 or 1,3
depending on the order of adding. Here the order does not matter: 1,1 + 1,2 + 1,3 + 1,4 is 5 and its mean 1,25.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def exact_sum(values: Sequence[float]) -> float:
    """The float nearest the true sum of `values` (math.fsum: no error from the order of adding)."""
    return math.fsum(values)


def exact_mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)
