"""The corpus (tests/data/plans/, built by make_corpus.py): appendices laid out as agencies
publish them, each imported end to end with nothing but the file — upload, preview, confirm —
and every lead unit, coordinating unit, area, number and deadline checked."""

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Plan, PlanImport
from tests.factories import make_unit
from units.models import Unit, UnitGroup, UnitKind

CORPUS = Path(__file__).resolve().parents[1] / "data" / "plans"
D = datetime.date
pytestmark = pytest.mark.usefixtures("media_root")

UNITS = [
    ("UBT", "Ủy ban nhân dân tỉnh Sông Lam", UnitKind.MINISTRY),
    ("VP", "Văn phòng UBND tỉnh", UnitKind.OFFICE),
    ("SNV", "Sở Nội vụ", UnitKind.DEPARTMENT),
    ("STP", "Sở Tư pháp", UnitKind.DEPARTMENT),
    ("STC", "Sở Tài chính", UnitKind.DEPARTMENT),
    ("SKHCN", "Sở Khoa học và Công nghệ", UnitKind.DEPARTMENT),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", UnitKind.DEPARTMENT),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", UnitKind.DEPARTMENT),
    ("SXD", "Sở Xây dựng", UnitKind.DEPARTMENT),
    ("SYT", "Sở Y tế", UnitKind.DEPARTMENT),
    ("SGDDT", "Sở Giáo dục và Đào tạo", UnitKind.DEPARTMENT),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", UnitKind.DEPARTMENT),
    ("CAT", "Công an tỉnh", UnitKind.DEPARTMENT),
    ("PTV", "UBND phường Trường Vinh", UnitKind.COMMUNE),
    ("XHN", "UBND xã Hưng Nguyên", UnitKind.COMMUNE),
    ("BTP", "Bộ Tư pháp", UnitKind.MINISTRY),
    ("VPB", "Văn phòng Bộ", UnitKind.OFFICE),
    ("VTCCB", "Vụ Tổ chức cán bộ", UnitKind.DEPARTMENT),
    ("VKHTC", "Vụ Kế hoạch - Tài chính", UnitKind.DEPARTMENT),
    ("CCNTT", "Cục Công nghệ thông tin", UnitKind.DEPARTMENT),
    ("CKTVB", "Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính", UnitKind.DEPARTMENT),
    ("CHTQTCT", "Cục Hộ tịch, quốc tịch, chứng thực", UnitKind.DEPARTMENT),
    ("VPS", "Văn phòng Sở", UnitKind.OFFICE),
    ("TTCDS", "Trung tâm Chuyển đổi số", UnitKind.DEPARTMENT),
    ("PBCVT", "Phòng Bưu chính, Viễn thông và Chuyển đổi số", UnitKind.OFFICE),
]
SO = ["SNV", "STP", "STC", "SKHCN", "SNNMT", "SVHTTDL", "SXD", "SYT", "SGDDT"]
SO_EXCEPT_SNV = sorted(set(SO) - {"SNV"})
SO_EXCEPT_STP = sorted(set(SO) - {"STP"})
XA = ["PTV", "XHN"]
BO = ["VPB", "VTCCB", "VKHTC", "CCNTT", "CKTVB", "CHTQTCT"]


@dataclass
class Catalogue:
    units: dict


@pytest.fixture
def corpus_catalogue(db) -> Catalogue:
    units = {code: make_unit(code=code, name=name, kind=kind) for code, name, kind in UNITS}
    for name, slug, codes in (
        ("Các sở, ban, ngành", "cac-so-ban-nganh", SO),
        ("UBND các xã, phường", "ubnd-cac-xa-phuong", XA),
        ("Các đơn vị thuộc Bộ", "cac-don-vi-thuoc-bo", BO),
    ):
        group = UnitGroup.objects.create(name=name, slug=slug)
        group.units.set([units[c] for c in codes])
    return Catalogue(units)


@pytest.fixture
def secretariat(cast):
    return cast.client(cast.secretariat)


