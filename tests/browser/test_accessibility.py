"""The accessibility gate (issue 21): axe-core, vendored under tests/browser/vendor/ and never
served by the application, run on every main page of every role — the pages of the person's
menu, a task, a plan and its dashboard — with no serious or critical violation; the staff's
completion report made with the keyboard only; badges with enough contrast."""

from __future__ import annotations

from pathlib import Path

import pytest

from accounts.models import User
from tasks.models import Task, TaskStatus

from .conftest import DEMO_TODAY

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
ROLES = ["thuongtruc", "lanhdao", "canbo", "truongdonvi"]
# WCAG 2.1 A and AA rules (axe's tags); best practices are advice, not the gate.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """Serious and critical violations of the page as shown, one line each. The script is
    evaluated through the browser's debugging protocol, so the page's CSP stays as it is."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    return [
        f"{v['impact']} {v['id']}: {node['target']} — {node['failureSummary'].splitlines()[-1].strip()}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


def main_pages(page, live_server) -> list[str]:
    """The pages of the person's menu (dropdowns included), each once, in menu order."""
    hrefs = page.eval_on_selector_all(
        "#mainnav a[href]:not([href='#']), #mainnav .dropdown-menu a[href]",
        "links => links.map(a => a.getAttribute('href'))",
    )
    seen: list[str] = []
    for href in hrefs:
        if href.startswith("/") and href not in seen and "logout" not in href and "/i18n/" not in href:
            seen.append(href)
    return seen


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ROLES)
def test_every_main_page_has_no_serious_violation(demo, page_for, live_server, who):
    page = page_for()
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.get_by_label("Tên đăng nhập").fill(who)
    page.get_by_label("Mật khẩu").fill("cchc-demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    user = User.objects.get(username=who)
    tasks = Task.objects.filter(plan=demo.plan).order_by("position")
    task = (tasks.filter(lead_unit=user.unit) if user.is_unit_member else tasks).first()  # one the person may open
    pages = [*main_pages(page, live_server), task.get_absolute_url(), demo.plan.get_absolute_url()]
    if who in ("thuongtruc", "lanhdao"):
        pages.append(f"/reports/plans/{demo.plan.pk}/")
    assert len(pages) >= 4
    found = {}
    for path in pages:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert found == {}
    # Every page and its resources were found; the browser's own favicon request (not a
    # response of the page) may log a 404 in the console, the only message allowed.
    assert missing == []
    assert [e for e in page.js_errors if not e.startswith("Failed to load resource")] == []


@pytest.mark.django_db(transaction=True)
def test_the_phone_menu_and_the_english_interface_have_no_serious_violation(demo, page_for, live_server):
    page = page_for("canbo", viewport=(390, 844), locale="en-US")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Mở menu").click()
    page.locator("#mainnav.show").wait_for()
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.locator("#mainnav").get_by_role("button", name="EN").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_staff_report_progress_with_the_keyboard_only(demo, page_for, live_server):
    """From the task list to a saved progress report: Tab, Enter, arrow keys and typing only."""
    page = page_for("canbo")
    task = (
        Task.objects.filter(plan=demo.plan, lead_unit__code="STP", status=TaskStatus.IN_PROGRESS)
        .order_by("position")
        .first()
    )
    page.goto(live_server.url + task.get_absolute_url())

    def tab_to(predicate: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
                return
        raise AssertionError(f"no focusable element where {predicate}")

    tab_to("el.tagName === 'A' && el.getAttribute('href').endsWith('/update/')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/update/")
    tab_to("el.name === 'status'")
    # The radio group: arrows move the choice to "Đang triển khai" if it is not already chosen.
    for _ in range(6):
        if page.evaluate("document.activeElement.value") == TaskStatus.IN_PROGRESS:
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.checked && document.activeElement.value") == "in_progress"
    tab_to("el.name === 'progress'")
    page.keyboard.press("Control+A")
    page.keyboard.type("85")
    tab_to("el.name === 'note'")
    page.keyboard.type("Đã trình dự thảo, chờ ký ban hành.")
    # The focus is visible where it is (an outline or a shadow), for a sighted keyboard user.
    focus_ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; })()"
    )
    assert focus_ring
    tab_to("el.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    task.refresh_from_db()
    assert (task.status, task.progress) == (TaskStatus.IN_PROGRESS, 85)
    assert task.events.filter(note="Đã trình dự thảo, chờ ký ban hành.", effective_on=DEMO_TODAY).exists()
    assert page.js_errors == []


@pytest.mark.django_db(transaction=True)
def test_status_badges_have_enough_contrast(demo, page_for, live_server):
    """Every badge of the unit's list and the queue passes axe's colour-contrast rule (4.5:1)."""
    for who, path in (("canbo", "/tasks/mine/"), ("thuongtruc", "/tasks/queue/")):
        page = page_for(who)
        page.goto(live_server.url + path)
        page.evaluate(AXE)
        results = page.evaluate(
            "axe.run({include: [['.badge']]}, {runOnly: {type: 'rule', values: ['color-contrast']}})"
        )
        assert page.locator(".badge").count() > 0
        assert [n["target"] for v in results["violations"] for n in v["nodes"]] == [], who
        assert len(results["passes"]) + len(results["incomplete"]) > 0
