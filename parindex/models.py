"""The PAR INDEX (Chỉ số CCHC, docs/DOMAIN.md "PAR INDEX"): criteria sets versioned per agency,
year and unit type; their rows (areas → criteria → sub-criteria); the units assessed; each
unit's scores per row; and the history of every change (ParEvent). The arithmetic is in
parindex/scoring.py, the writes in parindex/services.py."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.models import TimeStampedModel
from cchc.uploads import random_name
from units.models import UnitKind


class SetStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ASSESSING = "assessing", _("Đang tự đánh giá")
    APPRAISING = "appraising", _("Đang thẩm định")
    PUBLISHED = "published", _("Đã công bố")


class CriteriaSet(TimeStampedModel):
    """The criteria an agency scores one type of unit on in one year (a decision of the UBND)."""

    agency = models.ForeignKey(
        "units.Unit", verbose_name=_("Cơ quan ban hành"), on_delete=models.PROTECT, related_name="criteria_sets"
    )
    year = models.PositiveIntegerField(_("Năm đánh giá"))
    unit_kind = models.CharField(_("Loại đơn vị được đánh giá"), max_length=16, choices=UnitKind.choices)
    title = models.CharField(_("Tên bộ tiêu chí"), max_length=255)
    decision = models.CharField(_("Quyết định ban hành"), max_length=255, blank=True)
    status = models.CharField(_("Trạng thái"), max_length=16, choices=SetStatus.choices, default=SetStatus.DRAFT)
    group_bounds = models.CharField(
        _("Ngưỡng xếp nhóm (%)"), max_length=64, default="90; 80; 70", help_text=_("Ví dụ: 90; 80; 70")
    )
    cutoff = models.DateField(_("Ngày chốt số liệu"), null=True, blank=True)
    self_deadline = models.DateField(_("Hạn nộp tự đánh giá"), null=True, blank=True)
    council_decision = models.CharField(_("Quyết định công bố kết quả"), max_length=255, blank=True)
    council_date = models.DateField(_("Ngày quyết định"), null=True, blank=True)
    council_file = models.FileField(
        _("Tệp quyết định"), upload_to=random_name("par-council"), blank=True, max_length=255
    )
    council_file_name = models.CharField(_("Tên tệp quyết định"), max_length=255, blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("Sao từ bộ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    units = models.ManyToManyField(
        "units.Unit",
        verbose_name=_("Đơn vị được đánh giá"),
        blank=True,
        related_name="assessed_in",
        help_text=_("Để trống: các đơn vị đang hoạt động thuộc loại đơn vị của bộ"),
    )

    class Meta:
        verbose_name = _("bộ tiêu chí chỉ số CCHC")
        verbose_name_plural = _("bộ tiêu chí chỉ số CCHC")
        ordering = ["-year", "unit_kind"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "unit_kind"], name="criteria_set_one_per_year_and_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def is_locked(self) -> bool:
        """Rows cannot change once the assessment has started."""
        return self.status != SetStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == SetStatus.PUBLISHED


class Level(models.TextChoices):
    AREA = "area", _("Lĩnh vực")
    CRITERION = "criterion", _("Tiêu chí")
    SUB = "sub", _("Tiêu chí thành phần")


class ScoringKind(models.TextChoices):
    SELF = "self", _("Tự chấm")
    APPRAISED = "appraised", _("Chỉ thẩm định")
    SURVEY = "survey", _("Điều tra xã hội học")
    COMPUTED = "computed", _("Tính từ dữ liệu")


class Rule(models.TextChoices):
    NONE = "", _("Không có quy tắc")
    PLAN_ISSUED = "plan_issued", _("Ban hành kế hoạch đúng hạn")
    PLAN_COMPLETION = "plan_completion", _("Tỷ lệ hoàn thành kế hoạch")
    REPORTS = "reports", _("Báo cáo định kỳ đúng hạn")
    INSPECTION_COVERAGE = "inspection_coverage", _("Tỷ lệ đơn vị được kiểm tra")
    FINDINGS = "findings", _("Xử lý tồn tại sau kiểm tra")


class Criterion(models.Model):
    """A row of a criteria set: an area (I, II…), a criterion (1.1) or a sub-criterion (1.1.4).
    Points are scored on rows without children; a negative maximum is a deduction."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.CharField(_("Cấp"), max_length=16, choices=Level.choices)
    stt = models.CharField(_("STT"), max_length=16)
    content = models.TextField(_("Nội dung"))
    max_points = models.DecimalField(_("Điểm tối đa"), max_digits=6, decimal_places=2, default=Decimal("0"))
    method = models.TextField(_("Cách chấm"), blank=True)
    evidence = models.TextField(_("Tài liệu kiểm chứng"), blank=True)
    evidence_required = models.BooleanField(_("Bắt buộc tài liệu kiểm chứng"), default=False)
    kind = models.CharField(_("Cách tính điểm"), max_length=16, choices=ScoringKind.choices, default=ScoringKind.SELF)
    rule = models.CharField(_("Quy tắc tính"), max_length=32, choices=Rule.choices, blank=True, default="")
    bands = models.CharField(_("Mức điểm"), max_length=128, blank=True, help_text=_("Ví dụ: 90:2; 70:1 hoặc 80:tl"))
    floor = models.DecimalField(_("Điểm sàn của lĩnh vực"), max_digits=6, decimal_places=2, default=Decimal("0"))
    order = models.PositiveIntegerField(_("Thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "stt"], name="criterion_stt_unique_in_set"),
        ]

    def __str__(self) -> str:
        return f"{self.stt}. {self.content[:60]}"


class Score(TimeStampedModel):
    """One unit's line for one scored row: its self-assessment, the appraisal, the survey."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="par_scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    not_applicable = models.BooleanField(_("Không áp dụng"), default=False)
    self_score = models.DecimalField(_("Tự đánh giá"), max_digits=6, decimal_places=2, null=True, blank=True)
    explanation = models.TextField(_("Giải trình"), blank=True)
    appraised = models.DecimalField(_("Thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True)
    appraisal_reason = models.TextField(_("Lý do điều chỉnh"), blank=True)
    survey = models.DecimalField(_("Điều tra XHH"), max_digits=6, decimal_places=2, null=True, blank=True)
    response = models.TextField(
        _("Ý kiến của đơn vị"),
        blank=True,
        help_text=_("Đề nghị xem lại điểm tính từ dữ liệu, hoặc ý kiến về điểm thẩm định (một lần)"),
    )

    class Meta:
        verbose_name = _("điểm chỉ số CCHC")
        verbose_name_plural = _("điểm chỉ số CCHC")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "unit", "criterion"], name="score_one_per_unit_and_row"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.criterion_id}"


class Submission(models.Model):
    """A unit's self-assessment sent by its head; late when after the set's deadline."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("Nộp lúc"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    late = models.BooleanField(_("Nộp muộn"), default=False)

    class Meta:
        verbose_name = _("bản tự đánh giá đã nộp")
        verbose_name_plural = _("bản tự đánh giá đã nộp")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "unit"], name="submission_one_per_unit_and_set"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.criteria_set_id}"


