"""Labels for values the dashboard selectors return raw (a status at a past date)."""

from django import template

from reports.completion import Bucket
from tasks.models import TaskStatus

register = template.Library()


@register.filter
def status_label(value):
    """'in_progress' → 'Đang triển khai' (in the active language)."""
    try:
        return TaskStatus(value).label
    except ValueError:
        return ""


@register.filter
def bucket_label(value):
    """'late' → 'Hoàn thành quá hạn': a bucket's one label (reports.completion.Bucket) in the
    active language, so a table header never shortens it into an ambiguous word."""
    try:
        return Bucket(value).label
    except ValueError:
        return ""
