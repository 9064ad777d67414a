from django.urls import path

from . import editor_views, import_views, unit_plan_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("new/", editor_views.plan_create, name="create"),
    path("<int:pk>/edit/", editor_views.plan_edit, name="edit"),
    path("<int:pk>/issue/", editor_views.plan_issue, name="issue"),
    path("<int:pk>/close/", editor_views.plan_close, name="close"),
    path("<int:pk>/delete/", editor_views.plan_delete, name="delete"),
    path("<int:pk>/tasks/new/", editor_views.task_add, name="task_add"),
    path("<int:pk>/areas/<str:code>/order/", editor_views.area_order, name="area_order"),
    path("tasks/<int:pk>/edit/", editor_views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/remove/", editor_views.task_remove, name="task_remove"),
    path("<int:pk>/units/", unit_plan_views.unit_plans_page, name="unit_plans"),
    path("<int:pk>/unit-plan/", unit_plan_views.unit_plan_start, name="unit_plan_start"),
    path("<int:pk>/take/<int:task_pk>/", unit_plan_views.task_take_over, name="take_over"),
    path("import/", import_views.plan_import, name="import"),
    path("import/template.xlsx", import_views.plan_import_template, name="import_template"),
    path("import/<int:pk>/", import_views.plan_import_preview, name="import_preview"),
    path("import/<int:pk>/header/", import_views.plan_import_header, name="import_header"),
    path("import/<int:pk>/resolve/", import_views.plan_import_resolve, name="import_resolve"),
    path("import/<int:pk>/confirm/", import_views.plan_import_confirm, name="import_confirm"),
    path("import/<int:pk>/cancel/", import_views.plan_import_cancel, name="import_cancel"),
]
