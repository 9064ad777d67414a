"""Reads of the PAR INDEX pages: a unit's sheet (rows with its scores, computed values with
their inputs, totals) and a set's results (every unit's scores, rank, group, change against
last year). The arithmetic is parindex/scoring.py; here only the data is gathered, in a fixed
number of queries per set."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.formatting import format_date, points_change, rate_percent
from inspections.models import RecommendationResponse
from tasks.workflow_models import Evidence
from units.models import Unit

from . import scoring
from .computed import Computed, computed_scores
from .models import CriteriaSet, Criterion, Level, ParEvidence, Score, ScoringKind, SetStatus


def assessed_units(criteria_set: CriteriaSet) -> QuerySet[Unit]:
    """The units listed on the set, or by default the active units of its unit type."""
    listed = criteria_set.units.all()
    if listed.exists():
        return listed.order_by("order", "name")
    return (
        Unit.objects.active()
        .filter(kind=criteria_set.unit_kind)
        .exclude(pk=criteria_set.agency_id)
        .order_by("order", "name")
    )


@dataclass
class SheetRow:
    criterion: Criterion
    depth: int
    score: Score | None = None
    computed: Computed | None = None
    line: scoring.Line | None = None
    documents: list[ParEvidence] = field(default_factory=list)

    @property
    def is_scored(self) -> bool:
        return self.line is not None

    @property
    def obtained(self) -> Decimal | None:
        return scoring.obtained(self.line) if self.line is not None else None


@dataclass
class AreaProgress:
    area: Criterion
    done: int = 0
    total: int = 0

    @property
    def rate(self) -> Decimal | None:
        return rate_percent(self.done, self.total)


@dataclass
class Sheet:
    criteria_set: CriteriaSet
    unit: Unit
    rows: list[SheetRow]
    score: scoring.SheetScore
    area_scores: dict[int, scoring.AreaScore] = field(default_factory=dict)

    def progress(self) -> list[AreaProgress]:
        """Per area, the rows the unit scores itself that it has scored (self-scored rows that
        apply)."""
        result: dict[int, AreaProgress] = {}
        order: list[int] = []
        for row in self.rows:
            if row.depth == 0:
                result[row.criterion.pk] = AreaProgress(area=row.criterion)
                order.append(row.criterion.pk)
            line = row.line
            if line is None or line.not_applicable or line.kind != ScoringKind.SELF:
                continue
            progress = result[line.area]
            progress.total += 1
            progress.done += row.score is not None and row.score.self_score is not None
        return [result[pk] for pk in order if result[pk].total]

    def lost(self) -> list[tuple[SheetRow, Decimal]]:
        """Rows where the unit loses points now, most first ("bị trừ điểm")."""
        by_key = {row.criterion.pk: row for row in self.rows}
        return [
            (by_key[line.key], missing) for line, missing in scoring.lost_lines([r.line for r in self.rows if r.line])
        ]


def _tree(rows: list[Criterion]) -> tuple[list[tuple[Criterion, int]], dict[int, int], set[int]]:
    """Rows in order with their depth, each row's area, and the ids of rows with children."""
    parents = {row.parent_id for row in rows if row.parent_id}
    by_id = {row.pk: row for row in rows}
    area_of: dict[int, int] = {}
    ordered = []
    for row in sorted(rows, key=lambda r: r.order):
        depth, top = 0, row
        while top.parent_id:
            top = by_id[top.parent_id]
            depth += 1
        area_of[row.pk] = top.pk
        ordered.append((row, depth))
    return ordered, area_of, parents


def _line(row: Criterion, area: int, score: Score | None, computed: Computed | None) -> scoring.Line:
    self_score = computed.points if computed is not None else (score.self_score if score else None)
    return scoring.Line(
        key=row.pk,
        area=area,
        max_points=row.max_points,
        kind=row.kind,
        self_score=self_score,
        appraised=score.appraised if score else None,
        survey=score.survey if score else None,
        not_applicable=bool(score and score.not_applicable),
    )


