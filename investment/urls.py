from django.urls import path

from . import views

app_name = "investment"

urlpatterns = [
    path("reports/monthly/", views.report_grid, name="grid"),
    path("import/", views.import_sheet, name="import"),
    path("import/template/<slug:kind>.xlsx", views.import_template, name="template"),
    path("targets/", views.target_list, name="targets"),
    path("targets/new/", views.target_create, name="target_create"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("land/", views.land_list, name="land"),
    path("land/new/", views.land_create, name="land_create"),
    path("land/<int:pk>/edit/", views.land_edit, name="land_edit"),
]
