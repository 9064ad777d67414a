"""The access matrix: who sees and who changes a task and a plan."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tasks.access import (
    can_change_task,
    can_manage_plans,
    get_plan_for_user,
    get_task_for_user,
    visible_plans,
    visible_tasks,
)
from tests.factories import make_plan, make_task, make_unit


@pytest.fixture
def world(cast):
    plan = make_plan()
    led_by_a = make_task(plan=plan, lead_unit=cast.unit_a)
    coordinated_by_b = make_task(plan=plan, lead_unit=cast.unit_a, coordinating=[cast.unit_b])
    unrelated = make_task(plan=make_plan(), lead_unit=make_unit())
    return plan, led_by_a, coordinated_by_b, unrelated


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "sees", "changes"),
    [
        # who: sees (led_by_a, coordinated_by_b, unrelated), changes led_by_a
        ("secretariat", (True, True, True), True),
        ("leader", (True, True, True), False),
        ("staff_a", (True, True, False), True),
        ("head_a", (True, True, False), True),
        ("staff_b", (False, True, False), False),
        ("outsider", (False, False, False), False),
    ],
)
def test_task_access_matrix(cast, world, who, sees, changes):
    user = getattr(cast, who)
    _, led_by_a, coordinated_by_b, unrelated = world
    visible = set(visible_tasks(user).values_list("pk", flat=True))
    assert (led_by_a.pk in visible, coordinated_by_b.pk in visible, unrelated.pk in visible) == sees
    assert can_change_task(user, led_by_a) is changes


@pytest.mark.django_db
def test_coordinating_unit_sees_but_cannot_change(cast, world):
    _, _, coordinated_by_b, _ = world
    assert get_task_for_user(cast.staff_b, coordinated_by_b.pk) == coordinated_by_b
    with pytest.raises(PermissionDenied):
        get_task_for_user(cast.staff_b, coordinated_by_b.pk, write=True)


@pytest.mark.django_db
def test_unrelated_unit_gets_not_found_not_forbidden(cast, world):
    _, led_by_a, _, _ = world
    with pytest.raises(Http404):
        get_task_for_user(cast.staff_b, led_by_a.pk)
    with pytest.raises(Http404):
        get_task_for_user(cast.staff_b, led_by_a.pk, write=True)


@pytest.mark.django_db
def test_leader_reads_everything_read_only(cast, world):
    _, led_by_a, _, unrelated = world
    assert get_task_for_user(cast.leader, unrelated.pk) == unrelated
    with pytest.raises(PermissionDenied):
        get_task_for_user(cast.leader, led_by_a.pk, write=True)


@pytest.mark.django_db
def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not visible_tasks(anonymous).exists()
    assert not visible_plans(anonymous).exists()
    assert not can_manage_plans(anonymous)


@pytest.mark.django_db
def test_visible_tasks_has_no_duplicates_when_a_unit_leads_and_coordinates(cast):
    task = make_task(lead_unit=cast.unit_a, coordinating=[cast.unit_a, cast.unit_b])
    assert list(visible_tasks(cast.staff_a).values_list("pk", flat=True)) == [task.pk]


@pytest.mark.django_db
def test_plans_visible_to_units_are_those_they_work_on(cast, world):
    plan, *_ = world
    other_plan = make_plan()
    assert set(visible_plans(cast.staff_b)) == {plan}
    assert set(visible_plans(cast.secretariat)) >= {plan, other_plan}
    with pytest.raises(Http404):
        get_plan_for_user(cast.staff_b, other_plan.pk)
    with pytest.raises(PermissionDenied):
        get_plan_for_user(cast.leader, plan.pk, manage=True)
    assert get_plan_for_user(cast.secretariat, plan.pk, manage=True) == plan


@pytest.mark.django_db
def test_inactive_users_lose_access(cast, world):
    cast.secretariat.is_active = False
    assert not visible_tasks(cast.secretariat).exists()
