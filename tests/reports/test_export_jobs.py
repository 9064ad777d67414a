"""Exports of large scopes as background jobs (reports/jobs.py): the page offers a job above
the threshold, the job writes the same workbook, its page shows the download, failures show
a short message, only the requester and the secretariat see a job; a real queue leaves it
waiting for the worker."""

from __future__ import annotations

import datetime
import io
import signal
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from accounts.roles import Role
from audit.models import AuditAction, AuditEntry
from cchc.formatting import percent, vn_int
from reports.completion import completion_of
from reports.jobs import export_job_run
from reports.models import ExportJob, ExportJobStatus
from tasks.models import Task
from tests.factories import make_user

pytestmark = pytest.mark.django_db

CUTOFF = datetime.date(2023, 6, 30)
PERIOD = {"kind": "custom", "start": "01/01/2023", "end": "30/06/2023"}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _jobs(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = IMMEDIATE
    settings.EXPORT_BACKGROUND_MIN_TASKS = 3


def query(plan) -> str:
    return urlencode({"plan": plan.pk, **PERIOD})


def create(client, plan, fmt="xlsx"):
    return client.post(f"{reverse('reports:export_job_create')}?{query(plan)}", {"format": fmt})


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def job_url(job, name="reports:export_job") -> str:
    return reverse(name, args=[job.pk])


def test_a_scope_above_the_threshold_offers_a_background_job(board, cast):
    html = cast.client(cast.leader).get(reverse("reports:export"), {"plan": board.plan.pk, **PERIOD}).content.decode()
    assert f"{reverse('reports:export_job_create')}?{query(board.plan)}".replace("&", "&amp;") in html
    assert 'data-testid="job-xlsx"' in html and 'data-testid="job-csv"' in html
    assert reverse("reports:export_xlsx") not in html
    assert f"Phạm vi này có {Task.objects.filter(plan=board.plan).count()} nhiệm vụ" in html


def test_the_job_writes_the_workbook_and_its_page_offers_it(board, cast):
    client = cast.client(cast.leader)
    response = create(client, board.plan)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert (job.requested_by, job.status, job.format) == (cast.leader, ExportJobStatus.DONE, "xlsx")
    assert job.params == {
        "plan": board.plan.pk,
        "year": 2023,
        "kind": "custom",
        "start": "2023-01-01",
        "end": "2023-06-30",
        "language": "vi",
    }
    assert job.filename == "bao-cao-01012023-30062023-99-KH-UBND.xlsx"

    page = client.get(job_url(job)).content.decode()
    assert job_url(job, "reports:export_job_download") in page
    assert "data-refresh-seconds" not in page and "export_job.js" not in page  # finished: no more reloads

    download = client.get(job_url(job, "reports:export_job_download"))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith(f'attachment; filename="{job.filename}"')
    ws = load_workbook(io.BytesIO(content(download)))["Tổng hợp"]
    c = completion_of(Task.objects.filter(plan=board.plan), as_of=CUTOFF)
    headline = f"Hoàn thành {vn_int(c.completed)}/{vn_int(c.total)} nhiệm vụ, đạt {percent(c.rate)}"
    assert ws["A7"].value == headline == "Hoàn thành 3/11 nhiệm vụ, đạt 27,27%"

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert (entry.actor, entry.target) == (cast.leader, job.filename)
    assert entry.detail.endswith(f"; {job.task_count} nhiệm vụ")
    # The export page lists the job with its download.
    export_page = client.get(reverse("reports:export")).content.decode()
    assert job_url(job) in export_page and job_url(job, "reports:export_job_download") in export_page


def test_a_csv_job_has_one_row_per_task(board, cast):
    client = cast.client(cast.secretariat)
    create(client, board.plan, "csv")
    job = ExportJob.objects.get()
    assert job.status == ExportJobStatus.DONE and job.filename.endswith("-chi-tiet-nhiem-vu.csv")
    text = content(client.get(job_url(job, "reports:export_job_download"))).decode("utf-8-sig")
    assert len(text.splitlines()) == 1 + job.task_count
    assert job.task_count == Task.objects.filter(plan=board.plan).count() - 1  # one task created after 30/06


def test_below_the_threshold_the_download_stays_direct(board, cast, settings):
    settings.EXPORT_BACKGROUND_MIN_TASKS = Task.objects.filter(plan=board.plan).count() + 1
    client = cast.client(cast.leader)
    html = client.get(reverse("reports:export"), {"plan": board.plan.pk, **PERIOD}).content.decode()
    assert f"{reverse('reports:export_xlsx')}?{query(board.plan)}".replace("&", "&amp;") in html
    assert reverse("reports:export_job_create") not in html
    response = client.get(reverse("reports:export_xlsx"), {"plan": board.plan.pk, **PERIOD})
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(content(response)))["Tổng hợp"]["A7"].value.startswith("Hoàn thành 3/11")
    assert not ExportJob.objects.exists()


