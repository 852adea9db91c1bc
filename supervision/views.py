"""The alert list (督办提醒) of the user's zones, its Excel export, and the navigation's count
of open alerts."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from parks.models import Zone
from zonetrack.db import today
from zonetrack.excel import XLSX_CONTENT_TYPE
from zonetrack.excel import render as render_xlsx

from .excel import AlertSheet
from .forms import AlertForm
from .models import Alert

ALERTS_PAGE_SIZE = 50


def _filtered_alerts(request):
    """The alert list's form and the open alerts it selects, of the user's zones only."""
    zones = Zone.objects.visible_to(request.user).order_by("code").values_list("pk", "name")
    form = AlertForm(request.GET, zones=list(zones))
    alerts = Alert.objects.open().visible_to(request.user).with_subjects()
    if zone_id := form.value("zone"):
        alerts = alerts.filter(zone_id=zone_id)
    if kind := form.value("kind"):
        alerts = alerts.filter(kind=kind)
    return form, alerts


@login_required
def alert_list(request):
    """The open alerts (督办提醒) of the user's zones, by zone and kind, newest first."""
    form, alerts = _filtered_alerts(request)
    page = Paginator(alerts, ALERTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "supervision/alerts.html", {"form": form, "page": page})


@login_required
def export_alerts(request):
    """The open alerts of the filtered list, every page of it, as an .xlsx."""
    _form, alerts = _filtered_alerts(request)
    response = HttpResponse(render_xlsx(AlertSheet(alerts)), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="alerts-{today():%Y%m%d}.xlsx"'
    return response


@login_required
def alert_badge(request):
    """The navigation's count of open alerts, loaded after the page (one count query), so
    that no page pays for it while it renders.
    """
    count = Alert.objects.open().visible_to(request.user).count()
    return render(request, "supervision/_alert_badge.html", {"count": count})
