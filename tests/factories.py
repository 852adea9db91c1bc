"""Factories for every model; each builds a valid object with the fewest arguments."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from investment.choices import LandKind, PlanType, TargetMetric
from investment.models import AnnualPlanEntry, InvestmentReport, LandParcel, ParkIndicator, Target
from parks.choices import Role, ZoneKind
from parks.models import Membership, Park, Region, Zone
from projects.choices import Category, MilestoneKind
from projects.models import AttractionTeam, Leader, LeaderLevel, Milestone, Project, ScoreTier

PASSWORD = "secret-pass-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"地区{n}")
    code = factory.Sequence(lambda n: f"R{n}")
    parent = None


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    name = factory.Sequence(lambda n: f"开发区{n}")
    code = factory.Sequence(lambda n: f"Z{n}")
    region = factory.SubFactory(RegionFactory)
    kind = ZoneKind.NATIONAL_ETDZ
    area_km2 = Decimal("12.50")


class ParkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Park

    zone = factory.SubFactory(ZoneFactory)
    name = factory.Sequence(lambda n: f"产业园{n}")
    lead_industry = "新材料"
    area_km2 = Decimal("3.00")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    zone = factory.SubFactory(ZoneFactory)
    region = None
    role = Role.OFFICIAL


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"P{n:05d}")
    name = factory.Sequence(lambda n: f"项目{n}")
    zone = factory.SubFactory(ZoneFactory)
    park = None
    investor = "示例投资有限公司"
    category = Category.MANUFACTURING
    total_investment = Decimal("10000.00")


class StartedProjectFactory(ProjectFactory):
    """A project that broke ground on 2025-01-10: its months from then on may report investment."""

    class Meta:
        # The milestone saves the project (its stage) itself.
        skip_postgeneration_save = True

    groundbreaking = factory.RelatedFactory(
        "tests.factories.MilestoneFactory",
        factory_related_name="project",
        kind=MilestoneKind.GROUNDBREAKING,
        planned_on=date(2025, 1, 10),
        actual_on=date(2025, 1, 10),
    )


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    kind = MilestoneKind.SIGNING
    planned_on = date(2026, 3, 1)
    actual_on = None


class AnnualPlanEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlanEntry

    year = 2026
    project = factory.SubFactory(ProjectFactory)
    plan_type = PlanType.NEW
    planned_investment = Decimal("5000.00")
    planned_start_on = date(2026, 4, 1)


class InvestmentReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentReport

    project = factory.SubFactory(ProjectFactory)
    year = 2026
    month = 1
    completed_investment = Decimal("100.00")
    funds_domestic = Decimal("60.00")
    funds_out_of_province = Decimal("40.00")
    funds_foreign_usd = Decimal("0.00")
    image_progress = Decimal("10.00")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    zone = factory.SubFactory(ZoneFactory)
    year = 2026
    metric = TargetMetric.SIGNED_COUNT
    min_investment = Decimal("0.00")
    annual_value = Decimal("20.00")


class LandParcelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LandParcel

    zone = factory.SubFactory(ZoneFactory)
    location = factory.Sequence(lambda n: f"地块{n}号")
    area_mu = Decimal("50.00")
    kind = LandKind.IDLE
    identified_on = date(2026, 3, 1)


class ParkIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParkIndicator

    park = factory.SubFactory(ParkFactory)
    year = 2026
    quarter = None
    output_value = Decimal("10000.00")
    tax_revenue = Decimal("600.00")
    industrial_output = Decimal("8000.00")


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leader

    name = factory.Sequence(lambda n: f"领导{n}")
    title = "副市长"
    level = LeaderLevel.CITY
    region = factory.SubFactory(RegionFactory)


class AttractionTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttractionTeam

    zone = factory.SubFactory(ZoneFactory)
    name = factory.Sequence(lambda n: f"招商{n}局")
    lead = ""


class ScoreTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreTier

    region = factory.SubFactory(RegionFactory)
    min_investment = Decimal("0.00")
    score = Decimal("5.00")
