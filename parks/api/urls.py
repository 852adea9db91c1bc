from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("regions", views.RegionViewSet)
router.register("zones", views.ZoneViewSet)
router.register("parks", views.ParkViewSet)

urlpatterns = router.urls
