"""Reading a plan's task table from the Excel appendix it is published in (docs/DOMAIN.md,
"Plans and their task tables"). Pure: a workbook in, a ParsedPlan and its issues out. Units and
areas come in as already-fetched indexes; nothing here touches the database.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from plans.deadlines import NO_DEADLINE_SENTINEL, Deadline, DeadlineError, parse_deadline

from .unit_matching import Match, UnitIndex, fold, is_generic

# Columns of the task table, with the folded header words that name them, in the order
# they are tried: "Thời hạn hoàn thành nhiệm vụ" is a deadline, not a content column.
NUMBER, CONTENT, OUTPUT, LEAD, COORDINATION, DEADLINE, REMARKS = (
    "number",
    "content",
    "output",
    "lead",
    "coordination",
    "deadline",
    "remarks",
)
_HEADER_PATTERNS = [
    (NUMBER, re.compile(r"^(stt|tt|so tt|so thu tu|thu tu)\.?$")),
    (COORDINATION, re.compile(r"phoi hop")),
    (LEAD, re.compile(r"chu tri")),
    (DEADLINE, re.compile(r"thoi gian|thoi han|tien do|han hoan thanh")),
    (OUTPUT, re.compile(r"san pham|ket qua|hinh thuc van ban")),
    (REMARKS, re.compile(r"ghi chu")),
    (CONTENT, re.compile(r"noi dung|nhiem vu|cong viec")),
]
# "Đơn vị thực hiện" is the lead column only when the table has no "chủ trì" column.
_LEAD_FALLBACK = re.compile(r"(don vi|co quan) thuc hien")
_REQUIRED = (NUMBER, CONTENT, LEAD)
_HEADER_SEARCH_ROWS = 40

_ROMAN = re.compile(r"^(?:phần |mục )?([ivx]{1,5})(?:[.):\-–]\s*|\s+|$)(.*)$", re.IGNORECASE | re.DOTALL)
_TASK_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?$")
# A row "(1) (2) (3)…" or "1 2 3…" numbering the columns under the header.
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}

ERROR, WARNING = "error", "warning"
# Issue kinds the confirmation step can resolve (by creating the units).
UNKNOWN_UNIT = "unknown_unit"

MAX_LENGTHS = {NUMBER: 16, OUTPUT: 500, COORDINATION: 500, DEADLINE: 128}


@dataclass(frozen=True)
class Issue:
    level: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    kind: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    @property
    def where(self) -> str:
        """ "Sheet1!D12", "Sheet1, dòng 12" or "Sheet1" for reports."""
        if self.row and self.column:
            return f"{self.sheet}!{self.column}{self.row}"
        if self.row:
            return _("%(sheet)s, dòng %(row)s") % {"sheet": self.sheet, "row": self.row}
        return self.sheet


@dataclass(frozen=True)
class AreaRow:
    id: int
    code: str
    name: str
    short_name: str = ""


@dataclass
class UnitRef:
    """A unit named in a cell: matched to a unit id, or unknown (created on request)."""

    text: str
    unit_id: int | None = None
    group: str = ""


@dataclass
class ParsedTask:
    sheet: str
    row: int
    number: str
    position: int
    content: str
    expected_output: str = ""
    lead: UnitRef | None = None
    coordinating: list[UnitRef] = field(default_factory=list)
    coordination_text: str = ""
    deadline: Deadline = field(default_factory=lambda: Deadline(None, ""))
    remarks: str = ""
    number_column: str = "A"

    @property
    def is_subtask(self) -> bool:
        return "." in self.number

    @property
    def coordinating_labels(self) -> list[tuple[str, bool]]:
        """(text, known) for display: a group once by its name, other units by name."""
        labels: list[tuple[str, bool]] = []
        groups: dict[str, int] = {}
        for ref in self.coordinating:
            if ref.group:
                groups[ref.group] = groups.get(ref.group, 0) + 1
            else:
                labels.append((ref.text, ref.unit_id is not None))
        named = [(_("%(group)s (%(n)s đơn vị)") % {"group": g, "n": n}, True) for g, n in groups.items()]
        return named + labels

    @property
    def coordination_text_differs(self) -> bool:
        """Whether the cell as written says more than the unit names shown (groups, remarks)."""
        plain = "; ".join(ref.text for ref in self.coordinating if not ref.group)
        return bool(self.coordination_text) and self.coordination_text != plain

    @property
    def coordinating_ids(self) -> list[int]:
        seen: list[int] = []
        for ref in self.coordinating:
            if ref.unit_id is not None and ref.unit_id not in seen:
                seen.append(ref.unit_id)
        return seen


@dataclass
class ParsedArea:
    area: AreaRow
    sheet: str
    row: int
    written_name: str
    tasks: list[ParsedTask] = field(default_factory=list)


@dataclass
class ParsedPlan:
    areas: list[ParsedArea] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    title: str = ""
    # Unknown unit names as written → the cells that name them.
    unknown_units: dict[str, list[str]] = field(default_factory=dict)

    @property
    def tasks(self) -> list[tuple[ParsedArea, ParsedTask]]:
        return [(area, task) for area in self.areas for task in area.tasks]

    @property
    def task_count(self) -> int:
        return sum(len(area.tasks) for area in self.areas)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]

    def blocking_errors(self, *, create_units: bool) -> list[Issue]:
        """Errors that stop the import; unknown units stop it unless they are to be created."""
        return [i for i in self.errors if not (create_units and i.kind == UNKNOWN_UNIT)]


class _Sheet:
    """A worksheet's values as a grid, merged ranges filled down their first column: a lead
    unit or deadline merged over several task rows belongs to each of them."""

    def __init__(self, ws):
        self.title = ws.title
        self.rows: list[list[object]] = [list(r) for r in ws.iter_rows(values_only=True)]
        self.width = max((len(r) for r in self.rows), default=0)
        for row in self.rows:
            row.extend([None] * (self.width - len(row)))
        for merged in ws.merged_cells.ranges:
            value = self.rows[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row, merged.max_row + 1):
                self.rows[r - 1][merged.min_col - 1] = value

    def text(self, row: int, col: int | None) -> str:
        """Cell text, 1-based row, 0-based column; lines kept, spaces tidied."""
        if col is None:
            return ""
        value = self.rows[row - 1][col]
        return _cell_text(value)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in str(value).replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _header_columns(labels: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    fallback_lead = None
    for col, label in enumerate(labels):
        folded = fold(label).strip(" .:*")
        if not folded:
            continue
        for name, pattern in _HEADER_PATTERNS:
            if pattern.search(folded):
                columns.setdefault(name, col)
                break
        else:
            if _LEAD_FALLBACK.search(folded) and fallback_lead is None:
                fallback_lead = col
    if LEAD not in columns and fallback_lead is not None:
        columns[LEAD] = fallback_lead
    return columns


def _find_header(sheet: _Sheet) -> tuple[int, int, dict[str, int]] | None:
    """(first header row, last header row, columns), 1-based rows. A two-row header
    ("Đơn vị thực hiện" over "Chủ trì" | "Phối hợp") is read as one."""
    last = min(len(sheet.rows), _HEADER_SEARCH_ROWS)
    for r in range(1, last + 1):
        labels = [sheet.text(r, c) for c in range(sheet.width)]
        columns = _header_columns(labels)
        if not columns:
            continue
        two_rows = None
        if r < len(sheet.rows):
            combined = [f"{labels[c]} {sheet.text(r + 1, c)}" for c in range(sheet.width)]
            two_rows = _header_columns(combined)
        if all(k in columns for k in _REQUIRED):
            # The row below adds "Chủ trì" | "Phối hợp" under a merged "Đơn vị thực hiện".
            below_is_data = NUMBER in columns and sheet.text(r + 1, columns[NUMBER]) if r < len(sheet.rows) else True
            if two_rows and len(two_rows) > len(columns) and not below_is_data:
                return r, r + 1, two_rows
            return r, r, columns
        if two_rows and all(k in two_rows for k in _REQUIRED):
            return r, r + 1, two_rows
    return None


def _roman_value(numeral: str) -> int:
    total, previous = 0, 0
    for ch in reversed(numeral.lower()):
        value = _ROMAN_VALUES[ch]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def _to_roman(value: int) -> str:
    out = ""
    for number, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out += numeral
            value -= number
    return out


_AREA_ABBREVIATIONS = {
    "cchc": "cai cach hanh chinh",
    "tthc": "thu tuc hanh chinh",
    "cpdt": "chinh phu dien tu",
    "cps": "chinh phu so",
    "cqdt": "chinh phu dien tu",
    "cqs": "chinh phu so",
    "hcnn": "hanh chinh nha nuoc",
}


def _area_name_key(text: str) -> str:
    words = re.sub(r"[^a-z ]+", " ", fold(text)).split()
    key = " ".join(_AREA_ABBREVIATIONS.get(w, w) for w in words)
    # Local plans write "chính quyền điện tử" where ministries write "Chính phủ điện tử".
    return key.replace("chinh quyen", "chinh phu")


class _AreaMatcher:
    """Area rows are matched by their numeral; a name that clearly names another area
    wins over the numeral (a local plan that skips an area) and is reported."""

    def __init__(self, areas: Iterable[AreaRow]):
        self.areas = list(areas)
        self.by_code = {a.code.upper(): a for a in self.areas}

    def similarity(self, written: str, area: AreaRow) -> float:
        key = _area_name_key(written)
        if not key:
            return 0.0
        candidates = (_area_name_key(area.name), _area_name_key(area.short_name))
        return max(difflib.SequenceMatcher(None, key, c).ratio() for c in candidates if c)

    def by_name(self, written: str, *, threshold: float) -> AreaRow | None:
        scored = sorted(((self.similarity(written, a), a.code) for a in self.areas), reverse=True)
        if scored and scored[0][0] >= threshold:
            return self.by_code[scored[0][1].upper()]
        return None


def _column_numbering_row(values: list[str]) -> bool:
    filled = [v for v in values if v]
    return len(filled) >= 3 and all(_COLUMN_NUMBER.match(v) for v in filled)


def parse_workbook(
    source, *, year: int, units: UnitIndex, areas: Iterable[AreaRow], max_rows: int = 5000
) -> ParsedPlan:
    """Read an .xlsx workbook (path or file object) into a ParsedPlan. Never raises on bad
    content: every problem is an Issue naming its sheet, row and column."""
    plan = ParsedPlan()
    try:
        workbook = load_workbook(source, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged or foreign file
        plan.issues.append(Issue(ERROR, _("Không đọc được tệp: tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")))
        return plan
    parser = _Parser(plan, year=year, units=units, areas=_AreaMatcher(areas))
    found_header = False
    for ws in workbook.worksheets:
        if ws.sheet_state != "visible":
            continue
        if ws.max_row > max_rows:
            plan.issues.append(
                Issue(
                    ERROR,
                    _("Trang tính có quá nhiều dòng (%(n)s); tối đa %(max)s.") % {"n": ws.max_row, "max": max_rows},
                    ws.title,
                )
            )
            continue
        sheet = _Sheet(ws)
        header = _find_header(sheet)
        if header is None:
            continue
        found_header = True
        parser.read_sheet(sheet, header)
    if not found_header:
        plan.issues.append(
            Issue(
                ERROR,
                _(
                    "Không tìm thấy dòng tiêu đề của bảng nhiệm vụ (cần các cột “STT”, “Nội dung nhiệm vụ”, "
                    "“Cơ quan chủ trì”) trong %(n)s dòng đầu của trang tính nào."
                )
                % {"n": _HEADER_SEARCH_ROWS},
            )
        )
    elif plan.task_count == 0 and not plan.errors:
        plan.issues.append(Issue(ERROR, _("Bảng không có nhiệm vụ nào.")))
    parser.finish()
    return plan


class _Parser:
    def __init__(self, plan: ParsedPlan, *, year: int, units: UnitIndex, areas: _AreaMatcher):
        self.plan = plan
        self.year = year
        self.units = units
        self.areas = areas
        self.position = 0
        self.seen_numbers: dict[tuple[str, str], int] = {}
        self.seen_content: dict[tuple[str, str], int] = {}
        self.area_by_code: dict[str, ParsedArea] = {}
        self.missing_lead: list[tuple[ParsedTask, str]] = []
        self.columns: dict[str, int] = {}

    def issue(self, level, message, sheet, row=None, col=None, kind=""):
        column = get_column_letter(col + 1) if col is not None else ""
        self.plan.issues.append(Issue(level, message, sheet.title, row, column, kind))

    def read_sheet(self, sheet: _Sheet, header: tuple[int, int, dict[str, int]]) -> None:
        first, last, columns = header
        self.columns = columns
        if not self.plan.title:
            self.plan.title = self._title(sheet, first)
        if DEADLINE not in columns:
            self.issue(WARNING, _("Không có cột thời hạn: các nhiệm vụ được nhập không có thời hạn."), sheet, last)
        current: ParsedArea | None = None
        previous: ParsedTask | None = None
        header_key = [fold(sheet.text(last, c)) for c in range(sheet.width)]
        for r in range(last + 1, len(sheet.rows) + 1):
            values = [sheet.text(r, c) for c in range(sheet.width)]
            if not any(values) or _column_numbering_row(values):
                continue
            if [fold(v) for v in values] == header_key:  # header repeated after a page break
                continue
            number_text = _one_line(values[columns[NUMBER]])
            content = values[columns[CONTENT]]
            area = self._area_row(number_text, _one_line(content))
            if area:
                current = self._area(sheet, r, *area)
                previous = None
                continue
            task_number = _TASK_NUMBER.match(number_text)
            if number_text and not task_number:
                # A row with a unit or a deadline is a task whatever its STT says: never drop it quietly.
                looks_like_task = any(values[columns[k]] for k in (LEAD, DEADLINE) if k in columns)
                self.issue(
                    ERROR if looks_like_task else WARNING,
                    _(
                        "Bỏ qua dòng: “%(text)s” ở cột STT không phải số thứ tự nhiệm vụ (1, 2, 1.1…) "
                        "hay lĩnh vực (I…VII)."
                    )
                    % {"text": number_text[:40]},
                    sheet,
                    r,
                    columns[NUMBER],
                )
                continue
            if not number_text:
                previous = self._unnumbered(sheet, r, values, previous)
                continue
            if current is None:
                self.issue(
                    ERROR,
                    _("Nhiệm vụ %(number)s nằm trước dòng lĩnh vực đầu tiên (I…VII): không biết thuộc lĩnh vực nào.")
                    % {"number": task_number.group(1)},
                    sheet,
                    r,
                    columns[NUMBER],
                )
                continue
            previous = self._task(sheet, r, values, current, task_number.group(1))

    @staticmethod
    def _area_row(number_text: str, content: str) -> tuple[str, str] | None:
        """(numeral, name) of an area row: "I" | "Công tác chỉ đạo…", or "I. CÔNG TÁC…" in
        one merged cell, under STT or under the content column."""
        if number_text:
            m = _ROMAN.match(number_text)
            if m:
                return m.group(1), m.group(2).strip() or content
            return None
        m = _ROMAN.match(content)
        if m and m.group(2).strip():
            return m.group(1), m.group(2).strip()
        return None

    def _title(self, sheet: _Sheet, header_row: int) -> str:
        for r in range(1, header_row):
            for c in range(sheet.width):
                text = _one_line(sheet.text(r, c))
                if fold(text).startswith("ke hoach") and len(text) > 12:
                    # Title rows are set in capitals; a plan's trích yếu is written in sentence case.
                    return (text[0] + text[1:].lower() if text.isupper() else text)[:500]
        return ""

    def _area(self, sheet, r, numeral, written_name) -> ParsedArea | None:
        columns = self.columns
        by_code = self.areas.by_code.get(_to_roman(_roman_value(numeral)))
        by_name = self.areas.by_name(written_name, threshold=0.9 if by_code else 0.8)
        area = by_code
        if by_name and by_name != by_code and (by_code is None or self.areas.similarity(written_name, by_code) < 0.8):
            area = by_name
            if by_code is not None:
                self.issue(
                    WARNING,
                    _("Mục %(numeral)s “%(name)s” được xếp vào lĩnh vực %(code)s theo tên.")
                    % {"numeral": numeral.upper(), "name": written_name[:80], "code": area.code},
                    sheet,
                    r,
                    columns[CONTENT],
                )
        if area is None:
            self.issue(
                ERROR,
                _("Không nhận ra lĩnh vực “%(numeral)s. %(name)s”: không khớp lĩnh vực CCHC nào.")
                % {"numeral": numeral.upper(), "name": written_name[:80]},
                sheet,
                r,
                columns[NUMBER],
            )
            return None
        if area.code in self.area_by_code:
            return self.area_by_code[area.code]  # the same area again (next sheet, page break)
        parsed = ParsedArea(area, sheet.title, r, written_name)
        self.area_by_code[area.code] = parsed
        self.plan.areas.append(parsed)
        return parsed

    def _unnumbered(self, sheet, r, values, previous) -> ParsedTask | None:
        """A row without STT: a line continuing the task above ("- …") when it has only
        content; otherwise a task that lacks its number."""
        columns = self.columns
        others = [values[columns[k]] for k in (LEAD, DEADLINE, OUTPUT) if k in columns]
        content = values[columns[CONTENT]]
        if content and previous is not None and not any(others):
            previous.content = f"{previous.content}\n{content}"
            self.issue(
                WARNING,
                _("Dòng không có STT, chỉ có nội dung: nối vào nhiệm vụ %(number)s ở dòng %(row)s.")
                % {"number": previous.number, "row": previous.row},
                sheet,
                r,
                columns[CONTENT],
            )
            return previous
        if content or any(others):
            self.issue(ERROR, _("Dòng có nội dung nhưng thiếu STT."), sheet, r, columns[NUMBER])
        return previous

    def _task(self, sheet, r, values, area: ParsedArea, number: str) -> ParsedTask | None:
        columns = self.columns
        content = values[columns[CONTENT]]
        if not content:
            self.issue(
                ERROR, _("Nhiệm vụ %(number)s không có nội dung.") % {"number": number}, sheet, r, columns[CONTENT]
            )
            return None
        key = (area.area.code, number)
        if key in self.seen_numbers:
            self.issue(
                ERROR,
                _("Trùng STT %(number)s trong lĩnh vực %(area)s (đã có ở dòng %(row)s).")
                % {"number": number, "area": area.area.code, "row": self.seen_numbers[key]},
                sheet,
                r,
                columns[NUMBER],
            )
            return None
        self.seen_numbers[key] = r
        content_key = (area.area.code, fold(content))
        if content_key in self.seen_content:
            self.issue(
                WARNING,
                _("Nội dung trùng với nhiệm vụ ở dòng %(row)s.") % {"row": self.seen_content[content_key]},
                sheet,
                r,
                columns[CONTENT],
            )
        self.seen_content.setdefault(content_key, r)
        if content.rstrip().endswith(("…", "...")):
            self.issue(WARNING, _("Nội dung có thể bị cắt ngắn (kết thúc bằng “…”)."), sheet, r, columns[CONTENT])

        self.position += 1
        task = ParsedTask(
            sheet.title, r, number, self.position, content, number_column=get_column_letter(columns[NUMBER] + 1)
        )
        task.expected_output = self._short(sheet, r, values, OUTPUT)
        task.remarks = values[columns[REMARKS]] if REMARKS in columns else ""
        task.deadline = self._deadline(sheet, r)
        self._units(sheet, r, values, task)
        area.tasks.append(task)
        return task

    def _short(self, sheet, r, values, name) -> str:
        if name not in self.columns:
            return ""
        text = _one_line(values[self.columns[name]])
        limit = MAX_LENGTHS[name]
        if len(text) > limit:
            self.issue(
                ERROR,
                _("Quá dài (%(n)s ký tự; tối đa %(max)s).") % {"n": len(text), "max": limit},
                sheet,
                r,
                self.columns[name],
            )
            return text[:limit]
        return text

    def _deadline(self, sheet, r) -> Deadline:
        if DEADLINE not in self.columns:
            return Deadline(None, "")
        col = self.columns[DEADLINE]
        raw = sheet.rows[r - 1][col]
        try:
            deadline = parse_deadline(raw, year=self.year)
        except DeadlineError:
            self.issue(
                ERROR,
                _(
                    "Không đọc được thời hạn “%(text)s”. Ghi theo một trong các dạng: 15/12/%(year)s, "
                    "Trước ngày 15/12/%(year)s, Tháng 9, Quý II, 6 tháng đầu năm, Năm %(year)s, Thường xuyên."
                )
                % {"text": _one_line(_cell_text(raw))[:60], "year": self.year},
                sheet,
                r,
                col,
            )
            return Deadline(None, _one_line(_cell_text(raw))[:128])
        if deadline.date is None and _cell_text(raw):
            self.issue(
                WARNING,
                _("Thời hạn %(date)s được hiểu là “không có thời hạn”.")
                % {"date": NO_DEADLINE_SENTINEL.strftime("%d/%m/%Y")},
                sheet,
                r,
                col,
            )
        elif deadline.date and deadline.date.year != self.year:
            self.issue(
                WARNING,
                _("Thời hạn %(date)s nằm ngoài năm kế hoạch %(year)s.")
                % {"date": deadline.date.strftime("%d/%m/%Y"), "year": self.year},
                sheet,
                r,
                col,
            )
        if len(deadline.text) > MAX_LENGTHS[DEADLINE]:
            self.issue(ERROR, _("Thời hạn quá dài."), sheet, r, col)
        return deadline

    def _units(self, sheet, r, values, task: ParsedTask) -> None:
        lead_col = self.columns[LEAD]
        lead_cell = values[lead_col]
        lead_matches = [m for m in self.units.split(lead_cell) if m.text.strip()]
        if not lead_matches:
            # Decided in finish(): a "1" heading its sub-tasks 1.1, 1.2 often has no unit.
            self.missing_lead.append((task, get_column_letter(lead_col + 1)))
        else:
            first, rest = lead_matches[0], lead_matches[1:]
            if first.group:
                self.issue(
                    ERROR,
                    _(
                        "Đơn vị chủ trì là nhóm “%(group)s”: mỗi nhiệm vụ có một đơn vị chủ trì. Ghi đơn vị chủ trì "
                        "cụ thể và đưa nhóm sang cột phối hợp."
                    )
                    % {"group": first.group},
                    sheet,
                    r,
                    lead_col,
                )
            else:
                task.lead = self._ref(sheet, r, lead_col, first)
            if rest:
                self.issue(
                    WARNING,
                    _("Có nhiều đơn vị chủ trì: “%(lead)s” chủ trì, các đơn vị còn lại được ghi là phối hợp.")
                    % {"lead": first.text.strip()},
                    sheet,
                    r,
                    lead_col,
                )
                task.coordinating.extend(ref for m in rest for ref in self._refs(sheet, r, lead_col, m))
        if COORDINATION in self.columns:
            col = self.columns[COORDINATION]
            cell = values[col]
            for match in self.units.split(cell):
                if not match.text.strip():
                    continue
                if not match.found and not match.ambiguous and is_generic(match.text):
                    continue  # "các cơ quan liên quan": kept in the text as written, no unit
                task.coordinating.extend(self._refs(sheet, r, col, match))
            text = "; ".join(line.strip(" ,;") for line in cell.split("\n") if line.strip(" ,;"))
            if len(text) > MAX_LENGTHS[COORDINATION]:
                self.issue(
                    ERROR, _("Quá dài (%(n)s ký tự; tối đa %(max)s).") % {"n": len(text), "max": 500}, sheet, r, col
                )
                text = text[: MAX_LENGTHS[COORDINATION]]
            task.coordination_text = text
        lead_id = task.lead.unit_id if task.lead else None
        seen: set[object] = {lead_id}
        unique: list[UnitRef] = []
        for ref in task.coordinating:
            key = ref.unit_id if ref.unit_id is not None else ref.text
            if key not in seen:
                seen.add(key)
                unique.append(ref)
        task.coordinating = unique

    def _refs(self, sheet, r, col, match: Match) -> list[UnitRef]:
        if match.group:
            return [UnitRef(self.units.units[i].name, i, match.group) for i in match.unit_ids]
        return [self._ref(sheet, r, col, match)]

    def _ref(self, sheet, r, col, match: Match) -> UnitRef:
        text = _one_line(match.text).strip(" .-–•+")
        if match.ambiguous:
            self.issue(
                ERROR,
                _("“%(name)s” khớp nhiều đơn vị; ghi tên đầy đủ hoặc mã đơn vị.") % {"name": text},
                sheet,
                r,
                col,
            )
            return UnitRef(text)
        if not match.unit_ids:
            self.plan.unknown_units.setdefault(text, []).append(f"{sheet.title}!{get_column_letter(col + 1)}{r}")
            self.issue(
                ERROR,
                _("Không có đơn vị “%(name)s” trong danh mục.") % {"name": text},
                sheet,
                r,
                col,
                kind=UNKNOWN_UNIT,
            )
            return UnitRef(text)
        return UnitRef(self.units.units[match.unit_ids[0]].name, match.unit_ids[0])

    def finish(self) -> None:
        headings: set[tuple[str, str]] = set()
        for task, column in self.missing_lead:
            area = next(a for a in self.plan.areas if task in a.tasks)
            heading = not task.deadline.text and not task.expected_output and not task.coordinating
            if heading and any(t.number.startswith(task.number + ".") for t in area.tasks):
                area.tasks.remove(task)
                headings.add((area.area.code, task.number))
                self.plan.issues.append(
                    Issue(
                        WARNING,
                        _(
                            "Mục %(number)s không có đơn vị chủ trì và có nhiệm vụ con: chỉ là tiêu đề, "
                            "không nhập thành nhiệm vụ."
                        )
                        % {"number": task.number},
                        task.sheet,
                        task.row,
                        column,
                    )
                )
            else:
                self.plan.issues.append(
                    Issue(
                        ERROR,
                        _("Nhiệm vụ %(number)s không có đơn vị chủ trì.") % {"number": task.number},
                        task.sheet,
                        task.row,
                        column,
                    )
                )
        for area in self.plan.areas:
            numbers = {t.number for t in area.tasks} | {n for code, n in headings if code == area.area.code}
            for task in area.tasks:
                if task.is_subtask:
                    parent = task.number.rsplit(".", 1)[0]
                    if parent not in numbers:
                        self.plan.issues.append(
                            Issue(
                                WARNING,
                                _("Nhiệm vụ %(number)s không có nhiệm vụ %(parent)s phía trên.")
                                % {"number": task.number, "parent": parent},
                                task.sheet,
                                task.row,
                                task.number_column,
                            )
                        )
        order = {a.code: i for i, a in enumerate(self.areas.areas)}
        self.plan.areas.sort(key=lambda a: order.get(a.area.code, 99))
        self.plan.issues.sort(key=lambda i: (i.sheet, i.row or 0, i.column, not i.is_error))


# ---------------------------------------------------------------- re-import: what changes


@dataclass(frozen=True)
class ExistingTask:
    """A task already in the plan, as fetched for comparison."""

    id: int
    area_code: str
    number: str
    content: str
    expected_output: str
    lead_unit_id: int
    lead_name: str
    coordinating_ids: frozenset[int]
    coordination_text: str
    deadline: datetime.date | None
    deadline_text: str
    is_recurring: bool
    remarks: str
    removed: bool
    position: int


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class TaskChange:
    existing: ExistingTask
    parsed: ParsedTask
    area_code: str
    changes: list[FieldChange]
    restored: bool = False


@dataclass
class ImportDiff:
    added: list[tuple[ParsedArea, ParsedTask]] = field(default_factory=list)
    changed: list[TaskChange] = field(default_factory=list)
    removed: list[ExistingTask] = field(default_factory=list)
    unchanged: int = 0
    # Tasks whose row order alone moved: updated silently.
    moved: list[tuple[ExistingTask, ParsedTask]] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def _date_text(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def compute_diff(parsed: ParsedPlan, existing: Iterable[ExistingTask], *, unit_names: dict[int, str]) -> ImportDiff:
    """Match tasks by (area, STT): new ones are added, missing ones taken out of the plan
    (status REMOVED, history kept), others compared field by field."""
    diff = ImportDiff()
    by_key = {(t.area_code, t.number): t for t in existing}
    seen: set[tuple[str, str]] = set()
    for area, task in parsed.tasks:
        key = (area.area.code, task.number)
        seen.add(key)
        old = by_key.get(key)
        if old is None:
            diff.added.append((area, task))
            continue
        changes = _field_changes(old, task, unit_names)
        restored = old.removed
        if restored:
            changes.insert(0, FieldChange(_("Trạng thái"), _("Đưa ra khỏi kế hoạch"), _("Đưa lại vào kế hoạch")))
        if changes:
            diff.changed.append(TaskChange(old, task, area.area.code, changes, restored))
        else:
            diff.unchanged += 1
            if old.position != task.position:
                diff.moved.append((old, task))
    diff.removed = [t for key, t in by_key.items() if key not in seen and not t.removed]
    diff.removed.sort(key=lambda t: t.position)
    return diff


def _field_changes(old: ExistingTask, new: ParsedTask, unit_names: dict[int, str]) -> list[FieldChange]:
    changes: list[FieldChange] = []

    def compare(label, before, after):
        if before != after:
            changes.append(FieldChange(label, before or "—", after or "—"))

    compare(_("Nội dung"), old.content, new.content)
    compare(_("Sản phẩm"), old.expected_output, new.expected_output)
    new_lead_id = new.lead.unit_id if new.lead else None
    if new_lead_id != old.lead_unit_id:
        changes.append(FieldChange(_("Chủ trì"), old.lead_name, new.lead.text if new.lead else "—"))
    new_coordinating = frozenset(new.coordinating_ids)
    unknown = [ref.text for ref in new.coordinating if ref.unit_id is None]
    if new_coordinating != old.coordinating_ids or unknown:
        before = ", ".join(sorted(unit_names.get(i, str(i)) for i in old.coordinating_ids))
        after = ", ".join(sorted([unit_names.get(i, str(i)) for i in new_coordinating] + unknown))
        compare(_("Đơn vị phối hợp"), before, after)
    compare(_("Phối hợp (như ghi)"), old.coordination_text, new.coordination_text)
    compare(_("Thời hạn"), _date_text(old.deadline), _date_text(new.deadline.date))
    compare(_("Thời hạn (như ghi)"), old.deadline_text, new.deadline.text)
    if old.is_recurring != new.deadline.recurring:
        compare(
            _("Thường xuyên"),
            _("có") if old.is_recurring else _("không"),
            _("có") if new.deadline.recurring else _("không"),
        )
    compare(_("Ghi chú"), old.remarks, new.remarks)
    return changes


# ---------------------------------------------------------------- the report (command and page)


def report_lines(parsed: ParsedPlan, diff: ImportDiff | None = None, *, create_units: bool = False) -> list[str]:
    """The import report as text lines: what the management command prints; the preview
    page shows the same facts as tables."""
    lines = [
        _("Đọc được %(tasks)s nhiệm vụ trong %(areas)s lĩnh vực.")
        % {"tasks": parsed.task_count, "areas": len(parsed.areas)}
    ]
    for area in parsed.areas:
        lines.append(f"{area.area.code}. {area.area.name} — " + _("%(n)s nhiệm vụ") % {"n": len(area.tasks)})
        for task in area.tasks:
            deadline = task.deadline.text or _("không hạn")
            if task.deadline.date and task.deadline.text != _date_text(task.deadline.date):
                deadline += f" → {_date_text(task.deadline.date)}"
            if task.deadline.recurring:
                deadline += " " + _("(thường xuyên)")
            lead = task.lead.text if task.lead else "?"
            coordinating = "; ".join(text for text, _known in task.coordinating_labels)
            line = f"  {task.number}. {_one_line(task.content)[:70]} | {lead} | {deadline}"
            if coordinating:
                line += " | " + _("phối hợp: %(units)s") % {"units": coordinating}
            lines.append(line)
    if diff is not None:
        lines.append(
            _(
                "So với kế hoạch đã có: thêm %(added)s, sửa %(changed)s, đưa ra khỏi kế hoạch %(removed)s, "
                "giữ nguyên %(same)s."
            )
            % {
                "added": len(diff.added),
                "changed": len(diff.changed),
                "removed": len(diff.removed),
                "same": diff.unchanged,
            }
        )
        for area, task in diff.added:
            lines.append("  + " + f"{area.area.code}.{task.number} {_one_line(task.content)[:70]}")
        for change in diff.changed:
            lines.append("  ~ " + f"{change.area_code}.{change.parsed.number} {_one_line(change.parsed.content)[:70]}")
            for fc in change.changes:
                lines.append(f"      {fc.label}: {_one_line(fc.before)[:60]} → {_one_line(fc.after)[:60]}")
        for old in diff.removed:
            lines.append("  - " + f"{old.area_code}.{old.number} {_one_line(old.content)[:70]}")
    if parsed.unknown_units:
        lines.append(
            (
                _("Đơn vị chưa có trong danh mục (sẽ được tạo mới):")
                if create_units
                else _("Đơn vị chưa có trong danh mục:")
            )
            + " "
            + "; ".join(parsed.unknown_units)
        )
    errors = parsed.blocking_errors(create_units=create_units)
    lines.append(
        _("%(errors)s lỗi, %(warnings)s cảnh báo.") % {"errors": len(errors), "warnings": len(parsed.warnings)}
    )
    for issue in parsed.issues:
        if issue.is_error and issue not in errors:
            continue
        label = _("LỖI") if issue.is_error else _("Cảnh báo")
        lines.append(f"  [{label}] {issue.where}: {issue.message}")
    return lines
