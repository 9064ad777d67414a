"""Plans published before a reorganisation name units that no longer exist: the import reads
them as their successor today, warns with a note and keeps the name as published."""

from __future__ import annotations

import datetime
import io

from planning.imports import parse_workbook
from planning.parsed_plan import CEASED_UNIT, UNKNOWN_UNIT
from planning.selectors import area_rows, unit_index
from reorganisation.models import ReorganisationKind
from reorganisation.services import Decision, reorganisation_record

from ..factories import make_unit
from ..planning.conftest import HEADER, workbook_bytes
from .conftest import DOC, EFFECTIVE, absorb


def parse(*rows):
    content = workbook_bytes(
        [HEADER, ["I", "Công tác chỉ đạo, điều hành cải cách hành chính"], *rows],
    )
    return parse_workbook(io.BytesIO(content), year=2025, units=unit_index(), areas=area_rows())


def test_a_ceased_units_name_resolves_to_its_successor_with_a_note(world):
    absorb(world)
    parsed = parse(
        [1, "Xây dựng kế hoạch", "Kế hoạch", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "31/12/2025", "Ghi chú gốc"],
        [2, "Báo cáo", "Báo cáo", "Sở Tài chính", "SKHDT", "31/12/2025", ""],
    )
    (_area, first), (_area2, second) = parsed.tasks
    assert first.lead.unit_id == world["stc"].pk
    assert first.remarks == "Ghi chú gốc\nĐơn vị chủ trì như ghi trong kế hoạch: Sở Kế hoạch và Đầu tư."
    assert second.coordinating_ids == []  # the successor leads it already
    assert second.coordination_text == "SKHDT"  # as published
    notes = [(issue.kind, issue.message) for issue in parsed.issues if issue.kind == CEASED_UNIT]
    note = "“Sở Kế hoạch và Đầu tư” ngừng hoạt động từ 01/03/2025 (sáp nhập): nhiệm vụ giao cho Sở Tài chính."
    assert notes == [(CEASED_UNIT, note), (CEASED_UNIT, note)]


def test_a_former_name_resolves_to_the_renamed_unit_and_a_split_unit_stays_unknown(world):
    reorganisation_record(
        decision=Decision(
            kind=ReorganisationKind.RENAME,
            effective_on=EFFECTIVE,
            predecessors=[world["stc"]],
            new_name="Sở Tài chính và Kế hoạch",
            **DOC,
        ),
        by=world["secretariat"],
    )
    one, two = make_unit(code="S1", name="Sở Một"), make_unit(code="S2", name="Sở Hai")
    moves = {task.pk: one for task in world["skhdt_open"]}
    reorganisation_record(
        decision=Decision(
            kind=ReorganisationKind.SPLIT,
            effective_on=datetime.date(2025, 4, 1),
            predecessors=[world["skhdt"]],
            successors=[one, two],
            task_successors=moves,
            **DOC,
        ),
        by=world["secretariat"],
    )
    parsed = parse(
        [1, "Xây dựng kế hoạch", "Kế hoạch", "Sở Tài chính", "", "31/12/2025", ""],
        [2, "Báo cáo", "Báo cáo", "Sở Kế hoạch và Đầu tư", "", "31/12/2025", ""],
    )
    (_a, first), (_b, second) = parsed.tasks
    assert first.lead.unit_id == world["stc"].pk
    assert [i.message for i in parsed.issues if i.kind == CEASED_UNIT] == [
        "“Sở Tài chính” là tên cũ của Sở Tài chính và Kế hoạch (đổi tên từ 01/03/2025)."
    ]
    assert second.lead.unit_id is None
    assert [i.kind for i in parsed.issues if i.row == 4] == [UNKNOWN_UNIT]
