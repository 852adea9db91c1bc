from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/export.xlsx", views.export_alerts, name="alerts_export"),
    path("alerts/badge/", views.alert_badge, name="alert_badge"),
    path("blockers/", views.blocker_list, name="blockers"),
    path("blockers/export.xlsx", views.export_blockers, name="blockers_export"),
    path("alerts/<int:pk>/blocker/", views.blocker_from_alert, name="alert_blocker"),
    path("blockers/<int:pk>/", views.blocker_detail, name="blocker"),
    path("blockers/<int:pk>/transition/", views.blocker_transition, name="blocker_transition"),
]
