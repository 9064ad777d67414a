"""The evidence in the secretariat's queue (issue 21): each file with its type and size, the
issued document's number, date and title, and a preview of PDFs and images served by a
same-origin view (inline, with the download's permissions) without leaving the queue."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cchc.formatting import file_size
from tasks.models import TaskStatus
from tasks.services import EvidenceInput, task_report_progress
from tasks.workflow_models import Evidence

from .conftest import PDF

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2040


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.fixture
def reported(cast, task):
    task_report_progress(
        task=task,
        by=cast.staff_a,
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Đã ban hành",
        completed_on=datetime.date(2026, 11, 20),
        evidence=EvidenceInput(
            files=[
                SimpleUploadedFile("quyet-dinh.pdf", PDF),
                SimpleUploadedFile("anh-hoi-nghi.png", PNG),
                SimpleUploadedFile("bao-cao.docx", docx()),
            ],
            document_number="12/QĐ-STP",
            document_date=datetime.date(2026, 11, 18),
            document_title="Quyết định ban hành quy chế",
        ),
    )
    return {e.original_name: e for e in Evidence.objects.filter(task=task)}


@pytest.mark.django_db
def test_the_queue_shows_each_file_the_document_and_a_preview(cast, reported):
    html = cast.client(cast.secretariat).get(reverse("tasks:queue")).content.decode()
    evidence = html[html.index('data-testid="evidence"') : html.index("</ul>", html.index('data-testid="evidence"'))]
    pdf, png, word = reported["quyet-dinh.pdf"], reported["anh-hoi-nghi.png"], reported["bao-cao.docx"]
    assert f'quyet-dinh.pdf</a>\n      <span class="text-muted">(PDF, {len(PDF)} B)</span>' in evidence
    assert '<span class="text-muted">(PNG, 2 KB)</span>' in evidence
    assert 'bao-cao.docx</a>\n      <span class="text-muted">(Word,' in evidence
    assert "Văn bản: <strong>12/QĐ-STP</strong> ngày 18/11/2026 — Quyết định ban hành quy chế" in evidence
    preview = reverse("tasks:evidence_preview", args=[pdf.pk])
    assert f'<iframe src="{preview}" title="Tài liệu kiểm chứng: quyet-dinh.pdf"' in evidence
    assert (
        f'<img src="{reverse("tasks:evidence_preview", args=[png.pk])}" alt="Ảnh kiểm chứng: anh-hoi-nghi.png"'
        in evidence
    )
    assert reverse("tasks:evidence_preview", args=[word.pk]) not in evidence  # a Word file is downloaded only
    assert evidence.count("<summary>Xem trước</summary>") == 2


@pytest.mark.django_db
def test_the_preview_is_inline_same_origin_and_typed_by_the_checked_extension(cast, reported):
    client = cast.client(cast.secretariat)
    response = client.get(reverse("tasks:evidence_preview", args=[reported["quyet-dinh.pdf"].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="quyet-dinh.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    image = client.get(reverse("tasks:evidence_preview", args=[reported["anh-hoi-nghi.png"].pk]))
    assert image["Content-Type"] == "image/png"
    # Other kinds are never shown inline; the download stays an attachment.
    assert client.get(reverse("tasks:evidence_preview", args=[reported["bao-cao.docx"].pk])).status_code == 404
    download = client.get(reverse("tasks:evidence", args=[reported["quyet-dinh.pdf"].pk]))
    assert download["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_the_preview_has_the_downloads_permissions(cast, reported):
    url = reverse("tasks:evidence_preview", args=[reported["quyet-dinh.pdf"].pk])
    assert cast.client(cast.staff_a).get(url).status_code == 200  # the reporting unit
    assert cast.client(cast.leader).get(url).status_code == 200
    assert cast.client(cast.outsider).get(url).status_code == 404
    assert cast.client(None).get(url).status_code == 302


@pytest.mark.parametrize(
    ("size", "vi", "en"),
    [(0, "0 B", "0 B"), (850, "850 B", "850 B"), (2048, "2 KB", "2 KB"), (1536, "2 KB", "2 KB"),
     (1_258_291, "1,2 MB", "1.2 MB"), (10 * 1024 * 1024, "10,0 MB", "10.0 MB")],
)  # fmt: skip
def test_file_sizes_as_people_read_them(size, vi, en):
    with translation.override("vi"):
        assert file_size(size) == vi
    with translation.override("en"):
        assert file_size(size) == en
