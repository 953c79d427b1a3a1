"""Score sheets as the office writes them, read without a framework: find the header (one or
two rows, merged cells), tell the layout (summary, detailed, long) and take every number as
written, with its cell. Binding to a framework and checking values is `scores.py`'s job."""

import re
from dataclasses import dataclass, field

from pipelines.files.column_roles import (
    FOOTER_WORDS,
    MAX_WORDS,
    MEASURES,
    Column,
    Hints,
    Table,
    area_label,
    data_rows,
    find_table,
    header_texts,
    is_footer,
    is_numbering_row,
    unit_label,
)
from pipelines.files.column_specs import apply_specs
from pipelines.files.workbook import Sheet, is_blank
from pipelines.problems import Problem
from pipelines.text import cell_name, clean, fold, roman_to_int, to_number

HEADER_SCAN_ROWS = 40
UNIT_HEADERS = (
    "ten don vi",
    "don vi",
    "ten xa",
    "ten co quan",
    "co quan don vi",
    "xa phuong",
    "don vi duoc danh gia",
    "ten dia phuong",
    "dia phuong",
    "ten xa phuong",
)
UNIT_CODE_HEADERS = ("ma don vi", "ma dv", "ma xa")
CRITERION_HEADERS = (
    "tieu chi",
    "noi dung",
    "ten tieu chi",
    "noi dung tieu chi",
    "linh vuc tieu chi",
    "tieu chi tieu chi thanh phan",
    "linh vuc tieu chi tieu chi thanh phan",
    "noi dung danh gia",
    "linh vuc tieu chi thanh phan",
)
CODE_HEADERS = ("tt", "stt", "ma", "ma tieu chi", "ma so", "so tt", "ma linh vuc", "ma tc")
POINTS_HEADERS = ("diem", "diem dat", "so diem", "diem tham dinh", "ket qua")
LONG_CODE_HEADERS = ("ma tieu chi", "ma linh vuc", "tieu chi", "linh vuc", "ma", "ma tc")
_CODE = re.compile(r"^\d+(\.\d+)*$")


@dataclass(slots=True)
class UnitRef:
    label: str
    code: str | None
    cell: str
    area: str | None = (
        None  # the unit's province or district as the file names it (tells apart same names)
    )


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
    measure: list[str] = field(
        default_factory=list
    )  # self | appraised_r1 | final | survey | applicable_max | bonus | penalty
    raw: list = field(default_factory=list)
    row: list[int] = field(default_factory=list)  # 0-based sheet row and column of the cell
    col: list[int] = field(default_factory=list)

    def add(
        self, unit: int, item: str | None, measure: str, raw: object, row: int, col: int
    ) -> None:
        self.extend([unit], [item], [measure], [raw], [row], [col])

    def extend(
        self, unit: list, item: list, measure: list, raw: list, row: list, col: list
    ) -> None:
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
    table: Table | None = None  # how a summary sheet was read
    notes: list[str] = field(
        default_factory=list
    )  # what the user must know but does not block (warnings)

    def problem(self, message: str, row: int | None = None, col: int | None = None) -> None:
        where = cell_name(row, col) if row is not None and col is not None else None
        self.problems.append(Problem(message, self.name, where))


@dataclass
class Reading:
    """How to read a sheet when the evidence is not enough: the user's header row (0-based) and
    column roles, or the readings remembered for known headers."""

    header_row: int | None = None
    specs: list = field(default_factory=list)
    memory: object = None  # mappings.Memory


