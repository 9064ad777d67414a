"""`manage.py import_plan FILE --number … --year …`: the same import from the shell."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditAction, AuditEntry
from plans.models import Plan
from tasks.models import Task, TaskEvent, TaskStatus
from units.models import Unit

from .conftest import standard_workbook

D = datetime.date


@pytest.fixture
def workbook_file(tmp_path):
    def write(content: bytes, name="ke-hoach.xlsx"):
        path = tmp_path / name
        path.write_bytes(content)
        return str(path)

    return write


def run(*args):
    out = StringIO()
    call_command("import_plan", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_dry_run_prints_the_report_and_writes_nothing(catalogue, workbook_file):
    out = run(
        workbook_file(standard_workbook()), "--number", "125/KH-UBND", "--year", "2023", "--issuer", "SNV", "--dry-run"
    )

    assert "Đọc được 7 nhiệm vụ trong 4 lĩnh vực." in out
    assert (
        "  2. Kiểm tra công tác CCHC | Sở Nội vụ | Quý II/2023 → 30/06/2023 | phối hợp: Sở Tư pháp; Sở Tài chính" in out
    )
    assert (
        "  1. Ban hành Kế hoạch CCHC năm 2023 | Sở Nội vụ | Tháng 1 → 31/01/2023 | "
        "phối hợp: Các sở, ban, ngành (4 đơn vị)" in out
    )
    assert "  1. Công bố danh mục TTHC | Văn phòng UBND tỉnh | Thường xuyên → 31/12/2023 (thường xuyên)" in out
    assert "0 lỗi, 1 cảnh báo." in out
    assert "  [Cảnh báo] Phụ lục!F17: Thời hạn 01/01/1970 được hiểu là “không có thời hạn”." in out
    assert "Dry run: nothing was written." in out
    assert (Plan.objects.count(), Task.objects.count()) == (0, 0)


def test_import_writes_the_plan_with_history_and_audit(catalogue, workbook_file):
    out = run(
        workbook_file(standard_workbook()),
        "--number=125/KH-UBND",
        "--year=2023",
        "--issuer=snv",
        "--issued-on=10/01/2023",
        "--title=Kế hoạch CCHC năm 2023",
    )

    plan = Plan.objects.get()
    assert f"Plan 125/KH-UBND (id {plan.pk}): 7 added, 0 changed, 0 removed, 0 unit(s) created." in out
    assert (plan.title, plan.issuing_unit, plan.issued_on) == ("Kế hoạch CCHC năm 2023", catalogue.snv, D(2023, 1, 10))
    assert plan.tasks.count() == 7
    assert TaskEvent.objects.filter(task__plan=plan, kind="created").count() == 7
    assert AuditEntry.objects.filter(action=AuditAction.PLAN_IMPORTED, actor=None).count() == 1


def test_errors_exit_non_zero_and_write_nothing(catalogue, workbook_file):
    path = workbook_file(standard_workbook(overrides={16: [1, "Nâng cấp", None, "Sở TT&TT", None, "Quý V"]}))
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 error\(s\); nothing was written"):
        call_command("import_plan", path, "--number", "125/KH-UBND", "--year", "2023", "--issuer", "SNV", stdout=out)
    assert "  [LỖI] Phụ lục!F16: Không đọc được thời hạn “Quý V”." in out.getvalue()
    assert (Plan.objects.count(), Task.objects.count()) == (0, 0)


def test_unknown_units_need_create_units(catalogue, workbook_file):
    path = workbook_file(standard_workbook(overrides={14: [1, "Công bố TTHC", None, "Sở Xây dựng", None, "Quý I"]}))
    with pytest.raises(CommandError):
        run(path, "--number", "125/KH-UBND", "--year", "2023", "--issuer", "SNV")
    assert Unit.objects.filter(name="Sở Xây dựng").count() == 0

    out = run(path, "--number", "125/KH-UBND", "--year", "2023", "--issuer", "SNV", "--create-units")
    assert "Đơn vị chưa có trong danh mục (sẽ được tạo mới): Sở Xây dựng" in out
    assert "1 unit(s) created." in out
    assert Task.objects.get(area__code="III", number="1").lead_unit.name == "Sở Xây dựng"


def test_reimport_needs_update_and_then_changes_in_place(catalogue, workbook_file):
    run(workbook_file(standard_workbook()), "--number", "125/KH-UBND", "--year", "2023", "--issuer", "SNV")
    changed = workbook_file(
        standard_workbook(
            overrides={17: [2, "Số hóa hồ sơ", None, "Sở Thông tin và Truyền thông", "Sở Nội vụ", "Quý IV"]}
        ),
        name="lan-2.xlsx",
    )

    with pytest.raises(CommandError, match="use --update"):
        run(changed, "--number", "125/KH-UBND", "--year", "2023")  # issuer taken from the existing plan
    assert Task.objects.get(area__code="VII", number="2").deadline is None

    out = run(changed, "--number", "125/KH-UBND", "--year", "2023", "--update")
    assert "So với kế hoạch đã có: thêm 0, sửa 1, đưa ra khỏi kế hoạch 0, giữ nguyên 6." in out
    assert "      Thời hạn: — → 31/12/2023" in out
    assert "0 added, 1 changed, 0 removed" in out
    assert Plan.objects.count() == 1
    task = Task.objects.get(area__code="VII", number="2")
    assert (task.deadline, task.deadline_text, task.status) == (D(2023, 12, 31), "Quý IV", TaskStatus.NOT_STARTED)


def test_bad_arguments(catalogue, workbook_file, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "missing.xlsx"), "--number", "1/KH", "--year", "2023", "--issuer", "SNV")
    with pytest.raises(CommandError, match="--issuer is required"):
        run(workbook_file(standard_workbook()), "--number", "1/KH", "--year", "2023")
    with pytest.raises(CommandError, match="No unit with code"):
        run(workbook_file(standard_workbook()), "--number", "1/KH", "--year", "2023", "--issuer", "XYZ")


def test_a_task_back_in_the_file_returns_with_the_status_it_had(catalogue, workbook_file):
    args = ("--number", "125/KH-UBND", "--year", "2023", "--issuer", "SNV", "--update")
    full = workbook_file(standard_workbook())
    run(full, *args)
    task = Task.objects.get(area__code="VII", number="2")
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.IN_PROGRESS, progress=40)

    without = workbook_file(standard_workbook(overrides={17: []}), name="bot.xlsx")
    assert "đưa ra khỏi kế hoạch 1" in run(without, *args)
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.REMOVED, 40)

    out = run(full, *args)
    assert "Trạng thái: Đưa ra khỏi kế hoạch → Đưa lại vào kế hoạch" in out
    task.refresh_from_db()
    assert (task.status, task.progress, task.version) == (TaskStatus.IN_PROGRESS, 40, 3)
    assert list(task.events.values_list("status_after", flat=True)) == ["not_started", "removed", "in_progress"]


def test_only_the_file_a_word_appendix_with_its_header(db, capsys):
    from pathlib import Path

    from django.core.management import call_command

    from plans.models import Plan
    from tests.factories import make_unit

    for code, name in (
        ("UBT", "Ủy ban nhân dân tỉnh Sông Lam"),
        ("SNV", "Sở Nội vụ"),
        ("VP", "Văn phòng UBND tỉnh"),
        ("SKHCN", "Sở Khoa học và Công nghệ"),
        ("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh"),
        ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ):
        make_unit(code=code, name=name)
    path = Path(__file__).resolve().parents[1] / "data" / "plans" / "tinh-2025.docx"
    call_command("import_plan", str(path), "--create-units")
    plan = Plan.objects.get()
    assert (plan.number, plan.year, plan.issuing_unit.code, plan.tasks.count()) == ("31/KH-UBND", 2025, "UBT", 4)
    assert "Đọc được 4 nhiệm vụ trong 2 lĩnh vực." in capsys.readouterr().out
