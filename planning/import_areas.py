"""Area rows of a plan's table: the Roman numeral and the written name of each of the seven
reform areas, matched to the catalogue (planning/imports.py)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .parsed_plan import (
    AreaRow,
)
from .unit_matching import fold

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


def roman_value(numeral: str) -> int:
    total, previous = 0, 0
    for ch in reversed(numeral.lower()):
        value = _ROMAN_VALUES[ch]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def to_roman(value: int) -> str:
    out = ""
    for number, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out += numeral
            value -= number
    return out


_AREA_ABBREVIATIONS = {
    "cchc": "cai cach hanh chinh",
    "tthc": "thu tuc hanh chinh",
    "cpdt": "chinh phu dien tu",
    "cps": "chinh phu so",
    "cqdt": "chinh phu dien tu",
    "cqs": "chinh phu so",
    "hcnn": "hanh chinh nha nuoc",
}


def area_name_key(text: str) -> str:
    words = re.sub(r"[^a-z ]+", " ", fold(text)).split()
    key = " ".join(_AREA_ABBREVIATIONS.get(w, w) for w in words)
    # Local plans write "chính quyền điện tử" where ministries write "Chính phủ điện tử".
    return key.replace("chinh quyen", "chinh phu")


class AreaMatcher:
    """Area rows are matched by their numeral; a name that clearly names another area
    wins over the numeral (a local plan that skips an area) and is reported."""

    def __init__(self, areas: Iterable[AreaRow]):
        self.areas = list(areas)
        self.by_code = {a.code.upper(): a for a in self.areas}

    def similarity(self, written: str, area: AreaRow) -> float:
        key = area_name_key(written)
        if not key:
            return 0.0
        candidates = (area_name_key(area.name), area_name_key(area.short_name))
        return max(difflib.SequenceMatcher(None, key, c).ratio() for c in candidates if c)

    def by_name(self, written: str, *, threshold: float) -> AreaRow | None:
        scored = sorted(((self.similarity(written, a), a.code) for a in self.areas), reverse=True)
        if scored and scored[0][0] >= threshold:
            return self.by_code[scored[0][1].upper()]
        return None
