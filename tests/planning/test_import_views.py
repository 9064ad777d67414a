"""The web import: upload → preview → confirm, secretariat only; nothing written before the
confirmation; re-importing the same number updates instead of duplicating."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEntry
from plans.models import Plan, PlanImport, PlanImportStatus
from tasks.models import Task, TaskEvent, TaskEventKind, TaskStatus
from units.models import Unit

from .conftest import STANDARD_MERGES, standard_rows, standard_workbook, workbook_bytes

D = datetime.date
pytestmark = pytest.mark.usefixtures("media_root")


def xlsx(content: bytes, name="ke-hoach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def upload(client, content: bytes, *, number="125/KH-UBND", issuer, **extra):
    data = {"file": xlsx(content), "number": number, "year": "2023", "title": "", "issuing_unit": issuer.pk}
    data.update(extra)
    return client.post(reverse("plans:import"), data)


@pytest.fixture
def secretariat(cast):
    return cast.client(cast.secretariat)


def test_upload_stores_the_file_and_writes_no_plan(cast, catalogue, secretariat):
    response = upload(secretariat, standard_workbook(), issuer=catalogue.snv, issued_on="2023-01-10")

    record = PlanImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:import_preview", args=[record.pk])
    assert (record.number, record.year, record.issued_on, record.status, record.created_by) == (
        "125/KH-UBND",
        2023,
        D(2023, 1, 10),
        PlanImportStatus.PENDING,
        cast.secretariat,
    )
    assert record.file.name.startswith("imports/")
    assert Plan.objects.count() == 0
    assert Task.objects.count() == 0


def test_preview_shows_tasks_by_area_deadlines_units_and_issues(catalogue, secretariat, django_assert_max_num_queries):
    upload(secretariat, standard_workbook(), issuer=catalogue.snv)
    record = PlanImport.objects.get()

    # (15: one more since the notification bell's unread count on every page; 16: the list of
    # parent plans a unit's plan may be imported under.)
    with django_assert_max_num_queries(16):
        response = secretariat.get(reverse("plans:import_preview", args=[record.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Đọc được 7 nhiệm vụ trong 4 lĩnh vực" in page
    assert "Không có gì cần sửa: có thể xác nhận." in page
    assert "Cải cách thủ tục hành chính" in page
    assert "Quý II/2023" in page and "30/06/2023" in page
    assert "Sở Thông tin và Truyền thông" in page
    # Warnings are folded away, grouped by kind.
    assert "1 cảnh báo (không chặn việc nhập)" in page
    assert "<summary>Không có thời hạn (1)</summary>" in page
    assert "Phụ lục!F17: Thời hạn 01/01/1970 được hiểu là “không có thời hạn”." in page
    assert "Xác nhận nhập kế hoạch" in page
    assert Plan.objects.count() == 0


def test_confirm_writes_plan_tasks_history_and_audit_in_one_go(cast, catalogue, secretariat):
    upload(secretariat, standard_workbook(), issuer=catalogue.snv, issued_on="2023-01-10")
    record = PlanImport.objects.get()

    response = secretariat.post(reverse("plans:import_confirm", args=[record.pk]))

    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert (plan.number, plan.year, plan.title, plan.issuing_unit, plan.issued_on) == (
        "125/KH-UBND",
        2023,
        "Kế hoạch cải cách hành chính năm 2023",
        catalogue.snv,
        D(2023, 1, 10),
    )
    tasks = list(plan.tasks.order_by("position"))
    assert [
        (t.area.code, t.number, t.position, t.lead_unit.code, t.deadline, t.deadline_text, t.is_recurring)
        for t in tasks
    ] == [
        ("I", "1", 1, "SNV", D(2023, 1, 31), "Tháng 1", False),
        ("I", "2", 2, "SNV", D(2023, 6, 30), "Quý II/2023", False),
        ("II", "1", 3, "STP", D(2023, 9, 30), "30/09/2023", False),
        ("II", "1.1", 4, "STP", D(2023, 12, 15), "Trước ngày 15/12/2023", False),
        ("III", "1", 5, "VPUB", D(2023, 12, 31), "Thường xuyên", True),
        ("VII", "1", 6, "STTTT", D(2023, 6, 30), "6 tháng đầu năm", False),
        ("VII", "2", 7, "STTTT", None, "", False),
    ]
    assert sorted(u.code for u in tasks[0].coordinating_units.all()) == ["SKHDT", "STC", "STP", "STTTT"]
    assert tasks[0].coordination_text == "Các sở, ban, ngành"
    assert tasks[3].remarks == "Ưu tiên"
    events = TaskEvent.objects.filter(task__plan=plan)
    assert list(events.order_by("task__position").values_list("task__number", "deadline_after")) == [
        (t.number, t.deadline) for t in tasks
    ]
    assert set(events.values_list("kind", "effective_on", "actor", "status_after", "progress_after")) == {
        (TaskEventKind.CREATED, D(2023, 1, 10), cast.secretariat.pk, TaskStatus.NOT_STARTED, 0)
    }
    entry = AuditEntry.objects.get(action=AuditAction.PLAN_IMPORTED)
    assert (entry.actor, entry.target) == (cast.secretariat, str(plan))
    assert "thêm 7, sửa 0, đưa ra khỏi kế hoạch 0" in entry.detail
    record.refresh_from_db()
    assert (record.status, record.plan) == (PlanImportStatus.APPLIED, plan)
    # The preview of an applied import now leads to the plan; a second confirm changes nothing.
    assert secretariat.get(reverse("plans:import_preview", args=[record.pk]))["Location"] == plan.get_absolute_url()
    secretariat.post(reverse("plans:import_confirm", args=[record.pk]))
    assert Task.objects.count() == 7


def test_a_bad_deadline_blocks_the_import_and_nothing_is_written(catalogue, secretariat):
    content = standard_workbook(overrides={8: [2, "Kiểm tra", "Báo cáo", "Sở Nội vụ", None, "Sớm nhất có thể"]})
    upload(secretariat, content, issuer=catalogue.snv)
    record = PlanImport.objects.get()

    page = secretariat.get(reverse("plans:import_preview", args=[record.pk])).content.decode()
    assert "<td>Phụ lục</td><td>8</td><td>F</td>" in page
    assert "Không đọc được thời hạn “Sớm nhất có thể”" in page
    assert "Xác nhận nhập kế hoạch" not in page

    response = secretariat.post(reverse("plans:import_confirm", args=[record.pk]), follow=True)
    assert "Tệp còn lỗi; chưa có gì được ghi." in response.content.decode()
    assert (Plan.objects.count(), Task.objects.count(), TaskEvent.objects.count()) == (0, 0, 0)
    assert not AuditEntry.objects.filter(action=AuditAction.PLAN_IMPORTED).exists()


UNKNOWN_NAMES_FILE = {
    14: [1, "Công bố TTHC", None, "Sở Khoa học và Công nghệ", "Sở Kế hoạch Đầu tư, UBND cấp xã", "Quý I"],
    16: [1, "Nâng cấp hệ thống", "Hệ thống", "Sở Khoa học và Công nghệ", "Tổ công tác 1", "6 tháng đầu năm"],
}


def test_unknown_names_are_resolved_in_one_screen_and_remembered(cast, catalogue, secretariat):
    from units.models import UnitAlias, UnitGroup

    content = standard_workbook(overrides=UNKNOWN_NAMES_FILE)
    upload(secretariat, content, issuer=catalogue.snv)
    record = PlanImport.objects.get()
    units_before = Unit.objects.count()

    page = secretariat.get(reverse("plans:import_preview", args=[record.pk])).content.decode()
    assert "0 ô cần sửa · 3 tên đơn vị cần xác định" in page
    # Each name once, with its cells; the closest catalogue names offered.
    assert page.count('data-testid="unknown-name"') == 4
    assert "2 ô: Phụ lục!D14, Phụ lục!D16 · có ở cột chủ trì" in page
    assert "Là “Sở Kế hoạch và Đầu tư” (giống 91%)" in page
    assert "Xác định các tên đơn vị ở trên để có thể nhập." in page
    assert "Xác nhận nhập kế hoạch" not in page
    # A lead unit cannot be "kept as written".
    assert "id_n0_choice_3" in page and "id_n0_choice_4" not in page and "Không gắn đơn vị" in page

    response = secretariat.post(
        reverse("plans:import_resolve", args=[record.pk]),
        {
            "n0_choice": "create",
            "n0_kind": "department",
            "n1_choice": f"unit:{catalogue.skhdt.pk}",
            "n2_choice": "keep",
            "n3_choice": "new_group",
            "n3_units": [catalogue.snv.pk, catalogue.stp.pk],
        },
    )
    assert response.status_code == 302
    # Nothing is written to the catalogue before the confirmation.
    assert (Unit.objects.count(), UnitAlias.objects.count(), UnitGroup.objects.count()) == (units_before, 0, 1)

    page = secretariat.get(reverse("plans:import_preview", args=[record.pk])).content.decode()
    assert "Không có gì cần sửa: có thể xác nhận." in page
    assert "Sở Khoa học và Công nghệ → tạo đơn vị mới (Sở, ban, ngành / Vụ, cục)" in page
    assert "Sở Kế hoạch Đầu tư → Sở Kế hoạch và Đầu tư" in page
    assert "Tổ công tác 1 → không gắn đơn vị, chỉ giữ như ghi" in page
    assert "UBND cấp xã → nhóm mới gồm 2 đơn vị" in page

    response = secretariat.post(reverse("plans:import_confirm", args=[record.pk]))
    assert response.status_code == 302
    new = Unit.objects.get(name="Sở Khoa học và Công nghệ")
    assert (new.kind, new.code) == ("department", "SKHCN")
    task = Task.objects.get(area__code="III", number="1")
    assert task.lead_unit == new
    assert sorted(u.code for u in task.coordinating_units.all()) == ["SKHDT", "SNV", "STP"]
    assert task.coordination_text == "Sở Kế hoạch Đầu tư, UBND cấp xã"
    seven = Task.objects.get(area__code="VII", number="1")
    assert (seven.lead_unit, seven.coordinating_units.count(), seven.coordination_text) == (new, 0, "Tổ công tác 1")
    assert sorted(UnitAlias.objects.values_list("name", "unit__code", "group__name")) == [
        ("Sở Khoa học và Công nghệ", "SKHCN", None),
        ("Sở Kế hoạch Đầu tư", "SKHDT", None),
        ("Tổ công tác 1", None, None),
        ("UBND cấp xã", None, "UBND cấp xã"),
    ]
    assert Unit.objects.count() == units_before + 1
    entry = AuditEntry.objects.filter(action=AuditAction.PLAN_IMPORTED).order_by("-id").first()
    assert "tạo đơn vị: Sở Khoa học và Công nghệ" in entry.detail
    assert "Tổ công tác 1 → chỉ giữ như ghi" in entry.detail

    # The next file with the same names asks nothing.
    upload(secretariat, content, number="126/KH-UBND", issuer=catalogue.snv)
    again = PlanImport.objects.get(number="126/KH-UBND")
    page = secretariat.get(reverse("plans:import_preview", args=[again.pk])).content.decode()
    assert "Không có gì cần sửa: có thể xác nhận." in page
    assert 'data-testid="unknown-name"' not in page


def test_a_choice_can_be_taken_back_and_a_missing_unit_is_asked_for(catalogue, secretariat):
    upload(secretariat, standard_workbook(overrides=UNKNOWN_NAMES_FILE), issuer=catalogue.snv)
    record = PlanImport.objects.get()
    url = reverse("plans:import_resolve", args=[record.pk])

    page = secretariat.post(url, {"n0_choice": "other"}).content.decode()
    assert "Chọn cho “Sở Khoa học và Công nghệ”." in page
    record.refresh_from_db()
    assert record.resolutions == {}

    secretariat.post(url, {"n2_choice": "keep"})
    record.refresh_from_db()
    assert record.resolutions == {"to cong tac 1": {"name": "Tổ công tác 1", "action": "keep"}}
    secretariat.post(url, {"forget": "to cong tac 1"})
    record.refresh_from_db()
    assert record.resolutions == {}


def test_a_confirmation_that_fails_leaves_the_catalogue_as_it_was(catalogue, secretariat):
    from planning.services import plan_import_resolve
    from tests.factories import make_plan
    from units.models import UnitAlias

    upload(secretariat, standard_workbook(overrides=UNKNOWN_NAMES_FILE), issuer=catalogue.snv)
    record = PlanImport.objects.get()
    plan_import_resolve(
        record=record,
        choices={
            "khoa hoc va cong nghe": {"name": "Sở Khoa học và Công nghệ", "action": "create", "kind": "department"},
            "ke hoach dau tu": {"name": "Sở Kế hoạch Đầu tư", "action": "unit", "unit": catalogue.skhdt.pk},
            "to cong tac 1": {"name": "Tổ công tác 1", "action": "keep"},
        },
    )
    make_plan(number="125/KH-UBND", issuing_unit=catalogue.snv, year=2023)  # saved meanwhile
    units_before = Unit.objects.count()

    response = secretariat.post(reverse("plans:import_confirm", args=[record.pk]), follow=True)

    assert "Đã có kế hoạch số 125/KH-UBND" in response.content.decode()
    assert (Unit.objects.count(), UnitAlias.objects.count()) == (units_before, 0)
    record.refresh_from_db()
    assert record.status == PlanImportStatus.PENDING


def test_reimport_of_the_same_number_shows_the_changes_and_updates_in_place(cast, catalogue, secretariat):
    upload(secretariat, standard_workbook(), issuer=catalogue.snv)
    secretariat.post(reverse("plans:import_confirm", args=[PlanImport.objects.get().pk]))
    plan = Plan.objects.get()
    kept = Task.objects.get(area__code="I", number="1")
    gone = Task.objects.get(area__code="VII", number="2")

    changed_file = standard_workbook(
        overrides={
            8: [2, "Kiểm tra công tác CCHC", "Báo cáo", None, "Sở Tư pháp; Sở Tài chính", "Quý III/2023", None],
            17: [3, "Khảo sát sự hài lòng", "Báo cáo", "Sở Nội vụ", None, "Tháng 11", None],
        }
    )
    upload(secretariat, changed_file, issuer=catalogue.snv)
    record = PlanImport.objects.filter(status=PlanImportStatus.PENDING).get()
    page = secretariat.get(reverse("plans:import_preview", args=[record.pk])).content.decode()
    assert "Thêm 1 · sửa 1 · đưa ra khỏi kế hoạch 1 · giữ nguyên 5 nhiệm vụ." in page
    assert "<strong>Thời hạn</strong>: <del>30/06/2023</del> → 30/09/2023" in page
    assert "Xác nhận cập nhật kế hoạch" in page

    response = secretariat.post(reverse("plans:import_confirm", args=[record.pk]), {"update_existing": "on"})

    assert response["Location"] == plan.get_absolute_url()
    assert Plan.objects.count() == 1
    assert plan.tasks.count() == 8
    updated = Task.objects.get(area__code="I", number="2")
    assert (updated.deadline, updated.deadline_text, updated.version) == (D(2023, 9, 30), "Quý III/2023", 2)
    assert updated.events.filter(kind=TaskEventKind.EDITED).values_list("deadline_before", "deadline_after").get() == (
        D(2023, 6, 30),
        D(2023, 9, 30),
    )
    gone.refresh_from_db()
    assert gone.status == TaskStatus.REMOVED
    assert gone.events.filter(kind=TaskEventKind.EDITED, status_after=TaskStatus.REMOVED).count() == 1
    assert Task.objects.get(area__code="VII", number="3").content == "Khảo sát sự hài lòng"
    kept.refresh_from_db()
    assert (kept.version, kept.events.count()) == (1, 1)


def test_confirming_a_reimport_without_choosing_update_writes_nothing(catalogue, secretariat):
    upload(secretariat, standard_workbook(), issuer=catalogue.snv)
    secretariat.post(reverse("plans:import_confirm", args=[PlanImport.objects.get().pk]))
    upload(
        secretariat,
        standard_workbook(overrides={7: [1, "Nội dung mới", None, "Sở Nội vụ", None, "Tháng 2"]}),
        issuer=catalogue.snv,
    )
    record = PlanImport.objects.filter(status=PlanImportStatus.PENDING).get()

    response = secretariat.post(reverse("plans:import_confirm", args=[record.pk]), follow=True)

    assert "Đã có kế hoạch số 125/KH-UBND" in response.content.decode()
    assert Task.objects.get(area__code="I", number="1").content == "Ban hành Kế hoạch CCHC năm 2023"


def test_upload_refuses_pdf_and_legacy_office_files_saying_what_to_do(catalogue, secretariat):
    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%...", content_type="application/pdf")
    response = secretariat.post(reverse("plans:import"), {"file": pdf})
    assert response.status_code == 200
    assert "Tệp PDF không đọc được bảng nhiệm vụ. Hãy dùng bản Word (.docx) hoặc Excel (.xlsx)" in (
        response.content.decode()
    )
    doc = SimpleUploadedFile("ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    page = secretariat.post(reverse("plans:import"), {"file": doc}).content.decode()
    assert "Tệp .doc là định dạng Office cũ, chưa đọc được." in page
    assert "“Lưu thành” (Save As) .xlsx hoặc .docx" in page
    renamed = secretariat.post(reverse("plans:import"), {"file": xlsx(b"MZ not excel")})
    assert renamed.status_code == 200
    assert PlanImport.objects.count() == 0


def test_the_header_is_read_from_the_file_and_corrected_before_confirming(cast, catalogue, secretariat):
    rows = standard_rows()
    rows[2] = ["(Kèm theo Kế hoạch số 15/KH-SNV ngày 08/01/2023 của Sở Nội vụ)"]
    # Only the file: number, year, issue date and issuer come from its title rows.
    response = secretariat.post(reverse("plans:import"), {"file": xlsx(workbook_bytes(rows, merges=STANDARD_MERGES))})
    record = PlanImport.objects.get()
    assert response["Location"] == reverse("plans:import_preview", args=[record.pk])
    assert (record.number, record.year, record.issued_on, record.issuing_unit) == (
        "15/KH-SNV",
        2023,
        D(2023, 1, 8),
        catalogue.snv,
    )
    page = secretariat.get(reverse("plans:import_preview", args=[record.pk])).content.decode()
    assert "Đọc từ tệp: “Kèm theo Kế hoạch số 15/KH-SNV ngày 08/01/2023 của Sở Nội vụ”" in page
    assert 'name="number" value="15/KH-SNV"' in page

    response = secretariat.post(
        reverse("plans:import_header", args=[record.pk]),
        {"number": "16/KH-SNV", "year": "2023", "issuing_unit": catalogue.snv.pk, "issued_on": "2023-01-09"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.number, record.issued_on) == ("16/KH-SNV", D(2023, 1, 9))
    secretariat.post(reverse("plans:import_confirm", args=[record.pk]))
    plan = Plan.objects.get()
    assert (plan.number, plan.issued_on, plan.issuing_unit, plan.year) == (
        "16/KH-SNV",
        D(2023, 1, 9),
        catalogue.snv,
        2023,
    )


def test_without_a_number_the_import_asks_for_it(catalogue, secretariat):
    rows = standard_rows()
    rows[2] = []  # no "Kèm theo Kế hoạch số …" line
    secretariat.post(reverse("plans:import"), {"file": xlsx(workbook_bytes(rows, merges=STANDARD_MERGES))})
    record = PlanImport.objects.get()
    assert (record.number, record.issuing_unit) == ("", None)
    page = secretariat.get(reverse("plans:import_preview", args=[record.pk])).content.decode()
    assert "Nhập số hiệu văn bản và cơ quan ban hành ở phần thông tin văn bản để có thể nhập." in page
    assert "Xác nhận nhập kế hoạch" not in page
    page = secretariat.post(reverse("plans:import_header", args=[record.pk]), {"number": ""}).content.decode()
    assert "Trường này là bắt buộc." in page
    response = secretariat.post(reverse("plans:import_confirm", args=[record.pk]), follow=True)
    assert "Chưa có số hiệu văn bản hoặc cơ quan ban hành" in response.content.decode()
    assert Plan.objects.count() == 0


def test_cancel_deletes_the_stored_file(catalogue, secretariat, media_root):
    upload(secretariat, standard_workbook(), issuer=catalogue.snv)
    record = PlanImport.objects.get()
    path = media_root / record.file.name
    assert path.exists()

    response = secretariat.post(reverse("plans:import_cancel", args=[record.pk]))

    assert response["Location"] == reverse("plans:list")
    record.refresh_from_db()
    assert record.status == PlanImportStatus.CANCELLED
    assert not path.exists()
    assert Plan.objects.count() == 0


def test_template_download_has_the_header_and_the_seven_areas(catalogue, secretariat):
    response = secretariat.get(reverse("plans:import_template"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mau-ke-hoach-cchc.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert sheet.cell(4, 2).value == "Nội dung nhiệm vụ"
    assert [sheet.cell(r, 1).value for r in range(5, 5 + 7 * 4, 4)] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    guide = [row[0] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert "Sở Kế hoạch và Đầu tư" in guide and "Các sở, ban, ngành" in guide


def test_the_plan_list_offers_the_import_to_the_secretariat_only(cast, secretariat):
    assert "Nhập kế hoạch từ Excel" in secretariat.get(reverse("plans:list")).content.decode()
    assert "Nhập kế hoạch từ Excel" not in cast.client(cast.leader).get(reverse("plans:list")).content.decode()


@pytest.fixture
def pending(cast, catalogue):
    from planning.services import plan_import_start

    return plan_import_start(
        upload=xlsx(standard_workbook()),
        number="125/KH-UBND",
        year=2023,
        title="",
        issuing_unit=catalogue.snv,
        issued_on=None,
        by=cast.secretariat,
    )


def _urls(pk):
    return [
        ("get", reverse("plans:import")),
        ("get", reverse("plans:import_template")),
        ("get", reverse("plans:import_preview", args=[pk])),
        ("post", reverse("plans:import_confirm", args=[pk])),
        ("post", reverse("plans:import_cancel", args=[pk])),
    ]


@pytest.mark.parametrize("role", ["leader", "staff_a", "head_a", "outsider"])
def test_only_the_secretariat_may_import(cast, pending, role):
    client = cast.client(getattr(cast, role))
    for method, url in _urls(pending.pk):
        assert getattr(client, method)(url).status_code == 403, url
    assert Plan.objects.count() == 0


def test_anonymous_users_are_sent_to_login(cast, pending):
    client = cast.client(None)
    for method, url in _urls(pending.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_another_secretariat_member_cannot_open_someone_elses_upload(cast, pending):
    from accounts.roles import Role
    from tests.factories import make_user

    other = cast.client(make_user("tt2", role=Role.SECRETARIAT))
    assert other.get(reverse("plans:import_preview", args=[pending.pk])).status_code == 404
    assert other.post(reverse("plans:import_confirm", args=[pending.pk])).status_code == 404


def test_confirm_and_cancel_refuse_get(cast, pending):
    client = cast.client(cast.secretariat)
    assert client.get(reverse("plans:import_confirm", args=[pending.pk])).status_code == 405
    assert client.get(reverse("plans:import_cancel", args=[pending.pk])).status_code == 405


def _many_tasks(n: int) -> bytes:
    from .conftest import HEADER, workbook_bytes

    rows = [HEADER, ["I", "Công tác chỉ đạo, điều hành cải cách hành chính"]]
    rows += [[i, f"Nhiệm vụ số {i}", "Báo cáo", "Sở Nội vụ", "Các sở, ban, ngành", "Quý IV"] for i in range(1, n + 1)]
    return workbook_bytes(rows)


def test_preview_and_confirm_queries_do_not_grow_with_the_number_of_tasks(catalogue, secretariat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for number, n in (("1/KH", 3), ("2/KH", 90)):
        upload(secretariat, _many_tasks(n), number=number, issuer=catalogue.snv)
        record = PlanImport.objects.get(number=number)
        with CaptureQueriesContext(connection) as preview:
            secretariat.get(reverse("plans:import_preview", args=[record.pk]))
        with CaptureQueriesContext(connection) as confirm:
            secretariat.post(reverse("plans:import_confirm", args=[record.pk]))
        counts.append((len(preview), len(confirm)))
        assert Plan.objects.get(number=number).tasks.count() == n

    assert counts[0][0] == counts[1][0]
    # Bulk inserts: SQLite splits 90 rows into two batches (999 parameters per query); no query per row.
    assert counts[0][1] <= counts[1][1] <= counts[0][1] + 2
    assert Task.coordinating_units.through.objects.filter(task__plan__number="2/KH").count() == 90 * 4


def test_the_same_number_under_another_issuer_is_pointed_out(catalogue, secretariat):
    upload(secretariat, standard_workbook(), issuer=catalogue.snv)
    secretariat.post(reverse("plans:import_confirm", args=[PlanImport.objects.get().pk]))
    upload(secretariat, standard_workbook(), issuer=catalogue.vp)
    record = PlanImport.objects.filter(status=PlanImportStatus.PENDING).get()

    page = secretariat.get(reverse("plans:import_preview", args=[record.pk])).content.decode()

    assert "Đã có kế hoạch số 125/KH-UBND do Sở Nội vụ ban hành." in page
    assert "Xác nhận nhập kế hoạch" in page
