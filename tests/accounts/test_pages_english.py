"""The users pages and the password-link page in the second language."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_users_page_and_import_errors_in_english(cast):
    client = english(cast.client(cast.secretariat))
    html = client.get(reverse("accounts:user_list")).content.decode()
    assert "Add a user" in html and "Reset password" in html and "Thêm người dùng" not in html
    book = Workbook()
    book.active.append(["Mã đơn vị", "Họ và tên", "E-mail", "Vai trò"])
    book.active.append(["XX", "", "x@example.vn", "Unit staff"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        reverse("accounts:user_import"), {"file": SimpleUploadedFile("u.xlsx", buffer.getvalue())}, follow=True
    )
    messages = [issue["message"] for issue in response.context["check"].issues]
    assert messages == ["No unit with the code “XX” in the catalogue.", "Full name missing."]
    assert "Read 1 user · 2 errors" in response.content.decode()


@pytest.mark.django_db
def test_invalid_password_link_in_english():
    page = english(Client()).get(reverse("accounts:password_reset_confirm", args=["MA", "x-y"]))
    assert "This link no longer works" in page.content.decode()


@pytest.mark.django_db
def test_template_downloaded_in_english_imports(cast):
    from openpyxl import load_workbook

    client = english(cast.client(cast.secretariat))
    book = load_workbook(io.BytesIO(client.get(reverse("accounts:user_import_template")).content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["Unit code", "Full name", "E-mail", "Role", "Username"]
    sheet.append(["SA", "Hồ Thị E", "e@example.vn", "Unit staff", ""])
    sheet.append(["SB", "Lý Văn F", "f@example.vn", "Cán bộ đơn vị", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        reverse("accounts:user_import"), {"file": SimpleUploadedFile("u.xlsx", buffer.getvalue())}, follow=True
    )
    check = response.context["check"]
    assert (check.issues, [row.role for row in check.rows]) == ([], ["unit_staff", "unit_staff"])
