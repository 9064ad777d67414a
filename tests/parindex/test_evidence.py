"""Evidence per row from one document store (issue 19, item 2): a unit uploads a file (checked
as every evidence upload is, cchc/uploads.py) or picks a file it already has — evidence of its
tasks — without re-uploading it; the file downloads only for those who may read the sheet; the
list is locked once the unit has submitted; every addition is history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from inspections import services as inspection_services
from parindex import services
from parindex.models import EventKind, ParEvent, ParEvidence
from tasks.models import TaskStatus
from tasks.services import EvidenceInput, task_report_progress
from tasks.workflow_models import Evidence
from tests.factories import area, make_task
from tests.parindex.test_assessment import open_set, url  # noqa: F401 - the fixture
from tests.parindex.test_criteria_sets import agency  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def sheet(criteria_set, unit) -> str:
    return f"/par-index/{criteria_set.pk}/units/{unit.pk}/"


def task_evidence(cast, unit, user, name: str, content: str) -> Evidence:
    """A task the unit leads, reported done with one file (through the task services)."""
    task = make_task(lead_unit=unit, content=content, deadline=datetime.date(2025, 12, 31))
    task_report_progress(
        task=task,
        by=user,
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Xong",
        completed_on=datetime.date(2025, 10, 1),
        evidence=EvidenceInput(files=[pdf(name)]),
    )
    return Evidence.objects.get(task=task)


def test_unit_uploads_a_file_which_only_its_readers_download(cast, open_set):  # noqa: F811
    row = open_set.criteria.get(stt="2.1")
    client = cast.client(cast.staff_a)
    response = client.post(url(open_set, cast.unit_a, row, "evidence"), {"file": pdf("Quyết định công khai.pdf")})
    assert response.status_code == 302 and response.url.endswith(f"#row-{row.pk}")
    document = ParEvidence.objects.get()
    assert (document.unit, document.criterion, document.original_name) == (
        cast.unit_a,
        row,
        "Quyết định công khai.pdf",
    )
    assert document.file.name.startswith("par-evidence/") and document.task_evidence is None
    event = ParEvent.objects.get(kind=EventKind.EVIDENCE)
    assert (event.unit, event.criterion, event.detail, event.by) == (
        cast.unit_a,
        row,
        "Quyết định công khai.pdf",
        cast.staff_a,
    )
    download = f"{sheet(open_set, cast.unit_a)}evidence/{document.pk}/"
    assert f'href="{download}"' in client.get(sheet(open_set, cast.unit_a)).content.decode()
    for user in (cast.staff_a, cast.head_a, cast.secretariat, cast.leader):
        got = cast.client(user).get(download)
        assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
        assert got["Content-Disposition"].startswith("attachment")
    # Another unit does not see it until the results are published; nor does someone without a role.
    assert cast.client(cast.staff_b).get(download).status_code == 404
    assert cast.client(cast.outsider).get(download).status_code == 404
    # Nor through its own sheet's address.
    assert cast.client(cast.staff_b).get(f"{sheet(open_set, cast.unit_b)}evidence/{document.pk}/").status_code == 404


def test_a_bad_file_is_refused_with_the_evidence_upload_message(cast, open_set):  # noqa: F811
    row = open_set.criteria.get(stt="2.1")
    client = cast.client(cast.staff_a)
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = client.post(url(open_set, cast.unit_a, row, "evidence"), {"file": fake}, follow=True).content.decode()
    assert "Nội dung tệp “bao-cao.pdf” không phải là tệp .pdf hợp lệ." in page
    page = client.post(url(open_set, cast.unit_a, row, "evidence"), {}, follow=True).content.decode()
    assert "Chọn một tệp để tải lên hoặc một tài liệu đơn vị đã có." in page
    assert not ParEvidence.objects.exists() and not ParEvent.objects.filter(kind=EventKind.EVIDENCE).exists()
    # A leader reads the sheet but documents nothing.
    assert cast.client(cast.leader).post(url(open_set, cast.unit_a, row, "evidence"), {}).status_code == 403


def test_unit_picks_a_file_of_its_tasks_without_re_uploading(cast, open_set):  # noqa: F811
    own = task_evidence(cast, cast.unit_a, cast.staff_a, "Báo cáo công khai TTHC.pdf", "Công khai thủ tục")
    other = task_evidence(cast, cast.unit_b, cast.staff_b, "Của sở khác.pdf", "Nhiệm vụ sở khác")
    row = open_set.criteria.get(stt="2.1")
    client = cast.client(cast.staff_a)
    page = client.get(sheet(open_set, cast.unit_a)).content.decode()
    day = timezone.localdate(own.created_at)
    assert f"Báo cáo công khai TTHC.pdf — {day:%d/%m/%Y} — Nhiệm vụ {own.task.number}: Công khai thủ tục" in page
    assert "Của sở khác.pdf" not in page
    files_before = Evidence.objects.count()
    response = client.post(url(open_set, cast.unit_a, row, "evidence"), {"document": f"t{own.pk}"})
    assert response.status_code == 302
    document = ParEvidence.objects.get()
    assert (document.task_evidence, document.file.name, document.name) == (own, "", "Báo cáo công khai TTHC.pdf")
    assert Evidence.objects.count() == files_before  # a reference, not a copy
    got = cast.client(cast.secretariat).get(f"{sheet(open_set, cast.unit_a)}evidence/{document.pk}/")
    assert b"".join(got.streaming_content) == PDF
    # The same file twice on one row, another unit's file: refused, nothing added.
    page = client.post(url(open_set, cast.unit_a, row, "evidence"), {"document": f"t{own.pk}"}, follow=True)
    assert "Tài liệu này đã được gắn với tiêu chí." in page.content.decode()
    client.post(url(open_set, cast.unit_a, row, "evidence"), {"document": f"t{other.pk}"})
    assert ParEvidence.objects.count() == 1
    with pytest.raises(ValidationError) as error:
        services.evidence_add(
            criteria_set=open_set, unit=cast.unit_a, criterion=row, task_evidence=other, by=cast.staff_a
        )
    assert error.value.messages == ["Tài liệu không thuộc đơn vị."]


def test_evidence_is_locked_once_submitted_and_read_by_all_once_published(cast, open_set):  # noqa: F811
    row = open_set.criteria.get(stt="2.2")
    document = services.evidence_add(
        criteria_set=open_set, unit=cast.unit_a, criterion=row, upload=pdf("Một cửa.pdf"), by=cast.staff_a
    )
    services.assessment_submit(
        criteria_set=open_set,
        unit=cast.unit_a,
        by=cast.head_a,
        at=datetime.datetime(2025, 12, 1, 8, 0, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError) as error:
        services.evidence_add(
            criteria_set=open_set, unit=cast.unit_a, criterion=row, upload=pdf("Muộn.pdf"), by=cast.staff_a
        )
    assert error.value.messages == ["Đơn vị đã nộp tự đánh giá: tài liệu kiểm chứng đã khóa."]
    page = cast.client(cast.staff_a).get(sheet(open_set, cast.unit_a)).content.decode()
    assert "Một cửa.pdf" in page and "Gắn tài liệu" not in page
    download = f"{sheet(open_set, cast.unit_a)}evidence/{document.pk}/"
    assert cast.client(cast.staff_b).get(download).status_code == 404
    services.criteria_set_publish(
        criteria_set=open_set,
        decision="Quyết định số 414/QĐ-UBND",
        date=datetime.date(2026, 2, 20),
        by=cast.secretariat,
    )
    assert cast.client(cast.staff_b).get(download).status_code == 200
    assert ParEvidence.objects.count() == 1


def test_unit_picks_the_file_of_its_inspection_response(cast, open_set):  # noqa: F811
    by = cast.secretariat
    plan = inspection_services.inspection_plan_create(
        agency=by.unit, year=2025, number="38/KH-UBND", title="Kiểm tra CCHC 2025", subject_units=[cast.unit_a], by=by
    )
    team = inspection_services.team_create(plan=plan, name="Đoàn số 1", leader=cast.leader, members=[by], by=by)
    start = datetime.date(2025, 3, 10)
    inspection = inspection_services.inspection_schedule(
        plan=plan, team=team, unit=cast.unit_a, scheduled_start=start, scheduled_end=start, areas=[area("I")], by=by
    )
    inspection = inspection_services.inspection_record_result(
        inspection=inspection,
        actual_start=start,
        actual_end=start,
        areas=[area("I")],
        strengths="",
        shortcomings=[(area("I"), "Chưa công khai đủ TTHC")],
        by=by,
    )
    recommendation = inspection_services.recommendation_add(
        inspection=inspection,
        area=area("I"),
        content="Công khai đầy đủ TTHC",
        deadline=datetime.date(2025, 12, 31),
        by=by,
    )
    response = inspection_services.recommendation_respond(
        recommendation=recommendation, by=cast.staff_a, note="Đã công khai", evidence=pdf("Báo cáo khắc phục.pdf")
    )
    row = open_set.criteria.get(stt="2.1")
    client = cast.client(cast.head_a)
    page = client.get(sheet(open_set, cast.unit_a)).content.decode()
    day = timezone.localdate(response.created_at)
    assert f"Báo cáo khắc phục.pdf — {day:%d/%m/%Y} — Kiến nghị sau kiểm tra: Công khai đầy đủ TTHC" in page
    client.post(url(open_set, cast.unit_a, row, "evidence"), {"document": f"i{response.pk}"})
    document = ParEvidence.objects.get()
    assert (document.inspection_response, document.file.name, document.name) == (
        response,
        "",
        "Báo cáo khắc phục.pdf",
    )
    got = cast.client(cast.leader).get(f"{sheet(open_set, cast.unit_a)}evidence/{document.pk}/")
    assert b"".join(got.streaming_content) == PDF
