"""Each role lands where its daily work is."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("secretariat", "tasks:queue"),
        ("leader", "reports:index"),
        ("staff_a", "tasks:mine"),
        ("head_a", "tasks:mine"),
        ("outsider", "plans:list"),
    ],
)
def test_home_by_role(cast, who, target):
    assert cast.client(getattr(cast, who)).get("/").url == reverse(target)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("secretariat", ["Bảng điều khiển", "Hàng chờ xác nhận", "Kiểm tra"], ["Nhiệm vụ của đơn vị"]),
        ("leader", ["Bảng điều khiển", "Kiểm tra"], ["Hàng chờ xác nhận", "Nhiệm vụ của đơn vị"]),
        # Short labels for the unit's pages: the head's menu fits one line at 1366 px.
        ("staff_a", ["Nhiệm vụ của đơn vị", "Kết quả", "Số liệu", "Kiểm tra"], ["Hàng chờ xác nhận", "Chờ duyệt"]),
        ("head_a", ["Chờ duyệt", "Nhiệm vụ của đơn vị"], ["Bảng điều khiển"]),
    ],
)
def test_navigation_by_role(cast, who, shown, hidden):
    nav = cast.client(getattr(cast, who)).get(reverse("plans:list")).content.decode().split("</nav>")[0]
    for label in shown:
        assert f">{label}</a>" in nav
    for label in hidden:
        assert f">{label}</a>" not in nav
