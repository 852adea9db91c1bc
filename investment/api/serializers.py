from zonetrack.api.serializers import ModelCleanSerializer

from ..models import REPORT_FIELDS, AnnualPlanEntry, InvestmentReport, Target


class AnnualPlanEntrySerializer(ModelCleanSerializer):
    """A project on a year's key-project plan, as a new start or continuing (one per year)."""

    class Meta:
        model = AnnualPlanEntry
        fields = [
            "id",
            "year",
            "project",
            "plan_type",
            "planned_investment",
            "planned_start_on",
            "resumed_on",
        ]


class InvestmentReportSerializer(ModelCleanSerializer):
    """A project's figures for one month (one per project and month), money in 万元."""

    class Meta:
        model = InvestmentReport
        fields = ["id", *REPORT_FIELDS]


class TargetSerializer(ModelCleanSerializer):
    """A zone's target for a year on one metric; quarterly values are cumulative."""

    class Meta:
        model = Target
        fields = [
            "id",
            "zone",
            "year",
            "metric",
            "min_investment",
            "annual_value",
            "q1_value",
            "q2_value",
            "q3_value",
        ]
