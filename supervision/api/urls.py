from django.urls import path
from rest_framework.routers import SimpleRouter

from ..lights.api import LightListView
from ..meetings.api import MeetingViewSet
from . import views

router = SimpleRouter()
router.register("blockers", views.BlockerViewSet)
router.register("notices", views.NoticeViewSet)
router.register("task-force-members", views.TaskForceMemberViewSet)
router.register("progress-updates", views.ProgressUpdateViewSet)
router.register("evidence", views.EvidenceViewSet)
router.register("meetings", MeetingViewSet, basename="meeting")

urlpatterns = [
    path("alerts/", views.AlertListView.as_view(), name="api-alerts"),
    path("lights/", LightListView.as_view(), name="api-lights"),
    *router.urls,
]
