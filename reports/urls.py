from django.urls import path

from . import export_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:pk>/", views.plan_dashboard, name="plan_dashboard"),
    path("years/<int:year>/", views.year_dashboard, name="year_dashboard"),
    path("figures.json", views.figures, name="figures"),
    path("units/", views.units, name="units"),
    path("overdue/", views.overdue, name="overdue"),
    path("tasks/", views.drilldown, name="drilldown"),
    path("my-unit/", views.my_unit, name="my_unit"),
    path("export/", export_views.export, name="export"),
    path("export/review.xlsx", export_views.export_xlsx, name="export_xlsx"),
    path("export/review.csv", export_views.export_csv, name="export_csv"),
    path("export/jobs/", export_views.export_job_create, name="export_job_create"),
    path("export/jobs/<int:pk>/", export_views.export_job, name="export_job"),
    path("export/jobs/<int:pk>/download/", export_views.export_job_download, name="export_job_download"),
]
