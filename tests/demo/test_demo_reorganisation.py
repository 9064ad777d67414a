"""The demo across the 2025 reorganisation (demo/previous_year.py, demo/reorganisation.py):
last year's plan on the old catalogue, the reorganisation recorded on 01/03 and 01/07 with
its handover, the lineage on the catalogue page, figures by unit before and after each
effective date, and a demo loaded before 30/06 (everything one year earlier)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.services import demo_load
from plans.models import Plan
from reorganisation.models import HandedTask, Reorganisation, ReorganisationKind
from reorganisation.services import Decision, reorganisation_record
from reports.completion import completion_of
from tasks.models import Task, TaskEventKind, TaskStatus
from units.models import Unit

from ..factories import make_unit
from ..reorganisation.test_figures_pages import cells

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def leader() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="lanhdao"))
    return client


def units_row(client: Client, plan: Plan, as_of: str, code: str) -> list[str] | None:
    html = client.get(reverse("reports:units"), {"plan": plan.pk, "as_of": as_of}).content.decode()
    return cells(html, code) if f'data-unit="{code}"' in html else None


def test_the_previous_year_plan_and_its_reorganisation():
    plan = demo_load(today=TODAY).plan
    previous = Plan.objects.get(number="118/KH-UBND")
    assert (plan.year, previous.year, previous.issuing_unit.code) == (2026, 2025, "UBND-TINH")

    # 12 decisions (6 on 01/03, 6 on 01/07) handing over the 15 tasks open on their date.
    assert Reorganisation.objects.filter(effective_on=datetime.date(2025, 3, 1)).count() == 6
    assert Reorganisation.objects.filter(effective_on=datetime.date(2025, 7, 1)).count() == 6
    handed = {
        (row.from_unit.code, f"{row.task.area.code}.{row.task.number}", row.to_unit.code)
        for row in HandedTask.objects.select_related("from_unit", "to_unit", "task__area")
    }
    assert len(handed) == 15
    assert {
        ("SKHDT", "III.2", "STC"),
        ("SKHDT", "VI.2", "STC"),
        ("STNMT", "VII.2", "SNNMT"),
        ("UBND-TPSL", "VII.6", "UBND-PSL"),
        ("UBND-TPSL", "VII.7", "SXD"),
        ("UBND-HNT", "III.7", "UBND-XNT"),
    } <= handed
    # Completed before the effective date: stays with the unit that completed it.
    kept = Task.objects.get(plan=previous, area__code="III", number="1")
    assert (kept.lead_unit.code, kept.status) == ("SKHDT", TaskStatus.COMPLETED)
    moved = Task.objects.get(plan=previous, area__code="III", number="2")
    assert (moved.lead_unit.code, moved.completed_on) == ("STC", datetime.date(2025, 5, 28))
    assert list(moved.events.order_by("effective_on", "pk").values_list("kind", "lead_unit__code")) == [
        (TaskEventKind.CREATED, "SKHDT"),
        (TaskEventKind.PROGRESS, "SKHDT"),
        (TaskEventKind.HANDED_OVER, "STC"),
        (TaskEventKind.SUBMITTED, "STC"),
        (TaskEventKind.CONFIRMED, "STC"),
    ]
    # Nobody of the demo works in a ceased unit; the demo's users are untouched.
    assert not User.objects.filter(unit__valid_until__isnull=False).exists()

    client = leader()
    catalogue = text(client.get(reverse("reorganisation:catalogue")).content.decode())
    for line in (
        "Sở Tài chính — tiếp nhận Sở Kế hoạch và Đầu tư từ 01/03/2025 (STC)",
        "Sở Nông nghiệp và Môi trường — hợp nhất Sở Nông nghiệp và Phát triển nông thôn, Sở Tài nguyên và "
        "Môi trường từ 01/03/2025; tiếp nhận UBND huyện Thạch Đồng từ 01/07/2025 (SNNMT)",
        "UBND phường Sông Lam — hợp nhất UBND phường Lam Hồng, UBND phường Lam Thủy từ 01/07/2025; "
        "tiếp nhận UBND thành phố Sông Lam từ 01/07/2025 (UBND-PSL)",
        "Sở Kế hoạch và Đầu tư — sáp nhập vào Sở Tài chính từ 01/03/2025 (SKHDT, đến 28/02/2025)",
        "UBND huyện Nghi Tân — giải thể từ 01/07/2025, bàn giao cho Sở Nội vụ, UBND xã Nghi Tân "
        "(UBND-HNT, đến 30/06/2025)",
    ):
        assert line in catalogue

    # Figures by unit of last year's plan: SKHDT before 01/03 (3 tasks, 1 completed on 18/02);
    # from 01/03 it keeps only that one, and STC counts the two it received.
    assert units_row(client, previous, "28/02/2025", "SKHDT")[:4] == ["Sở Kế hoạch và Đầu tư", "2/17", "3", "1"]
    assert units_row(client, previous, "28/02/2025", "STC")[:4] == ["Sở Tài chính", "4/17", "2", "0"]
    assert units_row(client, previous, "28/02/2025", "SNNMT") is None
    assert units_row(client, previous, "01/03/2025", "SKHDT")[:4] == [
        "Sở Kế hoạch và Đầu tư (đến 28/02/2025)",
        "1/16",
        "1",
        "1",
    ]
    stc = units_row(client, previous, "01/03/2025", "STC")
    assert stc[:4] == ["Sở Tài chính", "4/16", "4 trong đó tiếp nhận: 2", "0"]
    assert units_row(client, previous, "31/12/2025", "STC")[2:4] == ["4 trong đó tiếp nhận: 2", "3"]
    assert units_row(client, previous, "30/06/2025", "UBND-TPSL")[:4] == [
        "UBND thành phố Sông Lam Chưa cập nhật",
        "8/16",
        "3",
        "1",
    ]
    assert units_row(client, previous, "31/12/2025", "UBND-PSL")[:4] == [
        "UBND phường Sông Lam",
        "1/17",
        "1 trong đó tiếp nhận: 1",
        "1",
    ]

    # The agency's totals do not move on the effective dates.
    tasks = Task.objects.filter(plan=previous)
    totals = {
        day: (c.completed, c.total, c.rate)
        for day in (
            datetime.date(2025, 2, 28),
            datetime.date(2025, 3, 1),
            datetime.date(2025, 6, 30),
            datetime.date(2025, 7, 1),
            datetime.date(2025, 12, 31),
        )
        for c in [completion_of(tasks, as_of=day)]
    }
    assert totals == {
        datetime.date(2025, 2, 28): (4, 30, Decimal("13.33")),
        datetime.date(2025, 3, 1): (4, 30, Decimal("13.33")),
        datetime.date(2025, 6, 30): (14, 30, Decimal("46.67")),
        datetime.date(2025, 7, 1): (14, 30, Decimal("46.67")),
        datetime.date(2025, 12, 31): (26, 30, Decimal("86.67")),
    }

    # The current plan names only units of today's catalogue; its dashboard compares with the
    # same day of last year.
    current = Task.objects.filter(plan=plan)
    assert not current.filter(lead_unit__valid_until__isnull=False).exists()
    assert not current.filter(coordinating_units__valid_until__isnull=False).exists()
    dashboard = text(
        client.get(reverse("reports:plan_dashboard", args=[plan.pk]), {"as_of": "30/06/2026"}).content.decode()
    )
    # 41: the six months' 40 and the completion confirmed after the closing (demo/closing.py).
    assert "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%" in dashboard
    assert (
        "Cùng kỳ năm trước (đến ngày 30/06/2025): hoàn thành 14/30 nhiệm vụ, đạt 46,67% (Kế hoạch số 118/KH-UBND)"
        in dashboard
    )


def test_a_demo_loaded_before_30_june_is_a_year_earlier_and_reloads_cleanly():
    plan = demo_load(today=datetime.date(2026, 5, 10)).plan
    previous = Plan.objects.get(number="118/KH-UBND")
    assert (plan.year, previous.year) == (2025, 2024)
    assert set(Reorganisation.objects.values_list("effective_on", flat=True)) == {
        datetime.date(2024, 3, 1),
        datetime.date(2024, 7, 1),
    }
    assert Unit.objects.get(code="SNNMT").valid_from == datetime.date(2024, 3, 1)
    assert Unit.objects.get(code="UBND-TPSL").valid_until == datetime.date(2024, 7, 1)
    c = completion_of(Task.objects.filter(plan=plan), as_of=datetime.date(2025, 6, 30))
    assert (c.completed, c.total, c.rate) == (41, 77, Decimal("53.25"))

    # A reorganisation that is not the demo's (units of a real catalogue, loaded with --force).
    real = reorganisation_record(
        decision=Decision(
            kind=ReorganisationKind.ABSORB,
            effective_on=datetime.date(2026, 1, 15),
            predecessors=[make_unit(code="REAL-A", name="Sở A")],
            successors=[make_unit(code="REAL-B", name="Sở B")],
            document_number="9/QĐ-UBND",
            document_date=datetime.date(2026, 1, 10),
            document_title="Sắp xếp thật",
        ),
        by=None,
    ).reorganisation

    # Reloaded on a later date: the same rows move to the next year, nothing left over; the
    # other reorganisation stays.
    demo_load(today=TODAY, reset=True, force=True)
    assert Reorganisation.objects.filter(pk=real.pk).exists()
    previous.refresh_from_db()
    assert previous.year == 2025
    assert Plan.objects.filter(parent=None).count() == 2
    assert set(Reorganisation.objects.exclude(pk=real.pk).values_list("effective_on", flat=True)) == {
        datetime.date(2025, 3, 1),
        datetime.date(2025, 7, 1),
    }
    assert HandedTask.objects.count() == 15
    assert Unit.objects.get(code="SNNMT").valid_from == datetime.date(2025, 3, 1)
    assert Unit.objects.filter(valid_until=datetime.date(2025, 7, 1)).count() == 8
    assert Unit.objects.filter(valid_until=datetime.date(2025, 3, 1)).count() == 7
    tasks = Task.objects.filter(plan=previous)
    assert (tasks.count(), tasks.filter(status=TaskStatus.COMPLETED).count()) == (30, 26)
    assert not Task.objects.filter(plan__year=2024).exists()