def _sheets(criteria_set: CriteriaSet, units: list[Unit], *, today: datetime.date) -> dict[int, Sheet]:
    rows = list(criteria_set.criteria.all())
    ordered, area_of, parents = _tree(rows)
    scores: dict[tuple[int, int], Score] = {
        (s.unit_id, s.criterion_id): s
        for s in Score.objects.filter(criteria_set=criteria_set, unit__in=[u.pk for u in units])
    }
    computed_rows = [r for r in rows if r.kind == ScoringKind.COMPUTED and r.rule and r.pk not in parents]
    computed = computed_scores(criteria_set, computed_rows, units, today=today)
    floors = {r.pk: r.floor for r in rows if r.level == Level.AREA}
    sheets = {}
    for unit in units:
        sheet_rows = []
        for row, depth in ordered:
            score = scores.get((unit.pk, row.pk))
            value = computed.get((unit.pk, row.pk))
            line = None if row.pk in parents else _line(row, area_of[row.pk], score, value)
            sheet_rows.append(SheetRow(criterion=row, depth=depth, score=score, computed=value, line=line))
        total = scoring.sheet_score([r.line for r in sheet_rows if r.line], floors)
        sheets[unit.pk] = Sheet(
            criteria_set=criteria_set,
            unit=unit,
            rows=sheet_rows,
            score=total,
            area_scores={a.area: a for a in total.areas},
        )
    return sheets


def unit_sheet(criteria_set: CriteriaSet, unit: Unit, *, today: datetime.date) -> Sheet:
    """One unit's sheet, each row with the documents backing it."""
    sheet = _sheets(criteria_set, [unit], today=today)[unit.pk]
    by_row: dict[int, list[ParEvidence]] = {}
    for document in ParEvidence.objects.filter(criteria_set=criteria_set, unit=unit).select_related(
        "task_evidence", "inspection_response"
    ):
        by_row.setdefault(document.criterion_id, []).append(document)
    for row in sheet.rows:
        row.documents = by_row.get(row.criterion.pk, [])
    return sheet


@dataclass(frozen=True)
class UnitDocument:
    """A file the unit already has in the tracker, offered as evidence without re-uploading."""

    key: str  # "t<pk>" task evidence, "i<pk>" inspection response
    name: str
    date: datetime.date
    source: str

    @property
    def label(self) -> str:
        return f"{self.name} — {format_date(self.date)} — {self.source}"


def unit_documents(unit: Unit) -> list[UnitDocument]:
    """Evidence files of the tasks the unit leads and of its responses to inspection
    recommendations, newest first."""
    found: list[UnitDocument] = []
    for evidence in (
        Evidence.objects.filter(task__lead_unit=unit).exclude(file="").select_related("task").order_by("-created_at")
    ):
        found.append(
            UnitDocument(
                key=f"t{evidence.pk}",
                name=evidence.original_name or evidence.file.name.rsplit("/", 1)[-1],
                date=timezone.localdate(evidence.created_at),
                source=_("Nhiệm vụ %(number)s: %(content)s")
                % {"number": evidence.task.number, "content": evidence.task.content[:80]},
            )
        )
    for response in (
        RecommendationResponse.objects.filter(recommendation__responsible_unit=unit)
        .exclude(evidence="")
        .select_related("recommendation")
        .order_by("-created_at")
    ):
        found.append(
            UnitDocument(
                key=f"i{response.pk}",
                name=response.evidence_name or response.evidence.name.rsplit("/", 1)[-1],
                date=timezone.localdate(response.created_at),
                source=_("Kiến nghị sau kiểm tra: %(content)s") % {"content": response.recommendation.content[:80]},
            )
        )
    return sorted(found, key=lambda d: d.date, reverse=True)


