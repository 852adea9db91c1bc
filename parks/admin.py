from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Park, Region, Zone


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "parent", "path"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


class ParkInline(admin.TabularInline):
    model = Park
    extra = 0


@admin.register(Zone)
class ZoneAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "region", "kind", "area_km2"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    inlines = [ParkInline]


@admin.register(Park)
class ParkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "zone", "lead_industry", "area_km2"]
    list_filter = ["zone"]
    search_fields = ["name", "lead_industry", "zone__name"]
    list_select_related = ["zone"]
    autocomplete_fields = ["zone"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "zone", "region"]
    list_filter = ["role", "zone", "region"]
    search_fields = ["user__username", "zone__name", "region__name"]
    list_select_related = ["user", "zone", "region"]
    autocomplete_fields = ["user", "zone", "region"]
