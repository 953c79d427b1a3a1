"""Score sheets as the office writes them, read without a framework: find the header (one or
two rows, merged cells), tell the layout (summary, detailed, long) and take every number as
written, with its cell. Binding to a framework and checking values is `scores.py`'s job."""

import re
from dataclasses import dataclass, field

from pipelines.problems import Problem
from pipelines.text import cell_name, clean, fold, roman_to_int, to_number
from pipelines.workbook import Sheet, is_blank

HEADER_SCAN_ROWS = 40
UNIT_HEADERS = ("ten don vi", "don vi", "ten xa", "ten co quan", "co quan don vi", "xa phuong",
                "don vi duoc danh gia", "ten dia phuong", "dia phuong", "ten xa phuong")
UNIT_CODE_HEADERS = ("ma don vi", "ma dv", "ma xa")
CRITERION_HEADERS = ("tieu chi", "noi dung", "ten tieu chi", "noi dung tieu chi", "linh vuc tieu chi",
                     "tieu chi tieu chi thanh phan", "linh vuc tieu chi tieu chi thanh phan",
                     "noi dung danh gia", "linh vuc tieu chi thanh phan")
CODE_HEADERS = ("tt", "stt", "ma", "ma tieu chi", "ma so", "so tt", "ma linh vuc", "ma tc")
MAX_HEADERS = ("diem toi da", "toi da", "diem chuan", "thang diem")
POINTS_HEADERS = ("diem", "diem dat", "so diem", "diem tham dinh", "ket qua")
LONG_CODE_HEADERS = ("ma tieu chi", "ma linh vuc", "tieu chi", "linh vuc", "ma", "ma tc")
MEASURES = (  # folded sub-header -> measure; first match wins
    ("tham dinh vong 1", "appraised_r1"), ("vong 1", "appraised_r1"),
    ("tu cham", "self"), ("tu danh gia", "self"),
    ("dtxhh", "survey"), ("dieu tra xa hoi hoc", "survey"),
    ("tham dinh", "final"), ("diem dat", "final"), ("chinh thuc", "final"), ("diem", "final"),
)
FOOTER_WORDS = ("tong cong", "tong so", "tong", "trung binh", "gia tri trung binh", "binh quan",
                "cong", "diem trung binh")
NA_WORDS = {"kad", "khong ap dung", "n a", "na", "k ad", "kap dung"}
_HEADER_MAX = re.compile(r"\((?:tối đa|tối đa:|td)?\s*(\d+(?:[.,]\d+)?)\s*(?:điểm|đ)?\)", re.I)
_FIELD_NUMBER = re.compile(r"^(?:linh vuc|lv)?\s*(\d+|[ivx]+)(?:\s|$)")
_CODE = re.compile(r"^\d+(\.\d+)*$")


@dataclass(slots=True)
class UnitRef:
    label: str
    code: str | None
    cell: str


@dataclass(slots=True)
class Item:
    """A field or criterion as the sheet names it; `key` is what its values refer to."""
    key: str
    code: str | None
    name: str
    max_points: float | None
    cell: str


@dataclass
class Values:
    """Every value read, as parallel lists (a sheet holds tens of thousands)."""
    unit: list[int] = field(default_factory=list)  # index into ParsedSheet.units
    item: list[str | None] = field(default_factory=list)  # Item.key; None for bonus/penalty
    measure: list[str] = field(default_factory=list)  # self | appraised_r1 | final | survey | applicable_max | bonus | penalty
    raw: list = field(default_factory=list)
    row: list[int] = field(default_factory=list)  # 0-based sheet row and column of the cell
    col: list[int] = field(default_factory=list)

    def add(self, unit: int, item: str | None, measure: str, raw: object, row: int, col: int) -> None:
        self.extend([unit], [item], [measure], [raw], [row], [col])

    def extend(self, unit: list, item: list, measure: list, raw: list, row: list, col: list) -> None:
        self.unit.extend(unit)
        self.item.extend(item)
        self.measure.extend(measure)
        self.raw.extend(raw)
        self.row.extend(row)
        self.col.extend(col)

    def __len__(self) -> int:
        return len(self.raw)


@dataclass(slots=True)
class Given:
    """A figure the file states that we compute ourselves: total, index, rank, band."""
    unit: int
    what: str
    raw: object
    cell: str