class ParEvidence(models.Model):
    """A document backing one unit's score on one row: a file uploaded here, or a reference to
    a file the unit already has in the tracker (task evidence, an inspection response) — one
    document store, never a copy. Exactly one of the three is set."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="documents")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("Tệp"), upload_to=random_name("par-evidence"), blank=True, max_length=255)
    original_name = models.CharField(_("Tên tệp"), max_length=255, blank=True)
    task_evidence = models.ForeignKey(
        "tasks.Evidence", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    inspection_response = models.ForeignKey(
        "inspections.RecommendationResponse", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng chỉ số CCHC")
        verbose_name_plural = _("tài liệu kiểm chứng chỉ số CCHC")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (~Q(file="") & Q(task_evidence__isnull=True) & Q(inspection_response__isnull=True))
                    | (Q(file="") & Q(task_evidence__isnull=False) & Q(inspection_response__isnull=True))
                    | (Q(file="") & Q(task_evidence__isnull=True) & Q(inspection_response__isnull=False))
                ),
                name="par_evidence_one_source",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stored(self):
        """The stored file, wherever it lives."""
        if self.task_evidence_id:
            return self.task_evidence.file
        if self.inspection_response_id:
            return self.inspection_response.evidence
        return self.file

    @property
    def name(self) -> str:
        if self.task_evidence_id:
            return self.task_evidence.original_name or self.task_evidence.file.name.rsplit("/", 1)[-1]
        if self.inspection_response_id:
            return self.inspection_response.evidence_name or self.inspection_response.evidence.name.rsplit("/", 1)[-1]
        return self.original_name


class EventKind(models.TextChoices):
    IMPORTED = "imported", _("Nhập bộ tiêu chí")
    COPIED = "copied", _("Sao bộ tiêu chí")
    OPENED = "opened", _("Mở tự đánh giá")
    SCORED = "scored", _("Chấm điểm")
    APPRAISED = "appraised", _("Thẩm định")
    SURVEY = "survey", _("Nhập điểm điều tra XHH")
    NOT_APPLICABLE = "not_applicable", _("Không áp dụng")
    RESPONDED = "responded", _("Ý kiến của đơn vị")
    SUBMITTED = "submitted", _("Nộp tự đánh giá")
    PUBLISHED = "published", _("Công bố kết quả")
    EVIDENCE = "evidence", _("Tài liệu kiểm chứng")
    ACCEPTED = "accepted", _("Chấp nhận điểm tự đánh giá")
    ROW_EDITED = "row_edited", _("Sửa tiêu chí")
    ROW_DELETED = "row_deleted", _("Xóa tiêu chí")
    ROW_ADDED = "row_added", _("Thêm tiêu chí")


class ParEvent(models.Model):
    """History of a criteria set: who changed what, when (append-only)."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="events")
    unit = models.ForeignKey("units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind=""), name="par_event_has_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.criteria_set_id}"
