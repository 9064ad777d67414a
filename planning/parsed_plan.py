"""What reading a plan's task table gives (planning/imports.py): the parsed plan, its areas and
tasks, the units named in its cells, and the issues found, each naming its sheet, row and column."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.deadlines import Deadline

ERROR, WARNING = "error", "warning"
# Issue kinds. An unknown unit blocks until the resolution screen says what it is; the others
# are warnings, shown grouped by kind.
UNKNOWN_UNIT = "unknown_unit"
GROUP_PHRASE = "group_phrase"
SEVERAL_LEADS = "several_leads"
DEADLINE_OPEN = "deadline_open"
DEADLINE_OTHER_YEAR = "deadline_other_year"
DEADLINE_NONE = "deadline_none"
RECURRING = "recurring"
CONTINUATION = "continuation"
HEADING = "heading"
DUPLICATE = "duplicate"
TRUNCATED = "truncated"
AREA_BY_NAME = "area_by_name"
SKIPPED_ROW = "skipped_row"
ORPHAN_SUBTASK = "orphan_subtask"
RESULT = "result"
HEADER = "header"
CEASED_UNIT = "ceased_unit"


# How the preview titles each kind of warning (they are shown grouped, folded away).
WARNING_LABELS = {
    GROUP_PHRASE: gettext_lazy("Nhóm đơn vị giữ như ghi"),
    SEVERAL_LEADS: gettext_lazy("Nhiều đơn vị chủ trì"),
    DEADLINE_OPEN: gettext_lazy("Thời hạn không cố định"),
    DEADLINE_OTHER_YEAR: gettext_lazy("Thời hạn ngoài năm kế hoạch"),
    DEADLINE_NONE: gettext_lazy("Không có thời hạn"),
    CONTINUATION: gettext_lazy("Dòng nối vào nhiệm vụ trên"),
    HEADING: gettext_lazy("Mục tiêu đề, không nhập"),
    DUPLICATE: gettext_lazy("Nội dung trùng"),
    TRUNCATED: gettext_lazy("Nội dung có thể bị cắt"),
    AREA_BY_NAME: gettext_lazy("Lĩnh vực xếp theo tên"),
    SKIPPED_ROW: gettext_lazy("Dòng bỏ qua"),
    ORPHAN_SUBTASK: gettext_lazy("Nhiệm vụ con thiếu nhiệm vụ cha"),
    RESULT: gettext_lazy("Kết quả thực hiện"),
    HEADER: gettext_lazy("Thông tin văn bản"),
    CEASED_UNIT: gettext_lazy("Đơn vị đã sắp xếp, giao đơn vị tiếp nhận"),
}


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
class DocumentHeader:
    """What the title rows above the table say of the plan's document."""

    number: str = ""
    issued_on: datetime.date | None = None
    issuer: str = ""
    year: int | None = None
    # The line as written: "Kèm theo Kế hoạch số 15/KH-UBND ngày 08/01/2025 của UBND tỉnh".
    text: str = ""


@dataclass
class UnknownName:
    """A name the catalogue does not know, once however often and however it is spelt, with
    the cells that write it. A group phrase ("UBND cấp xã") does not block the import: its words
    stay in the coordination text. A name in a lead cell needs a unit."""

    text: str
    key: str
    cells: list[str] = field(default_factory=list)
    in_lead: bool = False
    phrase: bool = False

    @property
    def blocking(self) -> bool:
        return not self.phrase


@dataclass(frozen=True)
class TaskResult:
    """A results cell read: the task's state (a TaskStatus value) and what it says."""

    status: str
    text: str
    completed_on: datetime.date | None = None
    progress: int = 0


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
    # Names in the unit cells kept as written only (group phrases without a group, names the
    # secretariat chose to keep as text): shown in the preview, present in coordination_text.
    kept_as_text: list[str] = field(default_factory=list)
    # From an optional "Kết quả thực hiện" column; None when the file has none or the cell is empty.
    result: TaskResult | None = None

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
        return named + labels + [(text, False) for text in self.kept_as_text]

    @property
    def coordination_text_differs(self) -> bool:
        """Whether the cell as written says more than the unit names shown (groups, remarks)."""
        plain = "; ".join(ref.text for ref in self.coordinating if not ref.group)
        return bool(self.coordination_text) and self.coordination_text != plain and not self.kept_as_text

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
    header: DocumentHeader = field(default_factory=DocumentHeader)
    # The plan year the deadlines were read with.
    year: int | None = None
    # Names the catalogue does not know, by alias key (planning/unit_matching.py, alias_key).
    unknown_units: dict[str, UnknownName] = field(default_factory=dict)

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

    @property
    def results(self) -> tuple[int, int]:
        """(tasks with a result, of which completed): "14 kết quả, 11 hoàn thành"."""
        with_result = [t for _a, t in self.tasks if t.result]
        return len(with_result), sum(1 for t in with_result if t.result and t.result.status == "completed")

    @property
    def cell_errors(self) -> list[Issue]:
        """Errors only a corrected file fixes (not the unknown names the preview resolves)."""
        return [i for i in self.errors if i.kind != UNKNOWN_UNIT]

    @property
    def unresolved_names(self) -> list[UnknownName]:
        return [n for n in self.unknown_units.values() if n.blocking]

    @property
    def cells_to_fix(self) -> int:
        """Distinct cells (or rows) with an error the file must fix."""
        return len({(i.sheet, i.row, i.column) for i in self.cell_errors})
