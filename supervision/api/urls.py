from django.urls import path

from . import views

urlpatterns = [
    path("alerts/", views.AlertListView.as_view(), name="api-alerts"),
]
