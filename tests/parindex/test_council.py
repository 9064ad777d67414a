"""Appraisal in one click and the council (issue 19, item 4): the appraiser accepts a row (the
self score becomes the appraised score) or every remaining row of a unit after one
confirmation; the secretariat enters the council's decision (number, date, optional file) which
publishes the results; the results page shows the decision; a published set is final."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from parindex import services
from parindex.models import EventKind, ParEvent, Score, SetStatus
from tests.parindex.test_assessment import open_set, url  # noqa: F401 - the fixture
from tests.parindex.test_criteria_sets import agency  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PUBLISHED = "Kết quả đã công bố theo Quyết định số 414/QĐ-UBND ngày 20/02/2026: không chấm lại được."


def self_scores(cast, criteria_set, values: dict[str, str]) -> dict[str, object]:
    rows = {r.stt: r for r in criteria_set.criteria.all()}
    for stt, value in values.items():
        services.score_self(
            criteria_set=criteria_set,
            unit=cast.unit_a,
            criterion=rows[stt],
            value=D(value),
            explanation="Kế hoạch 12/KH",
            by=cast.staff_a,
        )
    return rows


def appraised(unit) -> dict[str, D | None]:
    return dict(Score.objects.filter(unit=unit).values_list("criterion__stt", "appraised"))


def test_appraiser_accepts_a_row_in_one_click(cast, open_set):  # noqa: F811
    rows = self_scores(cast, open_set, {"2.2": "1"})
    client = cast.client(cast.secretariat)
    page = client.get(f"/par-index/{open_set.pk}/units/{cast.unit_a.pk}/").content.decode()
    assert f'action="{url(open_set, cast.unit_a, rows["2.2"], "accept")}"' in page
    assert f'action="{url(open_set, cast.unit_a, rows["2.1"], "accept")}"' not in page  # not scored yet
    response = client.post(url(open_set, cast.unit_a, rows["2.2"], "accept"), follow=True)
    assert "Đã chấp nhận điểm tự đánh giá tiêu chí 2.2." in response.content.decode()
    assert appraised(cast.unit_a) == {"2.2": D(1)}
    event = ParEvent.objects.get(kind=EventKind.ACCEPTED)
    assert (event.unit, event.criterion, event.detail, event.by) == (cast.unit_a, rows["2.2"], "1", cast.secretariat)
    response = client.post(url(open_set, cast.unit_a, rows["2.1"], "accept"), follow=True)
    assert "Đơn vị chưa tự chấm tiêu chí 2.1." in response.content.decode()
    assert cast.client(cast.leader).post(url(open_set, cast.unit_a, rows["2.2"], "accept")).status_code == 403
    assert cast.client(cast.staff_a).post(url(open_set, cast.unit_a, rows["2.2"], "accept")).status_code == 403


def test_accept_all_remaining_rows_after_one_confirmation(cast, open_set):  # noqa: F811
    rows = self_scores(cast, open_set, {"1.1.1": "1", "2.1": "0.5", "2.2": "1"})
    services.score_appraise(
        criteria_set=open_set,
        unit=cast.unit_a,
        criterion=rows["2.2"],
        value=D("0.5"),
        reason="Chưa liên thông cấp xã",
        by=cast.secretariat,
    )
    client = cast.client(cast.secretariat)
    all_url = f"/par-index/{open_set.pk}/units/{cast.unit_a.pk}/accept-all/"
    response = client.post(all_url, follow=True)
    assert "Đánh dấu xác nhận trước khi chấp nhận tất cả." in response.content.decode()
    assert appraised(cast.unit_a) == {"1.1.1": None, "2.1": None, "2.2": D("0.5")}
    response = client.post(all_url, {"confirm": "on"}, follow=True)
    assert "Đã chấp nhận điểm tự đánh giá của 2 tiêu chí." in response.content.decode()
    # The changed row keeps the appraiser's score and reason.
    assert appraised(cast.unit_a) == {"1.1.1": D(1), "2.1": D("0.5"), "2.2": D("0.5")}
    assert Score.objects.get(unit=cast.unit_a, criterion=rows["2.2"]).appraisal_reason == "Chưa liên thông cấp xã"
    event = ParEvent.objects.get(kind=EventKind.ACCEPTED)
    assert (event.unit, event.criterion, event.detail) == (cast.unit_a, None, "Chấp nhận 2 tiêu chí còn lại")
    response = client.post(all_url, {"confirm": "on"}, follow=True)
    assert "Không còn tiêu chí nào chờ thẩm định." in response.content.decode()
    assert ParEvent.objects.filter(kind=EventKind.ACCEPTED).count() == 1
    assert cast.client(cast.leader).post(all_url, {"confirm": "on"}).status_code == 403


def test_council_decision_publishes_and_the_set_is_final(cast, open_set):  # noqa: F811
    rows = self_scores(cast, open_set, {"2.2": "1"})
    client = cast.client(cast.secretariat)
    page = f"/par-index/{open_set.pk}/council/"
    assert f'href="{page}"' in client.get(f"/par-index/{open_set.pk}/").content.decode()
    assert cast.client(cast.leader).get(page).status_code == 403
    # A date that does not exist, a file that is not what it says: nothing published.
    response = client.post(page, {"decision": "Quyết định số 414/QĐ-UBND", "date": "31/02/2026"})
    assert response.status_code == 200 and response.context["form"].errors["date"]
    fake = SimpleUploadedFile("qd.pdf", b"MZ not a pdf")
    response = client.post(page, {"decision": "Quyết định số 414/QĐ-UBND", "date": "20/02/2026", "file": fake})
    assert response.context["form"].errors["file"] == ["Nội dung tệp “qd.pdf” không phải là tệp .pdf hợp lệ."]
    open_set.refresh_from_db()
    assert open_set.status == SetStatus.ASSESSING and not ParEvent.objects.filter(kind=EventKind.PUBLISHED).exists()
    response = client.post(
        page,
        {
            "decision": " Quyết định số 414/QĐ-UBND ",
            "date": "20/02/2026",
            "file": SimpleUploadedFile("QĐ 414 công bố.pdf", PDF),
        },
    )
    assert response.status_code == 302 and response.url == f"/par-index/{open_set.pk}/results/"
    open_set.refresh_from_db()
    assert (open_set.status, open_set.council_decision, open_set.council_date, open_set.council_file_name) == (
        SetStatus.PUBLISHED,
        "Quyết định số 414/QĐ-UBND",
        datetime.date(2026, 2, 20),
        "QĐ 414 công bố.pdf",
    )
    assert ParEvent.objects.get(kind=EventKind.PUBLISHED).detail == "Quyết định số 414/QĐ-UBND"
    # Every unit now reads the results, with the decision and its file.
    results = cast.client(cast.staff_b).get(f"/par-index/{open_set.pk}/results/").content.decode()
    assert "Công bố theo Quyết định số 414/QĐ-UBND ngày 20/02/2026" in results
    assert f'<a href="/par-index/{open_set.pk}/council/file/">QĐ 414 công bố.pdf</a>' in results
    got = cast.client(cast.staff_b).get(f"/par-index/{open_set.pk}/council/file/")
    assert b"".join(got.streaming_content) == PDF
    # Published is final: no re-scoring, no second publication.
    assert PUBLISHED.replace(": không", "; không") in client.get(page).content.decode()
    response = client.post(url(open_set, cast.unit_a, rows["2.2"], "appraise"), {"value": "0,5", "reason": "x"})
    assert response.status_code == 302
    assert PUBLISHED in client.get(response.url).content.decode()
    response = client.post(url(open_set, cast.unit_a, rows["2.2"], "accept"), follow=True)
    assert PUBLISHED in response.content.decode()
    assert appraised(cast.unit_a) == {"2.2": None}
    with pytest.raises(ValidationError) as error:
        services.scores_load(
            criteria_set=open_set, unit=cast.unit_a, scores={rows["2.2"].pk: {"appraised": D(1)}}, by=cast.secretariat
        )
    assert error.value.messages == [PUBLISHED]
    with pytest.raises(ValidationError) as error:
        services.criteria_set_publish(
            criteria_set=open_set, decision="Quyết định số 415", date=datetime.date(2026, 3, 1), by=cast.secretariat
        )
    assert error.value.messages == ["Kết quả đã công bố."]


def test_a_draft_set_cannot_be_published(cast, agency):  # noqa: F811
    from tests.parindex.test_criteria_sets import import_set

    draft = import_set(cast, agency)
    response = cast.client(cast.secretariat).post(
        f"/par-index/{draft.pk}/council/", {"decision": "Quyết định số 1", "date": "20/02/2026"}
    )
    assert response.context["problems"] == ["Bộ tiêu chí chưa mở đánh giá."]
    draft.refresh_from_db()
    assert (
        draft.status == SetStatus.DRAFT
        and cast.client(cast.leader).get(f"/par-index/{draft.pk}/council/file/").status_code == 404
    )
