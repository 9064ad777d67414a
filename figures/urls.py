from django.urls import path

from . import views

app_name = "figures"

urlpatterns = [
    path("", views.enter, name="enter"),
    path("overview/", views.overview, name="overview"),
    path("units/<int:unit_pk>/", views.unit_detail, name="unit"),
    path("units/<int:unit_pk>/enter/", views.enter_for_unit, name="enter_for_unit"),
    path("units/<int:unit_pk>/submit/", views.submit, name="submit"),
    path("calendar/", views.calendar, name="calendar"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/edit/", views.period_edit, name="period_edit"),
]
