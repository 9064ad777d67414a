"""Re-importing a plan: what changes between its tasks and a newly read task table
(``compute_diff``), and the import report as text (``report_lines``: what the management
command prints; the preview page shows the same facts as tables)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cchc.formatting import format_date
from plans.deadlines import Deadline

from .import_sheet import one_line
from .parsed_plan import ParsedArea, ParsedPlan, ParsedTask

# ---------------------------------------------------------------- re-import: what changes


@dataclass(frozen=True)
class ExistingTask:
    """A task already in the plan, as fetched for comparison."""

    id: int
    area_code: str
    number: str
    content: str
    expected_output: str
    lead_unit_id: int
    lead_name: str
    coordinating_ids: frozenset[int]
    coordination_text: str
    deadline: datetime.date | None
    deadline_text: str
    is_recurring: bool
    remarks: str
    removed: bool
    position: int


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class TaskChange:
    existing: ExistingTask
    parsed: ParsedTask
    area_code: str
    changes: list[FieldChange]
    restored: bool = False


@dataclass
class ImportDiff:
    added: list[tuple[ParsedArea, ParsedTask]] = field(default_factory=list)
    changed: list[TaskChange] = field(default_factory=list)
    removed: list[ExistingTask] = field(default_factory=list)
    unchanged: int = 0
    # Tasks whose row order alone moved: updated silently.
    moved: list[tuple[ExistingTask, ParsedTask]] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def _date_text(value: datetime.date | None) -> str:
    return format_date(value) if value else "—"


def compute_diff(parsed: ParsedPlan, existing: Iterable[ExistingTask], *, unit_names: dict[int, str]) -> ImportDiff:
    """Match tasks by (area, STT): new ones are added, missing ones taken out of the plan
    (status REMOVED, history kept), others compared field by field."""
    diff = ImportDiff()
    by_key = {(t.area_code, t.number): t for t in existing}
    seen: set[tuple[str, str]] = set()
    for area, task in parsed.tasks:
        key = (area.area.code, task.number)
        seen.add(key)
        old = by_key.get(key)
        if old is None:
            diff.added.append((area, task))
            continue
        if old.is_recurring and task.deadline.recurring and old.deadline_text == task.deadline.text:
            # "Hằng quý" read again: the task's next deadline stays where the year has moved it.
            task.deadline = Deadline(old.deadline, task.deadline.text, recurring=True)
        changes = _field_changes(old, task, unit_names)
        restored = old.removed
        if restored:
            changes.insert(0, FieldChange(_("Trạng thái"), _("Đưa ra khỏi kế hoạch"), _("Đưa lại vào kế hoạch")))
        if changes:
            diff.changed.append(TaskChange(old, task, area.area.code, changes, restored))
        else:
            diff.unchanged += 1
            if old.position != task.position:
                diff.moved.append((old, task))
    diff.removed = [t for key, t in by_key.items() if key not in seen and not t.removed]
    diff.removed.sort(key=lambda t: t.position)
    return diff


def _field_changes(old: ExistingTask, new: ParsedTask, unit_names: dict[int, str]) -> list[FieldChange]:
    changes: list[FieldChange] = []

    def compare(label, before, after):
        if before != after:
            changes.append(FieldChange(label, before or "—", after or "—"))

    compare(_("Nội dung"), old.content, new.content)
    compare(_("Sản phẩm"), old.expected_output, new.expected_output)
    new_lead_id = new.lead.unit_id if new.lead else None
    if new_lead_id != old.lead_unit_id:
        changes.append(FieldChange(_("Chủ trì"), old.lead_name, new.lead.text if new.lead else "—"))
    new_coordinating = frozenset(new.coordinating_ids)
    unknown = [ref.text for ref in new.coordinating if ref.unit_id is None]
    if new_coordinating != old.coordinating_ids or unknown:
        before = ", ".join(sorted(unit_names.get(i, str(i)) for i in old.coordinating_ids))
        after = ", ".join(sorted([unit_names.get(i, str(i)) for i in new_coordinating] + unknown))
        compare(_("Đơn vị phối hợp"), before, after)
    compare(_("Phối hợp (như ghi)"), old.coordination_text, new.coordination_text)
    compare(_("Thời hạn"), _date_text(old.deadline), _date_text(new.deadline.date))
    compare(_("Thời hạn (như ghi)"), old.deadline_text, new.deadline.text)
    if old.is_recurring != new.deadline.recurring:
        compare(
            _("Thường xuyên"),
            _("có") if old.is_recurring else _("không"),
            _("có") if new.deadline.recurring else _("không"),
        )
    compare(_("Ghi chú"), old.remarks, new.remarks)
    return changes


# ---------------------------------------------------------------- the report (command and page)


def report_lines(parsed: ParsedPlan, diff: ImportDiff | None = None, *, create_units: bool = False) -> list[str]:
    """The import report as text lines: what the management command prints; the preview
    page shows the same facts as tables."""
    lines = [
        _("Đọc được %(tasks)s nhiệm vụ trong %(areas)s lĩnh vực.")
        % {"tasks": parsed.task_count, "areas": len(parsed.areas)}
    ]
    for area in parsed.areas:
        lines.append(f"{area.area.code}. {area.area.name} — " + _("%(n)s nhiệm vụ") % {"n": len(area.tasks)})
        for task in area.tasks:
            deadline = task.deadline.text or _("không hạn")
            if task.deadline.date and task.deadline.text != _date_text(task.deadline.date):
                deadline += f" → {_date_text(task.deadline.date)}"
            if task.deadline.recurring:
                deadline += " " + _("(thường xuyên)")
            lead = task.lead.text if task.lead else "?"
            coordinating = "; ".join(text for text, _known in task.coordinating_labels)
            line = f"  {task.number}. {one_line(task.content)[:70]} | {lead} | {deadline}"
            if coordinating:
                line += " | " + _("phối hợp: %(units)s") % {"units": coordinating}
            lines.append(line)
    if diff is not None:
        lines.append(
            _(
                "So với kế hoạch đã có: thêm %(added)s, sửa %(changed)s, đưa ra khỏi kế hoạch %(removed)s, "
                "giữ nguyên %(same)s."
            )
            % {
                "added": len(diff.added),
                "changed": len(diff.changed),
                "removed": len(diff.removed),
                "same": diff.unchanged,
            }
        )
        for area, task in diff.added:
            lines.append("  + " + f"{area.area.code}.{task.number} {one_line(task.content)[:70]}")
        for change in diff.changed:
            lines.append("  ~ " + f"{change.area_code}.{change.parsed.number} {one_line(change.parsed.content)[:70]}")
            for fc in change.changes:
                lines.append(f"      {fc.label}: {one_line(fc.before)[:60]} → {one_line(fc.after)[:60]}")
        for old in diff.removed:
            lines.append("  - " + f"{old.area_code}.{old.number} {one_line(old.content)[:70]}")
    if parsed.unresolved_names:
        lines.append(
            (
                _("Đơn vị chưa có trong danh mục (sẽ được tạo mới):")
                if create_units
                else _("Đơn vị chưa có trong danh mục:")
            )
            + " "
            + "; ".join(n.text for n in parsed.unresolved_names)
        )
    errors = parsed.blocking_errors(create_units=create_units)
    lines.append(
        _("%(errors)s lỗi, %(warnings)s cảnh báo.") % {"errors": len(errors), "warnings": len(parsed.warnings)}
    )
    for issue in parsed.issues:
        if issue.is_error and issue not in errors:
            continue
        label = _("LỖI") if issue.is_error else _("Cảnh báo")
        lines.append(f"  [{label}] {issue.where}: {issue.message}")
    return lines