@dataclass
class ParsedSheet:
    name: str
    layout: str  # summary | detailed | long
    items: list[Item] = field(default_factory=list)
    units: list[UnitRef] = field(default_factory=list)
    values: Values = field(default_factory=Values)
    given: list[Given] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, row: int | None = None, col: int | None = None) -> None:
        where = cell_name(row, col) if row is not None and col is not None else None
        self.problems.append(Problem(message, self.name, where))


def is_na(value: object) -> bool:
    return isinstance(value, str) and (value.strip() == "-" or fold(value) in NA_WORDS)


def header_max(text: str) -> float | None:
    m = _HEADER_MAX.search(text)
    return to_number(m.group(1)) if m else None


def parse_sheet(sheet: Sheet) -> ParsedSheet | None:
    """The scores in one sheet, or None when the sheet holds no score table."""
    folded = [[fold(v) if isinstance(v, str) else "" for v in row] for row in sheet.rows[:HEADER_SCAN_ROWS]]
    for r, row in enumerate(folded):
        cells = set(row)
        has_unit = any(c in UNIT_HEADERS for c in cells)
        if has_unit and cells & set(LONG_CODE_HEADERS) and cells & set(POINTS_HEADERS) and sum(map(bool, row)) <= 6:
            return _parse_long(sheet, r, row)
        if cells & set(CRITERION_HEADERS) and cells & set(MAX_HEADERS):
            return _parse_detailed(sheet, r, row)
        if has_unit:
            return _parse_summary(sheet, r, row)
    return None


def _merged_header(sheet: Sheet, r: int) -> list[str]:
    """Row r's header texts with merged cells spread over every column they cover."""
    texts = [clean(v) for v in (sheet.rows[r] + [""] * (sheet.width - len(sheet.rows[r])))]
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 <= r <= r1:
            for c in range(c0, min(c1, len(texts) - 1) + 1):
                texts[c] = clean(sheet.value(r0, c0))
    return texts


def _is_numbering_row(row: list) -> bool:
    """A row of column numbers under a header: (1) (2) (3) ... or A B C."""
    marks = [clean(v) for v in row if not is_blank(v)]
    return len(marks) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?|[A-Z]", m) for m in marks)


def _two_row_header(sheet: Sheet, r: int) -> bool:
    if r + 1 >= len(sheet.rows):
        return False
    below = [fold(v) if isinstance(v, str) else "" for v in sheet.rows[r + 1]]
    sub_words = MAX_HEADERS + tuple(w for w, _ in MEASURES)
    return any(b.startswith(sub_words) for b in below if b) or any(
        r0 == r and c1 > c0 for (r0, c0), (_, c1) in sheet.merged
    )


def _first_data_row(sheet: Sheet, r: int) -> int:
    while r < len(sheet.rows) and _is_numbering_row(sheet.rows[r]):
        r += 1
    return r


def _unit_label(label: str) -> bool:
    key = fold(label)
    return bool(key) and not key.startswith(FOOTER_WORDS)


# ---------------------------------------------------------------- summary: one row per unit

def _summary_role(top: str, sub: str) -> str:
    t, s = fold(top), fold(sub)
    if t in ("stt", "tt", "so tt", "so thu tu"):
        return "stt"
    if t in UNIT_CODE_HEADERS:
        return "unit_code"
    if t in UNIT_HEADERS or t.startswith("ten don vi"):
        return "unit"
    if t.startswith(("tong diem", "tong cong")) or t == "tong":
        return "total"
    if t.startswith(("chi so cchc", "chi so cai cach", "chi so par")) or t in ("chi so", "chi so %", "ty le", "ty le %", "%"):
        return "index"
    if t.startswith(("xep hang", "thu hang")) or t == "hang":
        return "rank"
    if t.startswith(("xep loai", "phan loai", "muc xep loai")):
        return "band"
    if t.startswith(("diem thuong", "diem cong")):
        return "bonus"
    if t.startswith("diem tru"):
        return "penalty"
    if t.startswith("ghi chu") or not t:
        return "ignore"
    if s.startswith(MAX_HEADERS):
        return "field_max"
    return "field"


