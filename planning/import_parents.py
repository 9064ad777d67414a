"""A unit's plan imported under the agency plan it implements (docs/DOMAIN.md, "Units' own
plans"): each row of the file is matched to the parent plan's task it carries out, if any.

A row is a derived task of a parent task of the same area when its text is the parent's
(compared without case, diacritics, spacing or final punctuation), or — for a task the unit
leads or coordinates — when its number is the parent's or a part of it ("3.1", "3.2" under "3").
Any other row is the unit's own task. Two queries whatever the size."""

from __future__ import annotations

import re
from dataclasses import dataclass

from plans.models import Plan
from tasks.models import Task

from .parsed_plan import ParsedArea, ParsedTask
from .unit_matching import fold


@dataclass(frozen=True)
class ParentTask:
    id: int
    label: str  # "I.3", as the preview names it


def _text_key(text: str) -> str:
    return re.sub(r"[\s.;:,]+$", "", fold(text))


def match_parent_tasks(
    areas: list[ParsedArea], *, parent: Plan, unit_id: int | None
) -> dict[tuple[str, int], ParentTask]:
    """The parent task of each row that has one, by the row's (sheet, row)."""
    rows = list(Task.objects.filter(plan=parent).in_plan().values_list("pk", "area__code", "number", "content"))
    involved = (
        set(Task.objects.filter(plan=parent).in_plan().involving(unit_id).values_list("pk", flat=True))
        if unit_id is not None
        else set()
    )
    by_text: dict[tuple[str, str], ParentTask] = {}
    by_number: dict[tuple[str, str], ParentTask] = {}
    for pk, area_code, number, content in rows:
        task = ParentTask(pk, f"{area_code}.{number}")
        by_text.setdefault((area_code, _text_key(content)), task)
        if pk in involved:
            by_number[(area_code, number)] = task
    matches: dict[tuple[str, int], ParentTask] = {}
    for area in areas:
        code = area.area.code
        for parsed in area.tasks:
            found = by_text.get((code, _text_key(parsed.content))) or _by_number(by_number, code, parsed)
            if found is not None:
                matches[(parsed.sheet, parsed.row)] = found
    return matches


def _by_number(by_number: dict[tuple[str, str], ParentTask], code: str, parsed: ParsedTask) -> ParentTask | None:
    number = parsed.number.strip()
    while number:
        found = by_number.get((code, number))
        if found is not None:
            return found
        number = number.rpartition(".")[0]  # 3.1.2 → 3.1 → 3
    return None
