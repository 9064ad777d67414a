"""The demo province's catalogue across the 2025 reorganisation (docs/DOMAIN.md, "The 2025
reorganisation", "The demo"): the units as demo/data.py lists them, then the reorganisation
of the year before the demo plan's year recorded through reorganisation_record on its two
effective dates — 01/03 (department mergers) and 01/07 (district level abolished, communes
merged) — so that the open tasks of the ceasing units are handed over as a real handover
would, and the catalogue page shows the lineage."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts.models import User
from plans.models import Plan
from reorganisation.models import ReorganisationKind
from reorganisation.services import Decision, open_tasks_of, reorganisation_record, reorganisations_purge
from tasks.services import plan_tasks_purge
from units.models import Unit, UnitGroup

from . import data


@dataclass(frozen=True)
class Step:
    kind: str
    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    document_number: str


MERGERS_ON = (3, 1)  # 01/03: the departments
COMMUNES_ON = (7, 1)  # 01/07: the districts and the communes
# (effective (month, day), document number, its date (month, day), title, steps)
DECISIONS: list[tuple[tuple[int, int], tuple[int, int], str, list[Step]]] = [
    (
        MERGERS_ON,
        (2, 25),
        "Về việc sắp xếp, tổ chức lại các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh Sông Lam",
        [
            Step(ReorganisationKind.ABSORB, ("SKHDT",), ("STC",), "345/QĐ-UBND"),
            Step(ReorganisationKind.ABSORB, ("STTTT",), ("SKHCN",), "346/QĐ-UBND"),
            Step(ReorganisationKind.ABSORB, ("SGTVT",), ("SXD",), "347/QĐ-UBND"),
            Step(ReorganisationKind.ABSORB, ("SLDTBXH",), ("SNV",), "348/QĐ-UBND"),
            Step(ReorganisationKind.MERGE, ("SNNPTNT", "STNMT"), ("SNNMT",), "349/QĐ-UBND"),
            Step(ReorganisationKind.ABSORB, ("BDT",), ("SDTTG",), "350/QĐ-UBND"),
        ],
    ),
    (
        COMMUNES_ON,
        (6, 20),
        "Về việc sắp xếp đơn vị hành chính cấp xã và kết thúc hoạt động của chính quyền địa phương "
        "cấp huyện trên địa bàn tỉnh Sông Lam",
        [
            # The old communes first: their districts still exist on the day they merge.
            Step(ReorganisationKind.MERGE, ("UBND-PLH", "UBND-PLT"), ("UBND-PSL",), "1020/QĐ-UBND"),
            Step(ReorganisationKind.MERGE, ("UBND-XDT", "UBND-XTS"), ("UBND-XTDG",), "1020/QĐ-UBND"),
            # Each district's open tasks go to the commune on its territory or to a department
            # (the receiver of each task: demo/previous_year.py ROWS).
            Step(ReorganisationKind.DISSOLVE, ("UBND-TPSL",), ("UBND-PSL", "SXD"), "1021/QĐ-UBND"),
            Step(ReorganisationKind.DISSOLVE, ("UBND-TXBS",), ("UBND-PBS",), "1021/QĐ-UBND"),
            Step(ReorganisationKind.DISSOLVE, ("UBND-HTD",), ("UBND-XTDG", "SNNMT"), "1021/QĐ-UBND"),
            Step(ReorganisationKind.DISSOLVE, ("UBND-HNT",), ("UBND-XNT", "SNV"), "1021/QĐ-UBND"),
        ],
    ),
]


def demo_catalogue_load(*, year: int) -> dict[str, Unit]:
    """The demo catalogue for a demo plan of `year`, every unit as it was on 01/01 of the year
    before: a demo loaded again first drops its previous-year plan's tasks and its
    reorganisations (those of the units that ceased), which the demo records again."""
    reorganisations_purge(predecessor_codes=data.CEASED)
    for plan in Plan.objects.filter(number=data.PREVIOUS_PLAN_NUMBER, issuing_unit__code=data.AGENCY_CODE):
        plan_tasks_purge(plan=plan)
    previous = year - 1
    units: dict[str, Unit] = {}
    for order, (code, name, kind, parent_code, since) in enumerate(data.UNITS, start=1):
        units[code], _ = Unit.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "parent": units.get(parent_code),
                "order": order,
                "is_active": True,
                "valid_from": datetime.date(previous, *since) if since else None,
                "valid_until": None,
            },
        )
    for slug, name, codes in data.UNIT_GROUPS:
        group, _ = UnitGroup.objects.update_or_create(slug=slug, defaults={"name": name})
        group.units.set([units[c] for c in codes])
    return units


def demo_reorganise(*, year: int, on: tuple[int, int], units: dict[str, Unit], heirs: dict[int, str], by: User) -> None:
    """Record the reorganisation of `year` effective on `on` (MERGERS_ON or COMMUNES_ON): the
    open tasks of each ceasing unit go to its successor, or, when a district is dissolved, to
    the receiver `heirs` names (task id → unit code). Demo users are in surviving units."""
    for effective, document_on, title, steps in DECISIONS:
        if effective != on:
            continue
        for step in steps:
            predecessors = [units[code] for code in step.predecessors]
            for unit in predecessors:
                unit.refresh_from_db()
            task_successors = {}
            if step.kind == ReorganisationKind.DISSOLVE:
                task_successors = {task.pk: units[heirs[task.pk]] for task in open_tasks_of(predecessors)}
            reorganisation_record(
                decision=Decision(
                    kind=step.kind,
                    effective_on=datetime.date(year, *effective),
                    predecessors=predecessors,
                    successors=[units[code] for code in step.successors],
                    document_number=step.document_number,
                    document_date=datetime.date(year, *document_on),
                    document_title=title,
                    task_successors=task_successors,
                ),
                by=by,
            )
    for unit in units.values():
        unit.refresh_from_db()
