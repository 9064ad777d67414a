"""Deadlines as plans write them ("Quý II", "Trước ngày 15/12/2023", "Thường xuyên")
turned into a date, keeping the text as written. See docs/DOMAIN.md, "Deadlines as written"."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from cchc.dates import end_of_month
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
    # Written, but not a fixed date ("Theo quy định", "Khi có yêu cầu"): no deadline.
    open_ended: bool = False


def _fold(text: str) -> str:
    """Lower-case, without diacritics (đ → d), single spaces."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text).strip().lower()


def _year_or(match_year: str | None, default: int) -> int:
    if not match_year:
        return default
    year = int(match_year)
    return year + 2000 if year < 100 else year


_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?")
# No fixed date: the task is done when a rule, the work or a request says so.
_OPEN_ENDED = re.compile(
    r"^(?:theo (?:quy dinh|tien do|yeu cau|chi dao|ke hoach|lo trinh|huong dan|van ban|thong bao|thuc te|de an)"
    r"|khi co (?:yeu cau|chi dao|van ban|huong dan|quyet dinh)|ngay sau khi|sau khi)\b"
)
# Every quarter / month / half-year: recurring, the next such deadline.
_EVERY = {
    "hang quy": 3,
    "dinh ky hang quy": 3,
    "hang thang": 1,
    "dinh ky hang thang": 1,
    "6 thang/lan": 6,
    "dinh ky 6 thang": 6,
    "hang 6 thang": 6,
}
_YEARLY = {"thuong xuyen", "hang nam thuong xuyen", "hang nam", "dinh ky", "dinh ky hang nam", "thuong xuyen hang nam"}
# A range or a list of periods: the end (the last) counts.
_RANGE = re.compile(r"^(?:tu )?(?P<first>.+?)\s*(?:\s-\s|-|–|—|\sden\s|\stoi\s|,|\sva\s)\s*(?P<last>.+)$")

ACCEPTED = (
    "15/12/{year}, Trước ngày 15/12/{year}, Tháng 9, Quý II, Quý II - Quý III, Tháng 6 - 9/{year}, "
    "6 tháng đầu năm, 6 tháng cuối năm, Năm {year}, Thường xuyên, Hằng quý, Hằng tháng, "
    "Theo quy định, Khi có yêu cầu"
)


def _next_end(every: int, year: int, today: datetime.date | None) -> datetime.date:
    """The end of the first period of `every` months of the plan year not yet over at `today`
    (the year's first one before the year starts, its last one after it ends)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    day = min(max(today or start, start), end)
    month = ((day.month - 1) // every + 1) * every
    return end_of_month(year, month)


def parse_deadline(value: object, *, year: int, today: datetime.date | None = None) -> Deadline:
    """Read a deadline cell. `year` is the plan year, used when the text has none; `today`
    places the next deadline of a task repeated every quarter or month (default: the year's
    first)."""
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
    try:
        return _single(folded, text, year=year, today=today)
    except DeadlineError:
        pass
    m = _RANGE.match(folded)
    if m is None:
        raise DeadlineError(text)
    first = _single(m.group("first"), text, year=year, today=today)
    last_text = m.group("last")
    try:
        last = _single(last_text, text, year=year, today=today)
    except DeadlineError:
        # "Tháng 6 - 9/2025", "Quý II - III": the end repeats the start's word.
        word = re.match(r"^(thang|quy) ", _normalise(m.group("first")))
        if word is None:
            raise
        last = _single(f"{word.group(1)} {last_text}", text, year=year, today=today)
    if first.date is None or last.date is None or first.recurring or last.recurring or last.date < first.date:
        raise DeadlineError(text)
    return last


def _normalise(folded: str) -> str:
    # "Trong tháng 9", "Trong quý II" mean the same as "Tháng 9", "Quý II".
    folded = re.sub(r"^(?:trong|cuoi|het) (thang|quy) ", r"\1 ", folded)
    # "Quý II - 2023", "Tháng 9-2023" write the year after a dash.
    folded = re.sub(r"^(thang \d{1,2}|quy [iv\d]+)\s*-\s*(\d{4})$", r"\1/\2", folded)
    # "Ngày 30 tháng 6 năm 2023" → "30/6/2023"
    return re.sub(
        r"(\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?$", lambda m: "/".join(g for g in m.groups() if g), folded
    )


def _single(folded: str, text: str, *, year: int, today: datetime.date | None) -> Deadline:
    """One period or day, folded; raises DeadlineError for anything else."""
    folded = _normalise(folded.strip(" .,;"))
    if _OPEN_ENDED.match(folded):
        return Deadline(None, text, open_ended=True)
    if folded in _EVERY:
        return Deadline(_next_end(_EVERY[folded], year, today), text, recurring=True)
    if folded in _YEARLY or folded.startswith("thuong xuyen"):
        return Deadline(datetime.date(year, 12, 31), text, recurring=True)
    if folded in {"ca nam", "trong nam", "nam", "het nam", "cuoi nam", "ca nam " + str(year)} or re.fullmatch(
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
        return Deadline(end_of_month(_year_or(m.group(2), year), quarter * 3), text)
    if m := re.fullmatch(r"thang (\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?", folded):
        month = int(m.group(1))
        if not 1 <= month <= 12:
            raise DeadlineError(text)
        return Deadline(end_of_month(_year_or(m.group(2), year), month), text)

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
