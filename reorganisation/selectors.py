"""Reads of the reorganisation pages: the unit catalogue with its lineage, a handover record.
A fixed number of queries whatever the number of units."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cchc.formatting import format_date
from units.models import Unit

from .models import Reorganisation, ReorganisationKind


@dataclass
class CatalogueLine:
    unit: Unit
    lineage: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """ "Sở Tài chính — tiếp nhận Sở Kế hoạch và Đầu tư từ 01/03/2025"."""
        return " — ".join([self.unit.name, "; ".join(self.lineage)]) if self.lineage else self.unit.name


def reorganisations() -> QuerySet[Reorganisation]:
    return Reorganisation.objects.select_related("recorded_by", "undone_by").prefetch_related(
        "predecessors", "successors"
    )


def _names(units: list[Unit]) -> str:
    return ", ".join(unit.name for unit in units)


def catalogue() -> tuple[list[CatalogueLine], list[CatalogueLine]]:
    """(units that exist today, units that ceased), each with its lineage: what it received or
    became, and its former names. Three queries."""
    units = list(Unit.objects.order_by("order", "name").prefetch_related("former_names"))
    lines = {unit.pk: CatalogueLine(unit) for unit in units}
    for reorganisation in reorganisations().filter(undone_at__isnull=True).order_by("effective_on", "pk"):
        day = format_date(reorganisation.effective_on)
        preds, succs = list(reorganisation.predecessors.all()), list(reorganisation.successors.all())
        kind = reorganisation.kind
        if kind == ReorganisationKind.RENAME:
            continue  # the former name says it (below)
        for unit in succs:
            if unit.pk not in lines:
                continue
            text = (
                _("hợp nhất %(units)s từ %(date)s")
                if kind == ReorganisationKind.MERGE and unit.valid_from == reorganisation.effective_on
                else _("tiếp nhận %(units)s từ %(date)s")
            )
            lines[unit.pk].lineage.append(text % {"units": _names(preds), "date": day})
        into = {
            ReorganisationKind.MERGE: _("hợp nhất thành %(units)s từ %(date)s"),
            ReorganisationKind.ABSORB: _("sáp nhập vào %(units)s từ %(date)s"),
            ReorganisationKind.SPLIT: _("chia tách thành %(units)s từ %(date)s"),
            ReorganisationKind.DISSOLVE: _("giải thể từ %(date)s, bàn giao cho %(units)s"),
        }[ReorganisationKind(kind)]
        for unit in preds:
            if unit.pk in lines:
                lines[unit.pk].lineage.append(into % {"units": _names(succs) or "—", "date": day})
    for unit in units:
        for former in unit.former_names.all():
            lines[unit.pk].lineage.append(
                _("tên cũ: %(name)s (đến %(date)s)")
                % {"name": former.name, "date": format_date(former.until - datetime.timedelta(days=1))}
            )
    current = [lines[unit.pk] for unit in units if unit.valid_until is None]
    ceased = [lines[unit.pk] for unit in units if unit.valid_until is not None and unit.valid_until != unit.valid_from]
    return current, ceased
