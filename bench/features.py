"""The newer features at the database's size (issue 22): the closed-period snapshot of the
year's plans, the Word report of that closing, a 2,000-task plan import and the daily reminder
job. Each runs once after a warm-up run, inside one transaction rolled back afterwards (the
database is left as it was); time and query count of each.

The reminder job here is its run for the dataset's own users (bench/reminders.py tops them up to
the national ~3,000 people and times the dry run and the second run too; see
bench/measured_by_hand.md)."""

from __future__ import annotations

import datetime
import io
import time

from bench.measure import capture, ms

# Absolute budgets (national size), in ms: what a secretariat click or the daily job may take.
FEATURE_BUDGETS = {
    "closing snapshot (the year's plans, 6 months)": 5000,
    "Word report of that closing": 3000,  # of the measured plan
    "plan import, 2 000 tasks": 20000,
    "daily reminder job": 300000,
    # The PAR INDEX results page of a province-wide set: every unit's sheet (self, appraisal,
    # survey, computed rows from the tracker's data), totals, ranks, groups, last year.
    "PAR INDEX ranking, 1 000 units": 5000,
    # A first-level unit absorbed into another (issue 17): its open tasks handed over with their
    # history entries, coordination, recommendations and accounts moved, revisions listed.
    "reorganisation: absorb a first-level unit": 10000,
}
PAR_UNITS = 1000

IMPORT_TASKS = 2000
# The Word report of a closing of the measured plan (10,000 tasks at national size): measured up
# to this many tasks (it once took ~25 ms a task, a quarter of an hour nationally).
DOCX_MAX_TASKS = 20000


class _Rollback(Exception):
    pass


