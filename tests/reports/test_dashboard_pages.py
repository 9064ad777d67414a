"""The dashboard pages: plan and year dashboards, drill-down, units, overdue, a unit's own page."""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse

from cchc.formatting import format_date
from reports.completion import Bucket
from reports.dashboards import Scope, unit_rows
from tasks.models import Task
from tests.factories import make_plan, make_task

pytestmark = pytest.mark.django_db

AS_OF = "30/06/2023"


def dashboard(cast, plan, as_of=AS_OF, user=None):
    response = cast.client(user or cast.leader).get(reverse("reports:plan_dashboard", args=[plan.pk]), {"as_of": as_of})
    assert response.status_code == 200
    return response.content.decode()


def shown_count(html: str) -> int:
    return int(re.search(r'data-testid="count">\s*(\d+)', html).group(1))


def test_plan_dashboard_headline_with_both_denominators(cast, board):
    html = dashboard(cast, board.plan)
    assert "Hoàn thành 3/11 nhiệm vụ, đạt 27,27%" in html
    assert "Trên số nhiệm vụ đã đến hạn: hoàn thành 3/6, đạt 50,00%" in html
    assert "1 nhiệm vụ đã đưa ra khỏi kế hoạch." in html
    assert "Tính đến ngày 30/06/2023" in html


def test_area_table_rows_and_total(cast, board):
    html = dashboard(cast, board.plan)
    table = html[html.index('id="area-table"') : html.index("</table>", html.index('id="area-table"'))]
    footer = table[table.index("<tfoot>") :]
    cells = dict(re.findall(r'data-bucket="(\w+)">(?:<a [^>]*>)?(\d+)', footer))
    assert cells == {
        "total": "11",
        "on_time": "1",
        "late": "2",
        "within": "5",
        "overdue": "3",
        "due_soon": "1",
        "no_deadline": "1",
        "not_started": "2",
    }
    for code in ["I. ", "II. ", "III. ", "IV. ", "V. ", "VI. ", "VII. "]:
        assert f">{code}" in table  # all seven areas, with or without tasks


def test_every_cell_drills_down_to_exactly_the_tasks_it_counts(cast, board):
    client = cast.client(cast.leader)
    html = dashboard(cast, board.plan)
    links = re.findall(r'data-bucket="\w+"><a href="([^"]+)">(\d+)</a>', html)
    assert len(links) > 30
    for url, count in links:
        page = client.get(url.replace("&amp;", "&")).content.decode()
        assert shown_count(page) == int(count), url
        assert page.count('class="task-number">') - 1 == int(count), url  # rows plus the header cell


def test_drilldown_by_area_lists_the_tasks(cast, board):
    response = cast.client(cast.leader).get(
        reverse("reports:drilldown"),
        {"plan": board.plan.pk, "bucket": "overdue", "area": board.pending.area_id, "as_of": AS_OF},
    )
    html = response.content.decode()
    assert shown_count(html) == 2
    assert board.pending.content in html and board.overdue_idle.content in html
    assert board.overdue.content not in html  # overdue, but in area III
    assert ">30</td>" in html and ">15</td>" in html  # days overdue on 30/06 (deadlines 31/05 and 15/06)
    assert "Quá hạn chưa hoàn thành · VII. " in html  # the bucket and the area in the heading


def test_completed_tasks_are_not_shown_as_days_overdue(cast, board):
    response = cast.client(cast.leader).get(
        reverse("reports:drilldown"), {"plan": board.plan.pk, "bucket": "late", "as_of": AS_OF}
    )
    html = response.content.decode()
    assert shown_count(html) == 2
    assert re.findall(r'<td class="text-end">(\d*)</td>', html) == ["", ""]


def test_drilldown_with_bad_parameters_shows_errors(cast, board):
    response = cast.client(cast.leader).get(reverse("reports:drilldown"), {"plan": board.plan.pk, "bucket": "nope"})
    assert response.status_code == 200
    assert "Tham số không hợp lệ" in response.content.decode()


