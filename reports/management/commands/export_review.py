"""Export a period report for scheduled runs:

    python manage.py export_review --plan 125/KH-UBND --period h1 --year 2026 -o so-ket.xlsx
    python manage.py export_review --all-plans --period year --year 2026 -o tong-ket.xlsx
    python manage.py export_review --plan 125/KH-UBND --period custom --start 01/01/2026 --end 30/06/2026 -o x.csv

The output's extension chooses the format (.xlsx, or .csv for the task detail). Same data and
writers as the export page; every task of the scope counts (no user to limit it)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record
from cchc.formatting import format_date, parse_date
from figures.models import PeriodKind
from plans.models import Plan
from reports.closing_review import closing_in_force, review_of
from reports.csv_writer import write_tasks_csv
from reports.review_data import collect_review
from reports.review_period import review_period
from reports.xlsx_writer import write_review_xlsx
from tasks.models import Task


def _iso_date(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%Y-%m-%d").date()


def _date(text: str) -> datetime.date:
    for parse in (parse_date, _iso_date):
        try:
            return parse(text)
        except ValueError:
            continue
    raise CommandError(f"Invalid date {text!r}: use dd/mm/yyyy or yyyy-mm-dd.")


class Command(BaseCommand):
    help = "Export the period report (Q1, six months, Q3, year or a custom range) of a plan or a year to .xlsx or .csv."

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--plan", help="the plan's number as issued, e.g. 125/KH-UBND")
        scope.add_argument("--all-plans", action="store_true", help="every plan of --year")
        parser.add_argument("--period", required=True, choices=PeriodKind.values, help="q1, h1, q3, year or custom")
        parser.add_argument("--year", type=int, help="the plan year (required with --all-plans)")
        parser.add_argument("--start", help="first day of a custom period (dd/mm/yyyy)")
        parser.add_argument("--end", help="cut-off of a custom period (dd/mm/yyyy)")
        parser.add_argument("-o", "--output", required=True, help="file to write: .xlsx or .csv")

    def _plans(self, *, number: str | None, year: int | None) -> list[Plan]:
        plans = Plan.objects.select_related("issuing_unit").order_by("number", "pk")
        if number is None:
            if year is None:
                raise CommandError("--all-plans needs --year.")
            found = list(plans.filter(year=year, parent__isnull=True))  # agency plans: no double counting
            if not found:
                raise CommandError(f"No plan of year {year}.")
            return found
        found = list(plans.filter(number=number, **({"year": year} if year else {})))
        if not found:
            raise CommandError(f"No plan numbered {number!r}" + (f" in {year}." if year else "."))
        if len(found) > 1:
            years = ", ".join(str(p.year) for p in found)
            raise CommandError(f"Several plans are numbered {number!r} ({years}): give --year.")
        return found

    def handle(self, *args, plan, all_plans, period, year, start, end, output, **options):
        path = Path(output)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError("The output file must end in .xlsx or .csv.")
        plans = self._plans(number=None if all_plans else plan, year=year)
        year = plans[0].year
        if period == PeriodKind.CUSTOM:
            if not (start and end):
                raise CommandError("A custom period needs --start and --end.")
            start_day, end_day = _date(start), _date(end)
            if start_day > end_day:
                raise CommandError("--start must not be after --end.")
        else:
            start_day = end_day = None
        tasks = (
            Task.objects.filter(plan__in=plans) if all_plans else Task.objects.filter(plan=plans[0])
        )  # every task: a scheduled run has no user to limit what it sees
        review = review_period(year=year, kind=period, start=start_day, end=end_day)
        # A closed period's report is its snapshot (reports/closing_review.py), never recomputed.
        closing = closing_in_force(year=year, plan=None if all_plans else plans[0], period=review)
        data = (
            review_of(closing)
            if closing is not None
            else collect_review(
                tasks=tasks, plans=plans, year=year, period=review, multi_plan=all_plans, today=timezone.localdate()
            )
        )
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist.")
        if path.suffix.lower() == ".csv":
            with path.open("w", encoding="utf-8", newline="") as out:
                rows = write_tasks_csv(data, out)
        else:
            with path.open("wb") as out:
                rows = write_review_xlsx(data, out)["tasks"]
        audit_record(
            action=AuditAction.EXPORT,
            target=path.name,
            detail=f"export_review: {data.scope_label}; {review.label}; {rows} tasks",
            username="manage.py export_review",
        )
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {path} ({rows} tasks, {review.label}, cut-off {format_date(review.cutoff)}).")
        )
