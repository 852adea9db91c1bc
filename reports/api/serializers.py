"""Query parameters and response shapes of the stats, ranking and snapshot endpoints.

The figures themselves are built by ``reports.figures.metrics`` as plain JSON; these serializers
validate the parameters and describe the responses in the OpenAPI schema (and a test holds
the two in step).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from investment.choices import TargetMetric
from projects.choices import CATEGORY_FILTER_CHOICES, LEVEL_FILTER_CHOICES, MilestoneKind
from projects.models import LeaderLevel
from supervision.choices import BlockerCategory, BlockerLevel
from supervision.lights.choices import LightRuleKind
from zonetrack.api.serializers import DateField, DecimalField

from ..choices import ScopeType, TargetStatus
from ..figures.leaders import DEFAULT_SORT, SORTS
from ..figures.ranking import DEFAULT_METRIC, RANKED_METRICS
from ..models import Snapshot


def _money(**kwargs):
    return DecimalField(max_digits=18, decimal_places=2, **kwargs)


def _rate(**kwargs):
    return serializers.FloatField(allow_null=True, **kwargs)


class ScopeQuerySerializer(serializers.Serializer):
    """``zone`` or ``region`` (with its sub-regions); neither means every zone the user reads."""

    zone = serializers.IntegerField(required=False, min_value=1)
    region = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs):
        if "zone" in attrs and "region" in attrs:
            raise serializers.ValidationError({"region": [_("Give a zone or a region, not both.")]})
        return attrs


class PeriodQuerySerializer(ScopeQuerySerializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    as_of = DateField(required=False)


class RestrictionQuerySerializer(serializers.Serializer):
    """The seeds' denominators: the plan figures over some projects only."""

    level = serializers.ChoiceField(
        choices=LEVEL_FILTER_CHOICES,
        required=False,
        help_text=_("Only projects of this level, or of a group (city_and_above: 市级以上)."),
    )
    category = serializers.ChoiceField(
        choices=CATEGORY_FILTER_CHOICES,
        required=False,
        help_text=_(
            "Only projects of this category, or of a group (industrial: manufacturing and "
            "technical renovation)."
        ),
    )
    min_investment = _money(
        required=False,
        min_value=0,
        help_text=_("Only projects with at least this total investment (10k CNY)."),
    )


class StatsQuerySerializer(RestrictionQuerySerializer, PeriodQuerySerializer):
    pass


class RankingQuerySerializer(RestrictionQuerySerializer, PeriodQuerySerializer):
    zone = None  # type: ignore[assignment]  # DRF's way to drop a parent's field
    metric = serializers.ChoiceField(
        choices=[(name, ranked.label) for name, ranked in RANKED_METRICS.items()],
        default=DEFAULT_METRIC,
    )


class TeamsQuerySerializer(ScopeQuerySerializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class LeaderStatsQuerySerializer(PeriodQuerySerializer):
    zone = None  # type: ignore[assignment]  # DRF's way to drop a parent's field
    region = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Only leaders of this region and those below.")
    )
    level = serializers.ChoiceField(choices=LeaderLevel.choices, required=False)
    sort = serializers.ChoiceField(
        choices=[name for column in SORTS for name in (column, f"-{column}")],
        default=DEFAULT_SORT,
        help_text=_("The column to sort on; a leading '-' sorts descending."),
    )


class SnapshotQuerySerializer(ScopeQuerySerializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    date = DateField(required=False)
    type = serializers.ChoiceField(
        choices=[ScopeType.ZONE, ScopeType.REGION],
        required=False,
        help_text=_("Only snapshots of zones, or only of regions."),
    )


class RestrictionSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=LEVEL_FILTER_CHOICES, allow_null=True)
    category = serializers.ChoiceField(choices=CATEGORY_FILTER_CHOICES, allow_null=True)
    min_investment = _money(allow_null=True)


class ScopeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ScopeType.choices)
    id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()


class PlanFiguresSerializer(serializers.Serializer):
    planned_new = serializers.IntegerField()
    started_new = serializers.IntegerField()
    start_rate = _rate()
    planned_continuing = serializers.IntegerField()
    resumed = serializers.IntegerField()
    start_or_resume_rate = _rate()
    planned_completion = serializers.IntegerField()
    completed = serializers.IntegerField()
    completion_rate = _rate()
    # Snapshots stored before these figures existed lack them (hence not required).
    completed_on_time = serializers.IntegerField(
        required=False,
        help_text=_(
            "Of the planned completions, those completed by as_of on or before their planned date."
        ),
    )
    on_time_completion_rate = _rate(
        required=False, help_text=_("按期竣工率: completed_on_time / planned_completion.")
    )
    completed_in_year = serializers.IntegerField(
        required=False,
        help_text=_("The plan's projects completed from January 1 to as_of (any planned date)."),
    )
    in_production = serializers.IntegerField(
        required=False, help_text=_("Of those, the ones in production by as_of.")
    )
    production_rate = _rate(
        required=False, help_text=_("投产达效率: in_production / completed_in_year.")
    )
    planned_investment = _money()
    completed_investment = _money()
    investment_completion_rate = _rate()


