from django.urls import path

from . import views

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
]
