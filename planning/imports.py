"""Reading a plan's task table from the Excel appendix it is published in (docs/DOMAIN.md,
"Plans and their task tables"). Pure: a workbook in, a ParsedPlan (planning/parsed_plan.py) and
its issues out. Units and areas come in as already-fetched indexes; nothing here touches the
database. Comparing it with the plan's tasks: planning/import_diff.py.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from cchc.formatting import format_date
from plans.deadlines import ACCEPTED, NO_DEADLINE_SENTINEL, Deadline, DeadlineError, parse_deadline

from .import_areas import AreaMatcher, roman_value, to_roman
from .import_files import open_appendix
from .import_header import read_header
from .import_sheet import (
    CONTENT,
    COORDINATION,
    DEADLINE,
    HEADER_SEARCH_ROWS,
    LEAD,
    NUMBER,
    OUTPUT,
    REMARKS,
    RESULT,
    Sheet,
    cell_text,
    column_numbering_row,
    find_header,
    one_line,
)
from .parsed_plan import (
    AREA_BY_NAME,
    CEASED_UNIT,
    CONTINUATION,
    DEADLINE_NONE,
    DEADLINE_OPEN,
    DEADLINE_OTHER_YEAR,
    DUPLICATE,
    ERROR,
    GROUP_PHRASE,
    HEADER,
    HEADING,
    ORPHAN_SUBTASK,
    SEVERAL_LEADS,
    SKIPPED_ROW,
    TRUNCATED,
    UNKNOWN_UNIT,
    WARNING,
    AreaRow,
    Issue,
    ParsedArea,
    ParsedPlan,
    ParsedTask,
    TaskResult,
    UnitRef,
    UnknownName,
)
from .parsed_plan import (
    RESULT as RESULT_KIND,
)
from .unit_matching import Match, UnitIndex, alias_key, fold, is_generic

_ROMAN = re.compile(r"^(?:phần |mục )?([ivx]{1,5})(?:[.):\-–]\s*|\s+|$)(.*)$", re.IGNORECASE | re.DOTALL)
_TASK_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?$")

MAX_LENGTHS = {NUMBER: 16, OUTPUT: 500, COORDINATION: 500, DEADLINE: 128}


def _result_date(folded: str, year: int) -> datetime.date | None:
    """The completion date a results cell writes: "… ngày 15/6/2024", "… 15/06/2024"."""
    m = re.search(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?", folded)
    if m is None:
        m = re.search(r"ngay (\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?", folded)
    if m is None:
        return None
    try:
        return datetime.date(int(m.group(3) or year), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _name_text(text: str) -> str:
    return one_line(text).strip(" .-–•+")


def parse_workbook(
    source,
    *,
    year: int | None,
    units: UnitIndex,
    areas: Iterable[AreaRow],
    max_rows: int = 5000,
    today: datetime.date | None = None,
) -> ParsedPlan:
    """Read a plan's appendix — an .xlsx workbook or a .docx document (path, bytes or file
    object) — into a ParsedPlan. Never raises on bad content: every problem is an Issue naming
    its sheet (or table), row and column. Without `year`, the plan year is the one the file's
    title rows give (ParsedPlan.header)."""
    plan = ParsedPlan()
    opened = open_appendix(source, max_rows=max_rows)
    for sheet_title, message in opened.errors:
        plan.issues.append(Issue(ERROR, message, sheet_title))
    if opened.errors and not opened.sheets:
        return plan
    parser = _Parser(plan, year=year, units=units, areas=AreaMatcher(areas), today=today)
    found_header = False
    previous: dict[str, int] | None = None
    previous_width = 0
    for sheet in opened.sheets:
        header = find_header(sheet)
        if header is None and opened.kind == "docx" and previous is not None and sheet.width == previous_width:
            # A Word table cut in two (one per page or per area) without its header repeated.
            header = (1, 0, previous)
        if header is None:
            continue
        found_header = True
        previous, previous_width = header[2], sheet.width
        parser.read_sheet(sheet, header)
    if not found_header:
        plan.issues.append(
            Issue(
                ERROR,
                _(
                    "Không tìm thấy dòng tiêu đề của bảng nhiệm vụ (cần các cột “STT”, “Nội dung nhiệm vụ”, "
                    "“Cơ quan chủ trì”) trong %(n)s dòng đầu của trang tính hay bảng nào."
                )
                % {"n": HEADER_SEARCH_ROWS},
            )
        )
    elif plan.task_count == 0 and not plan.errors:
        plan.issues.append(Issue(ERROR, _("Bảng không có nhiệm vụ nào.")))
    parser.finish()
    return plan


class _Parser:
    def __init__(
        self,
        plan: ParsedPlan,
        *,
        year: int | None,
        units: UnitIndex,
        areas: AreaMatcher,
        today: datetime.date | None,
    ):
        self.plan = plan
        self.year = year
        self.today = today
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

    def read_sheet(self, sheet: Sheet, header: tuple[int, int, dict[str, int]]) -> None:
        first, last, columns = header
        self.columns = columns
        lines = sheet.preamble + [sheet.text(r, c) for r in range(1, first) for c in range(sheet.width)]
        if not self.plan.title:
            self.plan.title = self._title(lines)
        if not self.plan.header.number and not self.plan.header.year:
            self.plan.header = read_header(line for line in lines if line)
        if self.year is None:
            self.year = self.plan.header.year or (self.today or datetime.date.today()).year
            if not self.plan.header.year:
                self.issue(
                    WARNING,
                    _("Không thấy năm kế hoạch trong tệp: tạm lấy năm %(year)s; sửa ở phần thông tin văn bản.")
                    % {"year": self.year},
                    sheet,
                    kind=HEADER,
                )
        self.plan.year = self.year
        if DEADLINE not in columns:
            self.issue(
                WARNING,
                _("Không có cột thời hạn: các nhiệm vụ được nhập không có thời hạn."),
                sheet,
                last,
                kind=DEADLINE_NONE,
            )
        current: ParsedArea | None = None
        previous: ParsedTask | None = None
        header_key = [fold(sheet.text(last, c)) for c in range(sheet.width)] if last else None
        for r in range(last + 1, len(sheet.rows) + 1):
            values = [sheet.text(r, c) for c in range(sheet.width)]
            if not any(values) or column_numbering_row(values):
                continue
            if [fold(v) for v in values] == header_key:  # header repeated after a page break
                continue
            number_text = one_line(values[columns[NUMBER]])
            content = values[columns[CONTENT]]
            area = self._area_row(number_text, one_line(content))
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
                    kind="" if looks_like_task else SKIPPED_ROW,
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

    @staticmethod
    def _title(lines: list[str]) -> str:
        for line in lines:
            text = one_line(line)
            if fold(text).startswith("ke hoach") and len(text) > 12:
                # Title rows are set in capitals; a plan's trích yếu is written in sentence case.
                return (text[0] + text[1:].lower() if text.isupper() else text)[:500]
        return ""

    def _area(self, sheet, r, numeral, written_name) -> ParsedArea | None:
        columns = self.columns
        by_code = self.areas.by_code.get(to_roman(roman_value(numeral)))
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
                    kind=AREA_BY_NAME,
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
                kind=CONTINUATION,
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
                kind=DUPLICATE,
            )
        self.seen_content.setdefault(content_key, r)
        if content.rstrip().endswith(("…", "...")):
            self.issue(
                WARNING,
                _("Nội dung có thể bị cắt ngắn (kết thúc bằng “…”)."),
                sheet,
                r,
                columns[CONTENT],
                kind=TRUNCATED,
            )

        self.position += 1
        task = ParsedTask(
            sheet.title, r, number, self.position, content, number_column=get_column_letter(columns[NUMBER] + 1)
        )
        task.expected_output = self._short(sheet, r, values, OUTPUT)
        task.remarks = values[columns[REMARKS]] if REMARKS in columns else ""
        task.deadline = self._deadline(sheet, r)
        task.result = self._result(sheet, r, task)
        self._units(sheet, r, values, task)
        area.tasks.append(task)
        return task

    def _short(self, sheet, r, values, name) -> str:
        if name not in self.columns:
            return ""
        text = one_line(values[self.columns[name]])
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
        written = one_line(cell_text(raw))
        try:
            deadline = parse_deadline(raw, year=self.year, today=self.today)
        except DeadlineError:
            self.issue(
                ERROR,
                _(
                    "Không đọc được thời hạn “%(text)s”. Ghi theo một trong các dạng: %(forms)s; "
                    "hoặc để trống ô nếu nhiệm vụ không có thời hạn."
                )
                % {"text": written[:60], "forms": ACCEPTED.format(year=self.year)},
                sheet,
                r,
                col,
            )
            return Deadline(None, written[:128])
        if deadline.open_ended:
            self.issue(
                WARNING,
                _(
                    "“%(text)s” không phải một thời hạn cố định: nhiệm vụ được nhập không có thời hạn, "
                    "giữ nguyên chữ như ghi."
                )
                % {"text": written[:60]},
                sheet,
                r,
                col,
                kind=DEADLINE_OPEN,
            )
        elif deadline.date is None and cell_text(raw):
            self.issue(
                WARNING,
                _("Thời hạn %(date)s được hiểu là “không có thời hạn”.") % {"date": format_date(NO_DEADLINE_SENTINEL)},
                sheet,
                r,
                col,
                kind=DEADLINE_NONE,
            )
        elif deadline.date and deadline.date.year != self.year:
            self.issue(
                WARNING,
                _("Thời hạn %(date)s nằm ngoài năm kế hoạch %(year)s.")
                % {"date": format_date(deadline.date), "year": self.year},
                sheet,
                r,
                col,
                kind=DEADLINE_OTHER_YEAR,
            )
        if len(deadline.text) > MAX_LENGTHS[DEADLINE]:
            self.issue(ERROR, _("Thời hạn quá dài."), sheet, r, col)
        return deadline

    def _result(self, sheet, r, task: ParsedTask) -> TaskResult | None:
        """The results column, when the file has one: "Đã hoàn thành", "Hoàn thành ngày
        15/6/2024", a date, "Chưa hoàn thành", "Đang thực hiện (60%)"."""
        if RESULT not in self.columns:
            return None
        col = self.columns[RESULT]
        raw = sheet.rows[r - 1][col]
        text = one_line(cell_text(raw))
        if not text:
            return None
        if isinstance(raw, (datetime.date, datetime.datetime)):
            day = raw.date() if isinstance(raw, datetime.datetime) else raw
            return TaskResult("completed", text, day, 100)
        folded = fold(text)
        percent = re.search(r"(\d{1,3})\s*%", folded)
        progress = min(int(percent.group(1)), 100) if percent else 0
        if re.search(r"\bchua (hoan thanh|thuc hien|trien khai|xong)\b|\bkhong hoan thanh\b", folded):
            status = "in_progress" if progress or "hoan thanh" in folded else "not_started"
            return TaskResult(status, text, None, progress)
        if re.search(r"\b(dang (thuc hien|trien khai)|dang lam)\b", folded) or (percent and progress < 100):
            return TaskResult("in_progress", text, None, progress)
        if re.search(r"\b(hoan thanh|da xong|da thuc hien|da ban hanh|da trien khai)\b", folded) or progress == 100:
            day = _result_date(folded, self.year)
            if day is None:
                day = task.deadline.date or datetime.date(self.year, 12, 31)
                self.issue(
                    WARNING,
                    _("Kết quả “%(text)s” không ghi ngày hoàn thành: lấy ngày %(date)s.")
                    % {"text": text[:60], "date": format_date(day)},
                    sheet,
                    r,
                    col,
                    kind=RESULT_KIND,
                )
            return TaskResult("completed", text, day, 100)
        self.issue(
            WARNING,
            _(
                "Không hiểu kết quả “%(text)s” (ghi “Đã hoàn thành”, “Hoàn thành ngày 15/6/%(year)s”, "
                "“Chưa hoàn thành” hoặc “Đang thực hiện”): nhiệm vụ được nhập chưa có kết quả."
            )
            % {"text": text[:60], "year": self.year},
            sheet,
            r,
            col,
            kind=RESULT_KIND,
        )
        return None

    def _units(self, sheet, r, values, task: ParsedTask) -> None:
        lead_col = self.columns[LEAD]
        lead_cell = values[lead_col]
        lead_matches = [m for m in self.units.split(lead_cell) if m.text.strip()]
        if not lead_matches:
            # Decided in finish(): a "1" heading its sub-tasks 1.1, 1.2 often has no unit.
            self.missing_lead.append((task, get_column_letter(lead_col + 1)))
        else:
            first, rest = lead_matches[0], lead_matches[1:]
            if first.is_group:
                self.issue(
                    ERROR,
                    _(
                        "Đơn vị chủ trì là nhóm “%(group)s”: mỗi nhiệm vụ có một đơn vị chủ trì. Ghi đơn vị chủ trì "
                        "cụ thể và đưa nhóm sang cột phối hợp."
                    )
                    % {"group": first.group or one_line(first.text)},
                    sheet,
                    r,
                    lead_col,
                )
            else:
                task.lead = self._ref(sheet, r, lead_col, first, lead=True)
                if first.note and task.lead.unit_id is not None:
                    # The name as published stays in the task's remarks.
                    written = _("Đơn vị chủ trì như ghi trong kế hoạch: %(name)s.") % {"name": one_line(first.text)}
                    task.remarks = f"{task.remarks}\n{written}".strip()
            if rest:
                self.issue(
                    WARNING,
                    _("Có nhiều đơn vị chủ trì: “%(lead)s” chủ trì, các đơn vị còn lại được ghi là phối hợp.")
                    % {"lead": one_line(first.text)},
                    sheet,
                    r,
                    lead_col,
                    kind=SEVERAL_LEADS,
                )
                for match in rest:
                    task.coordinating.extend(self._refs(sheet, r, lead_col, match, task))
        if COORDINATION in self.columns:
            col = self.columns[COORDINATION]
            cell = values[col]
            for match in self.units.split(cell):
                if match.text.strip():
                    task.coordinating.extend(self._refs(sheet, r, col, match, task))
            # The cell as published, whatever was matched: nothing of it is ever dropped.
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

    def _refs(self, sheet, r, col, match: Match, task: ParsedTask) -> list[UnitRef]:
        if match.group:
            return [UnitRef(self.units.units[i].name, i, match.group) for i in match.unit_ids]
        if match.ignored:
            task.kept_as_text.append(one_line(match.text))
            return []
        if match.phrase and is_generic(match.text):
            task.kept_as_text.append(_name_text(match.text))
            return []
        if match.phrase:
            # "UBND cấp xã" with no such group in the catalogue: the words stay in the task's
            # coordination text; the resolution screen offers to name its units.
            text = _name_text(match.text)
            task.kept_as_text.append(text)
            self._unknown(sheet, r, col, text, phrase=True)
            self.issue(
                WARNING,
                _("Nhóm “%(name)s” chưa gắn với nhóm đơn vị nào trong danh mục: giữ nguyên như ghi trong cột phối hợp.")
                % {"name": text},
                sheet,
                r,
                col,
                kind=GROUP_PHRASE,
            )
            return []
        return [self._ref(sheet, r, col, match)]

    def _unknown(self, sheet, r, col, text: str, *, phrase: bool = False, lead: bool = False) -> None:
        key = alias_key(text)
        name = self.plan.unknown_units.get(key)
        if name is None:
            name = self.plan.unknown_units[key] = UnknownName(text, key, phrase=phrase)
        name.cells.append(f"{sheet.title}!{get_column_letter(col + 1)}{r}")
        name.in_lead = name.in_lead or lead

    def _ref(self, sheet, r, col, match: Match, *, lead: bool = False) -> UnitRef:
        text = _name_text(match.text)
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
            self._unknown(sheet, r, col, text, lead=lead)
            self.issue(
                ERROR,
                _("Không có đơn vị “%(name)s” trong danh mục.") % {"name": text},
                sheet,
                r,
                col,
                kind=UNKNOWN_UNIT,
            )
            return UnitRef(text)
        if match.note:
            self.issue(WARNING, match.note, sheet, r, col, kind=CEASED_UNIT)
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
                        HEADING,
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
                                ORPHAN_SUBTASK,
                            )
                        )
        order = {a.code: i for i, a in enumerate(self.areas.areas)}
        self.plan.areas.sort(key=lambda a: order.get(a.area.code, 99))
        self.plan.issues.sort(key=lambda i: (i.sheet, i.row or 0, i.column, not i.is_error))
