"""How a summary table (one row per unit) is read: where its header and its data are, and what
each column holds. Header words are hints, not gates: the unit column is the text column whose
values are units (in the registry, or named like units), numeric columns are fields unless their
header says otherwise, and maxima come from the header text, a «Điểm tối đa» row or a column of
their own. Every decision keeps its reason for the report the user reads before confirming;
what the user says instead (`--columns`, the upload page) is `mappings`."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from pipelines.files.workbook import Sheet, is_blank
from pipelines.text import cell_name, clean, column_letters, fold, roman_to_int, to_number

SCAN_ROWS = 40
MAX_HEADER_ROWS = 3

ROLE_NAMES = {  # role -> what the report calls it
    "unit": "tên đơn vị",
    "unit_code": "mã đơn vị",
    "stt": "số thứ tự",
    "field": "điểm lĩnh vực",
    "criterion": "điểm tiêu chí",
    "total": "tổng điểm (đối chiếu)",
    "index": "chỉ số % (đối chiếu)",
    "rank": "xếp hạng (đối chiếu)",
    "band": "xếp loại (đối chiếu)",
    "bonus": "điểm thưởng",
    "penalty": "điểm trừ",
    "max": "điểm tối đa của đơn vị",
    "area": "địa bàn (tỉnh, huyện) của đơn vị",
    "ignore": "bỏ qua",
}
MEASURE_NAMES = {
    "final": "điểm chính thức",
    "self": "tự chấm",
    "appraised_r1": "thẩm định vòng 1",
    "applicable_max": "điểm tối đa của đơn vị",
}
MEASURES = (  # folded sub-header -> measure; first match wins
    ("tham dinh vong 1", "appraised_r1"),
    ("vong 1", "appraised_r1"),
    ("lan 1", "appraised_r1"),
    ("tu cham", "self"),
    ("tu danh gia", "self"),
    ("diem tu cham", "self"),
    ("dtxhh", "survey"),
    ("dieu tra xa hoi hoc", "survey"),
    ("tham dinh vong 2", "final"),
    ("vong 2", "final"),
    ("chinh thuc", "final"),
    ("tham dinh", "final"),
    ("diem dat", "final"),
    ("ket qua", "final"),
    ("diem", "final"),
)
MAX_WORDS = ("diem toi da", "toi da", "diem chuan", "thang diem", "diem toi da duoc cham")
FOOTER_WORDS = (
    "tong cong",
    "tong so",
    "tong",
    "trung binh",
    "gia tri trung binh",
    "binh quan",
    "cong",
    "diem trung binh",
)
NA_WORDS = {"kad", "khong ap dung", "n a", "na", "k ad", "kap dung"}
# Words that start a header of that role (folded). Checked in this order; a header matching
# none of them over numbers is a field.
HEADER_WORDS = (
    ("ignore", ("ghi chu", "note", "nhan xet", "nam", "nam danh gia", "ky danh gia")),
    ("stt", ("stt", "tt", "so tt", "so thu tu", "thu tu")),
    (
        "unit_code",
        ("ma don vi", "ma dv", "ma xa", "ma co quan", "ma coquan", "ma dvhc", "ma so", "ma"),
    ),
    ("bonus", ("diem thuong", "diem cong", "thuong")),
    ("penalty", ("diem tru", "tru diem", "diem bi tru")),
    ("rank", ("xep hang", "thu hang", "hang", "vi thu", "thu tu xep hang")),
    ("band", ("xep loai", "phan loai", "muc xep loai", "ket qua xep loai", "muc do hoan thanh")),
    (
        "index",
        ("chi so cchc", "chi so cai cach", "chi so par", "chi so", "ty le", "%", "par index"),
    ),
    (
        "total",
        (
            "tong diem",
            "tong cong",
            "tong so diem",
            "tong",
            "diem tong",
            "cong diem",
            "diem dat",
            "diem dat duoc",
            "ket qua dat",
        ),
    ),
)
EXACT_ONLY = {"stt", "tt", "ma", "hang", "%", "xa"}  # too short to be a prefix
UNIT_HEADER_WORDS = (
    "xa",
    "ten don vi",
    "don vi",
    "ten xa",
    "xa phuong",
    "xa thi tran",
    "phuong xa",
    "ten co quan",
    "co quan",
    "so ban nganh",
    "huyen",
    "quan huyen",
    "ten huyen",
    "ten dia phuong",
    "dia phuong",
    "ten",
    "ubnd",
    "don vi hanh chinh",
    "ten dvhc",
    "ten phuong",
)
# Headers of a column naming each unit's province or district (beside the unit column).
AREA_WORDS = (
    "tinh",
    "tinh thanh pho",
    "tinh thanh",
    "huyen",
    "quan huyen",
    "huyen thi xa",
    "huyen thanh pho",
    "huyen thi xa thanh pho",
    "dia ban",
    "khu vuc",
    "thuoc huyen",
    "thuoc tinh",
    "don vi cap huyen",
)
ORG_WORDS = (
    "ubnd",
    "uy ban nhan dan",
    "van phong",
    "thanh tra",
    "cong an",
    "ban quan ly",
    "bql",
    "trung tam",
)
# Abbreviations in field headers -> words of the field's usual name.
ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh",
    "cqdt": "chinh quyen dien tu",
    "cqs": "chinh quyen so",
    "vbqppl": "the che",
    "dtxhh": "tac dong",
    "cchc": "cai cach hanh chinh",
    "tcbm": "to chuc bo may",
    "tccv": "che do cong vu",
    "tcc": "tai chinh cong",
}
_FIELD_WORD = r"^(?:(?:diem|tdg|kq)\s*(?=linh vuc|lv))?"  # «Điểm lĩnh vực I», «TDG_LV1»
_FIELD_CODE = r"\s*(\d{1,2}|[ivx]{1,4})(?:\s|$)"
_FIELD_NUMBER = re.compile(_FIELD_WORD + r"(?:linh vuc|lv|noi dung|phan)?" + _FIELD_CODE)
_NAMED_FIELD = re.compile(
    _FIELD_WORD + r"(?:linh vuc|lv)" + _FIELD_CODE
)  # says «lĩnh vực» outright
_CRITERION_CODE = re.compile(r"^(?:tc|tieu chi|tctp)?\s*(\d{1,2}(?:\.\d{1,2}){1,3})\b")
_HEADER_MAX = (
    re.compile(r"\(\s*(?:diem\s+)?(?:toi\s*da\s*:?\s*)?(\d{1,3}(?:[.,]\d+)?)\s*(?:diem|d)?\s*\)"),
    re.compile(r"toi\s*da\s*:?\s*(\d{1,3}(?:[.,]\d+)?)"),
)
_NUMBERED_LABEL = re.compile(r"^\s*\d{1,4}\s*[.)/-]\s+")
_LABEL_SUFFIX = re.compile(
    r"\s+[-–]\s+(?:tỉnh|thành phố|tp\.?|huyện)\s.*$|\s*\((?:cũ|mới|sau sáp nhập|trước sáp nhập)\)\s*$",
    re.I,
)


@dataclass
class Column:
    col: int
    header: str  # the header texts over it, top to bottom, joined by " / "
    role: str = "ignore"
    code: str | None = None  # field or criterion code, from the header or the user
    name: str = ""  # the field as the header names it (no max, no measure)
    group: int = -1  # the first column of its field: pairs under one merged header share it
    parent: str = ""  # the merged header over a pair
    measure: str = "final"  # final | self | appraised_r1 | applicable_max
    max_points: float | None = None
    max_from: str = ""
    why: str = ""

    @property
    def letter(self) -> str:
        return column_letters(self.col)


@dataclass
class Table:
    sheet: str
    header_rows: list[int]  # 0-based
    first_row: int
    columns: list[Column]
    max_row: int | None = None
    title: str = ""  # the lines above the header
    title_cell: str = ""  # where the title starts
    mapping_id: int | None = None  # a remembered reading was used
    by_user: bool = False  # the user said how to read it (columns or header row): remember it
    header_given: bool = False  # the user gave its header row
    sample: list[list] = field(
        default_factory=list
    )  # the header rows and the first data rows, as written

    def of_role(self, *roles: str) -> list[Column]:
        return [c for c in self.columns if c.role in roles]

    def header_key(self) -> str:
        """What identifies this header (for remembered readings): its columns' folded texts."""
        return " | ".join(fold(c.header) for c in self.columns).rstrip(" |")


