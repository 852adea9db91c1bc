"""/api/stats/, /api/stats/ranking/, /api/stats/teams/, /api/stats/leaders/ and
/api/snapshots/: thin views over reports.figures."""

from datetime import date

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from parks.models import Region
from projects.models import LeaderLevel
from zonetrack.api import schema
from zonetrack.api.renderers import SplicingJSONRenderer
from zonetrack.api.views import query_params
from zonetrack.db import today

from ..choices import ScopeType
from ..figures.leaders import SORTS, portfolios, sort_portfolios, visible_leaders
from ..figures.period import Period
from ..figures.ranking import RANKED_METRICS, rank_zones, ranking_source
from ..figures.restriction import Restriction
from ..figures.scopes import scope_for
from ..figures.stats import stats
from ..figures.teams import team_scores
from ..models import Snapshot
from .serializers import (
    LeaderStatsQuerySerializer,
    LeaderStatsSerializer,
    RankingQuerySerializer,
    RankingSerializer,
    RestrictionQuerySerializer,
    SnapshotQuerySerializer,
    SnapshotSerializer,
    StatsQuerySerializer,
    StatsSerializer,
    TeamsQuerySerializer,
    TeamsSerializer,
)

YEAR = OpenApiParameter(
    "year", schema.YEAR, description=_("The year (default: the year of as_of).")
)
AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description=_("YYYY-MM-DD (default: today)."))
ZONE = OpenApiParameter("zone", schema.ID, description=_("Only this zone."))
REGION = OpenApiParameter(
    "region", schema.ID, description=_("Only the zones of this region and its sub-regions.")
)


def _period(params) -> Period:
    as_of = params.get("as_of") or today()
    return Period(params.get("year") or as_of.year, as_of)


def restriction_of(params) -> Restriction:
    """The plan figures' restriction asked for (every project when none is)."""
    return Restriction(
        params.get("level", ""), params.get("category", ""), params.get("min_investment")
    )


class StatsView(APIView):
    """The figures of SPEC sections 6 and 14 for a zone, a region, or every zone the user
    reads, beside the same figures on the same date one year earlier (同比)."""

    # Every zone's answer lists thousands of targets, kept as JSON text: written as they are.
    renderer_classes = [SplicingJSONRenderer, BrowsableAPIRenderer]

    @extend_schema(
        parameters=[YEAR, AS_OF, ZONE, REGION, RestrictionQuerySerializer],
        responses=StatsSerializer,
    )
    def get(self, request):
        params = query_params(StatsQuerySerializer, request)
        scope = scope_for(request.user, params.get("zone"), params.get("region"))
        return Response(stats(scope, _period(params), restriction_of(params), spliced=True))


class RankingView(GenericAPIView):
    """The zones of a region (or every zone the user reads) ranked on one figure."""

    filter_backends = []

    @extend_schema(
        parameters=[
            YEAR,
            AS_OF,
            REGION,
            OpenApiParameter(
                "metric", str, enum=list(RANKED_METRICS), description=_("The figure to rank on.")
            ),
            RestrictionQuerySerializer,
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses=RankingSerializer,
    )
    def get(self, request):
        params = query_params(RankingQuerySerializer, request)
        scope = scope_for(request.user, region_id=params.get("region"))
        period = _period(params)
        restriction = restriction_of(params)
        rows = rank_zones(scope, period, params["metric"], restriction)
        response = self.get_paginated_response(self.paginate_queryset(rows))
        response.data = {
            "scope": scope.as_dict(),
            "year": period.year,
            "as_of": period.as_of.isoformat(),
            "metric": params["metric"],
            "source": ranking_source(period, restriction),
            "restriction": restriction.as_dict(),
            **response.data,
        }
        return response


class TeamScoresView(APIView):
    """Attraction teams of a zone, a region or every zone you read, ranked on their staged
    score (4:3:3) for a year, each with the projects and stages behind its score."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", schema.YEAR, description=_("The year (default: this year).")),
            ZONE,
            REGION,
        ],
        responses=TeamsSerializer,
    )
    def get(self, request):
        params = query_params(TeamsQuerySerializer, request)
        scope = scope_for(request.user, params.get("zone"), params.get("region"))
        year = params.get("year") or today().year
        as_of = min(today(), date(year, 12, 31))
        teams = team_scores(scope, year, as_of, last_year=True)
        return Response(
            {
                "scope": scope.as_dict(),
                "year": year,
                "as_of": as_of.isoformat(),
                "results": [team.as_dict() for team in teams],
            }
        )


class LeaderStatsView(GenericAPIView):
    """Leaders' portfolios compared (领导包保): for every leader you see, the figures of its
    projects in your zones, as "my projects" shows them to the leader."""

    filter_backends = []

    @extend_schema(
        parameters=[
            YEAR,
            AS_OF,
            OpenApiParameter(
                "region", schema.ID, description=_("Only leaders of this region and those below.")
            ),
            OpenApiParameter("level", str, enum=list(LeaderLevel.values)),
            OpenApiParameter(
                "sort",
                str,
                enum=[name for column in SORTS for name in (column, f"-{column}")],
                description=_("The column to sort on; a leading '-' sorts descending."),
            ),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses=LeaderStatsSerializer,
    )
    def get(self, request):
        params = query_params(LeaderStatsQuerySerializer, request)
        period = _period(params)
        leaders = visible_leaders(request.user)
        if "region" in params:
            region = get_object_or_404(Region.objects.visible_to(request.user), pk=params["region"])
            leaders = leaders.filter(region__path__startswith=region.path)
        if "level" in params:
            leaders = leaders.filter(level=params["level"])
        rows = sort_portfolios(portfolios(request.user, period, leaders), params["sort"])
        page = self.paginate_queryset([row.as_dict() for row in rows])
        response = self.get_paginated_response(page)
        response.data = {
            "year": period.year,
            "as_of": period.as_of.isoformat(),
            "sort": params["sort"],
            **response.data,
        }
        return response


class SnapshotListView(ListAPIView):
    """Stored results of the snapshot job, newest first."""

    serializer_class = SnapshotSerializer
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter("zone", schema.ID, description=_("Snapshots of this zone.")),
            OpenApiParameter(
                "region",
                schema.ID,
                description=_("Snapshots of this region, its sub-regions and their zones."),
            ),
            OpenApiParameter("year", schema.YEAR),
            OpenApiParameter("date", OpenApiTypes.DATE),
            OpenApiParameter("type", str, enum=[ScopeType.ZONE, ScopeType.REGION]),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = query_params(SnapshotQuerySerializer, self.request)
        snapshots = Snapshot.objects.visible_to(self.request.user).select_related("zone", "region")
        if "zone" in params or "region" in params:
            scope = scope_for(self.request.user, params.get("zone"), params.get("region"))
            if scope.type == ScopeType.ZONE:
                snapshots = snapshots.filter(zone_id=scope.id)
            else:
                snapshots = snapshots.filter(
                    Q(zone__region__path__startswith=scope.path)
                    | Q(region__path__startswith=scope.path)
                )
        if "type" in params:
            snapshots = snapshots.filter(
                **{"zone__isnull" if params["type"] == ScopeType.ZONE else "region__isnull": False}
            )
        for name in ("year", "date"):
            if name in params:
                snapshots = snapshots.filter(**{name: params[name]})
        return snapshots.order_by("-date", "scope_key")
