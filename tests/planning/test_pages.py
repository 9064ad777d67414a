"""Plan list, plan detail and task detail as each role sees them."""

import datetime
import re

import pytest
from django.urls import reverse

from tasks.models import TaskStatus
from tests.factories import make_plan, make_task, make_unit


@pytest.fixture
def plan(cast):
    plan = make_plan(number="2337/KH-TTCP", year=2022)
    make_task(
        plan=plan,
        area_code="I",
        number="1",
        lead_unit=cast.unit_a,
        content="Ban hành kế hoạch CCHC năm 2022",
        status=TaskStatus.COMPLETED,
        completed_on=datetime.date(2022, 2, 1),
    )
    make_task(
        plan=plan,
        area_code="III",
        number="1",
        lead_unit=cast.unit_b,
        content="Rà soát thủ tục hành chính",
        deadline=datetime.date(2022, 3, 31),
        deadline_text="Quý I",
    )
    make_task(
        plan=plan,
        area_code="VII",
        number="2",
        lead_unit=cast.unit_b,
        content="Triển khai chữ ký số",
        coordinating=[cast.unit_a],
        deadline=None,
    )
    return plan


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(plan):
    from django.test import Client

    response = Client().get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_plan_detail_groups_tasks_under_the_seven_areas(cast, plan):
    response = cast.client(cast.leader).get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for code in ["I", "II", "III", "IV", "V", "VI", "VII"]:
        assert f'id="area-{code}"' in html
    assert html.index('id="area-I"') < html.index("Ban hành kế hoạch CCHC") < html.index('id="area-III"')
    assert html.index("Rà soát thủ tục hành chính") < html.index('id="area-VII"') < html.index("Triển khai chữ ký số")
    assert "Hoàn thành 1/3 nhiệm vụ, đạt 33,33%" in html
    assert "Quý I" in html and "31/03/2022" in html
    assert "Quá hạn" in html  # the Quý I task, open after its deadline
    assert html.count('<tr class="task-overdue">') == 1  # its row is marked, the others not
    assert html.count('<tr class="">') == 2
    assert "Quý I<br>" in html  # the date beside the plan's words for it


@pytest.mark.django_db
def test_plan_detail_in_english(cast, plan):
    client = cast.client(cast.leader)
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Completed 1/3 tasks, 33.33%" in html
    assert "Overdue" in html
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_unit_staff_see_only_their_units_tasks_in_a_plan(cast, plan):
    make_task(plan=plan, lead_unit=make_unit(), content="Nhiệm vụ của đơn vị khác")
    html = cast.client(cast.staff_a).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Ban hành kế hoạch CCHC" in html  # leads it
    assert "Triển khai chữ ký số" in html  # coordinates it
    assert "Rà soát thủ tục hành chính" not in html
    assert "Nhiệm vụ của đơn vị khác" not in html
    assert "Nhiệm vụ của đơn vị:" in html


@pytest.mark.django_db
def test_plan_list_shows_counts(cast, plan):
    make_plan(number="99/KH-OTHER", year=2021)
    html = cast.client(cast.secretariat).get(reverse("plans:list")).content.decode()
    assert "2337/KH-TTCP" in html and "99/KH-OTHER" in html
    html = cast.client(cast.secretariat).get(reverse("plans:list"), {"year": "2021"}).content.decode()
    assert "2337/KH-TTCP" not in html and "99/KH-OTHER" in html


def _plan_row_counts(html: str, number: str) -> list[str]:
    """The task count and completed count cells of a plan's row in the plan list."""
    row = html[html.index(number) :]
    row = row[: row.index("</tr>")]
    return re.findall(r'<td class="text-end">([^<]*)</td>', row)


@pytest.mark.django_db
def test_plan_list_counts_the_tasks_each_user_sees(cast, plan):
    make_task(plan=plan, lead_unit=cast.unit_a, status=TaskStatus.REMOVED)  # counts nowhere
    make_plan(number="99/KH-OTHER", year=2021)
    html = cast.client(cast.secretariat).get(reverse("plans:list")).content.decode()
    assert _plan_row_counts(html, "2337/KH-TTCP") == ["3", "1"]
    assert _plan_row_counts(html, "99/KH-OTHER") == ["0", "0"]
    html = cast.client(cast.staff_a).get(reverse("plans:list")).content.decode()
    assert _plan_row_counts(html, "2337/KH-TTCP") == ["2", "1"]  # leads one (completed), coordinates one


@pytest.mark.django_db
def test_outsider_cannot_open_a_plan(cast, plan):
    assert cast.client(cast.outsider).get(reverse("plans:detail", args=[plan.pk])).status_code == 404


@pytest.mark.django_db
def test_task_detail_access(cast, plan):
    task = plan.tasks.get(content__startswith="Rà soát")
    assert cast.client(cast.staff_b).get(task.get_absolute_url()).status_code == 200
    assert cast.client(cast.leader).get(task.get_absolute_url()).status_code == 200
    response = cast.client(cast.staff_a).get(task.get_absolute_url())
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_task_detail_shows_the_task(cast, plan):
    task = plan.tasks.get(content__startswith="Triển khai chữ ký số")
    html = cast.client(cast.staff_a).get(task.get_absolute_url()).content.decode()
    assert "Triển khai chữ ký số" in html
    assert cast.unit_a.name in html  # coordinating unit
    assert "Không hạn" in html


@pytest.mark.django_db
@pytest.mark.parametrize("n_tasks", [10, 60])
def test_plan_detail_query_count_does_not_grow_with_tasks(cast, django_assert_max_num_queries, n_tasks):
    plan = make_plan()
    units = [make_unit() for _ in range(5)]
    for i in range(n_tasks):
        make_task(plan=plan, lead_unit=units[i % 5], coordinating=[units[(i + 1) % 5]], area_code="II")
    client = cast.client(cast.secretariat)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("plans:list")).status_code == 200


@pytest.mark.django_db
def test_login_logout_and_password_change(cast, password):
    from django.test import Client

    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "cb_a", "password": "wrong"})
    assert response.status_code == 200
    assert "Vui lòng điền vào" in response.content.decode()  # Django's own vi catalogue
    response = client.post(reverse("accounts:login"), {"username": "cb_a", "password": password})
    assert response.status_code == 302
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": "Cchc-moi-2024!", "new_password2": "Cchc-moi-2024!"},
    )
    assert response.status_code == 302
    cast.staff_a.refresh_from_db()
    assert cast.staff_a.check_password("Cchc-moi-2024!")
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("plans:list")).status_code == 302
