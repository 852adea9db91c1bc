"""Leadership pages (SPEC section 10): region and zone dashboards, their full-screen mode, the
zone ranking, the team ranking (4:3:3), the wall board, the quarterly report, a leader's own
projects, and leaders' portfolios compared.

Views stay thin: which zone or region a user may see is decided by ``scope_for`` (a 404
outside the user's zones), every figure comes from ``reports.figures`` through
``reports.dashboards`` and ``reports.quarterly``.
"""

import logging
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from parks.access import READ, access_for
from parks.models import Park, Region, Zone, path_lineage
from projects.choices import MilestoneKind
from projects.forms import AttractionTeamForm
from projects.models import Leader, Milestone, Project
from projects.rows import mark_rows
from supervision.meetings.models import Meeting
from supervision.meetings.week import week_panel
from supervision.models import PENDING, Blocker
from zonetrack.db import today
from zonetrack.excel import XLSX_CONTENT_TYPE
from zonetrack.jobs import JobQueueUnavailable
from zonetrack.web import can_write

from .choices import ScopeType
from .dashboards import page as boards
from .dashboards import wallboard
from .dashboards.lights import lit_projects
from .dashboards.ranking import RankLine, metric_kind, ranking_chart, snapshot_ranking
from .figures.leaders import (
    DEFAULT_SORT,
    SORTS,
    portfolio,
    portfolios,
    sort_portfolios,
    visible_leaders,
    with_project_counts,
)
from .figures.metrics import INVESTMENT, MEDIAN, MILESTONES, PLAN
from .figures.ranking import RANKED_METRICS, rank_zones
from .figures.scopes import scope_for
from .figures.teams import STAGE_SHARES, team_scores
from .forms import DashboardForm, PeriodForm, QuarterForm, RankingForm, WallboardForm, YearForm
from .quarterly import jobs
from .quarterly.excel import workbook
from .quarterly.report import quarterly_report
from .quarterly.tables import tables

logger = logging.getLogger(__name__)

# Full-screen pages reload themselves this often (minutes) unless ?refresh= says otherwise.
SCREEN_REFRESH_MINUTES = 5
RANKING_PAGE_SIZE = 50


def _int_param(params, name):
    """An id from a query string or form: None when absent, 400 when not a number."""
    value = params.get(name, "")
    if value == "":
        return None
    if not value.isdigit():
        raise BadRequest(f"{name} must be a number")
    return int(value)


def _refresh_minutes(request):
    value = request.GET.get("refresh", "")
    return int(value) if value.isdigit() and 1 <= int(value) <= 60 else SCREEN_REFRESH_MINUTES


def breadcrumbs(user, scope):
    """The regions the user reads as a whole that hold the scope's zone or region, from the
    top down, the page's own region left out (one query).
    """
    regions = Region.objects.read_whole_by(user).order_by("path")
    if scope.type == ScopeType.ZONE:
        inside = Zone.objects.filter(pk=scope.id, region__path__startswith=OuterRef("path"))
        regions = regions.filter(Exists(inside))
    else:
        regions = regions.filter(path__in=path_lineage(scope.path)[:-1])
    return list(regions.values("pk", "name"))


@login_required
def dashboard_home(request, screen=False):
    """Where a dashboard link lands: the one region or zone the user reads, else all of it."""
    access = access_for(request.user)
    suffix = "_screen" if screen else ""
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    if not access.is_admin:
        regions = access.region_paths.get(READ, set())
        zones = access.zone_ids.get(READ, set())
        if len(regions) == 1 and not zones:
            region = Region.objects.filter(path=next(iter(regions))).first()
            if region is not None:
                return redirect(reverse(f"reports:region{suffix}", args=[region.pk]) + query)
        if len(zones) == 1 and not regions:
            return redirect(reverse(f"reports:zone{suffix}", args=[next(iter(zones))]) + query)
    return _region_page(request, scope_for(request.user), screen)


@login_required
def region_dashboard(request, region_id, screen=False):
    return _region_page(request, scope_for(request.user, region_id=region_id), screen)


