"""The monthly steering-committee pack ("gói báo cáo Ban chỉ đạo", docs/DOMAIN.md "The monthly
steering-committee pack"): the figures of the agency's plans of a year (or of one plan) at the
last day of a finished month, made by the same machinery as a period closing
(reports/closing.py ``collect_snapshot``) and frozen in a ``SteeringPack``.

- ``pack_make`` is the write (the secretariat, or the scheduled job with no author); it also
  stores the baseline the pack's "changes since last month" compare against: the previous
  month's pack of the same scope, or — when there is none — the figures at the previous
  month's end read now (labelled so).
- ``PackReport`` reads a pack back into the content every format shows: the headline, by area,
  by unit, the ten longest overdue tasks and the changes. ``sheets()`` lays it out once as
  typed rows; the page (templates/reports/steering_detail.html), the workbook and the PDF
  (reports/steering_files.py) all write those rows.
- ``pack_schedule`` / ``pack_schedule_save``: the day of the month the pack is e-mailed
  (notifications/steering_mail.py sends it).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditAction
from audit.services import audit_record
from cchc.dates import end_of_month
from cchc.formatting import format_date, percent, signed_count, signed_rate_points, vn_int
from figures.models import PeriodKind
from plans.models import Plan

from .closing import DONE_BUCKETS, ClosingScope, Line, Snapshot, TaskState, collect_snapshot
from .completion import Bucket, Completion
from .models import SteeringPack, SteeringPackSchedule
from .review_data import ascii_slug
from .review_period import ReviewPeriod

TOP_OVERDUE = 10
DEFAULT_SEND_DAY = 5


# ---------------------------------------------------------------- months and scopes


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return end_of_month(month.year, month.month)


def previous_month(month: datetime.date) -> datetime.date:
    return month_start(month_start(month) - datetime.timedelta(days=1))


def last_finished_month(today: datetime.date) -> datetime.date:
    """The month before `today`'s: the latest one a pack can be made of."""
    return previous_month(today)


def month_label(month: datetime.date) -> str:
    """ "tháng 11/2026"."""
    return _("tháng %(month)s/%(year)s") % {"month": f"{month.month:02d}", "year": month.year}


def pack_scope(pack: SteeringPack) -> ClosingScope:
    return ClosingScope(year=pack.year, plan=pack.plan)


def pack_identifier(scope: ClosingScope, month: datetime.date) -> str:
    """CCHC-BCD-2026-11 for the agency's plans of a year; the plan's number appended for one plan."""
    identifier = f"CCHC-BCD-{month.year}-{month.month:02d}"
    return f"{identifier}-{ascii_slug(scope.plan.number)}" if scope.plan is not None else identifier


def month_period(scope: ClosingScope, month: datetime.date) -> ReviewPeriod:
    """The month as the period collect_snapshot reads: its changes, inspections within it, its
    figures at its last day."""
    return ReviewPeriod(year=scope.year, kind=PeriodKind.CUSTOM, start=month, cutoff=month_end(month))


def can_make_packs(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_secretariat)


def years_with_plans() -> set[int]:
    return set(Plan.objects.agency().values_list("year", flat=True))


def missing_months(today: datetime.date, *, count: int = 12) -> list[datetime.date]:
    """The finished months of the last `count` whose year has agency plans and which have no
    pack for the year's scope yet, latest first."""
    years = years_with_plans()
    months: list[datetime.date] = []
    month = last_finished_month(today)
    for _i in range(count):
        months.append(month)
        month = previous_month(month)
    made = set(SteeringPack.objects.filter(plan__isnull=True, month__in=months).values_list("month", flat=True))
    return [m for m in months if m.year in years and m not in made]


# ---------------------------------------------------------------- the baseline


def _counts(c: Completion) -> dict[str, int]:
    return {name: getattr(c, name) for name in ("total", "on_time", "late", "within", "overdue", "removed")}


def baseline_of(snap: Snapshot, *, source: str, identifier: str = "") -> dict[str, Any]:
    """What the next month's changes compare against: the headline, the areas and each task's bucket."""
    return {
        "source": source,
        "identifier": identifier,
        "cutoff": snap.cutoff.isoformat(),
        "headline": _counts(snap.completion),
        "areas": [{"code": a.key, "name": a.name, **_counts(a.completion)} for a in snap.areas],
        "buckets": {str(t.id): t.bucket for t in snap.tasks},
    }


