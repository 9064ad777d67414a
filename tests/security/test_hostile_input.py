"""Hostile input: HTML/JS typed into task texts, notes, unit names and file names is shown
escaped on every page that shows it; oversized and malformed requests get 4xx, never 500."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tasks.models import TaskStatus
from tasks.services import EvidenceInput, task_report_progress
from tests.factories import make_plan, make_task

SCRIPT = '<script>alert("x")</script>'
IMG = "<img src=x onerror=alert(1)>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def hostile(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cast.unit_a.name = f"Sở {SCRIPT}"
    cast.unit_a.save()
    plan = make_plan(number="9/KH-UBND", year=2026, issued_on=datetime.date(2026, 1, 5))
    task = make_task(
        plan=plan,
        lead_unit=cast.unit_a,
        content=f"Nhiệm vụ {IMG}",
        expected_output=f"Báo cáo {SCRIPT}",
        deadline=datetime.date(2026, 3, 31),
        status=TaskStatus.IN_PROGRESS,
    )
    task_report_progress(
        task=task,
        by=cast.staff_a,
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note=f"Ghi chú {SCRIPT}",
        completed_on=datetime.date(2026, 3, 30),
        evidence=EvidenceInput(
            files=[SimpleUploadedFile(f"{IMG}.pdf", PDF)], document_number=f"1/{SCRIPT}", document_title=IMG
        ),
    )
    return plan, task


@pytest.mark.django_db
def test_hostile_texts_are_escaped_on_every_page_showing_them(cast, hostile):
    plan, task = hostile
    # (user, url, whether the page shows the task, unit or note texts at all)
    pages = [
        (cast.leader, reverse("plans:detail", args=[plan.pk]), True),
        (cast.leader, reverse("tasks:detail", args=[task.pk]), True),
        (cast.leader, reverse("reports:plan_dashboard", args=[plan.pk]), False),
        (cast.leader, reverse("reports:units") + f"?plan={plan.pk}", True),
        (cast.leader, reverse("reports:drilldown") + f"?plan={plan.pk}&bucket=total", True),
        (cast.secretariat, reverse("tasks:queue"), True),
        (cast.staff_a, reverse("tasks:mine"), True),
        (cast.staff_a, reverse("reports:my_unit"), True),
    ]
    for user, url, shows_texts in pages:
        html = cast.client(user).get(url).content.decode()
        assert SCRIPT not in html and IMG not in html, url
        if shows_texts:
            assert "&lt;script&gt;" in html or "&lt;img" in html, url


@pytest.mark.django_db
def test_oversized_body_is_refused_with_400(cast, hostile, settings):
    _, task = hostile
    client = Client(raise_request_exception=False)
    client.force_login(cast.staff_a)
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(reverse("tasks:update", args=[task.pk]), {"version": "1", "note": big})
    assert response.status_code == 400


@pytest.mark.django_db
def test_too_many_fields_is_refused_with_400(cast, hostile):
    _, task = hostile
    client = Client(raise_request_exception=False)
    client.force_login(cast.staff_a)
    response = client.post(reverse("tasks:update", args=[task.pk]), {f"f{n}": "1" for n in range(1200)})
    assert response.status_code == 400


@pytest.mark.django_db
def test_malformed_multipart_is_refused_with_400(cast, hostile):
    _, task = hostile
    client = Client(raise_request_exception=False)
    client.force_login(cast.staff_a)
    response = client.generic(
        "POST",
        reverse("tasks:update", args=[task.pk]),
        b"--broken\r\nContent-Disposition: form-data; name=\r\n\r\nnot closed",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"version": "abc", "status": "in_progress", "progress": "x", "note": "n"},
        {"version": "99999999999999999999", "status": "in_progress", "progress": "10", "note": "n"},
        {"version": "1", "status": "<script>", "progress": "-5", "note": "n", "completed_on": "31/02/2026"},
    ],
)
def test_nonsense_field_values_get_form_errors_not_500(cast, hostile, data):
    _, task = hostile
    client = Client(raise_request_exception=False)
    client.force_login(cast.head_a)
    response = client.post(reverse("tasks:update", args=[task.pk]), data)
    assert response.status_code in (200, 409)
