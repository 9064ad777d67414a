"""The leaders' panel on reports:index (issue 21): the year's headline and what needs their
attention today — overdue tasks by area, completion reports waiting for the secretariat (count
and oldest), units falling behind — each a link to exactly the tasks it counts."""

import datetime
import html as html_lib
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_plan, make_task

pytestmark = pytest.mark.django_db

DAYS = datetime.timedelta


def listed(client, url: str) -> list[str]:
    page = client.get(html_lib.unescape(url)).content.decode()
    return re.findall(r'<td><a href="/tasks/\d+/">([^<]*)</a>', page)


def test_the_leader_sees_the_headline_and_what_needs_attention(cast, year_plan):
    client = cast.client(cast.leader)
    html = client.get(reverse("reports:index")).content.decode()
    panel = html[
        html.index('data-testid="attention"') : html.index("</section>", html.index('data-testid="attention"'))
    ]
    today = timezone.localdate()
    assert f"Cần chú ý · năm {today.year}" in panel
    assert "Hoàn thành 0/3 nhiệm vụ, đạt 0,00%" in panel
    areas = panel[panel.index('data-testid="attention-areas"') : panel.index("</ul>", panel.index("attention-areas"))]
    ((area, count),) = re.findall(r">([^<>]+): <strong>(\d+)</strong>", areas)
    assert area.startswith("I. ") and count == "1"
    waiting = panel[panel.index('data-testid="attention-waiting"') :]
    assert "<strong>1</strong> báo cáo hoàn thành" in waiting
    assert f"cũ nhất gửi ngày {today:%d/%m/%Y}" in waiting
    units = panel[panel.index('data-testid="attention-units"') : panel.index("</ul>", panel.index("attention-units"))]
    assert "Sở Tư pháp thử</a>: 1 quá hạn" in units and "Sở Tài chính thử" not in units


def test_every_count_of_the_panel_links_to_exactly_its_tasks(cast, year_plan):
    client = cast.client(cast.leader)
    html = client.get(reverse("reports:index")).content.decode()
    panel = html[html.index('data-testid="attention"') :]
    area_link = re.search(r'data-testid="attention-areas">\s*<li><a href="([^"]+)"', panel).group(1)
    waiting_link = re.search(r'data-testid="attention-waiting"><a href="([^"]+)"', panel).group(1)
    unit_link = re.search(r'data-testid="attention-units">\s*<li><a href="([^"]+)"', panel).group(1)
    assert listed(client, area_link) == ["Quá hạn của A"]
    assert listed(client, waiting_link) == ["Chờ xác nhận của B"]
    assert listed(client, unit_link) == ["Quá hạn của A"]
    drill = client.get(html_lib.unescape(waiting_link)).content.decode()
    assert "Báo cáo hoàn thành đang chờ thường trực xác nhận" in drill


def test_nothing_to_attend_to_says_so(cast):
    today = timezone.localdate()
    plan = make_plan(number="1/KH", year=today.year, issued_on=datetime.date(today.year, 1, 2))
    make_task(plan=plan, lead_unit=cast.unit_a, deadline=today + DAYS(30))
    html = cast.client(cast.leader).get(reverse("reports:index")).content.decode()
    assert "Không có nhiệm vụ quá hạn." in html and "Không có báo cáo nào chờ." in html


def test_the_panel_in_english(cast, year_plan):
    client = cast.client(cast.leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("reports:index")).content.decode()
    panel = html[
        html.index('data-testid="attention"') : html.index("</section>", html.index('data-testid="attention"'))
    ]
    today = timezone.localdate()
    assert f"Needs attention · {today.year}" in panel and "Completed 0/3 tasks, 0.00%" in panel
    assert "Overdue, not completed, by area" in panel and "<strong>1</strong> completion report" in panel
    assert "Units falling behind" in panel and "1 overdue" in panel