def _region_page(request, scope, screen):
    form = DashboardForm(request.GET, today=today())
    access = access_for(request.user)
    by_reds = request.GET.get("sort") == "reds"
    board = boards.region_dashboard(
        scope, form.period(), access, today(), by_reds=by_reds, restriction=form.restriction()
    )
    crumbs = breadcrumbs(request.user, scope) if scope.type == ScopeType.REGION else []
    return _render_dashboard(request, board, form, crumbs, screen)


@login_required
def zone_dashboard(request, zone_id, screen=False):
    scope = scope_for(request.user, zone_id=zone_id)
    form = DashboardForm(request.GET, today=today())
    board = boards.zone_dashboard(scope, form.period(), today(), form.restriction())
    return _render_dashboard(request, board, form, breadcrumbs(request.user, scope), screen)


def _render_dashboard(request, board, form, crumbs, screen):
    return render(
        request,
        "reports/dashboard.html",
        {
            "board": board,
            "form": form,
            "crumbs": crumbs,
            "screen": screen,
            "refresh_minutes": _refresh_minutes(request),
            "charts": board.charts(),
            "query": request.GET.urlencode(),
            # The zone table's sort link: by red lights, and back to code order.
            "reds_query": _with_sort(request.GET, "reds"),
            "unsorted_query": _with_sort(request.GET, None),
            # The wall display lists the red projects, then the yellow ones (one query).
            "lit_projects": lit_projects(board.scope, board.period.as_of) if screen else [],
            # ... and the open decisions of this week's meeting (two queries).
            "week_meeting": _week_meeting(request, board.scope.q(), board.period.as_of)
            if screen
            else None,
        },
    )


def _week_meeting(request, zones, day):
    return week_panel(Meeting.objects.visible_to(request.user), zones, day)


def _with_sort(params, sort):
    params = params.copy()
    params.pop("sort", None)
    if sort:
        params["sort"] = sort
    return params.urlencode()


@login_required
def ranking(request):
    """Zones side by side on one figure (比学赶超), with the change since a snapshot."""
    region_id = _int_param(request.GET, "region")
    scope = scope_for(request.user, region_id=region_id)
    form = RankingForm(request.GET, today=today())
    period, metric = form.period(), form.chosen_metric()
    rows = rank_zones(scope, period, metric)
    since, previous = snapshot_ranking(scope, period, metric, form.value("since"))
    page = Paginator(rows, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    lines = [RankLine.of(row, previous.get(row["zone"]), metric) for row in page]
    regions = Region.objects.read_whole_by(request.user).order_by("path")
    return render(
        request,
        "reports/ranking.html",
        {
            "form": form,
            "scope": scope,
            "period": period,
            "metric": metric,
            "metric_label": RANKED_METRICS[metric].label,
            "kind": metric_kind(metric),
            "page": page,
            "lines": lines,
            "since": since,
            # Written here: a country's 341 options cost a template loop 8 ms.
            "region_options": format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (pk, " selected" if pk == region_id else "", name)
                    for pk, name in regions.values_list("pk", "name")
                ),
            ),
            "chart": ranking_chart(lines, metric),
        },
    )


@login_required
def team_ranking(request):
    """Attraction teams of a zone, a region or all the user reads, ranked on their staged
    4:3:3 score for a year (比学赶超), each with the projects and stages behind its score.
    Those who write the zone add teams here."""
    zone_id, region_id = _int_param(request.GET, "zone"), _int_param(request.GET, "region")
    scope = scope_for(request.user, zone_id, region_id)
    form = YearForm(request.GET, today=today())
    year = form.chosen_year()
    as_of = min(today(), date(year, 12, 31))
    teams = team_scores(scope, year, as_of, last_year=True)
    zone = None
    if scope.type == ScopeType.ZONE:
        zone = Zone.objects.select_related("region").get(pk=scope.id)
    return render(
        request,
        "reports/teams.html",
        {
            "form": form,
            "scope": scope,
            "year": year,
            "teams": teams,
            "shares": [
                (MilestoneKind(kind).label, share * 100) for kind, share in STAGE_SHARES.items()
            ],
            "zones": Zone.objects.visible_to(request.user).order_by("code").values("pk", "name"),
            "regions": Region.objects.read_whole_by(request.user)
            .order_by("path")
            .values("pk", "name"),
            "team_form": AttractionTeamForm() if zone and can_write(request.user, zone) else None,
            "crumbs": breadcrumbs(request.user, scope) if scope.type != ScopeType.ALL else [],
        },
    )


