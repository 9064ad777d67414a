"""A world for walking every URL: the demo agency plus one object of each kind, all
belonging to Sở Tư pháp (the unit of canbo and truongdonvi) where a unit matters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User, UserImport
from demo.plan_life import purge_unit_plans
from demo.services import demo_load
from figures.models import Indicator, ReportingPeriod
from inspections.models import Inspection, InspectionPlan, InspectionTeam, Recommendation, RecommendationResponse
from notifications.models import Notification, NotificationKind
from parindex.models import CriteriaSet
from parindex.services import evidence_add
from planning.unit_plans import DerivedPart, task_take_over
from plans.models import PlanImport, ReformArea
from plans.services import unit_plan_create
from reorganisation.models import ReorganisationKind
from reorganisation.services import Decision, reorganisation_record
from reports.models import ExportJob, ExportJobStatus, PeriodClosing, SteeringPack
from tasks.models import Task, TaskStatus
from tasks.services import EvidenceInput, extension_request, task_create, task_report_progress
from tasks.workflow_models import CompletionReport, Evidence, ExtensionRequest
from tests.factories import make_unit, make_user
from units.models import Unit

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "ke-hoach-cchc-mau.xlsx"
TODAY = datetime.date(2026, 11, 22)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    users: dict[str, User | None]
    kwargs: dict[str, dict]
    query: dict[str, str]


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    demo = demo_load(today=TODAY)
    users = {u.username: u for u in User.objects.all()}
    stp = Unit.objects.get(code="STP")
    canbo = users["canbo"]

    # Two tasks of STP's own that STC does not coordinate (the demo's own STP tasks change with
    # the demo's story): one reported done with a file, awaiting confirmation…
    def stp_task(number: str) -> Task:
        return task_create(
            plan=demo.plan,
            area=ReformArea.objects.get(code="VII"),
            number=number,
            content=f"Nhiệm vụ {number} của Sở Tư pháp (kiểm thử quyền truy cập)",
            lead_unit=stp,
            by=users["thuongtruc"],
            deadline=datetime.date(2026, 12, 31),
            deadline_text="Tháng 12",
        )

    reported = stp_task("91")
    task_report_progress(
        task=reported,
        by=canbo,
        loaded_version=reported.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Đã xong",
        completed_on=TODAY,
        evidence=EvidenceInput(files=[SimpleUploadedFile("bien-ban.pdf", PDF)]),
    )
    # …and another with a pending deadline extension.
    extended = stp_task("92")
    extension_request(
        task=extended, by=canbo, requested_deadline=extended.deadline + datetime.timedelta(days=60), reason="Chờ ý kiến"
    )
    report = CompletionReport.objects.get(task=reported)
    # STP's own plan under the agency plan (a draft), with one agency task taken over; the units'
    # plans of the demo (demo/plan_life.py) are set aside: STC has none, and may start one.
    purge_unit_plans(demo.plan, by=users["thuongtruc"])
    unit_plan = unit_plan_create(parent=demo.plan, unit=stp, by=canbo, title="Kế hoạch CCHC của Sở Tư pháp")
    stp_tasks = (
        Task.objects.filter(plan=demo.plan, lead_unit=stp).exclude(pk__in=[reported.pk, extended.pk]).order_by("pk")
    )
    (derived,) = task_take_over(unit_plan=unit_plan, parent_task=stp_tasks[0], by=canbo, parts=[DerivedPart()])
    with SAMPLE.open("rb") as handle:
        plan_import = PlanImport.objects.create(
            file=File(handle, name="ke-hoach.xlsx"),
            original_name="ke-hoach.xlsx",
            number="215/KH-UBND",
            year=2027,
            issuing_unit=demo.plan.issuing_unit,
            created_by=users["thuongtruc"],
        )
    inspection_plan = InspectionPlan.objects.get()
    inspection = Inspection.objects.get(plan=inspection_plan, unit=stp)
    recommendation = Recommendation.objects.filter(responsible_unit=stp, status="open").first()
    # The demo keeps no files: give STP's inspection its minutes and a response its evidence.
    inspection.minutes.save("bien-ban.pdf", ContentFile(PDF), save=False)
    inspection.minutes_name = "bien-ban.pdf"
    inspection.save()
    response = RecommendationResponse.objects.create(
        recommendation=recommendation,
        author=canbo,
        note="Đã khắc phục",
        evidence=ContentFile(PDF, name="kq.pdf"),
        evidence_name="kq.pdf",
    )
    # A finished background export of the secretariat's (reports/jobs.py).
    export_job = ExportJob.objects.create(
        requested_by=users["thuongtruc"],
        params={"plan": demo.plan.pk, "year": demo.plan.year, "kind": "h1", "start": None, "end": None},
        label="Sơ kết 6 tháng",
        format="xlsx",
        status=ExportJobStatus.DONE,
        file=ContentFile(b"PK\x05\x06" + bytes(18), name="so-ket.xlsx"),
        filename="so-ket.xlsx",
        display_name="Sơ kết.xlsx",
    )
    user_import = UserImport.objects.create(
        original_name="nguoi-dung.xlsx",
        sheet="Người dùng",
        columns={"unit_code": "A", "full_name": "B", "email": "C", "role": "D"},
        rows=[
            {"row": 2, "unit_code": "STP", "full_name": "Lê Văn Mới", "email": "moi@example.vn", "role": "unit_staff"}
        ],
        created_by=users["thuongtruc"],
    )
    # The six-month period of the demo plan, closed by the demo on 20/06 (demo/closing.py).
    closing = PeriodClosing.objects.get(plan=demo.plan, reopening__isnull=True)
    # October's steering-committee pack, made by the demo's daily job on 05/11 (demo/steering.py).
    pack = SteeringPack.objects.get(identifier="CCHC-BCD-2026-10")
    # Two units with no task, one absorbed into the other (reorganisation/services.py).
    reorganisation = reorganisation_record(
        decision=Decision(
            kind=ReorganisationKind.ABSORB,
            effective_on=datetime.date(2026, 1, 15),
            predecessors=[make_unit(code="SCU", name="Sở cũ")],
            successors=[make_unit(code="SMOI", name="Sở mới")],
            document_number="1/QĐ-UBND",
            document_date=datetime.date(2026, 1, 10),
            document_title="Về việc sắp xếp",
        ),
        by=users["thuongtruc"],
    ).reorganisation
    par_set = CriteriaSet.objects.get(year=demo.plan.year)
    par_row = par_set.criteria.get(stt="1.4")  # scored by the unit itself
    # STP's inspection response offered as evidence of a row (a reference, no copy).
    par_evidence = evidence_add(
        criteria_set=par_set, unit=stp, criterion=par_row, inspection_response=response, by=canbo
    )
    # Last year's published set, with its council decision's file.
    par_published = CriteriaSet.objects.get(year=demo.plan.year - 1)
    par_published.council_file.save("qd.pdf", ContentFile(PDF), save=False)
    par_published.council_file_name = "qd.pdf"
    par_published.save()
    users["outsider"] = make_user("nguoingoai")  # logged in, no role, no unit
    users["anonymous"] = None
    notification = Notification.objects.create(
        recipient=canbo,
        kind=NotificationKind.OVERDUE,
        day=TODAY,
        object_key="task:0",
        title="Quá hạn",
        url="/tasks/mine/",
    )
    kwargs = {
        "accounts:password_reset_confirm": {"uidb64": "MA", "token": "not-a-token"},
        "accounts:user_edit": {"pk": canbo.pk},
        "accounts:user_deactivate": {"pk": canbo.pk},
        "accounts:user_reactivate": {"pk": canbo.pk},
        "accounts:user_password_link": {"pk": canbo.pk},
        "accounts:user_import_preview": {"pk": user_import.pk},
        "accounts:user_import_confirm": {"pk": user_import.pk},
        "accounts:user_import_cancel": {"pk": user_import.pk},
        "plans:detail": {"pk": demo.plan.pk},
        "plans:edit": {"pk": demo.plan.pk},
        "plans:issue": {"pk": unit_plan.pk},
        "plans:close": {"pk": demo.plan.pk},
        "plans:delete": {"pk": unit_plan.pk},
        "plans:task_add": {"pk": unit_plan.pk},
        "plans:area_order": {"pk": unit_plan.pk, "code": "I"},
        "plans:task_edit": {"pk": derived.pk},
        "plans:task_remove": {"pk": derived.pk},
        "plans:unit_plans": {"pk": demo.plan.pk},
        "plans:unit_plan_start": {"pk": demo.plan.pk},
        "plans:take_over": {"pk": unit_plan.pk, "task_pk": stp_tasks[1].pk},
        "plans:import_preview": {"pk": plan_import.pk},
        "plans:import_header": {"pk": plan_import.pk},
        "plans:import_resolve": {"pk": plan_import.pk},
        "plans:import_confirm": {"pk": plan_import.pk},
        "plans:import_cancel": {"pk": plan_import.pk},
        "tasks:detail": {"pk": extended.pk},
        "tasks:update": {"pk": extended.pk},
        "tasks:contribute": {"pk": extended.pk},
        "tasks:extension": {"pk": extended.pk},
        "tasks:report_from_units": {"pk": stp_tasks[0].pk},  # STP leads, STC coordinates; parts not done
        "tasks:report_confirm": {"pk": report.pk},
        "tasks:report_return": {"pk": report.pk},
        "tasks:report_confirm_undo": {"pk": report.pk},
        "tasks:report_approve": {"pk": report.pk},
        "tasks:report_reject": {"pk": report.pk},
        "tasks:extension_approve": {"pk": ExtensionRequest.objects.get(task=extended).pk},
        "tasks:extension_refuse": {"pk": ExtensionRequest.objects.get(task=extended).pk},
        "tasks:evidence": {"pk": Evidence.objects.get(task=reported).pk},
        "tasks:evidence_preview": {"pk": Evidence.objects.get(task=reported).pk},
        "reports:plan_dashboard": {"pk": demo.plan.pk},
        "reports:year_dashboard": {"year": demo.plan.year},
        "reports:export_job": {"pk": export_job.pk},
        "reports:export_job_download": {"pk": export_job.pk},
        "reports:closing_detail": {"pk": closing.pk},
        "reports:closing_reopen": {"pk": closing.pk},
        "reports:closing_docx": {"pk": closing.pk},
        "reports:closing_pdf": {"pk": closing.pk},
        **{f"reports:steering_{name}": {"pk": pack.pk} for name in ("detail", "pdf", "xlsx")},
        "reorganisation:detail": {"pk": reorganisation.pk},
        "reorganisation:undo": {"pk": reorganisation.pk},
        "reports:narratives": {"period_pk": closing.period_id},
        "reports:unit_narrative": {"period_pk": closing.period_id, "unit_pk": stp.pk},
        "reports:unit_narrative_submit": {"period_pk": closing.period_id, "unit_pk": stp.pk},
        "inspections:plan_detail": {"pk": inspection_plan.pk},
        "inspections:plan_edit": {"pk": inspection_plan.pk},
        "inspections:team_create": {"pk": inspection_plan.pk},
        "inspections:schedule": {"pk": inspection_plan.pk},
        "inspections:team_edit": {"pk": InspectionTeam.objects.filter(plan=inspection_plan).first().pk},
        "inspections:detail": {"pk": inspection.pk},
        "inspections:reschedule": {"pk": inspection.pk},
        "inspections:result": {"pk": inspection.pk},
        "inspections:shortcoming_add": {"pk": inspection.pk},
        "inspections:recommendation_add": {"pk": inspection.pk},
        "inspections:minutes": {"pk": inspection.pk},
        "inspections:recommendation": {"pk": recommendation.pk},
        "inspections:respond": {"pk": recommendation.pk},
        "inspections:close": {"pk": recommendation.pk},
        "inspections:keep_open": {"pk": recommendation.pk},
        "inspections:to_task": {"pk": recommendation.pk},
        "inspections:evidence": {"pk": response.pk},
        "figures:unit": {"unit_pk": stp.pk},
        "figures:enter_for_unit": {"unit_pk": stp.pk},
        "figures:submit": {"unit_pk": stp.pk},
        "figures:indicator_edit": {"pk": Indicator.objects.first().pk},
        "figures:period_edit": {"pk": ReportingPeriod.objects.first().pk},
        "notifications:open": {"pk": notification.pk},
        "notifications:mark_read": {"pk": notification.pk},
        # The PAR INDEX set of the demo's year: self-assessment open, results not published.
        **{
            f"parindex:{name}": {"pk": par_set.pk}
            for name in ("set_detail", "set_copy", "set_open", "survey_import", "results", "results_xlsx")
        },
        "parindex:criterion_add": {"pk": par_set.pk},
        "parindex:criterion_add_child": {"pk": par_set.pk, "criterion_pk": par_row.pk},
        "parindex:criterion_points": {"pk": par_set.pk, "criterion_pk": par_row.pk},
        "parindex:criterion_edit": {"pk": par_set.pk, "criterion_pk": par_row.pk},
        "parindex:criterion_delete": {"pk": par_set.pk, "criterion_pk": par_row.pk},
        "parindex:sheet": {"pk": par_set.pk, "unit_pk": stp.pk},
        "parindex:sheet_xlsx": {"pk": par_set.pk, "unit_pk": stp.pk},
        **{
            f"parindex:{name}": {"pk": par_set.pk, "unit_pk": stp.pk, "criterion_pk": par_row.pk}
            for name in ("score_self", "appraise", "respond")
        },
        "parindex:submit": {"pk": par_set.pk, "unit_pk": stp.pk},
        **{
            f"parindex:{name}": {"pk": par_set.pk, "unit_pk": stp.pk, "criterion_pk": par_row.pk}
            for name in ("accept", "evidence_add")
        },
        "parindex:accept_all": {"pk": par_set.pk, "unit_pk": stp.pk},
        "parindex:evidence_download": {"pk": par_set.pk, "unit_pk": stp.pk, "evidence_pk": par_evidence.pk},
        "parindex:council": {"pk": par_set.pk},
        "parindex:council_file": {"pk": par_published.pk},
    }
    query = {
        "reports:drilldown": f"?plan={demo.plan.pk}&bucket=overdue",
        "reports:figures": f"?plan={demo.plan.pk}",
        "reports:units": f"?plan={demo.plan.pk}",
        "reports:overdue": f"?plan={demo.plan.pk}",
        "reports:my_unit": f"?unit={stp.pk}",
        "reports:export_xlsx": f"?plan={demo.plan.pk}&kind=h1",
        "reports:export_csv": f"?plan={demo.plan.pk}&kind=h1",
        "reports:export_job_create": f"?plan={demo.plan.pk}&kind=h1",
        "reports:closing_create": f"?plan={demo.plan.pk}&kind=q1",
        "figures:submit": f"?period={ReportingPeriod.objects.first().pk}",
    }
    return World(users=users, kwargs=kwargs, query=query)
