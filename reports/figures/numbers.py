"""How figures are written out: rates to 4 places (null without a denominator), money as
strings with 2 decimals, medians read from histograms.
"""

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from zonetrack.amounts import ONE_YI as ONE_YI  # re-exported: the figures' thresholds

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.0001")
TEN_YI = 10 * ONE_YI

# What a figure is computed from: a database sum (None when no rows), a count, a JSON string.
Number = Decimal | int | float | str | None


def rate(numerator: Decimal | int | float | str, denominator: Number) -> float | None:
    if not denominator:
        return None
    value = Decimal(numerator) / Decimal(denominator)
    return float(value.quantize(RATE_PLACES, rounding=ROUND_HALF_UP))


def decimal(value: Number) -> Decimal:
    """A sum from the database (None when no rows) as a Decimal with 2 places."""
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Number) -> str:
    return str(decimal(value))


def median_of(histogram: Counter[int]) -> float | None:
    """The median of the values counted in ``histogram`` (value -> how many), or None."""
    total = sum(histogram.values())
    if not total:
        return None
    low_rank, high_rank = (total - 1) // 2, total // 2
    seen = 0
    low: int | None = None
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            assert low is not None  # high_rank >= low_rank: low was set on this pass or before
            return float(low + value) / 2
    raise AssertionError("unreachable: the ranks lie within the total")
