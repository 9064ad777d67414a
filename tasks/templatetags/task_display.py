"""How a task's deadline and status are written, on its own pages and in every row of a unit's
list (a few hundred rows: plain functions, not an include per row)."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

from cchc.formatting import format_date, short_date
from tasks.models import TaskStatus

register = template.Library()


@register.filter
def deadline_date_differs(task) -> bool:
    """Whether the plan words the deadline otherwise than its date ("Quý I" for 31/03/2026),
    so that a page shows the date beside the words."""
    return bool(task.deadline and task.deadline_text and task.deadline_text != format_date(task.deadline))


@register.filter
def overdue_on(task, day) -> bool:
    """Still open past its deadline on `day` (Task.is_overdue), for a row's class."""
    return task.is_overdue(day)


@register.filter
def deadline(task) -> str:
    """The deadline as the plan words it, the date when that differs, and the extensions."""
    if task.deadline_text:
        html = conditional_escape(task.deadline_text)
        if deadline_date_differs(task):
            html = format_html("{} ({})", html, short_date(task.deadline))
    elif task.deadline:
        html = conditional_escape(short_date(task.deadline))
    else:
        html = conditional_escape(_("Không hạn"))
    if task.original_deadline:
        extended = _("gia hạn %(n)s lần, hạn ban đầu %(d)s") % {
            "n": task.extension_count,
            "d": short_date(task.original_deadline),
        }
        html = format_html('{} · <span class="small">{}</span>', html, extended)
    return html


@register.simple_tag
def status_badge(task, today) -> str:
    """The status, and "Quá hạn" beside it when the task is still open past its deadline."""
    # The enum's label rather than get_status_display(), which costs ~25 µs (a list of a few
    # hundred rows calls this once per row).
    label = TaskStatus(task.status).label if task.status in TaskStatus.values else task.status
    badge = format_html('<span class="badge status-{}">{}</span>', task.status, label)
    if task.is_overdue(today):
        badge = format_html('{} <span class="badge text-bg-danger">{}</span>', badge, _("Quá hạn"))
    return badge