def parse_sheet(
    sheet: Sheet, hints: Hints | None = None, reading: Reading | None = None
) -> ParsedSheet | None:
    """The scores in one sheet, or None when the sheet holds no score table. `reading`: what the
    user said about this sheet (header row, column roles) or a remembered reading."""
    reading = reading or Reading()
    if not reading.specs and reading.header_row is None:
        folded = [
            [fold(v) if isinstance(v, str) else "" for v in row]
            for row in sheet.rows[:HEADER_SCAN_ROWS]
        ]
        for r, row in enumerate(folded):
            cells = set(row)
            if (
                cells & set(UNIT_HEADERS)
                and cells & set(LONG_CODE_HEADERS)
                and cells & set(POINTS_HEADERS)
                and sum(map(bool, row)) <= 6
            ):
                return _parse_long(sheet, r, row)
            if cells & set(CRITERION_HEADERS) and cells & set(MAX_WORDS):
                return _parse_detailed(sheet, r, row)
    hints = hints or Hints()
    remembered = (
        reading.memory.find(sheet, hints) if reading.memory and reading.header_row is None else None
    )
    table = remembered or find_table(sheet, hints, reading.header_row)
    if table is None:
        if reading.header_row is not None or reading.specs:
            parsed = ParsedSheet(sheet.name, "summary")
            parsed.problem(
                "Không thấy dòng dữ liệu nào (tên đơn vị và ít nhất hai ô số) dưới dòng tiêu đề đã chỉ định",
                reading.header_row or 0,
                0,
            )
            return parsed
        return None
    problems: list[Problem] = []
    if reading.header_row is not None:
        table.by_user = table.header_given = True
    if reading.specs:
        apply_specs(table, reading.specs, problems)
    elif reading.memory is not None and remembered is None:
        reading.memory.apply(table)
    parsed = _parse_summary(sheet, table)
    parsed.problems[:0] = problems
    return parsed


def _two_row_header(sheet: Sheet, r: int) -> bool:
    if r + 1 >= len(sheet.rows):
        return False
    below = [fold(v) if isinstance(v, str) else "" for v in sheet.rows[r + 1]]
    sub_words = MAX_WORDS + tuple(w for w, _ in MEASURES)
    return any(b.startswith(sub_words) for b in below if b) or any(
        r0 == r and c1 > c0 for (r0, c0), (_, c1) in sheet.merged
    )


def _first_data_row(sheet: Sheet, r: int) -> int:
    while r < len(sheet.rows) and is_numbering_row(sheet.rows[r]):
        r += 1
    return r


def _unit_label(label: str) -> bool:
    key = fold(label)
    return bool(key) and not is_footer(label)


# ---------------------------------------------------------------- summary: one row per unit


