from django.contrib import admin

from .models import ALERT_FIELDS, Alert


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["kind", "zone", "project", "raised_on", "last_seen_on", "resolved_on"]
    list_filter = ["kind", "resolved_on", "zone"]
    search_fields = ["project__code", "project__name", "zone__name"]
    list_select_related = ["zone", "project"]
    date_hierarchy = "raised_on"
    readonly_fields = ALERT_FIELDS
