from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list, name="list"),
    path("projects/export.xlsx", views.export_projects, name="export"),
    path("projects/new/", views.project_create, name="create"),
    path("projects/<int:pk>/", views.project_detail, name="detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="edit"),
    path("projects/<int:pk>/milestone/", views.record_milestone, name="record_milestone"),
    path("teams/zone/<int:zone_id>/new/", views.team_create, name="team_create"),
]
