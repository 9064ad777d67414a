"""Every change to a task goes through tasks.services (this package): they check the workflow rules, save
the task with optimistic locking, record the immutable history entry and attach evidence.

Rules (docs/DOMAIN.md, "Task status workflow"):
- The lead unit reports progress; reporting completion needs a completion date, a note and
  evidence, sets progress to 100 and sends a report to the secretariat — through the unit
  head first when the unit asks for it (Unit.requires_head_approval).
- A completion counts only once the secretariat confirms it, from the reported date; a
  return needs a reason and gives the task back to the unit.
- Deadline extensions: requested with a reason, decided by the secretariat, at most two per
  task; the first one keeps the original deadline for "completed late" counting.
- Concurrent edits: the unit's form carries the task version it was loaded at; a save against
  an older version raises TaskConflict instead of overwriting. Decisions lock the row.

Where each lives: plan_edits (creating and editing a plan's tasks by decision), bulk (many
tasks at once, history recorded after the fact), workflow (reports, approvals, decisions,
extensions), handover (a ceasing unit's tasks to its successor in a reorganisation), _common
(what they share). Callers import from tasks.services only.
"""

from __future__ import annotations

from ._common import (
    NO_EVIDENCE,
    EvidenceInput,
    TaskConflict,
)
from .bulk import (
    NewTask,
    plan_tasks_purge,
    task_history_import,
    tasks_import,
)
from .handover import tasks_coordination_replace, tasks_hand_over
from .plan_edits import (
    EDITABLE_FIELDS,
    TASK_FIELDS,
    can_edit_plan_tasks,
    plan_discard,
    task_create,
    task_edit,
    tasks_renumber,
    tasks_reorder,
)
from .workflow import (
    extension_approve,
    extension_refuse,
    extension_request,
    latest_extension,
    report_confirm,
    report_confirm_undo,
    report_head_approve,
    report_head_reject,
    report_return,
    task_contribute,
    task_report_progress,
)

__all__ = [
    "EDITABLE_FIELDS",
    "NO_EVIDENCE",
    "TASK_FIELDS",
    "EvidenceInput",
    "NewTask",
    "TaskConflict",
    "can_edit_plan_tasks",
    "extension_approve",
    "extension_refuse",
    "extension_request",
    "latest_extension",
    "plan_discard",
    "plan_tasks_purge",
    "report_confirm",
    "report_confirm_undo",
    "report_head_approve",
    "report_head_reject",
    "report_return",
    "task_contribute",
    "task_create",
    "task_edit",
    "task_history_import",
    "task_report_progress",
    "tasks_coordination_replace",
    "tasks_hand_over",
    "tasks_import",
    "tasks_renumber",
    "tasks_reorder",
]
