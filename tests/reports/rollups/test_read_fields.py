"""The ranking reads from a zone's rollup only the figures its metric is computed from."""

import json
from collections import Counter
from decimal import Decimal

import pytest

from reports.figures.bundle import ZoneFigures, encode, figures_of
from reports.figures.metrics import Figures
from reports.figures.ranking import RANKED_METRICS, figure_names

FULL = Figures(
    planned_new=4,
    started_new=3,
    planned_continuing=2,
    resumed=1,
    planned_completion=5,
    completed=4,
    completed_on_time=3,
    completed_in_year=6,
    in_production=2,
    planned_investment=Decimal("1000.00"),
    completed_investment=Decimal("250.00"),
    signed_count=7,
    signed_investment=Decimal("9000.00"),
    groundbreaking=3,
    completion=2,
    production=1,
    days_to_groundbreaking=Counter({30: 1, 90: 2}),
    days_to_production=Counter({400: 1, 500: 1}),
)


def as_text(value):
    """A stored field as the database reads it out of the JSON: text."""
    return json.dumps(value) if isinstance(value, dict | list) else str(value)


@pytest.mark.parametrize("metric", sorted(RANKED_METRICS))
def test_a_metric_reads_only_the_figures_it_is_computed_from(metric):
    stored = encode(ZoneFigures(FULL))["figures"]
    read = figures_of({name: as_text(stored[name]) for name in figure_names(metric)})
    assert FULL.value(metric) not in (None, 0)  # every metric has a value to get wrong
    assert read.value(metric) == FULL.value(metric)


def test_the_values_worked_by_hand():
    stored = encode(ZoneFigures(FULL))["figures"]
    names = figure_names("start_rate") | figure_names("median_days_signing_to_production")
    read = figures_of({name: as_text(stored[name]) for name in names})
    assert read.start_rate == 0.75  # 3 of 4
    assert read.median_days_signing_to_production == 450  # between 400 and 500
    assert read.planned_completion == 0  # not read
