"""Reading a criteria set from a workbook in the shape provinces publish it (docs/DOMAIN.md,
"PAR INDEX"): STT | Nội dung | Điểm tối đa | Cách chấm | Tài liệu kiểm chứng. Pure: grids in,
rows and errors out; parindex/services.py saves them. The file is opened with the plan import's
bounded reader (planning/import_files.py), so an upload cannot pin a worker.

The STT gives the level: "1" (or a Roman numeral "I") is an area, "1.1" a criterion, "1.1.4" a
sub-criterion. Every error names the sheet, the row and the column, and one error means nothing
is saved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from planning.import_files import open_appendix
from planning.import_sheet import Sheet, cell_text, one_line
from planning.unit_matching import fold

from .models import Level

STT, CONTENT, MAX, METHOD, EVIDENCE = "stt", "content", "max", "method", "evidence"
_HEADERS = [
    (STT, re.compile(r"^(stt|tt|so tt|so thu tu)\.?$")),
    (MAX, re.compile(r"diem toi da|diem chuan|thang diem")),
    (METHOD, re.compile(r"cach cham|phuong phap|huong dan cham|cach tinh")),
    (EVIDENCE, re.compile(r"tai lieu kiem chung|kiem chung")),
    (CONTENT, re.compile(r"noi dung|tieu chi|linh vuc")),
]
_REQUIRED = (STT, CONTENT, MAX)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_NUMBERED = re.compile(r"^\d{1,2}(\.\d{1,2}){0,2}$")
LEVELS = {1: Level.AREA, 2: Level.CRITERION, 3: Level.SUB}
MAX_ROWS = 1000


@dataclass
class ParsedRow:
    stt: str
    level: str
    content: str
    max_points: Decimal
    method: str = ""
    evidence: str = ""
    parent_stt: str | None = None
    row: int = 0


@dataclass
class ParsedSet:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((r.max_points for r in self.rows if r.level == Level.AREA), Decimal(0))


def _where(sheet: str, row: int, column: int | None = None) -> str:
    if column is None:
        return _("Trang “%(sheet)s”, dòng %(row)s") % {"sheet": sheet, "row": row}
    return _("Trang “%(sheet)s”, dòng %(row)s, cột %(col)s") % {
        "sheet": sheet,
        "row": row,
        "col": _column_letter(column),
    }


def _column_letter(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def normalise_stt(text: str) -> str | None:
    """ "1.1.4", "1.1.4." and "I" → "1.1.4", "1.1.4", "1"; None when not an STT."""
    text = text.strip().rstrip(".").upper()
    if text in _ROMAN:
        return str(_ROMAN[text])
    if _NUMBERED.match(text):
        return text
    return None


def stt_key(stt: str) -> tuple[int, ...]:
    """Rows sort by their STT read as numbers: 1.1.9 before 1.1.10, area 2 before area 10."""
    return tuple(int(part) if part.isdigit() else 0 for part in stt.split("."))


def parse_points(value: object) -> Decimal | None:
    """0.25, "0,25", "−0,5", "1 điểm" → Decimal; None when the cell is not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(str(round(float(value), 2)))
    text = fold(str(value)).replace("diem", "").replace("−", "-").replace("–", "-").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) > 1000 or number != number.quantize(Decimal("0.01")):
        return None
    return number


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    for r in range(1, min(len(sheet.rows), 30) + 1):
        columns: dict[str, int] = {}
        for col, value in enumerate(sheet.rows[r - 1]):
            folded = fold(cell_text(value)).strip(" .:*")
            for name, pattern in _HEADERS:
                if folded and pattern.search(folded):
                    columns.setdefault(name, col)
                    break
        if all(name in columns for name in _REQUIRED):
            return r, columns
    return None


def parse_sheet(sheet: Sheet) -> ParsedSet:
    parsed = ParsedSet()
    found = _find_header(sheet)
    if found is None:
        parsed.errors.append(
            _("Trang “%(sheet)s”: không thấy dòng tiêu đề có các cột STT, Nội dung, Điểm tối đa.")
            % {"sheet": sheet.title}
        )
        return parsed
    header, columns = found
    seen: dict[str, ParsedRow] = {}
    for r in range(header + 1, len(sheet.rows) + 1):
        values = sheet.rows[r - 1]
        stt_text = cell_text(values[columns[STT]])
        content = one_line(cell_text(values[columns[CONTENT]]))
        if not stt_text and not content:
            continue
        if re.fullmatch(r"\(?\d{1,2}\)?", stt_text) and re.fullmatch(r"\(?\d{1,2}\)?", content):
            continue  # a row numbering the columns: (1) (2) (3)…
        stt = normalise_stt(stt_text)
        if stt is None:
            parsed.errors.append(
                _("%(where)s: STT “%(stt)s” không đúng dạng (I, 1, 1.1 hoặc 1.1.4).")
                % {"where": _where(sheet.title, r, columns[STT]), "stt": stt_text}
            )
            continue
        if stt in seen:
            parsed.errors.append(
                _("%(where)s: STT %(stt)s trùng với dòng %(other)s.")
                % {"where": _where(sheet.title, r, columns[STT]), "stt": stt, "other": seen[stt].row}
            )
            continue
        if not content:
            parsed.errors.append(_("%(where)s: thiếu nội dung.") % {"where": _where(sheet.title, r, columns[CONTENT])})
            continue
        raw_max = values[columns[MAX]]
        points = parse_points(raw_max)
        if points is None:
            parsed.errors.append(
                _("%(where)s: điểm tối đa “%(value)s” không phải là số (ví dụ 2 hoặc 0,25).")
                % {"where": _where(sheet.title, r, columns[MAX]), "value": cell_text(raw_max)}
            )
            continue
        depth = stt.count(".") + 1
        parent = stt.rsplit(".", 1)[0] if depth > 1 else None
        if parent is not None and parent not in seen:
            parsed.errors.append(
                _("%(where)s: dòng %(stt)s nằm dưới %(parent)s nhưng chưa có dòng %(parent)s phía trên.")
                % {"where": _where(sheet.title, r, columns[STT]), "stt": stt, "parent": parent}
            )
            continue
        row = ParsedRow(
            stt=stt,
            level=LEVELS[depth],
            content=content,
            max_points=points,
            method=cell_text(values[columns[METHOD]]) if METHOD in columns else "",
            evidence=cell_text(values[columns[EVIDENCE]]) if EVIDENCE in columns else "",
            parent_stt=parent,
            row=r,
        )
        seen[stt] = row
        parsed.rows.append(row)
    _check_sums(parsed, sheet.title, columns[MAX])
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(_("Trang “%(sheet)s”: không có dòng tiêu chí nào.") % {"sheet": sheet.title})
    return parsed


