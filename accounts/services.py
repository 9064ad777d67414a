"""Changing user accounts from the users page: the one write path for them in the app. Each
change writes one explicit audit entry (the user and role signals stay silent meanwhile; they
still cover the Django admin and the shell). Accounts are never deleted: history keeps the
person, so leaving the agency is a deactivation."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from audit.context import audited_by_caller
from audit.models import AuditAction
from audit.services import audit_record
from units.models import Unit

from . import imports
from .models import User, UserImport, UserImportStatus
from .roles import Role

logger = logging.getLogger(__name__)


class UserAdminError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _describe(*, unit: Unit | None, roles: Iterable[str]) -> str:
    return _("đơn vị: %(unit)s; vai trò: %(roles)s") % {
        "unit": unit.code if unit else "—",
        "roles": ", ".join(sorted(roles)) or "—",
    }


def _groups(roles: Iterable[str]) -> list[Group]:
    return list(Group.objects.filter(name__in=[Role(role).value for role in roles]))


def user_create(
    *, username: str, full_name: str, email: str, unit: Unit | None, roles: Iterable[str], by: User
) -> User:
    """A new account without a usable password: its holder sets one through a one-time link
    (password_link_issue)."""
    roles = sorted(set(roles))
    last_name, first_name = imports.split_full_name(full_name)
    with transaction.atomic(), audited_by_caller():
        user = User(username=username, email=email.strip(), first_name=first_name, last_name=last_name, unit=unit)
        user.set_unusable_password()
        user.save()
        user.groups.set(_groups(roles))
        audit_record(
            action=AuditAction.USER_CREATED,
            actor=by,
            target=username,
            detail=_describe(unit=unit, roles=roles),
        )
    return user


def user_update(
    *, user: User, full_name: str, email: str, unit: Unit | None, roles: Iterable[str], by: User
) -> list[str]:
    """Changes name, e-mail, unit and roles; returns what changed (empty: nothing saved)."""
    roles = sorted(set(roles))
    before_roles = sorted(user.groups.values_list("name", flat=True))
    if user.pk == by.pk and Role.SECRETARIAT.value in before_roles and Role.SECRETARIAT.value not in roles:
        raise UserAdminError(_("Bạn không thể tự bỏ vai trò thường trực của mình."))
    last_name, first_name = imports.split_full_name(full_name)
    changes = []
    if (user.last_name, user.first_name) != (last_name, first_name):
        changes.append(_("họ và tên: %(old)s → %(new)s") % {"old": user.get_full_name() or "—", "new": full_name})
    if user.email != email.strip():
        changes.append(_("e-mail: %(old)s → %(new)s") % {"old": user.email or "—", "new": email.strip() or "—"})
    if user.unit_id != (unit.pk if unit else None):
        changes.append(
            _("đơn vị: %(old)s → %(new)s")
            % {"old": user.unit.code if user.unit else "—", "new": unit.code if unit else "—"}
        )
    roles_changed = before_roles != roles
    if not changes and not roles_changed:
        return []
    with transaction.atomic(), audited_by_caller():
        if changes:
            user.last_name, user.first_name, user.email, user.unit = last_name, first_name, email.strip(), unit
            user.save(update_fields=["last_name", "first_name", "email", "unit"])
            audit_record(action=AuditAction.USER_CHANGED, actor=by, target=user.username, detail="; ".join(changes))
        if roles_changed:
            user.groups.set(_groups(roles))
            detail = _("vai trò: %(old)s → %(new)s") % {
                "old": ", ".join(before_roles) or "—",
                "new": ", ".join(roles) or "—",
            }
            audit_record(action=AuditAction.ROLES_CHANGED, actor=by, target=user.username, detail=detail)
            changes.append(detail)
    user.__dict__.pop("role_names", None)
    return changes


def user_set_active(*, user: User, active: bool, by: User) -> bool:
    """Deactivates (or reactivates) an account; False when it already was. A deactivated
    person can no longer log in, and their open sessions stop working at the next request
    (the auth backend refuses inactive users); everything they did stays theirs."""
    if not active and user.pk == by.pk:
        raise UserAdminError(_("Bạn không thể tự khóa tài khoản của mình."))
    if user.is_active == active:
        return False
    with transaction.atomic(), audited_by_caller():
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            action=AuditAction.USER_REACTIVATED if active else AuditAction.USER_DEACTIVATED,
            actor=by,
            target=user.username,
        )
    return True


@dataclass(frozen=True)
class PasswordLink:
    user: User
    url: str
    emailed: bool


def password_reset_by_email() -> bool:
    return bool(getattr(settings, "PASSWORD_RESET_BY_EMAIL", False))


def password_link_issue(*, user: User, by: User, build_uri: Callable[[str], str]) -> PasswordLink:
    """A one-time link to set a new password (Django's reset token: it stops working once
    the password is set, after a login, or after PASSWORD_RESET_TIMEOUT). E-mailed to the
    person when e-mail is configured and they have an address; otherwise, or when sending
    fails, the caller shows it once to the secretariat."""
    if not user.is_active:
        raise UserAdminError(_("Tài khoản đang bị khóa: hãy mở lại trước khi cấp liên kết đặt mật khẩu."))
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    url = build_uri(path)
    emailed = False
    if password_reset_by_email() and user.email:
        context = {"user": user, "url": url, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        try:
            send_mail(
                subject=render_to_string("registration/password_set_subject.txt", context).strip(),
                message=render_to_string("registration/password_set_email.txt", context),
                from_email=None,
                recipient_list=[user.email],
            )
            emailed = True
        except Exception:  # SMTP down or refused: the secretariat gets the link instead
            logger.exception("Sending the password link to %s failed", user.username)
    audit_record(
        action=AuditAction.PASSWORD_RESET_ISSUED,
        actor=by,
        target=user.username,
        detail=_("gửi qua e-mail tới %(email)s") % {"email": user.email} if emailed else _("hiển thị cho thường trực"),
    )
    return PasswordLink(user=user, url=url, emailed=emailed)


# Bulk import: upload (read once) → check → confirm in one transaction.


class UserImportError(UserAdminError):
    pass


def user_import_start(*, upload, by: User) -> UserImport:
    read = imports.read_workbook(upload)
    return UserImport.objects.create(
        original_name=upload.name[:255],
        sheet=read.sheet[:64],
        columns=read.columns,
        rows=read.rows,
        file_issues=read.issues,
        created_by=by,
    )


def user_import_check(*, record: UserImport) -> imports.CheckResult:
    units = {
        code.upper(): (pk, name, active)
        for pk, code, name, active in Unit.objects.values_list("pk", "code", "name", "is_active")
    }
    return imports.check_rows(
        sheet=record.sheet,
        columns=record.columns,
        rows=record.rows,
        file_issues=record.file_issues,
        units_by_code=units,
        taken_usernames=set(User.objects.annotate(name=Lower("username")).values_list("name", flat=True)),
        taken_emails=set(User.objects.exclude(email="").annotate(mail=Lower("email")).values_list("mail", flat=True)),
        username_validator=User.username_validator,
    )


@transaction.atomic
def user_import_confirm(*, record: UserImport, by: User) -> list[User]:
    """Creates every row's account, or none: any problem found now (a name taken since the
    preview, say) rolls the whole import back."""
    record = UserImport.objects.select_for_update().get(pk=record.pk)
    if record.status != UserImportStatus.PENDING:
        raise UserImportError(_("Tệp này đã được xử lý."))
    check = user_import_check(record=record)
    if check.blocked:
        raise UserImportError(_("Tệp còn lỗi nên chưa thể nhập; không có gì được ghi."))
    groups = {group.name: group for group in Group.objects.all()}
    units = Unit.objects.in_bulk([row.unit_pk for row in check.rows if row.unit_pk])
    created = []
    with audited_by_caller():
        for row in check.rows:
            user = User(
                username=row.username,
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                unit=units.get(row.unit_pk),
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(groups[row.role])
            audit_record(
                action=AuditAction.USER_CREATED,
                actor=by,
                target=user.username,
                detail=_describe(unit=user.unit, roles=[row.role]),
            )
            created.append(user)
    audit_record(
        action=AuditAction.USERS_IMPORTED,
        actor=by,
        target=record.original_name,
        detail=_("%(count)s người dùng: %(names)s")
        % {
            "count": len(created),
            "names": ", ".join(user.username for user in created),
        },
    )
    record.status = UserImportStatus.APPLIED
    record.created_count = len(created)
    record.rows = []  # the cells (names, e-mails) are in the accounts now
    record.save(update_fields=["status", "created_count", "rows", "updated_at"])
    return created


def user_import_cancel(*, record: UserImport) -> None:
    record.status = UserImportStatus.CANCELLED
    record.rows = []
    record.save(update_fields=["status", "rows", "updated_at"])


def user_set_language(*, user: User, language: str) -> None:
    """The interface language a person chose ("vi" or "en"). A preference, not an account
    change: no audit entry, and only this column is written."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(f"unknown language {language!r}")
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


def password_change_audit(*, user: User) -> None:
    audit_record(action=AuditAction.PASSWORD_CHANGED, actor=user, target=user.username)


# Two-factor authentication (accounts/otp.py).


def otp_device_pending(*, user: User):
    """The user's not yet confirmed TOTP device, made on first visit of the enrolment page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="CCHC Tracker", confirmed=False)
    return device


def otp_enrol_confirm(*, device, user: User) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(action=AuditAction.OTP_ENROLLED, actor=user, target=user.username)
