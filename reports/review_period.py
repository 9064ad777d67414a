"""Which period a period report (báo cáo quý I, sơ kết 6 tháng, quý III, tổng kết năm, or a
custom range) covers: its data window, its cut-off (the as-of date of every figure), and the
names the report and its file take from it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cchc.formatting import format_date
from figures.models import PeriodKind, ReportingPeriod
from figures.services import period_get_or_create


@dataclass(frozen=True)
class ReviewPeriod:
    """What the report covers: a data window and its cut-off (the as-of date of every figure)."""

    year: int
    kind: str
    start: datetime.date
    cutoff: datetime.date
    reporting_period: ReportingPeriod | None = None

    @property
    def label(self) -> str:
        """The period in a sentence: "6 tháng năm 2026", "từ 01/01/2026 đến 30/06/2026"."""
        if self.kind == PeriodKind.CUSTOM:
            return _("từ %(start)s đến %(end)s") % {"start": format_date(self.start), "end": format_date(self.cutoff)}
        if self.kind == PeriodKind.YEAR:
            return _("năm %(year)s") % {"year": self.year}
        return _("%(kind)s năm %(year)s") % {"kind": PeriodKind(self.kind).label, "year": self.year}

    @property
    def title(self) -> str:
        """The report's name as the agency writes it."""
        titles = {
            PeriodKind.Q1: _("Báo cáo công tác cải cách hành chính quý I năm %(year)s"),
            PeriodKind.H1: _("Báo cáo sơ kết 6 tháng công tác cải cách hành chính năm %(year)s"),
            PeriodKind.Q3: _("Báo cáo công tác cải cách hành chính quý III năm %(year)s"),
            PeriodKind.YEAR: _("Báo cáo tổng kết công tác cải cách hành chính năm %(year)s"),
        }
        if self.kind in titles:
            return titles[self.kind] % {"year": self.year}
        return _("Báo cáo công tác cải cách hành chính %(period)s") % {"period": self.label}

    @property
    def file_stem(self) -> str:
        """The ASCII name of the file: so-ket-6-thang-2026."""
        stems = {
            PeriodKind.Q1: f"bao-cao-quy-1-{self.year}",
            PeriodKind.H1: f"so-ket-6-thang-{self.year}",
            PeriodKind.Q3: f"bao-cao-quy-3-{self.year}",
            PeriodKind.YEAR: f"tong-ket-nam-{self.year}",
        }
        return stems.get(self.kind) or f"bao-cao-{self.start:%d%m%Y}-{self.cutoff:%d%m%Y}"


def review_period(
    *, year: int, kind: str, start: datetime.date | None = None, end: datetime.date | None = None
) -> ReviewPeriod:
    """The standard period of a year with its (editable) dates from figures.ReportingPeriod —
    created with the default dates of 581/BNV-CCHC the first time — or a custom range (whose
    appendix figures are those of a custom ReportingPeriod with exactly these dates, if any)."""
    if kind == PeriodKind.CUSTOM:
        if start is None or end is None or start > end:
            raise ValueError("A custom period needs a start on or before its end")
        stored = ReportingPeriod.objects.filter(kind=PeriodKind.CUSTOM, start=start, cutoff=end).order_by("pk").first()
        return ReviewPeriod(year=year, kind=kind, start=start, cutoff=end, reporting_period=stored)
    period = period_get_or_create(year=year, kind=kind)
    return ReviewPeriod(year=year, kind=kind, start=period.start, cutoff=period.cutoff, reporting_period=period)
