"""Matching unit names as plans write them ("Sở Nội vụ", "UBND tỉnh", "Sở TT&TT",
"Các sở, ban, ngành") to units and unit groups. Pure: the index is built once from
already-fetched rows, so an import makes no query per row."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

# Prefixes a plan may or may not write before a unit's name. Only these two: "Ban", "Văn
# phòng" or "Phòng" are part of names ("Ban Dân tộc", "Văn phòng UBND tỉnh").
_PREFIXES = ("so ", "ubnd ", "uy ban nhan dan ")
# Words not written in abbreviations: "Sở KH&ĐT" = Kế hoạch và Đầu tư.
_ACRONYM_SKIP = {"va"}
# Parts of a "phối hợp" cell that name no unit in particular.
_GENERIC = re.compile(r"\b(lien quan|co lien quan|cac don vi khac)\b")


def fold(text: str) -> str:
    """Lower-case, without diacritics (đ → d; "Ủy" and "Uỷ" alike), single spaces."""
    text = unicodedata.normalize("NFD", str(text).replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text).strip().lower()


def name_key(text: str) -> str:
    """The full name folded, punctuation other than & dropped: "Sở Nội vụ." → "so noi vu"."""
    key = re.sub(r"\s+", " ", re.sub(r"[^\w&]+", " ", fold(text))).strip()
    # "VP UBND tỉnh" is how tables shorten "Văn phòng UBND tỉnh".
    return re.sub(r"^vp ", "van phong ", key)


def strip_prefix(key: str) -> str:
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def acronym(key: str) -> str:
    """Initials of a prefix-stripped name key: "ke hoach va dau tu" → "khdt"."""
    return "".join(word[0] for word in key.split() if word not in _ACRONYM_SKIP and word[0].isalpha())


def _as_acronym(key: str) -> str | None:
    """ "tt&tt", "kh & dt", "gtvt" look like abbreviations; names with several words do not."""
    compact = re.sub(r"\s*&\s*", "", key)
    if " " in compact or not compact.isalpha() or not 2 <= len(compact) <= 8:
        return None
    return compact


def is_generic(text: str) -> bool:
    return bool(_GENERIC.search(fold(text)))


@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    code: str


@dataclass
class Match:
    """What a piece of a cell names: units (one, or a group's), or nothing."""

    text: str
    unit_ids: tuple[int, ...] = ()
    group: str = ""
    ambiguous: bool = False

    @property
    def found(self) -> bool:
        return bool(self.unit_ids) or bool(self.group)


@dataclass
class UnitIndex:
    units: dict[int, UnitRow] = field(default_factory=dict)
    _by_key: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _by_stripped: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _by_code: dict[str, int] = field(default_factory=dict)
    _by_acronym: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _groups: dict[str, tuple[str, tuple[int, ...]]] = field(default_factory=dict)

    @classmethod
    def build(cls, units: Iterable[UnitRow], groups: Iterable[tuple[str, Iterable[int]]] = ()) -> UnitIndex:
        index = cls()
        for unit in units:
            index.add_unit(unit)
        for name, unit_ids in groups:
            index._groups[strip_prefix(name_key(name))] = (name, tuple(unit_ids))
        return index

    def add_unit(self, unit: UnitRow) -> None:
        self.units[unit.id] = unit
        key = name_key(unit.name)
        stripped = strip_prefix(key)
        self._by_key[key].add(unit.id)
        self._by_stripped[stripped].add(unit.id)
        self._by_code[fold(unit.code)] = unit.id
        if len(stripped.split()) > 1:
            self._by_acronym[acronym(stripped)].add(unit.id)

    def lookup(self, text: str) -> Match:
        """One name (or code, or group) as written; never guesses between two units."""
        key = name_key(text)
        if not key:
            return Match(text)
        stripped = strip_prefix(key)
        if stripped in self._groups:
            name, unit_ids = self._groups[stripped]
            return Match(text, unit_ids, group=name)
        for candidates in (self._by_key.get(key), self._by_stripped.get(stripped)):
            if candidates:
                return self._one(text, candidates)
        code = fold(text).replace(" ", "")
        if code in self._by_code:
            return Match(text, (self._by_code[code],))
        short = _as_acronym(stripped)
        if short and short in self._by_acronym:
            return self._one(text, self._by_acronym[short])
        # "Sở Nội vụ (cơ quan thường trực)": the remark in brackets is not part of the name.
        without_remark = re.sub(r"\([^)]*\)", " ", text)
        if without_remark != text and name_key(without_remark):
            return self.lookup(without_remark)
        return Match(text)

    def _one(self, text: str, candidates: set[int]) -> Match:
        if len(candidates) > 1:
            return Match(text, ambiguous=True)
        return Match(text, (next(iter(candidates)),))

    def split(self, cell: str) -> list[Match]:
        """A cell naming several units: lines and semicolons always separate; commas and
        "và" separate unless the longer text is itself a name ("Các sở, ban, ngành",
        "Sở Kế hoạch và Đầu tư"). Longest match wins, left to right."""
        matches: list[Match] = []
        for segment in re.split(r"[\n;]+", str(cell)):
            pieces = re.split(r"(,|\s+và\s+|\s+\+\s+)", segment)
            parts = [p for p in pieces[0::2]]
            seps = pieces[1::2]
            i = 0
            while i < len(parts):
                if not parts[i].strip(" .-–•+"):
                    i += 1
                    continue
                found = None
                for j in range(len(parts), i, -1):
                    text = "".join(parts[k] + (seps[k] if k < j - 1 else "") for k in range(i, j))
                    text = text.strip(" .-–•+")
                    match = self.lookup(text)
                    if match.found or (j == i + 1):
                        found, i = match, j
                        break
                matches.append(found)
        return matches
