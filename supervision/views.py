"""The alert list (督办提醒) of the user's zones, its Excel export, the navigation's count
of open alerts, and the 督办 list of blockers (with the alerts beside them as system items,
its Excel export, an alert made a blocker) with each blocker's page and actions."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parks.access import READ, WRITE, access_for
from parks.models import Region, Zone
from zonetrack.db import today
from zonetrack.excel import XLSX_CONTENT_TYPE
from zonetrack.excel import render as render_xlsx

from .choices import BlockerAction, BlockerCategory, BlockerLevel
from .excel import AlertSheet, BlockerSheet
from .forms import PENDING_FILTER, AlertForm, BlockerListForm, TransitionForm
from .models import LEVEL_ORDER, PENDING, Alert, Blocker, TransitionNotAllowed

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


# A leadership user's level of government, from the depth of the regions it leads: a
# province's path is "/JS/", a city's "/JS/JS-ZJ/"; anything deeper is a district or county.
LEVEL_BY_DEPTH = {1: BlockerLevel.PROVINCE, 2: BlockerLevel.CITY}
# The automatic alerts shown beside the blockers; the alert list has them all.
SYSTEM_ITEMS_SHOWN = 20
# Days a blocker made from an alert is given (办结时限), as for one raised by hand.
ALERT_BLOCKER_DAYS = 15


def leadership_level(user) -> str | None:
    """The level of government whose blockers are a leadership user's to push (the lowest
    of the regions it leads); ``None`` for every other user. Leadership is the one role that
    reads a region without writing in it (``parks.access.ROLES_FOR``), so the memberships
    already read say it without another query."""
    access = access_for(user)
    paths = access.region_paths.get(READ, set()) - access.region_paths.get(WRITE, set())
    if not paths:
        return None
    depth = max(path.count("/") - 1 for path in paths)
    return LEVEL_BY_DEPTH.get(depth, BlockerLevel.DISTRICT)


def _blocker_filters(request):
    """The 督办 list's form, bound to the query; a leadership user who asked for nothing gets
    the blockers at its level and above."""
    user = request.user
    access = access_for(user)
    zones = Zone.objects.visible_to(user).order_by("code").values_list("pk", "name")
    regions = {}
    if access.is_admin or access.region_paths.get(READ):
        rows = Region.objects.read_whole_by(user).values_list("pk", "name", "path")
        regions = {pk: (name, path) for pk, name, path in rows}
    my_level = leadership_level(user)
    data = request.GET
    # Only a page number asked: still the default view, whose later pages keep the default.
    if my_level is not None and set(data) <= {"page"}:
        data = data.copy()
        data["my_level"] = "on"
    form = BlockerListForm(
        data,
        zones=list(zones),
        regions=[(pk, name) for pk, (name, _path) in regions.items()],
        my_level=my_level,
    )
    region_path = regions[form.value("region")][1] if form.value("region") else None
    return form, my_level, region_path


def _in_place(items, form, region_path, to_zone):
    if zone_id := form.value("zone"):
        items = items.filter(**{f"{to_zone}_id": zone_id})
    if region_path:
        items = items.filter(**{f"{to_zone}__region__path__startswith": region_path})
    return items


def _filtered_blockers(request):
    """The 督办 list's form and what it selects of the user's zones, the latest first; with
    the filter's zone or region path for the system items beside them."""
    form, my_level, region_path = _blocker_filters(request)
    as_of = today()
    blockers = (
        Blocker.objects.visible_to(request.user).select_related("project__zone").by_lateness()
    )
    blockers = _in_place(blockers, form, region_path, "project__zone")
    if status := form.value("status"):
        pending = status == PENDING_FILTER
        blockers = (
            blockers.filter(status__in=PENDING) if pending else blockers.filter(status=status)
        )
    if category := form.value("category"):
        blockers = blockers.filter(category=category)
    if level := form.value("level"):
        blockers = blockers.filter(level=level)
    if unit := form.value("responsible_unit"):
        blockers = blockers.filter(responsible_unit__icontains=unit.strip())
    if leader := form.value("leader"):
        blockers = blockers.filter(responsible_leader__icontains=leader.strip())
    if (days := form.value("older_than")) is not None:
        blockers = blockers.filter(raised_on__lt=as_of - timedelta(days=days))
    if year := form.value("closed_in"):
        blockers = blockers.filter(closed_on__year=year)
    if form.value("overdue"):
        blockers = blockers.overdue(as_of)
    if my_level and form.value("my_level"):
        blockers = blockers.filter(level__in=LEVEL_ORDER[LEVEL_ORDER.index(my_level) :])
    return form, blockers, region_path