def _parse_summary(sheet: Sheet, r: int, _: list[str]) -> ParsedSheet:
    parsed = ParsedSheet(sheet.name, "summary")
    two_rows = _two_row_header(sheet, r)
    top = _merged_header(sheet, r)
    sub = _merged_header(sheet, r + 1) if two_rows else [""] * len(top)
    roles = [_summary_role(t, s) for t, s in zip(top, sub)]
    if "unit" not in roles:
        parsed.problem("Không tìm thấy cột tên đơn vị", r, 0)
        return parsed
    unit_col = roles.index("unit")
    code_col = roles.index("unit_code") if "unit_code" in roles else None
    field_cols = [c for c, role in enumerate(roles) if role == "field"]
    max_by_top = {fold(top[c]): c for c, role in enumerate(roles) if role == "field_max"}
    max_cols = {c: max_by_top.get(fold(top[c])) for c in field_cols}  # field column -> its 'Điểm tối đa' column
    stated = [(c, role) for c, role in enumerate(roles) if role in ("bonus", "penalty", "total", "index", "rank", "band")]
    stt_col = roles.index("stt") if "stt" in roles else None
    if not field_cols:
        parsed.problem("Không tìm thấy cột điểm lĩnh vực nào", r, unit_col)
    for c in field_cols:
        text = top[c] if not two_rows or not sub[c] or fold(sub[c]).startswith(("diem dat", "diem", "ket qua")) else f"{top[c]} {sub[c]}"
        number = _FIELD_NUMBER.match(fold(text))
        code = number.group(1) if number else None
        code = str(roman_to_int(code)) if code and not code.isdigit() else code
        parsed.items.append(Item(cell_name(r, c), code, text, header_max(top[c]) or header_max(sub[c]), cell_name(r, c)))
    start = _first_data_row(sheet, r + (2 if two_rows else 1))
    unit_rows: list[int] = []
    for row in range(start, len(sheet.rows)):
        cells = sheet.rows[row]
        if not any(type(v) is float or type(v) is int or to_number(v) is not None or is_na(v)
                   for v in (cells[c] for c in field_cols)):
            continue  # blank, section heading, signature line
        label = clean(cells[unit_col])
        stt = fold(clean(cells[stt_col])) if stt_col is not None else ""
        if not _unit_label(label) or stt.startswith(FOOTER_WORDS):
            if not label and not stt:
                parsed.problem("Dòng có điểm nhưng không có tên đơn vị", row, unit_col)
            continue
        code = clean(sheet.value(row, code_col)) if code_col is not None else None
        parsed.units.append(UnitRef(label, code or None, cell_name(row, unit_col)))
        unit_rows.append(row)
    units = list(range(len(unit_rows)))
    n = len(units)
    for item, c in zip(parsed.items, field_cols):  # column by column: tens of thousands of cells
        parsed.values.extend(units, [item.key] * n, ["final"] * n, [sheet.rows[row][c] for row in unit_rows],
                             unit_rows, [c] * n)
        mc = max_cols[c]
        for u, row in enumerate(unit_rows) if mc is not None else ():
            if not is_blank(sheet.value(row, mc)):
                parsed.values.add(u, item.key, "applicable_max", sheet.value(row, mc), row, mc)
    for u, row in enumerate(unit_rows):
        for c, role in stated:
            value = sheet.value(row, c)
            if is_blank(value):
                continue
            if role in ("bonus", "penalty"):
                parsed.values.add(u, None, role, value, row, c)
            else:
                parsed.given.append(Given(u, role, value, cell_name(row, c)))
    return parsed


# ------------------------------------------- detailed: one row per criterion, units in columns

def criterion_code(value: object, field: str | None) -> str | None:
    """'3.2.1', 3.2, 'III' (field 3), '1' under a roman field III (-> '3.1'); None otherwise."""
    if isinstance(value, float):
        value = f"{value:g}"
    text = clean(value).rstrip(".").replace(" ", "")
    if _CODE.match(text):
        return f"{field}.{text}" if field else text
    roman = roman_to_int(text)
    return str(roman) if roman else None


def _measure(sub: str) -> str | None:
    s = fold(sub)
    return next((m for word, m in MEASURES if s.startswith(word) or word in s), None)