def test_invalid_date_keeps_the_page_with_an_error(cast, board):
    html = dashboard(cast, board.plan, as_of="31/02/2023")
    assert "is-invalid" in html and 'value="31/02/2023"' in html
    assert "Hoàn thành 4/12 nhiệm vụ, đạt 33,33%" in html  # today: every completion counts


def test_presets_and_as_of(cast, board):
    html = dashboard(cast, board.plan, as_of="14/06/2023")
    assert "Hoàn thành 1/11 nhiệm vụ, đạt 9,09%" in html
    for preset in ["14/03/2023", "14/06/2023", "30/06/2023", "14/09/2023", "14/12/2023", "31/12/2023"]:
        assert f"as_of={preset.replace('/', '%2F')}" in html
    assert 'aria-current="true">6 tháng · 14/06' in html


def test_charts_have_their_data_and_a_table(cast, board):
    html = dashboard(cast, board.plan, as_of="31/07/2023")
    areas = json.loads(re.search(r'<script id="chart-areas" type="application/json">(.*?)</script>', html).group(1))
    assert areas["labels"] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert [d["bucket"] for d in areas["datasets"]] == ["on_time", "late", "within", "overdue"]
    assert areas["datasets"][0]["data"] == [2, 0, 0, 0, 0, 0, 0]
    trend = json.loads(re.search(r'<script id="chart-trend" type="application/json">(.*?)</script>', html).group(1))
    assert trend["labels"] == ["31/01", "28/02", "31/03", "30/04", "31/05", "30/06", "31/07"]
    assert trend["series"][0]["data"][-2:] == ["27.27", "33.33"]
    assert len(trend["series"]) == 1  # no plan the year before
    trend_table = html[html.index('id="trend-table"') :]
    assert "30/06/2023</th>" in trend_table and "3/11" in trend_table and "27,27%" in trend_table
    assert "vendor/chartjs-4.6.1/chart.umd.min.js" in html and "js/dashboard.js" in html
    assert "css/dashboard.css" in html
    assert "cdn" not in html.lower()


def test_comparison_with_the_same_date_last_year(cast, board):
    previous = make_plan(number="12/KH-UBND", year=2022, issuing_unit=board.plan.issuing_unit)
    make_task(plan=previous, status="completed", completed_on=datetime.date(2022, 3, 1))
    make_task(plan=previous, deadline=datetime.date(2022, 12, 31))
    make_task(plan=previous, status="completed", completed_on=datetime.date(2022, 7, 1))
    html = dashboard(cast, board.plan)
    assert "Cùng kỳ năm trước (đến ngày 30/06/2022): hoàn thành 1/3 nhiệm vụ, đạt 33,33%" in html
    assert "Kế hoạch số 12/KH-UBND" in html
    trend = json.loads(re.search(r'<script id="chart-trend" type="application/json">(.*?)</script>', html).group(1))
    assert trend["series"][1]["data"][-1] == "33.33"


def test_source_split(cast, board):
    html = dashboard(cast, board.plan)
    assert (
        "Chính phủ, Thủ tướng Chính phủ giao: 3 nhiệm vụ, hoàn thành 1, còn 1 nhiệm vụ trong hạn, 1 nhiệm vụ quá hạn."
        in html
    )


def test_year_dashboard_counts_every_plan_of_the_year(cast, board):
    other = make_plan(year=2023)
    make_task(plan=other, status="completed", completed_on=datetime.date(2023, 5, 1))
    make_task(plan=make_plan(year=2024))
    response = cast.client(cast.secretariat).get(reverse("reports:year_dashboard", args=[2023]), {"as_of": AS_OF})
    assert "Hoàn thành 4/12 nhiệm vụ, đạt 33,33%" in response.content.decode()