@login_required
def wallboard_home(request):
    """The wall board of the user's only zone, or the zones to choose from."""
    zones = list(Zone.objects.visible_to(request.user).select_related("region").order_by("code"))
    if len(zones) == 1:
        return redirect("reports:wallboard", zones[0].pk)
    return render(request, "reports/wallboard_home.html", {"zones": zones})


@login_required
def wallboard_page(request, zone_id):
    scope = scope_for(request.user, zone_id=zone_id)
    parks = list(Park.objects.filter(zone_id=scope.id).order_by("name"))
    form = WallboardForm(request.GET, today=today(), parks=parks)
    period = form.period()
    board = wallboard.board(
        scope,
        period,
        park=form.value("park"),
        plan_type=form.value("plan_type", ""),
        stage=form.value("stage", ""),
        overdue=form.value("overdue", False),
        q=form.value("q", "").strip(),
    )
    mark_rows([row.project for row in board.rows])  # the light's dot: one query for all rows
    return render(
        request,
        "reports/wallboard.html",
        {
            "form": form,
            "scope": scope,
            "period": period,
            "board": board,
            "crumbs": breadcrumbs(request.user, scope),
            "week_meeting": _week_meeting(request, scope.q(), period.as_of),
            "overdue_kinds": [
                (kind, MilestoneKind(kind).label, count)
                for kind, count in board.overdue_by_kind.items()
            ],
        },
    )


def _quarterly_scope(request):
    zone_id, region_id = _int_param(request.GET, "zone"), _int_param(request.GET, "region")
    return scope_for(request.user, zone_id, region_id)