class ThresholdSerializer(serializers.Serializer):
    min_investment = _money()
    count = serializers.IntegerField()
    investment = _money()


class SigningFiguresSerializer(serializers.Serializer):
    signed_count = serializers.IntegerField()
    signed_investment = _money()
    by_threshold = ThresholdSerializer(
        many=True,
        help_text=_(
            "Signed projects from each size up, smallest first: 5000, 10000, 50000, 100000, "
            "300000 and 500000 (10k CNY). Read each by its min_investment: the 50000 element "
            "was added, and more may be."
        ),
    )


class MilestoneFiguresSerializer(serializers.Serializer):
    groundbreaking = serializers.IntegerField()
    completion = serializers.IntegerField()
    production = serializers.IntegerField()
    median_days_signing_to_groundbreaking = serializers.FloatField(allow_null=True)
    median_days_signing_to_production = serializers.FloatField(
        allow_null=True,
        required=False,
        help_text=_("Over the projects in production in the year that have a signing date."),
    )


class QuarterSerializer(serializers.Serializer):
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    end = DateField()
    target = _money(help_text=_("The cumulative target due by the quarter's end."))
    actual = _money(help_text=_("The actual at the quarter's end, or at as_of if earlier."))


class TargetProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    zone = serializers.IntegerField()
    metric = serializers.ChoiceField(choices=TargetMetric.choices)
    min_investment = _money()
    # Snapshots stored before targets had a category and level lack them.
    category = serializers.ChoiceField(
        choices=CATEGORY_FILTER_CHOICES, allow_null=True, required=False
    )
    level = serializers.ChoiceField(choices=LEVEL_FILTER_CHOICES, allow_null=True, required=False)
    annual_value = _money()
    actual = _money()
    progress = _rate(help_text=_("actual / annual value"))
    expected = _money(help_text=_("What should be done by as_of."))
    status = serializers.ChoiceField(choices=TargetStatus.choices)
    quarters = QuarterSerializer(many=True)


class FiguresSerializer(serializers.Serializer):
    plan = PlanFiguresSerializer()
    signing = SigningFiguresSerializer()
    milestones = MilestoneFiguresSerializer()
    targets = TargetProgressSerializer(many=True)


class BlockerCountsSerializer(serializers.Serializer):
    blockers_open = serializers.IntegerField(help_text=_("Raised by as_of, open or in progress."))
    blockers_overdue = serializers.IntegerField(
        help_text=_("Of the open ones, those past their deadline.")
    )
    blockers_closed = serializers.IntegerField(help_text=_("Closed in the year."))


class BlockerCategoryCountsSerializer(BlockerCountsSerializer):
    category = serializers.ChoiceField(choices=BlockerCategory.choices)


class BlockerLevelCountsSerializer(BlockerCountsSerializer):
    level = serializers.ChoiceField(choices=BlockerLevel.choices)


class SupervisionFiguresSerializer(BlockerCountsSerializer):
    closed_on_time_rate = _rate(help_text=_("Closed by their deadline / closed in the year."))
    median_days_to_close = serializers.FloatField(allow_null=True)
    by_category = BlockerCategoryCountsSerializer(many=True)
    by_level = BlockerLevelCountsSerializer(many=True)
    updates_due = serializers.IntegerField(
        help_text=_("Active key projects due a progress update in the current period.")
    )
    updates_received = serializers.IntegerField(
        help_text=_("Of those, the ones whose update for the period was reported by as_of.")
    )
    updates_missing = serializers.IntegerField(help_text=_("Due less received."))
    updates_late = serializers.IntegerField(
        help_text=_(
            "Of the projects due, those whose update for the previous period was reported "
            "after that period ended (and by as_of)."
        )
    )


class LandFiguresSerializer(serializers.Serializer):
    parcels_identified = serializers.IntegerField(
        help_text=_(
            "Parcels on the year's land ledger: identified by as_of and not revitalized before "
            "the year began."
        )
    )
    mu_identified = _money(help_text=_("Their area in mu (亩), 2 decimals."))
    parcels_revitalized = serializers.IntegerField(
        help_text=_("Parcels revitalized from January 1 to as_of.")
    )
    mu_revitalized = _money(help_text=_("The area they revitalized in mu (亩), 2 decimals."))


