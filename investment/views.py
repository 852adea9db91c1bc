"""The monthly report grid, the Excel imports (projects, plan entries, monthly reports, land
parcels), a zone's targets (set by its lead), a zone's annual plan and its land ledger (kept
by its officials)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projects.models import Project
from zonetrack.db import today
from zonetrack.excel import XLSX_CONTENT_TYPE
from zonetrack.forms import widget_class
from zonetrack.imports import SheetError
from zonetrack.web import (
    can_lead,
    can_write,
    lead_zones,
    require_lead,
    require_write,
    visible_zones,
)

from .choices import PlanType, TargetMetric
from .excel import IMPORTERS, LandImporter
from .filtersets import LandParcelFilterSet
from .forms import (
    MONEY_FIELDS,
    AnnualPlanEntryForm,
    LandParcelForm,
    PeriodForm,
    ReportGrid,
    TargetForm,
    ZoneYearForm,
)
from .models import (
    AnnualPlanEntry,
    InvestmentReport,
    LandParcel,
    Target,
    projects_to_report,
    reporting_period,
)

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
        if grid.is_valid() and (count := grid.save()) is not None:
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


def _zone_and_year(request, zone_id=None):
    """The zone (``?zone=``, else the user's first) and year (``?year=``, else this year) a
    targets or plan page shows; a zone the user does not read is 404."""
    zones = list(visible_zones(request.user))
    if not zones:
        raise Http404
    data = {
        "zone": zone_id or request.GET.get("zone") or zones[0].pk,
        "year": request.GET.get("year") or today().year,
    }
    period = ZoneYearForm(data, zones=zones)
    period.is_valid()
    zone = period.chosen_zone()
    if zone is None:
        raise Http404
    year = period.cleaned_data.get("year") or today().year
    return period, zone, year


def _list_url(name, zone_id, year):
    return f"{reverse(name)}?zone={zone_id}&year={year}"


METRIC_ORDER = {metric: index for index, metric in enumerate(TargetMetric.values)}


@login_required
def target_list(request):
    """A zone's targets for a year; its lead adds, edits and deletes them, others read."""
    period, zone, year = _zone_and_year(request)
    targets = sorted(
        Target.objects.filter(zone=zone, year=year),
        key=lambda target: (METRIC_ORDER[target.metric], target.min_investment),
    )
    return render(
        request,
        "investment/target_list.html",
        {
            "period": period,
            "zone": zone,
            "year": year,
            "targets": targets,
            "can_lead": can_lead(request.user, zone),
        },
    )


def _target_form_page(request, form, target=None):
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        text = _("Target saved.") if target else _("Target added.")
        messages.success(request, text)
        return redirect(_list_url("investment:targets", saved.zone_id, saved.year))
    zone = target.zone if target else form.initial["zone"]
    year = target.year if target else form.initial["year"]
    return render(
        request,
        "investment/target_form.html",
        {
            "form": form,
            "target": target,
            "back_url": _list_url("investment:targets", zone.pk, year),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request):
    _period, zone, year = _zone_and_year(request)
    require_lead(request.user, zone)
    form = TargetForm(
        request.POST or None,
        zones=lead_zones(request.user),
        initial={"zone": zone, "year": year},
    )
    return _target_form_page(request, form)


def _target_or_404(request, pk):
    queryset = Target.objects.visible_to(request.user).select_related("zone__region")
    target = get_object_or_404(queryset, pk=pk)
    require_lead(request.user, target.zone)
    return target


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, pk):
    target = _target_or_404(request, pk)
    form = TargetForm(request.POST or None, instance=target, zones=lead_zones(request.user))
    return _target_form_page(request, form, target)


@login_required
@require_http_methods(["GET", "POST"])
def target_delete(request, pk):
    target = _target_or_404(request, pk)
    back_url = _list_url("investment:targets", target.zone_id, target.year)
    if request.method == "POST":
        target.delete()
        messages.success(request, _("Target deleted: {target}.").format(target=target))
        return redirect(back_url)
    return render(
        request, "investment/confirm_delete.html", {"object": target, "back_url": back_url}
    )


@login_required
def plan_list(request):
    """A zone's annual plan (年度重点项目计划) for a year, with its totals."""
    period, zone, year = _zone_and_year(request)
    entries = (
        AnnualPlanEntry.objects.filter(project__zone=zone, year=year)
        .select_related("project")
        .order_by("project__code")
    )
    totals = entries.aggregate(
        count=Count("pk"),
        new=Count("pk", filter=Q(plan_type=PlanType.NEW)),
        continuing=Count("pk", filter=Q(plan_type=PlanType.CONTINUING)),
        planned_investment=Sum("planned_investment"),
    )
    return render(
        request,
        "investment/plan_list.html",
        {
            "period": period,
            "zone": zone,
            "year": year,
            "entries": entries,
            "totals": totals,
            "can_write": can_write(request.user, zone),
        },
    )


def _plan_back_url(request, entry):
    # Opened from the project page, the form goes back there; else to the zone's plan.
    if request.GET.get("from") == "project":
        return reverse("projects:detail", args=[entry.project_id])
    return _list_url("investment:plans", entry.project.zone_id, entry.year)


def _plan_form_page(request, form, zone, entry=None):
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        text = _("Plan entry saved.") if entry else _("Plan entry added.")
        messages.success(request, text)
        return redirect(_plan_back_url(request, saved))
    year = entry.year if entry else form.initial["year"]
    if request.GET.get("from") == "project" and form.initial.get("project"):
        back_url = reverse("projects:detail", args=[form.initial["project"].pk])
    else:
        back_url = _list_url("investment:plans", zone.pk, year)
    return render(
        request,
        "investment/plan_form.html",
        {"form": form, "entry": entry, "zone": zone, "back_url": back_url},
    )


def _zone_projects(zone):
    return Project.objects.filter(zone=zone).order_by("code")


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    """Add a project of the zone to a year's plan; ``?project=`` comes from its page."""
    project = None
    project_id = request.GET.get("project")
    if project_id:
        if not project_id.isdigit():
            raise Http404
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=project_id)
    _period, zone, year = _zone_and_year(request, project.zone_id if project else None)
    require_write(request.user, zone)
    initial = {"project": project, "year": year}
    form = AnnualPlanEntryForm(request.POST or None, projects=_zone_projects(zone), initial=initial)
    return _plan_form_page(request, form, zone)


