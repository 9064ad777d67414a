"""The reorganisation pages: the catalogue with its lineage, recording an absorption and a split
(a receiving unit chosen per task), the handover record and undoing it."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from reorganisation.models import Reorganisation, ReorganisationKind
from reorganisation.services import Decision, reorganisation_record
from tasks.models import Task

from ..factories import make_unit, make_user
from .conftest import DOC, EFFECTIVE, absorb

FORM = {
    "effective_on": "01/03/2025",
    "user_handling": "move",
    "document_number": "345/QĐ-UBND",
    "document_date": "25/02/2025",
    "document_title": "Về việc sắp xếp các cơ quan chuyên môn",
    "note": "Bàn giao nguyên trạng hồ sơ",
}


def secretariat_client(world) -> Client:
    client = Client()
    client.force_login(world["secretariat"])
    return client


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_catalogue_shows_the_lineage(world):
    absorb(world)
    client = Client()
    client.force_login(make_user("ld", role=Role.LEADER))
    html = text(client.get(reverse("reorganisation:catalogue")).content.decode())
    assert "Sở Tài chính — tiếp nhận Sở Kế hoạch và Đầu tư từ 01/03/2025 (STC)" in html
    assert "Sở Kế hoạch và Đầu tư — sáp nhập vào Sở Tài chính từ 01/03/2025 (SKHDT, đến 28/02/2025)" in html
    assert "Ghi nhận sắp xếp tổ chức" not in html  # leaders read only
    assert client.get(reverse("reorganisation:record")).status_code == 403


def test_the_secretariat_records_an_absorption_and_reads_its_handover_record(world):
    client = secretariat_client(world)
    data = {**FORM, "kind": "absorb", "predecessors": [world["skhdt"].pk], "successor": world["stc"].pk}
    response = client.post(reverse("reorganisation:record"), data, follow=True)
    reorganisation = Reorganisation.objects.get()
    assert response.redirect_chain == [(reverse("reorganisation:detail", args=[reorganisation.pk]), 302)]
    html = text(response.content.decode())
    assert "Đã ghi nhận Sáp nhập 01/03/2025 (345/QĐ-UBND); 3 nhiệm vụ đã bàn giao." in html
    assert "3 nhiệm vụ bàn giao" in html
    assert "cb_khdt: Sở Kế hoạch và Đầu tư → Sở Tài chính" in html
    assert reorganisation.note == "Bàn giao nguyên trạng hồ sơ"
    assert Task.objects.filter(lead_unit=world["stc"]).count() == 6

    response = client.post(reverse("reorganisation:undo", args=[reorganisation.pk]), follow=True)
    assert "Đã hủy Sáp nhập 01/03/2025 (345/QĐ-UBND)." in text(response.content.decode())
    assert Task.objects.filter(lead_unit=world["skhdt"]).count() == 4


def test_a_split_asks_for_the_receiving_unit_of_each_open_task(world):
    client = secretariat_client(world)
    one, two = make_unit(code="S1", name="Sở Một"), make_unit(code="S2", name="Sở Hai")
    data = {
        **FORM,
        "kind": "split",
        "predecessors": [world["skhdt"].pk],
        "successor": one.pk,
        "other_successors": [two.pk],
    }
    html = client.post(reverse("reorganisation:record"), data).content.decode()
    assert 'data-testid="task-choices"' in html
    assert not Reorganisation.objects.exists()
    choices = {f"task_{task.pk}": str(two.pk) for task in world["skhdt_open"]}
    choices[f"task_{world['skhdt_open'][0].pk}"] = str(one.pk)
    response = client.post(reverse("reorganisation:record"), {**data, **choices})
    assert response.status_code == 302
    assert sorted(Task.objects.filter(lead_unit__in=[one, two]).values_list("lead_unit__code", flat=True)) == [
        "S1",
        "S2",
        "S2",
    ]


def test_a_refused_reorganisation_says_why_and_writes_nothing(world):
    absorb(world)
    client = secretariat_client(world)
    other = make_unit(code="STTTT", name="Sở Thông tin và Truyền thông")
    data = {**FORM, "kind": "absorb", "predecessors": [other.pk], "successor": world["stc"].pk, "effective_on": "x"}
    html = text(client.post(reverse("reorganisation:record"), data).content.decode())
    assert "Ngày có hiệu lực * Nhập một ngày hợp lệ." in html
    data = {**data, "effective_on": "01/03/2030"}
    html = text(client.post(reverse("reorganisation:record"), data).content.decode())
    assert "Ngày có hiệu lực không thể sau hôm nay: ghi nhận khi quyết định có hiệu lực." in html
    assert Reorganisation.objects.count() == 1


def test_undo_is_refused_with_the_reason_once_something_happened(world):
    reorganisation = absorb(world)
    later = absorb_other(world)
    client = secretariat_client(world)
    html = text(client.get(reverse("reorganisation:detail", args=[reorganisation.pk])).content.decode())
    assert (
        "Đơn vị liên quan đã có sắp xếp tổ chức ghi nhận sau. Hãy ghi nhận một sắp xếp tổ chức mới để đảo ngược."
        in html
    )
    response = client.post(reverse("reorganisation:undo", args=[reorganisation.pk]), follow=True)
    assert "Hãy ghi nhận một sắp xếp tổ chức mới để đảo ngược." in text(response.content.decode())
    reorganisation.refresh_from_db()
    assert reorganisation.undone_at is None and later.undone_at is None


def absorb_other(world) -> Reorganisation:
    """A later absorption into the same successor (STTTT into STC)."""
    other = make_unit(code="STTTT", name="Sở Thông tin và Truyền thông")
    decision = Decision(
        kind=ReorganisationKind.ABSORB,
        effective_on=EFFECTIVE,
        predecessors=[other],
        successors=[world["stc"]],
        **DOC,
    )
    return reorganisation_record(decision=decision, by=world["secretariat"]).reorganisation
