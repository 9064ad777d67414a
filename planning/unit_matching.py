"""Matching unit names as plans write them ("Sở Nội vụ", "UBND tỉnh", "Sở TT&TT",
"Các sở, ban, ngành") to units and unit groups. Pure: the index is built once from
already-fetched rows, so an import makes no query per row."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from units.models import UnitKind

# Prefixes a plan may or may not write before a unit's name. Only these two: "Ban", "Văn
# phòng" or "Phòng" are part of names ("Ban Dân tộc", "Văn phòng UBND tỉnh").
_PREFIXES = ("so ", "ubnd ", "uy ban nhan dan ")
# Words not written in abbreviations: "Sở KH&ĐT" = Kế hoạch và Đầu tư.
_ACRONYM_SKIP = {"va"}
# Words that end a group phrase without changing which units it names: "Các sở, ngành liên
# quan", "các đơn vị khác", "trên địa bàn tỉnh".
_QUALIFIERS = re.compile(
    r"(?:\s+(?:co lien quan|lien quan|khac|tren dia ban(?: tinh| huyen| xa)?|thuoc tinh|truc thuoc))+$"
)
# A group phrase: "Các sở, ban, ngành", "UBND các huyện, thị xã, thành phố", "UBND cấp xã",
# "các phòng, ban chuyên môn", "Sở, ban, ngành liên quan". It names a set of units, never one.
_GROUP_PHRASE = re.compile(
    r"^(?:(?:ubnd|uy ban nhan dan|chu tich ubnd) )?(?:cac|cap|toan bo|tat ca)\b"
    r"|^(?:so|co quan|don vi|phong), (?:ban|nganh|don vi|to chuc)\b"
)
# How unit names begin. A cell is split at a comma or "và" only where the part after it is a
# known unit or begins like a unit name, so "Sở Khoa học và Công nghệ" or "Sở Văn hóa, Thể thao
# và Du lịch" are never cut into fragments ("Công nghệ" begins no unit name). "Hội đồng" and
# "HĐND" are left out: "Văn phòng Đoàn ĐBQH và HĐND tỉnh" is one unit.
_HEAD = re.compile(
    r"^(so|ubnd|uy ban|bo|cong an|kho bac|cuc|chi cuc|vu|trung tam|ban|van phong|vp|phong|dai|bao|"
    r"thanh tra|bao hiem|ngan hang|lien doan|hoi(?! dong)|vien|truong|tinh doan|doan|mat tran|toa an|"
    r"tinh uy|thanh uy|huyen uy|dang uy|cac|co quan|don vi|doanh nghiep|to chuc|benh vien|hoc vien|"
    r"ubmttq|bch|bchqs|btc|ttpv|cong ty|tong cong ty|quy|chu tich|giam doc|thu truong)\s+\S"
)


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


def group_key(text: str) -> str:
    """A group phrase folded, its qualifiers dropped and "sở, ban, ngành" / "sở, ngành" made one:
    "Các sở, ngành liên quan" and "Các sở, ban, ngành" have the same key."""
    key = _QUALIFIERS.sub("", strip_prefix(name_key(text)))
    key = re.sub(r"\bso ban nganh\b", "so nganh", key)
    return re.sub(r"\bban nganh\b", "nganh", key)


_GENERIC = re.compile(r"^(?:cac |moi |tat ca )?(?:(?:co quan|don vi|to chuc|ca nhan|dia phuong)\s*)+$")


def is_generic(text: str) -> bool:
    """ "Các cơ quan, đơn vị liên quan": names no unit in particular, nor a group to look for."""
    return bool(_GENERIC.match(group_key(text)))


def is_group_phrase(text: str) -> bool:
    return bool(_GROUP_PHRASE.search(fold(text).strip(" .-–•+")))


def head_word(text: str) -> str:
    """The word a unit name begins with ("so", "ubnd", "van phong"), or "" when it does not
    begin as unit names do: such a text is never cut off as a name of its own."""
    m = _HEAD.match(name_key(text))
    return m.group(1) if m else ""


@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    code: str


@dataclass(frozen=True)
class Alias:
    """What a name stands for, as the secretariat decided (units.UnitAlias): a unit, a group
    (its name and units), or nothing (`unit_id` and `group` empty: kept as written only)."""

    name: str
    unit_id: int | None = None
    group: str = ""
    group_unit_ids: tuple[int, ...] = ()
    # Why the name stands for this unit when it is not the unit's own name: a unit that ceased
    # in a reorganisation, read as its successor ("… đã sáp nhập vào Sở Tài chính từ 01/03/2025").
    note: str = ""


@dataclass
class Match:
    """What a piece of a cell names: units (one, or a group's), or nothing."""

    text: str
    unit_ids: tuple[int, ...] = ()
    group: str = ""
    ambiguous: bool = False
    # A group phrase ("UBND cấp xã") the catalogue has no group for.
    phrase: bool = False
    # A name the secretariat chose to keep as written only (an alias to no unit).
    ignored: bool = False
    # A ceased unit's name read as its successor: why (Alias.note).
    note: str = ""

    @property
    def found(self) -> bool:
        return bool(self.unit_ids) or bool(self.group)

    @property
    def is_group(self) -> bool:
        return bool(self.group) or self.phrase

    @property
    def resolved(self) -> bool:
        """Names something the import can use or deliberately keeps as text."""
        return self.found or self.ignored


@dataclass
class UnitIndex:
    units: dict[int, UnitRow] = field(default_factory=dict)
    _by_key: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _by_stripped: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _by_code: dict[str, int] = field(default_factory=dict)
    _by_acronym: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _groups: dict[str, tuple[str, tuple[int, ...]]] = field(default_factory=dict)
    _aliases: dict[str, Alias] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        units: Iterable[UnitRow],
        groups: Iterable[tuple[str, Iterable[int]]] = (),
        aliases: Iterable[tuple[str, Alias]] = (),
    ) -> UnitIndex:
        index = cls()
        for unit in units:
            index.add_unit(unit)
        for name, unit_ids in groups:
            index.add_group(name, unit_ids)
        for name, alias in aliases:
            index.add_alias(name, alias)
        return index

    def add_unit(self, unit: UnitRow) -> None:
        self.units[unit.id] = unit
        key = name_key(unit.name)
        stripped = strip_prefix(key)
        self._by_key[key].add(unit.id)
        self._by_stripped[stripped].add(unit.id)
        if unit.code:
            self._by_code[fold(unit.code)] = unit.id
        if len(stripped.split()) > 1:
            self._by_acronym[acronym(stripped)].add(unit.id)

    def add_group(self, name: str, unit_ids: Iterable[int]) -> None:
        ids = tuple(unit_ids)
        self._groups[strip_prefix(name_key(name))] = (name, ids)
        self._groups.setdefault(group_key(name), (name, ids))

    def add_alias(self, name: str, alias: Alias) -> None:
        self._aliases[alias_key(name)] = alias

    def names(self) -> list[tuple[int, str]]:
        return [(u.id, u.name) for u in self.units.values()]

    def lookup(self, text: str) -> Match:
        """One name (or code, or group) as written; never guesses between two units."""
        key = name_key(text)
        if not key:
            return Match(text)
        alias = self._aliases.get(alias_key(text))
        if alias is not None:
            if alias.group:
                return Match(text, alias.group_unit_ids, group=alias.group)
            if alias.unit_id is not None:
                return Match(text, (alias.unit_id,), note=alias.note)
            return Match(text, ignored=True)
        stripped = strip_prefix(key)
        for group in (stripped, group_key(text)):
            if group in self._groups:
                name, unit_ids = self._groups[group]
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
            match = self.lookup(without_remark)
            match.text = text
            return match
        if is_group_phrase(text):
            return Match(text, phrase=True)
        return Match(text)

    def _one(self, text: str, candidates: set[int]) -> Match:
        if len(candidates) > 1:
            return Match(text, ambiguous=True)
        return Match(text, (next(iter(candidates)),))

    def split(self, cell: str) -> list[Match]:
        """A cell naming several units. Lines and semicolons separate names (a line beginning
        in lower case, or with "và", continues the one above). Within a line, commas and "và"
        separate only where every part is a known unit, alias or group, or begins like a unit
        name ("Sở …", "UBND …", "Trung tâm …"): otherwise the line is one name, known or not,
        and never cut into fragments. Among the ways to cut a line, the one naming the most
        known text wins, then the one with the most names."""
        matches: list[Match] = []
        for line in self._lines(str(cell)):
            matches.extend(self._split_line(line))
        return matches

    def _lines(self, cell: str) -> list[str]:
        lines: list[str] = []
        for raw in re.split(r"[\n;]+", cell):
            line = raw.strip(" .,-–•+\t")
            if not line:
                continue
            continues = fold(line).startswith("va ") or (
                line[0].islower() and not self.lookup(line).resolved and not head_word(line)
            )
            if lines and continues:
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        return lines

    def _split_line(self, line: str) -> list[Match]:
        pieces = _pieces(line)
        if len(pieces) > 24:  # a paragraph, not a list of names: read as one name
            pieces = [line]
        n = len(pieces)
        parts: dict[tuple[int, int], tuple[Match, bool, str]] = {}

        def part(i: int, j: int) -> tuple[Match, bool, str]:
            """(match, known, head word) of pieces[i:j] as one name."""
            if (i, j) not in parts:
                text = _clean("".join(pieces[i:j]))
                match = self.lookup(text)
                known = match.found or match.phrase or match.ignored
                parts[(i, j)] = (match, known, "" if known else head_word(text))
            return parts[(i, j)]

        def joins(left: tuple[Match, bool, str], right: tuple[Match, bool, str]) -> bool:
            """Whether a cut between two names is believable: the second is known or
            begins as unit names do, and one of them is known or both begin with the same
            word ("Sở Xây dựng và Sở Công Thương"). "Văn phòng HĐND và UBND phường" is one
            unknown name, not two."""
            if not (right[1] or right[2]):
                return False  # "Công nghệ", "Thể thao và Du lịch": a fragment, not a name
            return left[1] or right[1] or left[2] == right[2]

        # best[(i, k)]: the best reading of pieces[i:] whose first name is pieces[i:k], as
        # (known characters, number of names, cut points); None when there is none.
        best: dict[tuple[int, int], tuple[int, int, list[int]] | None] = {}
        for i in range(n - 1, -1, -1):
            for k in range(i + 1, n + 1):
                first = part(i, k)
                if not _clean("".join(pieces[i:k])):
                    best[(i, k)] = None
                    continue
                covered = len("".join(pieces[i:k])) if first[1] else 0
                if k == n:
                    best[(i, k)] = (covered, 1, [k])
                    continue
                options = [
                    rest
                    for m in range(k + 1, n + 1)
                    if (rest := best.get((k, m))) is not None and joins(first, part(k, m))
                ]
                if not options:
                    best[(i, k)] = None
                    continue
                rest = max(options, key=lambda o: (o[0], o[1]))
                best[(i, k)] = (covered + rest[0], rest[1] + 1, [k, *rest[2]])
        readings = [b for k in range(1, n + 1) if (b := best.get((0, k))) is not None]
        if not readings:
            return [self.lookup(_clean(line))] if _clean(line) else []
        result = max(readings, key=lambda o: (o[0], o[1]))
        out, start = [], 0
        for end in result[2]:
            if _clean("".join(pieces[start:end])):
                out.append(part(start, end)[0])
            start = end
        return out


