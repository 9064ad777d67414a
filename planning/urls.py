from django.urls import path

from . import import_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("import/", import_views.plan_import, name="import"),
    path("import/template.xlsx", import_views.plan_import_template, name="import_template"),
    path("import/<int:pk>/", import_views.plan_import_preview, name="import_preview"),
    path("import/<int:pk>/header/", import_views.plan_import_header, name="import_header"),
    path("import/<int:pk>/resolve/", import_views.plan_import_resolve, name="import_resolve"),
    path("import/<int:pk>/confirm/", import_views.plan_import_confirm, name="import_confirm"),
    path("import/<int:pk>/cancel/", import_views.plan_import_cancel, name="import_cancel"),
]