class Hints:
    """What the registry knows, to recognise unit names: a matcher and the kind words."""

    def __init__(
        self, known: Callable[[str], bool] | None = None, unit_words: tuple[str, ...] = ()
    ):
        self.known = known or (lambda _label: False)
        self.words = tuple(
            sorted({*(fold(w) for w in unit_words), *ORG_WORDS}, key=len, reverse=True)
        )

    def named_like_unit(self, label: str) -> bool:
        key = fold(label)
        return any(key == w or key.startswith(w + " ") for w in self.words)


def deaccent(text: str) -> str:
    """Lower case without accents, punctuation kept (for patterns such as «(tối đa: 9)»)."""
    s = unicodedata.normalize("NFD", clean(text).lower().replace("đ", "d"))
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def header_max(text: str) -> float | None:
    s = deaccent(text)
    for pattern in _HEADER_MAX:
        m = pattern.search(s)
        if m:
            return to_number(m.group(1))
    return None


def area_label(text: object) -> str:
    """A province or district as a name tells it apart: «Tỉnh Đồng Nai» -> «Đồng Nai»."""
    return re.sub(r"^(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã)\s+", "", clean(text), flags=re.I)


def unit_label(text: object) -> str:
    """A unit name as written, without a leading number («1. Xã A») or a trailing place or note
    («UBND xã Đông Thái - tỉnh An Giang», «Xã B (cũ)»)."""
    s = _NUMBERED_LABEL.sub("", clean(text))
    return _LABEL_SUFFIX.sub("", s).strip() if ("-" in s or "–" in s or "(" in s) else s


