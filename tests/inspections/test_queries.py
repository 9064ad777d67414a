"""List pages run a fixed number of queries, however many inspections and recommendations there are."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections import services
from tests.factories import area, make_unit

pytestmark = pytest.mark.django_db

MAX_QUERIES = 14


def _grow(cast, scenario):
    """Another plan with 12 units, 12 done inspections and 24 recommendations (some answered)."""
    by = cast.secretariat
    units = [make_unit() for _ in range(12)]
    plan = services.inspection_plan_create(
        agency=cast.unit_b, year=2026, title="Kế hoạch kiểm tra khác", subject_units=units, by=by
    )
    team = services.team_create(plan=plan, name="Tổ 1", leader=cast.leader, members=[by, cast.staff_a], by=by)
    for i, unit in enumerate(units):
        day = datetime.date(2026, 4, 1) + datetime.timedelta(days=i)
        inspection = services.inspection_schedule(
            plan=plan, team=team, unit=unit, scheduled_start=day, scheduled_end=day, areas=[area("II")], by=by
        )
        services.inspection_record_result(
            inspection=inspection, actual_start=day, actual_end=day, areas=[area("II"), area("V")], strengths="", by=by
        )
        for n in range(2):
            rec = services.recommendation_add(
                inspection=inspection,
                area=area("V"),
                content=f"Kiến nghị {i}.{n}",
                deadline=datetime.date(2026, 9, 1),
                responsible_unit=cast.unit_a if n else unit,
                by=by,
            )
            if n:
                services.recommendation_respond(
                    recommendation=rec, by=cast.staff_a, note="Đã làm", document_reference="Số 1"
                )
    return plan


PAGES = [
    ("secretariat", "plan_list", lambda s: []),
    ("secretariat", "plan_detail", lambda s: [s.plan.pk]),
    ("leader", "overview", lambda s: []),
    ("secretariat", "follow_up", lambda s: []),
    ("staff_a", "unit", lambda s: []),
    ("secretariat", "detail", lambda s: [s.inspection_a.pk]),
]


@pytest.mark.parametrize(("role", "name", "args"), PAGES, ids=[p[1] for p in PAGES])
def test_query_count_does_not_grow_with_data(cast, scenario, role, name, args, django_assert_max_num_queries):
    services.recommendation_respond(
        recommendation=scenario.rec_a, by=cast.staff_a, note="Đã làm", document_reference="Số 1"
    )  # so that every list has at least one row of each kind before it grows
    client = cast.client(getattr(cast, role))
    url = reverse(f"inspections:{name}", args=args(scenario))
    client.get(url)  # warm the session and any per-process caches

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    plan = _grow(cast, scenario)
    if name == "plan_detail":
        url = reverse("inspections:plan_detail", args=[plan.pk])  # the bigger plan
    elif name == "detail":
        for n in range(10):
            services.recommendation_add(
                inspection=scenario.inspection_a,
                area=area("I"),
                content=f"Thêm {n}",
                deadline=datetime.date(2026, 12, 1),
                by=cast.secretariat,
            )
    with django_assert_max_num_queries(MAX_QUERIES), CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
