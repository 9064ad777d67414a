"""The unit's task list as a work list (issue 21): what needs doing now first, every count a
link to the list it counts, completed tasks folded away, filters folded on a phone, pages."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tasks import worklists
from tasks.models import Task, TaskStatus
from tasks.services import EvidenceInput, task_report_progress
from tests.factories import area, make_task

DAYS = datetime.timedelta


@pytest.fixture
def worklist(cast, plan):
    today = timezone.localdate()

    def led(content, **fields):
        return make_task(plan=plan, lead_unit=cast.unit_a, content=content, **fields)

    return {
        "done": led("Xong", deadline=today - DAYS(60), status=TaskStatus.COMPLETED, completed_on=today - DAYS(61)),
        "progress": led("Đang làm", deadline=today + DAYS(60), status=TaskStatus.IN_PROGRESS, progress=30),
        "not_started": led("Chưa làm", deadline=today + DAYS(90)),
        "soon": led("Sắp hạn", deadline=today + DAYS(3), status=TaskStatus.IN_PROGRESS, progress=50),
        "overdue": led("Quá hạn", deadline=today - DAYS(2), status=TaskStatus.IN_PROGRESS, progress=80),
        "returned": led("Bị trả", deadline=today + DAYS(30), status=TaskStatus.RETURNED, progress=90),
        "pending": led("Chờ xác nhận", deadline=today + DAYS(20), status=TaskStatus.PENDING, progress=100),
        "coordinated": make_task(
            plan=plan, lead_unit=cast.unit_b, coordinating=[cast.unit_a], content="Phối hợp", deadline=today
        ),
    }


def listed(response) -> list[str]:
    return [task.content for task in response.context["tasks"]]


def sections(html: str) -> list[str]:
    return re.findall(r'data-testid="section-([a-z_]+)"', html)


@pytest.mark.django_db
def test_what_needs_doing_comes_first_and_completed_is_folded(cast, worklist):
    response = cast.client(cast.staff_a).get(reverse("tasks:mine"))
    assert listed(response) == [
        "Bị trả",
        "Quá hạn",
        "Sắp hạn",
        "Chưa làm",
        "Đang làm",
        "Phối hợp",
        "Chờ xác nhận",
        "Xong",
    ]
    html = response.content.decode()
    assert sections(html) == ["attention", "in_progress", "coordinating", "pending", "done"]
    attention = html[html.index('data-testid="section-attention"') : html.index('data-testid="section-in_progress"')]
    assert "Cần xử lý" in attention and '<span class="badge text-bg-light">4</span>' in attention
    assert "Sắp đến hạn</span>" in attention  # the reason a row with no other badge is there
    # Completed tasks sit in a closed <details>.
    assert re.search(r'<details class="mb-3" data-testid="section-done"><summary class="h5">[^<]*\(1\)</summary>', html)


@pytest.mark.django_db
def test_every_count_is_a_link_to_the_list_it_counts(cast, worklist):
    client = cast.client(cast.staff_a)
    html = client.get(reverse("tasks:mine")).content.decode()
    counts = html[html.index('data-testid="unit-counts"') :]
    counts = counts[: counts.index("</ul>")]
    links = re.findall(r'<a[^>]*href="\?([^"]+)">[^<]*<strong>(\d+)</strong>', counts)
    assert len(links) == 8
    seen = {}
    for query, number in links:
        response = client.get(reverse("tasks:mine") + "?" + query.replace("&amp;", "&"))
        assert response.context["page"].paginator.count == int(number), query
        seen[query.replace("&amp;", "&")] = int(number)
    assert seen == {
        "role=lead": 7,
        "role=coordinate": 1,
        "role=lead&status=returned": 1,
        "role=lead&timeliness=overdue": 1,
        "role=lead&timeliness=due_soon": 1,
        "role=lead&status=not_started": 1,
        "role=lead&status=pending": 1,
        "role=lead&status=completed": 1,
    }


@pytest.mark.django_db
def test_filters_fold_away_and_empty_choices_read_tat_ca(cast, worklist):
    client = cast.client(cast.staff_a)
    html = client.get(reverse("tasks:mine")).content.decode()
    assert '<details class="filters mb-3" data-open-wide>' in html  # closed until opened (wide screens: JS)
    assert "---------" not in html
    for label in ("Tất cả kế hoạch", "Tất cả lĩnh vực", "Tất cả trạng thái", "Tất cả thời hạn"):
        assert f'<option value="" selected>{label}</option>' in html
    filtered = client.get(reverse("tasks:mine"), {"status": "returned"}).content.decode()
    assert '<details class="filters mb-3" data-open-wide open>' in filtered


@pytest.mark.django_db
def test_the_list_is_paginated_keeping_the_filters(cast, plan):
    Task.objects.bulk_create(
        Task(plan=plan, area=area("I"), number=str(n), position=n, content=f"Việc {n}", lead_unit=cast.unit_a)
        for n in range(60)
    )
    client = cast.client(cast.staff_a)
    first = client.get(reverse("tasks:mine"), {"role": "lead"})
    assert len(first.context["tasks"]) == 50 and first.context["page"].paginator.num_pages == 2
    html = first.content.decode()
    assert 'href="?role=lead&amp;page=2"' in html and "Trang 1/2" in html
    second = client.get(reverse("tasks:mine"), {"role": "lead", "page": 2})
    assert len(second.context["tasks"]) == 10
    assert not set(listed(first)) & set(listed(second))


def _submit(task, user):
    task_report_progress(
        task=task,
        by=user,
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Đã hoàn thành",
        completed_on=timezone.localdate(),
        evidence=EvidenceInput(document_number="5/BC-STP"),
    )


@pytest.mark.django_db
def test_a_report_waiting_for_the_head_needs_the_head_not_the_staff(cast, worklist):
    cast.unit_a.requires_head_approval = True
    cast.unit_a.save()
    _submit(worklist["progress"], cast.staff_a)

    staff_html = cast.client(cast.staff_a).get(reverse("tasks:mine")).content.decode()
    assert sections(staff_html) == ["attention", "awaiting_head", "coordinating", "pending", "done"]
    assert 'data-testid="head-approvals"' not in staff_html

    response = cast.client(cast.head_a).get(reverse("tasks:mine"))
    head_html = response.content.decode()
    assert listed(response)[:5] == ["Bị trả", "Quá hạn", "Sắp hạn", "Chưa làm", "Đang làm"]
    assert sections(head_html) == ["attention", "coordinating", "pending", "done"]
    panel = head_html[head_html.index('data-testid="head-approvals"') :]
    panel = panel[: panel.index("</section>")]
    deadline = worklist["progress"].deadline.strftime("%d/%m/%Y")
    assert "1 báo cáo chờ bạn duyệt" in panel and "Đang làm" in panel
    assert f"Thời hạn: {deadline}" in panel and "gửi hôm nay" in panel


@pytest.mark.django_db
def test_the_bucket_annotation_adds_no_query(cast, worklist, django_assert_num_queries):
    today = timezone.localdate()
    with django_assert_num_queries(1):
        ranks = [task.bucket_rank for task in worklists.unit_worklist(cast.unit_a, today=today)]
    assert ranks == [0, 1, 2, 3, 5, 6, 7, 8]


@pytest.mark.django_db
def test_the_heads_queue_shows_the_deadline_and_how_long_each_report_waited(cast, worklist):
    cast.unit_a.requires_head_approval = True
    cast.unit_a.save()
    _submit(worklist["progress"], cast.staff_a)
    html = cast.client(cast.head_a).get(reverse("tasks:approvals")).content.decode()
    deadline = worklist["progress"].deadline.strftime("%d/%m/%Y")
    assert f"Thời hạn: {deadline} · Ngày hoàn thành: {timezone.localdate():%d/%m/%Y} · gửi hôm nay" in html
