"""Bulk import of users from Excel: upload → preview (errors by sheet, row and column) →
confirm in one transaction."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts import imports
from accounts.models import User, UserImport, UserImportStatus
from accounts.roles import Role
from audit.models import AuditAction, AuditEntry
from tests.factories import make_user

HEADER = ["Mã đơn vị", "Họ và tên", "E-mail", "Vai trò", "Tên đăng nhập"]


def workbook(rows, *, header=HEADER, title="Danh sách") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["DANH SÁCH NGƯỜI DÙNG"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name="nguoi-dung.xlsx"):
    return client.post(reverse("accounts:user_import"), {"file": SimpleUploadedFile(name, content)})


GOOD = [
    ["SA", "Nguyễn Thị Thu", "thu@example.vn", "Cán bộ đơn vị", ""],
    ["sb", "Trần Văn Nam", "Nam.Tran@example.vn", "lãnh đạo đơn vị", "tvnam"],
    ["", "Lê Hoàng", "hoang@example.vn", "Lãnh đạo / Ban Chỉ đạo", None],
]


@pytest.mark.django_db
def test_preview_lists_every_error_by_sheet_row_and_column(cast):
    cast.staff_a.email = "cb_a@example.vn"
    cast.staff_a.save()
    rows = [
        ["XX", "Nguyễn Văn A", "a@example.vn", "Cán bộ đơn vị", ""],
        ["SA", "", "khong-phai-email", "Cán bộ đơn vị", ""],
        ["SA", "Phạm B", "CB_A@example.vn", "Thư ký", "cb_a"],
        ["", "Võ C", "c@example.vn", "unit_head", "ten co dau cách"],
        ["SA", "Đỗ D", "a@example.vn", "", ""],
    ]
    client = cast.client(cast.secretariat)
    response = upload(client, workbook(rows))
    record = UserImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_import_preview", args=[record.pk])
    preview = client.get(response["Location"])
    issues = [(i["sheet"], i["row"], i["column"], i["message"]) for i in preview.context["check"].issues]
    assert issues == [
        ("Danh sách", 3, "A (Mã đơn vị)", "Không có đơn vị mã “XX” trong danh mục."),
        ("Danh sách", 4, "B (Họ và tên)", "Thiếu họ và tên."),
        ("Danh sách", 4, "C (E-mail)", "“khong-phai-email” không phải là địa chỉ e-mail hợp lệ."),
        ("Danh sách", 5, "C (E-mail)", "E-mail cb_a@example.vn đã thuộc về một người dùng khác."),
        (
            "Danh sách",
            5,
            "D (Vai trò)",
            "Không có vai trò “Thư ký”; dùng một trong: Thường trực CCHC; Lãnh đạo / Ban Chỉ đạo; "
            "Lãnh đạo đơn vị; Cán bộ đơn vị.",
        ),
        ("Danh sách", 5, "E (Tên đăng nhập)", "Tên đăng nhập cb_a đã có người dùng."),
        (
            "Danh sách",
            6,
            "A (Mã đơn vị)",
            "Cán bộ và lãnh đạo đơn vị phải thuộc một đơn vị: thiếu mã đơn vị.",
        ),
        (
            "Danh sách",
            6,
            "E (Tên đăng nhập)",
            "Tên đăng nhập “ten co dau cách” chỉ được gồm chữ, số và các ký tự @ . + - _.",
        ),
        ("Danh sách", 7, "C (E-mail)", "E-mail a@example.vn trùng với dòng 3."),
        ("Danh sách", 7, "D (Vai trò)", "Thiếu vai trò."),
    ]
    html = preview.content.decode()
    assert "Đọc được 5 người dùng · 10 lỗi" in html
    assert 'data-testid="blocked"' in html and reverse("accounts:user_import_confirm", args=[record.pk]) not in html
    # Confirming anyway writes nothing.
    before = User.objects.count()
    refused = client.post(reverse("accounts:user_import_confirm", args=[record.pk]), follow=True)
    assert "Tệp còn lỗi nên chưa thể nhập; không có gì được ghi." in refused.content.decode()
    assert User.objects.count() == before
    assert UserImport.objects.get().status == UserImportStatus.PENDING


@pytest.mark.django_db
def test_confirm_creates_every_account_and_audits_it(cast, settings):
    settings.PASSWORD_RESET_BY_EMAIL = False
    client = cast.client(cast.secretariat)
    make_user("thu")  # the name the first row's e-mail suggests is taken: thu2
    preview = client.get(upload(client, workbook(GOOD))["Location"])
    html = preview.content.decode()
    assert "Đọc được 3 người dùng · 0 lỗi" in html
    assert "thu2" in html and "tự đặt theo e-mail" in html
    record = UserImport.objects.get()
    response = client.post(reverse("accounts:user_import_confirm", args=[record.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã nhập 3 người dùng." in html
    assert len(re.findall(r'value="http://testserver/accounts/reset/', html)) == 3
    created = {
        u.username: (u.get_full_name(), u.email, u.unit.code if u.unit else None, sorted(u.role_names))
        for u in User.objects.filter(username__in=["thu2", "tvnam", "hoang"])
    }
    assert created == {
        "thu2": ("Nguyễn Thị Thu", "thu@example.vn", "SA", [Role.UNIT_STAFF.value]),
        "tvnam": ("Trần Văn Nam", "nam.tran@example.vn", "SB", [Role.UNIT_HEAD.value]),
        "hoang": ("Lê Hoàng", "hoang@example.vn", None, [Role.LEADER.value]),
    }
    assert not any(u.has_usable_password() for u in User.objects.filter(username__in=created))
    record.refresh_from_db()
    assert (record.status, record.created_count, record.rows) == (UserImportStatus.APPLIED, 3, [])
    summary = AuditEntry.objects.get(action=AuditAction.USERS_IMPORTED)
    assert (summary.actor, summary.target, summary.detail) == (
        cast.secretariat,
        "nguoi-dung.xlsx",
        "3 người dùng: thu2, tvnam, hoang",
    )
    assert sorted(
        AuditEntry.objects.filter(action=AuditAction.USER_CREATED, actor=cast.secretariat).values_list(
            "target", "detail"
        )
    ) == [
        ("hoang", "đơn vị: —; vai trò: leader"),
        ("thu2", "đơn vị: SA; vai trò: unit_staff"),
        ("tvnam", "đơn vị: SB; vai trò: unit_head"),
    ]
    # The preview of an applied import sends back to the list; a second confirm writes nothing.
    assert client.get(reverse("accounts:user_import_preview", args=[record.pk])).status_code == 302
    again = client.post(reverse("accounts:user_import_confirm", args=[record.pk]), follow=True)
    assert "Tệp này đã được xử lý." in again.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.USERS_IMPORTED).count() == 1


@pytest.mark.django_db
def test_confirm_is_all_or_nothing(cast):
    client = cast.client(cast.secretariat)
    client.get(upload(client, workbook(GOOD))["Location"])
    record = UserImport.objects.get()
    make_user("tvnam")  # taken between the preview and the confirmation
    before = set(User.objects.values_list("username", flat=True))
    response = client.post(reverse("accounts:user_import_confirm", args=[record.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_import_preview", args=[record.pk])
    assert set(User.objects.values_list("username", flat=True)) == before
    assert UserImport.objects.get().status == UserImportStatus.PENDING
    assert not AuditEntry.objects.filter(action=AuditAction.USERS_IMPORTED).exists()
    issues = client.get(response["Location"]).context["check"].issues
    assert [(i["row"], i["message"]) for i in issues] == [(4, "Tên đăng nhập tvnam đã có người dùng.")]


@pytest.mark.django_db
def test_cancel_and_other_peoples_imports(cast):
    client = cast.client(cast.secretariat)
    upload(client, workbook(GOOD))
    record = UserImport.objects.get()
    other = make_user("tt2", role=Role.SECRETARIAT)
    assert cast.client(other).get(reverse("accounts:user_import_preview", args=[record.pk])).status_code == 404
    assert cast.client(cast.leader).get(reverse("accounts:user_import_preview", args=[record.pk])).status_code == 403
    assert Client().get(reverse("accounts:user_import_preview", args=[record.pk])).status_code == 302
    response = client.post(reverse("accounts:user_import_cancel", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.rows) == (UserImportStatus.CANCELLED, [])
    assert not User.objects.filter(username="tvnam").exists()


@pytest.mark.django_db
def test_upload_refuses_other_files(cast):
    client = cast.client(cast.secretariat)
    response = upload(client, b"hello", name="ds.csv")
    assert response.context["form"].errors == {"file": ["Chỉ nhận tệp Excel .xlsx."]}
    preview = client.get(upload(client, b"not a zip")["Location"])
    assert [i["message"] for i in preview.context["check"].issues] == [
        "Không đọc được tệp: tệp không phải là bảng tính Excel (.xlsx) hợp lệ."
    ]


@pytest.mark.django_db
def test_missing_columns_and_header(cast):
    read = imports.read_workbook(io.BytesIO(workbook([["SA", "A"]], header=["Mã đơn vị", "Họ và tên"])))
    assert [(i["row"], i["message"]) for i in read.issues] == [(2, "Thiếu cột: E-mail, Vai trò.")]
    read = imports.read_workbook(io.BytesIO(workbook([["x"]], header=["Cột 1", "Cột 2"])))
    assert [i["message"] for i in read.issues] == [
        "Không tìm thấy dòng tiêu đề (Mã đơn vị | Họ và tên | E-mail | Vai trò) trong 10 dòng đầu."
    ]


def test_reading_is_bounded(monkeypatch):
    content = workbook([["SA", f"Người {n}", f"n{n}@example.vn", "Cán bộ đơn vị", ""] for n in range(5)])
    read = imports.read_workbook(io.BytesIO(content), max_rows=4)
    assert read.rows == []
    assert [(i["row"], i["message"]) for i in read.issues] == [
        (7, "Tệp có hơn 4 dòng người dùng; hãy chia thành nhiều tệp.")
    ]
    assert len(imports.read_workbook(io.BytesIO(content), max_rows=5).rows) == 5
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", 1000)
    read = imports.read_workbook(io.BytesIO(content))
    assert [i["message"] for i in read.issues] == ["Tệp quá lớn khi giải nén; hãy chỉ giữ lại danh sách người dùng."]


@pytest.mark.django_db
def test_template_round_trip(cast):
    client = cast.client(cast.secretariat)
    response = client.get(reverse("accounts:user_import_template"))
    assert response["Content-Disposition"] == 'attachment; filename="mau-nguoi-dung.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Người dùng", "Hướng dẫn"]
    sheet = book["Người dùng"]
    assert [c.value for c in sheet[1]] == HEADER
    guide = [row[1] for row in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert "SA" in guide and "unit_staff" in guide
    sheet.append(["SA", "Hồ Thị E", "e@example.vn", "Cán bộ đơn vị", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = client.get(upload(client, buffer.getvalue())["Location"])
    check = preview.context["check"]
    assert (check.issues, [(r.row, r.username, r.role) for r in check.rows]) == ([], [(2, "e", "unit_staff")])
