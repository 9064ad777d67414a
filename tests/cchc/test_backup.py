"""A backup of the demo restores into an empty database with the same figures and files."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from demo.services import demo_load
from plans.models import Plan, ReformArea
from reports.completion import completion_of
from tasks.models import Task, TaskEvent


# Transactional: flush (TRUNCATE) inside the usual test transaction trips over PostgreSQL's
# deferred foreign-key checks; `reseed` restores the migration seeds for the tests after it.
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(reseed, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "2026" / "abc.pdf").write_bytes(b"%PDF-1.4 test")
    plan = demo_load(today=datetime.date(2026, 11, 22)).plan
    before = completion_of(Task.objects.filter(plan=plan), as_of=datetime.date(2026, 6, 30))
    counts = (Task.objects.count(), TaskEvent.objects.count(), User.objects.count())
    archive = tmp_path / "backup.tar.gz"
    call_command("backup_data", "-o", str(archive), stdout=StringIO())

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_data", str(archive), stdout=StringIO())

    call_command("flush", "--noinput", verbosity=0)
    (settings.MEDIA_ROOT / "evidence" / "2026" / "abc.pdf").unlink()
    assert not Task.objects.exists() and not ReformArea.objects.exists()

    call_command("restore_data", str(archive), stdout=StringIO())
    plan = Plan.objects.get(parent=None, number="125/KH-UBND")  # this year's agency plan, not last year's or the units'
    after = completion_of(Task.objects.filter(plan=plan), as_of=datetime.date(2026, 6, 30))
    assert (
        (after.completed, after.total, after.rate)
        == (before.completed, before.total, before.rate)
        == (41, 77, before.rate)
    )
    assert (Task.objects.count(), TaskEvent.objects.count(), User.objects.count()) == counts
    assert ReformArea.objects.count() == 7
    assert User.objects.get(username="canbo").check_password("cchc-demo")
    assert (settings.MEDIA_ROOT / "evidence" / "2026" / "abc.pdf").read_bytes() == b"%PDF-1.4 test"


def test_restore_of_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such backup"):
        call_command("restore_data", str(tmp_path / "nope.tar.gz"))
