"""Unit cells as plans write them (docs/DOMAIN.md, "Plans and their task tables"): a cell is
split only into names, never into fragments; group phrases are groups; what matches nothing is
kept as written and named."""

import io

import pytest

from planning.imports import parse_workbook
from planning.parsed_plan import ERROR, GROUP_PHRASE, SEVERAL_LEADS, UNKNOWN_UNIT, WARNING
from planning.unit_matching import Alias, UnitIndex, UnitRow

from .conftest import AREAS, HEADER, workbook_bytes

UNITS = [
    UnitRow(1, "Sở Nội vụ", "SNV"),
    UnitRow(2, "Sở Tư pháp", "STP"),
    UnitRow(3, "Sở Kế hoạch và Đầu tư", "SKHDT"),
    UnitRow(4, "Sở Tài chính", "STC"),
    UnitRow(5, "Văn phòng UBND tỉnh", "VP"),
]
GROUPS = [("Các sở, ban, ngành", [2, 3, 4]), ("UBND các huyện, thị xã, thành phố", [])]


def index(**kwargs) -> UnitIndex:
    return UnitIndex.build(UNITS, GROUPS, **kwargs)


def names(cell: str, idx: UnitIndex | None = None):
    return [(m.text, m.unit_ids, m.group, m.phrase, m.ignored) for m in (idx or index()).split(cell)]


@pytest.mark.parametrize(
    "cell",
    [
        "Sở Khoa học và Công nghệ",
        "Sở Nông nghiệp và Môi trường",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Lao động - Thương binh và Xã hội",
        "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
        "Trung tâm Phục vụ hành chính công",
        "Đài Phát thanh và Truyền hình tỉnh",
    ],
)
def test_an_unknown_name_with_va_or_commas_is_kept_whole(cell):
    assert names(cell) == [(cell, (), "", False, False)]


def test_a_name_wrapped_onto_a_second_line_is_one_name():
    assert names("Sở Văn hóa, Thể thao\nvà Du lịch") == [("Sở Văn hóa, Thể thao và Du lịch", (), "", False, False)]


def test_cells_split_where_every_part_is_a_name():
    assert names("Sở Nội vụ và Sở Tư pháp") == [
        ("Sở Nội vụ", (1,), "", False, False),
        ("Sở Tư pháp", (2,), "", False, False),
    ]
    # A known unit next to an unknown one: the unknown one whole.
    assert names("Sở Nội vụ, Sở Khoa học và Công nghệ") == [
        ("Sở Nội vụ", (1,), "", False, False),
        ("Sở Khoa học và Công nghệ", (), "", False, False),
    ]
    # Two unknown names, each beginning as unit names do.
    assert names("Sở Xây dựng và Sở Công Thương") == [
        ("Sở Xây dựng", (), "", False, False),
        ("Sở Công Thương", (), "", False, False),
    ]
    assert names("Sở Kế hoạch và Đầu tư, Các sở, ban, ngành;\nSở Nội vụ + VP UBND tỉnh") == [
        ("Sở Kế hoạch và Đầu tư", (3,), "", False, False),
        ("Các sở, ban, ngành", (2, 3, 4), "Các sở, ban, ngành", False, False),
        ("Sở Nội vụ", (1,), "", False, False),
        ("VP UBND tỉnh", (5,), "", False, False),
    ]
    # Brackets are a remark on the name before them, commas inside included.
    assert names("Sở Nội vụ (Ban Thi đua, Khen thưởng), Sở Tài chính") == [
        ("Sở Nội vụ (Ban Thi đua, Khen thưởng)", (1,), "", False, False),
        ("Sở Tài chính", (4,), "", False, False),
    ]
    # A lower-case line that is a name is not a continuation.
    assert [m.unit_ids for m in index().split("SKHDT; Sở KH&ĐT\nsnv")] == [(3,), (3,), (1,)]


@pytest.mark.parametrize(
    ("cell", "group"),
    [
        ("Các sở, ban, ngành", "Các sở, ban, ngành"),
        ("Các sở, ngành", "Các sở, ban, ngành"),
        ("Các sở, ngành liên quan", "Các sở, ban, ngành"),
        ("các Sở, ban, ngành có liên quan", "Các sở, ban, ngành"),
        ("UBND các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố"),
        ("Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố"),
    ],
)
def test_group_phrases_are_groups_with_or_without_lien_quan(cell, group):
    [match] = index().split(cell)
    assert (match.text, match.group) == (cell, group)


