"""Writes to plans. The plan import: read the workbook (plans/imports.py, pure), compare
with the plan already stored under the same number, then write everything in one
transaction on confirmation."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from plans.models import Plan, PlanImport, PlanImportStatus, PlanStatus
from plans.services import plan_create, plan_update
from tasks.models import Task, TaskEvent, TaskSource, TaskStatus
from tasks.services import NewTask, task_edit, tasks_import, tasks_reorder
from units.models import Unit, UnitAlias, UnitGroup

from . import selectors
from .import_diff import ImportDiff, compute_diff
from .import_parents import ParentTask, match_parent_tasks
from .imports import parse_workbook
from .parsed_plan import Issue, ParsedPlan, ParsedTask, UnitRef
from .unit_matching import acronym, alias_key, fold, guess_kind, match_issuer, name_key

if TYPE_CHECKING:
    from accounts.models import User

# A workbook or document as the parser takes it: a path or an open binary file.
Source = Any


class PlanImportError(Exception):
    """The import cannot be applied; `issues` say why, `message` says what to do."""

    def __init__(self, message: str, issues: list[Issue] | None = None):
        super().__init__(message)
        self.message = message
        self.issues = issues or []


@dataclass
class ImportCheck:
    """What the preview shows and the confirmation applies."""

    parsed: ParsedPlan
    existing: Plan | None = None
    diff: ImportDiff | None = None
    unit_names: dict[int, str] = field(default_factory=dict)
    # Plans of other issuers under the same number: probably the wrong issuer was chosen.
    same_number_elsewhere: list[Plan] = field(default_factory=list)


@dataclass
class ImportResult:
    plan: Plan
    created: int = 0
    updated: int = 0
    removed: int = 0
    units_created: list[Unit] = field(default_factory=list)
    aliases_created: list[UnitAlias] = field(default_factory=list)


def plan_import_check(
    *, source: Source, number: str, year: int, issuing_unit: Unit | None, resolutions: dict | None = None
) -> ImportCheck:
    """Parse the workbook against the current units and areas (with the import's pending
    resolutions laid over them) and, when a plan with this number exists, compare. Reads only."""
    units = selectors.unit_index(resolutions)
    parsed = parse_workbook(source, year=year, units=units, areas=selectors.area_rows(), today=timezone.localdate())
    check = ImportCheck(parsed, unit_names={i: u.name for i, u in units.units.items()})
    check.existing = (
        selectors.existing_plan(issuing_unit=issuing_unit, number=number) if number and issuing_unit else None
    )
    if check.existing is not None:
        check.diff = compute_diff(parsed, selectors.existing_tasks(check.existing), unit_names=check.unit_names)
    elif number:
        check.same_number_elsewhere = list(
            Plan.objects.filter(number__iexact=number.strip()).select_related("issuing_unit")[:5]
        )
    return check


def _unit_kind(key: str) -> str:
    return guess_kind(key)


def _new_code(key: str, taken: set[str]) -> str:
    base = (acronym(key) or "DV").upper()[:24]
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    taken.add(code)
    return code


def _create_units(parsed: ParsedPlan) -> dict[str, Unit]:
    """The unknown units, one per name however it was spelt; keyed by name key."""
    created: dict[str, Unit] = {}
    taken = {fold(c).upper() for c in Unit.objects.values_list("code", flat=True)}
    for name in parsed.unresolved_names:
        key, text = name.key, name.text
        if key in created:
            continue
        unit = Unit(name=text[:255], code=_new_code(name_key(text), taken), kind=_unit_kind(name_key(text)))
        unit.full_clean(validate_unique=False)
        unit.save()
        created[key] = unit
    return created


def _lead_unit_id(task: ParsedTask, created: dict[str, Unit]) -> int:
    if task.lead is None:  # a task without a lead unit is a blocking error: never applied
        raise PlanImportError(_("Nhiệm vụ %(number)s chưa có đơn vị chủ trì.") % {"number": task.number})
    return _unit_id(task.lead, created)


def _unit_id(ref: UnitRef, created: dict[str, Unit]) -> int:
    if ref.unit_id is not None:
        return ref.unit_id
    return created[alias_key(ref.text)].pk


def _task_fields(task: ParsedTask, created: dict[str, Unit]) -> dict:
    return {
        "number": task.number,
        "position": task.position,
        "content": task.content,
        "expected_output": task.expected_output,
        "lead_unit_id": _lead_unit_id(task, created),
        "coordination_text": task.coordination_text,
        "deadline": task.deadline.date,
        "deadline_text": task.deadline.text,
        "is_recurring": task.deadline.recurring,
        "remarks": task.remarks,
    }


def _coordinating_ids(task: ParsedTask, created: dict[str, Unit], lead_id: int) -> list[int]:
    ids: list[int] = []
    for ref in task.coordinating:
        unit_id = _unit_id(ref, created)
        if unit_id != lead_id and unit_id not in ids:
            ids.append(unit_id)
    return ids


def plan_import_apply(
    *,
    source: Source,
    number: str,
    year: int,
    issuing_unit: Unit,
    by: User,
    title: str = "",
    issued_on: datetime.date | None = None,
    create_units: bool = False,
    update_existing: bool = False,
    file_name: str = "",
    parent: Plan | None = None,
) -> ImportResult:
    """Read the workbook again and write the plan, its tasks, their coordinating units and
    CREATED history entries — all or nothing. A plan already stored under this number is
    updated only when asked: tasks matched by (area, STT) are changed in place, tasks no
    longer in the file are taken out of the plan (REMOVED, history kept), never deleted.
    With `parent`, the plan is a unit's plan implementing it: new tasks that carry out a parent
    task are linked to it (planning/import_parents.py), the others are the unit's own."""
    number = number.strip()
    try:
        return _apply(
            source=source,
            number=number,
            year=year,
            issuing_unit=issuing_unit,
            by=by,
            title=title,
            issued_on=issued_on,
            create_units=create_units,
            update_existing=update_existing,
            file_name=file_name,
            parent=parent,
        )
    except ValidationError as exc:
        # A rule the parser does not know about (or a plan saved meanwhile under this number).
        raise PlanImportError(" ".join(exc.messages)) from exc


