"""Warning before an action changes the figures of a closed period (docs/DOMAIN.md, "Closing a
period"): "Thao tác này làm thay đổi số liệu kỳ 6 tháng năm 2026 đã chốt ngày 20/06: hoàn
thành 40/77 → 41/77".

Closings live in reports, above tasks in the layers: reports registers the reader when the app
is ready (reports/apps.py → reports/closing_guard.py), and the views of the actions that may
change past figures (a backdated confirmation, an extension, a task edit or removal dated in the
period) ask ``changes_to_closed_periods`` before saving. The reader runs the action itself inside
a transaction it rolls back, so whatever the action changes is measured by the same figures as
the report, and nothing is kept.

``closed_period_confirmation`` is the confirm step of the button actions: a page repeating the
posted fields with the warning and a second submit (no script).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Task

CONFIRM_FIELD = "closed_period_ok"


@dataclass(frozen=True)
class ClosedPeriodChange:
    """A closed period whose figures the action would change, and the sentence saying how."""

    identifier: str
    message: str


Reader = Callable[[Iterable[Task], Callable[[], object]], list[ClosedPeriodChange]]
_readers: list[Reader] = []


def register(reader: Reader) -> None:
    if reader not in _readers:
        _readers.append(reader)


def changes_to_closed_periods(tasks: Iterable[Task], action: Callable[[], object]) -> list[ClosedPeriodChange]:
    """The closed periods whose figures `action` (a service call on `tasks`) would change; the
    action is run and rolled back. Empty when no reader is registered or nothing is closed."""
    tasks = list(tasks)
    return [change for reader in _readers for change in reader(tasks, action)]


def confirmed(request: HttpRequest) -> bool:
    """The user saw the warning and saves anyway (the confirm step's second submit)."""
    return request.POST.get(CONFIRM_FIELD) == "1"


def closed_period_confirmation(
    request: HttpRequest, tasks: Iterable[Task], action: Callable[[], object], *, title: str, cancel_url: str
) -> HttpResponse | None:
    """None when the action may be saved now: the user already confirmed, or no closed period's
    figures change. Otherwise the confirm page, posting the same fields back with CONFIRM_FIELD."""
    if confirmed(request):
        return None
    changes = changes_to_closed_periods(tasks, action)
    if not changes:
        return None
    fields = [
        (name, value) for name, values in request.POST.lists() if name != "csrfmiddlewaretoken" for value in values
    ]
    context = {
        "changes": changes,
        "fields": fields,
        "title": title,
        "cancel_url": cancel_url,
        "confirm_field": CONFIRM_FIELD,
    }
    return render(request, "tasks/closed_period_confirm.html", context)
