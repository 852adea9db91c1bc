from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("projects", views.ProjectViewSet)
router.register("milestones", views.MilestoneViewSet)
router.register("leaders", views.LeaderViewSet)
router.register("teams", views.AttractionTeamViewSet)

urlpatterns = router.urls
