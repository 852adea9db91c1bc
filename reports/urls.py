from django.urls import path

from . import audit_views, park_views, views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.dashboard_home, name="dashboard"),
    path("dashboard/screen/", views.dashboard_home, {"screen": True}, name="dashboard_screen"),
    path("dashboard/region/<int:region_id>/", views.region_dashboard, name="region"),
    path(
        "dashboard/region/<int:region_id>/screen/",
        views.region_dashboard,
        {"screen": True},
        name="region_screen",
    ),
    path("dashboard/zone/<int:zone_id>/", views.zone_dashboard, name="zone"),
    path(
        "dashboard/zone/<int:zone_id>/screen/",
        views.zone_dashboard,
        {"screen": True},
        name="zone_screen",
    ),
    path("ranking/", views.ranking, name="ranking"),
    path("teams/", views.team_ranking, name="teams"),
    path("parks/", park_views.park_page, name="parks"),
    path("my/projects/", views.my_projects, name="my_projects"),
    path("my/projects/nav/", views.my_projects_nav, name="my_projects_nav"),
    path("leaders/", views.leaders_page, name="leaders"),
    path("leaders/<int:leader_id>/", views.leader_portfolio, name="leader"),
    path("audit/", audit_views.audit_page, name="audit"),
    path("audit/export.xlsx", audit_views.audit_export, name="audit_export"),
    path("wallboard/", views.wallboard_home, name="wallboard_home"),
    path("wallboard/zone/<int:zone_id>/", views.wallboard_page, name="wallboard"),
    path("quarterly/", views.quarterly_page, name="quarterly"),
    path("quarterly/report.xlsx", views.quarterly_excel, name="quarterly_excel"),
    path("quarterly/jobs/", views.quarterly_job_start, name="quarterly_job_start"),
    path("quarterly/jobs/<str:job_id>/", views.quarterly_job, name="quarterly_job"),
    path(
        "quarterly/jobs/<str:job_id>/download/",
        views.quarterly_job_download,
        name="quarterly_job_download",
    ),
]
