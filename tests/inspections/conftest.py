"""An inspection scenario on top of the role cast: a plan with 20 subject units (unit_a and
unit_b among them), two teams, six inspections done (three per team, unit_a's and unit_b's
among them) and one still planned, with recommendations for unit_a and unit_b."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections import services
from inspections.models import Inspection, InspectionPlan, InspectionTeam, Recommendation
from tests.factories import area, make_unit

TODAY = datetime.date(2026, 11, 22)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "bao-cao-khac-phuc.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The cast creates six users per test; the production hasher is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Pages and services read timezone.localdate(); pin it so figures are exact."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


@dataclass
class Scenario:
    plan: InspectionPlan
    team_1: InspectionTeam
    team_2: InspectionTeam
    inspection_a: Inspection  # unit_a, done by team 1
    inspection_b: Inspection  # unit_b, done by team 2
    planned: Inspection  # a seventh unit, scheduled by team 2, not done
    rec_a: Recommendation  # unit_a, open, deadline ahead
    rec_b_overdue: Recommendation  # unit_b, open, deadline passed
    others: list


def schedule_done(plan, team, unit, *, start, areas=("I", "III"), by):
    inspection = services.inspection_schedule(
        plan=plan,
        team=team,
        unit=unit,
        scheduled_start=start,
        scheduled_end=start + datetime.timedelta(days=1),
        areas=[area(c) for c in areas],
        by=by,
    )
    return services.inspection_record_result(
        inspection=inspection,
        actual_start=start,
        actual_end=start + datetime.timedelta(days=1),
        areas=[area(c) for c in areas],
        strengths="Ban hành kế hoạch CCHC kịp thời.",
        shortcomings=[(area(areas[-1]), f"Tồn tại tại {unit.name}")],
        by=by,
    )


@pytest.fixture
def scenario(cast) -> Scenario:
    by = cast.secretariat
    others = [make_unit(code=f"DV{i:02d}", name=f"Đơn vị kiểm tra {i:02d}") for i in range(1, 19)]
    plan = services.inspection_plan_create(
        agency=cast.secretariat.unit,
        year=2026,
        number="38/KH-UBND",
        title="Kế hoạch kiểm tra công tác CCHC năm 2026",
        subject_units=[cast.unit_a, cast.unit_b, *others],
        by=by,
    )
    team_1 = services.team_create(plan=plan, name="Đoàn kiểm tra số 1", leader=cast.leader, members=[by], by=by)
    team_2 = services.team_create(
        plan=plan,
        name="Đoàn kiểm tra số 2",
        leader_name="Bùi Văn Thắng, Phó Giám đốc Sở Nội vụ",
        external_members="Ngô Thị Mai, Văn phòng UBND tỉnh",
        by=by,
    )
    inspection_a = schedule_done(plan, team_1, cast.unit_a, start=datetime.date(2026, 3, 10), by=by)
    schedule_done(plan, team_1, others[0], start=datetime.date(2026, 3, 20), by=by)
    schedule_done(plan, team_1, others[1], start=datetime.date(2026, 4, 2), by=by)
    inspection_b = schedule_done(plan, team_2, cast.unit_b, start=datetime.date(2026, 4, 14), by=by)
    schedule_done(plan, team_2, others[2], start=datetime.date(2026, 5, 5), by=by)
    schedule_done(plan, team_2, others[3], start=datetime.date(2026, 7, 8), by=by)
    planned = services.inspection_schedule(
        plan=plan,
        team=team_2,
        unit=others[4],
        scheduled_start=datetime.date(2026, 12, 7),
        scheduled_end=datetime.date(2026, 12, 8),
        by=by,
    )
    rec_a = services.recommendation_add(
        inspection=inspection_a,
        area=area("III"),
        content="Công khai đầy đủ TTHC trên Cổng dịch vụ công",
        deadline=datetime.date(2026, 12, 31),
        by=by,
    )
    rec_b = services.recommendation_add(
        inspection=inspection_b,
        area=area("I"),
        content="Bổ sung số liệu kiểm chứng vào báo cáo CCHC",
        deadline=datetime.date(2026, 9, 30),
        by=by,
    )
    return Scenario(
        plan=plan,
        team_1=team_1,
        team_2=team_2,
        inspection_a=inspection_a,
        inspection_b=inspection_b,
        planned=planned,
        rec_a=rec_a,
        rec_b_overdue=rec_b,
        others=others,
    )
