"""The PAR INDEX arithmetic (parindex/scoring.py) with exact figures: rescaling with "không áp
dụng", rounding half up, ties in the ranking, deductions against an area's floor, bands."""

from decimal import Decimal as D

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cchc.formatting import points, points_change
from parindex import scoring
from parindex.scoring import Line


def test_index_is_points_over_the_maximum_rounded_half_up():
    # 85,725 → 85,73 (half up, not to even).
    lines = [Line(key=1, area=1, max_points=D(40), self_score=D("34.29")), Line(key=2, area=2, max_points=D(0))]
    assert scoring.index_percent(D("34.29"), D(40)) == D("85.73")
    assert scoring.sheet_score(lines).index == D("85.73")
    assert scoring.index_percent(D("1"), D("8")) == D("12.50")
    assert scoring.index_percent(D(1), D(0)) is None


def test_not_applicable_rows_shrink_the_maximum_and_rescale_to_100():
    lines = [
        Line(key=1, area=1, max_points=D(60), self_score=D(51)),
        # Area III (TTHC) does not apply to this unit: 14 points out of the maximum.
        Line(key=2, area=3, max_points=D(10), self_score=D(10), not_applicable=True),
        Line(key=3, area=3, max_points=D(4), self_score=D(4), not_applicable=True),
        Line(key=4, area=8, max_points=D(26), kind=scoring.SURVEY, survey=D("20.5")),
    ]
    sheet = scoring.sheet_score(lines)
    assert (sheet.maximum, sheet.total) == (D(86), D("71.5"))
    assert sheet.index == D("83.14")  # 71,5 / 86 = 83,139…
    # The same points on the full 100 would be 71,50%.
    assert scoring.index_percent(sheet.total, D(100)) == D("71.50")
    assert [(a.area, a.maximum, a.total) for a in sheet.areas] == [(1, 60, 51), (3, 0, 0), (8, 26, D("20.5"))]


def test_deductions_never_push_an_area_below_its_floor():
    lines = [
        Line(key=1, area=1, max_points=D(1), self_score=D("0.5")),
        Line(key=2, area=1, max_points=D(-1), self_score=D(-1)),  # no annual plan: −1
        Line(key=3, area=1, max_points=D("-2"), self_score=D("-0.75")),  # three late reports
        Line(key=4, area=2, max_points=D(2), self_score=D(2)),
    ]
    sheet = scoring.sheet_score(lines)
    assert [a.total for a in sheet.areas] == [D(0), D(2)]  # 0,5 − 1 − 0,75 stops at 0
    assert sheet.total == D(2) and sheet.maximum == D(3)  # deductions do not raise the maximum
    floored = scoring.sheet_score(lines, {1: D("-0.5")})
    assert [a.total for a in floored.areas] == [D("-0.5"), D(2)]
    assert floored.index == D("50.00")
    # A deduction is clamped to its own line: −3 on a −1 line takes 1.
    assert scoring.obtained(Line(key=5, area=1, max_points=D(-1), self_score=D(-3))) == D(-1)


def test_appraisal_overrides_the_self_score_and_survey_lines_take_the_survey():
    own = Line(key=1, area=1, max_points=D("0.5"), self_score=D("0.5"), appraised=D("0.25"))
    assert (scoring.self_points(own), scoring.appraised_points(own), scoring.obtained(own)) == (
        D("0.5"),
        D("0.25"),
        D("0.25"),
    )
    not_yet = Line(key=2, area=1, max_points=D("0.5"), self_score=D("0.5"))
    assert scoring.obtained(not_yet) == D("0.5")
    appraiser_only = Line(key=3, area=1, max_points=D(1), kind=scoring.APPRAISED, self_score=D(1))
    assert scoring.obtained(appraiser_only) == 0
    survey = Line(key=4, area=8, max_points=D(3), kind=scoring.SURVEY, self_score=D(3), survey=D("2.68"))
    assert (scoring.self_points(survey), scoring.obtained(survey)) == (0, D("2.68"))
    over = Line(key=5, area=1, max_points=D(1), self_score=D(5))
    assert scoring.obtained(over) == D(1)


def test_points_lost_most_first():
    lines = [
        Line(key=1, area=1, max_points=D(2), self_score=D(2)),
        Line(key=2, area=1, max_points=D(2), self_score=D(1)),
        Line(key=3, area=1, max_points=D(-1), self_score=D("-0.25")),
        Line(key=4, area=2, max_points=D(3), self_score=D("0.5")),
        Line(key=5, area=2, max_points=D(3), not_applicable=True),
    ]
    assert [(line.key, lost) for line, lost in scoring.lost_lines(lines)] == [(4, D("2.5")), (2, D(1)), (3, D("0.25"))]


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    indexes = {1: D("91.20"), 2: D("88.10"), 3: D("88.10"), 4: D("85.73"), 5: None, 6: D("91.20"), 7: D("70")}
    assert scoring.ranks(indexes) == {1: 1, 6: 1, 2: 3, 3: 3, 4: 5, 7: 6}
    assert scoring.rank_label(5, 19) == "05/19"
    assert scoring.rank_label(12, 120) == "12/120"


