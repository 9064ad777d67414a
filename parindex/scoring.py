"""The PAR INDEX arithmetic (docs/DOMAIN.md, "PAR INDEX"), as pure functions of plain values:
no database, so every rule is tested on its own with exact figures.

A sheet is a list of scored lines (sub-criteria, or criteria without sub-criteria), each in an
area. A line's maximum is positive; a deduction line has a negative maximum (the most it can
take away) and scores between it and 0. Lines a unit is not assessed on ("không áp dụng") count
neither in its points nor in its maximum, and the index is the points over the maximum that
applies, in percent: the sheet is rescaled to 100. An area's points never fall below its floor
(0 unless the set says otherwise), whatever its deductions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
ZERO = Decimal("0")

SELF = "self"
APPRAISED = "appraised"
SURVEY = "survey"
COMPUTED = "computed"


def round_points(value: Decimal) -> Decimal:
    """Two decimals, half up (as cchc.formatting.rate_percent rounds): 0,125 → 0,13."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    """One scored row of a unit's sheet. `self_score` is the unit's own (or the computed value
    for a computed line), `appraised` the Sở Nội vụ's (None: not appraised yet, the unit's
    score stands), `survey` the survey result for a survey line."""

    key: int
    area: int
    max_points: Decimal
    kind: str = SELF
    self_score: Decimal | None = None
    appraised: Decimal | None = None
    survey: Decimal | None = None
    not_applicable: bool = False

    @property
    def is_deduction(self) -> bool:
        return self.max_points < 0


def clamp(value: Decimal, max_points: Decimal) -> Decimal:
    """A score kept within its line: 0..max, or max..0 for a deduction line."""
    low, high = (max_points, ZERO) if max_points < 0 else (ZERO, max_points)
    return min(max(value, low), high)


def self_points(line: Line) -> Decimal:
    if line.not_applicable or line.kind == SURVEY or line.self_score is None:
        return ZERO
    return clamp(line.self_score, line.max_points)


def appraised_points(line: Line) -> Decimal:
    """What the appraisal gives (the unit's score where the appraiser has not changed it);
    0 for a survey line, which the survey scores."""
    if line.not_applicable or line.kind == SURVEY:
        return ZERO
    if line.appraised is not None:
        return clamp(line.appraised, line.max_points)
    if line.kind == APPRAISED:  # scored by the appraiser only
        return ZERO
    return self_points(line)


def survey_points(line: Line) -> Decimal:
    if line.not_applicable or line.kind != SURVEY or line.survey is None:
        return ZERO
    return clamp(line.survey, line.max_points)


def obtained(line: Line) -> Decimal:
    """Điểm đạt được of one line."""
    return appraised_points(line) + survey_points(line)


def line_maximum(line: Line) -> Decimal:
    """What the line counts in the sheet's maximum: nothing when not applicable or a deduction."""
    return ZERO if line.not_applicable or line.is_deduction else line.max_points


@dataclass(frozen=True)
class AreaScore:
    area: int
    maximum: Decimal
    self_total: Decimal
    appraised_total: Decimal
    survey_total: Decimal
    total: Decimal
    floor: Decimal

    @property
    def lost(self) -> Decimal:
        """Points the area did not obtain ("bị trừ điểm"), deductions included."""
        return self.maximum - self.total


def _floored(values: Iterable[Decimal], floor: Decimal) -> Decimal:
    return max(sum(values, ZERO), floor)


def area_scores(lines: Sequence[Line], floors: Mapping[int, Decimal] | None = None) -> list[AreaScore]:
    """Per area, in the order areas first appear: each column's sum, never below the floor."""
    floors = floors or {}
    order: list[int] = []
    by_area: dict[int, list[Line]] = {}
    for line in lines:
        if line.area not in by_area:
            order.append(line.area)
            by_area[line.area] = []
        by_area[line.area].append(line)
    scores = []
    for area in order:
        members = by_area[area]
        floor = floors.get(area, ZERO)
        maximum = sum((line_maximum(li) for li in members), ZERO)
        appraised = _floored((appraised_points(li) for li in members), floor)
        survey = sum((survey_points(li) for li in members), ZERO)
        # The floor applies to what the area obtains (appraisal and survey together).
        total = max(sum((obtained(li) for li in members), ZERO), floor)
        scores.append(
            AreaScore(
                area=area,
                maximum=maximum,
                self_total=_floored((self_points(li) for li in members), floor),
                appraised_total=appraised,
                survey_total=survey,
                total=total,
                floor=floor,
            )
        )
    return scores


def index_percent(points: Decimal, maximum: Decimal) -> Decimal | None:
    """Points over the applicable maximum in percent, two decimals half up; None without a
    maximum."""
    if maximum <= 0:
        return None
    return round_points(points * 100 / maximum)


@dataclass(frozen=True)
class SheetScore:
    areas: list[AreaScore]
    maximum: Decimal
    self_total: Decimal
    appraised_total: Decimal
    survey_total: Decimal
    total: Decimal

    @property
    def index(self) -> Decimal | None:
        """Chỉ số (%): rescaled to 100 when lines do not apply."""
        return index_percent(self.total, self.maximum)

    @property
    def self_index(self) -> Decimal | None:
        return index_percent(self.self_total, self.maximum)

    @property
    def lost(self) -> Decimal:
        return self.maximum - self.total


def sheet_score(lines: Sequence[Line], floors: Mapping[int, Decimal] | None = None) -> SheetScore:
    areas = area_scores(lines, floors)
    return SheetScore(
        areas=areas,
        maximum=sum((a.maximum for a in areas), ZERO),
        self_total=sum((a.self_total for a in areas), ZERO),
        appraised_total=sum((a.appraised_total for a in areas), ZERO),
        survey_total=sum((a.survey_total for a in areas), ZERO),
        total=sum((a.total for a in areas), ZERO),
    )


def lost_lines(lines: Sequence[Line]) -> list[tuple[Line, Decimal]]:
    """The lines where points were lost, most lost first (a deduction loses what it takes)."""
    lost = []
    for line in lines:
        if line.not_applicable:
            continue
        missing = line_maximum(line) - obtained(line)
        if missing > 0:
            lost.append((line, missing))
    return sorted(lost, key=lambda pair: -pair[1])


# ---------------------------------------------------------------- ranking


def ranks(indexes: Mapping[int, Decimal | None]) -> dict[int, int]:
    """Rank by index, highest first, as published tables rank: the same index, the same rank,
    and the next rank skipped (1, 2, 2, 4). Units without an index are not ranked."""
    scored = sorted((v, k) for k, v in indexes.items() if v is not None)
    scored.sort(key=lambda pair: -pair[0])
    result: dict[int, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (value, key) in enumerate(scored, start=1):
        if value != previous:
            rank = position
            previous = value
        result[key] = rank
    return result


def rank_label(rank: int, count: int) -> str:
    """ "05/19": both numbers written with at least two digits, as decisions write them."""
    return f"{rank:02d}/{count:02d}"


DEFAULT_GROUP_BOUNDS = (Decimal("90"), Decimal("80"), Decimal("70"))


@dataclass(frozen=True)
class Group:
    """A band of the published ranking: index ≥ lower (and < upper)."""

    letter: str
    lower: Decimal | None
    upper: Decimal | None


def groups(bounds: Sequence[Decimal] = DEFAULT_GROUP_BOUNDS) -> list[Group]:
    """Bounds 90, 80, 70 → A ≥ 90; B 80–< 90; C 70–< 80; D < 70."""
    ordered = sorted(bounds, reverse=True)
    letters = "ABCDEFGH"
    result = []
    upper: Decimal | None = None
    for position, lower in enumerate(ordered):
        result.append(Group(letters[position], lower, upper))
        upper = lower
    result.append(Group(letters[len(ordered)], None, upper))
    return result


def group_of(index: Decimal | None, bounds: Sequence[Decimal] = DEFAULT_GROUP_BOUNDS) -> Group | None:
    if index is None:
        return None
    for group in groups(bounds):
        if group.lower is None or index >= group.lower:
            return group
    return None  # pragma: no cover - the last group has no lower bound


def parse_bounds(text: str) -> list[Decimal]:
    """ "90; 80; 70" (or with commas as decimal marks: "87,5; 75") → [90, 80, 70]; ValueError."""
    values = []
    for part in text.replace(" ", "").split(";"):
        if not part:
            continue
        value = Decimal(part.replace(",", "."))
        if not (0 < value <= 100):
            raise ValueError(part)
        values.append(value)
    if len(values) != len(set(values)) or len(values) > 7:
        raise ValueError(text)
    return sorted(values, reverse=True)


# ---------------------------------------------------------------- computed sub-criteria


@dataclass(frozen=True)
class Band:
    """Points for a rate at or above `lower` (percent); `proportional`: the rate's share of
    the maximum (80–100% proportional)."""

    lower: Decimal
    points: Decimal = ZERO
    proportional: bool = False


@dataclass(frozen=True)
class Bands:
    bands: tuple[Band, ...] = field(default_factory=tuple)

    def score(self, rate: Decimal | None, max_points: Decimal) -> Decimal:
        """The points of the highest band the rate reaches; 0 below every band or without a rate."""
        if rate is None:
            return ZERO
        for band in sorted(self.bands, key=lambda b: -b.lower):
            if rate >= band.lower:
                if band.proportional:
                    return round_points(max_points * min(rate, Decimal(100)) / 100)
                return min(band.points, max_points)
        return ZERO


def parse_bands(text: str) -> Bands:
    """Bands as the set writes them, highest first, ";"-separated "lower:points", or
    "lower:tl" for proportional: "90:2; 70:1" (> 90% → 2, 70–90% → 1, below → 0),
    "80:tl" (≥ 80% proportional, below → 0), "30:1; 20:0,5". ValueError on anything else."""
    bands = []
    for part in text.replace(" ", "").split(";"):
        if not part:
            continue
        lower_text, _, points_text = part.partition(":")
        lower = Decimal(lower_text.replace(",", "."))
        if not (0 <= lower <= 100):
            raise ValueError(part)
        if points_text.lower() == "tl":
            bands.append(Band(lower, proportional=True))
        else:
            points = Decimal(points_text.replace(",", "."))
            if points < 0:
                raise ValueError(part)
            bands.append(Band(lower, points))
    if not bands:
        raise ValueError(text)
    return Bands(tuple(bands))


def plan_issued_points(*, issued: bool, on_time: bool, max_points: Decimal, late_points: Decimal) -> Decimal:
    """Plan issued on time → the maximum; late → `late_points`; not issued → 0."""
    if not issued:
        return ZERO
    return max_points if on_time else min(late_points, max_points)


def report_deduction(
    *, late: int, missing: int, per_late: Decimal = Decimal("0.25"), per_missing: Decimal = Decimal("0.5")
) -> Decimal:
    """−0,25 per late report, −0,5 per missing one (a negative number, or 0)."""
    return -(per_late * late + per_missing * missing)


def reports_points(*, late: int, missing: int, max_points: Decimal, per_late: Decimal, per_missing: Decimal) -> Decimal:
    """A positive line "every report on time": its maximum less the deductions, not below 0;
    a deduction line (negative maximum): the deductions, not below its maximum."""
    deduction = report_deduction(late=late, missing=missing, per_late=per_late, per_missing=per_missing)
    if max_points < 0:
        return max(deduction, max_points)
    return max(max_points + deduction, ZERO)


def findings_points(*, found: int, fixed: int, fixing: int, max_points: Decimal = Decimal(1)) -> Decimal:
    """(b/a) × 1 + (c/a) × 0,5 of the maximum, a = findings, b = fixed, c = being fixed; the
    maximum when nothing was found."""
    if found <= 0:
        return max_points
    share = (Decimal(fixed) + Decimal(fixing) / 2) / Decimal(found)
    return min(round_points(share * max_points), max_points)


# ---------------------------------------------------------------- change against last year


def rank_change(previous: int | None, current: int | None) -> str:
    """ "tăng 04 bậc", "giảm 02 bậc", "giữ nguyên"; empty without both ranks."""
    from django.utils.translation import gettext as _

    if previous is None or current is None:
        return ""
    if current < previous:
        return _("tăng %(n)s bậc") % {"n": f"{previous - current:02d}"}
    if current > previous:
        return _("giảm %(n)s bậc") % {"n": f"{current - previous:02d}"}
    return _("giữ nguyên")