def alias_key(text: str) -> str:
    """The key a units.UnitAlias is stored and matched under."""
    return strip_prefix(name_key(text))


def _clean(text: str) -> str:
    """A part of a cell without the separator that ended it and stray punctuation."""
    text = re.sub(r"\s+", " ", text).strip(" .,-–•+:")
    return re.sub(r"\s+(?:và|\+)$", "", text).strip(" .,-–•+:")


def _pieces(line: str) -> list[str]:
    """The line cut at every comma, "và" and "+" outside brackets; each separator stays at the
    end of the piece before it, so joining pieces gives the text back."""
    pieces: list[str] = []
    depth, start = 0, 0
    for m in re.finditer(r"[()]|,|\s+và\s+|\s+\+\s+", line):
        sep = m.group(0)
        if sep == "(":
            depth += 1
        elif sep == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            pieces.append(line[start : m.end()])
            start = m.end()
    pieces.append(line[start:])
    return [p for p in pieces if p]


def closest_names(text: str, candidates: Iterable[tuple[int, str]], *, limit: int = 3) -> list[tuple[int, str, int]]:
    """The catalogue names closest to `text`, best first, as (id, name, score 0–100): compared
    folded (case, diacritics and punctuation ignored, "Sở"/"UBND" dropped), word order aside, so
    "Sở KH và CN" finds "Sở Khoa học và Công nghệ" and "Trung tâm PVHCC" its full name; a tie
    goes to the name that also keeps the diacritics as written."""
    query = strip_prefix(name_key(text))
    if not query:
        return []
    scored: list[tuple[float, float, int, str]] = []
    for unit_id, name in candidates:
        key = strip_prefix(name_key(name))
        score = max(fuzz.token_sort_ratio(query, key), fuzz.ratio(query, key))
        if _as_acronym(query) and acronym(key) == _as_acronym(query):
            score = max(score, 90.0)
        elif len(query.split()) > 1 and acronym(query) == acronym(key):
            score = max(score, 80.0)
        if score >= 70:
            scored.append((score, fuzz.ratio(text.lower(), name.lower()), unit_id, name))
    scored.sort(key=lambda s: (-s[0], -s[1], s[3]))
    return [(unit_id, name, round(score)) for score, _raw, unit_id, name in scored[:limit]]


