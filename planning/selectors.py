"""Reads the plan import needs, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch

from plans.models import Plan, ReformArea
from tasks.models import Task, TaskStatus
from units.models import Unit, UnitAlias, UnitGroup

from .import_diff import ExistingTask
from .parsed_plan import AreaRow
from .unit_matching import Alias, UnitIndex, UnitRow


def unit_index() -> UnitIndex:
    """Every active unit, unit group and alias, for matching names: three queries."""
    units = [UnitRow(u.pk, u.name, u.code) for u in Unit.objects.active().only("id", "name", "code")]
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
    return UnitIndex.build(units, groups, aliases)


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
