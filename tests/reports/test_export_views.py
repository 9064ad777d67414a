"""The export page and its downloads: who may export, the file sent, the audit entry, bad
input, and a query count that does not grow with the number of tasks."""

from __future__ import annotations

import datetime
import io
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEntry
from demo.services import demo_load
from tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus
from tasks.workflow_models import Evidence
from tests.factories import make_plan, make_task, make_unit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
H1 = {"kind": "h1"}
TO_30_JUNE = {"kind": "custom", "start": "01/01/2026", "end": "30/06/2026"}


@pytest.fixture
def demo_plan():
    return demo_load(today=TODAY, force=True).plan


def content(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("name", ["reports:export", "reports:export_xlsx", "reports:export_csv"])
def test_secretariat_and_leader_export_unit_staff_may_not(cast, name):
    plan = make_plan(number="5/KH-UBND", year=2023, issuing_unit=make_unit(code="UBND-A"))
    make_task(plan=plan, lead_unit=cast.unit_a)
    params = {"plan": plan.pk, **H1}
    url = reverse(name)
    for user in (cast.secretariat, cast.leader):
        assert cast.client(user).get(url, params).status_code == 200, user
    for user in (cast.staff_a, cast.head_a):
        assert cast.client(user).get(url, params).status_code == 403, user
    assert cast.client(cast.outsider).get(url, params).status_code == 404
    anonymous = cast.client(None).get(url, params)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))


def test_export_page_shows_the_period_dates_and_download_links(demo_plan, cast):
    response = cast.client(cast.secretariat).get(reverse("reports:export"), {"plan": demo_plan.pk, **H1})
    html = response.content.decode()
    assert "15/12/2025" in html and "14/06/2026" in html  # the h1 data window of 581/BNV-CCHC
    assert "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in html
    assert f"{reverse('reports:export_xlsx')}?plan={demo_plan.pk}&amp;kind=h1" in html
    assert reverse("reports:export_csv") in html
    assert "/edit/" in html  # the secretariat may change the period's dates (figures app)
    leader_html = cast.client(cast.leader).get(reverse("reports:export"), {"plan": demo_plan.pk, **H1}).content
    assert b"/edit/" not in leader_html


