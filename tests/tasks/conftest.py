import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.models import TaskStatus
from tests.factories import make_plan, make_task

TODAY = datetime.date(2026, 11, 23)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "quyet-dinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def plan(cast):
    return make_plan(number="125/KH-UBND", year=2026, issued_on=datetime.date(2026, 1, 12))


@pytest.fixture
def task(cast, plan):
    """Led by unit A, coordinated by unit B, due 30/12/2026, in progress at 40%."""
    return make_task(
        plan=plan,
        lead_unit=cast.unit_a,
        coordinating=[cast.unit_b],
        content="Rà soát, đơn giản hóa thủ tục hành chính nội bộ",
        deadline=datetime.date(2026, 12, 30),
        deadline_text="Quý IV",
        status=TaskStatus.IN_PROGRESS,
        progress=40,
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
