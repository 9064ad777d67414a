"""Benchmark data generator: a national-size (1,000 units, 100,000 tasks, ~500,000 history
entries) or province-size (200 units, 20,000 tasks) tenant, bulk-created.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench \\
        .venv/bin/python bench/generate.py --size national [--reset]

Runs against an already migrated database whose name starts with ``cchc_bench`` (it refuses
any other). ``--reset`` empties the tables it fills first (TRUNCATE … CASCADE).

What it makes, deterministically (``--seed``):

- units: one agency (the root) → 20 first-level units (vụ, cục / sở) → the rest below them;
- plans for three years (the current one and the two before): per year the agency's plan and
  one derived plan per first-level unit; the agency's plan holds 30 % of the year's tasks;
- tasks over the seven reform areas with deadlines as plans write them (quarter ends,
  "Thường xuyên", a few without deadline), 0–3 coordinating units, a realistic status mix
  (≈ 50 % completed, some of them late; in progress, not started, pending, returned, paused,
  removed; overdue ones), 4 % with an approved deadline extension;
- for every task a history consistent with its status (created → progress … → submitted →
  confirmed/returned, extension, pause, removal) with effective dates, ≈ 5 entries per task on
  average; the completion reports and evidence those submissions carry;
- users: a secretariat and a leader account, and one unit staff account per unit; one unit
  ("BENCH-STAFF", user ``bench_staff``) that leads or coordinates exactly 100 tasks.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cchc.formatting import format_date

ROOT = Path(__file__).resolve().parent.parent
SIZES = {
    "national": {"units": 1000, "tasks": 100_000},
    "province": {"units": 200, "tasks": 20_000},
    # Ten times national (issue 22: cost grows with the scope, not the database): the agency's
    # and the first-level units' plans exactly as national (the measured plan keeps its 10,000
    # tasks), and 900,000 more tasks in the second-level units' own plans (one per unit and year).
    "x10": {"units": 1000, "tasks": 1_000_000, "agency_tasks": 100_000},
}
FIRST_LEVEL = 20
BENCH_UNIT_CODE = "BENCH-STAFF"
BENCH_UNIT_LED, BENCH_UNIT_COORDINATED = 80, 20
BATCH = 5000
HISTORY_CHUNK = 10_000  # tasks per task_history_import call

VERBS = [
    "Rà soát, đánh giá",
    "Xây dựng và ban hành",
    "Triển khai thực hiện",
    "Kiểm tra việc thực hiện",
    "Tổ chức tập huấn về",
    "Đơn giản hóa",
    "Số hóa hồ sơ, kết quả giải quyết",
    "Tuyên truyền, phổ biến",
    "Theo dõi, đôn đốc",
    "Tổng kết, báo cáo",
]
OBJECTS = [
    "thủ tục hành chính thuộc phạm vi quản lý",
    "văn bản quy phạm pháp luật của đơn vị",
    "quy chế làm việc và phân cấp quản lý",
    "vị trí việc làm và cơ cấu công chức",
    "cơ chế tự chủ tài chính của đơn vị sự nghiệp",
    "dịch vụ công trực tuyến toàn trình",
    "hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
    "chỉ số hài lòng của người dân, tổ chức (SIPAS)",
    "cơ sở dữ liệu chuyên ngành và kết nối, chia sẻ dữ liệu",
    "kỷ luật, kỷ cương hành chính",
]
OUTPUTS = ["Quyết định", "Kế hoạch", "Báo cáo", "Văn bản", "Hệ thống", "Hội nghị"]
NOTES = [
    "Đã ban hành văn bản hướng dẫn, đang tổng hợp kết quả.",
    "Đã tổ chức họp triển khai với các phòng chuyên môn.",
    "Đang rà soát, dự thảo văn bản gửi lấy ý kiến.",
    "Đã hoàn thành dự thảo, trình lãnh đạo đơn vị.",
]


def at(day: datetime.date) -> datetime.datetime:
    """09:00 in Việt Nam on that day: when an entry of the generated year was recorded."""
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=sorted(SIZES), default="province")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--reset", action="store_true", help="empty the tables first")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--today", help="yyyy-mm-dd (default: today)")
    return parser.parse_args(argv)


def setup_django(database_url: str) -> None:
    if not database_url.startswith("postgres"):
        sys.exit("bench/generate.py needs a PostgreSQL --database-url (or DATABASE_URL)")
    name = database_url.rsplit("/", 1)[-1].split("?")[0]
    if not name.startswith("cchc_bench"):
        sys.exit(f"refusing database {name!r}: benchmark databases are named cchc_bench*")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def reset() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE units_unit, plans_plan, tasks_task, tasks_taskevent, accounts_user, django_session "
            "RESTART IDENTITY CASCADE"
        )


def analyze() -> None:
    """Fresh planner statistics inside the generation's one transaction (ANALYZE counts the
    transaction's own rows): without them the planner sees the tables as empty and the
    history writers' updates and span rebuilds turn quadratic at x10 size (a 2,000-task
    UPDATE of record_past_bulk took 9 s after 700,000 entries)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tasks_task, tasks_taskevent, tasks_taskstatespan, tasks_task_coordinating_units")


