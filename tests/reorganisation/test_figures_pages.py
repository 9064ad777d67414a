"""The units table and its drill-down across a reorganisation: the old unit before the
effective date, marked "(đến 28/02/2025)" once ceased, the successor with the tasks it
received ("trong đó tiếp nhận: 3"); each count lists exactly its tasks."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from accounts.roles import Role

from ..factories import make_user
from .conftest import absorb


def units_page(world, as_of: str) -> str:
    client = Client()
    client.force_login(make_user(f"ld{as_of[:2]}", role=Role.LEADER))
    response = client.get(reverse("reports:units"), {"plan": world["plan"].pk, "as_of": as_of})
    assert response.status_code == 200
    return response.content.decode()


def cells(html: str, code: str) -> list[str]:
    line = re.search(rf'data-unit="{code}">(.*?)</tr>', html, re.S).group(1)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
        for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", line, re.S)
    ]


def test_units_table_before_and_after_the_effective_date(world):
    absorb(world)

    before = units_page(world, "28/02/2025")
    # No unit updated its tasks since January: both are marked silent.
    assert cells(before, "SKHDT")[0] == "Sở Kế hoạch và Đầu tư Chưa cập nhật"
    assert cells(before, "SKHDT")[2] == "4"
    assert cells(before, "STC")[:3] == ["Sở Tài chính Chưa cập nhật", "1/2", "3"]
    assert "tiếp nhận" not in before

    after = units_page(world, "30/06/2025")
    assert cells(after, "SKHDT")[0] == "Sở Kế hoạch và Đầu tư (đến 28/02/2025)"  # nothing open: not silent
    assert cells(after, "SKHDT")[2] == "1"
    assert cells(after, "STC")[2] == "6 trong đó tiếp nhận: 3"


def test_the_units_drilldown_lists_the_tasks_each_unit_led_at_the_date(world):
    absorb(world)
    client = Client()
    client.force_login(make_user("ld", role=Role.LEADER))

    def listed(code: str, as_of: str) -> int:
        unit = world[code.lower()]
        query = {"plan": world["plan"].pk, "bucket": "total", "unit": unit.pk, "as_of": as_of}
        page = client.get(reverse("reports:drilldown"), query).content.decode()
        return page.count('class="task-number">') - 1

    assert (listed("SKHDT", "28/02/2025"), listed("STC", "28/02/2025")) == (4, 3)
    assert (listed("SKHDT", "01/03/2025"), listed("STC", "01/03/2025")) == (1, 6)
