"""The workbook opens in LibreOffice: converted headless, its SUM totals computed."""

from __future__ import annotations

import csv
import datetime
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from demo.services import demo_load
from figures.models import PeriodKind
from reports.review_data import collect_review
from reports.review_period import review_period
from reports.xlsx_writer import write_review_xlsx
from tasks.models import Task

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _demo_review(tmp_path, period):
    """The demo plan's six-month review written to tmp_path/review.xlsx."""
    plan = demo_load(today=datetime.date(2026, 11, 22), force=True).plan
    data = collect_review(tasks=Task.objects.filter(plan=plan), plans=[plan], year=2026, period=period)
    source = tmp_path / "review.xlsx"
    with source.open("wb") as out:
        write_review_xlsx(data, out)
    return source


def _convert(tmp_path, source, target: str):
    """LibreOffice, headless, converts `source` to `target` in tmp_path/out."""
    result = subprocess.run(  # noqa: S603 -- fixed arguments, the soffice found on PATH
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice/libreoffice) is not installed on this machine")
def test_libreoffice_opens_the_workbook_and_computes_the_totals(tmp_path):
    period = review_period(
        year=2026, kind=PeriodKind.CUSTOM, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30)
    )
    source = _demo_review(tmp_path, period)
    # The first sheet as CSV (UTF-8): what LibreOffice computed and shows.
    _convert(tmp_path, source, "csv:Text - txt - csv (StarCalc):44,34,76,1")
    converted = (tmp_path / "out" / "review.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(converted)))
    total = next(row for row in rows if row and row[0] == "Tổng cộng")
    assert sum(int(v) for v in total[2:4]) == 41 and int(total[1]) == 77
    assert "Hoàn thành 41/77 nhiệm vụ, đạt 53,25%" in converted


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice/libreoffice) is not installed on this machine")
def test_libreoffice_keeps_the_row_heights_of_wrapped_text(tmp_path):
    """LibreOffice does not fit rows to wrapped text when it opens a file: the heights the export
    gives each row (written with the row, not kept per sheet) are the ones it uses."""
    source = _demo_review(tmp_path, review_period(year=2026, kind=PeriodKind.H1))
    _convert(tmp_path, source, "xlsx")
    ours = load_workbook(source)["Chi tiết nhiệm vụ"]
    theirs = load_workbook(tmp_path / "out" / "review.xlsx")["Chi tiết nhiệm vụ"]
    tall = [row for row in range(5, ours.max_row + 1) if ours.row_dimensions[row].height]
    assert len(tall) > 10
    for row in tall:  # LibreOffice stores heights in its own units: within a point
        assert abs(theirs.row_dimensions[row].height - ours.row_dimensions[row].height) < 1, row
