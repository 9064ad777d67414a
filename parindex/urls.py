from django.urls import path

from . import views

app_name = "parindex"

urlpatterns = [
    path("", views.set_list, name="sets"),
    path("import/", views.set_import, name="set_import"),
    path("<int:pk>/", views.set_detail, name="set_detail"),
    path("<int:pk>/copy/", views.set_copy, name="set_copy"),
    path("<int:pk>/open/", views.set_open, name="set_open"),
    path("<int:pk>/results/", views.results_page, name="results"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:pk>/units/<int:unit_pk>/", views.sheet_page, name="sheet"),
    path("<int:pk>/units/<int:unit_pk>/sheet.xlsx", views.sheet_xlsx, name="sheet_xlsx"),
]
