from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .lights.models import LightRule, LightRuleSet, ProjectLight
from .models import (
    ALERT_FIELDS,
    Alert,
    Blocker,
    BlockerStep,
    Notice,
    ProgressUpdate,
    TaskForceMember,
)


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["kind", "zone", "project", "raised_on", "last_seen_on", "resolved_on"]
    list_filter = ["kind", "resolved_on", "zone"]
    search_fields = ["project__code", "project__name", "zone__name"]
    list_select_related = ["zone", "project"]
    date_hierarchy = "raised_on"
    readonly_fields = (*ALERT_FIELDS, "detail")


STEP_FIELDS = (
    "at",
    "action",
    "from_status",
    "to_status",
    "from_level",
    "to_level",
    "by",
    "comment",
)


class BlockerStepInline(admin.TabularInline):
    model = BlockerStep
    fields = STEP_FIELDS
    readonly_fields = STEP_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Steps are written by Blocker.transition only, so the timeline stays true.
        return False


@admin.register(Blocker)
class BlockerAdmin(SimpleHistoryAdmin):
    list_display = ["title", "project", "category", "level", "status", "deadline", "closed_on"]
    list_filter = ["status", "category", "level"]
    search_fields = ["title", "responsible_unit", "project__code", "project__name"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    readonly_fields = ["status", "resolution", "closed_on", "raised_by"]
    inlines = [BlockerStepInline]


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    list_display = ["number", "zone", "project", "unit", "deadline", "status", "replied_on"]
    list_filter = ["status", "zone"]
    search_fields = ["unit", "project__code", "project__name"]
    list_select_related = ["zone", "project"]
    raw_id_fields = ["blocker", "project"]
    readonly_fields = ["number", "replied_on", "status"]


@admin.register(TaskForceMember)
class TaskForceMemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "project", "role", "unit", "position", "phone"]
    list_filter = ["role", "project__zone"]
    search_fields = ["name", "unit", "project__code", "project__name"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["project", "period_start", "image_progress", "reported_by", "reported_at"]
    list_filter = ["project__cadence", "project__zone"]
    search_fields = ["project__code", "project__name", "progress", "next_steps"]
    list_select_related = ["project", "reported_by"]
    raw_id_fields = ["project"]
    date_hierarchy = "period_start"
    readonly_fields = ["reported_by", "reported_at"]


class LightRuleInline(admin.TabularInline):
    model = LightRule
    extra = 0


@admin.register(LightRuleSet)
class LightRuleSetAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "region", "version", "updated_at", "updated_by"]
    list_select_related = ["region", "updated_by"]
    readonly_fields = ["version", "updated_by"]
    inlines = [LightRuleInline]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ProjectLight)
class ProjectLightAdmin(admin.ModelAdmin):
    list_display = ["project", "zone", "color", "valid_from", "valid_to", "rule_version"]
    list_filter = ["color", "valid_to", "zone"]
    search_fields = ["project__code", "project__name"]
    list_select_related = ["project", "zone"]
    raw_id_fields = ["project"]
    date_hierarchy = "valid_from"
    readonly_fields = [
        "project",
        "zone",
        "color",
        "reasons",
        "rule_colors",
        "valid_from",
        "valid_to",
        "rule_set",
        "rule_version",
    ]
