"""Units report their part: each unit writes per reform area beside its figures at the cut-off,
the head submits by the due date, late and missing reports are tracked, the secretariat reads
the units side by side, and the Word draft merges the texts under each area (section II) and
lists late and missing reports (section III)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document

from accounts.models import User
from figures.models import PeriodKind, ReportingPeriod, SubmissionStatus
from reports.closing_docx import write_closing_docx
from reports.models import NarrativeSubmission, UnitNarrative
from reports.narratives import narrative_calendar, narrative_submit, narratives_save
from units.models import Unit

from .closing_data import close_h1, demo_unclosed

pytestmark = pytest.mark.django_db

STP_AREA_II = "Chủ trì 6 nhiệm vụ: hoàn thành 3, đạt 50,00%; quá hạn chưa hoàn thành 0; đang thực hiện trong hạn 3."


@pytest.fixture
def setting():
    demo = demo_unclosed()
    users = {u.username: u for u in User.objects.all()}
    period = ReportingPeriod.objects.get(year=2026, kind=PeriodKind.H1)
    return demo.plan, period, users


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 0))


def test_the_unit_page_prefills_the_units_figures(setting):
    _plan, period, users = setting
    stp = users["canbo"].unit
    page = client_of(users["canbo"]).get(reverse("reports:unit_narrative", args=[period.pk, stp.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-testid="narrative-figures-II">{STP_AREA_II}<' in html
    assert f">\n{STP_AREA_II}</textarea>" in html  # the text starts from the figures
    assert 'data-testid="narrative-figures-I">Đơn vị không chủ trì nhiệm vụ nào của lĩnh vực này.<' in html
    assert "Chưa nộp (quá hạn)" in html  # due 20/06, today later


def test_staff_write_the_head_submits_late(setting):
    _plan, period, users = setting
    stp = users["canbo"].unit
    url = reverse("reports:unit_narrative", args=[period.pk, stp.pk])
    response = client_of(users["canbo"]).post(
        url,
        {
            "I-achieved": "Ban hành 2 văn bản chỉ đạo.",
            "I-difficulties": "Thiếu biên chế.",
            "I-proposals": "Bổ sung 1 biên chế.",
            "II-achieved": "Rà soát 15 văn bản QPPL.",
        },
    )
    assert response.status_code == 302
    saved = {n.area.code: n for n in UnitNarrative.objects.filter(unit=stp, period=period)}
    assert set(saved) == {"I", "II"}
    assert (saved["I"].achieved, saved["I"].difficulties, saved["I"].proposals) == (
        "Ban hành 2 văn bản chỉ đạo.",
        "Thiếu biên chế.",
        "Bổ sung 1 biên chế.",
    )
    assert saved["I"].updated_by == users["canbo"]
    submit = reverse("reports:unit_narrative_submit", args=[period.pk, stp.pk])
    assert client_of(users["canbo"]).post(submit).status_code == 403
    response = client_of(users["truongdonvi"]).post(submit, follow=True)
    submission = NarrativeSubmission.objects.get(unit=stp, period=period)
    assert submission.submitted_by == users["truongdonvi"]
    assert "Nộp sau hạn 20/06/2026." in response.content.decode()
    row = next(r for r in narrative_calendar(period) if r.unit == stp)
    assert row.status == SubmissionStatus.LATE
    assert row.days_late == (timezone.localdate() - datetime.date(2026, 6, 20)).days
    with pytest.raises(ValidationError, match="Đơn vị đã nộp báo cáo kỳ này"):
        narrative_submit(unit=stp, period=period, by=users["truongdonvi"])


def test_nothing_written_cannot_be_submitted_and_other_units_see_nothing(setting):
    _plan, period, users = setting
    stp = users["canbo"].unit
    with pytest.raises(ValidationError, match="ít nhất một lĩnh vực"):
        narrative_submit(unit=stp, period=period, by=users["truongdonvi"])
    with pytest.raises(PermissionDenied):
        narratives_save(unit=stp, period=period, by=users["canbo2"], texts={})
    assert (
        client_of(users["canbo2"]).get(reverse("reports:unit_narrative", args=[period.pk, stp.pk])).status_code == 404
    )
    assert client_of(users["canbo"]).get(reverse("reports:narratives", args=[period.pk])).status_code == 403
    lanhdao = client_of(users["lanhdao"])
    assert lanhdao.get(reverse("reports:unit_narrative", args=[period.pk, stp.pk])).status_code == 200
    assert lanhdao.post(reverse("reports:unit_narrative", args=[period.pk, stp.pk]), {}).status_code == 403


def write_and_submit(unit: Unit, period, by, text: str, day: datetime.date) -> None:
    area_id = UnitNarrative._meta.get_field("area").related_model.objects.get(code="II").pk
    narratives_save(unit=unit, period=period, by=by, texts={area_id: {"achieved": text, "proposals": "Tập huấn thêm."}})
    narrative_submit(unit=unit, period=period, by=by, at=at(day))


def test_side_by_side_and_the_word_draft(setting):
    plan, period, users = setting
    secretariat = users["thuongtruc"]
    stp, stc = users["canbo"].unit, users["canbo2"].unit
    write_and_submit(stp, period, secretariat, "Sở Tư pháp rà soát 15 văn bản.", datetime.date(2026, 6, 18))
    write_and_submit(stc, period, secretariat, "Sở Tài chính rà soát 4 văn bản.", datetime.date(2026, 6, 25))
    page = client_of(users["lanhdao"]).get(reverse("reports:narratives", args=[period.pk])).content.decode()
    area = page[page.index('data-testid="narratives-II"') :]
    area = area[: area.index("</section>")]
    assert area.index("Sở Tư pháp rà soát 15 văn bản.") < area.index("Sở Tài chính rà soát 4 văn bản.")
    calendar = {row.unit.code: row for row in narrative_calendar(period)}
    assert calendar["STP"].status == SubmissionStatus.ON_TIME
    assert (calendar["STC"].status, calendar["STC"].days_late) == (SubmissionStatus.LATE, 5)
    missing = [code for code, row in calendar.items() if row.status == SubmissionStatus.MISSING]
    assert len(missing) == len(calendar) - 2

    closing = close_h1(plan, secretariat)
    doc = Document(io.BytesIO(write_closing_docx(closing)))
    text = [p.text for p in doc.paragraphs]
    results = text.index("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH")
    assessment = text.index("III. ĐÁNH GIÁ CHUNG")
    section_2 = text[results:assessment]
    heading = next(i for i, line in enumerate(section_2) if line.startswith("2. "))
    assert section_2[heading + 2 : heading + 6] == [
        "- Sở Tư pháp: Sở Tư pháp rà soát 15 văn bản.",
        "  Đề xuất, kiến nghị: Tập huấn thêm.",
        "- Sở Tài chính: Sở Tài chính rà soát 4 văn bản.",
        "  Đề xuất, kiến nghị: Tập huấn thêm.",
    ]
    section_3 = text[assessment : text.index("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")]
    assert f"Báo cáo của các đơn vị: 1 đơn vị nộp muộn, {len(missing)} đơn vị chưa nộp." in section_3
    assert "- Nộp muộn: Sở Tài chính (nộp ngày 25/06/2026, muộn 5 ngày)." in section_3
    days = (timezone.localdate() - datetime.date(2026, 6, 20)).days
    assert f"- Chưa nộp: {Unit.objects.get(code=missing[0]).name} (quá hạn {days} ngày)." in section_3