def _plan_entry_or_404(request, pk):
    queryset = AnnualPlanEntry.objects.visible_to(request.user).select_related(
        "project__zone__region"
    )
    entry = get_object_or_404(queryset, pk=pk)
    require_write(request.user, entry.project.zone)
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    entry = _plan_entry_or_404(request, pk)
    zone = entry.project.zone
    form = AnnualPlanEntryForm(request.POST or None, instance=entry, projects=_zone_projects(zone))
    return _plan_form_page(request, form, zone, entry)


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request, pk):
    entry = _plan_entry_or_404(request, pk)
    back_url = _list_url("investment:plans", entry.project.zone_id, entry.year)
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("Plan entry deleted: {entry}.").format(entry=entry))
        return redirect(back_url)
    return render(
        request, "investment/confirm_delete.html", {"object": entry, "back_url": back_url}
    )


@login_required
def land_list(request):
    """A zone's land ledger (闲置低效土地): its parcels with filters, the year's figures, an
    export of the list shown; its officials add and edit parcels and import a sheet."""
    zones = list(visible_zones(request.user))
    if not zones:
        raise Http404
    zone_id = request.GET.get("zone") or zones[0].pk
    zone = next((z for z in zones if str(z.pk) == str(zone_id)), None)
    if zone is None:
        raise Http404
    parcels = LandParcel.objects.filter(zone=zone).select_related("park", "project")
    filters = LandParcelFilterSet(request.GET, queryset=parcels, request=request)
    filters.form.fields["park"].queryset = zone.parks.order_by("name")
    for field in filters.form.fields.values():
        field.widget.attrs["class"] = widget_class(field.widget, small=True)
    shown = filters.qs.order_by("identified_on", "location") if filters.is_valid() else parcels
    if request.GET.get("format") == "xlsx":
        importer = LandImporter(request.user)
        response = HttpResponse(importer.export(shown), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="zonetrack-land-{zone.code}.xlsx"'
        return response
    return render(
        request,
        "investment/land_list.html",
        {
            "zones": zones,
            "zone": zone,
            "filters": filters,
            "parcels": shown,
            "totals": shown.aggregate(
                count=Count("pk"),
                area_mu=Sum("area_mu"),
                revitalized=Count("pk", filter=Q(revitalized_on__isnull=False)),
                revitalized_mu=Sum("revitalized_mu"),
            ),
            "can_write": can_write(request.user, zone),
            "query": request.GET.urlencode(),
        },
    )


def _land_back_url(zone_id):
    return f"{reverse('investment:land')}?zone={zone_id}"


def _land_form_page(request, form, zone, parcel=None):
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        text = _("Parcel saved.") if parcel else _("Parcel added.")
        messages.success(request, text)
        return redirect(_land_back_url(saved.zone_id))
    return render(
        request,
        "investment/land_form.html",
        {"form": form, "parcel": parcel, "zone": zone, "back_url": _land_back_url(zone.pk)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def land_create(request):
    zone_id = request.GET.get("zone", "")
    if not zone_id.isdigit():
        raise Http404
    zone = get_object_or_404(visible_zones(request.user), pk=zone_id)
    require_write(request.user, zone)
    form = LandParcelForm(request.POST or None, zone=zone)
    return _land_form_page(request, form, zone)


@login_required
@require_http_methods(["GET", "POST"])
def land_edit(request, pk):
    queryset = LandParcel.objects.visible_to(request.user).select_related("zone__region")
    parcel = get_object_or_404(queryset, pk=pk)
    require_write(request.user, parcel.zone)
    form = LandParcelForm(request.POST or None, instance=parcel, zone=parcel.zone)
    return _land_form_page(request, form, parcel.zone, parcel)