def _parse_summary(sheet: Sheet, table: Table) -> ParsedSheet:
    parsed = ParsedSheet(sheet.name, "summary", table=table)
    head = table.header_rows[0]
    units = table.of_role("unit")
    if len(units) != 1:
        rows = (
            f"{head + 1}–{table.header_rows[-1] + 1}"
            if len(table.header_rows) > 1
            else f"{head + 1}"
        )
        what = (
            "không cột chữ nào có giá trị giống tên đơn vị"
            if not units
            else "nhiều cột được chỉ định là tên đơn vị"
        )
        parsed.problem(
            f"Không xác định được cột tên đơn vị: đã xét dòng tiêu đề {rows}, dữ liệu từ dòng {table.first_row + 1};"
            f' {what}. Hãy chỉ rõ, ví dụ --columns "B=unit" (hoặc chọn vai trò cột trên trang Tải dữ liệu)',
            head,
            0,
        )
        return parsed
    unit_col = units[0].col
    codes = table.of_role("unit_code")
    code_col = codes[0].col if codes else None
    areas = table.of_role("area")
    area_col = areas[0].col if areas else None
    stt = table.of_role("stt")
    stt_col = stt[0].col if stt else None
    points = table.of_role("field", "criterion")
    if not points:
        parsed.problem(
            'Không tìm thấy cột điểm lĩnh vực nào; chỉ rõ bằng --columns, ví dụ "C=field:1/9"',
            head,
            unit_col,
        )
    groups: dict[int, list[Column]] = {}
    for col in points:
        groups.setdefault(col.group, []).append(col)
    for first, cols in groups.items():
        scored = [c for c in cols if c.measure != "applicable_max"] or cols
        main = next((c for c in scored if c.measure == "final"), scored[0])
        maxima = [c.max_points for c in cols if c.max_points is not None]
        parsed.items.append(
            Item(
                cell_name(head, first),
                main.code,
                main.name or main.header,
                maxima[0] if maxima else None,
                cell_name(head, first),
            )
        )
    unit_rows: list[int] = []
    for row in data_rows(sheet, table):
        cells = sheet.rows[row]
        if row in sheet.hidden_rows:  # a person reading the sheet does not see it: not loaded, said
            label = clean(cells[unit_col])
            parsed.notes.append(
                f"{sheet.name}!{cell_name(row, unit_col)}: dòng {row + 1} bị ẩn trong tệp"
                + (f" («{label}»)" if label else "")
                + " nên không được nạp; nếu cần nạp, bỏ ẩn dòng rồi tải lại"
            )
            continue
        label = unit_label(cells[unit_col])
        stt_text = fold(clean(cells[stt_col])) if stt_col is not None else ""
        if is_footer(label) or is_footer(stt_text):
            continue
        if not label:
            number = (
                f" (STT {clean(cells[stt_col])})"
                if stt_col is not None and not is_blank(cells[stt_col])
                else ""
            )
            parsed.problem(f"Dòng có điểm nhưng không có tên đơn vị{number}", row, unit_col)
            continue
        code = clean(sheet.value(row, code_col)) if code_col is not None else None
        area = area_label(cells[area_col]) if area_col is not None else None
        parsed.units.append(UnitRef(label, code or None, cell_name(row, unit_col), area or None))
        unit_rows.append(row)
    n = len(unit_rows)
    units_idx = list(range(n))
    for item, cols in zip(
        parsed.items, groups.values()
    ):  # column by column: tens of thousands of cells
        for col in cols:
            parsed.values.extend(
                units_idx,
                [item.key] * n,
                [col.measure] * n,
                [sheet.rows[row][col.col] for row in unit_rows],
                unit_rows,
                [col.col] * n,
            )
    stated = table.of_role("bonus", "penalty", "max", "total", "index", "rank", "band")
    for u, row in enumerate(unit_rows):
        for col in stated:
            value = sheet.value(row, col.col)
            if is_blank(value):
                continue
            if col.role in ("bonus", "penalty", "max"):
                parsed.values.add(
                    u,
                    None,
                    "applicable_max" if col.role == "max" else col.role,
                    value,
                    row,
                    col.col,
                )
            else:
                what = col.role if col.measure == "final" else f"{col.role}:{col.measure}"
                parsed.given.append(Given(u, what, value, cell_name(row, col.col)))
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
    max_col = next(c for c, v in enumerate(row) if v in MAX_WORDS)
    code_col = next((c for c, v in enumerate(row) if v in CODE_HEADERS), None)
    if code_col is None:
        parsed.problem("Không tìm thấy cột mã tiêu chí (TT, STT hoặc Mã)", r, 0)
        return parsed
    two_rows = _two_row_header(sheet, r)
    top = header_texts(sheet, r)
    sub = header_texts(sheet, r + 1) if two_rows else [""] * len(top)
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
    col_numbers, col_units, col_measures = (
        (list(x) for x in zip(*columns)) if columns else ([], [], [])
    )
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
            if fold(name).startswith(FOOTER_WORDS) or fold(clean(raw_code)).startswith(
                FOOTER_WORDS
            ):
                for c, u, measure in columns:
                    if not is_blank(sheet.value(row_i, c)):
                        parsed.given.append(
                            Given(u, f"total:{measure}", sheet.value(row_i, c), cell_name(row_i, c))
                        )
            elif not is_blank(raw_code) and not is_blank(sheet.value(row_i, max_col)):
                parsed.problem(f"Mã tiêu chí «{clean(raw_code)}» không hợp lệ", row_i, code_col)
            continue
        max_raw = sheet.value(row_i, max_col)
        max_points = to_number(max_raw)
        if max_points is None:
            parsed.problem(
                f"Điểm tối đa của tiêu chí {code} không phải là số: «{clean(max_raw)}»",
                row_i,
                max_col,
            )
        parsed.items.append(Item(code, code, name, max_points, cell_name(row_i, code_col)))
        cells = sheet.rows[row_i]
        parsed.values.extend(
            col_units,
            [code] * len(columns),
            col_measures,
            [cells[c] for c in col_numbers],
            [row_i] * len(columns),
            col_numbers,
        )
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
            parsed.problem(
                f"Mã tiêu chí/lĩnh vực «{clean(raw_code)}» không hợp lệ", row_i, code_col
            )
            continue
        if not _unit_label(label):
            if not label:
                parsed.problem("Dòng có điểm nhưng không có tên đơn vị", row_i, unit_col)
            continue
        if label not in units:
            units[label] = len(parsed.units)
            unit_code = (
                clean(sheet.value(row_i, unit_code_col)) if unit_code_col is not None else None
            )
            parsed.units.append(UnitRef(label, unit_code or None, cell_name(row_i, unit_col)))
        if code not in seen:
            seen.add(code)
            parsed.items.append(Item(code, code, "", None, cell_name(row_i, code_col)))
        parsed.values.add(
            units[label], code, "final", sheet.value(row_i, points_col), row_i, points_col
        )
    return parsed
