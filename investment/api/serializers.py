from zonetrack.api.serializers import ModelCleanSerializer

from ..models import (
    LAND_FIELDS,
    PARK_INDICATOR_FIELDS,
    REPORT_FIELDS,
    AnnualPlanEntry,
    InvestmentReport,
    LandParcel,
    ParkIndicator,
    Target,
)


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
            "updated_at",
        ]


class InvestmentReportSerializer(ModelCleanSerializer):
    """A project's figures for one month (one per project and month), money in 万元."""

    class Meta:
        model = InvestmentReport
        fields = ["id", *REPORT_FIELDS, "updated_at"]


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
            "category",
            "level",
            "annual_value",
            "q1_value",
            "q2_value",
            "q3_value",
            "updated_at",
        ]


class LandParcelSerializer(ModelCleanSerializer):
    """A parcel of a zone's ledger of idle and inefficient land: areas in mu (亩), investment
    brought in 10k CNY; its park and project are of its zone."""

    class Meta:
        model = LandParcel
        fields = ["id", *LAND_FIELDS]


class ParkIndicatorSerializer(ModelCleanSerializer):
    """What a park of your zones reported for a year (``quarter`` null) or a quarter: output
    value, tax revenue and industrial output above designated size, in 10k CNY."""

    class Meta:
        model = ParkIndicator
        fields = ["id", *PARK_INDICATOR_FIELDS]
