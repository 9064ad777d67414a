"""The demo's PAR INDEX (docs/DOMAIN.md, "PAR INDEX"): the province's criteria set for its 19
departments (8 areas, 40 criteria, 61 sub-criteria, 100 points), published for the two years
before the demo's year — Thanh tra tỉnh 09/19 then 05/19, "tăng 04 bậc" — and open for
self-assessment in the demo's year, its computed rows scored from the demo's plan, reports and
inspections. Written through parindex/services.py like any set."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from accounts.models import User
from units.models import Unit, UnitKind

from . import services
from .imports import ParsedRow, ParsedSet
from .models import CriteriaSet, Level, Rule, ScoringKind

AGENCY = "UBND-TINH"
TITLE = "Bộ tiêu chí xác định Chỉ số CCHC các sở, ban, ngành tỉnh Sông Lam"

# The 19 departments assessed, from the best to the worst of each published year.
RANKING_2 = [  # two years before the demo's year: Thanh tra tỉnh 09/19
    "STP", "SNV", "VP-UBND", "STC", "SYT", "SKHCN", "SGDDT", "SXD", "TTT", "SCT",
    "SNNMT", "SVHTTDL", "BQLKKT", "SDTTG", "SNGV", "DPTTH", "BQLDA-DD", "BQLDA-GT", "BQLDA-NN",
]  # fmt: skip
RANKING_1 = [  # last year: Thanh tra tỉnh 05/19, up four places
    "STP", "SNV", "VP-UBND", "STC", "TTT", "SYT", "SKHCN", "SGDDT", "SXD", "SCT",
    "SNNMT", "SVHTTDL", "BQLKKT", "SDTTG", "SNGV", "DPTTH", "BQLDA-DD", "BQLDA-GT", "BQLDA-NN",
]  # fmt: skip
# Units without administrative procedures of their own: area III does not apply.
NO_PROCEDURES = ["DPTTH", "BQLDA-DD", "BQLDA-GT", "BQLDA-NN"]

# Area I scored from the tracker's own records: (stt, content, points, rule, bands, method).
_AREA_I = [
    ("1.1", "Kế hoạch CCHC năm", "3", None, "", ""),
    ("1.1.1", "Ban hành kế hoạch CCHC năm đúng thời hạn", "1", Rule.PLAN_ISSUED, "", "Đúng hạn: 1; chậm: 0,5; không ban hành: 0"),  # noqa: E501
    ("1.1.2", "Mức độ hoàn thành kế hoạch CCHC", "2", Rule.PLAN_COMPLETION, "90:2; 70:1", "Trên 90%: 2; từ 70% đến 90%: 1; dưới 70%: 0"),  # noqa: E501
    ("1.2", "Báo cáo CCHC định kỳ", "2", None, "", ""),
    ("1.2.1", "Thực hiện chế độ báo cáo định kỳ", "2", Rule.REPORTS, "", "Mỗi báo cáo muộn trừ 0,25; không gửi trừ 0,5"),  # noqa: E501
    ("1.3", "Công tác kiểm tra CCHC", "3", None, "", ""),
    ("1.3.1", "Tỷ lệ cơ quan, đơn vị trực thuộc được kiểm tra", "1", Rule.INSPECTION_COVERAGE, "30:1; 20:0,5", "Từ 30%: 1; 20% đến dưới 30%: 0,5; dưới 20%: 0"),  # noqa: E501
    ("1.3.2", "Xử lý các vấn đề phát hiện qua kiểm tra", "2", Rule.FINDINGS, "", "2 × [(b/a) × 1 + (c/a) × 0,5]; a: tồn tại phát hiện, b: đã khắc phục, c: đang khắc phục"),  # noqa: E501
    ("1.4", "Công tác tuyên truyền CCHC", "3", None, "", ""),
    ("1.5", "Sáng kiến, mô hình mới trong CCHC", "3", None, "", ""),
]  # fmt: skip
# Areas II–VIII: (name, points, five criteria); the first two criteria of each have three
# sub-criteria and the third two; area VIII is scored by the survey.
_AREAS = [
    ("Công tác chỉ đạo, điều hành CCHC", "14", []),
    ("Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", "10", [
        "Tham mưu xây dựng văn bản QPPL", "Rà soát, hệ thống hóa văn bản", "Theo dõi thi hành pháp luật",
        "Kiểm tra, xử lý văn bản", "Phổ biến, giáo dục pháp luật"]),
    ("Cải cách thủ tục hành chính", "14", [
        "Kiểm soát quy định TTHC", "Công khai TTHC", "Thực hiện cơ chế một cửa, một cửa liên thông",
        "Tiếp nhận, xử lý phản ánh, kiến nghị", "Số hóa hồ sơ, kết quả giải quyết TTHC"]),
    ("Cải cách tổ chức bộ máy hành chính nhà nước", "10", [
        "Sắp xếp tổ chức bộ máy", "Quản lý biên chế", "Phân cấp, ủy quyền",
        "Quy chế làm việc", "Kiểm tra việc thực hiện phân cấp"]),
    ("Cải cách chế độ công vụ", "12", [
        "Vị trí việc làm", "Tuyển dụng, bố trí công chức", "Đào tạo, bồi dưỡng",
        "Đánh giá, xếp loại công chức", "Kỷ luật, kỷ cương hành chính"]),
    ("Cải cách tài chính công", "10", [
        "Thực hiện dự toán ngân sách", "Cơ chế tự chủ tài chính", "Quản lý tài sản công",
        "Công khai tài chính", "Thực hành tiết kiệm, chống lãng phí"]),
    ("Xây dựng và phát triển chính quyền điện tử, chính quyền số", "12", [
        "Hạ tầng công nghệ thông tin", "Dịch vụ công trực tuyến", "Thanh toán trực tuyến",
        "Văn bản điện tử, chữ ký số", "An toàn thông tin mạng"]),
    ("Tác động của CCHC đến người dân, tổ chức (điều tra xã hội học)", "18", [
        "Tiếp cận dịch vụ", "Thủ tục hành chính", "Công chức giải quyết công việc",
        "Kết quả giải quyết công việc", "Tiếp nhận, xử lý ý kiến"]),
]  # fmt: skip
_SUBS = ["Mức độ hoàn thành", "Tính kịp thời", "Chất lượng, hiệu quả"]
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
QUARTER = Decimal("0.25")


def _split(total: Decimal, parts: int) -> list[Decimal]:
    """`total` in `parts` shares of whole quarters, the larger first: 10 in 3 → 3,5 3,25 3,25."""
    quarters = int(total / QUARTER)
    base, extra = divmod(quarters, parts)
    return [QUARTER * (base + (1 if i < extra else 0)) for i in range(parts)]


def criteria_rows() -> ParsedSet:
    """The set as the province's workbook would give it (parindex/imports.py's rows)."""
    parsed = ParsedSet()
    for number, (name, area_points, criteria) in enumerate(_AREAS, start=1):
        area = str(number)
        parsed.rows.append(ParsedRow(stt=area, level=Level.AREA, content=name, max_points=Decimal(area_points)))
        if number == 1:
            for stt, content, value, _rule, _bands, method in _AREA_I:
                level = Level.SUB if stt.count(".") == 2 else Level.CRITERION
                parent = stt.rsplit(".", 1)[0]
                parsed.rows.append(
                    ParsedRow(
                        stt=stt,
                        level=level,
                        content=content,
                        max_points=Decimal(value),
                        method=method,
                        parent_stt=parent,
                    )
                )
            continue
        for c, (content, value) in enumerate(zip(criteria, _split(Decimal(area_points), 5), strict=True), start=1):
            stt = f"{area}.{c}"
            parsed.rows.append(
                ParsedRow(stt=stt, level=Level.CRITERION, content=content, max_points=value, parent_stt=area)
            )
            parts = {1: 3, 2: 3, 3: 2}.get(c, 0)
            if parts:
                for s, (sub, sub_value) in enumerate(zip(_SUBS[:parts], _split(value, parts), strict=True), start=1):
                    parsed.rows.append(
                        ParsedRow(
                            stt=f"{stt}.{s}",
                            level=Level.SUB,
                            content=f"{sub}: {content.lower()}",
                            max_points=sub_value,
                            evidence="Văn bản, báo cáo kèm theo" if s == 1 else "",
                            parent_stt=stt,
                        )
                    )
    return parsed


def _configure(criteria_set: CriteriaSet, by: User) -> None:
    rules = {stt: (rule, bands) for stt, _c, _p, rule, bands, _m in _AREA_I if rule}
    for row in criteria_set.criteria.all():
        if row.stt in rules:
            rule, bands = rules[row.stt]
            services.criterion_set_rule(criterion=row, kind=ScoringKind.COMPUTED, rule=rule, bands=bands, by=by)
        elif row.stt == "8" or row.stt.startswith("8."):
            services.criterion_set_rule(criterion=row, kind=ScoringKind.SURVEY, by=by)


def _share(value: Decimal, ratio: Decimal) -> Decimal:
    return (value * ratio).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _scores(
    criteria_set: CriteriaSet, ranking: list[str], units: Mapping[str, Unit], by: User, *, appraise: bool
) -> None:
    """Each unit scores the same share of every row, falling 1,2 points of index per place."""
    rows = list(criteria_set.criteria.all())
    parents = {r.parent_id for r in rows if r.parent_id}
    leaves = [r for r in rows if r.pk not in parents]
    area_of = {r.pk: r.stt.split(".")[0] for r in rows}
    for place, code in enumerate(ranking):
        ratio = Decimal("0.955") - Decimal("0.012") * place
        scores: dict[int, dict[str, Decimal | bool | None]] = {}
        for leaf in leaves:
            if code in NO_PROCEDURES and area_of[leaf.pk] == "3":
                scores[leaf.pk] = {"not_applicable": True}
            elif leaf.kind == ScoringKind.SURVEY:
                scores[leaf.pk] = {"survey": _share(leaf.max_points, ratio) if appraise else None}
            else:
                value = _share(leaf.max_points, ratio)
                scores[leaf.pk] = {
                    "self_score": min(leaf.max_points, value + QUARTER),
                    "appraised": value if appraise else None,
                }
        services.scores_load(criteria_set=criteria_set, unit=units[code], scores=scores, by=by)


def demo_load_parindex(*, year: int, users: Mapping[str, User], today: datetime.date) -> list[CriteriaSet]:
    """The sets of year − 2 and year − 1 (published) and year (self-assessment open)."""
    by = users["thuongtruc"]
    agency = Unit.objects.get(code=AGENCY)
    CriteriaSet.objects.filter(agency=agency, year__in=[year - 2, year - 1, year]).delete()
    units = {u.code: u for u in Unit.objects.filter(code__in=RANKING_1)}
    first = services.criteria_set_import(
        agency=agency,
        year=year - 2,
        unit_kind=UnitKind.DEPARTMENT,
        title=TITLE,
        decision=f"Quyết định số 2150/QĐ-UBND ngày 15/11/{year - 3}",
        parsed=criteria_rows(),
        by=by,
    )
    first.units.set(units.values())
    _configure(first, by)
    sets = [first]
    for offset, ranking in ((2, RANKING_2), (1, RANKING_1)):
        criteria_set = sets[-1] if offset == 2 else services.criteria_set_copy(source=sets[-1], year=year - 1, by=by)
        if offset == 1:
            sets.append(criteria_set)
        services.criteria_set_open(criteria_set=criteria_set, by=by)
        _scores(criteria_set, ranking, units, by, appraise=True)
        services.criteria_set_publish(
            criteria_set=criteria_set,
            decision=f"Quyết định số {412 + offset}/QĐ-UBND",
            date=datetime.date(year - offset + 1, 2, 20),
            by=by,
        )
    current = services.criteria_set_copy(source=sets[-1], year=year, by=by)
    current.self_deadline = datetime.date(year, 12, 15)
    current.save(update_fields=["self_deadline"])
    services.criteria_set_open(criteria_set=current, by=by)
    # Self-assessment under way: the first ten of last year's ranking have entered their scores.
    _scores(current, RANKING_1[:10], units, by, appraise=False)
    area_iii = current.criteria.get(stt="3")
    for code in NO_PROCEDURES:
        services.score_not_applicable(criteria_set=current, unit=units[code], criterion=area_iii, value=True, by=by)
    return [*sets, current]
