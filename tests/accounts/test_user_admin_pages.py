"""The secretariat's users page: list, create, edit, deactivate, password links."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.roles import Role
from audit.models import AuditAction, AuditEntry
from tests.factories import make_user

PAGES = [
    ("accounts:user_list", None),
    ("accounts:user_create", None),
    ("accounts:user_edit", "staff_a"),
    ("accounts:user_import", None),
    ("accounts:user_import_template", None),
]
ACTIONS = ["accounts:user_deactivate", "accounts:user_reactivate", "accounts:user_password_link"]


def _latest_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _logs_in(username: str, password: str) -> bool:
    response = Client().post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302


def _url(cast, name, target):
    return reverse(name, args=[getattr(cast, target).pk]) if target else reverse(name)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "target"), PAGES)
def test_pages_are_for_the_secretariat_only(cast, name, target):
    url = _url(cast, name, target)
    assert cast.client(cast.secretariat).get(url).status_code == 200
    for who in ("leader", "staff_a", "head_a", "outsider"):
        assert cast.client(getattr(cast, who)).get(url).status_code == 403, who
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ACTIONS)
def test_actions_take_post_from_the_secretariat_only(cast, name):
    url = reverse(name, args=[cast.staff_b.pk])
    start = _latest_id()
    assert cast.client(cast.secretariat).get(url).status_code == 405
    for who in ("leader", "staff_a", "head_a", "outsider"):
        assert cast.client(getattr(cast, who)).post(url).status_code == 403, who
    response = Client().post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    cast.staff_b.refresh_from_db()
    assert cast.staff_b.is_active
    assert not AuditEntry.objects.filter(id__gt=start).exclude(action=AuditAction.LOGIN).exists()


@pytest.mark.django_db
def test_list_filters_by_unit_role_and_state_and_searches(cast):
    cast.staff_b.is_active = False
    cast.staff_b.save()
    client = cast.client(cast.secretariat)

    def names(**params):
        page = client.get(reverse("accounts:user_list"), params).context["page"]
        return sorted(user.username for user in page)

    assert names() == ["cb_a", "head_a", "ld", "nobody", "tt"]  # active ones by default
    assert names(active="all") == ["cb_a", "cb_b", "head_a", "ld", "nobody", "tt"]
    assert names(active="0") == ["cb_b"]
    assert names(unit=cast.unit_a.pk) == ["cb_a", "head_a"]
    assert names(role=Role.UNIT_HEAD.value) == ["head_a"]
    assert names(q="head") == ["head_a"]
    html = client.get(reverse("accounts:user_list"), {"active": "0"}).content.decode()
    assert "Đã khóa" in html and "Mở lại" in html


@pytest.mark.django_db
def test_create_user_without_e_mail_shows_the_link_once(cast, settings):
    settings.PASSWORD_RESET_BY_EMAIL = False
    client = cast.client(cast.secretariat)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "nvthu",
            "full_name": "  Nguyễn Thị   Thu ",
            "email": "Thu@Example.vn",
            "unit": cast.unit_a.pk,
            "roles": [Role.UNIT_STAFF.value],
        },
    )
    assert response.status_code == 200
    user = User.objects.get(username="nvthu")
    assert (user.last_name, user.first_name, user.get_full_name()) == ("Nguyễn Thị", "Thu", "Nguyễn Thị Thu")
    assert (user.email, user.unit, user.is_unit_staff, user.has_usable_password()) == (
        "thu@example.vn",
        cast.unit_a,
        True,
        False,
    )
    html = response.content.decode()
    assert "Đã tạo tài khoản Nguyễn Thị Thu" in html
    links = re.findall(r'value="(http://testserver/accounts/reset/[^"]+)"', html)
    assert len(links) == 1
    assert response["Cache-Control"] == "no-store"
    assert mail.outbox == []
    entries = list(AuditEntry.objects.filter(target="nvthu").order_by("id").values_list("action", "actor", "detail"))
    assert entries == [
        (AuditAction.USER_CREATED, cast.secretariat.pk, "đơn vị: SA; vai trò: unit_staff"),
        (AuditAction.PASSWORD_RESET_ISSUED, cast.secretariat.pk, "hiển thị cho thường trực"),
    ]


@pytest.mark.django_db
def test_create_refuses_a_taken_name_or_e_mail_and_a_unit_role_without_unit(cast):
    cast.staff_a.email = "cb@example.vn"
    cast.staff_a.save()
    response = cast.client(cast.secretariat).post(
        reverse("accounts:user_create"),
        {"username": "CB_A", "full_name": "Trần Văn B", "email": "CB@example.vn", "roles": [Role.UNIT_HEAD.value]},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["username"] == ["Tên đăng nhập này đã có người dùng."]
    assert errors["email"] == ["E-mail này đã thuộc về một người dùng khác."]
    assert errors["unit"] == ["Cán bộ và lãnh đạo đơn vị phải thuộc một đơn vị."]
    assert User.objects.count() == 6


@pytest.mark.django_db
def test_edit_changes_unit_and_role_with_one_audit_entry_each(cast):
    start = _latest_id()
    response = cast.client(cast.secretariat).post(
        reverse("accounts:user_edit", args=[cast.staff_a.pk]),
        {
            "full_name": "Cán Bộ A",
            "email": "",
            "unit": cast.unit_b.pk,
            "roles": [Role.UNIT_HEAD.value],
        },
    )
    assert response.context["form"].errors == {"email": ["Trường này là bắt buộc."]}
    response = cast.client(cast.secretariat).post(
        reverse("accounts:user_edit", args=[cast.staff_a.pk]),
        {"full_name": "Cán Bộ A", "email": "a@example.vn", "unit": cast.unit_b.pk, "roles": [Role.UNIT_HEAD.value]},
    )
    assert response.status_code == 302
    user = User.objects.get(pk=cast.staff_a.pk)
    assert (user.unit, user.is_unit_head, user.is_unit_staff) == (cast.unit_b, True, False)
    entries = list(
        AuditEntry.objects.filter(target="cb_a", id__gt=start).order_by("id").values_list("action", "detail")
    )
    assert entries == [
        (AuditAction.USER_CHANGED, "họ và tên: — → Cán Bộ A; e-mail: — → a@example.vn; đơn vị: SA → SB"),
        (AuditAction.ROLES_CHANGED, "vai trò: unit_staff → unit_head"),
    ]


@pytest.mark.django_db
def test_secretariat_cannot_drop_its_own_role(cast):
    cast.secretariat.email = "tt@example.vn"
    cast.secretariat.save()
    response = cast.client(cast.secretariat).post(
        reverse("accounts:user_edit", args=[cast.secretariat.pk]),
        {"full_name": "Thường Trực", "email": "tt@example.vn", "roles": [Role.LEADER.value]},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Bạn không thể tự bỏ vai trò thường trực của mình."]
    assert User.objects.get(pk=cast.secretariat.pk).is_secretariat


@pytest.mark.django_db
def test_deactivate_and_reactivate_never_delete(cast, password):
    start = _latest_id()
    client = cast.client(cast.secretariat)
    response = client.post(reverse("accounts:user_deactivate", args=[cast.staff_a.pk]))
    assert response.status_code == 302
    user = User.objects.get(pk=cast.staff_a.pk)
    assert not user.is_active
    # The person cannot log in any more, and a session they had stops working.
    assert not _logs_in("cb_a", password)
    assert cast.client(user).get(reverse("tasks:mine")).status_code == 302
    client.post(reverse("accounts:user_reactivate", args=[cast.staff_a.pk]))
    assert User.objects.get(pk=cast.staff_a.pk).is_active
    actions = list(
        AuditEntry.objects.filter(target="cb_a", id__gt=start).order_by("id").values_list("action", flat=True)
    )
    assert actions == [AuditAction.USER_DEACTIVATED, AuditAction.USER_REACTIVATED]


@pytest.mark.django_db
def test_secretariat_cannot_deactivate_itself(cast):
    client = cast.client(cast.secretariat)
    response = client.post(reverse("accounts:user_deactivate", args=[cast.secretariat.pk]), follow=True)
    assert "Bạn không thể tự khóa tài khoản của mình." in response.content.decode()
    assert User.objects.get(pk=cast.secretariat.pk).is_active
    assert not AuditEntry.objects.filter(action=AuditAction.USER_DEACTIVATED).exists()


@pytest.mark.django_db
def test_superusers_are_not_managed_from_the_users_page(cast):
    root = make_user("root", is_superuser=True, is_staff=True)
    client = cast.client(cast.secretariat)
    for name in ACTIONS:
        assert client.post(reverse(name, args=[root.pk])).status_code == 403
    assert client.get(reverse("accounts:user_edit", args=[root.pk])).status_code == 403
    assert "Quản lý trong trang quản trị" in client.get(reverse("accounts:user_list")).content.decode()
    assert cast.client(root).get(reverse("accounts:user_edit", args=[cast.secretariat.pk])).status_code == 200
    assert client.get(reverse("accounts:user_edit", args=[999999])).status_code == 404


def _link_path(html: str) -> str:
    return re.search(r'value="http://testserver(/accounts/reset/[^"]+)"', html).group(1)


@pytest.mark.django_db
def test_password_link_works_once(cast, settings):
    settings.PASSWORD_RESET_BY_EMAIL = False
    start = _latest_id()
    response = cast.client(cast.secretariat).post(reverse("accounts:user_password_link", args=[cast.staff_b.pk]))
    path = _link_path(response.content.decode())
    person = Client()
    page = person.get(path, follow=True)
    assert page.status_code == 200
    assert "Đặt mật khẩu mới cho tài khoản cb_b" in page.content.decode()
    set_url = page.redirect_chain[-1][0]
    done = person.post(set_url, {"new_password1": "Mật-khẩu-mới-2026", "new_password2": "Mật-khẩu-mới-2026"})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_reset_complete")
    assert _logs_in("cb_b", "Mật-khẩu-mới-2026")
    # The same link again: refused, in Vietnamese.
    again = Client().get(path, follow=True)
    assert "Liên kết không còn hiệu lực" in again.content.decode()
    assert "new_password1" not in again.content.decode()
    actions = list(
        AuditEntry.objects.filter(target="cb_b", id__gt=start).order_by("id").values_list("action", flat=True)
    )
    assert actions == [AuditAction.PASSWORD_RESET_ISSUED, AuditAction.PASSWORD_CHANGED]


@pytest.mark.django_db
def test_password_link_is_e_mailed_when_e_mail_is_configured(cast, settings):
    settings.PASSWORD_RESET_BY_EMAIL = True
    cast.staff_b.email = "cb_b@example.vn"
    cast.staff_b.save()
    response = cast.client(cast.secretariat).post(reverse("accounts:user_password_link", args=[cast.staff_b.pk]))
    html = response.content.decode()
    assert "đã được gửi qua e-mail" in html and "cb_b@example.vn" in html
    assert "/accounts/reset/" not in html
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["cb_b@example.vn"]
    assert message.subject == "Đặt mật khẩu tài khoản CCHC Tracker"
    path = re.search(r"http://testserver(/accounts/reset/\S+)", message.body).group(1)
    uidb64, token = path.rstrip("/").split("/")[-2:]
    assert uidb64 == urlsafe_base64_encode(force_bytes(cast.staff_b.pk))
    assert default_token_generator.check_token(cast.staff_b, token)
    entry = AuditEntry.objects.get(action=AuditAction.PASSWORD_RESET_ISSUED)
    assert entry.detail == "gửi qua e-mail tới cb_b@example.vn"


@pytest.mark.django_db
def test_no_password_link_for_a_deactivated_account(cast):
    cast.staff_b.is_active = False
    cast.staff_b.save()
    response = cast.client(cast.secretariat).post(
        reverse("accounts:user_password_link", args=[cast.staff_b.pk]), follow=True
    )
    assert "hãy mở lại trước khi cấp liên kết" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.PASSWORD_RESET_ISSUED).exists()


@pytest.mark.django_db
def test_navigation_shows_users_to_the_secretariat_only(cast):
    url = reverse("accounts:user_list")
    assert f'href="{url}"' in cast.client(cast.secretariat).get(reverse("plans:list")).content.decode()
    assert f'href="{url}"' not in cast.client(cast.leader).get(reverse("plans:list")).content.decode()


@pytest.mark.django_db
def test_list_reads_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    from django.contrib.auth.models import Group

    staff = Group.objects.get(name=Role.UNIT_STAFF.value)
    for n in range(60):
        make_user(f"u{n:02d}", unit=cast.unit_a).groups.add(staff)
    client = cast.client(cast.secretariat)
    client.get(reverse("accounts:user_list"))  # session and language settle
    with django_assert_max_num_queries(10):  # 9 + the bell (notifications/context_processors.py)
        response = client.get(reverse("accounts:user_list"), {"page": 2})
    assert len(response.context["page"]) == 16
