"""Rounding as Danish statistics rounds: half up, on the decimal value as written."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal


def round_half_up(value: float, decimals: int = 0) -> Decimal:
    """0,05 -> 0,1 and 2,5 -> 3 (Python and Babel round half to even)."""
    quantum = Decimal(1).scaleb(-decimals)
    # Enough digits for any float, so a large figure is rounded, never an InvalidOperation.
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP, context=Context(prec=400))
