"""The workflow pages in the second language (the VI/EN switch sets the language cookie)."""

import pytest
from django.conf import settings
from django.urls import reverse


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_unit_list_and_update_form_in_english(cast, task):
    client = english(cast.client(cast.staff_a))
    assert "Unit's tasks" in client.get(reverse("tasks:mine")).content.decode()
    html = client.get(reverse("tasks:update", args=[task.pk])).content.decode()
    assert "Completed — submit report for confirmation" in html
    assert "Hoàn thành — gửi báo cáo" not in html


@pytest.mark.django_db
def test_queue_and_field_errors_in_english(cast, task):
    client = english(cast.client(cast.staff_a))
    response = client.post(
        reverse("tasks:update", args=[task.pk]),
        {"version": task.version, "status": "completed", "progress": 100, "note": "Done"},
    )
    assert "A completion report needs evidence" in str(response.context["form"].errors["files"])
    assert "Confirmation queue" in english(cast.client(cast.secretariat)).get(reverse("tasks:queue")).content.decode()
