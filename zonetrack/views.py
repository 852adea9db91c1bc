"""The home page: the signed-in user's work as of today."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from investment.models import AnnualPlanEntry, projects_missing_report, reporting_period
from parks.access import READ, WRITE, Access, access_for
from projects.models import Milestone, Project
from supervision.models import Alert, current_start, due_without_update
from zonetrack.db import today

# Each list on the home page shows at most this many rows, with the total count beside it.
HOME_LIST_LIMIT = 25
DUE_WITHIN_DAYS = 30
# The newest open alerts shown; the navigation counts them all and links to the full list.
HOME_ALERT_LIMIT = 5


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    access = access_for(user)
    if not access.is_admin and access.reaches(READ) and not access.reaches(WRITE):
        # Leadership enters nothing: its work is reading the dashboard of its region, which
        # /dashboard/ resolves to the one region or zone it reads.
        return redirect("reports:dashboard")
    as_of = today()
    visible = Milestone.objects.visible_to(user)
    overdue = visible.overdue(as_of)
    milestones = (
        (overdue | visible.due_within(as_of, DUE_WITHIN_DAYS))
        .select_related("project__zone")
        .order_by("planned_on", "project__code")
    )
    year, month = reporting_period(as_of)
    missing = (
        projects_missing_report(Project.objects.visible_to(user), year, month)
        .select_related("zone")
        .order_by("zone__code", "code")
    )
    not_started = (
        AnnualPlanEntry.objects.visible_to(user)
        .not_started(as_of)
        .select_related("project__zone")
        .order_by("planned_start_on", "project__code")
    )
    # One query: the window gives the total beside the rows shown.
    updates_due = list(
        due_without_update(Project.objects.visible_to(user), as_of)
        .select_related("zone")
        .annotate(total=Window(Count("pk")), period_start=current_start("cadence", as_of))
        .order_by("zone__code", "code")[:HOME_LIST_LIMIT]
    )
    alerts = Alert.objects.open().visible_to(user).with_subjects()[:HOME_ALERT_LIMIT]
    return render(
        request,
        "home.html",
        {
            "alerts": alerts,
            "as_of": as_of,
            "due_within_days": DUE_WITHIN_DAYS,
            "report_year": year,
            "report_month": month,
            "milestones": milestones[:HOME_LIST_LIMIT],
            "milestone_count": milestones.count(),
            "overdue_count": overdue.count(),
            "scope": _figure_scope(access),
            "missing": missing[:HOME_LIST_LIMIT],
            "missing_count": missing.count(),
            "not_started": not_started[:HOME_LIST_LIMIT],
            "not_started_count": not_started.count(),
            "updates_due": updates_due,
            "updates_due_count": updates_due[0].total if updates_due else 0,
        },
    )


def _figure_scope(access: Access) -> str:
    """The ``data-scope`` of the home page's figures: "zone:<id>" when the user reads exactly
    one zone (as the dashboards name the same figures); empty when its counts may span several.
    """
    zone_ids = access.zone_ids.get(READ, ())
    if access.is_admin or access.region_paths.get(READ) or len(zone_ids) != 1:
        return ""
    return f"zone:{next(iter(zone_ids))}"


def favicon(request: HttpRequest) -> HttpResponse:
    """The icon browsers ask for at /favicon.ico (the admin's pages name none): the site's.

    Resolved per request: the hashed name exists only once static files are collected.
    """
    return redirect(static("img/favicon.svg"), permanent=True)