def guess_kind(text: str) -> str:
    """The unit kind a name suggests (a UnitKind value): "Sở …" a department, "UBND xã …" a
    commune. The resolution screen offers it; the secretariat may change it."""
    key = name_key(text)
    if re.match(r"(ubnd|uy ban nhan dan) (huyen|thi xa|thanh pho|quan)\b", key):
        return UnitKind.DISTRICT
    if re.match(r"(ubnd|uy ban nhan dan) (xa|phuong|thi tran|dac khu)\b", key):
        return UnitKind.COMMUNE
    if key.startswith(("van phong", "phong ")):
        return UnitKind.OFFICE
    if key.startswith(("so ", "ban ", "trung tam", "chi cuc", "cuc ", "vu ", "thanh tra")):
        return UnitKind.DEPARTMENT
    return UnitKind.OTHER


def match_issuer(text: str, index: UnitIndex) -> int | None:
    """The unit a title line names as the plan's issuer ("UBND tỉnh", "Bộ Tư pháp"): the unit
    of that name, else the one unit whose name begins with it ("UBND tỉnh" → "Ủy ban nhân dân
    tỉnh Sông Lam"); None when unsure."""
    if not text.strip():
        return None
    match = index.lookup(text)
    if len(match.unit_ids) == 1 and not match.group:
        return match.unit_ids[0]
    key = name_key(text)
    expanded = re.sub(r"^ubnd ", "uy ban nhan dan ", key)
    if len(expanded.split()) < 2:
        return None
    starts = [
        u.id
        for u in index.units.values()
        if u.id > 0 and re.sub(r"^ubnd ", "uy ban nhan dan ", name_key(u.name)).startswith(expanded + " ")
    ]
    return starts[0] if len(starts) == 1 else None
