from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReorganisationConfig(AppConfig):
    name = "reorganisation"
    verbose_name = _("Sắp xếp tổ chức")