def _parse_detailed(sheet: Sheet, r: int, row: list[str]) -> ParsedSheet:
    parsed = ParsedSheet(sheet.name, "detailed")
    name_col = next(c for c, v in enumerate(row) if v in CRITERION_HEADERS)
    max_col = next(c for c, v in enumerate(row) if v in MAX_HEADERS)
    code_col = next((c for c, v in enumerate(row) if v in CODE_HEADERS), None)
    if code_col is None:
        parsed.problem("Không tìm thấy cột mã tiêu chí (TT, STT hoặc Mã)", r, 0)
        return parsed
    two_rows = _two_row_header(sheet, r)
    top = _merged_header(sheet, r)
    sub = _merged_header(sheet, r + 1) if two_rows else [""] * len(top)
    columns: list[tuple[int, int, str]] = []  # (col, unit index, measure)
    units: dict[str, int] = {}
    for c in range(max(name_col, max_col, code_col) + 1, len(top)):
        head, below = top[c], sub[c]
        if not head and not below or fold(head).startswith("ghi chu"):
            continue
        if _measure(head) and not below:  # one sheet per unit: 'Tự chấm' / 'Thẩm định' columns
            label, measure, cell = sheet.name, _measure(head), sheet.name
        else:
            label, measure, cell = head, (_measure(below) if below else "final"), cell_name(r, c)
        if measure is None:
            parsed.problem(f"Không hiểu cột «{below}» (cần Tự chấm, Thẩm định hoặc Điểm)", r + 1, c)
            continue
        if label not in units:
            units[label] = len(parsed.units)
            parsed.units.append(UnitRef(label, None, cell))
        columns.append((c, units[label], measure))
    if not columns:
        parsed.problem("Không tìm thấy cột điểm của đơn vị nào", r, max_col + 1)
    col_numbers, col_units, col_measures = (list(x) for x in zip(*columns)) if columns else ([], [], [])
    roman_field = None
    for row_i in range(_first_data_row(sheet, r + (2 if two_rows else 1)), len(sheet.rows)):
        raw_code = sheet.value(row_i, code_col)
        name = clean(sheet.value(row_i, name_col))
        if isinstance(raw_code, str) and roman_to_int(clean(raw_code).rstrip(".")):
            roman_field = str(roman_to_int(clean(raw_code).rstrip(".")))
            code = roman_field
        else:
            code = criterion_code(raw_code, roman_field)
        if code is None:
            if fold(name).startswith(FOOTER_WORDS) or fold(clean(raw_code)).startswith(FOOTER_WORDS):
                for c, u, measure in columns:
                    if not is_blank(sheet.value(row_i, c)):
                        parsed.given.append(Given(u, f"total:{measure}", sheet.value(row_i, c), cell_name(row_i, c)))
            elif not is_blank(raw_code) and not is_blank(sheet.value(row_i, max_col)):
                parsed.problem(f"Mã tiêu chí «{clean(raw_code)}» không hợp lệ", row_i, code_col)
            continue
        max_raw = sheet.value(row_i, max_col)
        max_points = to_number(max_raw)
        if max_points is None:
            parsed.problem(f"Điểm tối đa của tiêu chí {code} không phải là số: «{clean(max_raw)}»", row_i, max_col)
        parsed.items.append(Item(code, code, name, max_points, cell_name(row_i, code_col)))
        cells = sheet.rows[row_i]
        parsed.values.extend(col_units, [code] * len(columns), col_measures,
                             [cells[c] for c in col_numbers], [row_i] * len(columns), col_numbers)
    return parsed


# ------------------------------------------------------ long: unit, criterion/field code, points

def _parse_long(sheet: Sheet, r: int, row: list[str]) -> ParsedSheet:
    parsed = ParsedSheet(sheet.name, "long")
    unit_col = next(c for c, v in enumerate(row) if v in UNIT_HEADERS)
    code_col = next(c for c, v in enumerate(row) if v in LONG_CODE_HEADERS and c != unit_col)
    points_col = next(c for c, v in enumerate(row) if v in POINTS_HEADERS)
    unit_code_col = next((c for c, v in enumerate(row) if v in UNIT_CODE_HEADERS), None)
    units: dict[str, int] = {}
    seen: set[str] = set()
    for row_i in range(_first_data_row(sheet, r + 1), len(sheet.rows)):
        label = clean(sheet.value(row_i, unit_col))
        raw_code = sheet.value(row_i, code_col)
        if not label and is_blank(raw_code):
            continue
        code = criterion_code(raw_code, None)
        if code is None:
            parsed.problem(f"Mã tiêu chí/lĩnh vực «{clean(raw_code)}» không hợp lệ", row_i, code_col)
            continue
        if not _unit_label(label):
            if not label:
                parsed.problem("Dòng có điểm nhưng không có tên đơn vị", row_i, unit_col)
            continue
        if label not in units:
            units[label] = len(parsed.units)
            unit_code = clean(sheet.value(row_i, unit_code_col)) if unit_code_col is not None else None
            parsed.units.append(UnitRef(label, unit_code or None, cell_name(row_i, unit_col)))
        if code not in seen:
            seen.add(code)
            parsed.items.append(Item(code, code, "", None, cell_name(row_i, code_col)))
        parsed.values.add(units[label], code, "final", sheet.value(row_i, points_col), row_i, points_col)
    return parsed
