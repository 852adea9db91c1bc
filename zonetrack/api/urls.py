from django.urls import include, path

urlpatterns = [
    path("", include("reports.api.urls")),
]