def _apply(
    *,
    source: Source,
    number: str,
    year: int,
    issuing_unit: Unit,
    by: User,
    title: str,
    issued_on: datetime.date | None,
    create_units: bool,
    update_existing: bool,
    file_name: str,
    parent: Plan | None = None,
) -> ImportResult:
    if parent is not None and (not parent.is_agency_plan or parent.issuing_unit_id == issuing_unit.pk):
        raise PlanImportError(_("Kế hoạch cấp trên phải là kế hoạch của cơ quan, do cơ quan khác đơn vị ban hành."))
    with transaction.atomic():
        check = plan_import_check(source=source, number=number, year=year, issuing_unit=issuing_unit)
        parsed = check.parsed
        blocking = parsed.blocking_errors(create_units=create_units)
        if blocking:
            raise PlanImportError(_("Tệp còn lỗi; chưa có gì được ghi."), blocking)
        if check.existing is not None and not update_existing:
            raise PlanImportError(
                _("Đã có kế hoạch số %(number)s của %(unit)s; chọn cập nhật kế hoạch đó.")
                % {"number": check.existing.number, "unit": issuing_unit.name}
            )
        created_units = _create_units(parsed) if create_units else {}
        today = timezone.localdate()
        if check.existing is None:
            plan = plan_create(
                by=by,
                number=number,
                year=year,
                issuing_unit=issuing_unit,
                title=(title or parsed.title or _("Kế hoạch cải cách hành chính năm %(year)s") % {"year": year})[:500],
                issued_on=issued_on,
                status=PlanStatus.ISSUED,
                parent=parent,
            )
            result = ImportResult(plan)
            new_tasks = parsed.tasks
        else:
            plan = Plan.objects.select_for_update().get(pk=check.existing.pk)
            plan = plan_update(
                plan=plan, by=by, year=year, title=title or plan.title, issued_on=issued_on or plan.issued_on
            )
            result = ImportResult(plan)
            diff = check.diff
            if diff is None:  # a plan found under the number is always compared
                raise PlanImportError(_("Không so sánh được với kế hoạch đã có."))
            new_tasks = diff.added
            _apply_changes(diff, created_units, by=by, today=today, result=result)
        effective_on = min(today, plan.issued_on or today)
        parents = (
            match_parent_tasks(parsed.areas, parent=plan.parent, unit_id=plan.issuing_unit_id)
            if plan.parent is not None
            else {}
        )
        result.created = _create_tasks(
            plan, new_tasks, created_units, by=by, effective_on=effective_on, parents=parents
        )
        result.units_created = list(created_units.values())
        audit_record(action=AuditAction.PLAN_IMPORTED, actor=by, target=plan, detail=_audit_detail(result, file_name))
    return result