@pytest.mark.parametrize(
    "cell", ["UBND cấp xã", "các phòng, ban chuyên môn", "Các cơ quan, đơn vị liên quan", "Các sở, ban, ngành"]
)
def test_group_phrases_without_a_group_in_the_catalogue_are_one_phrase(cell):
    assert names(cell, UnitIndex.build(UNITS)) == [(cell, (), "", True, False)]


def test_aliases_name_a_unit_a_group_or_nothing():
    idx = index(
        aliases=[
            ("Sở KH&CN", Alias("Sở KH&CN", unit_id=4)),
            ("UBND cấp xã", Alias("UBND cấp xã", group="Xã", group_unit_ids=(1, 2))),
            ("Tổ công tác", Alias("Tổ công tác")),
        ]
    )
    assert names("Sở KH&CN, UBND cấp xã và Tổ công tác", idx) == [
        ("Sở KH&CN", (4,), "", False, False),
        ("UBND cấp xã", (1, 2), "Xã", False, False),
        ("Tổ công tác", (), "", False, True),
    ]


def parse(rows):
    return parse_workbook(io.BytesIO(workbook_bytes(rows)), year=2025, units=index(), areas=AREAS)


def test_a_task_keeps_the_cell_as_written_and_names_what_matched_nothing():
    rows = [
        HEADER,
        ["I", "Công tác chỉ đạo, điều hành"],
        [
            1,
            "Nhiệm vụ một",
            None,
            "Sở Khoa học và Công nghệ",
            "Sở Nội vụ, UBND cấp xã và các cơ quan liên quan",
            "Quý I",
        ],
        [2, "Nhiệm vụ hai", None, "Sở Nội vụ", "Các sở, ngành liên quan;\nSở Khoa học và Công nghệ", "Quý I"],
        [3, "Nhiệm vụ ba", None, "Sở Nội vụ và Sở Tư pháp", "UBND cấp xã", "Quý I"],
    ]
    parsed = parse(rows)
    one, two, three = (t for _a, t in parsed.tasks)

    # No "several lead units" warning and no fragment: one unknown name, in two cells.
    assert one.lead.text == "Sở Khoa học và Công nghệ" and one.lead.unit_id is None
    assert [n.text for n in parsed.unknown_units.values()] == ["Sở Khoa học và Công nghệ", "UBND cấp xã"]
    sk = parsed.unknown_units["khoa hoc va cong nghe"]
    assert (sk.cells, sk.in_lead, sk.blocking) == (["Phụ lục!D3", "Phụ lục!E4"], True, True)
    xa = parsed.unknown_units["cap xa"]
    assert (xa.cells, xa.in_lead, xa.blocking) == (["Phụ lục!E3", "Phụ lục!E5"], False, False)

    assert one.coordination_text == "Sở Nội vụ, UBND cấp xã và các cơ quan liên quan"
    assert [(r.text, r.unit_id) for r in one.coordinating] == [("Sở Nội vụ", 1)]
    assert one.kept_as_text == ["UBND cấp xã", "các cơ quan liên quan"]
    assert one.coordinating_labels == [("Sở Nội vụ", True), ("UBND cấp xã", False), ("các cơ quan liên quan", False)]

    assert two.coordinating_ids == [2, 3, 4]
    assert two.coordination_text == "Các sở, ngành liên quan; Sở Khoa học và Công nghệ"
    assert [(r.text, r.unit_id) for r in two.coordinating][-1] == ("Sở Khoa học và Công nghệ", None)

    assert (three.lead.unit_id, three.coordinating_ids) == (1, [2])
    assert [(i.level, i.where, i.kind) for i in parsed.issues] == [
        (ERROR, "Phụ lục!D3", UNKNOWN_UNIT),
        (WARNING, "Phụ lục!E3", GROUP_PHRASE),
        (ERROR, "Phụ lục!E4", UNKNOWN_UNIT),
        (WARNING, "Phụ lục!D5", SEVERAL_LEADS),
        (WARNING, "Phụ lục!E5", GROUP_PHRASE),
    ]
    assert parsed.cells_to_fix == 0
    assert [n.text for n in parsed.unresolved_names] == ["Sở Khoa học và Công nghệ"]


def test_a_group_phrase_as_lead_is_an_error():
    rows = [HEADER, ["I", "Chỉ đạo, điều hành"], [1, "Nhiệm vụ", None, "UBND cấp xã", None, "Quý I"]]
    parsed = parse(rows)
    assert [(i.level, i.where, i.kind) for i in parsed.issues] == [(ERROR, "Phụ lục!D3", "")]
    assert "UBND cấp xã" in parsed.issues[0].message
