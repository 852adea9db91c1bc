from django.urls import path

from . import views

app_name = "investment"

urlpatterns = [
    path("reports/monthly/", views.report_grid, name="grid"),
    path("import/", views.import_sheet, name="import"),
    path("import/template/<slug:kind>.xlsx", views.import_template, name="template"),
]
