from collections import Counter
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from devtools.demo import COMPANY_PROJECTS, PRODUCTS, seed_demo
from investment.models import AnnualPlanEntry, InvestmentReport, Target
from parks.models import Zone
from projects.choices import CapitalSource, Category, Stage, Status
from projects.models import Milestone, Project
from reports.figures.period import Period
from reports.figures.scopes import Scope
from reports.figures.supervision import supervision_figures
from reports.models import Snapshot
from supervision.models import Alert, ProgressUpdate
from tests.factories import ProjectFactory

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
    # Five investment targets and two land targets per zone.
    assert Target.objects.filter(year=2026).count() == 4 * 7
    # Trends have history: every month end since January of last year, and today; each day
    # one row per zone (4) and per region (4).
    days = set(Snapshot.objects.values_list("date", flat=True))
    assert {date(2025, 1, 31), date(2026, 10, 31), TODAY} <= days
    assert len(days) == 22 + 1
    assert Snapshot.objects.filter(date=TODAY).count() == 8
    assert Alert.objects.open().filter(raised_on=TODAY).exists()
    stalled = Project.objects.filter(status=Status.STALLED)
    assert stalled.exists()
    assert not stalled.filter(stage__in=[Stage.COMPLETED, Stage.IN_PRODUCTION]).exists()
    for model in (Project, Milestone, AnnualPlanEntry, InvestmentReport, Target):
        for row in model.objects.all():
            row.full_clean()


def test_no_two_projects_of_a_zone_share_a_name(frozen_today):
    seed_demo(TODAY)
    names = Counter(Project.objects.values_list("zone__code", "name"))
    assert [pair for pair, number in names.items() if number > 1] == []
    # A second plant of one investor and product is its next phase, as real plans name it.
    assert Project.objects.filter(name__endswith="二期").exists()


def test_every_investor_fits_its_product_and_its_park(frozen_today):
    seed_demo(TODAY)
    attracted = Project.objects.exclude(investor="").select_related("park")
    assert attracted.count() > 100
    for project in attracted:
        products = PRODUCTS[project.park.lead_industry]
        assert project.industry == project.park.lead_industry
        product = project.name.removeprefix(project.investor)
        product = product.removesuffix("二期").removesuffix("三期").removesuffix("四期")
        if project.category == Category.MANUFACTURING:
            assert project.investor in products[product], project.name
        else:
            assert product in COMPANY_PROJECTS[project.category], project.name
            assert any(project.investor in names for names in products.values()), project.name
    # Worked by hand: a battery plant is built by a battery maker, never by a food group.
    batteries = Project.objects.filter(name__contains="动力电池")
    assert batteries.exists()
    assert set(batteries.values_list("investor", flat=True)) <= {
        "锂源新能源",
        "恒能电池",
        "韩国大韩锂电",
    }
    # Public works have no investor and are not attracted.
    public = Project.objects.filter(
        category__in=[Category.INFRASTRUCTURE, Category.URBAN, Category.LIVELIHOOD]
    )
    assert public.exists()
    assert set(public.values_list("investor", "is_attracted", "capital_source")) == {
        ("", False, CapitalSource.DOMESTIC)
    }


def test_only_foreign_projects_have_a_foreign_amount_and_every_one_has_one(frozen_today):
    seed_demo(TODAY)
    foreign = Project.objects.filter(capital_source=CapitalSource.FOREIGN)
    assert foreign.count() >= 5
    assert not foreign.filter(foreign_investment_usd=None).exists()
    assert not foreign.filter(foreign_investment_usd__lte=0).exists()
    others = Project.objects.exclude(capital_source=CapitalSource.FOREIGN)
    assert not others.exclude(foreign_investment_usd=None).exists()
    # The foreign amount (万美元) is a part of the total (万元) at about 7.1 元 to the dollar.
    for project in foreign:
        assert project.foreign_investment_usd * Decimal("7.1") <= project.total_investment
    # Foreign funds arrive only at foreign projects; 省外 is a part of 内资.
    reports = InvestmentReport.objects.filter(funds_foreign_usd__gt=0)
    assert reports.exists()
    assert set(reports.values_list("project__capital_source", flat=True)) == {"foreign"}
    for report in InvestmentReport.objects.all():
        assert report.funds_out_of_province <= report.funds_domestic


def test_seeding_twice_changes_nothing(frozen_today):
    seed_demo(TODAY, projects_per_zone=8)
    before = counts()
    stages = dict(Project.objects.values_list("code", "stage"))
    seed_demo(TODAY, projects_per_zone=8)
    assert counts() == before
    assert dict(Project.objects.values_list("code", "stage")) == stages


