"""What a plan's appendix says of itself in its title rows: "(Kèm theo Kế hoạch số 15/KH-UBND
ngày 08/01/2025 của UBND tỉnh)" → number, issue date, issuer, year."""

from __future__ import annotations

import contextlib
import datetime
import re
import unicodedata
from collections.abc import Iterable

from .import_sheet import (
    one_line,
)
from .parsed_plan import (
    DocumentHeader,
)
from .unit_matching import fold

_ATTACHED_TO = re.compile(
    r"kèm\s+theo\s+(?P<kind>kế\s+hoạch|quyết\s+định|công\s+văn|văn\s+bản|chương\s+trình)\s+số\s*:?\s*"
    r"(?P<number>[0-9][^\s,;()]*)",
    re.IGNORECASE,
)
_ISSUED_ON = re.compile(
    r"ngày\s+(?P<d>\d{1,2})\s*(?:/|-|\.|tháng)\s*(?P<m>\d{1,2})\s*(?:/|-|\.|năm)\s*(?P<y>\d{4})", re.IGNORECASE
)
_ISSUED_BY = re.compile(r"\bcủa\s+(?P<issuer>[^()]+)", re.IGNORECASE)
_SIGNER = re.compile(r"^(?:bộ trưởng|chủ tịch|giám đốc|thủ trưởng|trưởng ban)\s+", re.IGNORECASE)


def read_header(lines: Iterable[str]) -> DocumentHeader:
    """Number, issue date, issuer and year from the title lines above the table: "(Kèm theo Kế
    hoạch số 15/KH-UBND ngày 08/01/2025 của UBND tỉnh)", "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025"."""
    header = DocumentHeader()
    title_year = None
    for raw in lines:
        line = unicodedata.normalize("NFC", one_line(raw))
        attached = _ATTACHED_TO.search(line)
        if attached and not header.number:
            header.text = line.strip("() ")
            header.number = attached.group("number").rstrip(".")[:64]
            rest = line[attached.end() :]
            if m := _ISSUED_ON.search(rest):
                with contextlib.suppress(ValueError):  # "ngày 31/02/2025": no date rather than a wrong one
                    header.issued_on = datetime.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if m := _ISSUED_BY.search(rest):
                issuer = _SIGNER.sub("", m.group("issuer").strip(" .;)"))
                header.issuer = issuer[:255]
            continue
        folded = fold(line)
        titled = re.search(r"ke hoach|cai cach hanh chinh|cchc|nhiem vu", folded)
        if title_year is None and titled and (m := re.search(r"\bnam (20\d\d)\b", folded)):
            title_year = int(m.group(1))
    if title_year:
        header.year = title_year
    elif header.issued_on:
        # A plan is issued in its year's first weeks or the December before.
        header.year = header.issued_on.year + (1 if header.issued_on.month == 12 else 0)
    return header