def test_a_failing_job_shows_a_short_message_and_no_trace(board, cast, caplog):
    client = cast.client(cast.leader)
    with mock.patch("reports.jobs.write_review_xlsx", side_effect=RuntimeError("secret internals")):
        create(client, board.plan)
    job = ExportJob.objects.get()
    assert job.status == ExportJobStatus.FAILED and job.finished_at is not None and not job.file
    assert job.error == "Không tạo được tệp do lỗi hệ thống. Hãy thử lại sau hoặc báo quản trị hệ thống."
    page = client.get(job_url(job)).content.decode()
    assert 'data-status="failed"' in page and job.error in page
    assert "Traceback" not in page and "secret internals" not in page and "RuntimeError" not in page
    assert "secret internals" in caplog.text  # the traceback is in the log
    assert client.get(job_url(job, "reports:export_job_download")).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_plan_no_longer_visible_fails_the_job(board, cast, settings):
    settings.TASKS = DUMMY
    create(cast.client(cast.leader), board.plan)
    job = ExportJob.objects.get()
    job.params = {**job.params, "plan": board.plan.pk + 1000}
    job.save()
    export_job_run.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (ExportJobStatus.FAILED, "Kế hoạch không còn hoặc bạn không còn quyền xem.")


def test_only_the_requester_and_the_secretariat_see_a_job(board, cast):
    create(cast.client(cast.leader), board.plan)
    job = ExportJob.objects.get()
    other_leader = make_user("ld2", role=Role.LEADER)
    for name in ("reports:export_job", "reports:export_job_download"):
        url = job_url(job, name)
        assert cast.client(cast.leader).get(url).status_code == 200
        assert cast.client(cast.secretariat).get(url).status_code == 200
        assert cast.client(other_leader).get(url).status_code == 404
        assert cast.client(cast.outsider).get(url).status_code == 404
        for user in (cast.staff_a, cast.head_a):
            assert cast.client(user).get(url).status_code == 403
        anonymous = cast.client(None).get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    # Another leader's list does not show it.
    assert job_url(job) not in cast.client(other_leader).get(reverse("reports:export")).content.decode()


def test_who_may_create_a_job(board, cast):
    assert create(cast.client(cast.secretariat), board.plan).status_code == 302
    assert create(cast.client(cast.staff_a), board.plan).status_code == 403
    assert create(cast.client(cast.outsider), board.plan).status_code == 404
    anonymous = create(cast.client(None), board.plan)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    as_get = cast.client(cast.leader).get(f"{reverse('reports:export_job_create')}?{query(board.plan)}")
    assert as_get.status_code == 405
    assert ExportJob.objects.count() == 1


