"""The parks page (园区指标): a zone's parks with their figures for a year (output per km²,
亩均税收, share of the zone's investment), and a grid where the zone's officials enter what
each park reported for the year or a quarter, all rows saved together. Leadership reads."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from investment.excel import ParkIndicatorImporter
from investment.forms import ParkIndicatorGrid
from investment.models import ParkIndicator
from zonetrack.db import today
from zonetrack.excel import XLSX_CONTENT_TYPE
from zonetrack.web import can_write, require_write, visible_zones

from .figures.parks import park_figures
from .figures.period import Period
from .figures.scopes import Scope

QUARTERS = ("1", "2", "3", "4")


def _int(value, default, low, high):
    return int(value) if value.isdigit() and low <= int(value) <= high else default


@login_required
@require_http_methods(["GET", "POST"])
def park_page(request):
    zones = list(visible_zones(request.user))
    if not zones:
        raise Http404
    zone_id = request.GET.get("zone", "")
    zone = next((z for z in zones if str(z.pk) == zone_id), None) if zone_id else zones[0]
    if zone is None:
        raise Http404
    year = _int(request.GET.get("year", ""), today().year, 2000, 2100)
    quarter_text = request.GET.get("quarter", "")
    quarter = int(quarter_text) if quarter_text in QUARTERS else None
    if request.GET.get("format") == "xlsx":
        rows = (
            ParkIndicator.objects.filter(park__zone=zone, year=year)
            .select_related("park__zone")
            .order_by("park__name", "quarter")
        )
        response = HttpResponse(
            ParkIndicatorImporter(request.user).export(rows), content_type=XLSX_CONTENT_TYPE
        )
        name = f"zonetrack-parks-{zone.code}-{year}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    writable = can_write(request.user, zone)
    if request.method == "POST":
        require_write(request.user, zone)
    parks = list(zone.parks.order_by("name", "pk"))
    grid = ParkIndicatorGrid(
        parks, year, quarter, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST":
        count = grid.save() if grid.is_valid() else None
        if count is not None:
            messages.success(request, _("Saved the figures of {count} parks.").format(count=count))
            query = f"?zone={zone.pk}&year={year}&quarter={quarter or ''}"
            return redirect(reverse("reports:parks") + query)
        messages.error(
            request,
            _("Nothing was saved: {count} rows have errors, marked below.").format(
                count=grid.error_count
            ),
        )
    period = Period(year, min(date(year, 12, 31), today()))
    return render(
        request,
        "reports/parks.html",
        {
            "zones": zones,
            "zone": zone,
            "scope": Scope.for_zone(zone),
            "year": year,
            "quarter": quarter,
            "quarters": QUARTERS,
            "period": period,
            "park_figures": park_figures(Scope.for_zone(zone), period),
            "grid": grid,
            "writable": writable,
        },
    )