def is_footer(text: str) -> bool:
    """A total or average line under a table («Tổng cộng», «Trung bình toàn huyện», «Cộng»), not a
    unit: one-word footers only alone, so «Tông Lệnh» or «Cộng Hòa» stay units."""
    key = fold(text)
    return key in FOOTER_WORDS or any(key.startswith(w + " ") for w in FOOTER_WORDS if " " in w)


def is_na(value: object) -> bool:
    return isinstance(value, str) and (value.strip() == "-" or fold(value) in NA_WORDS)


def is_numeric(value: object) -> bool:
    return (type(value) in (int, float)) or (
        isinstance(value, str) and (to_number(value) is not None or is_na(value))
    )


def is_numbering_row(row: list) -> bool:
    """A row of column numbers under a header: (1) (2) (3) ... or A B C, or 1 2 3 ..."""
    marks = [clean(v) for v in row if not is_blank(v)]
    first = next((c for c, v in enumerate(row) if not is_blank(v)), 0)
    if (
        len(marks) < 3 or first > 1
    ):  # field numbers under a merged header leave the first columns blank
        return False
    return all(
        re.fullmatch(r"\(?\d{1,2}\)?|[A-Z]|\(?\d{1,2}\s*=\s*[\d+\-/ ]+\)?", m) for m in marks
    )


def _is_sequence(row: list) -> bool:
    numbers = [to_number(v) for v in row if is_numeric(v) and not is_na(v)]
    return len(numbers) >= 3 and numbers == [
        float(i) for i in range(int(numbers[0]), int(numbers[0]) + len(numbers))
    ]


def _label_key(row: list) -> str:
    return " ".join(fold(v) for v in row if isinstance(v, str) and v.strip() and not is_numeric(v))


def is_max_row(row: list) -> bool:
    return _label_key(row).startswith(MAX_WORDS) and sum(is_numeric(v) for v in row) >= 2


def _is_data_row(row: list) -> bool:
    numbers = sum(is_numeric(v) for v in row)
    texts = [v for v in row if isinstance(v, str) and v.strip() and not is_numeric(v)]
    return (
        numbers >= 2
        and bool(texts)
        and not _is_sequence(row)
        and not is_max_row(row)
        and not is_footer(_label_key(row))
    )


