"""The demo's steering-committee packs (demo/steering.py): August, September and October of
the demo's year, each compared with the month before."""

import datetime

import pytest

from demo.services import demo_load
from reports.completion import completion_of
from reports.models import SteeringPack
from reports.steering import PackReport
from tasks.models import Task

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.django_db
def test_the_demo_has_the_last_three_months_packs():
    result = demo_load(today=TODAY)
    packs = list(SteeringPack.objects.order_by("month"))
    assert [(p.identifier, p.made_by and p.made_by.username, p.baseline["source"]) for p in packs] == [
        ("CCHC-BCD-2026-08", "thuongtruc", "computed"),
        ("CCHC-BCD-2026-09", "thuongtruc", "pack"),
        ("CCHC-BCD-2026-10", None, "pack"),
    ]
    assert [p.made_at.date() for p in packs] == [datetime.date(2026, m, 5) for m in (9, 10, 11)]
    october = PackReport(packs[2])
    tasks = Task.objects.filter(plan=result.plan)
    assert october.completion == completion_of(tasks, as_of=datetime.date(2026, 10, 31))
    assert october.headline == "Hoàn thành 48/77 nhiệm vụ, đạt 62,34%"
    # September counts the task added during the year before another was taken out (demo/plan_life.py).
    assert [PackReport(p).headline_change for p in packs] == [
        "43/77 → 45/77, +2 nhiệm vụ hoàn thành, +2,60 điểm %",
        "45/77 → 46/78, +1 nhiệm vụ hoàn thành, +0,53 điểm %",
        "46/78 → 48/77, +2 nhiệm vụ hoàn thành, +3,37 điểm %",
    ]
    assert len(october.completed_in_month()) == 2
    assert len(october.newly_overdue()) == 8
    # Reloading keeps the packs made (a pack is never made again).
    demo_load(today=TODAY, reset=True)
    assert SteeringPack.objects.count() == 3
