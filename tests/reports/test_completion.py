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