def header_texts(sheet: Sheet, r: int) -> list[str]:
    """Row r's header texts with merged cells spread over every cell they cover."""
    texts = [clean(v) for v in sheet.rows[r]]
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 <= r <= r1 and c0 < len(texts):
            text = clean(sheet.value(r0, c0))
            for c in range(c0, min(c1, len(texts) - 1) + 1):
                texts[c] = text
    return texts


def _is_title_row(sheet: Sheet, r: int) -> bool:
    filled = [c for c, v in enumerate(sheet.rows[r]) if not is_blank(v)]
    if len(filled) != 1:
        return False
    wide = any(
        r0 <= r <= r1 and c0 == filled[0] and c1 - c0 >= 2 for (r0, c0), (r1, c1) in sheet.merged
    )
    return wide or len(clean(sheet.rows[r][filled[0]])) > 30 or sheet.width > 3


def find_table(sheet: Sheet, hints: Hints, header_row: int | None = None) -> Table | None:
    """Where the table is: its header rows (up to three, above the first data row) and its first
    data row; then each column's role. `header_row` (0-based) forces the header's first row."""
    rows = sheet.rows
    limit = min(len(rows), SCAN_ROWS if header_row is None else header_row + MAX_HEADER_ROWS + 4)
    start = 0 if header_row is None else header_row + 1
    # the first of two data rows close together: a lone summary line above the table is not it
    data = [r for r in range(start, min(len(rows), limit + 3)) if _is_data_row(rows[r])]
    first = next(
        (r for r, after in zip(data, data[1:]) if after - r <= 3 and r < limit),
        data[0] if data else None,
    )
    if first is None:
        return None
    header: list[int] = []
    max_row = None
    r = first - 1
    while r >= 0 and len(header) < MAX_HEADER_ROWS:
        row = rows[r]
        if all(is_blank(v) for v in row):
            if header:
                break
        elif is_max_row(row):
            max_row = r
        elif not is_numbering_row(row):
            if header_row is None and _is_title_row(sheet, r) and header:
                break
            header.insert(0, r)
        if header_row is not None and r <= header_row:
            break
        r -= 1
    if header_row is not None:
        header = [h for h in header if h >= header_row] or [header_row]
    if not header:
        return None
    title = " ".join(clean(v) for row in rows[: header[0]] for v in row if not is_blank(v))
    title_cell = next(
        (
            cell_name(r, c)
            for r in range(header[0])
            for c, v in enumerate(rows[r])
            if not is_blank(v)
        ),
        "",
    )
    texts = [header_texts(sheet, h) for h in header]
    columns = []
    for c in range(sheet.width):
        parts: list[str] = []
        for t in texts:
            if t[c] and (not parts or parts[-1] != t[c]):
                parts.append(t[c])
        columns.append(Column(c, " / ".join(parts)))
    sample = [
        [clean(v) if isinstance(v, str) else v for v in rows[r]]
        for r in [*header, *range(first, min(len(rows), first + 5))]
    ]
    table = Table(sheet.name, header, first, columns, max_row, title, title_cell, sample=sample)
    _decide_roles(sheet, table, texts, hints)
    return table


def data_rows(sheet: Sheet, table: Table) -> list[int]:
    """The rows of the table with anything in a points column (blank rows, headings between
    groups and signature lines are not units)."""
    cols = [c.col for c in table.of_role("field", "criterion")]
    return [
        r
        for r in range(table.first_row, len(sheet.rows))
        if r != table.max_row and any(is_numeric(sheet.rows[r][c]) for c in cols)
    ]


def _values(sheet: Sheet, table: Table, c: int) -> list:
    return [
        sheet.rows[r][c]
        for r in range(table.first_row, min(len(sheet.rows), table.first_row + 400))
        if not is_blank(sheet.rows[r][c])
    ]


def _starts(key: str, words: tuple[str, ...]) -> str | None:
    for w in words:
        if (
            key == w
            or w not in EXACT_ONLY
            and (key.startswith(w + " ") or len(w) > 5 and key.startswith(w))
        ):
            return w
    return None