def _create_tasks(
    plan: Plan,
    rows: list,
    created_units: dict[str, Unit],
    *,
    by: User,
    effective_on: datetime.date,
    parents: dict[tuple[str, int], ParentTask],
) -> int:
    """Tasks in bulk through tasks_import: a few inserts for the tasks, their units and history.
    A task carrying out a task of the parent plan is linked to it and assigned by it."""
    specs = []
    for area, parsed in rows:
        fields = _task_fields(parsed, created_units)
        result = parsed.result
        parent = parents.get((parsed.sheet, parsed.row))
        if parent is not None:
            fields.update(parent_task_id=parent.id, source=TaskSource.SUPERIOR)
        specs.append(
            NewTask(
                area_id=area.area.id,
                coordinating_ids=_coordinating_ids(parsed, created_units, fields["lead_unit_id"]),
                # A plan imported with its results (last year's, for comparison) carries them.
                status=result.status if result else TaskStatus.NOT_STARTED,
                progress=result.progress if result else 0,
                completed_on=result.completed_on if result else None,
                **fields,
            )
        )
    tasks = tasks_import(plan=plan, tasks=specs, by=by, effective_on=effective_on, note=_("Nhập từ phụ lục kế hoạch"))
    return len(tasks)


def _apply_changes(
    diff: ImportDiff, created_units: dict[str, Unit], *, by: User, today: datetime.date, result: ImportResult
) -> None:
    ids = [c.existing.id for c in diff.changed] + [t.id for t in diff.removed]
    tasks = Task.objects.select_for_update().in_bulk(ids)
    restored_status = _status_before_removal([c.existing.id for c in diff.changed if c.restored])
    for change in diff.changed:
        task = tasks[change.existing.id]
        changes = _task_fields(change.parsed, created_units)
        if change.restored:
            changes["status"] = restored_status.get(task.pk, TaskStatus.NOT_STARTED)
        reason = _("Cập nhật khi nhập lại kế hoạch: %(fields)s") % {
            "fields": ", ".join(c.label for c in change.changes)
        }
        task_edit(
            task=task,
            by=by,
            loaded_version=task.version,
            changes=changes,
            coordinating_units=Unit.objects.filter(
                pk__in=_coordinating_ids(change.parsed, created_units, changes["lead_unit_id"])
            ),
            reason=reason,
            effective_on=today,
        )
        result.updated += 1
    for old in diff.removed:
        task = tasks[old.id]
        task_edit(
            task=task,
            by=by,
            loaded_version=task.version,
            changes={"status": TaskStatus.REMOVED},
            reason=_("Đưa ra khỏi kế hoạch: không còn trong tệp nhập lại"),
            effective_on=today,
        )
        result.removed += 1
    tasks_reorder(positions={old.id: parsed.position for old, parsed in diff.moved})


def _status_before_removal(task_ids: list[int]) -> dict[int, str]:
    """A task put back into the plan gets the status it had when it was taken out."""
    statuses: dict[int, str] = {}
    events = TaskEvent.objects.filter(task_id__in=task_ids, status_after=TaskStatus.REMOVED).order_by(
        "effective_on", "id"
    )
    for event in events:
        if event.status_before and event.status_before != TaskStatus.REMOVED:
            statuses[event.task_id] = event.status_before
    return statuses


