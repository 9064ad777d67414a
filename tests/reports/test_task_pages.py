"""A dashboard cell's tasks and the overdue list a page at a time (issue 22's load run: a
national cell held thousands of tasks, 0,6–2 MB of HTML in one page): the count is the cell's,
the page holds TASK_PAGE_SIZE tasks in the plan's order, and the links keep the other
parameters."""

import pytest
from django.urls import reverse

from reports import dashboards


@pytest.mark.django_db
def test_the_overdue_list_and_a_cell_show_a_page_at_a_time(cast, board, monkeypatch):
    monkeypatch.setattr(dashboards, "TASK_PAGE_SIZE", 2)
    client = cast.client(cast.leader)
    params = {"plan": board.plan.pk, "as_of": "30/06/2023"}
    first = client.get(reverse("reports:overdue"), params)
    html = first.content.decode()
    # The board has 3 overdue tasks at 30/06/2023.
    assert "3 nhiệm vụ quá hạn chưa hoàn thành tính đến ngày 30/06/2023." in html
    assert len(first.context["tasks"]) == 2
    assert "Trang 1/2" in html
    assert f'href="?plan={board.plan.pk}&amp;as_of=30%2F06%2F2023&amp;page=2">Trang sau</a>' in html
    second = client.get(reverse("reports:overdue"), {**params, "page": "2"})
    assert len(second.context["tasks"]) == 1
    assert {t.pk for t in first.context["tasks"]} | {t.pk for t in second.context["tasks"]} == set(
        dashboards.tasks_in_bucket(board.plan.tasks.all(), as_of=second.context["as_of"], bucket="overdue").values_list(
            "pk", flat=True
        )
    )
    cell = client.get(reverse("reports:drilldown"), {**params, "bucket": "within"})
    cell_html = cell.content.decode()
    assert "5 nhiệm vụ, tính đến ngày 30/06/2023." in cell_html
    assert len(cell.context["tasks"]) == 2 and "Trang 1/3" in cell_html
    last = client.get(reverse("reports:drilldown"), {**params, "bucket": "within", "page": "99"})
    assert len(last.context["tasks"]) == 1 and "Trang 3/3" in last.content.decode()