def _check_sums(parsed: ParsedSet, title: str, column: int) -> None:
    """A row with children must carry the sum of its children's maximums (deductions aside)."""
    children: dict[str, Decimal] = {}
    for row in parsed.rows:
        if row.parent_stt is not None and row.max_points > 0:
            children[row.parent_stt] = children.get(row.parent_stt, Decimal(0)) + row.max_points
    for row in parsed.rows:
        if row.stt in children and children[row.stt] != row.max_points:
            parsed.errors.append(
                _("%(where)s: điểm tối đa của %(stt)s là %(max)s nhưng các dòng thành phần cộng lại %(sum)s.")
                % {
                    "where": _where(title, row.row, column),
                    "stt": row.stt,
                    "max": _plain(row.max_points),
                    "sum": _plain(children[row.stt]),
                }
            )


def _plain(value: Decimal) -> str:
    from cchc.formatting import points

    return points(value)


def parse_workbook(source) -> ParsedSet:
    """The first sheet that has a criteria table; every error of the file otherwise."""
    opened = open_appendix(source, max_rows=MAX_ROWS)
    result = ParsedSet()
    for title, message in opened.errors:
        result.errors.append(f"{title}: {message}" if title else message)
    if opened.errors:
        return result
    if opened.kind != "xlsx":
        result.errors.append(_("Bộ tiêu chí nhập từ tệp Excel (.xlsx)."))
        return result
    first_errors: list[str] = []
    for sheet in opened.sheets:
        parsed = parse_sheet(sheet)
        if parsed.rows:
            return parsed
        first_errors = first_errors or parsed.errors
    result.errors.extend(first_errors or [_("Tệp không có trang nào.")])
    return result


# ---------------------------------------------------------------- survey results

_SURVEY_HEADERS = [
    ("unit", re.compile(r"^(ma don vi|ma dv|don vi)$")),
    (STT, re.compile(r"^(stt|tt|tieu chi)\.?$")),
    ("points", re.compile(r"^(diem|diem dieu tra|diem xhh|ket qua)$")),
]


@dataclass
class ParsedSurvey:
    """{unit code: {row STT: points}} read from the survey's workbook, or what is wrong."""

    values: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def parse_survey(source, *, stts: set[str], codes: set[str]) -> ParsedSurvey:
    """The survey results as a table Mã đơn vị | STT | Điểm, one row per unit and survey row.
    `stts` are the set's survey rows, `codes` the units assessed."""
    result = ParsedSurvey()
    opened = open_appendix(source, max_rows=MAX_ROWS * 5)
    result.errors.extend(f"{t}: {m}" if t else m for t, m in opened.errors)
    if opened.errors:
        return result
    if opened.kind != "xlsx" or not opened.sheets:
        result.errors.append(_("Kết quả điều tra nhập từ tệp Excel (.xlsx)."))
        return result
    sheet = opened.sheets[0]
    header, columns = 0, {}
    for r in range(1, min(len(sheet.rows), 20) + 1):
        columns = {}
        for col, value in enumerate(sheet.rows[r - 1]):
            folded = fold(cell_text(value)).strip(" .:*")
            for name, pattern in _SURVEY_HEADERS:
                if folded and pattern.search(folded):
                    columns.setdefault(name, col)
        if len(columns) == 3:
            header = r
            break
    if not header:
        result.errors.append(
            _("Trang “%(sheet)s”: không thấy dòng tiêu đề có các cột Mã đơn vị, STT, Điểm.") % {"sheet": sheet.title}
        )
        return result
    for r in range(header + 1, len(sheet.rows) + 1):
        values = sheet.rows[r - 1]
        code = cell_text(values[columns["unit"]]).strip().upper()
        stt_text = cell_text(values[columns[STT]])
        if not code and not stt_text:
            continue
        stt = normalise_stt(stt_text)
        points = parse_points(values[columns["points"]])
        if code not in codes:
            result.errors.append(
                _("%(where)s: đơn vị “%(code)s” không thuộc bộ tiêu chí.")
                % {"where": _where(sheet.title, r, columns["unit"]), "code": code}
            )
        elif stt not in stts:
            result.errors.append(
                _("%(where)s: “%(stt)s” không phải tiêu chí điều tra xã hội học của bộ.")
                % {"where": _where(sheet.title, r, columns[STT]), "stt": stt_text}
            )
        elif points is None:
            result.errors.append(
                _("%(where)s: điểm “%(value)s” không phải là số.")
                % {"where": _where(sheet.title, r, columns["points"]), "value": cell_text(values[columns["points"]])}
            )
        else:
            result.values.setdefault(code, {})[stt] = points
    if not result.values and not result.errors:
        result.errors.append(_("Tệp không có dòng kết quả nào."))
    return result