def _audit_detail(result: ImportResult, file_name: str) -> str:
    detail = _("Tệp %(file)s: thêm %(created)s, sửa %(updated)s, đưa ra khỏi kế hoạch %(removed)s nhiệm vụ") % {
        "file": file_name or "—",
        "created": result.created,
        "updated": result.updated,
        "removed": result.removed,
    }
    if result.units_created:
        detail += "; " + _("tạo đơn vị: %(units)s") % {"units": ", ".join(u.name for u in result.units_created)}
    return detail


# ---------------------------------------------------------------- the web flow's stored upload


def plan_import_start(
    *,
    upload: UploadedFile,
    by: User,
    number: str = "",
    year: int | None = None,
    title: str = "",
    issuing_unit: Unit | None = None,
    issued_on: datetime.date | None = None,
    parent: Plan | None = None,
) -> PlanImport:
    """Store an uploaded appendix for its preview. What was not typed — number, year, issuer,
    issue date — is taken from the file's title rows ("Kèm theo Kế hoạch số … ngày … của …");
    all of it can be corrected on the preview before confirming."""
    number = " ".join((number or "").split())
    if not (number and year and issuing_unit and issued_on):
        units = selectors.unit_index()
        parsed = parse_workbook(upload, year=year, units=units, areas=selectors.area_rows(), today=timezone.localdate())
        upload.seek(0)
        header = parsed.header
        number = number or header.number
        year = year or parsed.year
        issued_on = issued_on or header.issued_on
        if issuing_unit is None and header.issuer:
            unit_id = match_issuer(header.issuer, units)
            issuing_unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    record = PlanImport(
        file=upload,
        original_name=(upload.name or "")[:255],
        number=number[:64],
        year=year or timezone.localdate().year,
        title=title,
        issuing_unit=issuing_unit,
        issued_on=issued_on,
        parent=parent,
        created_by=by,
    )
    record.full_clean(exclude=["file"])
    record.save()
    return record


def plan_import_set_header(
    *,
    record: PlanImport,
    number: str,
    year: int,
    issuing_unit: Unit | None,
    issued_on: datetime.date | None,
    title: str,
    parent: Plan | None = None,
) -> PlanImport:
    """Correct what the pending import says of the plan's document (read from the file or typed),
    and the agency plan it implements when it is a unit's plan."""
    if record.status != PlanImportStatus.PENDING:
        raise PlanImportError(_("Tệp này đã được xử lý."))
    record.number = " ".join(number.split())
    record.year = year
    record.issuing_unit = issuing_unit
    record.issued_on = issued_on
    record.title = title
    record.parent = parent
    record.full_clean(exclude=["file"])
    record.save(update_fields=["number", "year", "issuing_unit", "issued_on", "title", "parent", "updated_at"])
    return record


@transaction.atomic
def plan_import_confirm(*, record: PlanImport, by: User, create_units: bool, update_existing: bool) -> ImportResult:
    record = (
        PlanImport.objects.select_for_update(of=("self",)).select_related("issuing_unit", "parent").get(pk=record.pk)
    )
    if record.status != PlanImportStatus.PENDING:
        raise PlanImportError(_("Tệp này đã được xử lý."))
    if not record.number or record.issuing_unit is None:
        raise PlanImportError(_("Chưa có số hiệu văn bản hoặc cơ quan ban hành: nhập ở phần thông tin văn bản."))
    units, aliases = _apply_resolutions(record.resolutions)
    with record.file.open("rb") as source:
        result = plan_import_apply(
            source=source,
            number=record.number,
            year=record.year,
            issuing_unit=record.issuing_unit,
            by=by,
            title=record.title,
            issued_on=record.issued_on,
            create_units=create_units,
            update_existing=update_existing,
            file_name=record.original_name,
            parent=record.parent,
        )
    result.units_created[:0] = units
    result.aliases_created = aliases
    if units or aliases:
        audit_record(
            action=AuditAction.PLAN_IMPORTED,
            actor=by,
            target=result.plan,
            detail=_("Danh mục đơn vị khi nhập tệp %(file)s: %(changes)s")
            % {"file": record.original_name, "changes": _catalogue_detail(units, aliases)},
        )
    record.status = PlanImportStatus.APPLIED
    record.plan = result.plan
    record.save(update_fields=["status", "plan", "updated_at"])
    return result


