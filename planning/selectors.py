"""Reads the plan import needs, each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from plans.models import Plan, ReformArea
from reorganisation.selectors import successor_names
from tasks.models import Task, TaskStatus
from units.models import Unit, UnitAlias, UnitGroup, UnitName

from .import_diff import ExistingTask
from .parsed_plan import AreaRow
from .unit_matching import Alias, UnitIndex, UnitRow, alias_key


def unit_index(resolutions: Mapping[str, Mapping[str, Any]] | None = None) -> UnitIndex:
    """Every active unit, unit group and alias, and the names of units that ceased in a
    reorganisation (read as their successor, reorganisation/selectors.py): seven queries. With an
    import's pending `resolutions` (planning/services.py, plan_import_resolve) laid over them
    as they will be written on confirmation: a unit to create is there under a negative id."""
    catalogue = list(
        Unit.objects.only("id", "name", "code", "is_active", "valid_until").annotate(
            renamed=Exists(UnitName.objects.filter(unit=OuterRef("pk")))
        )
    )
    units = [UnitRow(u.pk, u.name, u.code) for u in catalogue if u.is_active]
    active_ids = {u.id for u in units}
    groups = [
        (group.name, [u.pk for u in group.units.all() if u.pk in active_ids])
        for group in UnitGroup.objects.prefetch_related(Prefetch("units", queryset=Unit.objects.only("id")))
    ]
    group_units = dict(groups)
    aliases = [
        (
            alias.name,
            Alias(
                alias.name,
                unit_id=alias.unit_id if alias.unit_id in active_ids else None,
                group=alias.group.name if alias.group else "",
                group_unit_ids=tuple(group_units.get(alias.group.name, ())) if alias.group else (),
            ),
        )
        for alias in UnitAlias.objects.select_related("group")
        # An alias to a unit that has ended falls back to an unknown name, not to "no unit".
        if alias.unit_id is None or alias.unit_id in active_ids
    ]
    # Ceased units' names and former names read as their successor today, unless the
    # secretariat said otherwise (its aliases come after and win) or an active unit bears the name.
    active_keys = {alias_key(u.name) for u in units} | {alias_key(u.code) for u in units}
    reorganised = any(u.valid_until is not None or u.renamed for u in catalogue)
    successors = [
        (name.name, Alias(name.name, unit_id=name.unit_id, note=name.note))
        for name in (successor_names(timezone.localdate()) if reorganised else [])
        if name.unit_id in active_ids and alias_key(name.name) not in active_keys
    ]
    index = UnitIndex.build(units, groups, [*successors, *aliases])
    if resolutions:
        _overlay(index, resolutions, dict(groups), {g.pk: g.name for g in UnitGroup.objects.only("id", "name")})
    return index


# A unit that the confirmation will create, in the preview: ids -1, -2… never clash with rows.
NEW_UNIT_IDS = -1


def _overlay(
    index: UnitIndex,
    resolutions: Mapping[str, Mapping[str, Any]],
    group_units: dict[str, list[int]],
    group_names: dict[int, str],
) -> None:
    new_id = NEW_UNIT_IDS
    for choice in resolutions.values():
        name, action = str(choice["name"]), choice["action"]
        if action == "unit" and choice.get("unit") in index.units:
            index.add_alias(name, Alias(name, unit_id=int(choice["unit"])))
        elif action == "create":
            index.add_unit(UnitRow(new_id, name, ""))
            index.add_alias(name, Alias(name, unit_id=new_id))
            new_id -= 1
        elif action == "group" and choice.get("group") in group_names:
            group = group_names[int(choice["group"])]
            index.add_alias(name, Alias(name, group=group, group_unit_ids=tuple(group_units.get(group, ()))))
        elif action == "new_group":
            ids = tuple(i for i in choice.get("units", []) if i in index.units)
            index.add_alias(name, Alias(name, group=name, group_unit_ids=ids))
        elif action == "keep":
            index.add_alias(name, Alias(name))


def area_rows() -> list[AreaRow]:
    return [AreaRow(a.pk, a.code, a.name, a.short_name) for a in ReformArea.objects.all()]


def existing_plan(*, issuing_unit: Unit, number: str) -> Plan | None:
    return Plan.objects.filter(issuing_unit=issuing_unit, number__iexact=number.strip()).first()


def existing_tasks(plan: Plan) -> list[ExistingTask]:
    tasks = (
        Task.objects.filter(plan=plan)
        .select_related("area", "lead_unit")
        .prefetch_related(Prefetch("coordinating_units", queryset=Unit.objects.only("id")))
        .order_by("area__order", "position", "id")
    )
    return [
        ExistingTask(
            id=t.pk,
            area_code=t.area.code,
            number=t.number,
            content=t.content,
            expected_output=t.expected_output,
            lead_unit_id=t.lead_unit_id,
            lead_name=t.lead_unit.name,
            coordinating_ids=frozenset(u.pk for u in t.coordinating_units.all()),
            coordination_text=t.coordination_text,
            deadline=t.deadline,
            deadline_text=t.deadline_text,
            is_recurring=t.is_recurring,
            remarks=t.remarks,
            removed=t.status == TaskStatus.REMOVED,
            position=t.position,
        )
        for t in tasks
    ]
