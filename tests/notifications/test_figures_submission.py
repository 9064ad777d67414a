"""Period reminders follow the units' submission records (issue 18, reporting calendar): a unit
that submitted is not reminded, one that only entered figures still is; a late submission is
told to the secretariat once."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from figures.models import Indicator, PeriodKind
from figures.services import figures_enter, figures_submit, period_get_or_create, periods_ensure_year
from notifications.services import reminders_send

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def enter(unit, period, by):
    dossiers = Indicator.objects.get(code="ho-so-tiep-nhan")
    figures_enter(unit=unit, period=period, values={dossiers.pk: Decimal("5")}, by=by)


def figure_items(result):
    return {(i.recipient_id, i.kind, i.object_key) for i in result.items if i.kind.startswith("figures")}


@pytest.mark.django_db
def test_a_unit_that_submitted_is_not_reminded(cast, agency):
    periods_ensure_year(2026)
    h1 = period_get_or_create(year=2026, kind=PeriodKind.H1)
    q1 = period_get_or_create(year=2026, kind=PeriodKind.Q1)
    enter(cast.unit_a, h1, cast.staff_a)
    figures_submit(unit=cast.unit_a, period=h1, by=cast.staff_a, at=datetime.datetime(2026, 6, 12, 9, tzinfo=VN))
    enter(cast.unit_b, h1, cast.staff_b)  # entered, not submitted: still chased
    result = reminders_send(today=datetime.date(2026, 6, 13))
    assert figure_items(result) == {
        (cast.staff_b.pk, "figures_due", f"period:{h1.pk}"),
        *{(u.pk, "figures_missing", f"period:{q1.pk}") for u in (cast.staff_a, cast.head_a, cast.staff_b)},
    }
    due = next(i for i in result.items if i.kind == "figures_due")
    assert due.body == (
        "Đơn vị chưa nộp số liệu báo cáo CCHC 6 tháng 2026 (số liệu đến ngày 14/06/2026). "
        "Hạn gửi: 20/06/2026. Nhập, lưu rồi bấm “Nộp số liệu”."
    )


@pytest.mark.django_db
def test_a_late_submission_is_told_to_the_secretariat_once(cast, agency):
    h1 = period_get_or_create(year=2026, kind=PeriodKind.H1)
    enter(cast.unit_b, h1, cast.staff_b)
    figures_submit(unit=cast.unit_b, period=h1, by=cast.staff_b, at=datetime.datetime(2026, 6, 22, 10, tzinfo=VN))
    enter(cast.unit_a, h1, cast.staff_a)
    figures_submit(unit=cast.unit_a, period=h1, by=cast.staff_a, at=datetime.datetime(2026, 6, 19, 10, tzinfo=VN))
    now = datetime.datetime(2026, 6, 22, 18, tzinfo=VN)
    result = reminders_send(today=datetime.date(2026, 6, 22), now=now)
    late = [i for i in result.items if i.kind == "figures_late"]
    assert [(i.recipient_id, i.title, i.body, i.url) for i in late] == [
        (
            cast.secretariat.pk,
            "1 đơn vị nộp số liệu 6 tháng 2026 muộn",
            "- Sở Tài chính thử: nộp ngày 22/06/2026, muộn 2 ngày (hạn 20/06/2026)",
            f"/figures/calendar/?period={h1.pk}",
        )
    ]
    again = reminders_send(today=datetime.date(2026, 6, 22), now=now + datetime.timedelta(hours=1))
    assert [i for i in again.items if i.kind == "figures_late"] == []