def test_first_visit_shows_the_form_prefilled(demo_plan, cast):
    response = cast.client(cast.secretariat).get(reverse("reports:export"), {"plan": demo_plan.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["plan"] == demo_plan.pk and response.context["choice"] is None


def test_dashboard_links_to_the_export(demo_plan, cast):
    html = cast.client(cast.leader).get(reverse("reports:plan_dashboard", args=[demo_plan.pk])).content.decode()
    assert f"{reverse('reports:export')}?plan={demo_plan.pk}" in html
    assert "Xuất báo cáo" in html


def test_download_the_six_month_review_of_the_demo(demo_plan, cast):
    response = cast.client(cast.secretariat).get(reverse("reports:export_xlsx"), {"plan": demo_plan.pk, **H1})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="so-ket-6-thang-2026-125-KH-UBND.xlsx"; ')
    vietnamese = "Báo cáo sơ kết 6 tháng công tác cải cách hành chính năm 2026 - 125-KH-UBND.xlsx"
    assert disposition.endswith("filename*=UTF-8''" + quote(vietnamese, safe=""))
    wb = load_workbook(io.BytesIO(content(response)))
    assert wb.sheetnames[0] == "Tổng hợp"
    assert wb["Tổng hợp"]["A7"].value == "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%"
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == cast.secretariat
    assert entry.target == "so-ket-6-thang-2026-125-KH-UBND.xlsx"
    assert "77 nhiệm vụ" in entry.detail and "14/06/2026" in entry.detail


def test_custom_range_to_30_june_downloads_41_of_77(demo_plan, cast):
    response = cast.client(cast.leader).get(reverse("reports:export_xlsx"), {"plan": demo_plan.pk, **TO_30_JUNE})
    assert 'filename="bao-cao-01012026-30062026-125-KH-UBND.xlsx"' in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(content(response)))["Tổng hợp"]
    assert ws["A7"].value == "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%"
    assert ws["G17"].value == pytest.approx(0.5325) and ws["G17"].number_format == "0.00%"


def test_all_plans_of_a_year(demo_plan, cast):
    other = make_plan(number="9/KH-UBND", year=2026, issuing_unit=demo_plan.issuing_unit)
    make_task(plan=other, lead_unit=cast.unit_a, deadline=datetime.date(2026, 3, 31))
    response = cast.client(cast.secretariat).get(reverse("reports:export_xlsx"), {"year": 2026, **TO_30_JUNE})
    assert 'filename="bao-cao-01012026-30062026-tat-ca-ke-hoach.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(content(response)))
    assert wb["Tổng hợp"]["A7"].value == "Hoàn thành 41/78 nhiệm vụ, đạt 52,56%"
    detail = wb["Chi tiết nhiệm vụ"]
    assert detail["O4"].value == "Kế hoạch"
    assert {row[14].value for row in detail.iter_rows(min_row=5)} == {"125/KH-UBND", "9/KH-UBND"}


def test_csv_download(demo_plan, cast):
    response = cast.client(cast.secretariat).get(reverse("reports:export_csv"), {"plan": demo_plan.pk, **TO_30_JUNE})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="bao-cao-01012026-30062026-125-KH-UBND-chi-tiet-nhiem-vu.csv"' in response["Content-Disposition"]
    body = content(response)
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("STT,Lĩnh vực,Nội dung nhiệm vụ")
    # The plan's 77 tasks on 30/06 (one more, added in October by demo/plan_life.py, is not in it).
    assert len(lines) - 1 == Task.objects.filter(plan=demo_plan).count() - 1 == 77
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, target__endswith=".csv").count() == 1


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"kind": "custom", "start": "01/01/2026"}, "end", "Nhập ngày chốt số liệu"),
        ({"kind": "custom", "start": "30/06/2026", "end": "01/01/2026"}, "end", "không được trước"),
        ({"kind": "custom", "start": "31/02/2026", "end": "30/06/2026"}, "start", ""),
        ({"kind": "q5"}, "kind", ""),
    ],
)
def test_bad_input_re_renders_with_field_errors(demo_plan, cast, params, field, message):
    for name in ("reports:export", "reports:export_xlsx"):
        response = cast.client(cast.secretariat).get(reverse(name), {"plan": demo_plan.pk, **params})
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert field in errors and message in " ".join(errors[field])
        assert "text/html" in response["Content-Type"]
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_year_without_plans_is_a_field_error(cast):
    response = cast.client(cast.secretariat).get(reverse("reports:export"), {"year": 2031, **H1})
    assert response.status_code == 400 and "year" in response.context["form"].errors


def test_a_plan_the_form_does_not_offer_is_refused(cast):
    response = cast.client(cast.secretariat).get(reverse("reports:export_xlsx"), {"plan": 999999, **H1})
    assert response.status_code == 400 and "plan" in response.context["form"].errors


def _plan_with_tasks(cast, n: int, code: str):
    plan = make_plan(number=f"{n}/KH-UBND", year=2023, issuing_unit=make_unit(code=code))
    units = [cast.unit_a, cast.unit_b, make_unit(code=f"{code}-C")]
    for i in range(n):
        lead = units[i % 3]
        status = TaskStatus.COMPLETED if i % 4 == 0 else TaskStatus.IN_PROGRESS
        task = make_task(
            plan=plan,
            lead_unit=lead,
            area_code=["I", "II", "III", "IV", "V", "VI", "VII"][i % 7],
            coordinating=[units[(i + 1) % 3]],
            status=status,
            deadline=datetime.date(2023, 3 + i % 6, 1),
        )
        event = TaskEvent.objects.create(
            task=task,
            kind=TaskEventKind.PROGRESS,
            effective_on=datetime.date(2023, 2, 1),
            status_after=TaskStatus.IN_PROGRESS,
            progress_after=50,
            deadline_after=task.deadline,
            note=f"Tiến độ {i}",
        )
        Evidence.objects.create(task=task, event=event, document_number=f"{i}/QĐ")
    return plan


def _queries(client, plan) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:export_xlsx"), {"plan": plan.pk, "kind": "h1"})
        content(response)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_tasks(cast):
    small, large = _plan_with_tasks(cast, 10, "UBND-S"), _plan_with_tasks(cast, 300, "UBND-L")
    client = cast.client(cast.secretariat)
    _queries(client, small)  # creates the year's h1 period once
    assert _queries(client, small) == _queries(client, large)
    wb_rows = load_workbook(
        io.BytesIO(content(client.get(reverse("reports:export_xlsx"), {"plan": large.pk, "kind": "h1"})))
    )["Chi tiết nhiệm vụ"].max_row
    assert wb_rows == 4 + 300
