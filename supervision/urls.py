from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/export.xlsx", views.export_alerts, name="alerts_export"),
    path("alerts/badge/", views.alert_badge, name="alert_badge"),
]