def import_workbook(unit_names: list[str], year: int, n_tasks: int) -> bytes:
    """A plan appendix as plans are published: title rows, the header, the seven area rows and
    n_tasks task rows spread over them, each naming units of the catalogue."""
    from openpyxl import Workbook

    header = ["STT", "Nội dung\nnhiệm vụ", "Kết quả, sản phẩm", "Cơ quan\nchủ trì", "Cơ quan phối hợp"]
    header += ["Thời gian\nhoàn thành", "Ghi chú"]
    areas = ["I", "II", "III", "IV", "V", "VI", "VII"]
    names = {
        "I": "Công tác chỉ đạo, điều hành cải cách hành chính",
        "II": "Cải cách thể chế",
        "III": "Cải cách thủ tục hành chính",
        "IV": "Cải cách tổ chức bộ máy hành chính nhà nước",
        "V": "Cải cách chế độ công vụ",
        "VI": "Cải cách tài chính công",
        "VII": "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
    }
    deadlines = ["Quý I", "Quý II", "Quý III", "Quý IV", "Tháng 6", f"Trước ngày 15/12/{year}", "Thường xuyên"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Phụ lục")
    sheet.append(["BỘ ĐO HIỆU NĂNG"])
    sheet.append([f"KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {year}"])
    sheet.append([])
    sheet.append(header)
    per_area = -(-n_tasks // len(areas))
    made = 0
    for code in areas:
        sheet.append([code, names[code]])
        for number in range(1, per_area + 1):
            if made == n_tasks:
                break
            lead = unit_names[made % len(unit_names)]
            partner = unit_names[(made * 7 + 3) % len(unit_names)]
            sheet.append(
                [
                    number,
                    f"Nhiệm vụ đo hiệu năng số {made + 1}",
                    "Báo cáo",
                    lead,
                    partner,
                    deadlines[made % len(deadlines)],
                    None,
                ]
            )
            made += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def par_ranking(root, secretariat, year: int):
    """A PAR INDEX set of the demo's shape (8 areas, 61 rows, computed rules) over PAR_UNITS
    units, every sheet scored and appraised (set-up, untimed); returns the timed step: the
    results with ranks, groups and last year's comparison, as the results page reads them."""
    from decimal import Decimal

    from parindex import demo, selectors, services
    from units.models import Unit

    criteria_set = services.criteria_set_import(
        agency=root,
        year=year + 50,  # a year no real set uses, rolled back afterwards
        unit_kind=root.kind,
        title="Bộ chỉ số đo hiệu năng",
        decision="Quyết định đo hiệu năng",
        parsed=demo.criteria_rows(),
        by=secretariat,
    )
    units = list(Unit.objects.exclude(pk=root.pk).order_by("pk")[:PAR_UNITS])
    criteria_set.units.set(units)
    demo._configure(criteria_set, secretariat)
    services.criteria_set_open(criteria_set=criteria_set, by=secretariat)
    rows = list(criteria_set.criteria.all())
    parents = {r.parent_id for r in rows if r.parent_id}
    leaves = [r for r in rows if r.pk not in parents and r.kind != "computed"]
    for place, unit in enumerate(units):
        ratio = Decimal("0.98") - Decimal("0.0004") * place
        values = {
            leaf.pk: {
                "self_score": (leaf.max_points * ratio).quantize(Decimal("0.01")),
                "appraised": (leaf.max_points * ratio).quantize(Decimal("0.01")),
                "survey": (leaf.max_points * ratio).quantize(Decimal("0.01")) if leaf.kind == "survey" else None,
            }
            for leaf in leaves
        }
        services.scores_load(criteria_set=criteria_set, unit=unit, scores=values, by=secretariat)
    today = datetime.date(year, 12, 31)

    def ranking() -> int:
        return len(selectors.results(criteria_set, today=today).rows)

    return ranking


def absorb_first_level(secretariat, year: int):
    """The timed step: the second first-level unit absorbed into the first on 1 July."""
    from reorganisation.models import ReorganisationKind
    from reorganisation.services import Decision, reorganisation_record
    from tasks.models import Task
    from units.models import Unit

    absorbed, receiver = Unit.objects.get(code="B1-02"), Unit.objects.get(code="B1-01")
    decision = Decision(
        kind=ReorganisationKind.ABSORB,
        effective_on=datetime.date(year, 7, 1),
        predecessors=[absorbed],
        successors=[receiver],
        document_number="99/QĐ-BENCH",
        document_date=datetime.date(year, 6, 20),
        document_title="Quyết định sáp nhập (đo hiệu năng)",
    )

    def absorb() -> int:
        open_tasks = Task.objects.filter(lead_unit=absorbed).open().count()
        reorganisation_record(decision=decision, by=secretariat)
        return open_tasks

    return absorb


def measure_features(objs) -> dict:
    from django.conf import settings
    from django.core import mail
    from django.db import transaction
    from django.utils import timezone

    from figures.models import PeriodKind
    from notifications.services import reminders_send
    from planning.services import plan_import_apply
    from reports.closing import ClosingScope, period_close
    from reports.closing_docx import write_closing_docx
    from reports.review_period import review_period
    from units.models import Unit

    year = objs["year"]
    secretariat = objs["secretariat"]
    results: dict = {}

    def timed(label: str, fn, *, warm_up: bool = False):
        if warm_up:
            fn()
        with capture() as log:
            start = time.perf_counter()
            value = fn()
            seconds = time.perf_counter() - start
        budget = FEATURE_BUDGETS[label]
        results[label] = {
            "ms": ms(seconds),
            "queries": log.count,
            "budget_ms": budget,
            "pass": seconds * 1000 <= budget,
        }
        return value

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    try:
        with transaction.atomic():
            period = review_period(year=year, kind=PeriodKind.H1)
            scope = ClosingScope(year=year)
            timed(
                "closing snapshot (the year's plans, 6 months)",
                lambda: period_close(scope=scope, period=period, by=secretariat),
            )
            results["closing snapshot (the year's plans, 6 months)"]["tasks"] = scope.tasks.count()
            plan_scope = ClosingScope(year=year, plan=objs["plan"])
            plan_tasks = plan_scope.tasks.count()
            if plan_tasks <= DOCX_MAX_TASKS:
                closing = period_close(scope=plan_scope, period=period, by=secretariat)
                content = timed("Word report of that closing", lambda: write_closing_docx(closing))
                results["Word report of that closing"].update(bytes=len(content), tasks=plan_tasks)
            else:
                results["Word report of that closing"] = {
                    "skipped": f"not run: the measured plan has {plan_tasks} tasks (> {DOCX_MAX_TASKS})",
                    "budget_ms": FEATURE_BUDGETS["Word report of that closing"],
                }
            root = Unit.objects.get(code="BENCH-ROOT")
            unit_names = list(Unit.objects.exclude(pk=root.pk).order_by("pk").values_list("name", flat=True)[:200])
            workbook = import_workbook(unit_names, year, IMPORT_TASKS)
            result = timed(
                "plan import, 2 000 tasks",
                lambda: plan_import_apply(
                    source=io.BytesIO(workbook),
                    number="999/KH-BENCH",
                    year=year,
                    issuing_unit=root,
                    by=secretariat,
                    title="Kế hoạch đo hiệu năng",
                    issued_on=datetime.date(year, 1, 15),
                    file_name="bench.xlsx",
                ),
            )
            results["plan import, 2 000 tasks"]["tasks"] = result.created
            run = timed("daily reminder job", lambda: reminders_send(today=timezone.localdate()))
            results["daily reminder job"].update(notifications=run.created, emails=len(mail.outbox))
            ranked = timed("PAR INDEX ranking, 1 000 units", par_ranking(root, secretariat, year), warm_up=True)
            results["PAR INDEX ranking, 1 000 units"].update(units=ranked)
            handed = timed("reorganisation: absorb a first-level unit", absorb_first_level(secretariat, year))
            results["reorganisation: absorb a first-level unit"].update(tasks_handed_over=handed)
            raise _Rollback
    except _Rollback:
        pass
    return results
