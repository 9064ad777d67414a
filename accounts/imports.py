"""Reading a list of users from an Excel workbook and checking it, for the bulk import on the
users page. Reading is pure (a workbook in, cells and file problems out) and bounded: the
archive's unpacked size is checked before openpyxl sees it, the workbook is opened read-only
and streamed, and reading stops past MAX_ROWS. Checking takes the database's units and taken
names as arguments; nothing here queries or writes."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .roles import Role

MAX_ROWS = 2000
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 12

UNIT, NAME, EMAIL, ROLE, USERNAME = "unit_code", "full_name", "email", "role", "username"
# Header cells, folded (no accents, lower case, single spaces), that name each column.
# The English ones are those of the template downloaded in English.
_HEADERS = {
    UNIT: {"ma don vi", "ma dv", "don vi", "unit code", "unit"},
    NAME: {"ho va ten", "ho ten", "ten nguoi dung", "full name", "name"},
    EMAIL: {"e-mail", "email", "thu dien tu", "dia chi e-mail", "dia chi email"},
    ROLE: {"vai tro", "role"},
    USERNAME: {"ten dang nhap", "tai khoan", "username"},
}
REQUIRED = (UNIT, NAME, EMAIL, ROLE)
# Roles whose holders act for a unit and so must belong to one.
UNIT_ROLES = {Role.UNIT_HEAD.value, Role.UNIT_STAFF.value}


def column_labels() -> dict[str, str]:
    """The template's headers, also used to name columns in messages."""
    return {
        UNIT: _("Mã đơn vị"),
        NAME: _("Họ và tên"),
        EMAIL: _("E-mail"),
        ROLE: _("Vai trò"),
        USERNAME: _("Tên đăng nhập"),
    }


def fold(text: str) -> str:
    """ "Họ và Tên " → "ho va ten": compare headers and role names without accents or case."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).strip().lower().rstrip(":*").strip()


def split_full_name(full_name: str) -> tuple[str, str]:
    """Vietnamese order, family name first: "Nguyễn Thị Thu" → ("Nguyễn Thị", "Thu"), the
    (last_name, first_name) pair User.get_full_name joins back."""
    words = full_name.split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


@dataclass
class ReadResult:
    sheet: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # field → column letter
    rows: list[dict] = field(default_factory=list)  # {"row": n, field: text, …}
    issues: list[dict] = field(default_factory=list)  # {"sheet", "row", "column", "message"}

    def add(self, message: str, *, row: int | None = None, column: str = "") -> None:
        self.issues.append({"sheet": self.sheet, "row": row, "column": column, "message": message})


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _unpacked_size(source) -> int:
    with zipfile.ZipFile(source) as archive:
        return sum(info.file_size for info in archive.infolist())


def read_workbook(source, *, max_rows: int = MAX_ROWS) -> ReadResult:
    """The first visible sheet's user rows. `source` is a binary file object."""
    result = ReadResult()
    try:
        too_big = _unpacked_size(source) > MAX_UNPACKED_BYTES
        source.seek(0)
        workbook = None if too_big else load_workbook(source, read_only=True, data_only=True)
    except Exception:  # zipfile and openpyxl raise many kinds on a damaged or foreign file
        result.add(_("Không đọc được tệp: tệp không phải là bảng tính Excel (.xlsx) hợp lệ."))
        return result
    if workbook is None:
        result.add(_("Tệp quá lớn khi giải nén; hãy chỉ giữ lại danh sách người dùng."))
        return result
    try:
        sheet = next((ws for ws in workbook.worksheets if ws.sheet_state == "visible"), None)
        if sheet is None:
            result.add(_("Tệp không có trang tính nào."))
            return result
        result.sheet = sheet.title
        _read_sheet(sheet, result, max_rows=max_rows)
    except Exception:
        result.rows = []
        result.add(_("Không đọc được tệp: tệp không phải là bảng tính Excel (.xlsx) hợp lệ."))
    finally:
        workbook.close()
    return result


def _header_columns(values: Iterable) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(values):
        folded = fold(_text(value))
        for name, words in _HEADERS.items():
            if folded in words and name not in found:
                found[name] = index
    return found


