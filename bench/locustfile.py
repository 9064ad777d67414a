"""Locust users of the load run (issue 22), started by bench/load_run.py — not by hand.

Three kinds of people, in the issue's proportions (locust `weight`): 80 % unit staff, 15 %
leaders, 5 % secretariat, each waiting `between(3, 10)` seconds between two actions (think
time). Every simulated person takes the next identity of its kind from the JSON pool file named
by LOAD_POOL (bench/load_run.py writes it: a session cookie per person, each staff person a
different unit with the open tasks it leads). Requests are named by kind (`name=`) so locust
reports p50/p95/p99 per kind.

Outcomes the runner checks afterwards are appended, one a line, to the file named by
LOAD_OUTCOMES: `accepted <note>` for each progress update answered 302, `conflict <task id>`
for each 409 (the optimistic lock: refused, not lost, not an error), `confirmed <report id>` for
each confirmation answered 302, `person <kind>` for each simulated person started.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import uuid

from locust import HttpUser, between, task

POOL = json.loads(open(os.environ["LOAD_POOL"], encoding="utf-8").read())  # noqa: SIM115
OUTCOMES = open(os.environ["LOAD_OUTCOMES"], "a", encoding="utf-8", buffering=1)  # noqa: SIM115
PDF = open(POOL["pdf"], "rb").read()  # noqa: SIM115
RUN = POOL["run"]
THINK = between(3, 10)

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')
CONFIRM_ACTION = re.compile(r'action="/tasks/reports/(\d+)/confirm/"')
NEXT = {kind: itertools.count() for kind in ("staff", "leaders", "secretariat")}


def record(line: str) -> None:
    OUTCOMES.write(line + "\n")


class Person(HttpUser):
    abstract = True
    wait_time = THINK
    kind = ""

    def on_start(self) -> None:
        people = POOL[self.kind]
        self.me = people[next(NEXT[self.kind]) % len(people)]
        self.client.cookies.set("sessionid", self.me["session"])
        self.client.cookies.set("csrftoken", POOL["csrf"])
        self.rng = random.Random()
        record(f"person {self.kind}")

    def get(self, path: str, name: str, expect: str = "text/html"):
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")
            elif expect not in response.headers.get("Content-Type", ""):
                response.failure(f"{response.headers.get('Content-Type')} for {path}")
            else:
                response.success()
            return response


class UnitStaff(Person):
    """Opens the unit's work list, opens a task, reports progress (about one update in ten
    with a 1 MB PDF as evidence)."""

    weight = 80
    kind = "staff"

    @task(3)
    def home(self) -> None:
        with self.client.get("/", name="staff: home / (redirect)", allow_redirects=False, catch_response=True) as r:
            if r.status_code == 302 and r.headers.get("Location") == "/tasks/mine/":
                r.success()
            else:
                r.failure(f"{r.status_code} {r.headers.get('Location')} for /")
        self.get("/tasks/mine/", "staff: work list /tasks/mine/")

    @task(2)
    def open_task(self) -> None:
        self.get(f"/tasks/{self.rng.choice(self.me['tasks'])}/", "staff: task page")

    @task(5)
    def report_progress(self) -> None:
        task_id = self.rng.choice(self.me["tasks"])
        form = self.get(f"/tasks/{task_id}/update/", "staff: update form")
        csrf, version = CSRF_INPUT.search(form.text or ""), VERSION_INPUT.search(form.text or "")
        if csrf is None or version is None:
            return  # the GET is already counted as a failure
        note = f"{RUN} {uuid.uuid4().hex} cập nhật tiến độ (tải thử)"
        data = {
            "csrfmiddlewaretoken": csrf.group(1),
            "version": version.group(1),
            "status": "in_progress",
            "progress": str(self.rng.randint(1, 95)),
            "note": note,
        }
        files = None
        name = "staff: update POST"
        if self.rng.random() < 0.10:
            files = {"files": ("bien-ban-kiem-chung.pdf", PDF, "application/pdf")}
            name = "staff: update POST + 1 MB PDF"
        with self.client.post(
            f"/tasks/{task_id}/update/", data=data, files=files, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 302:
                record(f"accepted {note}")
                response.success()
            elif response.status_code == 409:
                record(f"conflict {task_id}")
                response.success()  # someone of the unit saved first: refused, not lost
            else:
                response.failure(f"{response.status_code} for update of task {task_id}")


class Leader(Person):
    """Reads the dashboards: the index, an agency plan at different dates, the units table,
    drill-downs into buckets and a year."""

    weight = 15
    kind = "leaders"

    def plan(self) -> dict:
        return self.rng.choice(POOL["agency_plans"])

    @task(1)
    def index(self) -> None:
        self.get("/reports/", "leader: reports index")

    @task(3)
    def plan_dashboard(self) -> None:
        plan = self.plan()
        self.get(f"/reports/plans/{plan['id']}/?as_of={self.rng.choice(plan['dates'])}", "leader: plan dashboard as_of")

    @task(1)
    def plan_dashboard_today(self) -> None:
        self.get(f"/reports/plans/{POOL['agency_plans'][-1]['id']}/", "leader: plan dashboard today")

    @task(2)
    def units(self) -> None:
        self.get(f"/reports/units/?plan={self.plan()['id']}", "leader: units table")

    @task(2)
    def drilldown(self) -> None:
        bucket = self.rng.choice(["overdue", "within", "late", "on_time"])
        self.get(f"/reports/tasks/?plan={self.plan()['id']}&bucket={bucket}", "leader: drill-down")

    @task(1)
    def year(self) -> None:
        self.get(f"/reports/years/{self.plan()['year']}/", "leader: year dashboard")


class Secretariat(Person):
    """Opens the confirmation queue (the secretariat's home), confirms a report found on it, exports a first-level
    unit's plan (CSV)."""

    weight = 5
    kind = "secretariat"

    reports: list[str] = []
    csrf = ""

    def on_start(self) -> None:
        super().on_start()
        self.queue()

    @task(3)
    def queue(self) -> None:
        page = self.get("/tasks/queue/", "secretariat: queue")
        csrf = CSRF_INPUT.search(page.text or "")
        self.reports, self.csrf = CONFIRM_ACTION.findall(page.text or "")[:200], csrf.group(1) if csrf else ""

    @task(2)
    def confirm(self) -> None:
        """One of the reports of the queue as last read (the confirm's redirect back to the
        queue is the next `queue`)."""
        if not self.reports or not self.csrf:
            return
        report = self.reports.pop(self.rng.randrange(len(self.reports)))
        data = {"csrfmiddlewaretoken": self.csrf}
        path = f"/tasks/reports/{report}/confirm/"
        name = "secretariat: confirm POST"
        with self.client.post(path, data=data, name=name, allow_redirects=False, catch_response=True) as response:
            warned = response.status_code == 200 and 'name="closed_period_ok"' in response.text
            if warned or response.status_code == 302:
                response.success()
            else:
                response.failure(f"{response.status_code} for confirm of report {report}")
            status = response.status_code
        if warned:
            # The warning of a closed period's figures: confirm again, as the page asks.
            name = "secretariat: confirm POST (closed period)"
            with self.client.post(
                path, data={**data, "closed_period_ok": "1"}, name=name, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code == 302:
                    response.success()
                else:
                    response.failure(f"{response.status_code} for confirm of report {report}")
                status = response.status_code
        if status == 302:
            record(f"confirmed {report}")

    @task(1)
    def export(self) -> None:
        plan = self.rng.choice(POOL["unit_plans"])
        self.get(f"/reports/export/review.csv?plan={plan}&kind=year", "secretariat: export CSV (unit plan)", "text/csv")
