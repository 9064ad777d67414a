import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from cchc.formatting import rate_percent
from reports.completion import completion_by_area, completion_of
from tasks.models import Task, TaskStatus
from tests.factories import make_plan, make_task


def test_rate_is_two_decimals_half_up():
    assert rate_percent(40, 77) == Decimal("51.95")
    assert rate_percent(41, 77) == Decimal("53.25")
    assert rate_percent(296, 845) == Decimal("35.03")
    assert rate_percent(1, 8) == Decimal("12.50")
    assert rate_percent(0, 0) is None


@pytest.mark.parametrize(("lang", "rate", "count"), [("vi", "51,95%", "1.384"), ("en", "51.95%", "1,384")])
def test_figures_in_vietnamese_and_english_format(lang, rate, count):
    template = Template("{% load cchc_format %}{{ rate|percent }} {{ n|vn_int }} {{ year }}")
    with translation.override(lang):
        out = template.render(Context({"rate": Decimal("51.95"), "n": 1384, "year": 2023}))
    assert out == f"{rate} {count} 2023"


@pytest.mark.django_db
def test_completion_counts_confirmed_tasks_up_to_the_date_and_excludes_removed():
    plan = make_plan()
    make_task(plan=plan, status=TaskStatus.COMPLETED, completed_on=datetime.date(2023, 6, 30))
    make_task(plan=plan, status=TaskStatus.COMPLETED, completed_on=datetime.date(2023, 7, 1))
    make_task(plan=plan, status=TaskStatus.PENDING, progress=100)
    make_task(plan=plan, status=TaskStatus.IN_PROGRESS, area_code="II")
    make_task(plan=plan, status=TaskStatus.REMOVED, area_code="II")
    tasks = Task.objects.filter(plan=plan)

    at_mid_year = completion_of(tasks, as_of=datetime.date(2023, 6, 30))
    assert (at_mid_year.completed, at_mid_year.total, at_mid_year.removed) == (1, 4, 1)
    assert at_mid_year.rate == Decimal("25.00")
    assert completion_of(tasks, as_of=datetime.date(2023, 7, 1)).completed == 2

    by_area = completion_by_area(tasks, as_of=datetime.date(2023, 12, 31))
    area_one, area_two = sorted(by_area.items())
    assert (area_one[1].completed, area_one[1].total) == (2, 3)
    assert (area_two[1].completed, area_two[1].total, area_two[1].removed) == (0, 1, 1)


@pytest.mark.django_db
def test_figures_for_today_read_the_rows_and_agree_with_the_history(monkeypatch):
    """Today's figures come from the task rows (no join); the same figures computed from the
    state spans, as for a past date, agree exactly — on random histories of every kind."""
    import random

    from django.utils import timezone

    from reports import completion
    from tasks.history import PastEntry
    from tasks.models import TaskEventKind, TaskStatus
    from tasks.services import task_history_import
    from tests.factories import make_plan, make_task, make_unit

    rng = random.Random(11)
    today = timezone.localdate()
    plan = make_plan(year=2023)
    units = [make_unit() for _ in range(3)]
    entries = []
    for n in range(40):
        deadline = today + datetime.timedelta(days=rng.randint(-200, 60)) if n % 7 else None
        task = make_task(plan=plan, lead_unit=rng.choice(units), deadline=deadline, area_code=rng.choice("IV"))
        for _ in range(rng.randint(0, 4)):
            status = rng.choice(
                [
                    TaskStatus.IN_PROGRESS,
                    TaskStatus.PENDING,
                    TaskStatus.COMPLETED,
                    TaskStatus.REMOVED,
                    TaskStatus.PAUSED,
                ]
            )
            on = today - datetime.timedelta(days=rng.randint(0, 300))
            entries.append(
                PastEntry(
                    task_id=task.pk,
                    kind=TaskEventKind.EDITED,
                    effective_on=on,
                    status=status,
                    progress=100 if status in (TaskStatus.COMPLETED, TaskStatus.PENDING) else 30,
                    deadline=deadline,
                    completed_on=on if status in (TaskStatus.COMPLETED, TaskStatus.PENDING) else None,
                )
            )
    task_history_import(entries=entries)
    tasks = Task.objects.filter(plan=plan)
    from_rows = (completion_of(tasks, as_of=today), completion_by_area(tasks, as_of=today))
    monkeypatch.setattr(completion.timezone, "localdate", lambda: today - datetime.timedelta(days=1))
    from_history = (completion_of(tasks, as_of=today), completion_by_area(tasks, as_of=today))
    assert from_rows == from_history
    assert from_rows[0].total + from_rows[0].removed == 40
