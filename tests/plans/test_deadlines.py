import datetime

import pytest

from plans.deadlines import Deadline, DeadlineError, parse_deadline

D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected", "recurring"),
    [
        ("Quý I", D(2023, 3, 31), False),
        ("Quý II", D(2023, 6, 30), False),
        ("quý iv", D(2023, 12, 31), False),
        ("Quý II/2024", D(2024, 6, 30), False),
        ("Tháng 9", D(2023, 9, 30), False),
        ("Tháng 2", D(2023, 2, 28), False),
        ("Tháng 9/2023", D(2023, 9, 30), False),
        ("Trước ngày 15/12/2023", D(2023, 12, 15), False),
        ("Trước ngày 15/12", D(2023, 12, 15), False),
        ("30/6/2023", D(2023, 6, 30), False),
        ("6 tháng đầu năm", D(2023, 6, 30), False),
        ("Năm 2023", D(2023, 12, 31), False),
        ("Cả năm", D(2023, 12, 31), False),
        ("Thường xuyên", D(2023, 12, 31), True),
        ("THƯỜNG XUYÊN", D(2023, 12, 31), True),
    ],
)
def test_deadline_texts_become_dates_and_keep_the_text(text, expected, recurring):
    deadline = parse_deadline(text, year=2023)
    assert deadline.date == expected
    assert deadline.recurring is recurring
    assert deadline.text == text


def test_date_cells_and_the_1970_sentinel():
    assert parse_deadline(D(2023, 5, 15), year=2023).date == D(2023, 5, 15)
    assert parse_deadline(datetime.datetime(2023, 5, 15, 0, 0), year=2023).date == D(2023, 5, 15)
    assert parse_deadline(D(1970, 1, 1), year=2023).date is None
    assert parse_deadline("01/01/1970", year=2023).date is None
    assert parse_deadline("", year=2023).date is None


@pytest.mark.parametrize("text", ["Sớm", "Tháng 13", "31/02/2023", "Quý V"])
def test_unreadable_deadlines_raise_instead_of_guessing(text):
    with pytest.raises(DeadlineError):
        parse_deadline(text, year=2023)


@pytest.mark.parametrize(
    ("text", "expected", "recurring"),
    [
        ("Quý II/2023", D(2023, 6, 30), False),
        ("Quý II năm 2023", D(2023, 6, 30), False),
        ("Quý II - 2023", D(2023, 6, 30), False),
        ("Trong quý III", D(2023, 9, 30), False),
        ("Tháng 9-2023", D(2023, 9, 30), False),
        ("Trong tháng 9", D(2023, 9, 30), False),
        ("Tháng 12/2024", D(2024, 12, 31), False),
        ("Năm 2024", D(2024, 12, 31), False),
        ("Trước ngày 15/12/2023.", D(2023, 12, 15), False),
        ("Trước ngày 30 tháng 6", D(2023, 6, 30), False),
        ("Ngày 30 tháng 6 năm 2024", D(2024, 6, 30), False),
        ("Hằng năm", D(2023, 12, 31), True),
        ("Thường xuyên, hằng năm", D(2023, 12, 31), True),
    ],
)
def test_wordings_seen_in_real_appendices(text, expected, recurring):
    deadline = parse_deadline(text, year=2023)
    assert (deadline.date, deadline.recurring, deadline.text) == (expected, recurring, text)


@pytest.mark.parametrize(
    "text", ["Trước quý III", "2023", "Tháng 9/23x", "30 tháng 13", "Quý III - Quý II", "Sớm - Quý II", "Quý II - sớm"]
)
def test_ambiguous_wordings_are_errors_too(text):
    with pytest.raises(DeadlineError):
        parse_deadline(text, year=2023)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quý II - Quý III", D(2023, 9, 30)),
        ("Quý II – Quý III", D(2023, 9, 30)),
        ("Quý II-III", D(2023, 9, 30)),
        ("Quý II đến Quý IV", D(2023, 12, 31)),
        ("Từ quý II đến quý IV", D(2023, 12, 31)),
        ("Quý II, III", D(2023, 9, 30)),
        ("Quý III và Quý IV", D(2023, 12, 31)),
        ("Tháng 6 - 9/2023", D(2023, 9, 30)),
        ("Tháng 6 - tháng 9", D(2023, 9, 30)),
        ("Từ tháng 3 đến tháng 6 năm 2023", D(2023, 6, 30)),
        ("01/3 - 30/6/2023", D(2023, 6, 30)),
        ("Quý IV/2023 - Quý I/2024", D(2024, 3, 31)),
        ("Từ Quý II đến hết năm", D(2023, 12, 31)),
    ],
)
def test_ranges_and_lists_take_their_end(text, expected):
    deadline = parse_deadline(text, year=2023)
    assert (deadline.date, deadline.recurring, deadline.open_ended, deadline.text) == (expected, False, False, text)


@pytest.mark.parametrize(
    "text", ["Theo quy định", "Theo tiến độ", "Khi có yêu cầu", "Theo chỉ đạo", "Theo yêu cầu", "Theo kế hoạch"]
)
def test_no_fixed_date_keeps_the_text_and_has_no_deadline(text):
    assert parse_deadline(text, year=2023) == Deadline(None, text, open_ended=True)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("Hằng quý", D(2023, 5, 10), D(2023, 6, 30)),
        ("Hàng quý", D(2023, 6, 30), D(2023, 6, 30)),
        ("Định kỳ hằng quý", D(2023, 7, 1), D(2023, 9, 30)),
        ("Hằng tháng", D(2023, 2, 3), D(2023, 2, 28)),
        # before the plan year: its first period; after it: its last
        ("Hằng quý", D(2022, 12, 20), D(2023, 3, 31)),
        ("Hằng tháng", D(2024, 3, 1), D(2023, 12, 31)),
        ("Hằng quý", None, D(2023, 3, 31)),
        ("Định kỳ 6 tháng", D(2023, 8, 1), D(2023, 12, 31)),
    ],
)
def test_every_quarter_or_month_is_recurring_with_its_next_deadline(text, today, expected):
    assert parse_deadline(text, year=2023, today=today) == Deadline(expected, text, recurring=True)