@login_required
def blocker_list(request):
    """The blockers (督办) of the user's zones, the latest first: those past their deadline,
    then those due soonest, then the resolved and closed ones; beside them, the open alerts
    of the same zones as system items, each of which can be made a blocker."""
    form, blockers, region_path = _filtered_blockers(request)
    as_of = today()
    page = Paginator(blockers, BLOCKERS_PAGE_SIZE).get_page(request.GET.get("page"))
    for blocker in page:
        blocker.late = blocker.days_late(as_of)
    alerts = _in_place(
        Alert.objects.open().visible_to(request.user).with_subjects(), form, region_path, "zone"
    ).select_related("zone__region", "blocker")
    shown = list(alerts[:SYSTEM_ITEMS_SHOWN])
    access = access_for(request.user)
    for alert in shown:
        alert.can_make_blocker = bool(alert.project_id) and access.can(alert.zone, WRITE)
        alert.made_blocker = getattr(alert, "blocker", None)
    context = {
        "form": form,
        "page": page,
        "alerts": shown,
        "alert_count": alerts.count(),
        "alerts_url": reverse("supervision:alerts")
        + (f"?zone={form.value('zone')}" if form.value("zone") else ""),
    }
    return render(request, "supervision/blockers.html", context)


@login_required
def export_blockers(request):
    """The blockers of the filtered 督办 list, every page of it, as an .xlsx."""
    _form, blockers, _region_path = _filtered_blockers(request)
    sheet = BlockerSheet(blockers, today())
    response = HttpResponse(render_xlsx(sheet), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="blockers-{today():%Y%m%d}.xlsx"'
    return response


@login_required
@require_POST
def blocker_from_alert(request, pk):
    """Turn an automatic alert into a blocker in one step: its message the title, its project,
    category "other", the zone's level, fifteen days to solve it. An alert gives at most one
    blocker: asking again leads to the one it gave."""
    alerts = Alert.objects.visible_to(request.user).select_related(
        "zone__region", "project", "milestone", "plan_entry", "target"
    )
    alert = get_object_or_404(alerts, pk=pk)
    if not access_for(request.user).can(alert.zone, WRITE):
        raise PermissionDenied(_("Your role in this zone does not allow handling blockers."))
    if alert.project_id is None:
        messages.error(request, _("This alert is about a whole zone: a blocker needs a project."))
        return redirect("supervision:blockers")
    as_of = today()
    blocker = Blocker(
        alert=alert,
        project=alert.project,
        title=alert.message[: Blocker._meta.get_field("title").max_length],
        category=BlockerCategory.OTHER,
        level=BlockerLevel.ZONE,
        responsible_unit=alert.zone.name,
        raised_on=as_of,
        raised_by=request.user,
        deadline=as_of + timedelta(days=ALERT_BLOCKER_DAYS),
    )
    try:
        with transaction.atomic():
            # The alert's row is the lock: two clicks at once make one blocker, the second
            # is told of the first.
            Alert.objects.select_for_update().get(pk=alert.pk)
            blocker.full_clean()
            blocker.save()
    except (ValidationError, IntegrityError):
        existing = Blocker.objects.filter(alert=alert).first()
        if existing is None:
            raise
        messages.error(
            request,
            _("This alert was already made a blocker: “{title}”.").format(title=existing.title),
        )
        return redirect("supervision:blocker", pk=existing.pk)
    messages.success(
        request,
        _("The alert was made a blocker, due {date}.").format(date=blocker.deadline.isoformat()),
    )
    return redirect("supervision:blocker", pk=blocker.pk)


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