def _baseline(scope: ClosingScope, month: datetime.date) -> dict[str, Any]:
    before = previous_month(month)
    previous = SteeringPack.objects.filter(scope_key=scope.key, month=before).first()
    if previous is not None:
        return baseline_of(Snapshot(previous.snapshot), source="pack", identifier=previous.identifier)
    return baseline_of(Snapshot(collect_snapshot(scope, month_period(scope, before))), source="computed")


# ---------------------------------------------------------------- writes


def pack_make(
    *, scope: ClosingScope, month: datetime.date, by: User | None, made_at: datetime.datetime | None = None
) -> SteeringPack:
    """Make the pack of a finished month. `by` is the secretariat member, or None for the
    scheduled job. One pack per scope and month, never made again."""
    made_at = made_at or timezone.now()
    if by is not None and not can_make_packs(by):
        raise PermissionDenied("Only the secretariat makes steering packs")
    month = month_start(month)
    cutoff = month_end(month)
    if cutoff >= timezone.localdate(made_at):
        raise ValidationError(
            _("Chỉ tạo gói báo cáo khi tháng đã kết thúc (sau ngày %(day)s).") % {"day": format_date(cutoff)}
        )
    if not scope.tasks.exists():
        raise ValidationError(_("Phạm vi này chưa có nhiệm vụ nào."))
    identifier = pack_identifier(scope, month)
    with transaction.atomic():
        if SteeringPack.objects.filter(scope_key=scope.key, month=month).exists():
            raise ValidationError(
                _("Gói báo cáo %(identifier)s đã được tạo; gói đã tạo không được làm lại.") % {"identifier": identifier}
            )
        pack = SteeringPack(
            identifier=identifier,
            scope_key=scope.key,
            plan=scope.plan,
            year=scope.year,
            month=month,
            cutoff=cutoff,
            made_at=made_at,
            made_by=by,
            snapshot=collect_snapshot(scope, month_period(scope, month)),
            baseline=_baseline(scope, month),
        )
        try:
            with transaction.atomic():
                pack.save()
        except IntegrityError as exc:  # the job and a person at the same moment
            raise ValidationError(_("Gói báo cáo %(identifier)s vừa được tạo.") % {"identifier": identifier}) from exc
        audit_record(
            actor=by,
            action=AuditAction.STEERING_PACK_MADE,
            target=pack,
            detail=f"Tạo gói báo cáo Ban chỉ đạo {pack.identifier}: {Snapshot(pack.snapshot).headline}",
        )
    return pack


def pack_schedule() -> SteeringPackSchedule:
    """The sending setting (the default, unsaved, until the secretariat saves it)."""
    return SteeringPackSchedule.objects.order_by("pk").first() or SteeringPackSchedule(
        enabled=True, day=DEFAULT_SEND_DAY
    )


def pack_schedule_save(*, by: User, enabled: bool, day: int) -> SteeringPackSchedule:
    if not can_make_packs(by):
        raise PermissionDenied("Only the secretariat sets the pack's sending day")
    if not 1 <= day <= 28:
        raise ValidationError(_("Ngày gửi phải từ 1 đến 28."))
    # Who changed it last and when are kept on the row itself.
    with transaction.atomic():
        schedule = SteeringPackSchedule.objects.select_for_update().order_by("pk").first()
        if schedule is None:
            schedule = SteeringPackSchedule()
        schedule.enabled, schedule.day = enabled, day
        schedule.updated_at, schedule.updated_by = timezone.now(), by
        schedule.save()
    return schedule


# ---------------------------------------------------------------- reading a pack back


class Rate(NamedTuple):
    """A rate in percent (51.95): 51,95% on the page, 0.5195 as 0.00% in Excel."""

    value: Decimal | None


class Change(NamedTuple):
    """A signed change of a count (+4)."""

    value: int


class PointsChange(NamedTuple):
    """A signed change of a rate in percentage points (+5,19)."""

    value: Decimal | None


Cell = str | int | datetime.date | Rate | Change | PointsChange | None


