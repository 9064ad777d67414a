from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.models import TimeStampedModel
from cchc.uploads import random_name


class ReformArea(models.Model):
    """A reform area (lĩnh vực CCHC). Data, not an enum: seeded with the seven of
    Quyết định 876/QĐ-BNV; provinces may add an eighth for PAR INDEX."""

    code = models.CharField(_("Mã (số La Mã)"), max_length=8, unique=True)
    name = models.CharField(_("Tên lĩnh vực"), max_length=255)
    short_name = models.CharField(_("Tên ngắn"), max_length=64)
    order = models.PositiveSmallIntegerField(_("Thứ tự"), unique=True)

    class Meta:
        verbose_name = _("lĩnh vực CCHC")
        verbose_name_plural = _("lĩnh vực CCHC")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    CLOSED = "closed", _("Đã kết thúc")


class PlanQuerySet(models.QuerySet):
    def agency(self):
        """The agency's own plans: those implementing no other plan of the tool. A unit's plan
        derived from the agency plan (`parent` set) repeats the agency's tasks as its parts, so
        agency-wide figures (a year's dashboard) count agency plans only."""
        return self.filter(parent__isnull=True)

    def derived(self):
        """Plans implementing another plan: each unit's own plan."""
        return self.filter(parent__isnull=False)


class Plan(TimeStampedModel):
    """An annual CCHC plan as issued, e.g. Kế hoạch số 2337/KH-TTCP for 2022."""

    number = models.CharField(_("Số hiệu văn bản"), max_length=64, help_text=_("Ví dụ: 2337/KH-TTCP, 125/KH-UBND"))
    title = models.CharField(_("Trích yếu"), max_length=500)
    year = models.PositiveSmallIntegerField(_("Năm kế hoạch"))
    issuing_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("Cơ quan ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived_plans",
        help_text=_("Kế hoạch của cơ quan mà kế hoạch này triển khai"),
    )
    status = models.CharField(_("Trạng thái"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    unit_plans_due = models.DateField(
        _("Hạn ban hành kế hoạch của đơn vị"),
        null=True,
        blank=True,
        help_text=_("Ngày các đơn vị phải ban hành kế hoạch CCHC của mình để triển khai kế hoạch này"),
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issuing_unit", "number"], name="plan_unique_number_per_issuer"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="plan_year_plausible"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="plan_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    @property
    def is_agency_plan(self) -> bool:
        return self.parent_id is None

    @property
    def issuer_not_in_title(self) -> str:
        """The issuer's name for a subtitle, or "" when the title already names it ("Kế hoạch …
        của Ủy ban nhân dân tỉnh Sông Lam"): a page does not write the same name twice."""
        name = self.issuing_unit.name if self.issuing_unit_id else ""
        return "" if name.casefold() in self.title.casefold() else name

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanImportStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xác nhận")
    APPLIED = "applied", _("Đã nhập")
    CANCELLED = "cancelled", _("Đã hủy")


class PlanImport(TimeStampedModel):
    """An uploaded plan appendix between upload and confirmation. Nothing of the plan (nor of the
    unit catalogue) is written until the secretariat confirms; the file is read again at each
    step, within the limits of planning/import_files.py."""

    file = models.FileField(_("Tệp Excel"), upload_to=random_name("imports"))
    original_name = models.CharField(_("Tên tệp"), max_length=255)
    # Number, issuer and date as typed at upload or read from the file's title rows
    # ("Kèm theo Kế hoạch số … ngày … của …"), correctable on the preview before confirming.
    number = models.CharField(_("Số hiệu văn bản"), max_length=64, blank=True)
    year = models.PositiveSmallIntegerField(_("Năm kế hoạch"))
    title = models.CharField(_("Trích yếu"), max_length=500, blank=True)
    issuing_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    # A unit's plan imported under the agency plan it implements: its tasks are matched to the
    # parent plan's (planning/import_parents.py).
    parent = models.ForeignKey(
        Plan,
        verbose_name=_("Kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("Trạng thái"), max_length=16, choices=PlanImportStatus.choices, default=PlanImportStatus.PENDING
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("Người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("Kế hoạch"), null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    # What the secretariat said each unknown name stands for, by alias key (planning/services.py,
    # plan_import_resolve); written to the catalogue as aliases, units and groups on confirmation.
    resolutions = models.JSONField(_("Cách hiểu các tên đơn vị"), default=dict, blank=True)

    class Meta:
        verbose_name = _("lần nhập kế hoạch")
        verbose_name_plural = _("lần nhập kế hoạch")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="planimport_year_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} → {self.number}"