def upload_only_the_file(client, name: str) -> PlanImport:
    content = (CORPUS / name).read_bytes()
    response = client.post(reverse("plans:import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return PlanImport.objects.get(original_name=name)


def rows(plan: Plan):
    """(area, STT, lead, coordinating codes, deadline, deadline as written, recurring)"""
    return [
        (
            t.area.code,
            t.number,
            t.lead_unit.code,
            sorted(u.code for u in t.coordinating_units.all()),
            t.deadline,
            t.deadline_text,
            t.is_recurring,
        )
        for t in plan.tasks.select_related("area", "lead_unit")
        .prefetch_related("coordinating_units")
        .order_by("position")
    ]


def import_clean(client, name: str) -> tuple[Plan, str]:
    """Upload, check the preview has nothing to fix, confirm; the plan and the preview page."""
    record = upload_only_the_file(client, name)
    page = client.get(reverse("plans:import_preview", args=[record.pk])).content.decode()
    assert "Không có gì cần sửa: có thể xác nhận." in page, name
    response = client.post(reverse("plans:import_confirm", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    return record.plan, page


def next_quarter_end_of_2025() -> datetime.date:
    """ "Hằng quý" in a 2025 plan imported today: the end of today's quarter within 2025."""
    day = min(max(datetime.date.today(), D(2025, 1, 1)), D(2025, 12, 31))
    month = ((day.month - 1) // 3 + 1) * 3
    return D(2025, 12, 31) if month == 12 else D(2025, month + 1, 1) - datetime.timedelta(days=1)


def header(plan: Plan):
    return (plan.number, plan.year, plan.issued_on, plan.issuing_unit.code)


def test_province_excel_one_row_header(corpus_catalogue, secretariat):
    plan, page = import_clean(secretariat, "tinh-2025-mot-dong.xlsx")
    assert header(plan) == ("15/KH-UBND", 2025, D(2025, 1, 8), "UBT")
    assert rows(plan) == [
        ("I", "1", "SNV", SO_EXCEPT_SNV, D(2025, 1, 31), "Tháng 01/2025", False),
        ("I", "2", "SNV", [], D(2025, 9, 30), "Quý II - Quý III", False),
        ("I", "3", "SVHTTDL", ["PTV", "SKHCN", "XHN"], D(2025, 12, 31), "Thường xuyên", True),
        ("II", "1", "STP", SO_EXCEPT_STP, None, "Theo quy định", False),
        ("II", "2", "STP", ["SNV"], D(2025, 12, 31), "Quý IV", False),
        ("III", "1", "SNNMT", ["TTPVHCC"], None, "Khi có yêu cầu", False),
        ("III", "2", "TTPVHCC", ["PTV", "SKHCN", "XHN"], D(2025, 9, 30), "Tháng 6 - 9/2025", False),
        ("VII", "1", "SKHCN", ["CAT", "VP"], D(2025, 12, 31), "6 tháng cuối năm", False),
    ]
    texts = dict(plan.tasks.values_list("content", "coordination_text"))
    assert texts["Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị"] == "Các cơ quan, đơn vị liên quan"
    assert texts["Ban hành Kế hoạch cải cách hành chính năm 2025"] == "Các sở, ngành liên quan"
    assert "<summary>Thời hạn không cố định (2)</summary>" in page


def test_province_excel_two_row_header(corpus_catalogue, secretariat):
    plan, page = import_clean(secretariat, "tinh-2025-hai-dong.xlsx")
    assert header(plan) == ("20/KH-UBND", 2025, D(2025, 1, 15), "UBT")
    assert rows(plan) == [
        ("I", "1.1", "SNV", ["VP"], D(2025, 3, 31), "Quý I/2025", False),
        ("I", "1.2", "SNV", SO_EXCEPT_SNV, next_quarter_end_of_2025(), "Hằng quý", True),
        ("IV", "1", "SNV", ["STC"], D(2025, 12, 31), "Quý II đến Quý IV", False),
        ("V", "1", "SNV", SO_EXCEPT_SNV, D(2025, 12, 31), "Tháng 12", False),
        ("VI", "1", "STC", [], D(2025, 6, 30), "30/06/2025", False),
    ]
    assert plan.tasks.get(number="1.2").content == (
        "Báo cáo định kỳ công tác cải cách hành chính\n- Báo cáo 6 tháng, năm theo yêu cầu của Bộ Nội vụ"
    )
    assert "<summary>Mục tiêu đề, không nhập (1)</summary>" in page


def test_ministry_excel_issued_by_decision(corpus_catalogue, secretariat):
    plan, _page = import_clean(secretariat, "bo-2025.xlsx")
    assert header(plan) == ("2345/QĐ-BTP", 2025, D(2024, 12, 29), "BTP")
    assert plan.title == "Kế hoạch cải cách hành chính năm 2025 của bộ tư pháp"
    assert rows(plan) == [
        ("I", "1", "VTCCB", sorted(set(BO) - {"VTCCB"}), D(2024, 12, 31), "Tháng 12/2024", False),
        ("I", "2", "VTCCB", ["VKHTC", "VPB"], None, "Theo chỉ đạo", False),
        ("II", "1", "CKTVB", sorted(set(BO) - {"CKTVB"}), D(2025, 12, 31), "Thường xuyên", True),
        ("III", "1", "CHTQTCT", ["VPB"], D(2025, 9, 30), "Quý III/2025", False),
        ("VII", "1", "CCNTT", ["CHTQTCT", "VPB"], None, "Khi có yêu cầu", False),
    ]
    assert plan.tasks.get(area__code="III").expected_output == "Phương án đơn giản hóa"


def test_province_word_with_merged_cells(corpus_catalogue, secretariat):
    plan, page = import_clean(secretariat, "tinh-2025.docx")
    assert header(plan) == ("31/KH-UBND", 2025, D(2025, 1, 20), "UBT")
    assert rows(plan) == [
        ("I", "1", "SNV", ["VP"], D(2025, 3, 31), "Quý I", False),
        # the lead unit merged down from the row above
        ("I", "2", "SNV", ["SKHCN"], D(2025, 12, 31), "Quý II đến Quý IV", False),
        ("III", "1", "TTPVHCC", sorted(SO + XA), None, "Theo tiến độ", False),
        ("III", "2", "SVHTTDL", ["TTPVHCC"], D(2025, 6, 30), "30/6/2025", False),
    ]
    assert "Bảng 1" in page


def test_department_word_two_row_header_and_a_table_cut_in_two(corpus_catalogue, secretariat):
    plan, page = import_clean(secretariat, "so-khcn-2025.docx")
    assert header(plan) == ("05/KH-SKHCN", 2025, D(2025, 1, 10), "SKHCN")
    result = rows(plan)
    assert result == [
        ("I", "1", "VPS", [], D(2025, 1, 31), "Tháng 1/2025", False),
        ("I", "2", "VPS", [], result[1][4], "Hằng tháng", True),
        ("VII", "1", "TTCDS", ["VPS"], None, "Theo chỉ đạo", False),
        ("VII", "2", "PBCVT", ["TTCDS"], D(2025, 9, 30), "Quý II - Quý III", False),
    ]
    # "Hằng tháng": the end of a month of 2025
    assert result[1][4].year == 2025 and (result[1][4] + datetime.timedelta(days=1)).day == 1
    assert plan.tasks.get(number="2", area__code="VII").coordination_text == (
        "Trung tâm Chuyển đổi số và các phòng, ban chuyên môn"
    )
    assert "<summary>Nhóm đơn vị giữ như ghi (3)</summary>" in page


def test_last_years_plan_carries_its_results(corpus_catalogue, secretariat):
    plan, _page = import_clean(secretariat, "tinh-2024-ket-qua.xlsx")
    assert header(plan) == ("12/KH-UBND", 2024, D(2024, 1, 10), "UBT")
    tasks = plan.tasks.select_related("area", "lead_unit").order_by("position")
    assert [(t.area.code, t.number, t.lead_unit.code, t.status, t.completed_on, t.progress) for t in tasks] == [
        ("I", "1", "SNV", "completed", D(2024, 1, 31), 100),
        ("I", "2", "SNV", "completed", D(2024, 9, 20), 100),
        ("II", "1", "STP", "completed", D(2024, 6, 20), 100),
        ("II", "2", "STP", "in_progress", None, 0),
        ("III", "1", "TTPVHCC", "in_progress", None, 60),
        ("III", "2", "VP", "not_started", None, 0),
    ]
    # The 2025 plan's dashboard compares with it.
    current, _ = import_clean(secretariat, "tinh-2025-mot-dong.xlsx")
    html = secretariat.get(reverse("reports:plan_dashboard", args=[current.pk]) + "?as_of=30/06/2025").content.decode()
    assert "Cùng kỳ năm trước (đến ngày 30/06/2024): hoàn thành 2/6 nhiệm vụ, đạt 33,33%" in html


def test_commune_plan_names_are_resolved_once_and_kept_whole(corpus_catalogue, secretariat):
    record = upload_only_the_file(secretariat, "phuong-2025.xlsx")
    assert (record.number, record.issued_on, record.issuing_unit.code) == ("09/KH-UBND", D(2025, 1, 14), "PTV")
    page = secretariat.get(reverse("plans:import_preview", args=[record.pk])).content.decode()
    assert "0 ô cần sửa · 3 tên đơn vị cần xác định" in page
    names = [n for n in page.split('data-testid="unknown-name"')[1:]]
    assert [n.split("</legend>")[0].split(">", 2)[-1].split(" <span")[0] for n in names] == [
        "Văn phòng HĐND và UBND phường",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Phòng Văn hóa - Xã hội",
        "Các phòng, ban chuyên môn",
    ]
    assert "3 ô: Sheet1!D6, Sheet1!E8, Sheet1!D9 · có ở cột chủ trì" in page
    ptv = corpus_catalogue.units["PTV"].pk
    secretariat.post(
        reverse("plans:import_resolve", args=[record.pk]),
        {
            "n0_choice": "create", "n0_kind": "office", "n0_parent": ptv,
            "n1_choice": "create", "n1_kind": "office", "n1_parent": ptv,
            "n2_choice": "create", "n2_kind": "office", "n2_parent": ptv,
            "n3_choice": "keep",
        },
    )  # fmt: skip
    page = secretariat.get(reverse("plans:import_preview", args=[record.pk])).content.decode()
    assert "Không có gì cần sửa: có thể xác nhận." in page
    secretariat.post(reverse("plans:import_confirm", args=[record.pk]))
    plan = Plan.objects.get(number="09/KH-UBND")
    codes = {u.name: u.code for u in Unit.objects.filter(parent_id=ptv)}
    vp, kt, vh = (
        codes["Văn phòng HĐND và UBND phường"],
        codes["Phòng Kinh tế, Hạ tầng và Đô thị"],
        codes["Phòng Văn hóa - Xã hội"],
    )
    assert rows(plan) == [
        ("I", "1", vp, [], D(2025, 3, 31), "Quý I", False),
        ("III", "1", kt, [vp], D(2025, 9, 30), "Quý II - Quý III", False),
        ("III", "2", vp, [], D(2025, 12, 31), "Thường xuyên", True),
        ("V", "1", vh, [kt], D(2025, 12, 31), "Tháng 12", False),
    ]
    assert plan.tasks.get(area__code="I").coordination_text == "Các phòng, ban chuyên môn"


def test_province_workbook_with_a_guide_a_hidden_sheet_and_a_repeated_header(corpus_catalogue, secretariat):
    plan, _page = import_clean(secretariat, "tinh-2025-hai-trang.xlsx")
    assert header(plan) == ("41/KH-UBND", 2025, D(2025, 1, 24), "UBT")
    assert rows(plan) == [
        ("II", "1", "STP", ["SNV", "STC"], D(2025, 9, 30), "Trước ngày 30/9/2025", False),
        ("II", "2", "STC", ["STP", "SXD"], D(2025, 9, 30), "Quý III", False),
        ("VI", "3", "STC", ["SGDDT", "SYT"], D(2025, 6, 30), "6 tháng đầu năm", False),
        ("VII", "4", "CAT", ["SKHCN", "TTPVHCC"], D(2025, 12, 31), "Quý IV/2025", False),
    ]
