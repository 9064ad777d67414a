"""Every inspections view for every role: secretariat manages, leaders read (403 on changes),
the inspected unit's people see their inspection and answer their recommendations, another
unit's people and users without a role get 404, anonymous visitors go to the login page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from inspections import services
from inspections.models import RecommendationResponse

from .conftest import pdf

pytestmark = pytest.mark.django_db

ROLES = ["secretariat", "leader", "staff_a", "head_a", "staff_b", "outsider", "anonymous"]


def _ok(**overrides):
    """Read pages: secretariat and leaders everywhere; the unit only where stated."""
    expected = dict.fromkeys(ROLES, 404)
    expected.update(secretariat=200, leader=200, anonymous=302)
    expected.update(overrides)
    return expected


def _manage(**overrides):
    """Management pages (GET forms) and changes: only the secretariat; leaders 403."""
    expected = dict.fromkeys(ROLES, 404)
    expected.update(secretariat=200, leader=403, anonymous=302)
    expected.update(overrides)
    return expected


def _response_with_evidence(s, cast):
    return services.recommendation_respond(
        recommendation=s.rec_a, by=cast.staff_a, note="Đã công khai 12 TTHC.", evidence=pdf()
    )


def _with_minutes(s, cast):
    services.inspection_record_result(
        inspection=s.inspection_a,
        actual_start=s.inspection_a.actual_start,
        actual_end=s.inspection_a.actual_end,
        areas=list(s.inspection_a.areas.all()),
        strengths=s.inspection_a.strengths,
        minutes=pdf("bien-ban.pdf"),
        by=cast.secretariat,
    )
    return s.inspection_a


# (url name, args from (scenario, cast), method, data, expected status by role)
GETS = [
    ("plan_list", lambda s, c: [], _ok()),
    ("overview", lambda s, c: [], _ok()),
    ("follow_up", lambda s, c: [], _ok()),
    ("unit", lambda s, c: [], _ok(secretariat=404, leader=404, staff_a=200, head_a=200, staff_b=200)),
    ("plan_create", lambda s, c: [], _manage()),
    ("plan_detail", lambda s, c: [s.plan.pk], _ok()),
    ("plan_edit", lambda s, c: [s.plan.pk], _manage()),
    ("team_create", lambda s, c: [s.plan.pk], _manage()),
    ("team_edit", lambda s, c: [s.team_1.pk], _manage()),
    ("schedule", lambda s, c: [s.plan.pk], _manage()),
    ("detail", lambda s, c: [s.inspection_a.pk], _ok(staff_a=200, head_a=200)),
    ("result", lambda s, c: [s.inspection_a.pk], _manage(staff_a=403, head_a=403)),
    ("reschedule", lambda s, c: [s.planned.pk], _manage()),
    ("minutes", lambda s, c: [_with_minutes(s, c).pk], _ok(staff_a=200, head_a=200)),
    ("recommendation", lambda s, c: [s.rec_a.pk], _ok(staff_a=200, head_a=200)),
    ("to_task", lambda s, c: [s.rec_a.pk], _manage(staff_a=403, head_a=403)),
    ("evidence", lambda s, c: [_response_with_evidence(s, c).pk], _ok(staff_a=200, head_a=200)),
]


def _client(cast, role: str) -> Client:
    return Client() if role == "anonymous" else cast.client(getattr(cast, role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "expected"), GETS, ids=[g[0] for g in GETS])
def test_get(cast, scenario, name, args, expected, role):
    url = reverse(f"inspections:{name}", args=args(scenario, cast))
    response = _client(cast, role).get(url)
    assert response.status_code == expected[role]
    if role == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))


def _respond_data():
    return {"note": "Đã khắc phục.", "document_reference": "Báo cáo số 5/BC-SA ngày 01/11/2026"}


# (url name, args, POST data, expected by role). Success is a redirect (302) — PRG.
POSTS = [
    (
        "shortcoming_add",
        lambda s, c: [s.inspection_a.pk],
        lambda s: {"shortcoming-area": s.inspection_a.areas.first().pk, "shortcoming-text": "Thiếu hồ sơ"},
        _manage(secretariat=302, staff_a=403, head_a=403),
    ),
    (
        "recommendation_add",
        lambda s, c: [s.inspection_a.pk],
        lambda s: {
            "recommendation-area": s.inspection_a.areas.first().pk,
            "recommendation-content": "Bổ sung hồ sơ",
            "recommendation-deadline": "31/12/2026",
            "recommendation-responsible_unit": s.inspection_a.unit_id,
        },
        _manage(secretariat=302, staff_a=403, head_a=403),
    ),
    (
        "respond",
        lambda s, c: [s.rec_a.pk],
        lambda s: _respond_data(),
        _manage(secretariat=403, staff_a=302, head_a=302),
    ),
    (
        "close",
        lambda s, c: [s.rec_a.pk],
        lambda s: {"note": "Đã khắc phục"},
        _manage(secretariat=302, staff_a=403, head_a=403),
    ),
    (
        "keep_open",
        lambda s, c: [_answered(s, c).pk],
        lambda s: {"note": "Chưa đủ tài liệu"},
        _manage(secretariat=302, staff_a=403, head_a=403),
    ),
    (
        "plan_create",
        lambda s, c: [],
        lambda s: {"agency": s.plan.agency_id, "year": 2027, "title": "KH 2027", "subject_units": [s.others[0].pk]},
        _manage(secretariat=302),
    ),
    (
        "reschedule",
        lambda s, c: [s.inspection_a.pk],
        lambda s: {"team": s.team_2.pk, "scheduled_start": "2026-03-10", "scheduled_end": "2026-03-12"},
        _manage(secretariat=302, staff_a=403, head_a=403),
    ),
    (
        "team_create",
        lambda s, c: [s.plan.pk],
        lambda s: {"name": "Đoàn kiểm tra số 3", "leader_name": "Trần Văn B"},
        _manage(secretariat=302),
    ),
]


def _answered(s, cast):
    services.recommendation_respond(recommendation=s.rec_a, by=cast.staff_a, **_respond_data())
    return s.rec_a


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "data", "expected"), POSTS, ids=[p[0] for p in POSTS])
def test_post(cast, scenario, name, args, data, expected, role):
    url = reverse(f"inspections:{name}", args=args(scenario, cast))
    response = _client(cast, role).post(url, data(scenario))
    assert response.status_code == expected[role]
    if role == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["shortcoming_add", "recommendation_add", "respond", "close", "keep_open"])
def test_changes_refuse_get(cast, scenario, name):
    pk = scenario.inspection_a.pk if name.endswith("_add") else scenario.rec_a.pk
    user = cast.staff_a if name == "respond" else cast.secretariat
    assert cast.client(user).get(reverse(f"inspections:{name}", args=[pk])).status_code == 405


def test_staff_b_answers_its_own_recommendation_but_not_unit_a(cast, scenario):
    client = cast.client(cast.staff_b)
    assert (
        client.post(reverse("inspections:respond", args=[scenario.rec_b_overdue.pk]), _respond_data()).status_code
        == 302
    )
    assert client.post(reverse("inspections:respond", args=[scenario.rec_a.pk]), _respond_data()).status_code == 404
    assert RecommendationResponse.objects.filter(recommendation=scenario.rec_a).count() == 0


def test_a_unit_responsible_for_a_recommendation_of_another_units_inspection_sees_and_answers_it(cast, scenario):
    shared = services.recommendation_add(
        inspection=scenario.inspection_a,
        area=scenario.inspection_a.areas.first(),
        content="Sở Tài chính bố trí kinh phí số hóa hồ sơ",
        deadline=scenario.rec_a.deadline,
        responsible_unit=cast.unit_b,
        by=cast.secretariat,
    )
    client = cast.client(cast.staff_b)
    assert client.get(reverse("inspections:recommendation", args=[shared.pk])).status_code == 200
    assert client.get(reverse("inspections:detail", args=[scenario.inspection_a.pk])).status_code == 404
    assert client.post(reverse("inspections:respond", args=[shared.pk]), _respond_data()).status_code == 302
    # unit_a sees it (its inspection) but does not answer for unit_b
    staff_a = cast.client(cast.staff_a)
    assert staff_a.get(reverse("inspections:recommendation", args=[shared.pk])).status_code == 200
    assert staff_a.post(reverse("inspections:respond", args=[shared.pk]), _respond_data()).status_code == 403
