from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role


class User(AbstractUser):
    """A person using the tool. Unit staff and unit heads belong to exactly one unit."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (last_name) first — "Nguyễn Thị Thu"."""
        return f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        # One query per request, then cached on the instance.
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_names

    @property
    def is_secretariat(self) -> bool:
        return self.is_active and (self.is_superuser or self.has_role(Role.SECRETARIAT))

    @property
    def is_leader(self) -> bool:
        return self.is_active and self.has_role(Role.LEADER)

    @property
    def is_unit_head(self) -> bool:
        return self.is_active and self.unit_id is not None and self.has_role(Role.UNIT_HEAD)

    @property
    def is_unit_staff(self) -> bool:
        return self.is_active and self.unit_id is not None and self.has_role(Role.UNIT_STAFF)

    @property
    def is_unit_member(self) -> bool:
        """Staff or head of a unit: both act for their unit."""
        return self.is_unit_staff or self.is_unit_head

    @property
    def reads_everything(self) -> bool:
        return self.is_secretariat or self.is_leader
