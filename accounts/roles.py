"""The four roles, as auth groups created by a data migration (accounts/migrations/0002)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Thường trực CCHC")
    LEADER = "leader", _("Lãnh đạo / Ban Chỉ đạo")
    UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
    UNIT_STAFF = "unit_staff", _("Cán bộ đơn vị")
