from django.urls import path

from . import views

app_name = "parindex"

urlpatterns = [
    path("", views.set_list, name="sets"),
    path("import/", views.set_import, name="set_import"),
    path("<int:pk>/", views.set_detail, name="set_detail"),
    path("<int:pk>/copy/", views.set_copy, name="set_copy"),
    path("<int:pk>/open/", views.set_open, name="set_open"),
    path("<int:pk>/rows/add/", views.criterion_add, name="criterion_add"),
    path("<int:pk>/rows/<int:criterion_pk>/add/", views.criterion_add, name="criterion_add_child"),
    path("<int:pk>/rows/<int:criterion_pk>/points/", views.criterion_points, name="criterion_points"),
    path("<int:pk>/rows/<int:criterion_pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path("<int:pk>/rows/<int:criterion_pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("<int:pk>/survey/", views.survey_import, name="survey_import"),
    path("<int:pk>/results/", views.results_page, name="results"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:pk>/units/<int:unit_pk>/", views.sheet_page, name="sheet"),
    path("<int:pk>/units/<int:unit_pk>/sheet.xlsx", views.sheet_xlsx, name="sheet_xlsx"),
    path("<int:pk>/units/<int:unit_pk>/rows/<int:criterion_pk>/score/", views.score_self, name="score_self"),
    path("<int:pk>/units/<int:unit_pk>/rows/<int:criterion_pk>/appraise/", views.appraise, name="appraise"),
    path("<int:pk>/units/<int:unit_pk>/rows/<int:criterion_pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/units/<int:unit_pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/units/<int:unit_pk>/rows/<int:criterion_pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/units/<int:unit_pk>/accept-all/", views.accept_all, name="accept_all"),
    path("<int:pk>/units/<int:unit_pk>/rows/<int:criterion_pk>/evidence/", views.evidence_add, name="evidence_add"),
    path(
        "<int:pk>/units/<int:unit_pk>/evidence/<int:evidence_pk>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path("<int:pk>/council/", views.council, name="council"),
    path("<int:pk>/council/file/", views.council_file, name="council_file"),
]
