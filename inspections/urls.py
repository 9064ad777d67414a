from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("overview/", views.overview, name="overview"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("unit/", views.unit_inspections, name="unit"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/teams/new/", views.team_create, name="team_create"),
    path("plans/<int:pk>/schedule/", views.inspection_schedule, name="schedule"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/reschedule/", views.inspection_reschedule, name="reschedule"),
    path("<int:pk>/result/", views.inspection_result, name="result"),
    path("<int:pk>/shortcomings/", views.shortcoming_add, name="shortcoming_add"),
    path("<int:pk>/recommendations/", views.recommendation_add, name="recommendation_add"),
    path("<int:pk>/minutes/", views.minutes_download, name="minutes"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/respond/", views.recommendation_respond, name="respond"),
    path("recommendations/<int:pk>/close/", views.recommendation_close, name="close"),
    path("recommendations/<int:pk>/keep-open/", views.recommendation_keep_open, name="keep_open"),
    path("recommendations/<int:pk>/to-task/", views.recommendation_to_task, name="to_task"),
    path("responses/<int:pk>/evidence/", views.evidence_download, name="evidence"),
]