@dataclass
class UnitResult:
    unit: Unit
    sheet: Sheet
    rank: int | None
    rank_label: str
    group: scoring.Group | None
    previous_rank: int | None = None
    previous_index: Decimal | None = None

    @property
    def index(self) -> Decimal | None:
        return self.sheet.score.index

    @property
    def rank_change(self) -> str:
        return scoring.rank_change(self.previous_rank, self.rank)

    @property
    def points_change(self) -> str:
        if self.previous_index is None or self.index is None:
            return ""
        return points_change(self.index - self.previous_index)


@dataclass
class Results:
    criteria_set: CriteriaSet
    rows: list[UnitResult]
    areas: list[Criterion]
    previous: CriteriaSet | None = None

    def area_chart(self) -> dict:
        """Each unit's share of each area's points (%), for the comparison chart; None where
        the area does not apply to the unit."""
        return {
            "labels": [row.unit.code for row in self.rows],
            "datasets": [
                {
                    "label": f"{area.stt}. {area.content[:40]}",
                    "data": [_area_rate(row.sheet, area.pk) for row in self.rows],
                }
                for area in self.areas
            ],
        }


def _area_rate(sheet: Sheet, area_pk: int) -> str | None:
    area = sheet.area_scores.get(area_pk)
    rate = area.index if area else None
    return None if rate is None else str(rate)


def previous_set(criteria_set: CriteriaSet) -> CriteriaSet | None:
    """Last year's published set of the same agency and unit type."""
    return CriteriaSet.objects.filter(
        agency=criteria_set.agency,
        unit_kind=criteria_set.unit_kind,
        year=criteria_set.year - 1,
        status=SetStatus.PUBLISHED,
    ).first()


def _bounds(criteria_set: CriteriaSet) -> list[Decimal]:
    try:
        return scoring.parse_bounds(criteria_set.group_bounds)
    except (ValueError, ArithmeticError):
        return list(scoring.DEFAULT_GROUP_BOUNDS)


def results(criteria_set: CriteriaSet, *, today: datetime.date, with_previous: bool = True) -> Results:
    """Every assessed unit, best index first (ties by name), with its rank "05/19" among them."""
    units = list(assessed_units(criteria_set))
    sheets = _sheets(criteria_set, units, today=today)
    indexes = {uid: sheet.score.index for uid, sheet in sheets.items()}
    ranked = scoring.ranks(indexes)
    bounds = _bounds(criteria_set)
    count = len(ranked)
    previous = previous_set(criteria_set) if with_previous else None
    before = results(previous, today=today, with_previous=False) if previous else None
    before_by_unit = {r.unit.pk: r for r in before.rows} if before else {}
    rows = []
    for unit in units:
        rank = ranked.get(unit.pk)
        last = before_by_unit.get(unit.pk)
        rows.append(
            UnitResult(
                unit=unit,
                sheet=sheets[unit.pk],
                rank=rank,
                rank_label=scoring.rank_label(rank, count) if rank else "",
                group=scoring.group_of(indexes[unit.pk], bounds),
                previous_rank=last.rank if last else None,
                previous_index=last.index if last else None,
            )
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.unit.name))
    areas = [r for r in criteria_set.criteria.all() if r.level == Level.AREA]
    return Results(criteria_set=criteria_set, rows=rows, areas=sorted(areas, key=lambda a: a.order), previous=previous)


def next_stt(criteria_set: CriteriaSet, parent: Criterion | None) -> str:
    """The STT a new row would take: one more than the last of its siblings read as numbers
    (the next area, or "1.1.5" after 1.1.4; "1.1.1" under a row without rows)."""
    siblings = criteria_set.criteria.filter(parent=parent).values_list("stt", flat=True)
    last = max((int(stt.rsplit(".", 1)[-1]) for stt in siblings if stt.rsplit(".", 1)[-1].isdigit()), default=0)
    return f"{parent.stt}.{last + 1}" if parent is not None else str(last + 1)