def test_bad_input_re_renders_the_form(board, cast):
    client = cast.client(cast.leader)
    assert create(client, board.plan, "pdf").status_code == 400
    bad_period = client.post(
        f"{reverse('reports:export_job_create')}?{urlencode({'plan': board.plan.pk, 'kind': 'custom'})}",
        {"format": "xlsx"},
    )
    assert bad_period.status_code == 400 and "Nhập ngày bắt đầu của kỳ tùy chọn." in bad_period.content.decode()
    assert not ExportJob.objects.exists()


def test_with_a_real_queue_the_job_waits_for_the_worker(board, cast, settings):
    settings.TASKS = DUMMY
    client = cast.client(cast.leader)
    create(client, board.plan)
    job = ExportJob.objects.get()
    assert job.status == ExportJobStatus.QUEUED
    page = client.get(job_url(job)).content.decode()
    assert 'data-status="queued"' in page and "Yêu cầu đang chờ xử lý trong nền." in page
    assert 'data-refresh-seconds="5"' in page and "js/export_job.js" in page
    assert client.get(job_url(job, "reports:export_job_download")).status_code == 404
    # What the worker then does:
    assert export_job_run.call(job.pk) == ExportJobStatus.DONE
    assert export_job_run.call(job.pk) == "skipped"  # run once only
    assert job_url(job, "reports:export_job_download") in client.get(job_url(job)).content.decode()


def test_the_database_backend_stores_the_job_for_db_worker(board, cast, settings):
    settings.TASKS = DATABASE
    create(cast.client(cast.leader), board.plan)
    job = ExportJob.objects.get()
    assert job.status == ExportJobStatus.QUEUED
    stored = DBTaskResult.objects.get()
    assert stored.task_path == "reports.jobs.export_job_run" and stored.args_kwargs["args"] == [job.pk]


@pytest.mark.django_db(transaction=True)
def test_db_worker_runs_the_queued_job(reseed, board, cast, settings):
    """(`reseed` first: an earlier transactional test may have flushed the role groups.)"""
    settings.TASKS = DATABASE
    create(cast.client(cast.leader), board.plan)
    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    handlers = {number: signal.getsignal(number) for number in signals}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    finally:  # the worker installs its own shutdown handlers: give pytest its own back
        for number, handler in handlers.items():
            signal.signal(number, handler)
    job = ExportJob.objects.get()
    assert (job.status, job.filename) == (ExportJobStatus.DONE, "bao-cao-01012023-30062023-99-KH-UBND.xlsx")


def test_a_job_whose_worker_died_is_marked_failed_not_running_forever(board, cast, settings):
    """A worker killed mid-export leaves its job "running": after EXPORT_JOB_TIMEOUT_MINUTES it
    is failed with a message the requester reads, by the jobs page and by the command."""
    settings.TASKS = DUMMY
    settings.EXPORT_JOB_TIMEOUT_MINUTES = 30
    client = cast.client(cast.leader)
    create(client, board.plan)
    create(client, board.plan)
    stale, fresh = ExportJob.objects.order_by("pk")
    now = timezone.now()
    ExportJob.objects.filter(pk=stale.pk).update(
        status=ExportJobStatus.RUNNING, started_at=now - datetime.timedelta(minutes=31)
    )
    ExportJob.objects.filter(pk=fresh.pk).update(
        status=ExportJobStatus.RUNNING, started_at=now - datetime.timedelta(minutes=5)
    )
    page = client.get(job_url(stale)).content.decode()
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, fresh.status) == (ExportJobStatus.FAILED, ExportJobStatus.RUNNING)
    assert stale.error == "Việc tạo tệp bị gián đoạn (quá 30 phút). Hãy xuất lại."
    assert stale.error in page
    ExportJob.objects.filter(pk=fresh.pk).update(started_at=now - datetime.timedelta(hours=2))
    out = io.StringIO()
    call_command("expire_export_jobs", stdout=out)
    assert out.getvalue().strip() == "1 export job(s) marked failed."
    fresh.refresh_from_db()
    assert fresh.status == ExportJobStatus.FAILED