class FundsFiguresSerializer(serializers.Serializer):
    domestic = _money(
        help_text=_("Domestic funds in place (10k CNY), months 1 to as_of's, every project.")
    )
    out_of_province = _money(
        help_text=_("Of which from other provinces (10k CNY): a part of domestic, not added.")
    )
    foreign_usd = _money(help_text=_("Foreign funds in place (10k USD)."))
    in_place_rate = _rate(
        help_text=_(
            "Funds in place against planned funds (资金到位率): the domestic funds in place of "
            "the projects that state their planned funds / those planned funds; null when no "
            "project states them."
        )
    )


class LightRuleCountsSerializer(serializers.Serializer):
    rule = serializers.ChoiceField(choices=LightRuleKind.choices)
    yellow = serializers.IntegerField(help_text=_("Projects this rule made yellow."))
    red = serializers.IntegerField(help_text=_("Projects this rule made red."))


class LightTrendPointSerializer(serializers.Serializer):
    date = DateField()
    red = serializers.IntegerField()
    yellow = serializers.IntegerField()


class LightFiguresSerializer(serializers.Serializer):
    green = serializers.IntegerField()
    yellow = serializers.IntegerField()
    red = serializers.IntegerField()
    grey = serializers.IntegerField(help_text=_("Stalled and cancelled projects."))
    by_rule = LightRuleCountsSerializer(many=True)
    trend = LightTrendPointSerializer(
        many=True,
        help_text=_(
            "Reds and yellows in force at each month's end of the year up to as_of (the last "
            "point on as_of)."
        ),
    )


class LastYearSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text=_("The year before."))
    as_of = DateField(help_text=_("as_of one year earlier; February 29 becomes February 28."))
    plan = PlanFiguresSerializer()
    signing = SigningFiguresSerializer()
    milestones = MilestoneFiguresSerializer()
    land = LandFiguresSerializer()
    funds = FundsFiguresSerializer()


def _growth(**kwargs):
    return serializers.FloatField(allow_null=True, **kwargs)


class PlanGrowthSerializer(serializers.Serializer):
    planned_new = _growth()
    started_new = _growth()
    planned_continuing = _growth()
    resumed = _growth()
    planned_completion = _growth()
    completed = _growth()
    planned_investment = _growth()
    completed_investment = _growth()
    completed_on_time = _growth()
    completed_in_year = _growth()
    in_production = _growth()


class ThresholdGrowthSerializer(serializers.Serializer):
    min_investment = _money(help_text=_("The row's size, as in signing.by_threshold."))
    count = _growth()
    investment = _growth()


class SigningGrowthSerializer(serializers.Serializer):
    signed_count = _growth()
    signed_investment = _growth()
    by_threshold = ThresholdGrowthSerializer(many=True)


class MilestoneGrowthSerializer(serializers.Serializer):
    groundbreaking = _growth()
    completion = _growth()
    production = _growth()
    median_days_signing_to_groundbreaking = _growth()
    median_days_signing_to_production = _growth()


class LandGrowthSerializer(serializers.Serializer):
    parcels_identified = _growth()
    mu_identified = _growth()
    parcels_revitalized = _growth()
    mu_revitalized = _growth()


class FundsGrowthSerializer(serializers.Serializer):
    domestic = _growth()
    out_of_province = _growth()
    foreign_usd = _growth()


class GrowthSerializer(serializers.Serializer):
    plan = PlanGrowthSerializer()
    signing = SigningGrowthSerializer()
    milestones = MilestoneGrowthSerializer()
    land = LandGrowthSerializer()
    funds = FundsGrowthSerializer()


class PlanRateChangeSerializer(serializers.Serializer):
    start_rate = _growth()
    start_or_resume_rate = _growth()
    completion_rate = _growth()
    investment_completion_rate = _growth()
    on_time_completion_rate = _growth()
    production_rate = _growth()


class FundsRateChangeSerializer(serializers.Serializer):
    in_place_rate = _growth()


class RateChangeSerializer(serializers.Serializer):
    plan = PlanRateChangeSerializer()
    funds = FundsRateChangeSerializer()


