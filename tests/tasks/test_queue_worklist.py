"""The secretariat's queue as a work list (issue 21): what waits and since when, the units
most behind, filters and search, and confirming several reports with one confirmation step."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tasks.history import PastEntry
from tasks.models import TaskEvent, TaskEventKind, TaskStatus
from tasks.services import task_history_import
from tasks.workflow_models import CompletionReport, ReportStatus
from tests.factories import make_task, make_unit

from .test_confirmation import report_done


@pytest.fixture
def queue(cast, plan, task):
    today = timezone.localdate()
    other = make_task(
        plan=plan,
        lead_unit=cast.unit_b,
        content="Số hóa hồ sơ",
        area_code="VII",
        deadline=today - datetime.timedelta(5),
    )
    late = make_task(plan=plan, lead_unit=cast.unit_b, content="Quá hạn B", deadline=today - datetime.timedelta(9))
    first = report_done(task, cast.staff_a, on=today)
    second = report_done(other, cast.staff_b, on=today)
    # The first report has waited ten days.
    CompletionReport.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=10))
    return {"a": first, "b": second, "late": late}


@pytest.mark.django_db
def test_the_queue_says_how_much_waits_since_when_and_who_is_behind(cast, queue):
    html = cast.client(cast.secretariat).get(reverse("tasks:queue")).content.decode()
    summary = html[html.index('data-testid="queue-summary"') :]
    summary = summary[: summary.index("</ul>")]
    oldest = timezone.localdate() - datetime.timedelta(days=10)
    assert "<strong>2</strong> báo cáo chờ xác nhận" in summary
    assert f"cũ nhất gửi ngày {oldest:%d/%m/%Y}" in summary
    assert "<strong>0</strong> đề nghị gia hạn chờ quyết định" in summary
    late = html[html.index('data-testid="units-late"') :]
    # Unit B leads two tasks past their deadline (one pending, still open); unit A none.
    assert f'<a href="?unit={cast.unit_b.pk}">SB</a> (2)' in late[: late.index("</p>")]
    assert "SA</a>" not in late[: late.index("</p>")]
    assert "đã chờ 10 ngày" in html and "gửi hôm nay" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["a", "b"]),
        ({"unit": "unit_b"}, ["b"]),
        ({"area": "VII"}, ["b"]),
        ({"age": "7"}, ["a"]),
        ({"q": "số hóa"}, ["b"]),
        ({"q": "SA"}, ["a"]),
        ({"q": "không có"}, []),
    ],
)
def test_filters_and_search(cast, queue, query, expected):
    from tests.factories import area

    if query.get("unit") == "unit_b":
        query["unit"] = cast.unit_b.pk
    if "area" in query:
        query["area"] = area(query["area"]).pk
    response = cast.client(cast.secretariat).get(reverse("tasks:queue"), query)
    assert [r.pk for r in response.context["reports"]] == [queue[key].pk for key in expected]
    assert f'data-testid="reports-shown">{len(expected)}</span>' in response.content.decode()


@pytest.mark.django_db
def test_kind_shows_one_part_of_the_queue(cast, queue):
    client = cast.client(cast.secretariat)
    reports_only = client.get(reverse("tasks:queue"), {"kind": "reports"}).content.decode()
    assert 'id="extensions"' not in reports_only and 'id="reports"' in reports_only
    extensions_only = client.get(reverse("tasks:queue"), {"kind": "extensions"}).content.decode()
    assert 'id="extensions"' in extensions_only and 'id="reports"' not in extensions_only


@pytest.mark.django_db
def test_bulk_confirm_asks_once_then_confirms_each_through_the_service(cast, queue):
    client = cast.client(cast.secretariat)
    chosen = [queue["a"].pk, queue["b"].pk]
    step = client.post(reverse("tasks:reports_confirm_bulk"), {"reports": chosen})
    assert step.status_code == 200
    html = step.content.decode()
    assert "Xác nhận hoàn thành 2 nhiệm vụ?" in html and "Xác nhận 2 báo cáo" in html
    assert CompletionReport.objects.filter(status=ReportStatus.CONFIRMED).count() == 0  # nothing yet

    done = client.post(reverse("tasks:reports_confirm_bulk"), {"reports": chosen, "confirmed": "on"})
    assert done.status_code == 302 and done.url == reverse("tasks:queue")
    assert CompletionReport.objects.filter(pk__in=chosen, status=ReportStatus.CONFIRMED).count() == 2
    for report in CompletionReport.objects.filter(pk__in=chosen).select_related("task"):
        assert report.task.status == TaskStatus.COMPLETED
        assert TaskEvent.objects.filter(task=report.task, kind="confirmed", actor=cast.secretariat).count() == 1
    page = client.get(done.url).content.decode()
    assert "Đã xác nhận hoàn thành 2 nhiệm vụ" in page


@pytest.mark.django_db
def test_bulk_confirm_refuses_nothing_chosen_decided_reports_and_other_roles(cast, queue):
    client = cast.client(cast.secretariat)
    empty = client.post(reverse("tasks:reports_confirm_bulk"), {"confirmed": "on"})
    assert empty.status_code == 302
    assert "Chọn ít nhất một báo cáo" in client.get(empty.url).content.decode()
    client.post(reverse("tasks:reports_confirm_bulk"), {"reports": [queue["a"].pk], "confirmed": "on"})
    again = client.post(reverse("tasks:reports_confirm_bulk"), {"reports": [queue["a"].pk], "confirmed": "on"})
    assert again.status_code == 302  # no longer waiting: not a choice
    assert TaskEvent.objects.filter(task=queue["a"].task, kind="confirmed").count() == 1
    for who in (cast.leader, cast.staff_a, cast.head_a):
        response = cast.client(who).post(
            reverse("tasks:reports_confirm_bulk"), {"reports": [queue["b"].pk], "confirmed": "on"}
        )
        assert response.status_code == 403
    assert CompletionReport.objects.get(pk=queue["b"].pk).status == ReportStatus.AWAITING_SECRETARIAT


@pytest.mark.django_db
def test_the_queue_names_the_units_gone_silent(cast, plan, task):
    """Unit A leads an open task with no report in 30 days; unit B reported 30 days ago (not yet
    silent); a unit whose tasks are all done is not listed."""
    today = timezone.localdate()
    make_task(plan=plan, lead_unit=cast.unit_b, deadline=today + datetime.timedelta(20))
    reported = make_task(plan=plan, lead_unit=cast.unit_b, deadline=today + datetime.timedelta(40))
    record_progress(reported, cast.staff_b, on=today - datetime.timedelta(30))
    make_task(plan=plan, lead_unit=make_unit(code="SD", name="Sở xong việc"), status=TaskStatus.COMPLETED)
    html = cast.client(cast.secretariat).get(reverse("tasks:queue")).content.decode()
    silent = html[html.index('data-testid="units-silent"') :]
    silent = silent[: silent.index("</p>")]
    assert "Đơn vị không báo cáo gì trong 30 ngày qua" in silent
    assert f'<a href="{reverse("reports:my_unit")}?unit={cast.unit_a.pk}">SA</a>' in silent
    assert ">SB<" not in silent and ">SD<" not in silent
    record_progress(task, cast.staff_a, on=today)
    html = cast.client(cast.secretariat).get(reverse("tasks:queue")).content.decode()
    assert 'data-testid="units-silent"' not in html


def record_progress(task, user, *, on):
    task_history_import(
        entries=[
            PastEntry(
                task_id=task.pk,
                kind=TaskEventKind.PROGRESS,
                actor_id=user.pk,
                effective_on=on,
                status=TaskStatus.IN_PROGRESS,
                progress=50,
                deadline=task.deadline,
            )
        ]
    )


@pytest.mark.django_db
def test_the_queue_shows_a_page_at_a_time_oldest_first(cast, queue, monkeypatch):
    """Nationally thousands of reports wait: the queue shows a page of them (the count says how
    many match), the oldest on the first page, and the filters stay on the page links."""
    from tasks import views

    monkeypatch.setattr(views, "QUEUE_PAGE_SIZE", 1)
    client = cast.client(cast.secretariat)
    first = client.get(reverse("tasks:queue"))
    html = first.content.decode()
    assert [r.pk for r in first.context["reports"]] == [queue["a"].pk]
    assert 'data-testid="reports-shown">2</span>' in html
    assert "Trang 1/2" in html
    assert 'href="?page=2">Trang sau</a>' in html
    second = client.get(reverse("tasks:queue"), {"page": "2"})
    assert [r.pk for r in second.context["reports"]] == [queue["b"].pk]
    filtered = client.get(reverse("tasks:queue"), {"q": "SA", "page": "9"}).content.decode()
    assert 'data-testid="reports-shown">1</span>' in filtered
    assert 'data-testid="pages"' not in filtered
