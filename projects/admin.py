from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AttractionTeam, Leader, Milestone, Project, ProjectLeader, ScoreTier


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["kind", "planned_on", "actual_on", "note"]


class ProjectLeaderInline(admin.TabularInline):
    model = ProjectLeader
    extra = 0
    fields = ["position", "leader"]
    autocomplete_fields = ["leader"]


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
    autocomplete_fields = ["zone", "park", "team"]
    readonly_fields = ["leader", "attraction_team", "stage", "created_at", "updated_at"]
    inlines = [ProjectLeaderInline, MilestoneInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The inline wrote the links; store the primary's name as every other write does.
        project = form.instance
        project.set_leaders(project.leaders_in_order())


@admin.register(Leader)
class LeaderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "level", "region", "user"]
    list_filter = ["level", "region"]
    search_fields = ["name", "title", "user__username"]
    list_select_related = ["region", "user"]
    autocomplete_fields = ["region", "user"]


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


@admin.register(AttractionTeam)
class AttractionTeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "zone", "lead"]
    list_filter = ["zone"]
    search_fields = ["name", "lead", "members", "zone__name"]
    list_select_related = ["zone"]
    autocomplete_fields = ["zone"]


@admin.register(ScoreTier)
class ScoreTierAdmin(admin.ModelAdmin):
    """A region's size table for the staged scoring (4:3:3); regions without one use the
    nearest region above with one, else the defaults (≥ 1亿: 10, ≥ 10亿: 30, ≥ 50亿: 60,
    else 5)."""

    list_display = ["region", "min_investment", "score"]
    list_filter = ["region"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
