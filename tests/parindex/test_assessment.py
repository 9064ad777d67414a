"""Self-assessment, appraisal and the unit's answer (issue 19, items 3–5): a unit scores its own
rows with the explanation evidence requires, sees its progress per area, its head submits (late
after the deadline), the appraiser changes a score with a reason the unit reads and may answer
once, and a computed score is disputed rather than re-scored."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.roles import Role
from parindex import selectors, services
from parindex.models import EventKind, ParEvent, Score, ScoringKind, Submission
from tests.factories import make_user
from tests.parindex.test_criteria_sets import agency, import_set  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_set(cast, agency):  # noqa: F811 - the fixture imported above
    criteria_set = import_set(cast, agency)
    computed = criteria_set.criteria.get(stt="1.1.2")
    services.criterion_set_rule(
        criterion=computed, kind=ScoringKind.COMPUTED, rule="plan_completion", bands="90:2; 70:1", by=cast.secretariat
    )
    criteria_set.self_deadline = datetime.date(2025, 12, 15)
    criteria_set.save()
    services.criteria_set_open(criteria_set=criteria_set, by=cast.secretariat)
    return criteria_set


def url(criteria_set, unit, row=None, action="score"):
    base = f"/par-index/{criteria_set.pk}/units/{unit.pk}/"
    return base + (f"rows/{row.pk}/{action}/" if row is not None else action + "/")


def test_unit_scores_its_rows_and_sees_its_progress(cast, open_set):
    rows = {r.stt: r for r in open_set.criteria.all()}
    client = cast.client(cast.staff_a)
    response = client.post(url(open_set, cast.unit_a, rows["2.1"]), {"value": "0,5", "explanation": ""})
    assert response.status_code == 302 and response.url.endswith(f"#row-{rows['2.1'].pk}")
    assert Score.objects.get(unit=cast.unit_a, criterion=rows["2.1"]).self_score == D("0.5")
    # Evidence required and no explanation: refused with the reason, nothing saved.
    response = client.post(url(open_set, cast.unit_a, rows["1.1.1"]), {"value": "1", "explanation": ""}, follow=True)
    assert "Tiêu chí cần tài liệu kiểm chứng: ghi rõ giải trình cách chấm." in response.content.decode()
    assert not Score.objects.filter(criterion=rows["1.1.1"]).exists()
    client.post(url(open_set, cast.unit_a, rows["1.1.1"]), {"value": "1", "explanation": "Kế hoạch 12/KH ngày 05/01"})
    sheet = selectors.unit_sheet(open_set, cast.unit_a, today=datetime.date(2025, 11, 1))
    assert [(p.area.stt, p.done, p.total) for p in sheet.progress()] == [
        ("1", 1, 1),
        ("2", 1, 3),
    ]  # the deduction row 2.3 is scored too
    page = client.get(url(open_set, cast.unit_a, action="")[:-1]).content.decode()
    assert 'max="3" value="1"' in page and "1/3" in page


def test_the_head_submits_late_after_the_deadline_and_scores_freeze(cast, open_set):
    row = open_set.criteria.get(stt="2.2")
    assert cast.client(cast.staff_a).post(url(open_set, cast.unit_a, action="submit")).status_code == 403
    submission = services.assessment_submit(
        criteria_set=open_set,
        unit=cast.unit_a,
        by=cast.head_a,
        at=datetime.datetime(2025, 12, 16, 8, 0, tzinfo=datetime.UTC),
    )
    assert submission.late is True
    assert ParEvent.objects.get(kind=EventKind.SUBMITTED).detail == "Nộp muộn"
    with pytest.raises(ValidationError) as error:
        services.score_self(
            criteria_set=open_set, unit=cast.unit_a, criterion=row, value=D(1), explanation="", by=cast.staff_a
        )
    assert error.value.messages == ["Đơn vị đã nộp tự đánh giá."]
    with pytest.raises(ValidationError):
        services.assessment_submit(
            criteria_set=open_set, unit=cast.unit_a, by=cast.head_a, at=datetime.datetime.now(datetime.UTC)
        )
    assert Submission.objects.count() == 1
    on_time = services.assessment_submit(
        criteria_set=open_set,
        unit=cast.unit_b,
        by=make_user("head_b", role=Role.UNIT_HEAD, unit=cast.unit_b),
        at=datetime.datetime(2025, 12, 15, 8, 0, tzinfo=datetime.UTC),
    )
    assert on_time.late is False


def test_appraisal_change_is_shown_to_the_unit_which_answers_once(cast, open_set):
    row = open_set.criteria.get(stt="2.2")
    services.score_self(
        criteria_set=open_set, unit=cast.unit_a, criterion=row, value=D(1), explanation="", by=cast.staff_a
    )
    secretariat = cast.client(cast.secretariat)
    secretariat.post(url(open_set, cast.unit_a, row, "appraise"), {"value": "0,5", "reason": "Chưa liên thông cấp xã"})
    score = Score.objects.get(unit=cast.unit_a, criterion=row)
    assert (score.self_score, score.appraised, score.appraisal_reason) == (D(1), D("0.5"), "Chưa liên thông cấp xã")
    staff = cast.client(cast.staff_a)
    page = staff.get(f"/par-index/{open_set.pk}/units/{cast.unit_a.pk}/").content.decode()
    assert "Lý do điều chỉnh: Chưa liên thông cấp xã" in page
    staff.post(url(open_set, cast.unit_a, row, "respond"), {"text": "Đã liên thông từ tháng 10"})
    response = staff.post(url(open_set, cast.unit_a, row, "respond"), {"text": "Lần hai"}, follow=True)
    assert "Đơn vị đã gửi ý kiến về tiêu chí này." in response.content.decode()
    assert Score.objects.get(pk=score.pk).response == "Đã liên thông từ tháng 10"
    assert cast.client(cast.staff_b).post(url(open_set, cast.unit_a, row, "respond"), {"text": "x"}).status_code == 404
    assert cast.client(cast.leader).post(url(open_set, cast.unit_a, row, "appraise"), {"value": "1"}).status_code == 403


def test_a_computed_score_is_disputed_not_rescored(cast, open_set):
    row = open_set.criteria.get(stt="1.1.2")
    with pytest.raises(ValidationError) as error:
        services.score_self(
            criteria_set=open_set, unit=cast.unit_a, criterion=row, value=D(2), explanation="", by=cast.staff_a
        )
    assert error.value.messages == [
        "Điểm tiêu chí này tính từ dữ liệu của hệ thống: nếu chưa đúng, gửi ý kiến để thẩm định."
    ]
    services.score_respond(
        criteria_set=open_set,
        unit=cast.unit_a,
        criterion=row,
        text="3 nhiệm vụ đã xong chưa được xác nhận",
        by=cast.head_a,
    )
    # The appraiser decides: 1 of 2 points stands over the computed 0.
    services.score_appraise(
        criteria_set=open_set,
        unit=cast.unit_a,
        criterion=row,
        value=D(1),
        reason="Chấp nhận một phần",
        by=cast.secretariat,
    )
    sheet = selectors.unit_sheet(open_set, cast.unit_a, today=datetime.date(2025, 11, 1))
    line = next(r for r in sheet.rows if r.criterion.pk == row.pk)
    assert (line.computed.points, line.obtained) == (D(0), D(1))
    assert line.computed.inputs == "Chưa có dữ liệu trong hệ thống."


def survey_workbook(rows) -> bytes:
    book = Workbook()
    book.active.title = "Điều tra"
    book.active.append(["KẾT QUẢ ĐIỀU TRA XÃ HỘI HỌC"])
    book.active.append(["Mã đơn vị", "STT", "Điểm"])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_survey_scores_come_from_a_spreadsheet_all_or_nothing(cast, agency):  # noqa: F811
    criteria_set = import_set(cast, agency)
    survey_row = criteria_set.criteria.get(stt="2.2")
    services.criterion_set_rule(criterion=survey_row, kind=ScoringKind.SURVEY, by=cast.secretariat)
    services.criteria_set_open(criteria_set=criteria_set, by=cast.secretariat)
    client = cast.client(cast.secretariat)
    page = f"/par-index/{criteria_set.pk}/survey/"
    bad = [["SA", "2.2", "0,75"], ["SB", "2.1", 1], ["XX", "2.2", 1], ["SB", "2.2", "cao"]]
    response = client.post(page, {"file": SimpleUploadedFile("xhh.xlsx", survey_workbook(bad))})
    assert [str(m) for m in response.context["problems"]] == [
        "Trang “Điều tra”, dòng 4, cột B: “2.1” không phải tiêu chí điều tra xã hội học của bộ.",
        "Trang “Điều tra”, dòng 5, cột A: đơn vị “XX” không thuộc bộ tiêu chí.",
        "Trang “Điều tra”, dòng 6, cột C: điểm “cao” không phải là số.",
    ]
    assert not Score.objects.exists()
    # A score over the row's maximum (1) refuses the whole file.
    response = client.post(
        page, {"file": SimpleUploadedFile("xhh.xlsx", survey_workbook([["SA", "2.2", "0,75"], ["SB", "2.2", 2]]))}
    )
    assert response.context["problems"] == ["Điểm phải trong khoảng 0 đến 1."]
    assert not Score.objects.exists()
    response = client.post(
        page, {"file": SimpleUploadedFile("xhh.xlsx", survey_workbook([["SA", "2.2", "0,75"], ["sb", "2.2", 1]]))}
    )
    assert response.status_code == 302
    assert dict(Score.objects.values_list("unit__code", "survey")) == {"SA": D("0.75"), "SB": D(1)}
    sheet = selectors.unit_sheet(criteria_set, cast.unit_a, today=datetime.date(2025, 12, 31))
    assert (sheet.score.survey_total, sheet.score.total) == (D("0.75"), D("0.75"))
    assert cast.client(cast.leader).get(page).status_code == 403
