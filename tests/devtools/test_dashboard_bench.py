"""manage.py bench also times each leadership page against the stats call of its scope."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the benchmark writes with COPY: PostgreSQL only"
    ),
]


def test_the_benchmark_prints_the_dashboard_ratios():
    out = StringIO()
    call_command("bench", zones=6, projects=240, repeat=1, stdout=out)
    report = out.getvalue().split("Dashboards, best of 1 runs:")[1]
    for page in ("everything", "region", "zone", "wall display", "ranking", "wall board"):
        assert f"\n{page}" in report, page
    assert "quarterly" in report
    # Each line: name, page seconds, stats seconds, ratio, queries (and the goal if missed).
    measures = re.findall(r"([\d.]+)s +([\d.]+)s +([\d.]+) +(\d+)", report)
    assert len(measures) == 7
    assert all(float(ratio) > 0 and int(queries) > 0 for _p, _s, ratio, queries in measures)
