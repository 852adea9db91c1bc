"""manage.py bench: the generator and the hand-written SQL, run tiny (the full scale is a
benchmark, not a test). Both sides must give the same numbers on generated data.
"""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from devtools.bench.generate import Scale, generate
from investment.models import InvestmentReport, Target
from projects.models import Milestone, Project
from reports.models import RollupChange, ZoneRollup

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the benchmark writes with COPY: PostgreSQL only"
)


@on_postgres
@pytest.mark.postgres
def test_the_benchmark_generates_data_and_finds_the_orm_and_the_sql_agree():
    out = StringIO()
    call_command("bench", zones=6, projects=240, repeat=1, stdout=out)
    report = out.getvalue()
    assert Project.objects.count() == 240
    assert Milestone.objects.count() == 4 * 240
    assert InvestmentReport.objects.count() == 12 * 240
    assert Target.objects.count() == 5 * 6
    assert "Both give the same numbers." in report
    for measure in ("/api/stats/", "snapshot job", "/api/stats/ranking/"):
        assert measure in report


@on_postgres
@pytest.mark.postgres
def test_the_benchmark_measures_existing_data_without_regenerating(zone_a):
    from tests.builders import make_plan, make_project

    make_plan(make_project(zone_a))
    out = StringIO()
    call_command("bench", repeat=1, stdout=out)
    assert Project.objects.count() == 1
    assert "Both give the same numbers." in out.getvalue()


def _written_data():
    """What the rollups' write measures change and must put back."""
    return (
        list(Milestone.objects.order_by("pk").values_list("pk", "actual_on")),
        list(InvestmentReport.objects.order_by("pk").values_list("pk", "completed_investment")),
    )


@on_postgres
@pytest.mark.postgres
def test_the_rollup_ratios_leave_the_data_as_found_and_the_rollups_current(frozen_today):
    generate(Scale(zones=6, projects=240))
    before = _written_data()
    out = StringIO()
    call_command("bench", repeat=1, rollups_only=True, stdout=out)
    report = out.getvalue()
    assert "Both give the same numbers." not in report  # the ORM-vs-SQL tables left out
    rows = [
        "/api/projects/{id}/",
        "/api/stats/ zone Z00001",
        "/api/stats/ province P01",
        "/api/stats/ everything",
        "dashboard everything",
        "dashboard province P01",
        "dashboard zone Z00001",
        "ranking page (everything)",
        "wall board Z00001",
        "quarterly P01",
        "snapshot job",
        "verify: recompute every zone",
        "write: record a milestone (API)",
    ]
    for row in rows:
        assert row in report
    # 240 projects in 6 zones: at most the first zone's 40 reports of October, not 50.
    grid = re.search(r"write: save a grid of (\d+) monthly rows", report)
    assert grid is not None and 0 < int(grid[1]) <= 40
    # The writes were put back, and every zone's rollup holds today's figures again.
    assert _written_data() == before
    assert RollupChange.objects.count() == 0
    assert sorted(ZoneRollup.objects.values_list("as_of", flat=True)) == [frozen_today] * 6


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the refusal elsewhere")
def test_the_benchmark_refuses_to_run_off_postgresql():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench", zones=2, projects=10, stdout=StringIO())
