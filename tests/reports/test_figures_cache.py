"""Figures are cached under the plans' figures tokens (reports/figures_cache.py): served again
while nothing that could alter them changed, never after such a change."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cchc.formatting import format_date, short_date
from plans.models import ReformArea
from reports import dashboards
from reports.completion import (
    completion_at_dates,
    completion_by_area,
    completion_by_source,
    completion_of,
    completion_with_breakdowns,
)
from tasks.history import figures_changed
from tasks.models import PlanFiguresVersion, Task, TaskEventKind, TaskStatus
from tasks.services import task_edit, task_report_progress
from tests.factories import make_plan, make_task
from tests.reports.conftest import date, event

pytestmark = pytest.mark.django_db


def tokens(plan):
    return PlanFiguresVersion.objects.values_list("current", "past").get(plan=plan)


def page(client, plan, as_of="30/06/2023"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:plan_dashboard", args=[plan.pk]), {"as_of": as_of})
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")], len(queries)


def test_a_past_dashboard_is_served_from_the_cache_while_nothing_changed(cast, board):
    client = cast.client(cast.leader)
    first, _queries = page(client, board.plan)
    again, warm = page(client, board.plan)
    assert "Hoàn thành 3/11 nhiệm vụ, đạt 27,27%" in first
    assert again == first
    cache.clear()
    cold_page, cold = page(client, board.plan)
    assert cold_page == first
    # Cached as rendered HTML (dashboards.dashboard_fragments): a miss adds the headline with the
    # areas and sources (one query), the trend (one more) and the areas' rows (one more).
    assert cold == warm + 3


def test_a_progress_report_of_today_keeps_the_past_figures_and_their_token(cast, board):
    client = cast.client(cast.leader)
    before, _queries = page(client, board.plan)
    old = tokens(board.plan)
    task = board.within
    task_report_progress(
        task=task, by=cast.staff_a, loaded_version=task.version, status=TaskStatus.IN_PROGRESS, progress=60, note="Tiếp"
    )
    current, past = tokens(board.plan)
    assert current != old[0] and past == old[1]
    after, _queries = page(client, board.plan)
    assert after == before and "Hoàn thành 3/11 nhiệm vụ, đạt 27,27%" in after


def test_a_backdated_entry_changes_the_token_and_the_figures_shown(cast, board):
    client = cast.client(cast.leader)
    assert "Hoàn thành 3/11 nhiệm vụ, đạt 27,27%" in page(client, board.plan)[0]
    old = tokens(board.plan)
    # The open task "within" confirmed completed as of 25/06/2023, recorded today.
    event(board.within, date(25, 6), TaskStatus.COMPLETED, kind=TaskEventKind.CONFIRMED, completed_on=date(25, 6))
    assert tokens(board.plan)[1] != old[1]
    assert "Hoàn thành 4/11 nhiệm vụ, đạt 36,36%" in page(client, board.plan)[0]


def test_an_edit_of_today_that_moves_a_task_to_another_area_changes_past_figures(cast, board):
    """Past figures read the area from the task row: an edit dated today changes them too."""
    scope = dashboards.Scope(2023, Task.objects.filter(plan=board.plan), board.plan)
    day = datetime.date(2023, 6, 30)
    before = dashboards.dashboard(scope, day)
    area_iii = ReformArea.objects.get(code="III")
    totals = {row.code: row.completion.total for row in before.areas}
    old = tokens(board.plan)
    task = board.within  # area II
    task_edit(
        task=task, by=cast.secretariat, loaded_version=task.version, changes={"area": area_iii}, reason="Điều chỉnh"
    )
    assert tokens(board.plan)[1] != old[1]
    after = {row.code: row.completion.total for row in dashboards.dashboard(scope, day).areas}
    assert after["II"] == totals["II"] - 1 and after["III"] == totals["III"] + 1


def test_a_write_to_another_plan_of_the_year_changes_the_year_dashboard(cast, board):
    client = cast.client(cast.leader)
    url = reverse("reports:year_dashboard", args=[2023])
    html = client.get(url, {"as_of": "30/06/2023"}).content.decode()
    assert "Hoàn thành 3/11 nhiệm vụ, đạt 27,27%" in html
    other = make_plan(year=2023)
    make_task(plan=other, status=TaskStatus.COMPLETED, completed_on=datetime.date(2023, 5, 1))
    html = client.get(url, {"as_of": "30/06/2023"}).content.decode()
    assert "Hoàn thành 4/12 nhiệm vụ, đạt 33,33%" in html


def test_a_token_is_written_only_with_the_change_it_stands_for(cast, board):
    old = tokens(board.plan)
    with pytest.raises(RuntimeError), transaction.atomic():
        figures_changed([board.plan.pk])
        raise RuntimeError("the change fails")
    assert tokens(board.plan) == old


def test_todays_dashboard_counts_the_rows_and_its_trend_point_agrees_with_the_history(cast, board):
    today = timezone.localdate()
    scope = dashboards.Scope(2023, Task.objects.filter(plan=board.plan), board.plan)
    board_today = dashboards.dashboard(scope, today)
    # A 2023 plan seen today: the trend ends at 31/12/2023, read from the state spans (cached).
    yesterday = today - datetime.timedelta(days=1)
    spans = completion_at_dates(scope.tasks, [yesterday, today])[today]
    rows = completion_at_dates(scope.tasks, [today])[today]
    assert rows == spans
    assert board_today.completion == completion_of(scope.tasks, as_of=today)


@pytest.mark.parametrize("day", [datetime.date(2023, 3, 31), datetime.date(2023, 6, 30), None])
def test_breakdowns_in_one_query_equal_the_separate_figures(cast, board, day, django_assert_num_queries):
    day = day or timezone.localdate()
    tasks = Task.objects.filter(plan=board.plan)
    with django_assert_num_queries(1):
        total, areas, sources = completion_with_breakdowns(tasks, as_of=day)
    assert total == completion_of(tasks, as_of=day)
    assert areas == completion_by_area(tasks, as_of=day)
    assert sources == completion_by_source(tasks, as_of=day)


def test_todays_figures_are_computed_again_after_any_write(cast, board):
    today = timezone.localdate()
    scope = dashboards.Scope(2023, Task.objects.filter(plan=board.plan), board.plan)
    assert dashboards.dashboard(scope, today).completion.not_started == 3
    task = board.due_soon  # not started, led by unit B
    task_report_progress(
        task=task, by=cast.staff_b, loaded_version=task.version, status=TaskStatus.IN_PROGRESS, progress=10, note="Làm"
    )
    assert dashboards.dashboard(scope, today).completion.not_started == 2


def test_the_units_table_of_today_follows_updates_and_unit_names(cast, board):
    client = cast.client(cast.leader)
    today = timezone.localdate()

    def unit_b_line():
        html = client.get(reverse("reports:units"), {"plan": board.plan.pk}).content.decode()
        return html[html.index('data-unit="SB"') : html.index("</tr>", html.index('data-unit="SB"'))]

    assert "Sở Tài chính thử" in unit_b_line() and format_date(today) not in unit_b_line()
    task = board.due_soon
    task_report_progress(
        task=task, by=cast.staff_b, loaded_version=task.version, status=TaskStatus.IN_PROGRESS, progress=10, note="Làm"
    )
    assert short_date(today) in unit_b_line()  # its last update: today
    cast.unit_b.name = "Sở Tài chính (tên mới)"
    cast.unit_b.save()
    assert "Sở Tài chính (tên mới)" in unit_b_line()


def test_deleting_a_plans_tasks_renews_its_tokens(cast, board):
    from tasks.services import plan_tasks_purge

    old = tokens(board.plan)
    plan_tasks_purge(plan=board.plan)
    current, past = tokens(board.plan)
    assert current != old[0] and past != old[1]


def test_the_cached_dashboard_shows_what_changed_beside_the_figures(cast, board):
    """The figure sections are cached as HTML (dashboards.dashboard_fragments): a renamed
    reform area, the reader's language and last year's plan number are in the key, so none of
    them is ever shown as it was."""
    client = cast.client(cast.leader)
    first, _queries = page(client, board.plan)
    assert "Theo lĩnh vực" in first
    area = ReformArea.objects.get(code="II")
    area.short_name = "Thể chế (tên mới)"
    area.save(update_fields=["short_name"])
    renamed, _queries = page(client, board.plan)
    assert "II. Thể chế (tên mới)" in renamed
    cast.leader.language = "en"
    cast.leader.save(update_fields=["language"])
    english, _queries = page(client, board.plan)
    assert "Theo lĩnh vực" not in english
    assert "Tính đến ngày" not in english


def test_a_units_plan_dashboard_follows_its_writes_and_reads_only_its_scopes_tokens(cast, board):
    """CachedFigures reads the tokens of the year's agency plans and of the scope's own plans
    only (a unit's own plans are thousands at ten times national size): a unit's plan (one with
    a parent) still shows every write to it at once."""
    derived = make_plan(number="7/KH-SA", year=2023, issuing_unit=cast.unit_a, parent=board.plan)
    own = make_task(plan=derived, lead_unit=cast.unit_a, deadline=datetime.date(2023, 12, 31))
    client = cast.client(cast.leader)
    today = format_date(timezone.localdate())
    assert "Hoàn thành 0/1 nhiệm vụ, đạt 0,00%" in page(client, derived, as_of=today)[0]
    event(own, timezone.localdate(), TaskStatus.COMPLETED, kind=TaskEventKind.CONFIRMED, completed_on=date(20, 6))
    assert "Hoàn thành 1/1 nhiệm vụ, đạt 100,00%" in page(client, derived, as_of=today)[0]
    with CaptureQueriesContext(connection) as queries:
        dashboards.CachedFigures([2023, 2022], [derived])
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert '"plans_plan"."parent_id" IS NULL' in sql
