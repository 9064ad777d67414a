"""The unit reports on a recommendation (note + evidence); the secretariat closes it or keeps it open."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections import services
from inspections.models import (
    InspectionEvent,
    InspectionEventKind,
    RecommendationResponse,
    RecommendationStatus,
)

from .conftest import PDF, TODAY, pdf

pytestmark = pytest.mark.django_db


def _respond_url(rec):
    return reverse("inspections:respond", args=[rec.pk])


def _field_errors(response, form="response_form"):
    return response.context[form].errors


def test_a_response_needs_a_note_and_evidence_with_clear_field_errors(cast, scenario):
    response = cast.client(cast.staff_a).post(_respond_url(scenario.rec_a), {"note": "", "document_reference": ""})
    assert response.status_code == 200
    errors = _field_errors(response)
    assert errors["note"] == ["Ghi kết quả khắc phục kiến nghị."]
    assert errors["evidence"] == ["Đính kèm tài liệu kiểm chứng hoặc ghi số, ngày văn bản kiểm chứng."]
    html = response.content.decode()
    assert "Ghi kết quả khắc phục kiến nghị." in html
    assert not RecommendationResponse.objects.exists()
    scenario.rec_a.refresh_from_db()
    assert scenario.rec_a.status == RecommendationStatus.OPEN


def test_a_note_without_evidence_is_refused_on_the_evidence_field(cast, scenario):
    response = cast.client(cast.staff_a).post(_respond_url(scenario.rec_a), {"note": "Đã khắc phục xong."})
    assert list(_field_errors(response)) == ["evidence"]
    assert not RecommendationResponse.objects.exists()


def test_a_renamed_executable_is_refused_as_evidence(cast, scenario):
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100)
    response = cast.client(cast.staff_a).post(_respond_url(scenario.rec_a), {"note": "Đã khắc phục.", "evidence": fake})
    assert "không phải là tệp .pdf hợp lệ" in " ".join(_field_errors(response)["evidence"])
    assert not RecommendationResponse.objects.exists()


def test_the_service_enforces_the_same_rule(cast, scenario):
    with pytest.raises(ValidationError) as excinfo:
        services.recommendation_respond(recommendation=scenario.rec_a, by=cast.staff_a, note="  ")
    assert set(excinfo.value.message_dict) == {"note", "evidence", "document_reference"}


def test_unit_answers_with_a_file_then_the_secretariat_closes_it(cast, scenario):
    rec = scenario.rec_a
    unit = cast.client(cast.staff_a)
    response = unit.post(_respond_url(rec), {"note": "Đã công khai 12 TTHC.", "evidence": pdf("bc-khac-phuc.pdf")})
    assert response.status_code == 302 and response.url == rec.get_absolute_url()
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.ANSWERED
    answer = RecommendationResponse.objects.get(recommendation=rec)
    assert (answer.author, answer.note, answer.evidence_name) == (
        cast.staff_a,
        "Đã công khai 12 TTHC.",
        "bc-khac-phuc.pdf",
    )
    assert not answer.evidence.name.endswith("bc-khac-phuc.pdf")  # stored under a random name

    download = unit.get(reverse("inspections:evidence", args=[answer.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="bc-khac-phuc.pdf"' in download["Content-Disposition"]

    secretariat = cast.client(cast.secretariat)
    queue = secretariat.get(reverse("inspections:follow_up")).content.decode()
    assert "Công khai đầy đủ TTHC trên Cổng dịch vụ công" in queue
    assert "Bổ sung số liệu kiểm chứng" not in queue  # rec_b is not answered

    response = secretariat.post(
        reverse("inspections:close", args=[rec.pk]), {"note": "Đã kiểm tra.", "next": "follow_up"}
    )
    assert response.url == reverse("inspections:follow_up")
    rec.refresh_from_db()
    assert (rec.status, rec.closed_on) == (RecommendationStatus.CLOSED, TODAY)
    assert "Công khai đầy đủ TTHC" not in secretariat.get(reverse("inspections:follow_up")).content.decode()

    kinds = list(rec.events.values_list("kind", "actor__username"))
    assert kinds == [
        (InspectionEventKind.RECOMMENDATION_ADDED, "tt"),
        (InspectionEventKind.RESPONDED, "cb_a"),
        (InspectionEventKind.CLOSED, "tt"),
    ]
    assert rec.events.get(kind=InspectionEventKind.CLOSED).note == "Đã kiểm tra."

    # Closed: the unit cannot report any more.
    again = unit.post(_respond_url(rec), {"note": "Bổ sung", "document_reference": "Số 2/BC"})
    assert again.status_code == 302
    assert RecommendationResponse.objects.filter(recommendation=rec).count() == 1
    assert "Báo cáo kết quả khắc phục" not in unit.get(rec.get_absolute_url()).content.decode()


def test_keep_open_needs_a_reason_and_reopens_the_recommendation(cast, scenario):
    rec = scenario.rec_a
    services.recommendation_respond(
        recommendation=rec, by=cast.head_a, note="Đã khắc phục.", document_reference="Báo cáo 3/BC-SA"
    )
    secretariat = cast.client(cast.secretariat)
    url = reverse("inspections:keep_open", args=[rec.pk])

    refused = secretariat.post(url, {"note": ""})
    assert refused.status_code == 200
    assert refused.context["keep_open_form"].errors["note"] == ["Ghi lý do tiếp tục theo dõi kiến nghị."]
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.ANSWERED

    assert secretariat.post(url, {"note": "Chưa công khai TTHC lĩnh vực hộ tịch."}).status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.closed_on) == (RecommendationStatus.OPEN, None)
    event = rec.events.get(kind=InspectionEventKind.KEPT_OPEN)
    assert (event.actor, event.note) == (cast.secretariat, "Chưa công khai TTHC lĩnh vực hộ tịch.")
    # The unit reads why on the recommendation page.
    assert (
        "Chưa công khai TTHC lĩnh vực hộ tịch."
        in cast.client(cast.staff_a).get(rec.get_absolute_url()).content.decode()
    )


def test_keep_open_only_applies_to_answered_recommendations(cast, scenario):
    with pytest.raises(ValidationError):
        services.recommendation_keep_open(recommendation=scenario.rec_a, by=cast.secretariat, note="Chưa đạt")
    response = cast.client(cast.secretariat).post(
        reverse("inspections:keep_open", args=[scenario.rec_a.pk]), {"note": "Chưa đạt"}, follow=True
    )
    assert "Chỉ xem xét được kiến nghị mà đơn vị đã báo cáo." in response.content.decode()


def test_closing_twice_is_refused(cast, scenario):
    services.recommendation_close(recommendation=scenario.rec_a, by=cast.secretariat)
    with pytest.raises(ValidationError):
        services.recommendation_close(recommendation=scenario.rec_a, by=cast.secretariat)


def test_only_the_responsible_units_people_may_respond_even_through_the_service(cast, scenario):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.recommendation_respond(
            recommendation=scenario.rec_a, by=cast.staff_b, note="x", document_reference="y"
        )
    with pytest.raises(PermissionDenied):
        services.recommendation_respond(
            recommendation=scenario.rec_a, by=cast.secretariat, note="x", document_reference="y"
        )


def test_overdue_means_not_closed_and_past_deadline(cast, scenario):
    from inspections.models import Recommendation

    assert list(Recommendation.objects.overdue(TODAY)) == [scenario.rec_b_overdue]
    # An answer waiting for the secretariat is still overdue; a closed one is not.
    services.recommendation_respond(
        recommendation=scenario.rec_b_overdue, by=cast.staff_b, note="Đã bổ sung.", document_reference="Số 9/BC"
    )
    assert list(Recommendation.objects.overdue(TODAY)) == [scenario.rec_b_overdue]
    assert list(Recommendation.objects.overdue(datetime.date(2026, 9, 30))) == []
    services.recommendation_close(recommendation=scenario.rec_b_overdue, by=cast.secretariat)
    assert not Recommendation.objects.overdue(TODAY).exists()


def test_history_is_immutable(scenario):
    event = InspectionEvent.objects.filter(recommendation=scenario.rec_a).first()
    event.note = "sửa"
    with pytest.raises(ValueError, match="immutable"):
        event.save()
    with pytest.raises(ValueError, match="immutable"):
        event.delete()
