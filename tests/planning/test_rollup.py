"""Roll-up of an agency task from the units' plans, the lead unit's report of the agency task
from its units' evidence, and the agency's figures counting agency tasks only."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cchc.formatting import format_date
from planning.unit_plans import DerivedPart, task_take_over
from plans.services import unit_plan_create
from reports.jobs import export_choice
from tasks.models import Task, TaskEventKind, TaskStatus
from tasks.rollup import derived_rollup
from tasks.services import EvidenceInput, report_confirm, task_report_progress
from tasks.workflow_models import CompletionReport, Evidence
from tests.factories import make_plan, make_task, make_unit

TODAY = datetime.date.today()
YEAR = TODAY.year
DUE = datetime.date(YEAR, 12, 31)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    agency = make_plan(
        number="125/KH-UBND", year=YEAR, issuing_unit=make_unit(code="UBND"), issued_on=TODAY.replace(month=1, day=2)
    )
    shared = make_task(
        plan=agency,
        area_code="I",
        number="1",
        lead_unit=cast.unit_a,
        coordinating=[cast.unit_b],
        deadline=DUE,
        content="Tuyên truyền CCHC",
    )
    b_only = make_task(plan=agency, area_code="II", number="1", lead_unit=cast.unit_b, deadline=DUE)
    make_task(
        plan=agency,
        area_code="III",
        number="1",
        lead_unit=cast.unit_a,
        status=TaskStatus.COMPLETED,
        completed_on=datetime.date(YEAR, 1, 20),
        deadline=DUE,
    )
    plan_a = unit_plan_create(parent=agency, unit=cast.unit_a, by=cast.staff_a, title="KH A")
    plan_b = unit_plan_create(parent=agency, unit=cast.unit_b, by=cast.staff_b, title="KH B")
    parts_a = task_take_over(
        unit_plan=plan_a,
        parent_task=shared,
        by=cast.staff_a,
        parts=[DerivedPart("Tuyên truyền trên cổng thông tin"), DerivedPart("Hội nghị tuyên truyền")],
    )
    (part_b,) = task_take_over(unit_plan=plan_b, parent_task=shared, by=cast.staff_b, parts=[DerivedPart()])
    (b_own,) = task_take_over(unit_plan=plan_b, parent_task=b_only, by=cast.staff_b, parts=[DerivedPart()])
    return {"agency": agency, "shared": shared, "parts_a": parts_a, "part_b": part_b, "b_own": b_own}


def complete(task, by, secretariat, name):
    task.refresh_from_db()
    task_report_progress(
        task=task,
        by=by,
        loaded_version=task.version,
        status=TaskStatus.COMPLETED,
        progress=100,
        note="Đã xong",
        completed_on=TODAY - datetime.timedelta(days=3),
        evidence=EvidenceInput(files=[SimpleUploadedFile(name, PDF)]),
    )
    report_confirm(report=CompletionReport.objects.get(task=task), by=secretariat)


def test_the_agency_task_shows_its_units_parts(cast, world):
    shared = world["shared"]
    rollup = derived_rollup(shared)
    assert (rollup.units_done, rollup.units_total, rollup.all_done) == (0, 2, False)
    for part in world["parts_a"]:
        complete(part, cast.staff_a, cast.secretariat, "a.pdf")
    page = cast.client(cast.leader).get(shared.get_absolute_url()).content.decode()
    assert "1/2 đơn vị đã hoàn thành phần việc" in page
    assert "Tuyên truyền trên cổng thông tin" in page and "Hội nghị tuyên truyền" in page
    assert (
        "Báo cáo hoàn thành nhiệm vụ kèm kết quả của các đơn vị"
        not in cast.client(cast.staff_a).get(shared.get_absolute_url()).content.decode()
    )
    # Not all done yet: no report from the parts.
    assert cast.client(cast.staff_a).get(reverse("tasks:report_from_units", args=[shared.pk])).status_code == 403


def test_the_last_part_done_offers_the_lead_unit_to_report_the_agency_task(cast, world):
    shared = world["shared"]
    for part in world["parts_a"]:
        complete(part, cast.staff_a, cast.secretariat, "a.pdf")
    complete(world["part_b"], cast.staff_b, cast.secretariat, "b.pdf")
    assert cast.client(cast.staff_b).get(world["part_b"].get_absolute_url()).status_code == 200
    lead = cast.client(cast.staff_a)
    page = lead.get(shared.get_absolute_url()).content.decode()
    assert "2/2 đơn vị đã hoàn thành phần việc" in page
    assert "Báo cáo hoàn thành nhiệm vụ kèm kết quả của các đơn vị" in page
    # The coordinating unit sees the roll-up, not the offer; its part's page points to the parent.
    assert (
        "Báo cáo hoàn thành nhiệm vụ kèm kết quả"
        not in cast.client(cast.staff_b).get(shared.get_absolute_url()).content.decode()
    )
    form_page = lead.get(reverse("tasks:report_from_units", args=[shared.pk]))
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert "a.pdf" in html and "b.pdf" in html
    assert f'value="{format_date(TODAY - datetime.timedelta(days=3))}"' in html  # dd/mm/yyyy inputs
    shared.refresh_from_db()
    response = lead.post(
        reverse("tasks:report_from_units", args=[shared.pk]),
        {
            "version": shared.version,
            "note": "Các đơn vị đã hoàn thành",
            "completed_on": (TODAY - datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    shared.refresh_from_db()
    assert (shared.status, shared.progress, shared.completed_on) == (
        TaskStatus.PENDING,
        100,
        TODAY - datetime.timedelta(days=3),
    )
    submitted = shared.events.get(kind=TaskEventKind.SUBMITTED)
    copies = list(Evidence.objects.filter(event=submitted).order_by("original_name"))
    assert [e.original_name for e in copies] == ["a.pdf", "a.pdf", "b.pdf"]
    with copies[2].file.open("rb") as handle:
        assert handle.read() == PDF
    # The copies are files of their own: the parts keep theirs.
    assert Evidence.objects.filter(task__parent_task=shared).count() == 3


def test_the_agencys_year_figures_count_agency_tasks_only(cast, world):
    """Agency plan: 3 tasks, 1 completed. Units' plans: 4 parts, 3 completed. Counting every plan
    of the year would read 4/7; the agency's figures are 1/3."""
    for part in world["parts_a"]:
        complete(part, cast.staff_a, cast.secretariat, "a.pdf")
    complete(world["part_b"], cast.staff_b, cast.secretariat, "b.pdf")
    assert Task.objects.filter(plan__year=YEAR).count() == 7
    leader = cast.client(cast.leader)
    page = leader.get(reverse("reports:year_dashboard", args=[YEAR])).content.decode()
    assert "Hoàn thành 1/3 nhiệm vụ, đạt 33,33%" in page
    figures = leader.get(reverse("reports:figures"), {"year": YEAR}).json()
    assert (figures["figures"]["total"], figures["figures"]["completed"]) == (3, 1)
    choice = export_choice(cast.leader, plan=None, year=YEAR, kind="year")
    assert choice.tasks.count() == 3 and [p.number for p in choice.plans] == ["125/KH-UBND"]
    # A unit's plan keeps its own figures on its plan dashboard: B has 1 of its 2 parts done.
    plan_b = world["part_b"].plan
    page = leader.get(reverse("reports:plan_dashboard", args=[plan_b.pk])).content.decode()
    assert "Hoàn thành 1/2 nhiệm vụ, đạt 50,00%" in page
