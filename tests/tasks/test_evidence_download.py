"""Evidence files are served only to people who may see the task."""

import datetime

import pytest
from django.urls import reverse

from tasks.models import TaskStatus
from tasks.services import EvidenceInput, task_report_progress
from tasks.workflow_models import Evidence
from tests.factories import make_unit, make_user

from .conftest import PDF, pdf


@pytest.fixture
def evidence(cast, task):
    task_report_progress(
        task=task,
        by=cast.staff_a,
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Xong",
        completed_on=datetime.date(2026, 11, 20),
        evidence=EvidenceInput(files=[pdf("QĐ 125 <ký số>.pdf")]),
    )
    return Evidence.objects.get(task=task)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staff_a", "head_a", "staff_b", "secretariat", "leader"])
def test_people_who_see_the_task_download_it(cast, evidence, who):
    response = cast.client(getattr(cast, who)).get(reverse("tasks:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_others_get_404(cast, evidence):
    stranger = make_user("khac", role=None, unit=make_unit())
    for user in (cast.outsider, stranger):
        assert cast.client(user).get(reverse("tasks:evidence", args=[evidence.pk])).status_code == 404
    assert cast.client(None).get(reverse("tasks:evidence", args=[evidence.pk])).status_code == 302


@pytest.mark.django_db
def test_the_file_name_is_shown_escaped_in_the_timeline(cast, evidence, task):
    html = cast.client(cast.staff_a).get(task.get_absolute_url()).content.decode()
    assert "QĐ 125 &lt;ký số&gt;.pdf" in html and "<ký số>" not in html