@login_required
def quarterly_page(request):
    """The quarterly report as a printable page, with its Excel download."""
    scope = _quarterly_scope(request)
    form = QuarterForm(request.GET, today=today())
    year, quarter = form.year_and_quarter()
    report = quarterly_report(scope, year, quarter, today())
    return render(
        request,
        "reports/quarterly.html",
        {
            "form": form,
            "report": report,
            "tables": tables(report),
            "scope": scope,
            "columns": report.columns,
            "groups": report.groups,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def quarterly_excel(request):
    """A zone's quarterly workbook, built in the request (a region's is a job)."""
    scope = _quarterly_scope(request)
    if scope.type != ScopeType.ZONE:
        raise BadRequest("a region's report is built by a job")
    form = QuarterForm(request.GET, today=today())
    year, quarter = form.year_and_quarter()
    report = quarterly_report(scope, year, quarter, today())
    response = HttpResponse(workbook(report), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, report.filename)
    return response


@login_required
@require_POST
def quarterly_job_start(request):
    """Start the Excel job of a region (or of everything the user reads)."""
    region_id = _int_param(request.POST, "region")
    scope_for(request.user, region_id=region_id)  # 404 now rather than a failed job later
    form = QuarterForm(request.POST, today=today())
    year, quarter = form.year_and_quarter()
    try:
        job_id = jobs.start_quarterly_job(request.user, region_id, year, quarter, today())
    except JobQueueUnavailable as error:
        logger.warning("quarterly job not started: %s", error)
        return _job_unavailable(request, region_id, year, quarter)
    status_url = reverse("reports:quarterly_job", args=[job_id])
    if request.headers.get("HX-Request"):
        return _job_status(request, job_id)
    return redirect(status_url)


def _job_unavailable(request, region_id, year, quarter):
    """Redis is down or hung: say so where the job's progress would have been (htmx swaps
    only a successful answer), or back on the report's page with the message."""
    if request.headers.get("HX-Request"):
        return render(request, "reports/_job_unavailable.html")
    messages.error(request, JobQueueUnavailable.message)
    params = {"year": year, "quarter": quarter} | ({"region": region_id} if region_id else {})
    query = urlencode(params)
    return redirect(f"{reverse('reports:quarterly')}?{query}")


@login_required
def quarterly_job(request, job_id):
    return _job_status(request, job_id)


def _job_status(request, job_id):
    state = jobs.job_state(job_id, request.user)
    if state is None:
        raise Http404
    template = (
        "reports/_quarterly_job.html"
        if request.headers.get("HX-Request")
        else "reports/quarterly_job.html"
    )
    return render(request, template, {"job_id": job_id, "job": state})


@login_required
def quarterly_job_download(request, job_id):
    found = jobs.job_file(job_id, request.user)
    if found is None:
        raise Http404
    filename, content = found
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _count_per_project(queryset):
    """A subquery counting ``queryset``'s rows of the outer project (0 when none)."""
    counts = queryset.filter(project=OuterRef("pk")).order_by().values("project")
    counts = counts.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


@login_required
def my_projects(request):
    """The projects a leader answers for (包保), what lags in each, and their figures as a
    zone dashboard shows them (targets aside: they belong to zones, not to a leader)."""
    leader = with_project_counts(Leader.objects.filter(user=request.user), request.user).first()
    if leader is None:
        raise Http404("not a leader")
    return _portfolio_page(request, leader, mine=True)


@login_required
def leader_portfolio(request, leader_id):
    """A leader's portfolio, as "my projects" shows it to the leader, for leadership and
    zones that see the leader (its region is theirs or above them): only the projects of
    the user's zones count."""
    leader = get_object_or_404(visible_leaders(request.user), pk=leader_id)
    return _portfolio_page(request, leader, mine=False)


def _portfolio_page(request, leader, mine):
    form = PeriodForm(request.GET, today=today())
    period = form.period()
    as_of = today()
    projects = list(
        # Only projects the user reads: a leader's account sees nothing beyond its zones.
        Project.objects.visible_to(request.user)
        .filter(project_leaders__leader=leader)
        .select_related("zone")
        .annotate(
            position=F("project_leaders__position"),
            overdue_milestones=_count_per_project(Milestone.objects.overdue(as_of)),
            open_blockers=_count_per_project(Blocker.objects.filter(status__in=PENDING)),
        )
        .order_by("position", "zone__code", "code")
    )
    mark_rows(projects)  # the light's dot: one query for all rows
    summary = portfolio(
        request.user, period, leader, sections=(PLAN, INVESTMENT, MILESTONES, MEDIAN)
    )
    return render(
        request,
        "reports/my_projects.html",
        {
            "leader": leader,
            "mine": mine,
            "projects": projects,
            "form": form,
            "period": period,
            "portfolio": summary,
            "figures": summary.figures,
            "overdue_total": sum(p.overdue_milestones for p in projects),
            "blockers_total": summary.blockers_open,
        },
    )


@login_required
def leaders_page(request):
    """Leaders' portfolios side by side (领导包保 compared): every leader the user sees, with
    the figures of its projects in the user's zones, sorted on any column."""
    form = PeriodForm(request.GET, today=today())
    period = form.period()
    sort = request.GET.get("sort", DEFAULT_SORT)
    if sort.removeprefix("-") not in SORTS:
        sort = DEFAULT_SORT
    rows = sort_portfolios(portfolios(request.user, period), sort)
    query = request.GET.copy()
    query.pop("sort", None)
    return render(
        request,
        "reports/leaders.html",
        {
            "form": form,
            "period": period,
            "rows": rows,
            "sort": sort,
            "columns": [
                (name, label, f"-{name}" if sort == name else name)
                for name, (label, _key) in SORTS.items()
            ],
            "query": query.urlencode(),
        },
    )


@login_required
def my_projects_nav(request):
    """The navigation's "My projects" entry, for leaders only, loaded after the page (one
    query) so that no page pays for it while it renders."""
    is_leader = Leader.objects.filter(user=request.user).exists()
    return render(request, "reports/_my_projects_nav.html", {"is_leader": is_leader})
