from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    REPORT_FIELDS,
    AnnualPlanEntry,
    InvestmentReport,
    LandParcel,
    ParkIndicator,
    Target,
)


@admin.register(AnnualPlanEntry)
class AnnualPlanEntryAdmin(SimpleHistoryAdmin):
    list_display = ["year", "project", "plan_type", "planned_investment", "planned_start_on"]
    list_filter = ["year", "plan_type", "project__zone"]
    search_fields = ["project__code", "project__name"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]


@admin.register(InvestmentReport)
class InvestmentReportAdmin(SimpleHistoryAdmin):
    # A note runs long: the change list keeps to the figures.
    list_display = [field for field in REPORT_FIELDS if field != "note"]
    list_filter = ["year", "month", "project__zone"]
    search_fields = ["project__code", "project__name"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["zone", "year", "metric", "min_investment", "category", "level", "annual_value"]
    list_filter = ["year", "metric", "zone"]
    search_fields = ["zone__name", "zone__code"]
    list_select_related = ["zone"]
    autocomplete_fields = ["zone"]


@admin.register(LandParcel)
class LandParcelAdmin(SimpleHistoryAdmin):
    list_display = [
        "location",
        "zone",
        "park",
        "kind",
        "area_mu",
        "identified_on",
        "revitalized_on",
        "revitalized_mu",
    ]
    list_filter = ["kind", "method", "zone"]
    search_fields = ["location", "land_use", "zone__name", "zone__code"]
    list_select_related = ["zone", "park"]
    raw_id_fields = ["project"]
    autocomplete_fields = ["zone"]


@admin.register(ParkIndicator)
class ParkIndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["park", "year", "quarter", "output_value", "tax_revenue", "industrial_output"]
    list_filter = ["year", "park__zone"]
    search_fields = ["park__name"]
    list_select_related = ["park"]
