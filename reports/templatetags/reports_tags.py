"""Labels for values the dashboard selectors return raw (a status at a past date)."""

from django import template

from tasks.models import TaskStatus

register = template.Library()


@register.filter
def status_label(value):
    """'in_progress' → 'Đang triển khai' (in the active language)."""
    try:
        return TaskStatus(value).label
    except ValueError:
        return ""
