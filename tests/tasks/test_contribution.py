"""A coordinating unit adds its contribution note and evidence; it cannot change the status."""

import pytest
from django.urls import reverse

from tasks.workflow_models import Evidence

from .conftest import pdf


@pytest.mark.django_db
def test_coordinating_unit_contributes_with_evidence(cast, task):
    response = cast.client(cast.staff_b).post(
        reverse("tasks:contribute", args=[task.pk]), {"note": "Đã góp ý dự thảo", "files": [pdf("gop-y.pdf")]}
    )
    assert response.status_code == 302
    event = task.events.get(kind="contribution")
    assert event.note == "Sở Tài chính thử: Đã góp ý dự thảo"
    assert (event.status_before, event.status_after, event.progress_after) == ("in_progress", "in_progress", 40)
    assert Evidence.objects.get(event=event).original_name == "gop-y.pdf"
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == ("in_progress", 40, 1)


@pytest.mark.django_db
def test_coordinating_unit_cannot_change_the_status(cast, task):
    page = cast.client(cast.staff_b).get(task.get_absolute_url()).content.decode()
    assert "Báo cáo phối hợp" in page and reverse("tasks:update", args=[task.pk]) not in page
    assert cast.client(cast.staff_b).get(reverse("tasks:update", args=[task.pk])).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "expected"), [("staff_a", 403), ("leader", 403), ("outsider", 404)])
def test_only_coordinating_units_contribute(cast, task, who, expected):
    response = cast.client(getattr(cast, who)).post(reverse("tasks:contribute", args=[task.pk]), {"note": "x"})
    assert response.status_code == expected and not task.events.exclude(kind="created").exists()


@pytest.mark.django_db
def test_note_is_required(cast, task):
    response = cast.client(cast.staff_b).post(reverse("tasks:contribute", args=[task.pk]), {"note": ""})
    assert response.status_code == 200 and "note" in response.context["form"].errors
