"""Absurd dates never answer 500: every view that reads a date from the person refuses one
outside 01/01/2000–31/12/2100 with a form error in Vietnamese (cchc/dates.py).

Before, `as_of` or an export date of 01/01/0001 or 31/12/9999 made every dashboard, the units
table, the drill-downs, figures.json and the export overflow (a date ± days beyond year 1 or
9999) and answer 500. A property-based test (hypothesis) then throws any date, in both accepted
formats, at each of them.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from figures.models import ReportingPeriod
from inspections.models import Inspection

OUT_OF_RANGE = "Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2100."
FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _text(day: datetime.date, fmt: str) -> str:
    # strftime does not pad years before 1000 on every platform; the forms read four digits.
    return fmt.replace("%Y", f"{day.year:04d}").replace("%m", f"{day.month:02d}").replace("%d", f"{day.day:02d}")


def _views(world) -> dict[str, callable]:
    """Each view that takes a date, as a function of the date's text → (method, url, data)."""
    plan = world.kwargs["reports:plan_dashboard"]["pk"]
    year = world.kwargs["reports:year_dashboard"]["year"]
    stp = world.kwargs["figures:unit"]["unit_pk"]
    export = {"plan": plan, "kind": "custom"}

    def get(name, query=None, **kwargs):
        return lambda text: ("get", reverse(name, kwargs=kwargs or None), {**(query or {}), "as_of": text})

    def export_view(name, method="get", **extra):
        return lambda text: (method, reverse(name), {**export, "start": "01/01/2026", "end": text, **extra})

    inspection = world.kwargs["inspections:reschedule"]["pk"]
    return {
        "plan_dashboard": get("reports:plan_dashboard", pk=plan),
        "year_dashboard": get("reports:year_dashboard", year=year),
        "figures.json": get("reports:figures", {"plan": plan}),
        "units": get("reports:units", {"plan": plan}),
        "overdue": get("reports:overdue", {"plan": plan}),
        "drilldown": get("reports:drilldown", {"plan": plan, "bucket": "overdue"}),
        "my_unit": get("reports:my_unit", {"unit": stp, "plan": plan}),
        "export": export_view("reports:export"),
        "export start": lambda text: ("get", reverse("reports:export"), {**export, "start": text, "end": "30/06/2026"}),
        "export_csv": export_view("reports:export_csv"),
        "export_job_create": lambda text: (
            "post",
            reverse("reports:export_job_create") + f"?plan={plan}&kind=custom&start=01/01/2026&end={text}",
            {"format": "csv"},
        ),
        "inspection reschedule": lambda text: (
            "post",
            reverse("inspections:reschedule", args=[inspection]),
            {"scheduled_start": text, "scheduled_end": text},
        ),
        "figures period": lambda text: (
            "post",
            reverse("figures:period_create"),
            {"year": "2026", "name": "Kỳ thử", "start": text, "cutoff": text, "due_date": text},
        ),
    }


def _refused(name: str, response) -> bool:
    """The answer shows the out-of-range message (figures.json: in its JSON errors)."""
    if name == "figures.json":
        return response.status_code == 400 and response.json()["errors"]["as_of"][0]["message"] == OUT_OF_RANGE
    return response.status_code in (200, 400) and OUT_OF_RANGE in response.content.decode()


def _ask(client: Client, request) -> object:
    method, url, data = request
    return client.get(url, data) if method == "get" else client.post(url, data)


@pytest.fixture
def secretariat(world) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.users["thuongtruc"])
    return client


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31), datetime.date(1999, 12, 31)])
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_absurd_date_gets_a_vietnamese_form_error_on_every_view(world, secretariat, day, fmt):
    for name, request in _views(world).items():
        response = _ask(secretariat, request(_text(day, fmt)))
        assert _refused(name, response), (name, response.status_code)


def test_the_edges_of_the_window_are_accepted(world, secretariat):
    plan = world.kwargs["reports:plan_dashboard"]["pk"]
    for text in ("01/01/2000", "31/12/2100"):
        response = secretariat.get(reverse("reports:figures"), {"plan": plan, "as_of": text})
        assert response.status_code == 200, text
        page = secretariat.get(reverse("reports:units"), {"plan": plan, "as_of": text})
        assert page.status_code == 200 and OUT_OF_RANGE not in page.content.decode()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(data=st.data())
def test_no_date_answers_500_on_any_view_that_takes_one(world, secretariat, data):
    views = _views(world)
    name = data.draw(st.sampled_from(sorted(views)), label="view")
    day = data.draw(
        st.one_of(
            st.dates(),
            st.dates(datetime.date(1999, 12, 1), datetime.date(2000, 1, 31)),
            st.dates(datetime.date(2100, 12, 1), datetime.date(2101, 1, 31)),
        ),
        label="day",
    )
    text = _text(day, data.draw(st.sampled_from(FORMATS), label="format"))
    response = _ask(secretariat, views[name](text))
    assert response.status_code < 500, (name, text)
    if not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31):
        assert _refused(name, response), (name, text)


def test_nothing_out_of_the_window_was_stored(world, secretariat):
    for request in (_views(world)["inspection reschedule"], _views(world)["figures period"]):
        _ask(secretariat, request("31/12/9999"))
    assert not Inspection.objects.filter(scheduled_start__year__gt=2100).exists()
    assert not ReportingPeriod.objects.filter(cutoff__year__gt=2100).exists()
