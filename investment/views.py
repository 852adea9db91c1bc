"""The monthly report grid and the Excel imports (projects, plan entries, monthly reports)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projects.excel import XLSX_CONTENT_TYPE, SheetError
from projects.models import Project
from zonetrack.db import today
from zonetrack.web import can_write, require_write, visible_zones

from .excel import IMPORTERS
from .forms import MONEY_FIELDS, PeriodForm, ReportGrid
from .models import InvestmentReport, projects_to_report, reporting_period

IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_PAYLOAD_MAX_AGE = 3600


@login_required
@require_http_methods(["GET", "POST"])
def report_grid(request):
    """One page, one save: a month's figures for the zone's projects under way or planned."""
    zones = visible_zones(request.user)
    period = PeriodForm(request.GET, zones=zones)
    period.is_valid()
    default_year, default_month = reporting_period(today())
    zone = period.cleaned_data.get("zone") or zones.first()
    year = period.cleaned_data.get("year") or default_year
    month = period.cleaned_data.get("month") or default_month
    if zone is None:
        raise Http404
    writable = can_write(request.user, zone)
    if request.method == "POST":
        require_write(request.user, zone)
    # The milestones serve the model's "broken ground by the month's end" check on saving.
    projects = list(
        projects_to_report(Project.objects.visible_to(request.user).filter(zone=zone), year)
        .select_related("park")
        .prefetch_related("milestones")
        .order_by("code")
    )
    previous_year, previous_month = (year, month - 1) if month > 1 else (year - 1, 12)
    previous = {
        report.project_id: report
        for report in InvestmentReport.objects.filter(
            project__in=projects, year=previous_year, month=previous_month
        )
    }
    data = request.POST if request.method == "POST" else None
    grid = ReportGrid(projects, year, month, data=data, previous=previous)
    if request.method == "POST":
        if grid.is_valid():
            count = grid.save()
            messages.success(
                request,
                _("Saved {count} reports for {year}-{month}.").format(
                    count=count, year=year, month=f"{month:02d}"
                ),
            )
            query = f"?zone={zone.pk}&year={year}&month={month}"
            return redirect(reverse("investment:grid") + query)
        messages.error(
            request,
            _("Nothing was saved: {count} rows have errors, marked below.").format(
                count=grid.error_count
            ),
        )
    if not period.data.get("zone"):
        period = PeriodForm(initial={"zone": zone, "year": year, "month": month}, zones=zones)
    return render(
        request,
        "investment/report_grid.html",
        {
            "period": period,
            "zone": zone,
            "year": year,
            "month": month,
            "grid": grid,
            "writable": writable,
            "money_fields": MONEY_FIELDS,
            "totals": grid.totals(),
        },
    )


@login_required
def import_template(request, kind):
    importer_class = IMPORTERS.get(kind)
    if importer_class is None:
        raise Http404
    response = HttpResponse(importer_class(request.user).template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="zonetrack-{kind}-template.xlsx"'
    return response


def _signer_salt(request):
    return f"zonetrack.import.{request.user.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def import_sheet(request):
    """Upload → preview (every row checked, nothing written) → confirm (all rows or none)."""
    require_write(request.user)
    kind = request.POST.get("kind") or request.GET.get("kind") or "projects"
    importer_class = IMPORTERS.get(kind)
    if importer_class is None:
        raise Http404
    importer = importer_class(request.user)
    context = {"kinds": IMPORTERS, "kind": kind, "importer": importer}
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                result = _result_from_payload(request, importer)
            else:
                result = importer.read(_uploaded_file(request))
        except SheetError as error:
            context["sheet_error"] = str(error)
            return render(request, "investment/import.html", context)
        if action == "confirm" and result.is_valid:
            count = importer.save(result)
            messages.success(
                request, _("Imported {count} rows; the file was saved in full.").format(count=count)
            )
            return redirect(f"{reverse('investment:import')}?kind={kind}")
        context["result"] = result
        if result.is_valid:
            context["payload"] = signing.dumps(
                result.payload(), salt=_signer_salt(request), compress=True
            )
    return render(request, "investment/import.html", context)


def _uploaded_file(request):
    uploaded = request.FILES.get("file")
    if uploaded is None:
        raise SheetError(_("Choose an .xlsx file to upload."))
    if uploaded.size > IMPORT_MAX_BYTES:
        raise SheetError(_("The file is larger than 5 MB."))
    return uploaded


def _result_from_payload(request, importer):
    try:
        payload = signing.loads(
            request.POST.get("payload", ""),
            salt=_signer_salt(request),
            max_age=IMPORT_PAYLOAD_MAX_AGE,
        )
    except signing.BadSignature:
        raise SheetError(_("The preview has expired; upload the file again.")) from None
    if payload.get("kind") != importer.kind:
        raise SheetError(_("The preview has expired; upload the file again."))
    # Checked again: the data may have changed since the preview.
    return importer.check(payload["columns"], payload["rows"])