class StatsSerializer(FiguresSerializer):
    restriction = RestrictionSerializer(
        help_text=_(
            "The projects the plan figures count (null: every project); the other sections "
            "are not restricted."
        )
    )
    supervision = SupervisionFiguresSerializer()
    land = LandFiguresSerializer()
    funds = FundsFiguresSerializer()
    lights = LightFiguresSerializer(help_text=_("Projects by the colour of their light on as_of."))
    scope = ScopeSerializer()
    year = serializers.IntegerField()
    as_of = DateField()
    # The serializer's declared fields are popped from the class: no clash with Field.source.
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=["rollup", "snapshot", "live"],
        help_text=_(
            "Where the figures come from: rollup (today's, maintained with every write), "
            "snapshot (stored for a past as_of) or live (computed for this request)."
        ),
    )
    last_year = LastYearSerializer(
        help_text=_(
            "The same figures for the year before on the same date one year earlier, computed "
            "the same way (targets, supervision and lights are not compared)."
        )
    )
    growth = GrowthSerializer(
        help_text=_(
            "Year on year (同比) of every count, sum and median: (this year - last year) / last "
            "year, 4 places (0.25 is +25 %); null where last year's is 0 or null. Rates are "
            "compared in rate_change."
        )
    )
    rate_change = RateChangeSerializer(
        help_text=_(
            "Each rate less last year's, a fraction like the rates (0.0512 is 5.12 percentage "
            "points); null where either is null."
        )
    )


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    zone = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    value = serializers.SerializerMethodField(
        help_text=_("A number; money as a string with 2 decimals; null without a denominator.")
    )

    @extend_schema_field(OpenApiTypes.ANY)
    def get_value(self, row):
        return row["value"]


class RankingSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    year = serializers.IntegerField()
    as_of = DateField()
    metric = serializers.CharField(help_text=_("The figure the zones are ranked on."))
    # The serializer's declared fields are popped from the class: no clash with Field.source.
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=["rollup", "live"],
        help_text=_(
            "Where the figures come from: rollup (today's, maintained with every write) or "
            "live (computed for this request)."
        ),
    )
    restriction = RestrictionSerializer(
        help_text=_("The projects the plan figures are ranked over (null: every project).")
    )
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RankingRowSerializer(many=True)


class TeamCreditSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    stage = serializers.ChoiceField(
        choices=[
            MilestoneKind.SIGNING.value,
            MilestoneKind.GROUNDBREAKING.value,
            MilestoneKind.COMPLETION.value,
        ],
        help_text=_("The milestone reached in the year: signing, groundbreaking or completion."),
    )
    reached_on = DateField(help_text=_("The milestone's actual date."))
    total_investment = _money()
    base = _money(help_text=_("The project's base score from the size table."))
    share = _money(help_text=_("The stage's share of the base score: 0.40, 0.30 or 0.30."))
    score = _money(help_text=_("base × share, 2 decimals."))


class TeamScoreSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text=_("Equal scores share a rank (1, 2, 2, 4)."))
    team = serializers.IntegerField()
    name = serializers.CharField()
    lead = serializers.CharField()
    zone = serializers.IntegerField()
    zone_name = serializers.CharField()
    score = _money(help_text=_("The team's score for the year, 2 decimals."))
    last_year_score = _money(
        allow_null=True,
        help_text=_("Its score of the year before on the same date a year earlier (同比)."),
    )
    growth = _growth(help_text=_("(score − last_year_score) / last_year_score; null when 0."))
    projects = TeamCreditSerializer(many=True)


class TeamsSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    year = serializers.IntegerField()
    as_of = serializers.DateField(
        help_text=_("The stages reached by this day count: today, or the year's last day.")
    )
    results = TeamScoreSerializer(many=True)


class LeaderPortfolioSerializer(serializers.Serializer):
    leader = serializers.IntegerField()
    name = serializers.CharField()
    title = serializers.CharField()
    level = serializers.ChoiceField(choices=LeaderLevel.choices)
    region = serializers.IntegerField()
    region_name = serializers.CharField()
    projects = serializers.IntegerField(help_text=_("The leader's projects in your zones."))
    planned_new = serializers.IntegerField()
    started_new = serializers.IntegerField()
    start_rate = _rate()
    planned_investment = _money()
    completed_investment = _money()
    investment_completion_rate = _rate()
    blockers_open = serializers.IntegerField()
    blockers_overdue = serializers.IntegerField()
    updates_due = serializers.IntegerField()
    updates_received = serializers.IntegerField()
    updates_missing = serializers.IntegerField()
    updates_late = serializers.IntegerField()


class LeaderStatsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    as_of = DateField()
    sort = serializers.CharField()
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = LeaderPortfolioSerializer(many=True)


class SnapshotSerializer(serializers.ModelSerializer):
    scope = serializers.SerializerMethodField()
    plan = PlanFiguresSerializer(source="figures.plan")
    signing = SigningFiguresSerializer(source="figures.signing")
    milestones = MilestoneFiguresSerializer(source="figures.milestones")
    targets = TargetProgressSerializer(source="figures.targets", many=True)

    class Meta:
        model = Snapshot
        fields = [
            "id",
            "scope",
            "zone",
            "region",
            "year",
            "date",
            "computed_at",
            "plan",
            "signing",
            "milestones",
            "targets",
        ]

    @extend_schema_field(ScopeSerializer)
    def get_scope(self, snapshot):
        place = snapshot.zone or snapshot.region
        return {"type": snapshot.scope_type, "id": place.pk, "name": place.name}