def _read_sheet(sheet, result: ReadResult, *, max_rows: int) -> None:
    labels = column_labels()
    columns: dict[str, int] | None = None
    for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
        if columns is None:
            found = _header_columns(values)
            if len(set(found) & set(REQUIRED)) >= 2:
                columns = found
                result.columns = {name: get_column_letter(index + 1) for name, index in found.items()}
                missing = [labels[name] for name in REQUIRED if name not in found]
                if missing:
                    result.add(_("Thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)}, row=number)
                    return
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        cells = {name: _text(values[index]) if index < len(values) else "" for name, index in columns.items()}
        if not any(cells.values()):
            continue
        if len(result.rows) >= max_rows:
            result.rows = []
            result.add(
                _("Tệp có hơn %(max)s dòng người dùng; hãy chia thành nhiều tệp.") % {"max": max_rows}, row=number
            )
            return
        result.rows.append({"row": number, **cells})
    if columns is None:
        result.add(
            _("Không tìm thấy dòng tiêu đề (Mã đơn vị | Họ và tên | E-mail | Vai trò) trong %(n)s dòng đầu.")
            % {"n": HEADER_SEARCH_ROWS}
        )
    elif not result.rows:
        result.add(_("Tệp không có dòng người dùng nào dưới dòng tiêu đề."))


def _role_names() -> dict[str, str]:
    """Folded role names → role: the code, the Vietnamese label and the label in the page's
    language (the template's guide lists them in the language it was downloaded in)."""
    names = {fold(role.value): role.value for role in Role}
    for language in ("vi", translation.get_language() or "vi"):
        with translation.override(language):
            names.update({fold(str(role.label)): role.value for role in Role})
    return names


def match_role(text: str) -> str | None:
    return _role_names().get(fold(text))


@dataclass
class CheckedRow:
    row: int
    cells: dict
    username: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    role: str | None = None
    unit_pk: int | None = None
    unit_label: str = ""
    issues: list[dict] = field(default_factory=list)
    generated_username: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.issues)


@dataclass
class CheckResult:
    sheet: str
    rows: list[CheckedRow]
    file_issues: list[dict]

    @property
    def issues(self) -> list[dict]:
        return self.file_issues + [issue for row in self.rows for issue in row.issues]

    @property
    def blocked(self) -> bool:
        return bool(self.issues) or not self.rows


def _username_from_email(email: str) -> str:
    local = fold(email.split("@", 1)[0])
    return re.sub(r"[^a-z0-9._-]", "", local)[:140] or "nguoidung"


def check_rows(
    *,
    sheet: str,
    columns: Mapping[str, str],
    rows: list[dict],
    file_issues: list[dict],
    units_by_code: Mapping[str, tuple[int, str, bool]],
    taken_usernames: set[str],
    taken_emails: set[str],
    username_validator,
) -> CheckResult:
    """Every row's problems, by sheet, row and column. `units_by_code` maps an upper-case
    unit code to (pk, name, is_active); the taken sets hold lower-case names and e-mails."""
    labels = column_labels()
    checked: list[CheckedRow] = []
    seen_usernames: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for cells in rows:
        item = CheckedRow(row=cells["row"], cells=cells)

        def problem(name: str, message: str, item: CheckedRow = item) -> None:
            letter = columns.get(name, "")
            item.issues.append(
                {"sheet": sheet, "row": item.row, "column": f"{letter} ({labels[name]})", "message": message}
            )

        full_name = " ".join(cells.get(NAME, "").split())
        if not full_name:
            problem(NAME, _("Thiếu họ và tên."))
        elif len(full_name) > 150:
            problem(NAME, _("Họ và tên dài quá 150 ký tự."))
        else:
            item.last_name, item.first_name = split_full_name(full_name)

        email = cells.get(EMAIL, "").strip().lower()
        if not email:
            problem(EMAIL, _("Thiếu e-mail."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                problem(EMAIL, _("“%(value)s” không phải là địa chỉ e-mail hợp lệ.") % {"value": email})
            else:
                if email in taken_emails:
                    problem(EMAIL, _("E-mail %(value)s đã thuộc về một người dùng khác.") % {"value": email})
                elif email in seen_emails:
                    problem(
                        EMAIL,
                        _("E-mail %(value)s trùng với dòng %(row)s.") % {"value": email, "row": seen_emails[email]},
                    )
                else:
                    seen_emails[email] = item.row
                    item.email = email

        role_text = cells.get(ROLE, "")
        item.role = match_role(role_text) if role_text else None
        if not role_text:
            problem(ROLE, _("Thiếu vai trò."))
        elif item.role is None:
            problem(
                ROLE,
                _("Không có vai trò “%(value)s”; dùng một trong: %(roles)s.")
                % {"value": role_text, "roles": "; ".join(str(role.label) for role in Role)},
            )

        code = cells.get(UNIT, "").strip()
        if code:
            unit = units_by_code.get(code.upper())
            if unit is None:
                problem(UNIT, _("Không có đơn vị mã “%(value)s” trong danh mục.") % {"value": code})
            elif not unit[2]:
                problem(UNIT, _("Đơn vị %(value)s đã ngừng hoạt động.") % {"value": code})
            else:
                item.unit_pk, item.unit_label = unit[0], unit[1]
        elif item.role in UNIT_ROLES:
            problem(UNIT, _("Cán bộ và lãnh đạo đơn vị phải thuộc một đơn vị: thiếu mã đơn vị."))

        username = cells.get(USERNAME, "").strip()
        if username:
            folded = username.lower()
            try:
                username_validator(username)
            except ValidationError:
                problem(
                    USERNAME,
                    _("Tên đăng nhập “%(value)s” chỉ được gồm chữ, số và các ký tự @ . + - _.") % {"value": username},
                )
            else:
                if len(username) > 150:
                    problem(USERNAME, _("Tên đăng nhập dài quá 150 ký tự."))
                elif folded in taken_usernames:
                    problem(USERNAME, _("Tên đăng nhập %(value)s đã có người dùng.") % {"value": username})
                elif folded in seen_usernames:
                    problem(
                        USERNAME,
                        _("Tên đăng nhập %(value)s trùng với dòng %(row)s.")
                        % {"value": username, "row": seen_usernames[folded]},
                    )
                else:
                    seen_usernames[folded] = item.row
                    item.username = username
        item.issues.sort(key=lambda issue: (len(issue["column"].split(" ")[0]), issue["column"]))  # A…Z, AA…
        checked.append(item)

    # Names left blank are made from the e-mail once every written name is known.
    for item in checked:
        if item.username or item.cells.get(USERNAME) or not item.email:
            continue
        base = _username_from_email(item.email)
        candidate, n = base, 1
        while candidate in taken_usernames or candidate in seen_usernames:
            n += 1
            candidate = f"{base}{n}"
        seen_usernames[candidate] = item.row
        item.username, item.generated_username = candidate, True
    return CheckResult(sheet=sheet, rows=checked, file_issues=list(file_issues))
