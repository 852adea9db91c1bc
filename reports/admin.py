from django.contrib import admin

from .models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["date", "year", "zone", "region", "computed_at"]
    list_filter = ["year", "date"]
    search_fields = ["zone__name", "zone__code", "region__name", "region__code"]
    list_select_related = ["zone", "region"]
    date_hierarchy = "date"
    readonly_fields = ["zone", "region", "year", "date", "figures", "computed_at"]
