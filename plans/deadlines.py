"""Deadlines as plans write them ("Quý II", "Trước ngày 15/12/2023", "Thường xuyên")
turned into a date, keeping the text as written. See docs/DOMAIN.md, "Deadlines as written"."""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass

from cchc.formatting import format_date

ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Real exports use 01/01/1970 to mean "no deadline".
NO_DEADLINE_SENTINEL = datetime.date(1970, 1, 1)


class DeadlineError(ValueError):
    """The text is not a deadline form we can read; callers report it, never guess."""


@dataclass(frozen=True)
class Deadline:
    date: datetime.date | None
    text: str
    recurring: bool = False


def _fold(text: str) -> str:
    """Lower-case, without diacritics (đ → d), single spaces."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text).strip().lower()


def _end_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _year_or(match_year: str | None, default: int) -> int:
    if not match_year:
        return default
    year = int(match_year)
    return year + 2000 if year < 100 else year


_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?")


def parse_deadline(value: object, *, year: int) -> Deadline:
    """Read a deadline cell. `year` is the plan year, used when the text has none."""
    if value is None:
        return Deadline(None, "")
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        if value == NO_DEADLINE_SENTINEL:
            return Deadline(None, "")
        return Deadline(value, format_date(value))

    text = re.sub(r"\s+", " ", str(value)).strip()
    if not text:
        return Deadline(None, "")
    # A trailing full stop or comma is punctuation, not part of the form ("Quý II.").
    folded = _fold(text).rstrip(" .,;")
    # "Trong tháng 9", "Trong quý II" mean the same as "Tháng 9", "Quý II".
    folded = re.sub(r"^trong (thang|quy) ", r"\1 ", folded)
    # "Quý II - 2023", "Tháng 9-2023" write the year after a dash.
    folded = re.sub(r"^(thang \d{1,2}|quy [iv\d]+)\s*-\s*(\d{4})$", r"\1/\2", folded)
    # "Ngày 30 tháng 6 năm 2023" → "30/6/2023"
    folded = re.sub(
        r"(\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?$", lambda m: "/".join(g for g in m.groups() if g), folded
    )

    if folded in {"thuong xuyen", "hang nam thuong xuyen", "hang nam", "hang thang", "hang quy"} or folded.startswith(
        "thuong xuyen"
    ):
        return Deadline(datetime.date(year, 12, 31), text, recurring=True)
    if folded in {"ca nam", "trong nam", "nam", "ca nam " + str(year)} or re.fullmatch(
        r"(ca |trong )?nam (\d{4})", folded
    ):
        m = re.search(r"(\d{4})", folded)
        return Deadline(datetime.date(_year_or(m.group(1) if m else None, year), 12, 31), text)
    if m := re.fullmatch(r"6 thang (dau nam|dau)(?: (\d{4}))?", folded):
        return Deadline(datetime.date(_year_or(m.group(2), year), 6, 30), text)
    if m := re.fullmatch(r"6 thang cuoi nam(?: (\d{4}))?", folded):
        return Deadline(datetime.date(_year_or(m.group(1), year), 12, 31), text)
    if m := re.fullmatch(r"quy (iv|iii|ii|i|[1-4])(?:\s*(?:/|nam)\s*(\d{4}))?", folded):
        quarter = ROMAN_QUARTERS[m.group(1)]
        return Deadline(_end_of_month(_year_or(m.group(2), year), quarter * 3), text)
    if m := re.fullmatch(r"thang (\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?", folded):
        month = int(m.group(1))
        if not 1 <= month <= 12:
            raise DeadlineError(text)
        return Deadline(_end_of_month(_year_or(m.group(2), year), month), text)

    # "dd/mm/yyyy", "Trước ngày 15/12/2023", "Trước 15/12", "Ngày 30/6"
    stripped = re.sub(r"^(truoc|den|cham nhat|hoan thanh truoc)?\s*(ngay)?\s*", "", folded)
    if m := _DATE.fullmatch(stripped):
        try:
            day = datetime.date(_year_or(m.group(3), year), int(m.group(2)), int(m.group(1)))
        except ValueError as exc:
            raise DeadlineError(text) from exc
        if day == NO_DEADLINE_SENTINEL:
            return Deadline(None, "")
        return Deadline(day, text)
    raise DeadlineError(text)