class Generator:
    def __init__(self, *, size: str, seed: int, today: datetime.date):
        self.size = SIZES[size]
        self.rng = random.Random(seed)
        self.today = today
        self.years = [today.year - 2, today.year - 1, today.year]
        self.timings: dict[str, float] = {}

    def timed(self, label, fn, *args):
        start = time.perf_counter()
        result = fn(*args)
        self.timings[label] = time.perf_counter() - start
        print(f"  {label}: {self.timings[label]:.1f} s", flush=True)
        return result

    # ------------------------------------------------------------------ units and users
    def make_units(self):
        from units.models import Unit, UnitKind

        n = self.size["units"]
        root = Unit.objects.create(name="Bộ Thử nghiệm (benchmark)", code="BENCH-ROOT", kind=UnitKind.MINISTRY)
        first = Unit.objects.bulk_create(
            Unit(
                name=f"Cục/Sở thử nghiệm số {i + 1}",
                code=f"B1-{i + 1:02d}",
                kind=UnitKind.DEPARTMENT,
                parent=root,
                order=i + 1,
            )
            for i in range(FIRST_LEVEL)
        )
        rest_count = n - 1 - FIRST_LEVEL
        rest = [
            Unit(
                name=f"Phòng/UBND thử nghiệm {i + 1}",
                code=f"B2-{i + 1:04d}",
                kind=UnitKind.OFFICE if i % 3 else UnitKind.DISTRICT,
                parent=first[i % FIRST_LEVEL],
                order=100 + i,
            )
            for i in range(rest_count - 1)
        ]
        rest.append(
            Unit(name="Đơn vị của cán bộ đo hiệu năng", code=BENCH_UNIT_CODE, parent=first[0], order=99, kind="office")
        )
        rest = Unit.objects.bulk_create(rest)
        self.root, self.first, self.bench_unit = root, first, rest[-1]
        self.second = rest[:-1]
        self.children = {u.pk: [] for u in first}
        for u in self.second:
            self.children[u.parent_id].append(u)

    def make_users(self):
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.models import Group

        from accounts.models import User
        from accounts.roles import Role

        password = make_password("bench-pass")
        groups = {g.name: g for g in Group.objects.all()}
        special = [
            User(username="bench_secretariat", unit=self.root, password=password, last_name="Thường trực"),
            User(username="bench_leader", unit=self.root, password=password, last_name="Lãnh đạo"),
            User(username="bench_staff", unit=self.bench_unit, password=password, last_name="Cán bộ"),
        ]
        staff = [
            User(username=f"staff_{u.code.lower()}", unit=u, password=password, last_name="Cán bộ")
            for u in [self.root, *self.first, *self.second]
        ]
        users = User.objects.bulk_create(special + staff)
        through = User.groups.through
        links = [
            through(user_id=users[0].pk, group_id=groups[Role.SECRETARIAT.value].pk),
            through(user_id=users[1].pk, group_id=groups[Role.LEADER.value].pk),
            through(user_id=users[2].pk, group_id=groups[Role.UNIT_STAFF.value].pk),
        ]
        links += [through(user_id=u.pk, group_id=groups[Role.UNIT_STAFF.value].pk) for u in users[3:]]
        through.objects.bulk_create(links)
        self.secretariat = users[0]
        self.staff_of = {u.unit_id: u for u in users[3:]}
        self.staff_of[self.bench_unit.pk] = users[2]

    # ------------------------------------------------------------------ plans
    def make_plans(self):
        from plans.models import Plan, PlanStatus

        self.plans = {}  # year -> [(plan, share of the year's tasks, lead unit candidates)]
        for year in self.years:
            issued = datetime.date(year, 1, 10)
            status = PlanStatus.ISSUED if year == self.today.year else PlanStatus.CLOSED
            root_plan = Plan.objects.create(
                number=f"{10 + year % 100}/KH-BENCH",
                title=f"Kế hoạch cải cách hành chính năm {year} (benchmark)",
                year=year,
                issuing_unit=self.root,
                issued_on=issued,
                status=status,
            )
            derived = Plan.objects.bulk_create(
                Plan(
                    number=f"{i + 1}/KH-{u.code}-{year}",
                    title=f"Kế hoạch CCHC năm {year} của {u.name}",
                    year=year,
                    issuing_unit=u,
                    issued_on=issued + datetime.timedelta(days=5 + i % 10),
                    status=status,
                    parent=root_plan,
                )
                for i, u in enumerate(self.first)
            )
            agency_share = self.size.get("agency_tasks", self.size["tasks"]) / self.size["tasks"]
            entries = [(root_plan, 0.30 * agency_share, None)]
            entries += [(p, 0.70 * agency_share / len(derived), u) for p, u in zip(derived, self.first, strict=True)]
            if agency_share < 1:  # the second-level units' own plans take the rest
                own = Plan.objects.bulk_create(
                    Plan(
                        number=f"{i + 1}/KH-{u.code}-{year}",
                        title=f"Kế hoạch CCHC năm {year} của {u.name}",
                        year=year,
                        issuing_unit=u,
                        issued_on=issued + datetime.timedelta(days=10 + i % 10),
                        status=status,
                        parent=derived[i % len(derived)],
                    )
                    for i, u in enumerate(self.second)
                )
                entries += [(p, (1 - agency_share) / len(own), u) for p, u in zip(own, self.second, strict=True)]
            self.plans[year] = entries

    # ------------------------------------------------------------------ tasks
    def deadline_for(self, year: int):
        r = self.rng.random()
        if r < 0.05:
            return None, "", False
        if r < 0.17:
            return datetime.date(year, 12, 31), "Thường xuyên", True
        if r < 0.70:
            q = self.rng.randint(1, 4)
            end = (
                [datetime.date(year, 3, 31), datetime.date(year, 6, 30), datetime.date(year, 9, 30)][q - 1]
                if q < 4
                else datetime.date(year, 12, 15)
            )
            return end, f"Quý {['I', 'II', 'III', 'IV'][q - 1]}", False
        day = datetime.date(year, self.rng.randint(2, 12), self.rng.randint(1, 28))
        return day, f"Trước ngày {format_date(day)}", False

    def pick_status(self, passed: bool) -> str:
        r = self.rng.random()
        table = (
            [("completed", 0.55), ("in_progress", 0.18), ("not_started", 0.06), ("pending", 0.07),
             ("returned", 0.05), ("paused", 0.04), ("removed", 0.05)]
            if passed
            else [("completed", 0.30), ("in_progress", 0.35), ("not_started", 0.15), ("pending", 0.08),
                  ("returned", 0.04), ("paused", 0.03), ("removed", 0.05)]
        )  # fmt: skip
        acc = 0.0
        for status, p in table:
            acc += p
            if r < acc:
                return status
        return "in_progress"

    def make_tasks(self):
        from plans.models import ReformArea
        from tasks.models import Task, TaskSource

        areas = list(ReformArea.objects.order_by("order"))
        total = self.size["tasks"]
        per_year = total // len(self.years)
        all_units = [self.root, *self.first, *self.second]
        specs = []  # (plan, n)
        for y_index, year in enumerate(self.years):
            count = per_year if y_index < len(self.years) - 1 else total - per_year * (len(self.years) - 1)
            entries = self.plans[year]
            assigned = 0
            for i, (plan, share, unit) in enumerate(entries):
                n = round(count * share) if i < len(entries) - 1 else count - assigned
                assigned += n
                specs.append((plan, n, unit))
        # The bench unit's 100 tasks, spread over the whole set.
        picks = self.rng.sample(range(total), BENCH_UNIT_LED + BENCH_UNIT_COORDINATED)
        bench_led, bench_coord = set(picks[:BENCH_UNIT_LED]), set(picks[BENCH_UNIT_LED:])
        tasks, coordination, extensions = [], [], []
        index = 0
        sources = [TaskSource.GOVERNMENT] * 2 + [TaskSource.SUPERIOR] * 3 + [TaskSource.SELF] * 5
        for plan, n, issuer in specs:
            numbers: dict[int, int] = {}
            if issuer is None:
                leads = [*self.first] * 3 + self.second
            else:
                children = self.children.get(issuer.pk, [])
                leads = [issuer] * max(1, len(children) // 4) + children
            for position in range(1, n + 1):
                area = areas[min(len(areas) - 1, int(self.rng.triangular(0, len(areas), 2)))]
                numbers[area.pk] = numbers.get(area.pk, 0) + 1
                deadline, deadline_text, recurring = self.deadline_for(plan.year)
                lead = self.bench_unit if index in bench_led else self.rng.choice(leads)
                coord = {
                    u.pk for u in self.rng.sample(all_units, self.rng.choice([0, 1, 1, 2, 2, 3])) if u.pk != lead.pk
                }
                if index in bench_coord and lead.pk != self.bench_unit.pk:
                    coord.add(self.bench_unit.pk)
                verb, obj = self.rng.choice(VERBS), self.rng.choice(OBJECTS)
                task = Task(
                    plan=plan,
                    area=area,
                    number=str(numbers[area.pk]),
                    position=position,
                    content=f"{verb} {obj} năm {plan.year} (nhiệm vụ {index + 1})",
                    expected_output=f"{self.rng.choice(OUTPUTS)} của {lead.name}",
                    lead_unit=lead,
                    coordination_text="; ".join(str(c) for c in sorted(coord)) and "Các đơn vị liên quan",
                    deadline=deadline,
                    deadline_text=deadline_text,
                    is_recurring=recurring,
                    source=self.rng.choice(sources),
                )
                passed = (deadline or datetime.date(plan.year, 12, 31)) < self.today
                task.status = self.pick_status(passed)
                if deadline and self.rng.random() < 0.04 and task.status != "removed":
                    extensions.append(index)
                tasks.append(task)
                coordination.append(coord)
                index += 1
        self.tasks, self.coordination, self.extended = tasks, coordination, set(extensions)

    def task_history(self, i: int, task, plan):
        """Fill in the task's final state and return its history as (kind, effective_on,
        status, progress, deadline, completed_on, note) tuples in recorded order."""
        rng, today = self.rng, self.today
        start = plan.issued_on
        year_end = datetime.date(plan.year, 12, 31)
        horizon = min(today, year_end + datetime.timedelta(days=20))
        deadline = task.deadline
        events = [("created", start, "not_started", 0, deadline, None, "")]
        status = task.status
        if i in self.extended and status != "not_started":
            # An approved extension: the original deadline is kept for "completed late".
            ask = max(start + datetime.timedelta(days=10), deadline - datetime.timedelta(days=15))
            if ask < today:
                task.original_deadline = deadline
                deadline = deadline + datetime.timedelta(days=rng.choice([30, 45, 60, 90]))
                task.deadline, task.extension_count = deadline, 1
                events.append(("extension_requested", ask, "in_progress", 20, task.original_deadline, None, "gia hạn"))
                approved = min(today, ask + datetime.timedelta(days=3))
                events.append(("extension_approved", approved, "in_progress", 20, deadline, None, ""))
        if status == "not_started":
            task.progress = 0
            return events
        target = deadline or year_end
        if status == "completed":
            if rng.random() < 0.2 and deadline:
                done = deadline + datetime.timedelta(days=rng.randint(1, 60))  # completed late
            else:
                done = target - datetime.timedelta(days=rng.randint(0, 60))
            done = max(start + datetime.timedelta(days=15), min(done, today))
            end = done
        else:
            end = max(start + datetime.timedelta(days=15), min(horizon, target + datetime.timedelta(days=30)))
        span = max(1, (end - start).days)
        n_progress = rng.choice([2, 2, 3, 3]) if status != "in_progress" else rng.choice([2, 3, 4, 5, 6])
        days = sorted(start + datetime.timedelta(days=1 + rng.randrange(span)) for _ in range(n_progress))
        progress = 0
        for day in days:
            progress = min(95, progress + rng.randint(10, 40))
            events.append(("progress", min(day, today), "in_progress", progress, deadline, None, rng.choice(NOTES)))
        events.sort(key=lambda e: e[1])  # extension entries among the progress entries
        if task.original_deadline:  # entries before the approval carry the original deadline
            approved_on = next(e[1] for e in events if e[0] == "extension_approved")
            fixed = [events[0]]
            for e in events[1:]:
                kind, on, st, pr, dl, co, note = e
                if kind.startswith("extension"):
                    st, pr = fixed[-1][2], fixed[-1][3]
                elif on < approved_on:
                    dl = task.original_deadline
                fixed.append((kind, on, st, pr, dl, co, note))
            events = fixed
        if status == "in_progress":
            task.progress = progress
        elif status in ("paused", "removed"):
            on = min(today, end)
            events.append(("edited", on, status, progress, deadline, None, "Điều chỉnh kế hoạch"))
            task.progress = progress
        else:  # completed, pending, returned: reported done
            claimed = end if status == "completed" else min(today, end)
            first = max(events[-1][1], claimed - datetime.timedelta(days=20))
            if status == "completed" and rng.random() < 0.1 and first + datetime.timedelta(days=4) <= claimed:
                # returned once before being confirmed
                events.append(("submitted", first, "pending", 100, deadline, first, "Báo cáo hoàn thành"))
                back = first + datetime.timedelta(days=4)
                events.append(("returned", back, "returned", 80, deadline, None, "Bổ sung tài liệu"))
            events.append(("submitted", claimed, "pending", 100, deadline, claimed, "Báo cáo hoàn thành"))
            if status == "completed":
                events.append(("confirmed", claimed, "completed", 100, deadline, claimed, "Đã kiểm tra"))
                task.progress, task.completed_on = 100, claimed
            elif status == "pending":
                task.progress, task.completed_on = 100, claimed
            else:
                back = min(today, claimed + datetime.timedelta(days=4))
                events.append(("returned", back, "returned", 80, deadline, None, "Bổ sung"))
                task.progress = 80
        return events

    def make_history(self):
        """Tasks and their history through the task services (tasks_import, then
        task_history_import), as the app would have recorded a year of work; completion
        reports and their evidence beside the submitted entries."""
        from tasks.history import PastEntry
        from tasks.services import NewTask, task_history_import, tasks_import

        plans = {p.pk: p for entries in self.plans.values() for p, _, _ in entries}
        histories = [self.task_history(i, t, plans[t.plan_id]) for i, t in enumerate(self.tasks)]

        def insert_tasks():
            by_plan: dict[int, list[int]] = {}
            for i, task in enumerate(self.tasks):
                by_plan.setdefault(task.plan_id, []).append(i)
            created = [None] * len(self.tasks)
            for n, (plan_id, indexes) in enumerate(by_plan.items()):
                if n % 200 == 0:
                    analyze()
                plan = plans[plan_id]
                specs = [self.new_task(NewTask, self.tasks[i], self.coordination[i]) for i in indexes]
                rows = tasks_import(
                    plan=plan,
                    tasks=specs,
                    by=self.secretariat,
                    effective_on=plan.issued_on,
                    recorded_at=at(plan.issued_on),
                )
                for i, row in zip(indexes, rows, strict=True):
                    created[i] = row
            return created

        self.tasks = self.timed("tasks insert (tasks_import)", insert_tasks)
        self.coordination_rows = sum(
            len(coord - {t.lead_unit_id}) for t, coord in zip(self.tasks, self.coordination, strict=True)
        )

        count, reports, evidence = 0, [], []
        start = time.perf_counter()
        chunk: list[tuple] = []  # (task, history) of up to HISTORY_CHUNK tasks
        for task, history in zip(self.tasks, histories, strict=True):
            chunk.append((task, history))
            count += len(history)
            if len(chunk) >= HISTORY_CHUNK:
                analyze()
                self.record_history(chunk, PastEntry, task_history_import, reports, evidence)
                chunk = []
        self.record_history(chunk, PastEntry, task_history_import, reports, evidence)
        self.timings["history insert"] = time.perf_counter() - start
        print(f"  history insert: {self.timings['history insert']:.1f} s ({count} entries)", flush=True)
        self.event_count = count
        from tasks.workflow_models import CompletionReport, Evidence

        self.timed("reports insert", lambda: CompletionReport.objects.bulk_create(reports, batch_size=BATCH))
        self.timed("evidence insert", lambda: Evidence.objects.bulk_create(evidence, batch_size=BATCH))
        self.report_count = len(reports)

    @staticmethod
    def new_task(new_task_class, task, coordination):
        return new_task_class(
            area_id=task.area_id,
            number=task.number,
            position=task.position,
            content=task.content,
            expected_output=task.expected_output,
            lead_unit_id=task.lead_unit_id,
            # Created with the deadline as planned; an approved extension in the history moves it.
            deadline=task.original_deadline or task.deadline,
            deadline_text=task.deadline_text,
            is_recurring=task.is_recurring,
            coordinating_ids=sorted(coordination),
            coordination_text=task.coordination_text,
            source=task.source,
        )

    def record_history(self, chunk, past_entry, task_history_import, reports, evidence):
        """The entries after creation of a chunk of tasks, and the completion report of every
        submitted entry (decided by the confirmation or return that follows it)."""
        from tasks.workflow_models import CompletionReport, Evidence, ReportStatus

        secretariat = self.secretariat
        entries, submitted = [], []  # submitted: (entry index, task, reporter, previous tuple)
        for task, history in chunk:
            reporter = self.staff_of.get(task.lead_unit_id, secretariat)
            for prev, (kind, on, status, progress, deadline, completed_on, note) in itertools.pairwise(history):
                decided = kind in ("confirmed", "returned", "extension_approved", "edited")
                if kind == "submitted":
                    submitted.append((len(entries), task, reporter, prev))
                delay = datetime.timedelta(days=3 if kind in ("confirmed", "returned") else 0)
                entries.append(
                    past_entry(
                        task_id=task.pk,
                        kind=kind,
                        effective_on=on,
                        status=status,
                        progress=progress,
                        deadline=deadline,
                        completed_on=completed_on,
                        actor_id=(secretariat if decided else reporter).pk,
                        note=note,
                        recorded_at=at(on) + delay,
                    )
                )
        if not entries:
            return
        events = task_history_import(entries=entries)
        for index, task, reporter, prev in submitted:
            entry, event = entries[index], events[index]
            report = CompletionReport(
                task_id=task.pk,
                submitted_by=reporter,
                completed_on=entry.completed_on,
                note=entry.note,
                is_late=event.is_late,
                status=ReportStatus.AWAITING_SECRETARIAT,
                progress_before=prev[3],
                status_before=prev[2],
                event=event,
            )
            following = entries[index + 1] if index + 1 < len(entries) else None
            if following is not None and following.task_id == task.pk and following.kind in ("confirmed", "returned"):
                report.status = ReportStatus.CONFIRMED if following.kind == "confirmed" else ReportStatus.RETURNED
                report.decided_by = secretariat
                report.decided_at = datetime.datetime.combine(
                    following.effective_on + datetime.timedelta(days=3), datetime.time(9), tzinfo=datetime.UTC
                )
            reports.append(report)
            evidence.append(
                Evidence(
                    task_id=task.pk,
                    event=event,
                    document_number=f"{task.pk}/BC",
                    document_date=entry.completed_on,
                    document_title="Báo cáo kết quả thực hiện",
                    uploaded_by=reporter,
                )
            )

    def backdate(self):
        """Completion reports are stamped when their submission was recorded (the history's
        entries were stamped by the services, from PastEntry.recorded_at)."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE tasks_completionreport r SET submitted_at = e.created_at FROM tasks_taskevent e"
                " WHERE r.event_id = e.id"
            )
            # The updates of the generation (the services stamp entries and move task rows to
            # their final state) leave dead row copies: without a VACUUM FULL the
            # table is twice its size (and autovacuum may be off — it is on this machine — or clean
            # it up in the middle of the measurements). Compacted, as a settled database would be.
            cursor.execute("VACUUM (FULL, ANALYZE)")

    def run(self):
        from django.db import transaction

        with transaction.atomic():
            self.timed("units", self.make_units)
            self.timed("users", self.make_users)
            self.timed("plans", self.make_plans)
            self.timed("tasks (build)", self.make_tasks)
            self.make_history()
        self.timed("backdate + vacuum", self.backdate)


def main(argv=None):
    args = parse_args(argv)
    setup_django(args.database_url)
    from django.utils import timezone

    from tasks.models import Task

    today = datetime.date.fromisoformat(args.today) if args.today else timezone.localdate()
    if args.reset:
        reset()
    elif Task.objects.exists():
        sys.exit("the database already holds tasks: use --reset to empty it first")
    print(f"Generating {args.size} data (today {format_date(today)})…", flush=True)
    start = time.perf_counter()
    gen = Generator(size=args.size, seed=args.seed, today=today)
    gen.run()
    elapsed = time.perf_counter() - start
    print(
        f"Done in {elapsed:.1f} s: {len(gen.tasks)} tasks, {gen.event_count} history entries, "
        f"{gen.coordination_rows} coordination links, {gen.report_count} completion reports",
        flush=True,
    )
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    name = args.database_url.rsplit("/", 1)[-1].split("?")[0]
    (results / f"{name}.generation").write_text(
        json.dumps({"size": args.size, "generation_s": round(elapsed, 1), "steps": gen.timings}, indent=1)
    )


if __name__ == "__main__":
    main()
