"""Everything under /api/: the resources of each app, the token, the schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import APIRootView

from investment.api.urls import router as investment_router
from parks.api.urls import router as parks_router
from projects.api.urls import router as projects_router
from supervision.api.urls import router as supervision_router

from .auth import TokenView
from .docs import DocsView

ROUTERS = [parks_router, projects_router, investment_router, supervision_router]


class RootView(APIRootView):
    """The resources of the ZoneTrack API (see /api/docs/)."""


root = RootView.as_view(
    api_root_dict={
        **{
            prefix: f"{basename}-list"
            for router in ROUTERS
            for prefix, _viewset, basename in router.registry
        },
        # The figures (reports.api); a name that does not resolve is left out of the root.
        "stats": "api-stats",
        "stats/ranking": "api-stats-ranking",
        "stats/leaders": "api-stats-leaders",
        "snapshots": "api-snapshots",
    }
)

urlpatterns = [
    path("", root, name="api-root"),
    path("", include("reports.api.urls")),
    path("", include("supervision.api.urls")),
    path("", include("parks.api.urls")),
    path("", include("projects.api.urls")),
    path("", include("investment.api.urls")),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="schema"), name="api-docs"),
]
