"""Project pages: list, detail, create, edit, record a milestone, Excel export.

Views stay thin: which rows a user sees comes from the model querysets, whether a write is
allowed from zonetrack.web (parks.access), and every rule from the models' full_clean().
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parks.access import WRITE, access_for
from parks.models import Park, Zone
from zonetrack.db import today
from zonetrack.excel import XLSX_CONTENT_TYPE
from zonetrack.history import history_events
from zonetrack.web import can_write, require_write

from . import excel
from .active_filters import hidden_filter_chips
from .choices import MILESTONE_ORDER, MilestoneKind
from .filtersets import ProjectFilterSet
from .forms import (
    AttractionTeamForm,
    MilestoneRecordForm,
    ProjectForm,
    SortForm,
    list_filter_form,
)
from .models import AttractionTeam, Milestone, Project
from .panels import MAIN, SIDE, registered
from .rows import mark_rows

PAGE_SIZES = (25, 50, 100)
# The filters the list shows, in this order (the FilterSet has more, e.g. region, for the API).
LIST_FILTERS = ("zone", "park", "stage", "category", "level", "status", "min_investment")


def visible_project_or_404(user, pk):
    queryset = Project.objects.visible_to(user).select_related("zone__region", "park")
    return get_object_or_404(queryset, pk=pk)


def _filtered_projects(request):
    """The API's ProjectFilterSet over the projects the user sees, sorted as asked."""
    queryset = Project.objects.visible_to(request.user).select_related("zone__region", "park")
    filterset = ProjectFilterSet(request.GET, queryset=queryset, request=request)
    form = list_filter_form(filterset.form)
    sort_form = SortForm(request.GET)
    form.sort_field = sort_form["sort"]
    return form, filterset.qs.order_by(*sort_form.ordering())


@login_required
def project_list(request):
    form, queryset = _filtered_projects(request)
    try:
        page_size = int(request.GET.get("page_size", PAGE_SIZES[1]))
    except ValueError:
        page_size = PAGE_SIZES[1]
    if page_size not in PAGE_SIZES:
        page_size = PAGE_SIZES[1]
    page = Paginator(queryset.prefetch_related("milestones"), page_size).get_page(
        request.GET.get("page")
    )
    for project in page:
        project.timeline = _timeline(project)
        project.writable = can_write(request.user, project.zone)
    mark_rows(page)
    chips, clear_url = hidden_filter_chips(request, form, ("q", *LIST_FILTERS))
    return render(
        request,
        "projects/project_list.html",
        {
            "filter_form": form,
            "filter_fields": [form[name] for name in LIST_FILTERS],
            "active_filters": chips,
            "clear_filters_url": clear_url,
            "page": page,
            "page_sizes": PAGE_SIZES,
            "page_size": page_size,
            "current_sort": request.GET.get("sort", "code"),
            "can_create": _can_create(request.user),
        },
    )


def _can_create(user):
    return access_for(user).reaches(WRITE)


def _timeline(project, as_of=None):
    """The four milestones in order, each with its state for display (done, late, overdue)."""
    as_of = as_of or today()
    by_kind = {m.kind: m for m in project.milestones.all()}
    steps = []
    for kind in MILESTONE_ORDER:
        milestone = by_kind.get(kind)
        planned = milestone.planned_on if milestone else None
        actual = milestone.actual_on if milestone else None
        if actual:
            state = "late" if planned and actual > planned else "done"
        elif milestone and milestone.is_overdue(as_of, project.status):
            state = "overdue"
        elif planned:
            state = "planned"
        else:
            state = "none"
        steps.append(
            {
                "kind": kind,
                "label": MilestoneKind(kind).label,
                "milestone": milestone,
                "planned": planned,
                "actual": actual,
                "state": state,
                "days_late": (actual - planned).days if actual and planned else None,
            }
        )
    return steps


@login_required
def export_projects(request):
    _form, queryset = _filtered_projects(request)
    content = excel.export_projects(queryset, request.user)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, _export_name(_form))
    return response


def _export_name(form) -> str:
    """Named for the zone (or region) the list is filtered to, as an office files it:
    "镇江新区-重点项目清单-20261122.xlsx" (sent as RFC 5987 filename*).
    """
    data = form.cleaned_data if form.is_valid() else {}
    park = data.get("park")
    place = data.get("zone") or (park.zone if park else None) or data.get("region")
    day = f"{today():%Y%m%d}"
    if place is None:
        return _("key projects-{date}").format(date=day) + ".xlsx"
    name = _("{place}-key projects-{date}").format(place=place.name, date=day)
    return "".join("-" if char in '/\\:*?"<>|' else char for char in name) + ".xlsx"


