"""The unit's task list ("Nhiệm vụ của đơn vị"): filters, timeliness, sorting, scope."""

import datetime

import pytest
from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tasks import selectors
from tasks.history import PastEntry
from tasks.models import Task, TaskEventKind, TaskStatus
from tasks.services import task_history_import
from tasks.templatetags.task_display import deadline, status_badge
from tests.factories import area, make_plan, make_task, make_unit


@pytest.fixture
def unit_tasks(cast, plan):
    today = timezone.localdate()
    days = datetime.timedelta
    return {
        "overdue": make_task(plan=plan, lead_unit=cast.unit_a, content="Quá hạn A", deadline=today - days(3)),
        "soon": make_task(plan=plan, lead_unit=cast.unit_a, content="Sắp hạn A", deadline=today + days(4)),
        "later": make_task(plan=plan, lead_unit=cast.unit_a, content="Còn hạn A", deadline=today + days(40)),
        "none": make_task(plan=plan, lead_unit=cast.unit_a, content="Không hạn A", deadline=None),
        "done": make_task(
            plan=plan,
            lead_unit=cast.unit_a,
            content="Xong A",
            deadline=today - days(30),
            status=TaskStatus.COMPLETED,
            completed_on=today - days(31),
        ),
        "coordinated": make_task(
            plan=plan,
            lead_unit=cast.unit_b,
            coordinating=[cast.unit_a],
            content="Phối hợp A",
            deadline=today + days(10),
            area_code="III",
        ),
        "other": make_task(plan=plan, lead_unit=cast.unit_b, content="Của đơn vị B", deadline=today),
    }


def listed(response) -> list[str]:
    return [task.content for task in response.context["tasks"]]


@pytest.mark.django_db
def test_lists_what_needs_doing_first_then_by_deadline_no_deadline_last(cast, unit_tasks):
    response = cast.client(cast.staff_a).get(reverse("tasks:mine"))
    # Cần xử lý (overdue, due soon, not started by deadline), then coordinated, completed last.
    assert listed(response) == ["Quá hạn A", "Sắp hạn A", "Còn hạn A", "Không hạn A", "Phối hợp A", "Xong A"]
    html = response.content.decode()
    assert "Của đơn vị B" not in html
    assert html.count("task-overdue") == 1  # only the open overdue task is marked
    counts = response.context["counts"]
    assert (counts.led, counts.coordinated, counts.overdue, counts.due_soon) == (5, 1, 1, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"timeliness": "overdue"}, ["Quá hạn A"]),
        ({"timeliness": "due_soon"}, ["Sắp hạn A"]),
        ({"timeliness": "on_time"}, ["Còn hạn A", "Phối hợp A"]),
        ({"timeliness": "no_deadline"}, ["Không hạn A"]),
        ({"status": "completed"}, ["Xong A"]),
        ({"role": "coordinate"}, ["Phối hợp A"]),
        ({"role": "lead", "timeliness": "overdue"}, ["Quá hạn A"]),
    ],
)
def test_filters(cast, unit_tasks, query, expected):
    assert listed(cast.client(cast.staff_a).get(reverse("tasks:mine"), query)) == expected


@pytest.mark.django_db
def test_area_and_plan_filters(cast, unit_tasks, plan):
    client = cast.client(cast.staff_a)
    assert listed(client.get(reverse("tasks:mine"), {"area": area("III").pk})) == ["Phối hợp A"]
    other_plan = make_plan(year=2026)
    make_task(plan=other_plan, lead_unit=cast.unit_a, content="Kế hoạch khác", deadline=None)
    assert listed(client.get(reverse("tasks:mine"), {"plan": other_plan.pk})) == ["Kế hoạch khác"]


