"""The monthly steering-committee pack (reports/steering.py): its figures at the month's end,
the changes since last month (against last month's pack, or recomputed when there is none),
the same numbers on the page, in the workbook and in the PDF, the refusals, the pages' access
and the sending day's setting."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.closing import ClosingScope
from reports.completion import completion_of
from reports.models import SteeringPack, SteeringPackSchedule
from reports.steering import PackReport, pack_make, pack_schedule
from reports.steering_files import render_pack
from tasks.models import Task

pytestmark = pytest.mark.django_db

JUNE, JULY = datetime.date(2023, 6, 1), datetime.date(2023, 7, 1)
AUGUST_5 = datetime.date(2023, 8, 5)
YEAR = ClosingScope(year=2023)


def on(day: datetime.date):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


def make(month, by=None):
    with on(AUGUST_5):
        return pack_make(scope=YEAR, month=month, by=by)


@pytest.fixture
def packs(board, cast):
    """June's pack, then July's: between them "july" was completed (10/07) and "due_soon"
    passed its deadline (03/07); "added_later" joined the plan (15/07)."""
    return make(JUNE, cast.secretariat), make(JULY, cast.secretariat)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_pack_holds_the_figures_at_the_months_end(board, packs):
    june, july = packs
    assert (june.identifier, june.cutoff) == ("CCHC-BCD-2023-06", datetime.date(2023, 6, 30))
    assert (july.identifier, july.month, july.cutoff) == ("CCHC-BCD-2023-07", JULY, datetime.date(2023, 7, 31))
    report = PackReport(july)
    tasks = Task.objects.filter(plan=board.plan)
    assert report.completion == completion_of(tasks, as_of=datetime.date(2023, 7, 31))
    c = report.completion
    assert (c.total, c.on_time, c.late, c.within, c.overdue, c.removed) == (12, 2, 2, 4, 4, 1)
    assert report.headline == "Hoàn thành 4/12 nhiệm vụ, đạt 33,33%"
    assert PackReport(june).headline == "Hoàn thành 3/11 nhiệm vụ, đạt 27,27%"
    assert report.title == "Gói báo cáo Ban chỉ đạo tháng 07/2023"
    units = {line.name: (line.rank, line.completion.completed, line.completion.total) for line in report.snap.units}
    assert units == {"Sở Tư pháp thử": (1, 2, 4), "Sở Tài chính thử": (2, 2, 7), "Sở Xây dựng thử": (3, 0, 1)}
    assert {a.key: (a.completion.completed, a.completion.total) for a in report.areas()} == {
        "I": (3, 3),
        "II": (1, 3),
        "III": (0, 3),
        "VII": (0, 3),
    }
    overdue = [(r.number, r.lead_unit, r.deadline, r.days) for r in report.top_overdue()]
    assert overdue == [
        ("VII.pending", "Sở Tài chính thử", datetime.date(2023, 5, 31), 61),
        ("III.overdue", "Sở Tư pháp thử", datetime.date(2023, 5, 31), 61),
        ("VII.overdue_idle", "Sở Tài chính thử", datetime.date(2023, 6, 15), 46),
        ("III.due_soon", "Sở Tài chính thử", datetime.date(2023, 7, 3), 28),
    ]
    assert july.made_by.username == "tt"


def test_changes_since_last_months_pack(packs):
    july = PackReport(packs[1])
    assert july.baseline_note == "So với gói tháng trước CCHC-BCD-2023-06 (số liệu đến ngày 30/06/2023)."
    assert july.headline_change == "3/11 → 4/12, +1 nhiệm vụ hoàn thành, +6,06 điểm %"
    assert july.rate_change == Decimal("6.06")
    assert [(t.number, t.before, t.after, t.day) for t in july.completed_in_month()] == [
        ("I.july", "Chưa hoàn thành, trong hạn", "Hoàn thành đúng hạn", datetime.date(2023, 7, 10))
    ]
    assert [(t.number, t.before, t.after) for t in july.newly_overdue()] == [
        ("III.due_soon", "Chưa hoàn thành, trong hạn", "Quá hạn chưa hoàn thành")
    ]
    areas = {
        line.key: (b.completed, b.total, line.completion.completed, line.completion.total)
        for line, b in july.area_changes()
    }
    assert areas == {"I": (2, 3, 3, 3), "II": (1, 3, 1, 3), "III": (0, 3, 0, 3), "VII": (0, 2, 0, 3)}


def test_without_last_months_pack_the_changes_are_against_the_figures_recomputed(board, cast):
    july = PackReport(make(JULY, cast.secretariat))
    assert july.pack.baseline["source"] == "computed"
    assert july.baseline_note == (
        "Chưa có gói tháng trước: so với số liệu tính lại đến ngày 30/06/2023 (tại thời điểm tạo gói này)."
    )
    assert july.headline_change == "3/11 → 4/12, +1 nhiệm vụ hoàn thành, +6,06 điểm %"
    assert [t.number for t in july.completed_in_month()] == ["I.july"]


def test_a_running_month_is_refused_and_a_pack_is_made_once(board, cast):
    with on(datetime.date(2023, 7, 31)), pytest.raises(ValidationError) as error:
        pack_make(scope=YEAR, month=JULY, by=cast.secretariat)
    assert error.value.messages == ["Chỉ tạo gói báo cáo khi tháng đã kết thúc (sau ngày 31/07/2023)."]
    make(JUNE, cast.secretariat)
    with pytest.raises(ValidationError) as error:
        make(JUNE, cast.secretariat)
    assert error.value.messages == ["Gói báo cáo CCHC-BCD-2023-06 đã được tạo; gói đã tạo không được làm lại."]
    assert SteeringPack.objects.count() == 1


def test_a_pack_is_never_updated(packs):
    june = SteeringPack.objects.get(identifier="CCHC-BCD-2023-06")
    june.snapshot["headline"]["on_time"] = 99
    with pytest.raises(ValueError, match="immutable"):
        june.save()
    with pytest.raises(ValueError, match="immutable"):
        june.delete()


def _download(client, name, pack) -> bytes:
    response = client.get(reverse(name, args=[pack.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_same_numbers_on_the_page_in_excel_and_in_the_pdf(board, packs, cast):
    july = packs[1]
    client = client_for(cast.leader)
    page = client.get(reverse("reports:steering_detail", args=[july.pk])).content.decode()
    assert "Hoàn thành 4/12 nhiệm vụ, đạt 33,33%" in page
    assert "3/11 → 4/12, +1 nhiệm vụ hoàn thành, +6,06 điểm %" in page
    assert '<td>2. Sở Tài chính thử</td><td class="text-end">7</td><td class="text-end">1</td>' in page
    assert '<td class="text-end">28,57%</td>' in page

    wb = load_workbook(io.BytesIO(_download(client, "reports:steering_xlsx", july)))
    assert wb.sheetnames == ["Tổng hợp", "Theo lĩnh vực", "Theo đơn vị", "Quá hạn", "Thay đổi"]
    summary = {row[0]: row[1] for row in wb["Tổng hợp"].iter_rows(min_row=6, values_only=True) if row[0]}
    assert summary["Tổng số nhiệm vụ"] == 12
    assert summary["Đã hoàn thành"] == 4
    assert summary["Quá hạn chưa hoàn thành"] == 4
    assert summary["Tỷ lệ hoàn thành"] == pytest.approx(0.3333)
    units = [row for row in wb["Theo đơn vị"].iter_rows(min_row=5, values_only=True) if row[0]]
    assert units[0][:2] == ("Đơn vị", "Tổng số nhiệm vụ")
    assert units[2] == ("2. Sở Tài chính thử", 7, 1, 1, 2, 3, pytest.approx(0.2857))
    overdue = [row for row in wb["Quá hạn"].iter_rows(min_row=6, values_only=True) if row[0]]
    assert [(r[0], r[2], r[3].date(), r[4]) for r in overdue[1:]] == [
        ("VII.pending", "Sở Tài chính thử", datetime.date(2023, 5, 31), 61),
        ("III.overdue", "Sở Tư pháp thử", datetime.date(2023, 5, 31), 61),
        ("VII.overdue_idle", "Sở Tài chính thử", datetime.date(2023, 6, 15), 46),
        ("III.due_soon", "Sở Tài chính thử", datetime.date(2023, 7, 3), 28),
    ]
    changes = [row for row in wb["Thay đổi"].iter_rows(values_only=True) if row[0]]
    texts = [row[0] for row in changes]
    assert "3/11 → 4/12, +1 nhiệm vụ hoàn thành, +6,06 điểm %" in texts
    done = next(row for row in changes if row[0] == "Đã hoàn thành")
    assert done[:4] == ("Đã hoàn thành", 3, 4, 1)
    rate = next(row for row in changes if row[0] == "Tỷ lệ hoàn thành")
    assert rate[3] == pytest.approx(6.06)
    assert next(row for row in changes if row[0] == "I.july")[:3] == ("I.july", board.july.content, "Sở Tài chính thử")

    reader = PdfReader(io.BytesIO(_download(client, "reports:steering_pdf", july)))
    pages = [page.extract_text() for page in reader.pages]
    assert all("CCHC-BCD-2023-07" in text for text in pages)
    text = "\n".join(pages)
    assert "GÓI BÁO CÁO BAN CHỈ ĐẠO THÁNG 07/2023" in text
    assert "Hoàn thành 4/12 nhiệm vụ, đạt 33,33%" in text
    assert "3/11 → 4/12, +1 nhiệm vụ hoàn thành, +6,06 điểm %" in text
    assert "2. Sở Tài chính thử 7 1 1 2 3 28,57%" in text
    assert "Tỷ lệ hoàn thành 27,27% 33,33% +6,06" in text
    assert f"{board.overdue_idle.content} Sở Tài chính thử 15/06/2023 46" in text
    assert f"{board.july.content} Sở Tài chính thử" in text and "10/07/2023" in text


def test_the_files_are_named_after_the_pack(packs):
    rendered = render_pack(packs[1], "pdf")
    assert rendered.filename == "goi-bao-cao-ban-chi-dao-cchc-bcd-2023-07.pdf"
    assert rendered.display_name == "Gói báo cáo Ban chỉ đạo tháng 07-2023 - CCHC-BCD-2023-07.pdf"
    assert rendered.content.startswith(b"%PDF")


# ---------------------------------------------------------------- pages


def test_the_secretariat_makes_a_finished_months_pack_from_the_list(board, cast):
    client = client_for(cast.secretariat)
    with on(AUGUST_5):
        page = client.get(reverse("reports:steering")).content.decode()
        assert "Tạo gói tháng 07/2023" in page and "Tạo gói tháng 01/2023" in page
        response = client.post(reverse("reports:steering_create"), {"month": "07/2023"})
    pack = SteeringPack.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:steering_detail", args=[pack.pk])
    assert (pack.identifier, pack.made_by) == ("CCHC-BCD-2023-07", cast.secretariat)
    with on(AUGUST_5):
        page = client.get(reverse("reports:steering")).content.decode()
    assert "Tạo gói tháng 07/2023" not in page and "Tạo gói tháng 06/2023" in page
    assert "Hoàn thành 4/12 nhiệm vụ, đạt 33,33%" in page


def test_bad_months_get_a_message(board, cast):
    client = client_for(cast.secretariat)
    with on(datetime.date(2023, 7, 20)):
        running = client.post(reverse("reports:steering_create"), {"month": "07/2023"})
        garbage = client.post(reverse("reports:steering_create"), {"month": "13/2023"})
    assert running.status_code == 400
    assert "Chỉ tạo gói báo cáo khi tháng đã kết thúc (sau ngày 31/07/2023)." in running.content.decode()
    assert garbage.status_code == 400
    assert "Tháng không hợp lệ: nhập theo dạng mm/yyyy, ví dụ 11/2026." in garbage.content.decode()
    assert not SteeringPack.objects.exists()


def test_who_sees_the_packs(packs, cast):
    july = packs[1]
    urls = [
        reverse("reports:steering"),
        reverse("reports:steering_detail", args=[july.pk]),
        reverse("reports:steering_pdf", args=[july.pk]),
        reverse("reports:steering_xlsx", args=[july.pk]),
    ]
    expected = {"secretariat": 200, "leader": 200, "staff_a": 403, "head_a": 403, "staff_b": 403, "outsider": 404}
    for role, status in expected.items():
        client = client_for(getattr(cast, role))
        assert [client.get(url).status_code for url in urls] == [status] * 4, role
    leader = client_for(cast.leader)
    assert leader.post(reverse("reports:steering_create"), {"month": "05/2023"}).status_code == 403
    assert client_for(cast.staff_a).post(reverse("reports:steering_create"), {"month": "05/2023"}).status_code == 403
    assert SteeringPack.objects.count() == 2
    assert Client().get(urls[1]).status_code == 302


def test_the_secretariat_sets_the_sending_day(cast):
    assert (pack_schedule().enabled, pack_schedule().day) == (True, 5)
    client = client_for(cast.secretariat)
    response = client.post(reverse("reports:steering_schedule"), {"day": "10", "enabled": "on"})
    assert response.status_code == 302
    schedule = SteeringPackSchedule.objects.get()
    assert (schedule.enabled, schedule.day, schedule.updated_by) == (True, 10, cast.secretariat)
    page = client.get(reverse("reports:steering")).content.decode()
    assert "Vào ngày 10 hằng tháng, gói báo cáo của tháng trước được tạo" in page
    bad = client.post(reverse("reports:steering_schedule"), {"day": "31", "enabled": "on"})
    assert bad.status_code == 400 and "Ngày gửi phải từ 1 đến 28." in bad.content.decode()
    client.post(reverse("reports:steering_schedule"), {"day": "10"})
    assert SteeringPackSchedule.objects.get().enabled is False
    assert client_for(cast.leader).post(reverse("reports:steering_schedule"), {"day": "3"}).status_code == 403
    assert SteeringPackSchedule.objects.get().day == 10


@pytest.mark.postgres
def test_the_database_refuses_an_update_on_postgresql(packs):
    from django.db import DatabaseError, connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL trigger")
    with pytest.raises(DatabaseError, match="immutable"):
        SteeringPack.objects.filter(pk=packs[0].pk).update(identifier="X")
