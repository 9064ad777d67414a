"""Requests the server cannot take get a page in Vietnamese that says what to do, never Django's
bare English one: a malformed or oversized request (400) and a form whose CSRF check failed (403).
A file name of 1,000 characters is no reason to refuse an upload: it is shortened, keeping its
extension (cchc/uploads.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cchc.uploads import MAX_NAME_LENGTH, shorten_file_name
from tasks.workflow_models import Evidence
from tests.factories import make_task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BOUNDARY = "----cchc-test-boundary"


def _multipart(fields: dict[str, str], file_field: str, file_name: str, content: bytes) -> bytes:
    """By hand: Django's test client would shorten the file name itself before sending it."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bien-ban.pdf", "bien-ban.pdf"),
        ("C:\\Users\\cb\\bien-ban.pdf", "bien-ban.pdf"),
        ("ả" * 1000 + ".pdf", "ả" * (MAX_NAME_LENGTH - 4) + ".pdf"),
        ("x" * 300, "x" * MAX_NAME_LENGTH),
        ("x." + "y" * 300, ("x." + "y" * 300)[:MAX_NAME_LENGTH]),  # no extension that long
    ],
)
def test_long_file_names_are_shortened_keeping_the_extension(name, expected):
    assert shorten_file_name(name) == expected
    assert len(shorten_file_name(name)) <= MAX_NAME_LENGTH


def test_an_evidence_file_with_a_1000_character_vietnamese_name_is_accepted(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    task = make_task(lead_unit=cast.unit_a)
    client = cast.client(cast.staff_a)
    name = "Biên bản kiểm tra cải cách hành chính " * 27  # 1,026 characters, ~1,400 bytes
    body = _multipart(
        {"version": "1", "status": "in_progress", "progress": "40", "note": "Đã họp"}, "files", name + ".pdf", PDF
    )
    response = client.post(
        reverse("tasks:update", args=[task.pk]), body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(task=task)
    assert evidence.original_name == (name[: MAX_NAME_LENGTH - 4] + ".pdf")
    with evidence.file.open("rb") as stored:
        assert stored.read() == PDF


def test_an_unreadable_request_gets_the_vietnamese_400_page(cast):
    client = cast.client(cast.staff_a)
    task = make_task(lead_unit=cast.unit_a)
    response = client.post(reverse("tasks:update", args=[task.pk]), {f"f{n}": "1" for n in range(1200)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Yêu cầu không hợp lệ" in page and "Chưa có gì được lưu" in page
    assert "Bad Request (400)" not in page


@pytest.mark.django_db
def test_a_failed_csrf_check_gets_the_vietnamese_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "phiên làm việc đã hết hạn hoặc trang đã cũ" in page and "Chưa có gì được lưu" in page
    assert "CSRF verification failed" not in page
