from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("mine/", views.my_tasks, name="mine"),
    path("queue/", views.secretariat_queue, name="queue"),
    path("queue/confirm/", views.reports_confirm_bulk, name="reports_confirm_bulk"),
    path("approvals/", views.head_queue, name="approvals"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/update/", views.task_update, name="update"),
    path("<int:pk>/contribute/", views.task_contribute, name="contribute"),
    path("<int:pk>/report-from-units/", views.task_report_from_units, name="report_from_units"),
    path("<int:pk>/extension/", views.task_extension, name="extension"),
    path("reports/<int:pk>/confirm/", views.report_confirm, name="report_confirm"),
    path("reports/<int:pk>/undo/", views.report_confirm_undo, name="report_confirm_undo"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("reports/<int:pk>/reject/", views.report_reject, name="report_reject"),
    path("extensions/<int:pk>/approve/", views.extension_approve, name="extension_approve"),
    path("extensions/<int:pk>/refuse/", views.extension_refuse, name="extension_refuse"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/preview/", views.evidence_preview, name="evidence_preview"),
]
