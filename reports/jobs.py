"""Exports of the period report, written directly or as a background job.

A scope of at least ``EXPORT_BACKGROUND_MIN_TASKS`` tasks (a year of a large province:
100,000 tasks take over a minute) is too long for a web request: the view records an
``ExportJob`` and enqueues ``export_job_run`` (django-tasks; the "database" backend runs it in
the ``db_worker`` process, the "immediate" one inline). The job reads the same choice again
under the requester's own visibility, streams the same writers into a temporary file and keeps
it on the job for the requester to download. Smaller scopes are written within the request by
the same ``export_write``.
"""

from __future__ import annotations

import datetime
import io
import logging
import tempfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files import File
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from audit.models import AuditAction
from audit.services import audit_record
from cchc.formatting import format_date
from plans.models import Plan
from tasks.access import visible_plans, visible_tasks
from tasks.models import Task

from .closing_review import closing_in_force, review_of
from .csv_writer import write_tasks_csv
from .models import ExportFormat, ExportJob, ExportJobStatus
from .review_data import ReviewData, collect_review
from .review_period import ReviewPeriod, review_period
from .xlsx_writer import write_review_xlsx

logger = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
RECENT_JOBS = 10


class ExportUnavailable(Exception):
    """The stored choice no longer describes anything the requester may export."""


@dataclass(frozen=True)
class ExportChoice:
    """A valid choice of the export form: the tasks in scope, their plans and the period."""

    tasks: QuerySet[Task]
    plans: list[Plan]
    year: int
    plan: Plan | None
    period: ReviewPeriod
    kind: str
    start: datetime.date | None = None
    end: datetime.date | None = None

    @property
    def params(self) -> dict:
        """What an ExportJob stores to find this choice again (JSON)."""
        return {
            "plan": self.plan.pk if self.plan else None,
            "year": self.year,
            "kind": self.kind,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }

    def task_count(self) -> int:
        return self.tasks.count()


def user_plans(user) -> QuerySet[Plan]:
    return visible_plans(user).select_related("issuing_unit").order_by("-year", "number")


def export_choice(
    user,
    *,
    plan: Plan | None,
    year: int,
    kind: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    plans: QuerySet[Plan] | None = None,
) -> ExportChoice:
    """The tasks `user` sees in a plan (or in every plan of a year) and the period to report."""
    plans = user_plans(user) if plans is None else plans
    if plan is not None:
        tasks, scope_plans, year = visible_tasks(user).filter(plan=plan), [plan], plan.year
    else:
        # A year's report counts the agency's plans only: units' own plans repeat agency tasks.
        agency_plans = plans.filter(year=year, parent__isnull=True)
        tasks, scope_plans = visible_tasks(user).filter(plan__in=agency_plans), list(agency_plans)
    period = review_period(year=year, kind=kind, start=start, end=end)
    return ExportChoice(tasks, scope_plans, year, plan, period, kind, start, end)


def choice_from_params(user, params: dict) -> ExportChoice:
    """The choice a job stored, read again with what `user` may see now."""
    plans = user_plans(user)
    plan = None
    if params.get("plan") is not None:
        plan = plans.filter(pk=params["plan"]).first()
        if plan is None:
            raise ExportUnavailable(_("Kế hoạch không còn hoặc bạn không còn quyền xem."))
    elif not plans.filter(year=params["year"]).exists():
        raise ExportUnavailable(_("Không có kế hoạch nào của năm %(year)s.") % {"year": params["year"]})
    start, end = (datetime.date.fromisoformat(params[k]) if params.get(k) else None for k in ("start", "end"))
    return export_choice(user, plan=plan, year=params["year"], kind=params["kind"], start=start, end=end, plans=plans)


# ---------------------------------------------------------------- writing the file


@dataclass(frozen=True)
class ExportFile:
    """What was written: the names to send it under, its type and how many task rows it has."""

    filename: str
    display_name: str
    content_type: str
    rows: int
    data: ReviewData


def collect(choice: ExportChoice) -> ReviewData:
    """The report's data: a closed period's snapshot, otherwise read now at the cut-off."""
    closing = closing_in_force(year=choice.year, plan=choice.plan, period=choice.period)
    if closing is not None:
        return review_of(closing)
    return collect_review(
        tasks=choice.tasks,
        plans=choice.plans,
        year=choice.year,
        period=choice.period,
        multi_plan=choice.plan is None,
        today=timezone.localdate(),
    )


