from parks.access import LEAD
from zonetrack.api.views import ZoneScopedViewSet

from ..filtersets import (
    AnnualPlanEntryFilterSet,
    InvestmentReportFilterSet,
    LandParcelFilterSet,
    ParkIndicatorFilterSet,
    TargetFilterSet,
)
from ..models import AnnualPlanEntry, InvestmentReport, LandParcel, ParkIndicator, Target
from .serializers import (
    AnnualPlanEntrySerializer,
    InvestmentReportSerializer,
    LandParcelSerializer,
    ParkIndicatorSerializer,
    TargetSerializer,
)


class AnnualPlanEntryViewSet(ZoneScopedViewSet):
    """Entries of the annual key-project plans (年度重点项目计划) of your zones' projects."""

    queryset = AnnualPlanEntry.objects.all()
    serializer_class = AnnualPlanEntrySerializer
    filterset_class = AnnualPlanEntryFilterSet
    ordering_fields = ["year", "plan_type", "planned_investment", "planned_start_on", "resumed_on"]
    zone_path = "project__zone"


class InvestmentReportViewSet(ZoneScopedViewSet):
    """Monthly figures of your zones' projects (one per project and month)."""

    queryset = InvestmentReport.objects.all()
    serializer_class = InvestmentReportSerializer
    filterset_class = InvestmentReportFilterSet
    ordering_fields = ["year", "month", "completed_investment", "image_progress"]
    zone_path = "project__zone"


class TargetViewSet(ZoneScopedViewSet):
    """Annual and quarterly targets of your zones. Only a zone lead of the zone writes."""

    queryset = Target.objects.all()
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet
    ordering_fields = ["year", "metric", "min_investment", "annual_value"]
    write_level = LEAD


class LandParcelViewSet(ZoneScopedViewSet):
    """Your zones' ledgers of idle and inefficient land (闲置低效土地), parcel by parcel."""

    queryset = LandParcel.objects.select_related("park")
    serializer_class = LandParcelSerializer
    filterset_class = LandParcelFilterSet
    ordering_fields = ["identified_on", "revitalized_on", "area_mu", "planned_year"]


class ParkIndicatorViewSet(ZoneScopedViewSet):
    """What your zones' parks reported (园区指标), for a year or one of its quarters."""

    queryset = ParkIndicator.objects.select_related("park")
    serializer_class = ParkIndicatorSerializer
    filterset_class = ParkIndicatorFilterSet
    ordering_fields = ["year", "quarter", "output_value", "tax_revenue", "industrial_output"]
    zone_path = "park__zone"
