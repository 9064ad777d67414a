import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cchc.formatting import parse_date
from planning import selectors, services
from planning.import_diff import report_lines
from planning.unit_matching import match_issuer
from plans.models import Plan
from units.models import Unit


def _date(value: str) -> datetime.date:
    try:
        return parse_date(value)
    except ValueError as exc:
        raise CommandError(f"--issued-on must be dd/mm/yyyy, not {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Import a plan's task table from its appendix (.xlsx or .docx). Prints what it read, the changes "
        "against a plan already stored under the same number, every error and warning; exits non-zero on errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the .xlsx workbook")
        parser.add_argument("--number", help="document number, e.g. 125/KH-UBND (default: the file's title rows)")
        parser.add_argument("--year", type=int, help="plan year, for deadlines without one (default: from the file)")
        parser.add_argument("--issuer", help="code of the issuing unit (default: that of the plan with this number)")
        parser.add_argument("--title", default="", help="default: the workbook's title row")
        parser.add_argument("--issued-on", type=_date, help="issue date, dd/mm/yyyy")
        parser.add_argument("--user", help="username recorded as having imported the plan")
        parser.add_argument("--dry-run", action="store_true", help="read and report only; write nothing")
        parser.add_argument("--create-units", action="store_true", help="create units the catalogue lacks")
        parser.add_argument("--update", action="store_true", help="update the plan already stored under this number")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        number = " ".join((options["number"] or "").split())
        year = options["year"]
        if not (number and year and options["issuer"]):
            # "(Kèm theo Kế hoạch số 15/KH-UBND ngày 08/01/2025 của UBND tỉnh)" above the table.
            with path.open("rb") as source:
                parsed = services.plan_import_check(source=source, number="", year=year, issuing_unit=None).parsed
            number = number or parsed.header.number
            year = year or parsed.year
            if not options["issuer"] and not options["number"] and parsed.header.issuer:
                unit_id = match_issuer(parsed.header.issuer, selectors.unit_index())
                options["issuer"] = Unit.objects.filter(pk=unit_id).values_list("code", flat=True).first()
        if not number or not year:
            raise CommandError("--number and --year are required: the file's title rows do not give them")
        options["year"] = year
        issuer = self._issuer(options["issuer"], number)
        user = self._user(options["user"])
        create_units = options["create_units"]

        with path.open("rb") as source:
            check = services.plan_import_check(source=source, number=number, year=options["year"], issuing_unit=issuer)
        for line in report_lines(check.parsed, check.diff, create_units=create_units):
            self.stdout.write(line)
        errors = check.parsed.blocking_errors(create_units=create_units)
        if errors:
            raise CommandError(f"{len(errors)} error(s); nothing was written.")
        if check.existing is not None and not options["update"]:
            raise CommandError(f"Plan {check.existing.number} already exists; use --update to update it.")
        if options["dry_run"]:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
            return

        with path.open("rb") as source:
            try:
                result = services.plan_import_apply(
                    source=source,
                    number=number,
                    year=options["year"],
                    issuing_unit=issuer,
                    by=user,
                    title=options["title"],
                    issued_on=options["issued_on"],
                    create_units=create_units,
                    update_existing=options["update"],
                    file_name=path.name,
                )
            except services.PlanImportError as exc:
                raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Plan {result.plan.number} (id {result.plan.pk}): {result.created} added, {result.updated} changed, "
                f"{result.removed} removed, {len(result.units_created)} unit(s) created."
            )
        )

    def _issuer(self, code: str | None, number: str) -> Unit:
        if code:
            unit = Unit.objects.filter(code__iexact=code).first()
            if unit is None:
                raise CommandError(f"No unit with code {code!r}")
            return unit
        plans = list(Plan.objects.filter(number__iexact=number).select_related("issuing_unit")[:2])
        if len(plans) == 1:
            return plans[0].issuing_unit
        raise CommandError("--issuer is required (unit code of the issuing unit)")

    def _user(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}")
        return user
