from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Milestone, Project


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["kind", "planned_on", "actual_on", "note"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "zone",
        "park",
        "category",
        "level",
        "total_investment",
        "stage",
        "status",
    ]
    list_filter = ["zone", "stage", "category", "level", "status", "capital_source", "is_attracted"]
    search_fields = ["code", "name", "investor"]
    list_select_related = ["zone", "park"]
    autocomplete_fields = ["zone", "park"]
    readonly_fields = ["stage", "created_at", "updated_at"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["project", "kind", "planned_on", "actual_on", "recorded_by", "recorded_at"]
    list_filter = ["kind", "project__zone"]
    search_fields = ["project__code", "project__name"]
    list_select_related = ["project", "recorded_by"]
    autocomplete_fields = ["project"]
    date_hierarchy = "actual_on"

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