RESOLUTION_ACTIONS = ("unit", "create", "group", "new_group", "keep")


def plan_import_resolve(*, record: PlanImport, choices: dict[str, dict], forget: tuple[str, ...] = ()) -> PlanImport:
    """Store what each unknown name of a pending import stands for (by alias key): an existing
    unit {"action": "unit", "unit": id}, a new unit {"action": "create", "kind", "parent"}, a
    group {"action": "group", "group": id} or a new one of chosen units {"action": "new_group",
    "units": [ids]}, or nothing {"action": "keep"}. Nothing is written to the catalogue before
    the confirmation; the preview reads the file with these choices."""
    if record.status != PlanImportStatus.PENDING:
        raise PlanImportError(_("Tệp này đã được xử lý."))
    for key, choice in choices.items():
        if choice.get("action") not in RESOLUTION_ACTIONS or not str(choice.get("name", "")).strip():
            raise ValidationError(_("Lựa chọn không hợp lệ cho “%(name)s”.") % {"name": choice.get("name", key)})
    resolutions = {k: v for k, v in record.resolutions.items() if k not in choices and k not in forget}
    resolutions.update(choices)
    record.resolutions = resolutions
    record.save(update_fields=["resolutions", "updated_at"])
    return record


def _apply_resolutions(resolutions: dict[str, dict]) -> tuple[list[Unit], list[UnitAlias]]:
    """The pending choices written to the catalogue (inside the confirmation's transaction):
    new units and groups, and an alias for each name so the next file needs no question."""
    units: list[Unit] = []
    aliases: list[UnitAlias] = []
    taken = {fold(c).upper() for c in Unit.objects.values_list("code", flat=True)}
    existing = set(UnitAlias.objects.filter(key__in=list(resolutions)).values_list("key", flat=True))
    for key, choice in resolutions.items():
        name = str(choice["name"])[:255]
        alias = UnitAlias(name=name, key=key[:255])
        action = choice["action"]
        if action == "unit":
            alias.unit = Unit.objects.get(pk=choice["unit"], is_active=True)
        elif action == "create":
            parent_id = choice.get("parent")
            parent = Unit.objects.filter(pk=parent_id).first() if parent_id else None
            unit = Unit(
                name=name,
                code=_new_code(name_key(name), taken),
                kind=choice.get("kind") or _unit_kind(name_key(name)),
                parent=parent,
            )
            unit.full_clean(validate_unique=False)
            unit.save()
            units.append(unit)
            alias.unit = unit
        elif action == "group":
            alias.group = UnitGroup.objects.get(pk=choice["group"])
        elif action == "new_group":
            group = UnitGroup.objects.filter(name__iexact=name).first()
            if group is None:
                group = UnitGroup(name=name, slug=_group_slug(name))
                group.full_clean()
                group.save()
            group.units.add(*Unit.objects.filter(pk__in=choice.get("units", []), is_active=True))
            alias.group = group
        if key in existing:
            UnitAlias.objects.filter(key=key).update(name=alias.name, unit=alias.unit, group=alias.group)
        else:
            alias.full_clean(validate_unique=False)
            alias.save()
        aliases.append(alias)
    return units, aliases


def _group_slug(name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:56] or "nhom"
    slug, n = base, 1
    while UnitGroup.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _catalogue_detail(units: list[Unit], aliases: list[UnitAlias]) -> str:
    parts = []
    if units:
        parts.append(_("tạo đơn vị: %(units)s") % {"units": ", ".join(u.name for u in units)})
    if aliases:
        parts.append(
            _("ghi nhớ tên gọi: %(aliases)s")
            % {
                "aliases": ", ".join(
                    f"{a.name} → {a.unit.name if a.unit else a.group.name if a.group else _('chỉ giữ như ghi')}"
                    for a in aliases
                )
            }
        )
    return "; ".join(parts)


def plan_import_cancel(*, record: PlanImport) -> None:
    record.file.delete(save=False)
    record.status = PlanImportStatus.CANCELLED
    record.save(update_fields=["file", "status", "updated_at"])
