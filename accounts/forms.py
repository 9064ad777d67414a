from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from units.models import Unit

from .imports import UNIT_ROLES
from .models import User
from .roles import Role

MAX_IMPORT_MB = 2


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.all(), required=False, empty_label=_("Tất cả đơn vị")
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=[("", _("Mọi vai trò")), *Role.choices], required=False)
    active = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("1", _("Đang hoạt động")), ("0", _("Đã khóa")), ("all", _("Tất cả"))],
        required=False,
    )

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        active = data.get("active") or "1"
        return {
            "unit_id": data["unit"].pk if data.get("unit") else None,
            "role": data.get("role") or "",
            "active": None if active == "all" else active == "1",
            "q": data.get("q") or "",
        }


class _AccountFields(forms.Form):
    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=150, help_text=_("Họ trước, tên sau, ví dụ: Nguyễn Thị Thu")
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.active(),
        required=False,
        empty_label=_("Không thuộc đơn vị nào"),
        help_text=_("Bắt buộc với cán bộ và lãnh đạo đơn vị"),
    )
    roles = forms.MultipleChoiceField(
        label=_("Vai trò"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args, instance: User | None = None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.filter(email__iexact=email)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("E-mail này đã thuộc về một người dùng khác."))
        return email

    def clean(self):
        data = super().clean()
        if set(data.get("roles") or ()) & UNIT_ROLES and not data.get("unit"):
            self.add_error("unit", _("Cán bộ và lãnh đạo đơn vị phải thuộc một đơn vị."))
        return data


class UserCreateForm(_AccountFields):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Chữ, số và các ký tự @ . + - _"),
    )
    field_order = ["username", "full_name", "email", "unit", "roles"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Tên đăng nhập này đã có người dùng."))
        return username


class UserEditForm(_AccountFields):
    def __init__(self, *args, instance: User, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "full_name": instance.get_full_name(),
                "email": instance.email,
                "unit": instance.unit,
                "roles": list(instance.groups.values_list("name", flat=True)),
            },
        )
        super().__init__(*args, instance=instance, **kwargs)
        if instance.unit is not None and not instance.unit.is_active:
            self.fields["unit"].queryset = Unit.objects.filter(pk=instance.unit_id) | Unit.objects.active()


class UserImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Các cột: Mã đơn vị | Họ và tên | E-mail | Vai trò, và Tên đăng nhập nếu muốn tự đặt."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        if upload.size > MAX_IMPORT_MB * 1024 * 1024:
            raise forms.ValidationError(_("Tệp lớn hơn %(mb)s MB.") % {"mb": MAX_IMPORT_MB})
        return upload


class GuardedPasswordChangeForm(PasswordChangeForm):
    """Checks the old password through authenticate(), so that django-axes counts a wrong one
    as a failed login and locks the username and address out exactly as the login page does
    (AXES_FAILURE_LIMIT, AXES_COOLOFF_MINUTES)."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(self.request, username=self.user.get_username(), password=old_password)
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("Sáu chữ số trong ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…)"),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Mã chỉ gồm chữ số."))
        return token