@pytest.mark.django_db
def test_an_invalid_filter_shows_errors_not_a_crash(cast, unit_tasks):
    response = cast.client(cast.staff_a).get(reverse("tasks:mine"), {"timeliness": "<script>", "plan": "abc"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["leader", "secretariat", "outsider"])
def test_only_a_units_people_have_the_list(cast, who):
    assert cast.client(getattr(cast, who)).get(reverse("tasks:mine")).status_code == 404


@pytest.mark.django_db
def test_home_sends_unit_staff_to_their_list(cast):
    assert cast.client(cast.staff_a).get("/").url == reverse("tasks:mine")


@pytest.mark.django_db
def test_query_count_is_constant_in_the_number_of_tasks(cast, plan, django_assert_max_num_queries):
    client = cast.client(cast.staff_a)
    Task.objects.bulk_create(
        Task(plan=plan, area=area("I"), number=str(n), position=n, content=f"Nhiệm vụ {n}", lead_unit=cast.unit_a)
        for n in range(10)
    )
    # (13: one more since the notification bell's unread count on every page.)
    with django_assert_max_num_queries(13) as few:
        client.get(reverse("tasks:mine"))
    units = [make_unit() for _ in range(5)]
    Task.objects.bulk_create(
        Task(plan=plan, area=area("II"), number=str(n), position=n, content=f"Việc {n}", lead_unit=units[n % 5])
        for n in range(10, 1000)
    )
    for task in Task.objects.filter(area__code="II")[:300]:
        task.coordinating_units.add(cast.unit_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("tasks:mine"))
    assert response.context["page"].paginator.count == 310
    assert len(response.context["tasks"]) == 50  # one page


@pytest.mark.django_db
def test_involving_is_lead_or_coordinate_once_each(cast, plan):
    """involving() (a UNION of the two id lists) selects exactly `lead = X OR coordinates X`,
    each task once, and composes with filters, exclusions and aggregates."""
    led = make_task(plan=plan, lead_unit=cast.unit_a, status=TaskStatus.IN_PROGRESS)
    both = make_task(plan=plan, lead_unit=cast.unit_a, coordinating=[cast.unit_a, cast.unit_b])
    coordinated = make_task(plan=plan, lead_unit=cast.unit_b, coordinating=[cast.unit_a], status=TaskStatus.IN_PROGRESS)
    make_task(plan=plan, lead_unit=cast.unit_b, coordinating=[cast.unit_b])
    make_task(plan=plan, lead_unit=make_unit())
    for unit in (cast.unit_a, cast.unit_a.pk):
        expected = Task.objects.filter(Q(lead_unit=unit) | Q(coordinating_units=unit)).distinct()
        assert sorted(Task.objects.involving(unit).values_list("pk", flat=True)) == sorted(
            expected.values_list("pk", flat=True)
        )
    involving = Task.objects.involving(cast.unit_a)
    assert sorted(involving.values_list("pk", flat=True)) == sorted([led.pk, both.pk, coordinated.pk])
    assert involving.count() == 3
    assert set(involving.filter(status=TaskStatus.IN_PROGRESS)) == {led, coordinated}
    assert set(involving.exclude(lead_unit=cast.unit_a)) == {coordinated}
    assert involving.aggregate(n=Count("pk"))["n"] == 3
    assert set(Task.objects.filter(plan=plan).involving(cast.unit_b)) == {both, coordinated} | set(
        Task.objects.filter(lead_unit=cast.unit_b)
    )


@pytest.mark.django_db
def test_last_update_is_the_latest_history_entry(cast, plan):
    updated = make_task(plan=plan, lead_unit=cast.unit_a, content="Có lịch sử")
    never = make_task(plan=plan, lead_unit=cast.unit_a, content="Không lịch sử")
    moments = [timezone.now() - datetime.timedelta(days=d) for d in (9, 2, 5)]
    task_history_import(
        entries=[
            PastEntry(
                task_id=updated.pk,
                kind=TaskEventKind.PROGRESS,
                effective_on=moment.date(),
                status=TaskStatus.IN_PROGRESS,
                progress=10,
                deadline=updated.deadline,
                recorded_at=moment,
            )
            for moment in moments
        ]
    )
    rows = {t.pk: t for t in selectors.unit_tasks(cast.unit_a, today=timezone.localdate())}
    assert rows[updated.pk].last_update == max(moments)
    assert rows[never.pk].last_update is None


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_rows_show_the_shared_badge_deadline_and_link(cast, plan, language):
    """The list's rows show the status badge and the deadline as every other task page writes
    them (tasks/templatetags/task_display.py)."""
    today = timezone.localdate()
    days = datetime.timedelta
    tasks = [
        make_task(plan=plan, lead_unit=cast.unit_a, deadline=today - days(3)),
        make_task(plan=plan, lead_unit=cast.unit_a, deadline=None, deadline_text=""),
        make_task(plan=plan, lead_unit=cast.unit_a, deadline=None, deadline_text="Thường xuyên"),
        make_task(plan=plan, lead_unit=cast.unit_a, deadline=today, deadline_text=today.strftime("%d/%m/%Y")),
        make_task(plan=plan, lead_unit=cast.unit_a, deadline=today + days(20), deadline_text="Quý IV"),
        make_task(
            plan=plan,
            lead_unit=cast.unit_a,
            deadline=today + days(30),
            original_deadline=today - days(30),
            extension_count=2,
            status=TaskStatus.RETURNED,
        ),
        make_task(
            plan=plan,
            lead_unit=cast.unit_a,
            deadline=today - days(9),
            status=TaskStatus.COMPLETED,
            completed_on=today - days(10),
        ),
        make_task(plan=plan, lead_unit=cast.unit_a, deadline=today - days(9), status=TaskStatus.REMOVED),
        make_task(plan=plan, lead_unit=cast.unit_b, coordinating=[cast.unit_a], deadline=today - days(1)),
    ]
    client = cast.client(cast.staff_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("tasks:mine"))
    html = response.content.decode()
    assert len(response.context["tasks"]) == len(tasks)
    with translation.override(language):
        for task in response.context["tasks"]:
            context = {"task": Task.objects.get(pk=task.pk), "today": today}
            row = html[html.index(f'href="{task.get_absolute_url()}"') :]
            row = row[: row.index("</a>")]
            assert f"<span>{status_badge(context['task'], today)}</span>" in row
            label = _("Thời hạn")
            assert f"<span>{label}: {deadline(context['task'])}</span>" in row
            assert ("task-overdue" in row) == task.is_overdue(today)
            assert (_("Chủ trì") in row) == (task.lead_unit_id == cast.unit_a.pk)
    assert html.count("task-overdue") == 2
