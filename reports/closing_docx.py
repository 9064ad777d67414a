"""The Word draft of a period report (.docx, python-docx), written from a closing's snapshot:
every figure in it is the snapshot's, and every page prints the snapshot's identifier. The
units' texts (reports/narratives.py) are merged under each area in section II, and the units
late or missing with their report are listed in section III, as they stand when the draft is
written (texts, not figures).

Layout per the conventions for administrative documents (Nghị định 30/2020/NĐ-CP): A4, Times
New Roman 14 pt (tables 12 pt), margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm;
agency and national motto side by side at the top; number and date left as placeholders
for the secretariat ("Số: …/BC-…", "…, ngày … tháng … năm …"). Sections I–V, nơi nhận and
signature, then Phụ lục 1 (by area), 2 (by unit), 3 (tasks with evidence), 4 (appendix figures),
and last the plan's changes in the period (from the snapshot, the texts of the Excel sheet
"Thay đổi kế hoạch", reports/review_changes.py), announced by a paragraph in section I.

``docx_to_pdf`` converts with LibreOffice (``soffice --headless``) where it is installed.
"""

from __future__ import annotations

import copy
import datetime
import io
import shutil
import subprocess  # nosec B404 -- soffice, fixed arguments, no shell
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.run import Run

from cchc.formatting import figure, format_date, percent, vn_int
from figures.models import SubmissionStatus

from .closing import Snapshot, snapshot_of
from .completion import OFFICIAL_BUCKETS, Completion
from .models import PeriodClosing, UnitNarrative
from .narratives import UnitStatus, narrative_calendar, narratives_by_area
from .review_changes import change_table_headers, change_table_row, changes_sentence

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
TO_BE_WRITTEN = "[Văn phòng thường trực viết nội dung này trước khi trình ký.]"
PLACEHOLDER = "[…]"

PERIOD_WORDS = {
    "q1": "quý I năm {year}",
    "h1": "6 tháng đầu năm {year}",
    "q3": "9 tháng đầu năm {year}",
    "year": "năm {year}",
}


class PdfUnavailable(Exception):
    """LibreOffice is not installed here, or the conversion failed."""


def period_words(snap: Snapshot) -> str:
    """ "6 tháng đầu năm 2026", as the report's title says it."""
    words = PERIOD_WORDS.get(snap.kind)
    return words.format(year=snap.year) if words else snap.period_label


def figures_sentence(c: Completion) -> str:
    """ "hoàn thành 40/77 nhiệm vụ, đạt 51,95%" and the split the report gives."""
    text = f"hoàn thành {vn_int(c.completed)}/{vn_int(c.total)} nhiệm vụ, đạt {percent(c.rate)}"
    text += f" (đúng hạn {vn_int(c.on_time)}, quá hạn {vn_int(c.late)})"
    text += f"; chưa hoàn thành {vn_int(c.open)} nhiệm vụ"
    return text + f", trong đó trong hạn {vn_int(c.within)}, quá hạn {vn_int(c.overdue)}"


def _font_properties(size: int, bold: bool, italic: bool):
    """The run properties (<w:rPr>) of a run in this font, size and style, built once by
    python-docx on a run of its own."""
    run = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    # East-Asian and complex-script fonts too, so Word does not substitute for Vietnamese.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs", "w:hAnsi", "w:ascii"):
        fonts.set(qn(attribute), FONT)
    return run._element.rPr


_FONT_PROPERTIES: dict[tuple[int, bool, bool], object] = {}


def _set_font(run, size: int = BODY_PT, *, bold: bool = False, italic: bool = False) -> None:
    """A copy of the properties built once per (size, bold, italic): python-docx building them
    element by element took ~2 ms a run, a minute for the task appendix of 2,000 tasks."""
    key = (size, bold, italic)
    if key not in _FONT_PROPERTIES:
        _FONT_PROPERTIES[key] = _font_properties(size, bold, italic)
    element = run._element
    if element.rPr is not None:
        element.remove(element.rPr)
    element.insert(0, copy.deepcopy(_FONT_PROPERTIES[key]))


def _text_of(tc):
    """The <w:t> of a template cell's text run."""
    return tc.find(f"{qn('w:p')}/{qn('w:r')}/{qn('w:t')}")


