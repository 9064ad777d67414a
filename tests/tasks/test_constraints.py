import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import Plan
from tasks.models import TaskStatus
from tests.factories import make_plan, make_task, make_unit


def _rejected(**fields) -> bool:
    try:
        with transaction.atomic():
            make_task(**fields)
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
def test_progress_above_100_is_rejected():
    assert _rejected(progress=101)
    assert not _rejected(progress=100)


@pytest.mark.django_db
def test_confirmed_completion_needs_a_date_and_100_percent():
    assert _rejected(status=TaskStatus.COMPLETED, completed_on=None, progress=100)
    assert _rejected(status=TaskStatus.COMPLETED, completed_on=datetime.date(2023, 5, 1), progress=90)
    assert not _rejected(status=TaskStatus.COMPLETED, completed_on=datetime.date(2023, 5, 1), progress=100)


@pytest.mark.django_db
def test_task_number_is_unique_within_a_plan_area():
    plan = make_plan()
    make_task(plan=plan, area_code="II", number="1")
    assert _rejected(plan=plan, area_code="II", number="1")
    # Numbering restarts inside each area, as published plans do.
    assert not _rejected(plan=plan, area_code="III", number="1")


@pytest.mark.django_db
def test_plan_number_is_unique_per_issuing_unit():
    issuer = make_unit()
    make_plan(number="2337/KH-TTCP", issuing_unit=issuer)
    # plan_create validates first (a form error); the database refuses whatever gets past it.
    with pytest.raises(ValidationError):
        make_plan(number="2337/KH-TTCP", issuing_unit=issuer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(number="2337/KH-TTCP", issuing_unit=issuer, year=2023, title="Trùng số")
    make_plan(number="2337/KH-TTCP", issuing_unit=make_unit())


@pytest.mark.django_db
def test_plan_year_must_be_plausible():
    with pytest.raises(ValidationError):
        make_plan(year=1970)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(number="1/KH", issuing_unit=make_unit(), year=1970, title="Năm sai")
