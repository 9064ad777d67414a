"""Adding rows to a draft criteria set and moving points between rows in one save (issue 19,
the last two gaps): "Thêm dòng" (an area, or a row under any area or criterion, the next free
STT suggested, placed by its STT read as numbers) and "Phân bổ lại điểm" (a parent's maximum
and its rows' maximums saved at once, the sums of the whole set checked at the end)."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from parindex import services
from parindex.models import Criterion, EventKind, Level, ParEvent, ScoringKind, SetStatus
from tests.parindex.test_criteria_sets import agency, import_set  # noqa: F401 (fixture)

ROWS = [
    ["I", "Công tác chỉ đạo, điều hành CCHC", 3, None, None],
    ["1.1", "Kế hoạch CCHC năm", 3, None, None],
    ["1.1.1", "Ban hành kế hoạch đúng hạn", 1, None, None],
    ["1.1.2", "Mức độ hoàn thành kế hoạch", 2, None, None],
    ["1.1.3", "Ghi nhận thêm", 0, None, None],
    ["1.1.4", "Bị trừ điểm: báo cáo chậm", "−0,25", None, None],
    ["II", "Cải cách thủ tục hành chính", 1, None, None],
    ["2.1", "Công khai thủ tục hành chính", 1, None, None],
]


@pytest.fixture
def draft(cast, agency):  # noqa: F811
    return import_set(cast, agency, rows=ROWS)


def row(criteria_set, stt):
    return Criterion.objects.get(criteria_set=criteria_set, stt=stt)


def add_url(criteria_set, under=None):
    if under is None:
        return reverse("parindex:criterion_add", args=[criteria_set.pk])
    return reverse("parindex:criterion_add_child", args=[criteria_set.pk, row(criteria_set, under).pk])


def points_url(criteria_set, stt):
    return reverse("parindex:criterion_points", args=[criteria_set.pk, row(criteria_set, stt).pk])


def detail(criteria_set):
    return reverse("parindex:set_detail", args=[criteria_set.pk])


def maxima(criteria_set):
    return dict(criteria_set.criteria.order_by("order").values_list("stt", "max_points"))


def family(criteria_set, parent, **typed):
    """The "Phân bổ lại điểm" fields of `parent` and its rows as shown, with `typed` replacing
    some (keys are STTs with "_" for ".")."""
    data = {}
    for member in [row(criteria_set, parent), *row(criteria_set, parent).children.all()]:
        data[f"row_{member.pk}"] = typed.get(member.stt.replace(".", "_"), str(member.max_points).replace(".", ","))
    return data


NEW = {"content": "Tổ chức hội nghị triển khai", "method": "", "evidence": "", "kind": ScoringKind.SELF}


def test_the_secretariat_adds_an_area_at_the_top(cast, draft):
    client = cast.client(cast.secretariat)
    page = client.get(detail(draft)).content.decode()
    assert 'data-testid="add-area"' in page
    form = client.get(add_url(draft)).content.decode()
    assert "Thêm lĩnh vực" in form and 'name="stt" value="3"' in form
    response = client.post(
        add_url(draft),
        {**NEW, "stt": "III", "content": "Cải cách tổ chức bộ máy", "max_points": "2", "evidence_required": "on"},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã thêm dòng 3." in page
    assert "Thêm tiêu chí · Thêm dòng 3 (2 điểm)" in page
    added = row(draft, "3")
    assert (added.level, added.parent, added.max_points, added.content, added.evidence_required, added.order) == (
        Level.AREA,
        None,
        D(2),
        "Cải cách tổ chức bộ máy",
        True,
        9,
    )
    event = ParEvent.objects.get(criteria_set=draft, kind=EventKind.ROW_ADDED)
    assert (event.criterion, event.detail, event.by) == (added, "Thêm dòng 3 (2 điểm)", cast.secretariat)


def test_a_child_gets_the_next_stt_and_its_place_by_number(cast, draft):
    client = cast.client(cast.secretariat)
    page = client.get(add_url(draft, "1.1")).content.decode()
    assert "Thêm dòng dưới 1.1" in page and 'name="stt" value="1.1.5"' in page
    assert 'data-testid="running-total" data-par-total>3<' in page
    for stt in ("1.1.10", "1.1.9"):
        response = client.post(add_url(draft, "1.1"), {**NEW, "stt": stt, "max_points": "0", **family(draft, "1.1")})
        assert response.status_code == 302
    assert list(draft.criteria.order_by("order").values_list("stt", flat=True)) == [
        "1",
        "1.1",
        "1.1.1",
        "1.1.2",
        "1.1.3",
        "1.1.4",
        "1.1.9",
        "1.1.10",
        "2",
        "2.1",
    ]
    assert row(draft, "1.1.10").level == Level.SUB and row(draft, "1.1.10").parent == row(draft, "1.1")
    assert 'name="stt" value="1.1.11"' in client.get(add_url(draft, "1.1")).content.decode()
    # A deduction takes nothing from the parent's sum.
    client.post(add_url(draft, "1.1"), {**NEW, "stt": "1.1.11", "max_points": "-0,5", **family(draft, "1.1")})
    assert row(draft, "1.1.11").max_points == D("-0.5")
    assert list(ParEvent.objects.filter(kind=EventKind.ROW_ADDED).values_list("detail", flat=True)) == [
        "Thêm dòng 1.1.10 (0 điểm)",
        "Thêm dòng 1.1.9 (0 điểm)",
        "Thêm dòng 1.1.11 (-0,5 điểm)",
    ]


@pytest.mark.parametrize(
    ("under", "stt", "message"),
    [
        ("1.1", "1.1.2", "STT 1.1.2 đã có trong bộ tiêu chí."),
        (None, "II", "STT 2 đã có trong bộ tiêu chí."),
        ("1.1", "1.2.1", "Dòng dưới 1.1 phải có STT dạng 1.1.x (ví dụ 1.1.1), không phải 1.2.1."),
        ("1.1", "1.1", "Dòng dưới 1.1 phải có STT dạng 1.1.x (ví dụ 1.1.1), không phải 1.1."),
        ("1.1", "một", "STT “một” không đúng dạng (ví dụ I, 1, 1.1 hoặc 1.1.4)."),
        ("1.1", "1.1.05", "STT “1.1.05” không đúng dạng (ví dụ I, 1, 1.1 hoặc 1.1.4)."),
        ("1.1", "1.1.0", "STT “1.1.0” không đúng dạng (ví dụ I, 1, 1.1 hoặc 1.1.4)."),
        (None, "1.5", "Dòng lĩnh vực có STT là một số (ví dụ 1 hoặc I), không phải 1.5."),
    ],
)
def test_a_duplicate_or_badly_formed_stt_is_refused(cast, draft, under, stt, message):
    before = maxima(draft)
    data = {**NEW, "stt": stt, "max_points": "0", **(family(draft, under) if under else {})}
    response = cast.client(cast.secretariat).post(add_url(draft, under), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert maxima(draft) == before
    assert not ParEvent.objects.filter(kind__in=[EventKind.ROW_ADDED, EventKind.ROW_EDITED]).exists()


def test_a_row_under_a_leaf_turns_it_into_a_parent_with_the_same_sum_rule(cast, draft):
    client = cast.client(cast.secretariat)
    form = client.get(add_url(draft, "2.1")).content.decode()
    assert 'name="stt" value="2.1.1"' in form and 'name="max_points" value="1"' in form
    response = client.post(add_url(draft, "2.1"), {**NEW, "stt": "2.1.1", "max_points": "0,5", **family(draft, "2.1")})
    assert "Điểm tối đa của 2.1 là 1 nhưng các dòng thành phần cộng lại 0,5." in response.content.decode()
    assert not draft.criteria.filter(stt="2.1.1").exists()
    response = client.post(
        add_url(draft, "2.1"), {**NEW, "stt": "2.1.1", "max_points": "1", **family(draft, "2.1")}, follow=True
    )
    assert "Đã thêm dòng 2.1.1." in response.content.decode()
    added = row(draft, "2.1.1")
    assert (added.parent, added.level, added.max_points) == (row(draft, "2.1"), Level.SUB, D(1))
    assert 'data-testid="points-2.1"' in client.get(detail(draft)).content.decode()


def test_no_row_under_a_scored_leaf_or_a_sub_criterion(cast, draft):
    services.score_not_applicable(
        criteria_set=draft, unit=cast.unit_a, criterion=row(draft, "1.1.3"), value=True, by=cast.secretariat
    )
    client = cast.client(cast.secretariat)
    response = client.post(add_url(draft, "1.1.3"), {**NEW, "stt": "1.1.3.1", "max_points": "0"}, follow=True)
    assert "Bộ tiêu chí chỉ có ba cấp: không thêm dòng dưới tiêu chí thành phần được." in response.content.decode()
    assert 'data-testid="add-under-1.1.3"' not in client.get(detail(draft)).content.decode()
    with pytest.raises(ValidationError) as error:
        services.criterion_add(
            criteria_set=draft,
            parent=row(draft, "1.1.3"),
            stt="1.1.3.1",
            max_points=D(0),
            by=cast.secretariat,
            **_row(),
        )
    assert error.value.messages == [
        "1.1.3 là tiêu chí thành phần: bộ tiêu chí chỉ có ba cấp, không thêm dòng dưới nó được."
    ]
    # A scored criterion (level 2) without rows stays a leaf.
    services.score_not_applicable(
        criteria_set=draft, unit=cast.unit_a, criterion=row(draft, "2.1"), value=True, by=cast.secretariat
    )
    response = client.post(add_url(draft, "2.1"), {**NEW, "stt": "2.1.1", "max_points": "1", **family(draft, "2.1")})
    assert (
        "Tiêu chí 2.1 đã có điểm hoặc tài liệu kiểm chứng: không thêm dòng thành phần được."
        in response.content.decode()
    )
    assert draft.criteria.count() == 8


def _row():
    return {"content": "Dòng mới", "method": "", "evidence": "", "evidence_required": False, "kind": ScoringKind.SELF}


def test_moving_a_quarter_point_between_two_rows_in_one_save(cast, draft):
    client = cast.client(cast.secretariat)
    page = client.get(points_url(draft, "1.1")).content.decode()
    assert "Phân bổ lại điểm của 1.1" in page
    assert f'name="row_{row(draft, "1.1.2").pk}" value="2"' in page
    response = client.post(points_url(draft, "1.1"), family(draft, "1.1", **{"1_1_2": "1,75", "1_1_3": "0,25"}))
    assert response.status_code == 302
    page = client.get(detail(draft)).content.decode()
    assert "Đã phân bổ lại điểm của 1.1: 2 dòng thay đổi." in page
    assert "Sửa tiêu chí · 1.1.3: điểm tối đa 0 → 0,25" in page
    assert maxima(draft) == {
        "1": D(3),
        "1.1": D(3),
        "1.1.1": D(1),
        "1.1.2": D("1.75"),
        "1.1.3": D("0.25"),
        "1.1.4": D("-0.25"),
        "2": D(1),
        "2.1": D(1),
    }
    events = ParEvent.objects.filter(criteria_set=draft, kind=EventKind.ROW_EDITED).order_by("id")
    assert [(e.criterion.stt, e.detail) for e in events] == [
        ("1.1.2", "1.1.2: điểm tối đa 2 → 1,75"),
        ("1.1.3", "1.1.3: điểm tối đa 0 → 0,25"),
    ]


def test_a_reallocation_that_breaks_a_sum_writes_nothing(cast, draft):
    client = cast.client(cast.secretariat)
    before = maxima(draft)
    # 1.1 and its rows agree at 3,25, but area 1 still says 3.
    response = client.post(points_url(draft, "1.1"), family(draft, "1.1", **{"1_1": "3,25", "1_1_3": "0,25"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Điểm tối đa của 1 là 3 nhưng các dòng thành phần cộng lại 3,25." in page
    assert 'data-testid="running-total" data-par-total>3,25<' in page
    response = client.post(points_url(draft, "1.1"), family(draft, "1.1", **{"1_1_1": "1,5"}))
    assert "Điểm tối đa của 1.1 là 3 nhưng các dòng thành phần cộng lại 3,5." in response.content.decode()
    response = client.post(points_url(draft, "1.1"), family(draft, "1.1", **{"1_1_1": "nửa"}))
    assert "Nhập điểm là một số, ví dụ 0,5 hoặc 0,25." in response.content.decode()
    assert maxima(draft) == before
    assert not ParEvent.objects.filter(kind=EventKind.ROW_EDITED).exists()
    response = client.get(points_url(draft, "1.1.1"), follow=True)
    assert "Tiêu chí 1.1.1 không có dòng thành phần." in response.content.decode()
    # Only the parent and its direct rows are moved by one reallocation.
    with pytest.raises(ValidationError) as error:
        services.criterion_points_reallocate(
            parent=row(draft, "1.1"), maxima={row(draft, "2.1").pk: D(0)}, by=cast.secretariat
        )
    assert error.value.messages == ["Chỉ phân bổ lại điểm giữa một dòng và các dòng thành phần trực tiếp của nó."]
    assert maxima(draft) == before


def test_a_quarter_point_row_is_added_under_a_full_parent_by_reducing_a_sibling(cast, draft):
    client = cast.client(cast.secretariat)
    data = {**NEW, "stt": "1.1.5", "max_points": "0,25", **family(draft, "1.1")}
    response = client.post(add_url(draft, "1.1"), data)
    assert "Điểm tối đa của 1.1 là 3 nhưng các dòng thành phần cộng lại 3,25." in response.content.decode()
    assert not draft.criteria.filter(stt="1.1.5").exists()
    data = {**NEW, "stt": "1.1.5", "max_points": "0,25", **family(draft, "1.1", **{"1_1_2": "1,75"})}
    response = client.post(add_url(draft, "1.1"), data, follow=True)
    page = response.content.decode()
    assert "Đã thêm dòng 1.1.5." in page
    assert "Thêm tiêu chí · Thêm dòng 1.1.5 (0,25 điểm)" in page
    assert "Sửa tiêu chí · 1.1.2: điểm tối đa 2 → 1,75" in page
    assert maxima(draft) == {
        "1": D(3),
        "1.1": D(3),
        "1.1.1": D(1),
        "1.1.2": D("1.75"),
        "1.1.3": D(0),
        "1.1.4": D("-0.25"),
        "1.1.5": D("0.25"),
        "2": D(1),
        "2.1": D(1),
    }
    assert list(
        ParEvent.objects.filter(criteria_set=draft).exclude(kind=EventKind.IMPORTED).values_list("detail", flat=True)
    ) == [
        "1.1.2: điểm tối đa 2 → 1,75",
        "Thêm dòng 1.1.5 (0,25 điểm)",
    ]


@pytest.mark.parametrize("status", [SetStatus.ASSESSING, SetStatus.PUBLISHED])
def test_a_locked_or_published_set_gets_no_rows_and_no_reallocation(cast, draft, status):
    draft.status = status
    draft.save(update_fields=["status"])
    before = maxima(draft)
    client = cast.client(cast.secretariat)
    response = client.post(add_url(draft, "1.1"), {**NEW, "stt": "1.1.5", "max_points": "0"}, follow=True)
    assert "Bộ tiêu chí đã khóa: đã bắt đầu đánh giá." in response.content.decode()
    response = client.get(points_url(draft, "1.1"), follow=True)
    assert "Bộ tiêu chí đã khóa: đã bắt đầu đánh giá." in response.content.decode()
    page = client.get(detail(draft)).content.decode()
    assert 'data-testid="add-area"' not in page and 'data-testid="points-1.1"' not in page
    with pytest.raises(ValidationError):
        services.criterion_add(criteria_set=draft, parent=None, stt="3", max_points=D(1), by=cast.secretariat, **_row())
    with pytest.raises(ValidationError):
        services.criterion_points_reallocate(
            parent=row(draft, "1.1"), maxima={row(draft, "1.1.1").pk: D(1)}, by=cast.secretariat
        )
    assert maxima(draft) == before


def test_only_the_secretariat_adds_rows_and_moves_points(cast, draft, agency):  # noqa: F811
    page = cast.client(cast.secretariat).get(detail(draft)).content.decode()
    assert 'data-testid="add-under-1.1"' in page and 'data-testid="points-1.1"' in page
    assert 'data-testid="points-1.1.1"' not in page  # a leaf has nothing to reallocate
    for user in (cast.leader, cast.staff_a):
        client = cast.client(user)
        assert 'data-testid="add-area"' not in client.get(detail(draft)).content.decode()
        assert client.get(add_url(draft)).status_code == 403
        assert client.post(add_url(draft, "1.1"), {**NEW, "stt": "1.1.5", "max_points": "0"}).status_code == 403
        assert client.post(points_url(draft, "1.1"), family(draft, "1.1")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.criterion_add(criteria_set=draft, parent=None, stt="3", max_points=D(1), by=cast.leader, **_row())
    with pytest.raises(PermissionDenied):
        services.criterion_points_reallocate(parent=row(draft, "1.1"), maxima={}, by=cast.staff_a)
    other = import_set(cast, agency, rows=ROWS, year=2026)
    client = cast.client(cast.secretariat)
    url = reverse("parindex:criterion_points", args=[draft.pk, row(other, "1.1").pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("parindex:criterion_add_child", args=[draft.pk, row(other, "1.1").pk])).status_code == 404
    assert draft.criteria.count() == 8
