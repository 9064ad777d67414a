"""A failure half-way through a save leaves nothing half-written and shows an error page."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tasks.models import TaskEvent
from tasks.workflow_models import CompletionReport, Evidence

from .conftest import pdf


@pytest.mark.django_db
def test_database_failure_after_the_task_row_was_updated_rolls_everything_back(cast, task):
    client = Client(raise_request_exception=False)
    client.force_login(cast.staff_a)
    with mock.patch(
        "tasks.workflow_models.CompletionReport.objects.create", side_effect=OperationalError("server closed")
    ):
        response = client.post(
            reverse("tasks:update", args=[task.pk]),
            {
                "version": task.version,
                "status": "completed",
                "progress": 100,
                "note": "Đã xong",
                "completed_on": "2026-11-20",
                "files": [pdf()],
            },
        )
    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == ("in_progress", 40, 1)
    assert not TaskEvent.objects.exclude(kind="created").exists() and not Evidence.objects.exists()
    assert not CompletionReport.objects.exists()