def cell_text(value: Cell) -> str:
    """A cell as the page and the PDF print it."""
    if value is None:
        return ""
    if isinstance(value, Rate):
        return percent(value.value)
    if isinstance(value, Change):
        return signed_count(value.value)
    if isinstance(value, PointsChange):
        return signed_rate_points(value.value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return vn_int(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value)


@dataclass
class PackTable:
    """One table of the pack: a caption, its column headers and typed rows."""

    caption: str  # empty: the sheet's title says it
    headers: list[str]
    rows: list[list[Cell]]
    widths: list[float]  # relative widths (Excel columns, PDF columns)
    empty: str = ""
    numeric: list[bool] = field(default_factory=list)

    def text_rows(self) -> list[list[str]]:
        return [[cell_text(c) for c in row] for row in self.rows]

    def text_cells(self) -> list[list[tuple[str, bool]]]:
        """Each cell's text with whether it is a figure (aligned right)."""
        return [[(cell_text(c), not isinstance(c, str)) for c in row] for row in self.rows]


@dataclass
class PackSheet:
    """A sheet of the workbook, a section of the PDF and of the page."""

    name: str
    title: str
    tables: list[PackTable]


@dataclass(frozen=True)
class TaskChange:
    number: str
    content: str
    lead_unit: str
    before: str
    after: str
    day: datetime.date | None


@dataclass(frozen=True)
class OverdueRow:
    number: str
    content: str
    lead_unit: str
    deadline: datetime.date
    days: int


def _completion(row: dict[str, Any]) -> Completion:
    return Completion(**{k: int(row.get(k, 0)) for k in ("total", "on_time", "late", "within", "overdue", "removed")})


def task_label(t: TaskState) -> str:
    """ "III.2": the area and the task's number in it (numbers restart in each area)."""
    return f"{t.area}.{t.number}" if t.area else t.number


def _bucket_label(bucket: str | None) -> str:
    return str(Bucket(bucket).label) if bucket else _("Chưa có trong kế hoạch")


class PackReport:
    """A pack's content, read from its snapshot and baseline only (never from live data)."""

    def __init__(self, pack: SteeringPack):
        self.pack = pack
        self.snap = Snapshot(pack.snapshot)
        self.baseline: dict[str, Any] = pack.baseline
        self.before = _completion(self.baseline["headline"])
        self.before_cutoff = datetime.date.fromisoformat(self.baseline["cutoff"])

    @property
    def identifier(self) -> str:
        return self.pack.identifier

    @property
    def title(self) -> str:
        return _("Gói báo cáo Ban chỉ đạo %(month)s") % {"month": month_label(self.pack.month)}

    @property
    def completion(self) -> Completion:
        return self.snap.completion

    @property
    def headline(self) -> str:
        return self.snap.headline

    @property
    def scope_label(self) -> str:
        return self.snap.scope_label

    @property
    def cutoff_note(self) -> str:
        return _("Số liệu đến hết ngày %(day)s") % {"day": format_date(self.pack.cutoff)}

    # ---- the changes since last month

    @property
    def baseline_note(self) -> str:
        if self.baseline["source"] == "pack":
            return _("So với gói tháng trước %(identifier)s (số liệu đến ngày %(day)s).") % {
                "identifier": self.baseline["identifier"],
                "day": format_date(self.before_cutoff),
            }
        return _("Chưa có gói tháng trước: so với số liệu tính lại đến ngày %(day)s (tại thời điểm tạo gói này).") % {
            "day": format_date(self.before_cutoff)
        }

    @property
    def rate_change(self) -> Decimal | None:
        before, after = self.before.rate, self.completion.rate
        return None if before is None or after is None else after - before

    @property
    def headline_change(self) -> str:
        """ "40/77 → 44/77, +4 nhiệm vụ hoàn thành, +5,19 điểm %"."""
        b, a = self.before, self.completion
        return _("%(before)s → %(after)s, %(done)s nhiệm vụ hoàn thành, %(points)s điểm %%") % {
            "before": f"{vn_int(b.completed)}/{vn_int(b.total)}",
            "after": f"{vn_int(a.completed)}/{vn_int(a.total)}",
            "done": signed_count(a.completed - b.completed),
            "points": signed_rate_points(self.rate_change),
        }

    def _before_buckets(self) -> dict[int, str | None]:
        return {int(k): v for k, v in self.baseline["buckets"].items()}

    def completed_in_month(self) -> list[TaskChange]:
        """Tasks completed at this cut-off that were not at the previous one."""
        before = self._before_buckets()
        return [
            self._change(t, before.get(t.id), t.completed_on)
            for t in self.snap.tasks
            if t.bucket in DONE_BUCKETS and before.get(t.id) not in DONE_BUCKETS
        ]

    def newly_overdue(self) -> list[TaskChange]:
        """Tasks overdue at this cut-off that were not at the previous one."""
        before = self._before_buckets()
        return [
            self._change(t, before.get(t.id), t.deadline)
            for t in self.snap.tasks
            if t.bucket == Bucket.OVERDUE and before.get(t.id) != Bucket.OVERDUE
        ]

    @staticmethod
    def _change(t: TaskState, before: str | None, day: datetime.date | None) -> TaskChange:
        return TaskChange(task_label(t), t.content, t.lead_unit, _bucket_label(before), _bucket_label(t.bucket), day)

    def area_changes(self) -> list[tuple[Line, Completion]]:
        """Each area with tasks now or last month, beside its figures last month."""
        before = {a["code"]: _completion(a) for a in self.baseline["areas"]}
        return [
            (line, before.get(line.key, Completion()))
            for line in self.snap.areas
            if line.completion.total or before.get(line.key, Completion()).total
        ]

    # ---- the figures

    def areas(self) -> list[Line]:
        return [a for a in self.snap.areas if a.completion.total]

    def top_overdue(self) -> list[OverdueRow]:
        cutoff = self.pack.cutoff
        return [
            OverdueRow(task_label(t), t.content, t.lead_unit, t.deadline, (cutoff - t.deadline).days)
            for t in self.snap.overdue_tasks()[:TOP_OVERDUE]
            if t.deadline is not None
        ]

    # ---- the layout every format writes

    def sheets(self) -> list[PackSheet]:
        return [self._summary(), self._areas(), self._units(), self._overdue(), self._changes()]

    def _figure_headers(self, first: str) -> list[str]:
        return [
            first,
            _("Tổng số nhiệm vụ"),
            str(Bucket.ON_TIME.label),
            str(Bucket.LATE.label),
            str(Bucket.WITHIN.label),
            str(Bucket.OVERDUE.label),
            _("Tỷ lệ hoàn thành"),
        ]

    @staticmethod
    def _figure_cells(c: Completion) -> list[Cell]:
        return [c.total, c.on_time, c.late, c.within, c.overdue, Rate(c.rate)]

    def _summary(self) -> PackSheet:
        c = self.completion
        rows: list[list[Cell]] = [
            [_("Tổng số nhiệm vụ"), c.total],
            [_("Đã hoàn thành"), c.completed],
            [str(Bucket.ON_TIME.label), c.on_time],
            [str(Bucket.LATE.label), c.late],
            [_("Chưa hoàn thành"), c.open],
            [str(Bucket.WITHIN.label), c.within],
            [str(Bucket.OVERDUE.label), c.overdue],
            [_("Tỷ lệ hoàn thành"), Rate(c.rate)],
            [_("Tỷ lệ hoàn thành trên số nhiệm vụ đã đến hạn"), Rate(c.rate_due)],
            [str(Bucket.REMOVED.label), c.removed],
        ]
        table = PackTable("", [_("Chỉ tiêu"), _("Số liệu")], rows, [60, 20], numeric=[False, True])
        return PackSheet(_("Tổng hợp"), _("Kết quả chung"), [table])

    def _areas(self) -> PackSheet:
        rows = [
            [f"{line.key}. {line.full_name or line.name}", *self._figure_cells(line.completion)]
            for line in self.areas()
        ]
        table = PackTable(
            "",
            self._figure_headers(_("Lĩnh vực")),
            rows,
            [46, 14, 14, 14, 16, 16, 14],
            empty=_("Không có nhiệm vụ."),
        )
        return PackSheet(_("Theo lĩnh vực"), _("Kết quả theo lĩnh vực cải cách"), [table])

    def _units(self) -> PackSheet:
        rows = [
            [f"{line.rank}. {line.name}" if line.rank else line.name, *self._figure_cells(line.completion)]
            for line in self.snap.units
        ]
        table = PackTable(
            "",
            self._figure_headers(_("Đơn vị")),
            rows,
            [46, 14, 14, 14, 16, 16, 14],
            empty=_("Không có đơn vị."),
        )
        return PackSheet(_("Theo đơn vị"), _("Kết quả theo đơn vị chủ trì"), [table])

    def _overdue(self) -> PackSheet:
        rows: list[list[Cell]] = [[r.number, r.content, r.lead_unit, r.deadline, r.days] for r in self.top_overdue()]
        caption = _("%(shown)s nhiệm vụ quá hạn lâu nhất (trong tổng số %(total)s nhiệm vụ quá hạn)") % {
            "shown": vn_int(len(rows)),
            "total": vn_int(self.completion.overdue),
        }
        table = PackTable(
            caption,
            [_("Số"), _("Nhiệm vụ"), _("Đơn vị chủ trì"), _("Hạn"), _("Số ngày quá hạn")],
            rows,
            [14, 66, 34, 20, 16],
            empty=_("Không có nhiệm vụ quá hạn."),
        )
        return PackSheet(_("Quá hạn"), _("Nhiệm vụ quá hạn"), [table])

    def _changes(self) -> PackSheet:
        b, a = self.before, self.completion
        headline_table = PackTable(
            self.headline_change,
            [_("Chỉ tiêu"), _("Tháng trước"), _("Tháng này"), _("Thay đổi")],
            [
                [_("Tổng số nhiệm vụ"), b.total, a.total, Change(a.total - b.total)],
                [_("Đã hoàn thành"), b.completed, a.completed, Change(a.completed - b.completed)],
                [str(Bucket.OVERDUE.label), b.overdue, a.overdue, Change(a.overdue - b.overdue)],
                [_("Tỷ lệ hoàn thành"), Rate(b.rate), Rate(a.rate), PointsChange(self.rate_change)],
            ],
            [46, 18, 18, 18],
        )
        area_rows: list[list[Cell]] = []
        for line, before in self.area_changes():
            now = line.completion
            change = None if before.rate is None or now.rate is None else now.rate - before.rate
            area_rows.append(
                [
                    f"{line.key}. {line.full_name or line.name}",
                    f"{vn_int(before.completed)}/{vn_int(before.total)}",
                    f"{vn_int(now.completed)}/{vn_int(now.total)}",
                    Change(now.completed - before.completed),
                    Rate(before.rate),
                    Rate(now.rate),
                    PointsChange(change),
                ]
            )
        areas_table = PackTable(
            _("Thay đổi theo lĩnh vực"),
            [
                _("Lĩnh vực"),
                _("Hoàn thành/tổng (tháng trước)"),
                _("Hoàn thành/tổng (tháng này)"),
                _("Thêm hoàn thành"),
                _("Tỷ lệ tháng trước"),
                _("Tỷ lệ tháng này"),
                _("Thay đổi (điểm %)"),
            ],
            area_rows,
            [46, 16, 16, 14, 14, 14, 14],
            empty=_("Không có nhiệm vụ."),
            numeric=[False, True, True, True, True, True, True],
        )
        task_headers = [_("Số"), _("Nhiệm vụ"), _("Đơn vị chủ trì"), _("Tháng trước"), _("Tháng này")]
        completed = PackTable(
            _("Nhiệm vụ hoàn thành trong tháng"),
            [*task_headers, _("Ngày hoàn thành")],
            [[t.number, t.content, t.lead_unit, t.before, t.after, t.day] for t in self.completed_in_month()],
            [14, 56, 30, 22, 22, 20],
            empty=_("Không có nhiệm vụ hoàn thành trong tháng."),
        )
        overdue = PackTable(
            _("Nhiệm vụ mới quá hạn trong tháng"),
            [*task_headers, _("Hạn")],
            [[t.number, t.content, t.lead_unit, t.before, t.after, t.day] for t in self.newly_overdue()],
            [14, 56, 30, 22, 22, 20],
            empty=_("Không có nhiệm vụ mới quá hạn."),
        )
        return PackSheet(
            _("Thay đổi"), _("Thay đổi so với tháng trước"), [headline_table, areas_table, completed, overdue]
        )


def packs_for(scope_keys: Iterable[str]) -> QuerySet[SteeringPack]:
    return SteeringPack.objects.filter(scope_key__in=list(scope_keys)).select_related("plan", "made_by")