def test_seeding_again_keeps_what_the_user_changed_and_creates_what_is_missing(frozen_today):
    seed_demo(TODAY, projects_per_zone=8)
    project = Project.objects.get(code="ZJXQ-2025-003")
    original = project.name
    project.name = "改过的项目名称"
    project.save()
    report = InvestmentReport.objects.order_by("pk").first()
    report.completed_investment = Decimal("1.23")
    report.save()
    leader = get_user_model().objects.get(username="leader")
    leader.set_password("changed-by-the-leader")
    leader.save()
    Project.objects.get(code="ZJXQ-2025-005").delete()
    before = counts()

    call_command(
        "seed_demo", "--today", "2026-11-22", "--projects-per-zone", "8", stdout=StringIO()
    )

    assert Project.objects.get(code="ZJXQ-2025-003").name == "改过的项目名称"
    report.refresh_from_db()
    assert report.completed_investment == Decimal("1.23")
    assert get_user_model().objects.get(username="leader").check_password("changed-by-the-leader")
    # The deleted project came back with its milestones; nothing else was added.
    assert Project.objects.filter(code="ZJXQ-2025-005").exists()
    assert counts()[1] == before[1] + 1
    assert original != "改过的项目名称"


def test_reset_restores_the_demo_and_says_what_it_did(frozen_today):
    seed_demo(TODAY, projects_per_zone=8)
    original = Project.objects.get(code="ZJXQ-2025-003").name
    stages = dict(Project.objects.values_list("code", "stage"))
    before = counts()
    Project.objects.filter(code="ZJXQ-2025-003").update(name="改过的项目名称")
    leader = get_user_model().objects.get(username="leader")
    leader.set_password("changed-by-the-leader")
    leader.save()
    ProjectFactory(code="ZJXQ-MINE", zone=Zone.objects.get(code="ZJXQ"))

    out = StringIO()
    call_command(
        "seed_demo", "--reset", "--today", "2026-11-22", "--projects-per-zone", "8", stdout=out
    )

    assert Project.objects.get(code="ZJXQ-2025-003").name == original
    assert not Project.objects.filter(code="ZJXQ-MINE").exists()
    assert dict(Project.objects.values_list("code", "stage")) == stages
    assert counts() == before
    assert get_user_model().objects.get(username="leader").check_password("zonetrack-demo")
    printed = out.getvalue()
    # 8 demo projects in each of 4 zones, and the one the user added.
    assert "Reset: deleted" in printed
    assert f"{4 * 8 + 1} projects.Project" in printed
    assert "loaded again" in printed


def test_the_tables_it_filled_are_analyzed_on_postgresql_only(frozen_today):
    with CaptureQueriesContext(connection) as queries:
        seed_demo(TODAY, projects_per_zone=2)
    analyzed = {q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")}
    if connection.vendor == "postgresql":
        assert 'ANALYZE "projects_project"' in analyzed
        assert 'ANALYZE "investment_investmentreport"' in analyzed
    else:
        assert analyzed == set()


def test_the_command_prints_the_logins(frozen_today):
    out = StringIO()
    call_command("seed_demo", "--today", "2026-11-22", stdout=out)
    assert "official_zjxq" in out.getvalue()
    assert "zonetrack-demo" in out.getvalue()


def test_the_demo_has_two_months_of_half_monthly_rounds_in_every_zone(frozen_today):
    seed_demo(TODAY)
    every = ProgressUpdate.objects.select_related("project__zone")
    assert {u.project.zone.code for u in every} == {"ZJXQ", "DYKFQ", "ZJGXQ", "JRKFQ"}
    updates = every.filter(project__zone__code="ZJXQ").order_by("period_start")
    # 60 days before 2026-11-22 falls in the half month of 09-16; the current one (11-16) has
    # the updates reported on its first six days.
    starts = set(updates.values_list("period_start", flat=True))
    assert starts == {
        date(2026, 9, 16),
        date(2026, 10, 1),
        date(2026, 10, 16),
        date(2026, 11, 1),
        date(2026, 11, 16),
    }
    late = [u for u in updates if u.is_late]
    assert 0 < len(late) < len(updates) / 4  # most on time, some late
    projects = updates.values("project").distinct().count()
    assert len(updates) < projects * 5  # some are missing
    by_project = {}
    for update in updates:
        update.full_clean()
        words = ("形象进度", "投资", "手续", "竣工", "使用")
        assert any(word in update.progress for word in words)
        # Reported at the time the update says, never after today.
        assert timezone.localdate(update.reported_at) < TODAY
        assert update.history.get().history_date == update.reported_at
        by_project.setdefault(update.project_id, []).append(update.image_progress)
    # Image progress rises (or stays, once built) period after period.
    assert all(values == sorted(values) for values in by_project.values())
    assert any(values[0] < values[-1] for values in by_project.values())
    figures = supervision_figures(
        Scope.for_zone(Zone.objects.get(code="ZJXQ")), Period(2026, TODAY)
    )
    assert figures.updates_due >= projects
    # Most have reported this period; a few are still missing.
    assert 0 < figures.updates_missing < figures.updates_received
