"""The workbook opens in LibreOffice: converted headless, its SUM totals computed."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import subprocess

import pytest

from demo.services import demo_load
from figures.models import PeriodKind
from reports import exports
from tasks.models import Task

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice/libreoffice) is not installed on this machine")
def test_libreoffice_opens_the_workbook_and_computes_the_totals(tmp_path):
    plan = demo_load(today=datetime.date(2026, 11, 22), force=True).plan
    period = exports.review_period(
        year=2026, kind=PeriodKind.CUSTOM, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30)
    )
    data = exports.collect_review(tasks=Task.objects.filter(plan=plan), plans=[plan], year=2026, period=period)
    source = tmp_path / "review.xlsx"
    with source.open("wb") as out:
        exports.write_review_xlsx(data, out)
    # The first sheet as CSV (UTF-8): what LibreOffice computed and shows.
    result = subprocess.run(  # noqa: S603 -- fixed arguments, the soffice found on PATH
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    converted = (tmp_path / "out" / "review.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(converted)))
    total = next(row for row in rows if row and row[0] == "Tổng cộng")
    assert sum(int(v) for v in total[2:4]) == 40 and int(total[1]) == 77
    assert "Hoàn thành 40/77 nhiệm vụ, đạt 51,95%" in converted
