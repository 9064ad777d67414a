"""reports:index, the leaders' landing page, from the figures cache (issue 22): the plans' figures
and the "Cần chú ý" panel are served again while nothing that could alter them changed, and
never after such a change — a progress report, a confirmation, a unit renamed, another language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks.services import report_confirm, task_report_progress

pytestmark = pytest.mark.django_db


def index(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")], len(queries)


def test_served_from_the_cache_while_nothing_changed(cast, year_plan):
    client = cast.client(cast.leader)
    first, cold = index(client)
    again, warm = index(client)
    assert again == first
    assert "Hoàn thành 0/3 nhiệm vụ, đạt 0,00%" in first
    assert "<strong>1</strong> báo cáo hoàn thành" in first
    assert "Sở Tư pháp thử</a>: 1 quá hạn" in first
    # The panel's six figure queries and the plans' one are not run again.
    assert warm <= cold - 6, (cold, warm)


def test_a_change_of_the_tasks_is_seen_at_once(cast, year_plan):
    client = cast.client(cast.leader)
    index(client)
    report_confirm(report=year_plan.waiting.completion_reports.get(), by=cast.secretariat)
    after_confirmation, _queries = index(client)
    assert "Hoàn thành 1/3 nhiệm vụ, đạt 33,33%" in after_confirmation
    assert "Không có báo cáo nào chờ." in after_confirmation

    late = year_plan.late
    task_report_progress(
        task=late, by=cast.staff_a, loaded_version=late.version, status="in_progress", progress=50, note="Đang làm"
    )
    after_progress, _queries = index(client)
    assert after_progress != after_confirmation  # the unit is no longer silent today
    assert "Sở Tư pháp thử</a>: 1 quá hạn" in after_progress


def test_a_unit_renamed_and_the_reader_s_language_change_the_panel(cast, year_plan):
    client = cast.client(cast.leader)
    index(client)
    cast.unit_a.name = "Sở Tư pháp mới"  # as the units admin saves it
    cast.unit_a.save()
    renamed, _queries = index(client)
    assert "Sở Tư pháp mới</a>: 1 quá hạn" in renamed
    cast.leader.language = "en"
    cast.leader.save(update_fields=["language"])
    english, _queries = index(client)
    assert "Needs attention · " in english and "Completed 0/3 tasks, 0.00%" in english
    assert "Cần chú ý" not in english
