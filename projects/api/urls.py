from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("projects", views.ProjectViewSet)
router.register("milestones", views.MilestoneViewSet)

urlpatterns = router.urls