def test_groups_and_their_bounds():
    assert [(g.letter, g.lower, g.upper) for g in scoring.groups()] == [
        ("A", 90, None),
        ("B", 80, 90),
        ("C", 70, 80),
        ("D", None, 70),
    ]
    assert scoring.group_of(D("90.00")).letter == "A"
    assert scoring.group_of(D("89.99")).letter == "B"
    assert scoring.group_of(D("69.99")).letter == "D"
    assert scoring.group_of(None) is None
    assert scoring.parse_bounds("87,5; 75") == [D("87.5"), D(75)]
    assert scoring.group_of(D("80"), scoring.parse_bounds("87,5; 75")).letter == "B"
    for bad in ("90; 90", "120", "abc", "0"):
        with pytest.raises((ValueError, ArithmeticError)):
            scoring.parse_bounds(bad)


def test_completion_bands_as_provinces_write_them():
    steps = scoring.parse_bands("90:2; 70:1")  # > 90%: 2; 70–90%: 1; < 70%: 0
    assert [steps.score(D(r), D(2)) for r in ("95", "90", "89.99", "70", "69.99")] == [2, 2, 1, 1, 0]
    assert steps.score(None, D(2)) == 0
    proportional = scoring.parse_bands("80:tl")  # 80–100% proportional, below 0
    assert proportional.score(D("85.73"), D(2)) == D("1.71")  # 2 × 85,73% = 1,7146
    assert proportional.score(D("79.99"), D(2)) == 0
    coverage = scoring.parse_bands("30:1; 20:0,5")
    assert [coverage.score(D(r), D(1)) for r in ("30", "25", "19.99")] == [1, D("0.5"), 0]
    for bad in ("", "abc", "90:-1", "120:1"):
        with pytest.raises((ValueError, ArithmeticError)):
            scoring.parse_bands(bad)


def test_computed_rules():
    assert scoring.plan_issued_points(issued=True, on_time=True, max_points=D(1), late_points=D("0.5")) == 1
    assert scoring.plan_issued_points(issued=True, on_time=False, max_points=D(1), late_points=D("0.5")) == D("0.5")
    assert scoring.plan_issued_points(issued=False, on_time=False, max_points=D(1), late_points=D("0.5")) == 0
    assert scoring.report_deduction(late=2, missing=1) == D("-1.00")
    assert scoring.reports_points(late=1, missing=1, max_points=D(2), per_late=D("0.25"), per_missing=D("0.5")) == D(
        "1.25"
    )
    assert scoring.reports_points(late=9, missing=9, max_points=D(2), per_late=D("0.25"), per_missing=D("0.5")) == 0
    assert scoring.reports_points(late=9, missing=0, max_points=D(-1), per_late=D("0.25"), per_missing=D("0.5")) == -1
    # a = 8 found, b = 5 fixed, c = 2 being fixed: 5/8 × 1 + 2/8 × 0,5 = 0,75.
    assert scoring.findings_points(found=8, fixed=5, fixing=2) == D("0.75")
    assert scoring.findings_points(found=3, fixed=1, fixing=1, max_points=D(2)) == D("1.00")  # 2 × 0,5
    assert scoring.findings_points(found=0, fixed=0, fixing=0) == 1


def test_change_against_last_year_as_written():
    assert scoring.rank_change(9, 5) == "tăng 04 bậc"
    assert scoring.rank_change(3, 5) == "giảm 02 bậc"
    assert scoring.rank_change(5, 5) == "giữ nguyên"
    assert scoring.rank_change(None, 5) == ""
    with translation.override("vi"):
        assert points_change(D("3.205")) == "+3,21 điểm"
        assert points_change(D("-0.5")) == "-0,50 điểm"
        assert [points(D(v)) for v in ("1", "0.5", "0.25", "-1", "12.50")] == ["1", "0,5", "0,25", "-1", "12,5"]


amounts = st.decimals(min_value=-5, max_value=5, places=2, allow_nan=False, allow_infinity=False)
maxima = st.decimals(min_value=-2, max_value=5, places=2, allow_nan=False, allow_infinity=False).filter(
    lambda v: v != 0
)
lines = st.lists(
    st.builds(
        Line,
        key=st.integers(1, 10_000),
        area=st.integers(1, 4),
        max_points=maxima,
        kind=st.sampled_from([scoring.SELF, scoring.APPRAISED, scoring.SURVEY, scoring.COMPUTED]),
        self_score=st.none() | amounts,
        appraised=st.none() | amounts,
        survey=st.none() | amounts,
        not_applicable=st.booleans(),
    ),
    max_size=30,
)


@given(lines, st.decimals(min_value=-3, max_value=0, places=2))
def test_any_sheet_stays_within_its_floors_and_maximum(sheet_lines, floor):
    floors = {area: floor for area in range(1, 5)}
    sheet = scoring.sheet_score(sheet_lines, floors)
    for area in sheet.areas:
        assert floor <= area.total <= max(area.maximum, floor)
        assert area.self_total >= floor
    assert sheet.maximum == sum((scoring.line_maximum(li) for li in sheet_lines), D(0))
    if sheet.index is not None and floor == 0:
        assert D(0) <= sheet.index <= D(100)


@given(st.dictionaries(st.integers(1, 50), st.none() | st.decimals(min_value=0, max_value=100, places=2)))
def test_ranks_are_competition_ranks(indexes):
    ranked = scoring.ranks(indexes)
    scored = {k: v for k, v in indexes.items() if v is not None}
    assert set(ranked) == set(scored)
    for key, rank in ranked.items():
        assert rank == 1 + sum(1 for v in scored.values() if v > scored[key])