def export_write(choice: ExportChoice, fmt: str, file: IO[bytes]) -> ExportFile:
    """Stream the workbook (or the task detail CSV) of `choice` into the binary `file`."""
    data = collect(choice)
    if fmt == ExportFormat.XLSX:
        rows = write_review_xlsx(data, file)["tasks"]
        return ExportFile(f"{data.filename}.xlsx", f"{data.display_filename}.xlsx", XLSX_TYPE, rows, data)
    text = io.TextIOWrapper(file, encoding="utf-8", newline="")
    rows = write_tasks_csv(data, text)
    text.flush()
    text.detach()
    return ExportFile(
        f"{data.filename}-chi-tiet-nhiem-vu.csv",
        f"{data.display_filename} - {_('Chi tiết nhiệm vụ')}.csv",
        CSV_TYPE,
        rows,
        data,
    )


def export_audit(*, actor, written: ExportFile, request=None) -> None:
    data = written.data
    detail = _("%(scope)s; kỳ %(period)s (%(start)s–%(cutoff)s); %(rows)s nhiệm vụ") % {
        "scope": data.scope_label,
        "period": data.period.label,
        "start": format_date(data.period.start),
        "cutoff": format_date(data.period.cutoff),
        "rows": written.rows,
    }
    audit_record(action=AuditAction.EXPORT, actor=actor, target=written.filename, detail=detail, request=request)


# ---------------------------------------------------------------- background jobs


def export_job_create(*, by, choice: ExportChoice, fmt: str) -> ExportJob:
    """Record the job and hand it to the task backend (inline with the immediate backend)."""
    if fmt not in ExportFormat.values:
        raise ValueError(f"Unknown export format {fmt!r}")
    scope = (
        _("Kế hoạch số %(number)s") % {"number": choice.plan.number}
        if choice.plan
        else _("Tất cả kế hoạch năm %(year)s") % {"year": choice.year}
    )
    job = ExportJob.objects.create(
        requested_by=by,
        params={**choice.params, "language": translation.get_language()},
        label=f"{choice.period.title} · {scope}"[:255],
        format=fmt,
    )
    export_job_run.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _fail(job: ExportJob, message: str) -> None:
    job.status = ExportJobStatus.FAILED
    job.error = message[:500]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


@task()
def export_job_run(job_id: int) -> str:
    """Write the file of a queued job. Never raises: a failure is kept on the job with a short
    message for the requester, the traceback goes to the log."""
    started = ExportJob.objects.filter(pk=job_id, status=ExportJobStatus.QUEUED).update(
        status=ExportJobStatus.RUNNING, started_at=timezone.now()
    )
    if not started:  # unknown, or already taken by another worker
        return "skipped"
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        try:
            choice = choice_from_params(job.requested_by, job.params)
            with tempfile.TemporaryFile() as file:
                written = export_write(choice, job.format, file)
                file.seek(0)
                job.file.save(written.filename, File(file), save=False)
        except ExportUnavailable as exc:
            _fail(job, str(exc))
            return job.status
        except Exception:
            logger.exception("Export job %s failed", job_id)
            _fail(job, _("Không tạo được tệp do lỗi hệ thống. Hãy thử lại sau hoặc báo quản trị hệ thống."))
            return job.status
        job.status = ExportJobStatus.DONE
        job.filename, job.display_name = written.filename, written.display_name
        job.task_count = written.rows
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "filename", "display_name", "task_count", "finished_at"])
        export_audit(actor=job.requested_by, written=written)
    return job.status


# ---------------------------------------------------------------- reading jobs


def export_jobs_expire(*, now: datetime.datetime | None = None) -> int:
    """A job still "running" EXPORT_JOB_TIMEOUT_MINUTES after it started lost its worker (killed,
    restarted, out of memory): it is marked failed with a message, never left running forever.
    Returns how many were. One UPDATE; run before jobs are listed and by `expire_export_jobs`."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.EXPORT_JOB_TIMEOUT_MINUTES)
    return ExportJob.objects.filter(status=ExportJobStatus.RUNNING, started_at__lt=cutoff).update(
        status=ExportJobStatus.FAILED,
        error=_("Việc tạo tệp bị gián đoạn (quá %(minutes)s phút). Hãy xuất lại.")
        % {"minutes": settings.EXPORT_JOB_TIMEOUT_MINUTES},
        finished_at=now,
    )


def recent_export_jobs(user) -> list[ExportJob]:
    """The user's latest jobs, newest first (two queries: jobs that lost their worker are
    marked failed first)."""
    export_jobs_expire()
    return list(ExportJob.objects.filter(requested_by=user).order_by("-created_at", "-pk")[:RECENT_JOBS])


def get_export_job_for_user(user, pk: int) -> ExportJob:
    """The requester and the secretariat see a job; anybody else gets 404. A job that lost its
    worker reads as failed (export_jobs_expire), so the page stops waiting for it."""
    export_jobs_expire()
    job = ExportJob.objects.select_related("requested_by").filter(pk=pk).first()
    if job is None or not (job.requested_by_id == user.pk or user.is_secretariat):
        raise Http404("No such export")
    return job
