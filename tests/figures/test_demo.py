"""The demo figures: who entered them and the totals they give."""

from __future__ import annotations

from decimal import Decimal

from figures import selectors
from figures.demo import MISSING_H1, demo_load_figures
from figures.models import IndicatorValue
from tests.factories import make_unit
from units.models import UnitKind


def test_demo_figures(cast):
    make_unit(code="UBND-T", kind=UnitKind.MINISTRY)
    for code in MISSING_H1:
        make_unit(code=code)
    users = {"thuongtruc": cast.secretariat, "canbo": cast.staff_a}
    q1, h1 = demo_load_figures(year=2026, users=users)
    # Reporting units: SA, SB, the secretariat's unit and the three MISSING_H1 (not the ministry).
    assert [u.code for u in selectors.units_missing_figures(q1)] == []
    assert sorted(u.code for u in selectors.units_missing_figures(h1)) == sorted(MISSING_H1)

    q1_totals = {row.indicator.code: row for row in selectors.figures_totals(q1)}
    # 6 units, n = 0…5: Σ(120 + 37n) = 720 + 37 × 15 = 1275
    assert q1_totals["ho-so-tiep-nhan"].total == Decimal("1275.00")
    # Σ(45,5 + 2n) / 6 = (273 + 30) / 6 = 50,5
    assert q1_totals["ty-le-ho-so-truc-tuyen"].total == Decimal("50.50")
    assert q1_totals["ho-so-tiep-nhan"].units_reported == 6

    entered_by = IndicatorValue.objects.filter(period=q1, unit=cast.unit_a).values_list("entered_by", flat=True)
    assert set(entered_by) == {cast.staff_a.pk}
    entered_by_b = IndicatorValue.objects.filter(period=q1, unit=cast.unit_b).values_list("entered_by", flat=True)
    assert set(entered_by_b) == {cast.secretariat.pk}

    # Loading again leaves the figures alone
    count = IndicatorValue.objects.count()
    demo_load_figures(year=2026, users=users)
    assert IndicatorValue.objects.count() == count


def test_demo_submissions(cast):
    """Q1: every unit submitted, two of them late; six months: the three MISSING_H1 did not
    submit, SXD submitted late (judged on 01/12/2026)."""
    import datetime

    from figures.demo import LATE
    from figures.models import PeriodKind, SubmissionStatus

    make_unit(code="UBND-T", kind=UnitKind.MINISTRY)
    for code in (*MISSING_H1, *LATE[PeriodKind.Q1], *LATE[PeriodKind.H1]):
        make_unit(code=code)
    users = {"thuongtruc": cast.secretariat, "canbo": cast.staff_a}
    q1, h1 = demo_load_figures(year=2026, users=users)
    today = datetime.date(2026, 12, 1)
    q1_board = selectors.submission_calendar(q1, today)
    assert (q1_board.on_time, q1_board.late, q1_board.missing, q1_board.total) == (7, 2, 0, 9)
    assert sorted(row.unit.code for row in q1_board.of(SubmissionStatus.LATE)) == sorted(LATE[PeriodKind.Q1])
    h1_board = selectors.submission_calendar(h1, today)
    assert (h1_board.on_time, h1_board.late, h1_board.missing, h1_board.total) == (5, 1, 3, 9)
    assert h1_board.headline() == "Nộp đúng hạn 5/9, nộp muộn 1, chưa nộp 3"
