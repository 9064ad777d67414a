"""Vietnamese names for the third-party apps and models the admin lists (django-axes, django-otp,
django-tasks' database backend): their own translations have no Vietnamese, and the admin of a
Vietnamese agency should not switch to English on those rows (issue 21, "a branded, Vietnamese
admin"). The names go through gettext like ours, so an English interface reads English."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

APP_NAMES = {
    "axes": _("Đăng nhập và khóa tài khoản"),
    "otp_totp": _("Xác thực hai bước (TOTP)"),
    "django_tasks_database": _("Tác vụ chạy nền"),
}

# (app label, model name): (singular, plural)
MODEL_NAMES = {
    ("axes", "accessattempt"): (_("lần đăng nhập thất bại"), _("lần đăng nhập thất bại")),
    ("axes", "accesslog"): (_("nhật ký đăng nhập"), _("nhật ký đăng nhập")),
    ("axes", "accessfailurelog"): (_("nhật ký đăng nhập lỗi"), _("nhật ký đăng nhập lỗi")),
    ("otp_totp", "totpdevice"): (_("thiết bị TOTP"), _("thiết bị TOTP")),
    ("django_tasks_database", "dbtaskresult"): (_("kết quả tác vụ"), _("kết quả tác vụ")),
}


def name_third_party_apps() -> None:
    """Set the names above on the installed apps and models (called once, from CchcConfig.ready)."""
    for label, name in APP_NAMES.items():
        if label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name
    for (label, model_name), (singular, plural) in MODEL_NAMES.items():
        if label not in apps.app_configs:
            continue
        meta = apps.get_model(label, model_name)._meta
        meta.verbose_name, meta.verbose_name_plural = singular, plural
