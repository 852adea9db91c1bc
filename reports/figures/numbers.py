"""How figures are written out: rates to 4 places (null without a denominator), money as
strings with 2 decimals, medians read from histograms.
"""

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.0001")
ONE_YI = Decimal("10000")  # 1亿 in 万元
TEN_YI = Decimal("100000")


def rate(numerator, denominator) -> float | None:
    if not denominator:
        return None
    value = Decimal(numerator) / Decimal(denominator)
    return float(value.quantize(RATE_PLACES, rounding=ROUND_HALF_UP))


def decimal(value) -> Decimal:
    """A sum from the database (None when no rows) as a Decimal with 2 places."""
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def money(value) -> str:
    return str(decimal(value))


def median_of(histogram: Counter) -> float | None:
    """The median of the values counted in ``histogram`` (value -> how many), or None."""
    total = sum(histogram.values())
    if not total:
        return None
    low_rank, high_rank = (total - 1) // 2, total // 2
    seen, low = 0, None
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            return float(low + value) / 2
    raise AssertionError("unreachable: the ranks lie within the total")
