"""The alert list (督办提醒) of the user's zones, its Excel export, the navigation's count
of open alerts, the 督办 list of blockers with each blocker's page and actions, and the
round (调度) of a zone's key projects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parks.models import Zone
from projects.models import Project
from zonetrack.db import today
from zonetrack.excel import XLSX_CONTENT_TYPE
from zonetrack.excel import render as render_xlsx
from zonetrack.web import can_write, require_write, visible_zones

from .choices import BlockerAction
from .excel import AlertSheet
from .forms import PENDING_FILTER, AlertForm, BlockerListForm, RoundForm, RoundGrid, TransitionForm
from .models import PENDING, Alert, Blocker, TransitionNotAllowed, key_projects

ALERTS_PAGE_SIZE = 50
BLOCKERS_PAGE_SIZE = 50


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


@login_required
def blocker_list(request):
    """The blockers (督办) of the user's zones, the latest first: those past their deadline,
    then those due soonest, then the resolved and closed ones."""
    form = BlockerListForm(request.GET)
    as_of = today()
    blockers = (
        Blocker.objects.visible_to(request.user).select_related("project__zone").by_lateness()
    )
    if status := form.value("status"):
        pending = status == PENDING_FILTER
        blockers = (
            blockers.filter(status__in=PENDING) if pending else blockers.filter(status=status)
        )
    if category := form.value("category"):
        blockers = blockers.filter(category=category)
    if level := form.value("level"):
        blockers = blockers.filter(level=level)
    if form.value("overdue"):
        blockers = blockers.overdue(as_of)
    page = Paginator(blockers, BLOCKERS_PAGE_SIZE).get_page(request.GET.get("page"))
    for blocker in page:
        blocker.late = blocker.days_late(as_of)
    return render(request, "supervision/blockers.html", {"form": form, "page": page})


def _visible_blocker(request, pk):
    blockers = Blocker.objects.visible_to(request.user).select_related(
        "project__zone__region", "raised_by"
    )
    return get_object_or_404(blockers, pk=pk)


def _blocker_page(request, blocker, form=None, status=200):
    actions = blocker.allowed_actions(request.user)
    context = {
        "blocker": blocker,
        "late": blocker.days_late(today()),
        "steps": blocker.steps.select_related("by"),
        "actions": [(action, BlockerAction(action).label) for action in actions],
        "can_resolve": BlockerAction.RESOLVE in actions,
        "form": form or TransitionForm(),
    }
    return render(request, "supervision/blocker.html", context, status=status)


@login_required
def blocker_detail(request, pk):
    """A blocker with its timeline and the actions the user may take now."""
    return _blocker_page(request, _visible_blocker(request, pk))


@login_required
@require_POST
def blocker_transition(request, pk):
    """Take one action on a blocker; a refusal shows the page again with the reason and
    what was typed, and changes nothing."""
    blocker = _visible_blocker(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _blocker_page(request, blocker, form, status=400)
    try:
        blocker.transition(user=request.user, **form.cleaned_data)
    except TransitionNotAllowed as error:
        form.add_error(None, error.message)
        return _blocker_page(request, blocker, form, status=409)
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return _blocker_page(request, blocker, form, status=403)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _blocker_page(request, blocker, form, status=400)
    action = BlockerAction(form.cleaned_data["action"]).label
    messages.success(request, _("Done: {action}.").format(action=action))
    return redirect("supervision:blocker", pk=blocker.pk)


@login_required
@require_http_methods(["GET", "POST"])
def round_page(request):
    """A zone's round (调度): its active key projects, each due in the current period of its
    cadence, with the last update; officials fill them all and save once, leadership reads."""
    zones = list(visible_zones(request.user).order_by("code"))
    picker = RoundForm(request.GET, zones=[(zone.pk, zone.name) for zone in zones])
    # A zone asked for that the user does not see is 404 (not silently their first zone).
    if request.GET.get("zone") and picker.value("zone") is None:
        raise Http404
    zone_id = picker.value("zone", zones[0].pk if zones else None)
    zone = next((zone for zone in zones if zone.pk == zone_id), None)
    if zone is None:
        raise Http404
    if request.method == "POST":
        require_write(request.user, zone)
    as_of = today()
    projects = list(key_projects(Project.objects.filter(zone=zone), as_of).order_by("code"))
    grid = RoundGrid(projects, as_of, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if grid.is_valid() and (count := grid.save(request.user)) is not None:
            messages.success(
                request, _("Saved the updates of {count} projects.").format(count=count)
            )
            return redirect(reverse("supervision:round") + f"?zone={zone.pk}")
        messages.error(
            request,
            _("Nothing was saved: {count} rows need your attention, marked below.").format(
                count=grid.error_count
            ),
        )
    if not picker.data.get("zone"):
        picker = RoundForm({"zone": zone.pk}, zones=[(z.pk, z.name) for z in zones])
    context = {
        "picker": picker,
        "zone": zone,
        "grid": grid,
        "as_of": as_of,
        "writable": can_write(request.user, zone),
    }
    return render(request, "supervision/round.html", context)