class _Writer:
    def __init__(self, snap: Snapshot, identifier: str, units: UnitReports | None = None):
        self.snap = snap
        self.identifier = identifier
        self.units = units or UnitReports({}, [], [])
        self.doc = Document()
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_after = Pt(6)
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _set_font(footer.add_run(f"Số liệu đã chốt: {identifier}"), 10, italic=True)

    def para(self, text: str = "", *, bold=False, italic=False, align=None, size=BODY_PT, indent=True):
        p = self.doc.add_paragraph()
        if align is not None:
            p.alignment = align
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if indent:
                p.paragraph_format.first_line_indent = Mm(10)
        if text:
            _set_font(p.add_run(text), size, bold=bold, italic=italic)
        return p

    def heading(self, text: str) -> None:
        self.para(text, bold=True, indent=False)

    def table(self, header: list[str], rows: list[list[str]], widths: list[int] | None = None) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = ""
            _set_font(cell.paragraphs[0].add_run(text), TABLE_PT, bold=True)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        # Each column's cell built once by python-docx, plain and centred, then copied with its
        # text for every row: building each cell and run through python-docx took ~2 ms a cell
        # (the task appendix of a closing has a row per task). Text with line breaks or tabs
        # goes through python-docx, which writes them as Word's breaks.
        templates = self._cell_templates(table, len(header))
        tbl = table._tbl
        for values in rows:
            tr = tbl.add_tr()
            for i, text in enumerate(values):
                centred = i > 0 and text and text.replace(".", "").replace(",", "").rstrip("%").isdigit()
                tc = copy.deepcopy(templates[i][bool(centred)])
                tr.append(tc)
                if "\n" in text or "\t" in text:
                    paragraph = _Cell(tc, table).paragraphs[0]
                    paragraph._p.remove(_text_of(tc).getparent())
                    _set_font(paragraph.add_run(text), TABLE_PT)
                else:
                    _text_of(tc).text = text
        if widths:
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Mm(width)

    @staticmethod
    def _cell_templates(table, columns: int) -> list[tuple]:
        """Per column, a cell (<w:tc>) as the rows had it — cleared, then a run in the table font —
        left and centred, built by python-docx on a scratch row removed afterwards."""
        row = table.add_row()
        templates = []
        for cell in row.cells[:columns]:
            cell.text = ""
            _set_font(cell.paragraphs[0].add_run("x"), TABLE_PT)
            plain = copy.deepcopy(cell._tc)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            templates.append((plain, copy.deepcopy(cell._tc)))
        table._tbl.remove(row._tr)
        for plain, centred in templates:
            for tc in (plain, centred):
                t = _text_of(tc)
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return templates

    # ------------------------------------------------------------ parts

    def head(self) -> None:
        snap = self.snap
        table = self.doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.width, right.width = Mm(70), Mm(95)
        lines_left = [(snap.agency.upper(), True), ("", False), ("Số: …/BC-…", False)]
        lines_right = [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
            ("Độc lập - Tự do - Hạnh phúc", True),
            ("…, ngày … tháng … năm …", False),
        ]
        for cell, lines in ((left, lines_left), (right, lines_right)):
            cell.text = ""
            for i, (text, bold) in enumerate(lines):
                p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _set_font(p.add_run(text), 13, bold=bold, italic=not bold and i == 2 and cell is right)
        self.para()
        self.para("BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        self.para(
            f"Kết quả thực hiện công tác cải cách hành chính {period_words(snap)}",
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
        self.para(f"({snap.data_range})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para(f"Số liệu đã chốt: {self.identifier}", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=12)

    def direction(self) -> None:
        snap, c = self.snap, self.snap.completion
        self.heading("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")
        plans = "; ".join(
            f"Kế hoạch số {p['number']}"
            + (f" ngày {format_date(datetime.date.fromisoformat(p['issued_on']))}" if p.get("issued_on") else "")
            + f" về {p['title'][:1].lower()}{p['title'][1:]}"
            for p in snap.plans
        )
        self.para(f"1. Ban hành kế hoạch: {plans}.")
        self.para(f"2. Kết quả thực hiện kế hoạch: tính đến ngày {format_date(snap.cutoff)}, {figures_sentence(c)}.")
        insp = snap.inspections
        if insp.get("subject"):
            self.para(
                "3. Công tác kiểm tra cải cách hành chính: kiểm tra trực tiếp tại {}/{} đơn vị, chiếm {}.".format(
                    vn_int(insp["inspected"]), vn_int(insp["subject"]), percent(snap.inspection_rate)
                )
            )
            recommendations = sum(line["recommendations"] for line in insp["lines"])
            closed = sum(line["closed"] for line in insp["lines"])
            if recommendations:
                still = vn_int(recommendations - closed)
                self.para(
                    f"Theo dõi kiến nghị sau kiểm tra: {vn_int(recommendations)} kiến nghị, "
                    f"đã hoàn thành {vn_int(closed)}, còn {still} kiến nghị đang theo dõi."
                )
        item = 4 if insp.get("subject") else 3
        sentence = changes_sentence(snap.changes)
        if snap.changes:
            sentence += f" Chi tiết tại Phụ lục {self.changes_appendix}."
        self.para(f"{item}. Điều chỉnh kế hoạch: {sentence}")

    @property
    def changes_appendix(self) -> int:
        """The plan's changes are the last appendix: after the appendix figures when there are any."""
        return 5 if self.snap.figures else 4

    def results(self) -> None:
        self.heading("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH")
        narratives = self.units.narratives
        shown = (a for a in self.snap.areas if a.completion.total or narratives.get(a.key))
        for number, area in enumerate(shown, start=1):
            self.para(f"{number}. {area.full_name}", bold=True, indent=False)
            self.para(f"Có {vn_int(area.completion.total)} nhiệm vụ: {figures_sentence(area.completion)}.")
            for narrative in narratives.get(area.key, []):
                self.unit_part(narrative)

    def unit_part(self, narrative: UnitNarrative) -> None:
        """A unit's text under its area (its report, as submitted), as an indented paragraph each."""
        for label, text in (
            ("", narrative.achieved),
            ("Khó khăn, vướng mắc: ", narrative.difficulties),
            ("Đề xuất, kiến nghị: ", narrative.proposals),
        ):
            if text.strip():
                prefix = f"- {narrative.unit.name}: " if not label else f"  {label}"
                self.para(prefix + " ".join(text.split()))

    def assessment(self) -> None:
        snap = self.snap
        self.heading("III. ĐÁNH GIÁ CHUNG")
        self.para(f"1. Ưu điểm: {TO_BE_WRITTEN}", italic=False)
        overdue = snap.overdue_tasks()
        self.para(
            "2. Tồn tại, hạn chế: đến ngày {} còn {} nhiệm vụ quá hạn chưa hoàn thành{}".format(
                format_date(snap.cutoff), vn_int(len(overdue)), ":" if overdue else "."
            )
        )
        for task in overdue:
            self.para(
                f"- {task.number}. {task.content} ({task.lead_unit}; hạn {format_date(task.deadline)}).", size=BODY_PT
            )
        late, missing = self.units.late, self.units.missing
        if late or missing:
            self.para(
                f"Báo cáo của các đơn vị: {vn_int(len(late))} đơn vị nộp muộn, {vn_int(len(missing))} đơn vị chưa nộp."
            )
            for row in late:
                day = row.submission.submitted_day() if row.submission else None
                self.para(f"- Nộp muộn: {row.unit.name} (nộp ngày {format_date(day)}, muộn {row.days_late} ngày).")
            for row in missing:
                self.para(f"- Chưa nộp: {row.unit.name} (quá hạn {row.days_late} ngày).")
        self.para(f"3. Nguyên nhân: {TO_BE_WRITTEN}")

    def outlook(self) -> None:
        snap = self.snap
        self.heading("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
        open_tasks, due = snap.open_tasks(), snap.due_next_period()
        self.para(
            f"Tiếp tục thực hiện {vn_int(len(open_tasks))} nhiệm vụ chưa hoàn thành, trong đó "
            f"{vn_int(len(due))} nhiệm vụ đến hạn trước ngày {format_date(snap.next_cutoff)}:"
        )
        for task in due:
            self.para(f"- {task.number}. {task.content} ({task.lead_unit}; hạn {format_date(task.deadline)}).")
        overdue = snap.overdue_tasks()
        if overdue:
            self.para(f"Tập trung hoàn thành ngay {vn_int(len(overdue))} nhiệm vụ đã quá hạn (mục III.2).")

    def proposals_and_signature(self) -> None:
        self.heading("V. KIẾN NGHỊ, ĐỀ XUẤT")
        self.para(TO_BE_WRITTEN, italic=True)
        table = self.doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.text = right.text = ""
        p = left.paragraphs[0]
        _set_font(p.add_run("Nơi nhận:"), 12, bold=True, italic=True)
        for line in (
            "- Bộ Nội vụ;",
            "- Thường trực Tỉnh ủy, HĐND tỉnh;",
            "- Chủ tịch, các PCT UBND tỉnh;",
            "- Lưu: VT.",
        ):
            _set_font(left.add_paragraph().add_run(line), 11)
        for i, (text, bold) in enumerate(
            (("TM. ỦY BAN NHÂN DÂN", True), ("CHỦ TỊCH", True), ("", False), ("", False), (PLACEHOLDER, False))
        ):
            para = right.paragraphs[0] if i == 0 else right.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(para.add_run(text), 14, bold=bold)

    def appendices(self) -> None:
        snap = self.snap
        header = ["Tổng số", *(str(b.label) for b in OFFICIAL_BUCKETS), "Tỷ lệ HT"]

        def counts(c: Completion) -> list[str]:
            return [
                vn_int(c.total),
                vn_int(c.on_time),
                vn_int(c.late),
                vn_int(c.within),
                vn_int(c.overdue),
                percent(c.rate),
            ]

        self.doc.add_page_break()
        self.para("Phụ lục 1", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para("KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO LĨNH VỰC", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para(
            f"({snap.data_range}; số liệu đã chốt {self.identifier})",
            italic=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            size=12,
        )
        rows = [[a.key, a.name, *counts(a.completion)] for a in snap.areas]
        rows.append(["", "Tổng cộng", *counts(snap.completion)])
        self.table(["TT", "Lĩnh vực", *header], rows)

        self.doc.add_page_break()
        self.para("Phụ lục 2", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para("KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ CHỦ TRÌ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        rows = [[str(u.rank), u.name, *counts(u.completion)] for u in snap.units]
        self.table(["Xếp hạng", "Đơn vị", *header], rows)

        self.doc.add_page_break()
        self.para("Phụ lục 3", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para("DANH MỤC NHIỆM VỤ VÀ KẾT QUẢ THỰC HIỆN", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        rows = [
            [
                t.number,
                t.content,
                t.lead_unit,
                format_date(t.deadline) if t.deadline else t.deadline_text,
                t.bucket_label,
                format_date(t.completed_on) if t.completed_on else "",
                t.evidence,
            ]
            for t in snap.tasks
        ]
        self.table(["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Kết quả", "Ngày HT", "Sản phẩm"], rows)

        if snap.figures:
            self.doc.add_page_break()
            self.para("Phụ lục 4", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            self.para("MỘT SỐ SỐ LIỆU CẢI CÁCH HÀNH CHÍNH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            rows = [
                [str(i), f["indicator"], f["unit_of_measure"], figure(f["total"]), vn_int(f["units_reported"])]
                for i, f in enumerate(snap.figures, start=1)
            ]
            self.table(["TT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Số đơn vị báo cáo"], rows)

        if snap.changes:
            self.doc.add_page_break()
            self.para(f"Phụ lục {self.changes_appendix}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            self.para(
                "NHIỆM VỤ BỔ SUNG, ĐIỀU CHỈNH, ĐƯA RA KHỎI KẾ HOẠCH TRONG KỲ",
                bold=True,
                align=WD_ALIGN_PARAGRAPH.CENTER,
            )
            self.table(change_table_headers(), [change_table_row(line) for line in snap.changes])

    def write(self) -> bytes:
        self.head()
        self.direction()
        self.results()
        self.assessment()
        self.outlook()
        self.proposals_and_signature()
        self.appendices()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def write_closing_docx(closing: PeriodClosing) -> bytes:
    """The .docx of the closing's report draft (bytes). An official document in Vietnamese, with
    Vietnamese numbers (51,95%), whatever the reader's language."""
    with translation.override("vi"):
        return _Writer(snapshot_of(closing), closing.identifier, unit_reports(closing)).write()


@dataclass(frozen=True)
class UnitReports:
    """The units' part of the draft: their submitted texts by area code (section II) and the
    units late or missing on the day the draft is written (section III)."""

    narratives: dict[str, list[UnitNarrative]]
    late: list[UnitStatus]
    missing: list[UnitStatus]


def unit_reports(closing: PeriodClosing) -> UnitReports:
    """Read when the draft is written: texts are not figures, and a late report still belongs in it."""
    calendar = narrative_calendar(closing.period)
    return UnitReports(
        narratives={block.area.code: block.narratives for block in narratives_by_area(closing.period)},
        late=[row for row in calendar if row.status == SubmissionStatus.LATE],
        missing=[row for row in calendar if row.status == SubmissionStatus.MISSING],
    )


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(content: bytes, *, timeout: int = 120) -> bytes:
    """The PDF of a .docx through LibreOffice (headless, a profile of its own per call)."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(_("Máy chủ chưa cài LibreOffice: không tạo được tệp PDF."))
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "draft.docx"
        source.write_bytes(content)
        profile = Path(work) / "profile"
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout)  # noqa: S603  # nosec B603
        except (subprocess.SubprocessError, OSError) as error:
            raise PdfUnavailable(_("Không chuyển được sang PDF.")) from error
        target = Path(work) / "draft.pdf"
        if not target.exists():
            raise PdfUnavailable(_("Không chuyển được sang PDF."))
        return target.read_bytes()
