"""The lead unit of every existing history entry and state span, from the task's row: before
this change no entry recorded it, and the lead unit changed only by edits that left the row
as the last word (docs/DOMAIN.md, "The 2025 reorganisation")."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Task = apps.get_model("tasks", "Task")
    TaskEvent = apps.get_model("tasks", "TaskEvent")
    TaskStateSpan = apps.get_model("tasks", "TaskStateSpan")
    lead = Subquery(Task.objects.filter(pk=OuterRef("task_id")).values("lead_unit_id")[:1])
    TaskEvent.objects.filter(lead_unit__isnull=True).update(lead_unit_id=lead)
    TaskStateSpan.objects.filter(lead_unit__isnull=True).update(lead_unit_id=lead)


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0010_lead_unit_in_history"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
