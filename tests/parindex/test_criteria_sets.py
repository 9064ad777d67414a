"""Criteria sets (issue 19, item 1): imported from the province's workbook with sheet, row and
column in every error and nothing saved on any error; copied from last year as a draft; locked
once the assessment starts; the units assessed; "không áp dụng" per unit."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from parindex import selectors, services
from parindex.imports import parse_workbook
from parindex.models import CriteriaSet, Criterion, EventKind, Level, ParEvent, Score, ScoringKind, SetStatus
from tests.factories import make_unit

HEADER = ["STT", "Nội dung", "Điểm tối đa", "Cách chấm", "Tài liệu kiểm chứng"]
ROWS = [
    ["I", "Công tác chỉ đạo, điều hành CCHC", 3, None, None],
    ["1.1", "Kế hoạch CCHC năm", 3, None, None],
    ["1.1.1", "Ban hành kế hoạch đúng hạn", 1, "Đúng hạn: 1; chậm: 0,5", "Kế hoạch CCHC năm"],
    ["1.1.2", "Mức độ hoàn thành kế hoạch", "2", "> 90%: 2; 70–90%: 1", None],
    ["II", "Cải cách thủ tục hành chính", "1,5", None, None],
    ["2.1", "Công khai TTHC", 0.5, None, None],
    ["2.2", "Một cửa liên thông", 1, None, None],
    ["2.3", "Bị trừ điểm: để hồ sơ quá hạn", "−0,25", "Mỗi hồ sơ quá hạn trừ 0,25", None],
]


def workbook(rows, *, title="Tiêu chí", preamble=("BỘ TIÊU CHÍ CHỈ SỐ CCHC",)) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for line in preamble:
        sheet.append([line])
    sheet.append(HEADER)
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def agency(db):
    return make_unit(code="UBND-T", name="UBND tỉnh thử", kind="ministry")


def import_set(cast, agency, rows=ROWS, year=2025):
    return services.criteria_set_import(
        agency=agency,
        year=year,
        unit_kind="department",
        title="Bộ tiêu chí sở, ngành",
        decision="Quyết định số 2150/QĐ-UBND",
        parsed=parse_workbook(workbook(rows)),
        by=cast.secretariat,
    )


def test_workbook_rows_become_areas_criteria_and_sub_criteria(cast, agency):
    criteria_set = import_set(cast, agency)
    rows = list(criteria_set.criteria.order_by("order"))
    assert [(r.stt, r.level, r.max_points, r.parent.stt if r.parent else None) for r in rows] == [
        ("1", Level.AREA, D(3), None),
        ("1.1", Level.CRITERION, D(3), "1"),
        ("1.1.1", Level.SUB, D(1), "1.1"),
        ("1.1.2", Level.SUB, D(2), "1.1"),
        ("2", Level.AREA, D("1.5"), None),
        ("2.1", Level.CRITERION, D("0.5"), "2"),
        ("2.2", Level.CRITERION, D(1), "2"),
        ("2.3", Level.CRITERION, D("-0.25"), "2"),
    ]
    first = rows[2]
    assert (first.method, first.evidence, first.evidence_required) == (
        "Đúng hạn: 1; chậm: 0,5",
        "Kế hoạch CCHC năm",
        True,
    )
    assert criteria_set.status == SetStatus.DRAFT
    assert ParEvent.objects.get(criteria_set=criteria_set).detail == "8 dòng, tổng 4,5 điểm"


def test_every_error_names_sheet_row_and_column_and_nothing_is_saved(cast, agency):
    rows = [
        *ROWS[:3],
        ["1.1.2", "Mức độ hoàn thành kế hoạch", "hai", None, None],  # row 7
        ["1.1.1", "Trùng số", 1, None, None],  # row 8
        ["3.1", "Không có lĩnh vực 3", 1, None, None],  # row 9
        ["A.b", "STT sai", 1, None, None],  # row 10
    ]
    parsed = parse_workbook(workbook(rows))
    assert parsed.errors == [
        "Trang “Tiêu chí”, dòng 7, cột C: điểm tối đa “hai” không phải là số (ví dụ 2 hoặc 0,25).",
        "Trang “Tiêu chí”, dòng 8, cột A: STT 1.1.1 trùng với dòng 6.",
        "Trang “Tiêu chí”, dòng 9, cột A: dòng 3.1 nằm dưới 3 nhưng chưa có dòng 3 phía trên.",
        "Trang “Tiêu chí”, dòng 10, cột A: STT “A.b” không đúng dạng (I, 1, 1.1 hoặc 1.1.4).",
        "Trang “Tiêu chí”, dòng 5, cột C: điểm tối đa của 1.1 là 3 nhưng các dòng thành phần cộng lại 1.",
    ]
    with pytest.raises(ValidationError):
        services.criteria_set_import(
            agency=agency, year=2025, unit_kind="department", title="x", decision="", parsed=parsed, by=cast.secretariat
        )
    assert (CriteriaSet.objects.count(), Criterion.objects.count()) == (0, 0)


def test_a_file_that_is_not_a_criteria_table_is_refused_plainly():
    assert parse_workbook(b"not a workbook").errors == [
        "Không đọc được tệp: tệp không phải là Excel (.xlsx) hay Word (.docx) hợp lệ."
    ]
    book = Workbook()
    book.active.append(["Họ tên", "Email"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert parse_workbook(buffer.getvalue()).errors == [
        "Trang “Sheet”: không thấy dòng tiêu đề có các cột STT, Nội dung, Điểm tối đa."
    ]


def test_only_the_secretariat_imports_and_one_set_per_year_and_unit_type(cast, agency):
    with pytest.raises(PermissionDenied):
        services.criteria_set_import(
            agency=agency,
            year=2025,
            unit_kind="department",
            title="x",
            decision="",
            parsed=parse_workbook(workbook(ROWS)),
            by=cast.leader,
        )
    import_set(cast, agency)
    with pytest.raises(ValidationError) as error:
        import_set(cast, agency)
    assert error.value.message_dict == {"year": ["Đã có bộ tiêu chí của năm 2025 cho loại đơn vị này."]}


def test_copy_of_last_year_is_a_draft_with_the_same_rows_and_units(cast, agency):
    source = import_set(cast, agency)
    source.units.set([cast.unit_a])
    computed = source.criteria.get(stt="1.1.2")
    services.criterion_set_rule(
        criterion=computed, kind=ScoringKind.COMPUTED, rule="plan_completion", bands="90:2; 70:1", by=cast.secretariat
    )
    services.criteria_set_open(criteria_set=source, by=cast.secretariat)
    copy = services.criteria_set_copy(source=source, year=2026, by=cast.secretariat)
    assert (copy.year, copy.status, copy.copied_from) == (2026, SetStatus.DRAFT, source)
    assert list(copy.units.all()) == [cast.unit_a]
    copied = {r.stt: r for r in copy.criteria.all()}
    assert len(copied) == 8 and copied["1.1.1"].parent == copied["1.1"]
    assert (copied["1.1.2"].kind, copied["1.1.2"].rule, copied["1.1.2"].bands) == (
        "computed",
        "plan_completion",
        "90:2; 70:1",
    )
    assert source.criteria.count() == 8


def test_a_set_is_locked_once_the_assessment_starts(cast, agency):
    criteria_set = import_set(cast, agency)
    services.criteria_set_open(criteria_set=criteria_set, by=cast.secretariat)
    row = criteria_set.criteria.get(stt="2.1")
    with pytest.raises(ValidationError) as error:
        services.criterion_set_rule(criterion=row, kind=ScoringKind.SURVEY, by=cast.secretariat)
    assert error.value.messages == ["Bộ tiêu chí đã khóa: đã bắt đầu đánh giá."]
    assert Criterion.objects.get(pk=row.pk).kind == ScoringKind.SELF


def test_units_assessed_default_to_the_active_units_of_the_type(cast, agency):
    criteria_set = import_set(cast, agency)
    make_unit(code="OLD", kind="department", is_active=False)
    make_unit(code="XA", kind="commune")
    assert {u.code for u in selectors.assessed_units(criteria_set)} == {"SA", "SB", "SNV-T"}
    criteria_set.units.set([cast.unit_b])
    assert [u.code for u in selectors.assessed_units(criteria_set)] == ["SB"]


def test_not_applicable_area_rescales_the_unit_sheet(cast, agency):
    criteria_set = import_set(cast, agency)
    services.criteria_set_open(criteria_set=criteria_set, by=cast.secretariat)
    rows = {r.stt: r for r in criteria_set.criteria.all()}
    for stt, value in (("1.1.1", D(1)), ("1.1.2", D(1)), ("2.1", D("0.5"))):
        services.score_self(
            criteria_set=criteria_set,
            unit=cast.unit_a,
            criterion=rows[stt],
            value=value,
            explanation="Kế hoạch số 12/KH",
            by=cast.staff_a,
        )
    sheet = selectors.unit_sheet(criteria_set, cast.unit_a, today=datetime.date(2025, 12, 31))
    assert (sheet.score.total, sheet.score.maximum, sheet.score.index) == (D("2.5"), D("4.5"), D("55.56"))
    changed = services.score_not_applicable(
        criteria_set=criteria_set, unit=cast.unit_a, criterion=rows["2"], value=True, by=cast.secretariat
    )
    assert changed == 3
    sheet = selectors.unit_sheet(criteria_set, cast.unit_a, today=datetime.date(2025, 12, 31))
    assert (sheet.score.total, sheet.score.maximum, sheet.score.index) == (D(2), D(3), D("66.67"))
    assert Score.objects.filter(unit=cast.unit_a, not_applicable=True).count() == 3
    assert ParEvent.objects.filter(kind=EventKind.NOT_APPLICABLE).get().unit == cast.unit_a


def test_self_score_is_bounded_and_needs_an_explanation_where_evidence_is_required(cast, agency):
    criteria_set = import_set(cast, agency)
    rows = {r.stt: r for r in criteria_set.criteria.all()}
    with pytest.raises(ValidationError) as error:
        services.score_self(
            criteria_set=criteria_set,
            unit=cast.unit_a,
            criterion=rows["2.1"],
            value=D("0.5"),
            explanation="",
            by=cast.staff_a,
        )
    assert error.value.messages == ["Bộ tiêu chí không trong thời gian tự đánh giá."]
    services.criteria_set_open(criteria_set=criteria_set, by=cast.secretariat)
    cases = [
        (rows["2.1"], D("0.75"), "", "Điểm phải trong khoảng 0 đến 0,5."),
        (rows["2.3"], D("-0.5"), "", "Điểm phải trong khoảng -0,25 đến 0."),
        (rows["1.1.1"], D(1), " ", "Tiêu chí cần tài liệu kiểm chứng: ghi rõ giải trình cách chấm."),
        (rows["1.1"], D(1), "x", "Chỉ chấm điểm ở tiêu chí không có tiêu chí thành phần."),
    ]
    for row, value, explanation, message in cases:
        with pytest.raises(ValidationError) as error:
            services.score_self(
                criteria_set=criteria_set,
                unit=cast.unit_a,
                criterion=row,
                value=value,
                explanation=explanation,
                by=cast.staff_a,
            )
        assert error.value.messages == [message]
    with pytest.raises(PermissionDenied):
        services.score_self(
            criteria_set=criteria_set,
            unit=cast.unit_a,
            criterion=rows["2.1"],
            value=D("0.5"),
            explanation="",
            by=cast.staff_b,
        )
    assert not Score.objects.exists()


def test_appraisal_change_needs_a_reason_and_publication_a_decision(cast, agency):
    criteria_set = import_set(cast, agency)
    services.criteria_set_open(criteria_set=criteria_set, by=cast.secretariat)
    row = criteria_set.criteria.get(stt="2.2")
    services.score_self(
        criteria_set=criteria_set, unit=cast.unit_a, criterion=row, value=D(1), explanation="", by=cast.head_a
    )
    with pytest.raises(ValidationError) as error:
        services.score_appraise(
            criteria_set=criteria_set, unit=cast.unit_a, criterion=row, value=D("0.5"), reason="", by=cast.secretariat
        )
    assert error.value.message_dict == {"reason": ["Ghi lý do điều chỉnh điểm tự đánh giá."]}
    score = services.score_appraise(
        criteria_set=criteria_set,
        unit=cast.unit_a,
        criterion=row,
        value=D("0.5"),
        reason="Chưa liên thông cấp xã",
        by=cast.secretariat,
    )
    assert (score.self_score, score.appraised, score.appraisal_reason) == (D(1), D("0.5"), "Chưa liên thông cấp xã")
    with pytest.raises(ValidationError):
        services.criteria_set_publish(criteria_set=criteria_set, decision=" ", date=None, by=cast.secretariat)
    services.criteria_set_publish(
        criteria_set=criteria_set,
        decision="Quyết định số 413/QĐ-UBND",
        date=datetime.date(2026, 2, 20),
        by=cast.secretariat,
    )
    assert CriteriaSet.objects.get().status == SetStatus.PUBLISHED
    assert list(ParEvent.objects.values_list("kind", flat=True)) == [
        "imported",
        "opened",
        "scored",
        "appraised",
        "published",
    ]


def test_import_page_saves_a_set_or_lists_every_error(cast, agency):
    client = cast.client(cast.secretariat)
    data = {"agency": agency.pk, "year": 2025, "unit_kind": "department", "title": "Bộ tiêu chí", "decision": ""}
    bad = [*ROWS[:2], ["1.1.1", "x", "nhiều", None, None]]
    response = client.post("/par-index/import/", {**data, "file": SimpleUploadedFile("bo.xlsx", workbook(bad))})
    assert response.status_code == 200
    assert "Trang “Tiêu chí”, dòng 6, cột C: điểm tối đa “nhiều” không phải là số" in response.content.decode()
    assert not CriteriaSet.objects.exists()
    response = client.post("/par-index/import/", {**data, "file": SimpleUploadedFile("bo.xlsx", workbook(ROWS))})
    criteria_set = CriteriaSet.objects.get()
    assert response.status_code == 302 and response.url == f"/par-index/{criteria_set.pk}/"
    page = client.get(response.url).content.decode()
    assert "Ban hành kế hoạch đúng hạn" in page and "-0,25" in page
