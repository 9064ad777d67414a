"""Who may open which dashboard: leaders and the secretariat everything, unit people their own unit."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_plan, make_task, make_unit

pytestmark = pytest.mark.django_db


def urls(plan):
    q = f"?plan={plan.pk}"
    return {
        "index": reverse("reports:index"),
        "plan": reverse("reports:plan_dashboard", args=[plan.pk]),
        "year": reverse("reports:year_dashboard", args=[plan.year]),
        "units": reverse("reports:units") + q,
        "overdue": reverse("reports:overdue") + q,
        "drilldown": reverse("reports:drilldown") + q + "&bucket=total",
        "my_unit": reverse("reports:my_unit"),
    }


def test_anonymous_is_sent_to_login(board):
    for name, url in urls(board.plan).items():
        response = Client().get(url)
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("accounts:login")), name


@pytest.mark.parametrize("role", ["leader", "secretariat"])
def test_leaders_and_secretariat_read_every_dashboard(cast, board, role):
    client = cast.client(getattr(cast, role))
    for name, url in urls(board.plan).items():
        if name == "my_unit":
            url += f"?unit={cast.unit_a.pk}"
        assert client.get(url).status_code == 200, name


def test_users_without_a_role_see_nothing(cast, board):
    client = cast.client(cast.outsider)
    for name, url in urls(board.plan).items():
        assert client.get(url).status_code == 404, name


@pytest.mark.parametrize("member", ["staff_a", "head_a"])
def test_unit_people_get_their_units_dashboard_not_the_committees(cast, board, member):
    client = cast.client(getattr(cast, member))
    pages = urls(board.plan)
    for name in ("plan", "year", "units", "overdue"):
        assert client.get(pages[name]).status_code == 403, name
    assert client.get(pages["index"]).url == reverse("reports:my_unit")
    html = client.get(pages["my_unit"] + f"?unit={cast.unit_b.pk}").content.decode()
    assert "Kết quả thực hiện nhiệm vụ của Sở Tư pháp thử" in html  # always their own unit


def test_unit_people_drill_only_into_tasks_they_may_see(cast, board):
    board.within.coordinating_units.add(cast.unit_b)
    response = cast.client(cast.staff_b).get(
        reverse("reports:drilldown"), {"plan": board.plan.pk, "bucket": "total", "as_of": "30/06/2023"}
    )
    html = response.content.decode()
    # Unit B leads 7 tasks and coordinates one of unit A's; unit A's other tasks stay hidden.
    assert "7 nhiệm vụ" not in html and "8 nhiệm vụ, tính đến ngày 30/06/2023." in html
    assert board.within.content in html
    assert board.on_time.content not in html and board.overdue.content not in html


def test_unit_people_cannot_open_a_plan_they_have_no_part_in(cast, board):
    other = make_plan(issuing_unit=make_unit())
    make_task(plan=other, lead_unit=make_unit(), content="Nhiệm vụ của kế hoạch khác")
    client = cast.client(cast.staff_a)
    assert client.get(reverse("reports:drilldown"), {"plan": other.pk, "bucket": "total"}).status_code == 404
    assert client.get(reverse("reports:my_unit"), {"plan": other.pk}).status_code == 404


def test_a_unit_without_tasks_gets_an_empty_page(cast):
    response = cast.client(cast.staff_a).get(reverse("reports:my_unit"))
    assert response.status_code == 200
    assert "Đơn vị chưa chủ trì nhiệm vụ nào" in response.content.decode()


def test_leader_needs_a_unit_for_a_units_dashboard(cast, board):
    client = cast.client(cast.leader)
    assert client.get(reverse("reports:my_unit")).status_code == 404
    assert client.get(reverse("reports:my_unit"), {"unit": 999999}).status_code == 404


def test_unknown_scope_is_not_found(cast, board):
    client = cast.client(cast.leader)
    assert client.get(reverse("reports:units")).status_code == 404
    assert client.get(reverse("reports:units"), {"plan": 999999}).status_code == 404
    assert client.get(reverse("reports:year_dashboard", args=[2019])).status_code == 404
