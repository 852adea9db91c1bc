from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("plans", views.AnnualPlanEntryViewSet)
router.register("investment-reports", views.InvestmentReportViewSet)
router.register("targets", views.TargetViewSet)
router.register("land-parcels", views.LandParcelViewSet)
router.register("park-indicators", views.ParkIndicatorViewSet)

urlpatterns = router.urls
