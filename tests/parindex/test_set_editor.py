"""Editing a draft criteria set in the browser (issue 19, item 1): a row's content, maximum
("0,25"), method, evidence and kind; deleting a row without scores. Refused once the set is
opened or published, and whenever a parent's maximum would no longer be the sum of its rows."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from parindex import services
from parindex.models import Criterion, EventKind, ParEvent, Score, ScoringKind, SetStatus
from tests.parindex.test_criteria_sets import agency, import_set  # noqa: F401 (fixture)

ROWS = [
    ["I", "Công tác chỉ đạo, điều hành CCHC", 3, None, None],
    ["1.1", "Kế hoạch CCHC năm", 3, None, None],
    ["1.1.1", "Ban hành kế hoạch đúng hạn", 1, "Đúng hạn: 1; chậm: 0,5", "Kế hoạch CCHC năm"],
    ["1.1.2", "Mức độ hoàn thành kế hoạch", 2, "> 90%: 2; 70–90%: 1", None],
    ["1.1.3", "Ghi nhận thêm", 0, None, None],
    ["1.1.4", "Bị trừ điểm: báo cáo chậm", "−0,25", "Mỗi báo cáo chậm trừ 0,25", None],
]


@pytest.fixture
def draft(cast, agency):  # noqa: F811
    return import_set(cast, agency, rows=ROWS)


def row(criteria_set, stt):
    return Criterion.objects.get(criteria_set=criteria_set, stt=stt)


def edit_url(criteria_set, stt):
    return reverse("parindex:criterion_edit", kwargs={"pk": criteria_set.pk, "criterion_pk": row(criteria_set, stt).pk})


def delete_url(criteria_set, stt):
    return reverse(
        "parindex:criterion_delete", kwargs={"pk": criteria_set.pk, "criterion_pk": row(criteria_set, stt).pk}
    )


FORM = {
    "content": "Ban hành kế hoạch CCHC năm đúng hạn",
    "max_points": "1",
    "method": "Trước 31/12: 1; chậm: 0,5",
    "evidence": "Kế hoạch, văn bản giao nhiệm vụ",
    "evidence_required": "on",
    "kind": ScoringKind.APPRAISED,
}


def test_the_secretariat_edits_a_row_in_the_browser(cast, draft):
    client = cast.client(cast.secretariat)
    page = client.get(edit_url(draft, "1.1.1")).content.decode()
    assert 'value="1"' in page and "Ban hành kế hoạch đúng hạn" in page
    response = client.post(edit_url(draft, "1.1.1"), FORM, follow=True)
    assert "Đã sửa tiêu chí 1.1.1." in response.content.decode()
    edited = row(draft, "1.1.1")
    assert (
        edited.content,
        edited.max_points,
        edited.method,
        edited.evidence,
        edited.evidence_required,
        edited.kind,
    ) == (
        "Ban hành kế hoạch CCHC năm đúng hạn",
        D(1),
        "Trước 31/12: 1; chậm: 0,5",
        "Kế hoạch, văn bản giao nhiệm vụ",
        True,
        ScoringKind.APPRAISED,
    )
    event = ParEvent.objects.get(criteria_set=draft, kind=EventKind.ROW_EDITED)
    assert (event.criterion, event.detail, event.by) == (edited, "1.1.1", cast.secretariat)


def test_a_deduction_takes_a_vietnamese_decimal(cast, draft):
    client = cast.client(cast.secretariat)
    client.post(edit_url(draft, "1.1.4"), {**FORM, "content": "Báo cáo chậm", "max_points": "-0,5"})
    assert row(draft, "1.1.4").max_points == D("-0.5")
    assert ParEvent.objects.get(kind=EventKind.ROW_EDITED).detail == "1.1.4: điểm tối đa -0,25 → -0,5"


def test_a_maximum_that_breaks_the_parents_sum_is_refused_and_nothing_changes(cast, draft):
    client = cast.client(cast.secretariat)
    response = client.post(edit_url(draft, "1.1.2"), {**FORM, "max_points": "2,25"})
    assert response.status_code == 200
    assert "Điểm tối đa của 1.1 là 3 nhưng các dòng thành phần cộng lại 3,25." in response.content.decode()
    kept = row(draft, "1.1.2")
    assert (kept.max_points, kept.content, kept.kind) == (D(2), "Mức độ hoàn thành kế hoạch", ScoringKind.SELF)
    # A parent's own maximum must equal its rows, too.
    with pytest.raises(ValidationError) as error:
        services.criterion_edit(by=cast.secretariat, criterion=row(draft, "1.1"), **{**_data(), "max_points": D(4)})
    assert error.value.messages == ["Điểm tối đa của 1.1 là 4 nhưng các dòng thành phần cộng lại 3."]
    assert row(draft, "1.1").max_points == D(3)
    assert not ParEvent.objects.filter(kind=EventKind.ROW_EDITED).exists()


def test_a_points_value_that_is_not_a_number_is_refused_plainly(cast, draft):
    response = cast.client(cast.secretariat).post(edit_url(draft, "1.1.1"), {**FORM, "max_points": "một"})
    assert "Nhập điểm là một số, ví dụ 0,5 hoặc 0,25." in response.content.decode()
    assert row(draft, "1.1.1").max_points == D(1)


def _data():
    return {
        "content": "Nội dung",
        "max_points": D(0),
        "method": "",
        "evidence": "",
        "evidence_required": False,
        "kind": ScoringKind.SELF,
    }


def test_a_row_without_points_is_deleted_and_the_history_names_it(cast, draft):
    response = cast.client(cast.secretariat).post(delete_url(draft, "1.1.3"), follow=True)
    assert "Đã xóa tiêu chí 1.1.3." in response.content.decode()
    assert list(draft.criteria.order_by("order").values_list("stt", flat=True)) == [
        "1",
        "1.1",
        "1.1.1",
        "1.1.2",
        "1.1.4",
    ]
    event = ParEvent.objects.get(criteria_set=draft, kind=EventKind.ROW_DELETED)
    assert (event.criterion, event.detail) == (None, "1.1.3. Ghi nhận thêm")


def test_deleting_a_row_with_points_a_parent_or_scores_is_refused(cast, draft):
    client = cast.client(cast.secretariat)
    page = client.post(delete_url(draft, "1.1.2"), follow=True).content.decode()
    assert "Điểm tối đa của 1.1 là 3 nhưng các dòng thành phần cộng lại 1." in page
    page = client.post(delete_url(draft, "1.1"), follow=True).content.decode()
    assert "Tiêu chí 1.1 còn các dòng thành phần: xóa các dòng đó trước." in page
    services.score_not_applicable(
        criteria_set=draft, unit=cast.unit_a, criterion=row(draft, "1.1.3"), value=True, by=cast.secretariat
    )
    assert Score.objects.filter(criterion=row(draft, "1.1.3")).exists()
    page = client.post(delete_url(draft, "1.1.3"), follow=True).content.decode()
    assert "Tiêu chí 1.1.3 đã có điểm hoặc tài liệu kiểm chứng: không xóa được." in page
    assert draft.criteria.count() == 6
    assert not ParEvent.objects.filter(kind=EventKind.ROW_DELETED).exists()


@pytest.mark.parametrize("status", [SetStatus.ASSESSING, SetStatus.PUBLISHED])
def test_a_locked_or_published_set_is_not_edited(cast, draft, status):
    draft.status = status
    draft.save(update_fields=["status"])
    client = cast.client(cast.secretariat)
    response = client.post(edit_url(draft, "1.1.1"), FORM, follow=True)
    assert "Bộ tiêu chí đã khóa: đã bắt đầu đánh giá." in response.content.decode()
    assert row(draft, "1.1.1").content == "Ban hành kế hoạch đúng hạn"
    with pytest.raises(ValidationError):
        services.criterion_delete(criterion=row(draft, "1.1.3"), by=cast.secretariat)
    assert draft.criteria.count() == 6
    assert (
        'data-testid="edit-1.1.1"' not in client.get(reverse("parindex:set_detail", args=[draft.pk])).content.decode()
    )


def test_only_the_secretariat_edits_and_sees_the_links(cast, draft):
    detail = reverse("parindex:set_detail", args=[draft.pk])
    assert 'data-testid="edit-1.1.1"' in cast.client(cast.secretariat).get(detail).content.decode()
    for user in (cast.leader, cast.staff_a):
        client = cast.client(user)
        assert 'data-testid="edit-1.1.1"' not in client.get(detail).content.decode()
        assert client.get(edit_url(draft, "1.1.1")).status_code == 403
        assert client.post(delete_url(draft, "1.1.3")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.criterion_edit(criterion=row(draft, "1.1.1"), by=cast.leader, **_data())
    with pytest.raises(PermissionDenied):
        services.criterion_delete(criterion=row(draft, "1.1.3"), by=cast.staff_a)
    assert draft.criteria.count() == 6


def test_a_row_of_another_set_is_not_found(cast, draft, agency):  # noqa: F811
    other = import_set(cast, agency, rows=ROWS, year=2026)
    url = reverse("parindex:criterion_edit", kwargs={"pk": draft.pk, "criterion_pk": row(other, "1.1.1").pk})
    assert cast.client(cast.secretariat).get(url).status_code == 404