@login_required
def project_detail(request, pk):
    project = visible_project_or_404(request.user, pk)
    # One read of the milestones for the timeline and the record form.
    prefetch_related_objects([project], "milestones")
    return render(
        request,
        "projects/project_detail.html",
        _detail_context(request, project, MilestoneRecordForm(project=project)),
    )


def _detail_context(request, project, milestone_form):
    can_edit = can_write(request.user, project.zone)
    sections = {MAIN: [], SIDE: []}
    for panel in registered():
        data = panel.context(project, can_edit=can_edit)
        sections[panel.column].append({"template": panel.template, "data": data})
    return {
        "project": project,
        "can_edit": can_edit,
        "timeline": _timeline(project),
        "milestone_form": milestone_form,
        "main_panels": sections[MAIN],
        "side_panels": sections[SIDE],
        "history": _history(project),
    }


def _history(project):
    versions = Project.history.filter(id=project.pk)
    zone_ids = set(versions.values_list("zone_id", flat=True))
    park_ids = set(versions.exclude(park_id=None).values_list("park_id", flat=True))
    names = {(Zone, zone.pk): zone.name for zone in Zone.objects.filter(pk__in=zone_ids)}
    names.update({(Park, park.pk): park.name for park in Park.objects.filter(pk__in=park_ids)})
    sources = [
        (versions, lambda record: _("Project")),
        (
            Milestone.history.filter(project_id=project.pk),
            lambda record: str(MilestoneKind(record.kind).label),
        ),
    ]
    for panel in registered():
        if panel.history is not None:
            sources.extend(panel.history(project))
    subjects = {queryset.model.instance_type: subject for queryset, subject in sources}
    return history_events(
        [queryset for queryset, _subject in sources],
        lambda record: subjects[record.instance_type](record),
        related_names=names,
    )


@login_required
def project_create(request):
    require_write(request.user)
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        project = form.save()
        messages.success(request, _("Project {code} created.").format(code=project.code))
        return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@login_required
def project_edit(request, pk):
    project = visible_project_or_404(request.user, pk)
    require_write(request.user, project.zone)
    if request.method != "POST":
        form = ProjectForm(instance=project, user=request.user)
        return render(request, "projects/project_form.html", {"form": form, "project": project})
    with transaction.atomic():
        # Lock the row so that the version check and the save see the same project.
        locked = Project.objects.select_for_update().get(pk=project.pk)
        # And its milestones, whose planned dates the form checks and writes: a change made
        # elsewhere meanwhile either lands before (and is a conflict) or waits for this save.
        list(Milestone.objects.select_for_update().filter(project=locked))
        form = ProjectForm(request.POST, instance=locked, user=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Project {code} saved.").format(code=locked.code))
            return redirect("projects:detail", pk=locked.pk)
    conflict = any(e.code == "conflict" for e in form.non_field_errors().as_data())
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "project": project, "conflict": conflict},
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_milestone(request, pk):
    """The htmx endpoint of the one-step milestone form, on the list and on the detail page.

    GET gives the form; POST saves and answers with the updated fragment (the list row or
    the detail page's milestone panel), or with the form and its errors, saving nothing.
    """
    project = visible_project_or_404(request.user, pk)
    require_write(request.user, project.zone)
    where = "detail" if request.GET.get("in") == "detail" else "list"
    form = MilestoneRecordForm(request.POST or None, project=project)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            form.save(user=request.user)
        except ValidationError as error:
            # Another official recorded a milestone of this project after the form checked.
            form.add_error(None, error)
        else:
            saved = True
            project.refresh_from_db()
            form = MilestoneRecordForm(project=project)
    project = (
        Project.objects.prefetch_related("milestones")
        .select_related("zone__region", "park")
        .get(pk=project.pk)
    )
    context = {
        "project": project,
        "timeline": _timeline(project),
        "milestone_form": form,
        "can_edit": True,
        "saved": saved,
    }
    if where == "detail":
        return render(request, "projects/_milestone_panel.html", context)
    if saved or request.GET.get("cancel"):
        project.timeline = context["timeline"]
        project.writable = True
        mark_rows([project])
        return render(request, "projects/_project_row.html", {"project": project, "saved": saved})
    return render(request, "projects/_milestone_row_form.html", context)


@login_required
@require_POST
def team_create(request, zone_id):
    """Add an attraction team to a zone, then go back to the page the form was on (the team
    ranking, which shows the form to those who may write the zone)."""
    zone = get_object_or_404(Zone.objects.visible_to(request.user), pk=zone_id)
    require_write(request.user, zone)
    form = AttractionTeamForm(request.POST, instance=AttractionTeam(zone=zone))
    if form.is_valid():
        team = form.save()
        messages.success(request, _("Attraction team {name} added.").format(name=team.name))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("projects:list")
    return redirect(back)