def test_units_table(cast, board):
    response = cast.client(cast.leader).get(reverse("reports:units"), {"plan": board.plan.pk, "as_of": "31/07/2023"})
    html = response.content.decode()
    rows = re.findall(r'<tr class="([^"]*)" data-unit="(\w+)">', html)
    # Unit A: 2/4, no update since 20/06; unit B: 2/7; unit C: its task added on 15/07, never updated.
    assert rows == [("unit-silent", "SA"), ("", "SB"), ("unit-silent", "SC")]
    assert "50,00%" in html and "28,57%" in html and "0,00%" in html
    assert "20/06/2023" in html and "10/07/2023" in html
    assert "3/3" in html and "Chưa cập nhật" in html
    assert 'id="chart-units"' in html


def unit_cells(html: str, code: str) -> list[str]:
    """The cells of a unit's line in the units table, as the reader sees them (tags dropped)."""
    line = re.search(rf'data-unit="{code}">(.*?)</tr>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", line, re.S)]


@pytest.mark.parametrize(
    ("language", "rate", "zero", "never"), [("vi", "28,57%", "0,00%", "Chưa có"), ("en", "28.57%", "0.00%", "None")]
)
def test_units_table_cells_in_the_readers_language(cast, board, language, rate, zero, never):
    """Figures formatted once in dashboards.unit_rows read as the template filters would."""
    board.unit_c.name = "Sở <Xây> & dựng"  # names stay escaped
    board.unit_c.save()
    client = cast.client(cast.leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("reports:units"), {"plan": board.plan.pk, "as_of": "31/07/2023"}).content.decode()
    assert unit_cells(html, "SB") == ["Sở Tài chính thử", "2/3", "7", "2", "1", "1", "2", "3", rate, "10/07/2023"]
    assert unit_cells(html, "SC")[1:] == ["3/3", "1", "0", "0", "0", "1", "0", zero, never]
    assert "Sở &lt;Xây&gt; &amp; dựng" in html
    line = html[html.index('data-unit="SC"') : html.index("</tr>", html.index('data-unit="SC"'))]
    assert "bucket=completed" not in line and "bucket=overdue" not in line  # a count of 0 is not a link


def test_overdue_list(cast, board):
    response = cast.client(cast.leader).get(reverse("reports:overdue"), {"plan": board.plan.pk, "as_of": AS_OF})
    html = response.content.decode()
    assert shown_count(html) == 3
    assert board.pending.content in html and board.overdue.content in html
    assert ">30</td>" in html  # deadline 31/05, 30 days overdue on 30/06


def test_unit_dashboard_for_its_staff(cast, board):
    response = cast.client(cast.staff_b).get(reverse("reports:my_unit"), {"as_of": AS_OF})
    html = response.content.decode()
    assert "Sở Tài chính thử" in html
    assert "Hoàn thành 1/7 nhiệm vụ, đạt 14,29%" in html
    assert "Xếp thứ 2/2 đơn vị" in html
    ranking = html[html.index('id="ranking-table"') :]
    assert ranking.index("Sở Tư pháp thử") < ranking.index("Sở Tài chính thử")
    assert "50,00%" in ranking
    assert board.pending.content in html  # its overdue tasks


def test_unit_dashboard_cells_drill_into_the_units_tasks(cast, board):
    client = cast.client(cast.staff_a)
    html = client.get(reverse("reports:my_unit"), {"as_of": AS_OF}).content.decode()
    links = re.findall(r'data-bucket="\w+"><a href="([^"]+)">(\d+)</a>', html)
    assert links
    for url, count in links:
        assert shown_count(client.get(url.replace("&amp;", "&")).content.decode()) == int(count), url


def test_leader_opens_a_units_dashboard(cast, board):
    response = cast.client(cast.leader).get(reverse("reports:my_unit"), {"unit": cast.unit_a.pk, "as_of": AS_OF})
    assert "Hoàn thành 2/4 nhiệm vụ, đạt 50,00%" in response.content.decode()


def test_index_lists_plans_with_their_figures(cast, board):
    html = cast.client(cast.leader).get(reverse("reports:index")).content.decode()
    assert reverse("reports:plan_dashboard", args=[board.plan.pk]) in html
    assert reverse("reports:year_dashboard", args=[2023]) in html
    assert "Hoàn thành 4/12 nhiệm vụ, đạt 33,33%" in html


def test_plan_detail_links_to_the_dashboard_for_leaders_only(cast, board):
    url = reverse("plans:detail", args=[board.plan.pk])
    target = reverse("reports:plan_dashboard", args=[board.plan.pk])
    assert target in cast.client(cast.leader).get(url).content.decode()
    assert target in cast.client(cast.secretariat).get(url).content.decode()
    assert target not in cast.client(cast.staff_a).get(url).content.decode()


def test_json_figures_use_the_same_rounding(cast, board):
    client = cast.client(cast.leader)
    data = client.get(reverse("reports:figures"), {"plan": board.plan.pk, "as_of": AS_OF}).json()
    assert data["as_of"] == "2023-06-30"
    figures = data["figures"]
    assert (figures["completed"], figures["total"], figures["rate"], figures["rate_text"]) == (3, 11, "27.27", "27,27%")
    assert (figures["due"], figures["rate_due"], figures["removed"]) == (6, "50.00", 1)
    assert [a["code"] for a in data["areas"]] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert data["areas"][3]["rate"] is None and data["areas"][3]["rate_text"] == "–"
    government = next(s for s in data["sources"] if s["source"] == "government")
    assert (government["total"], government["completed"]) == (3, 1)
    bad = client.get(reverse("reports:figures"), {"plan": board.plan.pk, "as_of": "32/13/2023"})
    assert bad.status_code == 400 and "as_of" in bad.json()["errors"]
    assert cast.client(cast.staff_a).get(reverse("reports:figures"), {"plan": board.plan.pk}).status_code == 403


@pytest.mark.parametrize("scope_kind", ["plan", "year"])
def test_units_table_links_are_those_scope_url_gives(cast, board, scope_kind):
    """unit_rows builds each kind of link once and puts the unit's id in: the same hrefs as
    Scope.url(…, unit=<id>) per row (none for a count of 0), on the page too."""
    other_year_plan = make_plan(year=2023)  # the year scope has two plans
    make_task(plan=other_year_plan, lead_unit=board.unit_c)
    plan = board.plan if scope_kind == "plan" else None
    scope = Scope(2023, Task.objects.filter(plan=plan) if plan else Task.objects.filter(plan__year=2023), plan)
    as_of = datetime.date(2023, 7, 31)
    day = format_date(as_of)
    rows = unit_rows(scope, as_of)
    assert len(rows) == 3
    for row in rows:
        unit, c = row["figures"].unit.pk, row["figures"].completion

        def drilldown(bucket, count, unit=unit):
            return scope.url("reports:drilldown", bucket=bucket.value, unit=unit, as_of=day) if count else ""

        assert row["total_url"] == drilldown(Bucket.TOTAL, c.total)
        assert row["completed_url"] == drilldown(Bucket.COMPLETED, c.completed)
        assert row["overdue_url"] == drilldown(Bucket.OVERDUE, c.overdue)
        assert row["dashboard_url"] == (scope.url("reports:my_unit", unit=unit, as_of=day) if plan else "")
        assert f"unit={unit}&" in row["total_url"]

    query = {"plan": board.plan.pk} if plan else {"year": 2023}
    response = cast.client(cast.leader).get(reverse("reports:units"), {**query, "as_of": day})
    html = response.content.decode()
    for row in response.context["rows"]:
        for url in (row["total_url"], row["completed_url"], row["overdue_url"], row["dashboard_url"]):
            if url:
                assert f'href="{url.replace("&", "&amp;")}"' in html


def test_last_years_plan_without_recorded_results_is_said_so(cast, board):
    previous = make_plan(number="12/KH-UBND", year=2022, issuing_unit=board.plan.issuing_unit)
    for _ in range(3):
        make_task(plan=previous, deadline=datetime.date(2022, 12, 31))
    html = dashboard(cast, board.plan)
    assert (
        "Cùng kỳ năm trước: kế hoạch năm 2022 (3 nhiệm vụ) chưa có kết quả thực hiện nào được ghi nhận, "
        "nên chưa so sánh được." in html
    )
    assert "hoàn thành 0/3" not in html