def measure_of(text: str) -> str | None:
    """The measure a sub-header names when that is all it says: «Tự chấm», «Thẩm định (9)»."""
    key = fold(strip_max(text))
    if key.startswith(MAX_WORDS):
        return "applicable_max"
    for word, measure in MEASURES:
        if (
            key == word
            or key.startswith(word + " ")
            and re.fullmatch(r"(vong \d|lan \d|diem|\d+)( \d+)*", key[len(word) + 1 :])
        ):
            return measure
    return None


def _is_max_header(key: str, header: str) -> bool:
    return (
        key.startswith(MAX_WORDS + ("tong diem toi da", "tong so diem toi da"))
        and header_max(header) is None
    )


def _decide_roles(sheet: Sheet, table: Table, texts: list[list[str]], hints: Hints) -> None:
    unit_scores: dict[int, float] = {}
    for col in table.columns:
        leaf = texts[-1][col.col]
        parents = [t[col.col] for t in texts[:-1] if t[col.col] and t[col.col] != leaf]
        values = _values(sheet, table, col.col)
        key = fold(col.header)
        words = next(
            ((role, w) for role, ws in HEADER_WORDS if (w := _starts(fold(leaf) or key, ws))), None
        )
        said = f"tiêu đề «{col.header}»"
        if col.col in sheet.hidden_columns:
            col.role, col.why = "ignore", "cột bị ẩn trong tệp"
        elif not values:
            col.role, col.why = "ignore", "không có giá trị"
        elif sum(is_numeric(v) for v in values) < len(values) / 2:  # text: the units, a band, notes
            share = sum(
                hints.known(unit_label(v)) or hints.named_like_unit(unit_label(v)) for v in values
            ) / len(values)
            distinct = len({fold(clean(v)) for v in values}) / len(values)
            # units are more distinct than a column repeating each row's district (same names may
            # recur across provinces); a header naming the units counts, most for distinct names
            header = bool(_starts(key, UNIT_HEADER_WORDS))
            unit_scores[col.col] = share * (0.5 + 0.5 * distinct) + header * (
                0.5 if distinct > 0.9 else 0.25
            )
            role = (
                words[0] if words and words[0] in ("band", "ignore", "unit_code", "stt") else "text"
            )
            col.role, col.why = role, said if role != "text" else ""
            if role == "text" and _NAMED_FIELD.match(
                fold(leaf or col.header)
            ):  # «Lĩnh vực 2» over text: bad points
                _as_field(
                    col,
                    leaf or col.header,
                    "final",
                    col.header,
                    f"tiêu đề «{col.header}» (giá trị không phải số)",
                )
        elif parents and (measure := measure_of(leaf)) is not None:  # a pair under a merged header
            col.parent = " ".join(parents)
            over = next((role for role, ws in HEADER_WORDS if _starts(fold(parents[-1]), ws)), None)
            if (
                over == "total"
            ):  # «Tổng cộng» over «Điểm tối đa» / «Điểm đạt»: the unit's max and total
                col.role = "max" if measure == "applicable_max" else "total"
                col.measure = "final" if measure == "applicable_max" else measure
                col.why = f"«{parents[-1]}» / «{leaf}»"
            else:
                _as_field(col, parents[-1], measure, col.header, f"«{parents[-1]}» / «{leaf}»")
        elif _is_max_header(key, col.header):
            col.role, col.why = "max", said
        elif words:
            col.role, col.why = words[0], said
        elif "%" in col.header:
            col.role, col.why = "index", said
        elif not col.header and _ranks_like(values):
            col.role, col.why = (
                ("stt", "số 1, 2, 3… ở cột đầu")
                if col.col == 0
                else ("rank", "số nguyên 1…n, không có tiêu đề")
            )
        else:
            _as_field(
                col,
                leaf or col.header,
                "final",
                col.header,
                f"cột số, tiêu đề «{col.header}»" if col.header else "cột số không có tiêu đề",
            )
    units = sorted(unit_scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if units and units[0][1] >= 0.5:
        col = table.columns[units[0][0]]
        col.role = "unit"
        col.why = (
            f"giá trị là tên đơn vị ({min(100, round(units[0][1] * 100))} % khớp danh mục"
            " hoặc bắt đầu bằng xã, phường, huyện, sở, …)"
            + (f"; tiêu đề «{col.header}»" if col.header else "; cột không có tiêu đề")
        )
    for col in table.columns:
        if col.role == "text" and _starts(fold(col.header), AREA_WORDS):
            col.role, col.why = "area", f"tiêu đề «{col.header}», bên cạnh cột tên đơn vị"
        elif col.role == "text":
            col.role, col.why = "ignore", "cột chữ, không phải tên đơn vị"
    _group_pairs(table)
    _maxima(sheet, table)


def _ranks_like(values: list) -> bool:
    numbers = [to_number(v) for v in values]
    return (
        all(x is not None and x == int(x) and 1 <= x <= len(values) for x in numbers)
        and min(numbers) == 1
    )


def _as_field(col: Column, text: str, measure: str, all_text: str, why: str) -> None:
    """A points column: its field (or criterion) code and name from `text`, its max from any of
    its header texts."""
    col.measure, col.why, col.name = measure, why, strip_max(text)
    crit = _CRITERION_CODE.match(deaccent(text))
    number = _FIELD_NUMBER.match(fold(text))
    if crit:
        col.role, col.code = "criterion", crit.group(1)
    else:
        col.role = "field"
        if number:
            code = number.group(1)
            col.code = (
                code
                if code.isdigit()
                else (str(roman_to_int(code)) if roman_to_int(code) else None)
            )
    col.max_points = header_max(all_text) if measure != "applicable_max" else None
    col.max_from = "tiêu đề cột" if col.max_points is not None else ""


def strip_max(text: str) -> str:
    """A field header without its max «(9)», «(Điểm tối đa: 9)» or line of measure words."""
    s = re.sub(r"\([^)]*\d[^)]*\)", " ", clean(text))
    s = re.sub(r"(?i)(điểm\s+)?tối\s*đa\s*:?\s*\d+([.,]\d+)?\s*(điểm)?", " ", s)
    return " ".join(s.replace(" / ", " ").split()).strip(" -:;,") or clean(text)


def _group_pairs(table: Table) -> None:
    """Columns under one merged field header (Tự chấm / Thẩm định, Điểm tối đa / Điểm đạt) are one
    field: they share their first column as their group. Any other points column is its own."""
    previous = None
    for col in table.columns:
        if col.role not in ("field", "criterion"):
            previous = None
            continue
        same = previous is not None and col.parent and col.parent == previous.parent
        col.group = previous.group if same else col.col
        previous = col


def _maxima(sheet: Sheet, table: Table) -> None:
    """Maxima not in the header: from the «Điểm tối đa» row, else from the field's own «Điểm tối
    đa» column (the same in every row: the field's max; else the largest, each unit its own)."""
    for col in table.of_role("field", "criterion"):
        if col.measure != "applicable_max":
            continue
        numbers = [
            x for x in (to_number(v) for v in _values(sheet, table, col.col)) if x is not None
        ]
        for other in table.columns:
            if (
                other.group == col.group
                and other is not col
                and other.max_points is None
                and numbers
            ):
                same = max(numbers) == min(numbers)
                other.max_points = max(numbers)
                other.max_from = f"cột {col.letter} «Điểm tối đa»" + (
                    "" if same else " (giá trị lớn nhất; mỗi đơn vị theo dòng của mình)"
                )
    if table.max_row is None:
        return
    for col in table.of_role("field", "criterion"):
        if col.measure == "applicable_max":
            continue
        value = to_number(sheet.value(table.max_row, col.col))
        if value is None:
            group_cols = [c.col for c in table.columns if c.group == col.group]
            value = next(
                (
                    to_number(sheet.value(table.max_row, c))
                    for c in group_cols
                    if to_number(sheet.value(table.max_row, c)) is not None
                ),
                None,
            )
        if value is not None:
            col.max_points, col.max_from = value, f"dòng «Điểm tối đa» (hàng {table.max_row + 1})"
