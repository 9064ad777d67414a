from django.urls import path

from . import closing_views, export_views, narrative_views, steering_views, views

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

urlpatterns += [
    path("closings/", closing_views.closing_list, name="closings"),
    path("closings/new/", closing_views.closing_create, name="closing_create"),
    path("closings/<int:pk>/", closing_views.closing_detail, name="closing_detail"),
    path("closings/<int:pk>/reopen/", closing_views.closing_reopen, name="closing_reopen"),
    path("closings/<int:pk>/draft.docx", closing_views.closing_docx, name="closing_docx"),
    path("closings/<int:pk>/draft.pdf", closing_views.closing_pdf, name="closing_pdf"),
]

urlpatterns += [
    path("narratives/<int:period_pk>/", narrative_views.narratives, name="narratives"),
    path("narratives/<int:period_pk>/units/<int:unit_pk>/", narrative_views.unit_narrative, name="unit_narrative"),
    path(
        "narratives/<int:period_pk>/units/<int:unit_pk>/submit/",
        narrative_views.unit_narrative_submit,
        name="unit_narrative_submit",
    ),
]

urlpatterns += [
    path("steering/", steering_views.steering_list, name="steering"),
    path("steering/new/", steering_views.steering_create, name="steering_create"),
    path("steering/schedule/", steering_views.steering_schedule, name="steering_schedule"),
    path("steering/<int:pk>/", steering_views.steering_detail, name="steering_detail"),
    path("steering/<int:pk>/pack.pdf", steering_views.steering_pdf, name="steering_pdf"),
    path("steering/<int:pk>/pack.xlsx", steering_views.steering_xlsx, name="steering_xlsx"),
]
