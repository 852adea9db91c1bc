"""The alert list (督办提醒) of the user's zones, its Excel export, the navigation's count
of open alerts, the 督办 list of blockers (with the alerts beside them as system items, its
Excel export, an alert made a blocker) with each blocker's page and actions, and the round
(调度) of a zone's key projects."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parks.access import READ, WRITE, access_for
from parks.models import Region, Zone
from projects.models import Project
from projects.rows import mark_rows
from zonetrack.db import today
from zonetrack.excel import XLSX_CONTENT_TYPE
from zonetrack.excel import render as render_xlsx
from zonetrack.web import can_write, require_write, visible_zones

from .choices import BlockerAction, BlockerCategory, BlockerLevel
from .evidence_forms import EvidenceUploadForm
from .excel import AlertSheet, BlockerSheet, NoticeSheet
from .forms import (
    PENDING_FILTER,
    AlertForm,
    BlockerListForm,
    NoticeForm,
    NoticeListForm,
    NoticeReplyForm,
    RoundForm,
    RoundGrid,
    TaskForceMemberForm,
    TransitionForm,
)
from .models import (
    LEVEL_ORDER,
    PENDING,
    Alert,
    Blocker,
    Notice,
    TaskForceMember,
    TransitionNotAllowed,
    key_projects,
    level_of_region,
)

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
    return level_of_region(max(paths, key=lambda path: path.count("/")))


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
    mark_rows([blocker.project for blocker in page])  # the light's dot: one query for all rows
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
        "can_raise": access.reaches(WRITE),
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


def _blocker_page(request, blocker, form=None, status=200, evidence_form=None):
    actions = blocker.allowed_actions(request.user)
    context = {
        "evidence": blocker.evidence.select_related("uploaded_by"),
        "can_attach": can_write(request.user, blocker.project.zone),
        "evidence_form": evidence_form or EvidenceUploadForm(),
        "blocker": blocker,
        "late": blocker.days_late(today()),
        "steps": blocker.steps.select_related("by"),
        "updates": blocker.updates.select_related("reported_by").order_by("-period_start"),
        "actions": [(action, BlockerAction(action).label) for action in actions],
        "can_resolve": BlockerAction.RESOLVE in actions,
        "can_assign": BlockerAction.ASSIGN in actions,
        "can_issue_notice": blocker.status in PENDING
        and can_write(request.user, blocker.project.zone),
        "form": form or TransitionForm(blocker=blocker),
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
    form = TransitionForm(request.POST, blocker=blocker)
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


# -- supervision notices (督办单) ------------------------------------------------------------

NOTICES_PAGE_SIZE = 50
# A notice issued from a blocker's page is due a week later unless the official says otherwise.
NOTICE_REPLY_DAYS = 7


def _visible_notices(request):
    return Notice.objects.visible_to(request.user).select_related("zone", "project", "blocker")


def _filtered_notices(request):
    """The notice list's form and the notices it selects, of the user's zones only, the
    newest first."""
    zones = Zone.objects.visible_to(request.user).order_by("code").values_list("pk", "name")
    form = NoticeListForm(request.GET, zones=list(zones))
    notices = _visible_notices(request).order_by("-issued_on", "-year", "-seq", "pk")
    if zone_id := form.value("zone"):
        notices = notices.filter(zone_id=zone_id)
    if status := form.value("status"):
        notices = notices.filter(status=status)
    if form.value("overdue"):
        notices = notices.unanswered_past_deadline(today())
    return form, notices


@login_required
def notice_list(request):
    """The notices of the user's zones, the newest first, those unanswered past their
    deadline flagged."""
    form, notices = _filtered_notices(request)
    as_of = today()
    page = Paginator(notices, NOTICES_PAGE_SIZE).get_page(request.GET.get("page"))
    for notice in page:
        notice.overdue = notice.is_overdue(as_of)
    return render(request, "supervision/notices.html", {"form": form, "page": page})


@login_required
def export_notices(request):
    """The notices of the filtered list, every page of it, as an .xlsx."""
    _form, notices = _filtered_notices(request)
    response = HttpResponse(
        render_xlsx(NoticeSheet(notices, today())), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="notices-{today():%Y%m%d}.xlsx"'
    return response


def _visible_notice(request, pk):
    notices = _visible_notices(request).select_related("zone__region", "blocker__project")
    return get_object_or_404(notices, pk=pk)


@login_required
def notice_detail(request, pk):
    """A notice with its reply; a writer of the zone records the reply here."""
    notice = _visible_notice(request, pk)
    can_reply = can_write(request.user, notice.zone)
    form = NoticeReplyForm(instance=notice)
    status = 200
    if request.method == "POST":
        require_write(request.user, notice.zone)
        form = NoticeReplyForm(request.POST, instance=notice)
        if form.is_valid():
            form.save()
            messages.success(request, _("The reply was recorded."))
            return redirect("supervision:notice", pk=notice.pk)
        status = 400
    context = {
        "notice": notice,
        "overdue": notice.is_overdue(today()),
        "can_reply": can_reply,
        "form": form,
    }
    return render(request, "supervision/notice.html", context, status=status)


@login_required
def notice_print(request, pk):
    """The notice as an A4 督办通知单, laid out for printing."""
    return render(
        request, "supervision/notice_print.html", {"notice": _visible_notice(request, pk)}
    )


@login_required
def notice_create(request, blocker_pk):
    """Issue a notice on a blocker, to its responsible unit by default, due in a week."""
    blocker = _visible_blocker(request, blocker_pk)
    require_write(request.user, blocker.project.zone)
    notice = Notice(blocker=blocker, project=blocker.project, zone=blocker.project.zone)
    if request.method == "POST":
        form = NoticeForm(request.POST, instance=notice)
        if form.is_valid():
            saved = form.save()
            messages.success(request, _("Notice {number} was issued.").format(number=saved.number))
            return redirect("supervision:notice", pk=saved.pk)
        status = 400
    else:
        initial = {
            "unit": blocker.responsible_unit,
            "deadline": today() + timedelta(days=NOTICE_REPLY_DAYS),
        }
        form = NoticeForm(instance=notice, initial=initial)
        status = 200
    context = {"form": form, "blocker": blocker}
    return render(request, "supervision/notice_form.html", context, status=status)


# -- task forces (专班) ------------------------------------------------------------------


def _task_force_page(request, form, project, member=None, status=200):
    context = {
        "form": form,
        "project": project,
        "member": member,
        "back_url": reverse("projects:detail", args=[project.pk]),
    }
    return render(request, "supervision/task_force_form.html", context, status=status)


def _save_member(request, form, project, member=None):
    if form.is_valid():
        form.save()
        messages.success(request, _("The task force was saved."))
        return redirect("projects:detail", pk=project.pk)
    return _task_force_page(request, form, project, member, status=400)


@login_required
def task_force_add(request, project_pk):
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("zone__region"), pk=project_pk
    )
    require_write(request.user, project.zone)
    member = TaskForceMember(project=project)
    if request.method == "POST":
        return _save_member(request, TaskForceMemberForm(request.POST, instance=member), project)
    return _task_force_page(request, TaskForceMemberForm(instance=member), project)


def _writable_member(request, pk):
    members = TaskForceMember.objects.visible_to(request.user).select_related(
        "project__zone__region"
    )
    member = get_object_or_404(members, pk=pk)
    require_write(request.user, member.project.zone)
    return member


@login_required
def task_force_edit(request, pk):
    member = _writable_member(request, pk)
    if request.method == "POST":
        form = TaskForceMemberForm(request.POST, instance=member)
        return _save_member(request, form, member.project, member)
    return _task_force_page(request, TaskForceMemberForm(instance=member), member.project, member)


@login_required
def task_force_delete(request, pk):
    member = _writable_member(request, pk)
    back_url = reverse("projects:detail", args=[member.project_id])
    if request.method == "POST":
        member.delete()
        messages.success(request, _("{name} left the task force.").format(name=member.name))
        return redirect(back_url)
    context = {"object": member, "back_url": back_url}
    return render(request, "investment/confirm_delete.html", context)


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
    mark_rows(projects)  # the light's dot: one query for all rows
    posted = request.method == "POST"
    grid = RoundGrid(
        projects,
        as_of,
        data=request.POST if posted else None,
        files=request.FILES if posted else None,
    )
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
