"""manage.py bench: the generator and the hand-written SQL, run tiny (the full scale is a
benchmark, not a test). Both sides must give the same numbers on generated data.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from investment.models import InvestmentReport, Target
from projects.models import Milestone, Project

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


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the refusal elsewhere")
def test_the_benchmark_refuses_to_run_off_postgresql():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench", zones=2, projects=10, stdout=StringIO())
