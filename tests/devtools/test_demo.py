from datetime import date

import pytest
from django.core.management import call_command

from devtools.demo import seed_demo
from investment.models import AnnualPlanEntry, InvestmentReport, Target
from parks.models import Zone
from projects.choices import Category, Stage
from projects.models import Milestone, Project
from reports.models import Snapshot
from supervision.models import Alert

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)


def counts():
    return [
        m.objects.count()
        for m in (Zone, Project, Milestone, AnnualPlanEntry, InvestmentReport, Target)
    ]


def test_the_demo_city_covers_every_stage_and_category_and_passes_the_rules(frozen_today):
    demo = seed_demo(TODAY)
    assert demo.zones == 4
    assert 140 <= demo.projects <= 160
    assert set(Project.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert {Category.MANUFACTURING, Category.SERVICES, Category.INFRASTRUCTURE} <= set(
        Project.objects.values_list("category", flat=True)
    )
    assert set(AnnualPlanEntry.objects.values_list("year", flat=True)) == {2025, 2026}
    assert InvestmentReport.objects.filter(year=2025).exists()
    assert Target.objects.filter(year=2026).count() == 4 * 5
    # Trends have history: every month end since January of last year, and today; each day
    # one row per zone (4) and per region (4).
    days = set(Snapshot.objects.values_list("date", flat=True))
    assert {date(2025, 1, 31), date(2026, 10, 31), TODAY} <= days
    assert len(days) == 22 + 1
    assert Snapshot.objects.filter(date=TODAY).count() == 8
    assert Alert.objects.open().filter(raised_on=TODAY).exists()
    for model in (Project, Milestone, AnnualPlanEntry, InvestmentReport, Target):
        for row in model.objects.all():
            row.full_clean()


def test_seeding_twice_changes_nothing(frozen_today):
    seed_demo(TODAY, projects_per_zone=8)
    before = counts()
    stages = dict(Project.objects.values_list("code", "stage"))
    seed_demo(TODAY, projects_per_zone=8)
    assert counts() == before
    assert dict(Project.objects.values_list("code", "stage")) == stages


def test_the_command_prints_the_logins(frozen_today):
    from io import StringIO

    out = StringIO()
    call_command("seed_demo", "--today", "2026-11-22", stdout=out)
    assert "official_zjxq" in out.getvalue()
    assert "zonetrack-demo" in out.getvalue()
