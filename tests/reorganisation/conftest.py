"""A small 2025 plan of two departments, one absorbed into the other on 01/03/2025."""

from __future__ import annotations

import datetime

import pytest

from accounts.roles import Role
from reorganisation.models import Reorganisation, ReorganisationKind
from reorganisation.services import Decision, reorganisation_record
from tasks.models import TaskStatus

from ..factories import make_plan, make_task, make_unit, make_user

JAN = datetime.date(2025, 1, 10)
EFFECTIVE = datetime.date(2025, 3, 1)
DOC = {
    "document_number": "345/QĐ-UBND",
    "document_date": datetime.date(2025, 2, 25),
    "document_title": "Về việc sắp xếp các cơ quan chuyên môn thuộc UBND tỉnh",
}


@pytest.fixture
def world(db):
    """SKHDT leads 3 open tasks and 1 completed; STC leads 2 open and 1 completed (plan 2025)."""
    skhdt = make_unit(code="SKHDT", name="Sở Kế hoạch và Đầu tư")
    stc = make_unit(code="STC", name="Sở Tài chính")
    plan = make_plan(year=2025, issuing_unit=make_unit(code="UBND-TINH", name="UBND tỉnh"))
    common = {"plan": plan, "created_on": JAN, "deadline": datetime.date(2025, 12, 31)}
    done = {"status": TaskStatus.COMPLETED, "completed_on": datetime.date(2025, 2, 10)}
    skhdt_open = [make_task(lead_unit=skhdt, **common) for _ in range(3)]
    skhdt_done = make_task(lead_unit=skhdt, **common, **done)
    stc_open = [make_task(lead_unit=stc, **common) for _ in range(2)]
    make_task(lead_unit=stc, **common, **done)
    secretariat = make_user("tt", role=Role.SECRETARIAT, unit=make_unit(code="SNV"))
    staff = make_user("cb_khdt", role=Role.UNIT_STAFF, unit=skhdt)
    return {
        "skhdt": skhdt,
        "stc": stc,
        "plan": plan,
        "skhdt_open": skhdt_open,
        "skhdt_done": skhdt_done,
        "stc_open": stc_open,
        "secretariat": secretariat,
        "staff": staff,
    }


def absorb(world, **extra) -> Reorganisation:
    decision = Decision(
        kind=ReorganisationKind.ABSORB,
        effective_on=EFFECTIVE,
        predecessors=[world["skhdt"]],
        successors=[world["stc"]],
        **{**DOC, **extra},
    )
    return reorganisation_record(decision=decision, by=world["secretariat"]).reorganisation
