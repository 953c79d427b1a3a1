"""How far each sheet of a workbook really reaches, learnt from the file itself before calamine
builds a grid of it. Calamine allocates every cell between a sheet's first and last used cell
(a 5 KB file with one value in XFD1048576 asks for 512 GB and aborts the process), so a sheet
whose grid would be far larger than the cells the file holds, or larger than any real table, is
refused here. Also what calamine does not say: formulas never calculated (.xlsx, .ods) and the
merged cells of .ods."""

import re
import struct
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

import numpy as np

from pipelines.problems import Problem
from pipelines.text import column_letters, vn_number

MAX_ROWS = (
    1_048_576  # Excel's and LibreOffice's own limit: a survey file (one form a row) may fill it
)
MAX_COLUMNS = 1_024  # a detailed score sheet has one to three columns per unit (a province ranks ≤ ~200 units), a survey form ≤ ~100 questions
MAX_CELLS = (
    25_000_000  # rows × columns read from A1: a million forms of ~24 columns (~1,5 GB while read)
)
SPARSE_GRID = 1_000_000  # any grid up to this (~60 MB) is read; a larger one only if the file holds
DENSITY = 4  # at least 1 in DENSITY of its cells (tables are dense; a stray cell far away is not)
CHUNK = 8 * 2**20  # bytes of sheet XML scanned at a time
CELLS_NAMED = 5
FORMULA_HINT = (
    "mở và lưu lại tệp trong Excel/LibreOffice (với LibreOffice: nhấn Ctrl+Shift+F9 để tính lại"
    " mọi công thức trước khi lưu) rồi tải lên lại"
)


@dataclass
class Extent:
    """What one sheet holds. Rows and columns are 1-based; 0 for an empty sheet."""

    rows: int = 0
    columns: int = 0
    cells: int = 0  # cell records in the file (an .ods cell repeated n times counts once)
    row_cell: str = ""  # a cell in the last row
    column_cell: str = ""  # a cell in the last column
    uncalculated: list[str] = field(
        default_factory=list
    )  # the first formula cells with no stored value
    uncalculated_count: int = 0
    zeros: list[str] = field(
        default_factory=list
    )  # the first formula cells whose stored value is 0
    zero_count: int = 0
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(
        default_factory=list
    )  # 0-based, .ods only
    hidden_rows: set[int] = field(
        default_factory=set
    )  # 0-based rows and columns hidden in the sheet (.xlsx)
    hidden_columns: set[int] = field(default_factory=set)

    def add(self, row: int, col: int, records: int = 1) -> None:
        self.cells += records
        if row > self.rows:
            self.rows, self.row_cell = row, f"{column_letters(col - 1)}{row}"
        if col > self.columns:
            self.columns, self.column_cell = col, f"{column_letters(col - 1)}{row}"

    def formula(self, cell: str, calculated: bool = True, zero: bool = False) -> None:
        if zero:
            self.zero_count += 1
            if len(self.zeros) < CELLS_NAMED:
                self.zeros.append(cell)
        if not calculated:
            self.uncalculated_count += 1
            if len(self.uncalculated) < CELLS_NAMED:
                self.uncalculated.append(cell)


def problems(sheet: str, e: Extent, calculated_on_load: bool = False) -> list[Problem]:
    """Why this sheet cannot be read (at most one problem about its size, one about formulas)."""
    found = []
    far = (
        e.row_cell
        if e.row_cell == e.column_cell
        else f"{e.row_cell} (dòng cuối) và ô {e.column_cell} (cột cuối)"
    )
    grid = e.rows * e.columns
    tidy = "xóa các ô thừa ngoài bảng (Ctrl+End đưa tới ô cuối) rồi lưu lại tệp"
    if e.columns > MAX_COLUMNS:
        found.append(
            Problem(
                f"Trang tính có dữ liệu tới cột {column_letters(e.columns - 1)} (ô {e.column_cell}), quá"
                f" {vn_number(MAX_COLUMNS, 0)} cột mà một bảng điểm hay bảng phiếu cần: {tidy}",
                sheet,
                e.column_cell,
            )
        )
    elif e.rows > MAX_ROWS:
        found.append(
            Problem(
                f"Trang tính có dữ liệu tới dòng {vn_number(e.rows, 0)} (ô {e.row_cell}), quá"
                f" {vn_number(MAX_ROWS, 0)} dòng: {tidy}",
                sheet,
                e.row_cell,
            )
        )
    elif grid > MAX_CELLS:
        found.append(
            Problem(
                f"Trang tính quá lớn: dữ liệu trải tới ô {far}, tức {vn_number(e.rows, 0)} dòng ×"
                f" {vn_number(e.columns, 0)} cột = {vn_number(grid, 0)} ô (tối đa"
                f" {vn_number(MAX_CELLS, 0)} ô): {tidy}",
                sheet,
                e.row_cell,
            )
        )
    elif grid > max(SPARSE_GRID, DENSITY * e.cells):
        found.append(
            Problem(
                f"Trang tính chỉ có {vn_number(e.cells, 0)} ô dữ liệu nhưng trải tới ô {far}"
                f" ({vn_number(e.rows, 0)} dòng × {vn_number(e.columns, 0)} cột): {tidy}",
                sheet,
                e.row_cell,
            )
        )
    if e.uncalculated:
        found.append(
            Problem(
                f"Ô có công thức nhưng tệp không lưu kết quả của nó{_where(e.uncalculated, e.uncalculated_count)}:"
                f" {FORMULA_HINT}",
                sheet,
                e.uncalculated[0],
            )
        )
    elif calculated_on_load and e.zeros:
        # A program wrote the file and asked Excel to calculate it on opening: a stored 0 is what
        # such programs write when they do not compute the formula (xlsxwriter's default).
        found.append(
            Problem(
                "Các công thức trong tệp chưa từng được tính (tệp do một chương trình tạo ra, giá trị"
                f" lưu sẵn là 0){_where(e.zeros, e.zero_count)}: {FORMULA_HINT}",
                sheet,
                e.zeros[0],
            )
        )
    return found


def _where(cells: list[str], count: int) -> str:
    more = f" và {vn_number(count - len(cells), 0)} ô khác" if count > len(cells) else ""
    return f" (ô {', '.join(cells)}{more})"


# .xlsx ----------------------------------------------------------------------------------------

_SHEET = re.compile(rb"<sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f\b(?:[^>]*/>|[^>]*>[^<]*</f>)\s*'
    rb"(?:(<v\s*/>|<v>\s*</v>|</c>)|<v>([^<]*)</v>)?"
)
_NS = re.compile(r"\{[^}]*\}")


def xlsx(z: zipfile.ZipFile) -> tuple[dict[str, Extent], bool]:
    """The visible sheets' extents by name, and whether the workbook asks to be recalculated on
    load (calcPr fullCalcOnLoad: its stored formula values were never calculated)."""
    book = z.read("xl/workbook.xml")
    rels = {
        a[b"Id"]: a[b"Target"]
        for a in map(
            _attrs, re.findall(rb"<Relationship\b[^>]*>", z.read("xl/_rels/workbook.xml.rels"))
        )
    }
    extents = {}
    for tag in _SHEET.findall(book):
        a = _attrs(tag)
        target = rels.get(next((v for k, v in a.items() if k.endswith(b":id")), b""), b"").decode()
        if a.get(b"state", b"visible") != b"visible" or not target:
            continue
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if member in z.namelist():
            extents[_unescape(a.get(b"name", b""))] = _xlsx_sheet(z, member)
    calc = re.search(rb'<calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"', book)
    return extents, calc is not None


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return dict(_ATTR.findall(tag))


def _unescape(name: bytes) -> str:
    return ET.fromstring(b"<x>" + name + b"</x>").text or ""


# A sheet in which no cell matches one of these is small: every cell has a leading r="…" and lies
# within Z9999, or within ZZ999 (a grid of at most ~700.000 cells). Two regex passes, no Python
# per cell: the common case costs a few ms; other sheets are scanned cell by cell.
_SMALL = (
    re.compile(rb'<c(?: r="(?:[A-Z]{2}|[A-Z][0-9]{5})| (?!r=")|[>/])'),
    re.compile(rb'<c(?: r="(?:[A-Z]{3}|[A-Z]{1,2}[0-9]{4})| (?!r=")|[>/])'),
)


def _xlsx_sheet(z: zipfile.ZipFile, member: str) -> Extent:
    """The sheet's cells as far as its limits need: none when it is provably small (rows and
    columns left 0), else every reference `<c r="B7"` (numpy), or the XML parser for sheets
    written otherwise (cells without r, prefixed tags)."""
    e = Extent()
    whole = z.getinfo(member).file_size <= CHUNK
    with z.open(member) as f:
        tail, first = b"", True
        while True:
            chunk = f.read(CHUNK)
            data = tail + chunk
            last = whole or not chunk
            cut = len(data) if last else max(data.rfind(b"<row "), 0) or max(data.rfind(b"<"), 0)
            piece, tail = data[:cut], data[cut:]
            if first and b"<sheetData" not in piece and b":sheetData" in piece:
                break
            small = whole and any(p.search(piece) is None for p in _SMALL)
            if not small and _scan_refs(piece, e):
                break
            if b'hidden="' in piece:
                _hidden(piece, e)
            if b"<f" in piece:
                for m in _FORMULA_CELL.finditer(piece):
                    e.formula(
                        m[1].decode(),
                        calculated=m[2] is None,
                        zero=m[3] is not None and m[3].strip() in (b"0", b""),
                    )
            first = False
            if last:
                return e
    with z.open(member) as f:
        return _walk_xlsx(f)


_HIDDEN_TAG = re.compile(rb'<(row|col)\b([^>]*\bhidden="(?:1|true)"[^>]*)>')


def _hidden(piece: bytes, e: Extent) -> None:
    """Rows and columns the sheet hides: a person reading the sheet does not see them."""
    for tag, attrs in _HIDDEN_TAG.findall(piece):
        a = _attrs(attrs)
        if tag == b"row" and b"r" in a:
            e.hidden_rows.add(int(a[b"r"]) - 1)
        elif tag == b"col" and b"min" in a:
            e.hidden_columns.update(range(int(a[b"min"]) - 1, int(a.get(b"max", a[b"min"]))))


def _scan_refs(buf: bytes, e: Extent) -> bool:
    """Add the cells `<c r="…"` of a piece of sheet XML to e; True if some cell has no leading r."""
    a = np.frombuffer(buf, np.uint8)
    lt = np.flatnonzero(a == ord("<"))
    lt = lt[lt + 6 < len(a)]
    after = a[lt + 2]
    cells = lt[
        (a[lt + 1] == ord("c")) & ((after == ord(" ")) | (after == ord(">")) | (after == ord("/")))
    ]
    at = (
        cells[
            (a[cells + 2] == ord(" "))
            & (a[cells + 3] == ord("r"))
            & (a[cells + 4] == ord("="))
            & (a[cells + 5] == ord('"'))
        ]
        + 6
    )
    if len(at):
        w = a[np.minimum(at[:, None] + np.arange(11), len(a) - 1)].astype(np.int64)
        letter = np.logical_and.accumulate((w >= 65) & (w <= 90), axis=1)
        digit = np.logical_and.accumulate(letter | ((w >= 48) & (w <= 57)), axis=1) & ~letter
        col = np.zeros(len(at), np.int64)
        row = np.zeros(len(at), np.int64)
        for k in range(w.shape[1]):
            col = np.where(letter[:, k], col * 26 + w[:, k] - 64, col)
            row = np.where(digit[:, k], row * 10 + w[:, k] - 48, row)
        i, j = int(row.argmax()), int(col.argmax())
        e.add(int(row[i]), int(col[i]), len(at) - 1)
        e.add(int(row[j]), int(col[j]), 1)
    return len(cells) > len(at)


def _walk_xlsx(f) -> Extent:
    e = Extent()
    row = col = 0
    for event, el in ET.iterparse(f, events=("start", "end")):
        tag = _NS.sub("", el.tag)
        if event == "start" and tag == "row":
            row, col = int(el.get("r") or row + 1), 0
        elif event == "start" and tag == "c":
            ref = el.get("r")
            letters = (ref or "").rstrip("0123456789")
            col = _column(letters) if ref else col + 1
            row = int(ref[len(letters) :]) if ref else row
            e.add(row, col)
        elif event == "end" and tag == "c":
            kids = {_NS.sub("", k.tag): k for k in el}
            if "f" in kids:
                v = kids.get("v")
                e.formula(
                    f"{column_letters(col - 1)}{row}",
                    calculated=v is not None and bool((v.text or "").strip()),
                )
        elif event == "end" and tag == "row":
            el.clear()
    return e


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


# .ods -----------------------------------------------------------------------------------------

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def ods(z: zipfile.ZipFile) -> dict[str, Extent]:
    """Every sheet's extent (calamine reads them all, hidden too), with its merged cells: spans
    over `number-columns-repeated` cells and `number-rows-repeated` rows."""
    extents: dict[str, Extent] = {}
    e, row, col, row_repeat, open_ = Extent(), 0, 0, 1, []
    with z.open("content.xml") as f:
        for event, el in ET.iterparse(f, events=("start", "end")):
            open_.append(el) if event == "start" else open_.pop()
            if event == "start" and el.tag == _T + "table":
                e = extents.setdefault(el.get(_T + "name", ""), Extent())
                row = 0
            elif event == "start" and el.tag == _T + "table-row":
                row_repeat, col = int(el.get(_T + "number-rows-repeated", 1)), 0
            elif event == "end" and el.tag in (_T + "table-cell", _T + "covered-table-cell"):
                repeat = int(el.get(_T + "number-columns-repeated", 1))
                if el.get(_O + "value-type") or len(el):
                    e.add(row + row_repeat, col + repeat)
                    if el.get(_T + "formula") and not el.get(_O + "value-type"):
                        e.formula(f"{column_letters(col)}{row + 1}", calculated=False)
                spans = (
                    int(el.get(_T + "number-rows-spanned", 1)),
                    int(el.get(_T + "number-columns-spanned", 1)),
                )
                if spans != (1, 1):
                    e.merged.append(((row, col), (row + spans[0] - 1, col + spans[1] - 1)))
                col += repeat
                el.clear()
            elif event == "end" and el.tag == _T + "table-row":
                row += row_repeat
                open_[-1].clear()  # the rows read so far: memory stays that of one row
    return extents


# .xls -----------------------------------------------------------------------------------------

_FREE = 0xFFFFFFFA  # sector numbers from here on end a chain
_CELL_RECORDS = {
    0x0006,
    0x00FD,
    0x0203,
    0x0204,
    0x0205,
    0x027E,
    0x00D6,
}  # formula, text, number, label, bool, rk, rich text


def xls(data: bytes) -> dict[str, Extent]:
    """Every sheet's extent (calamine reads them all) from the BIFF records of the Workbook
    stream: its cells, and the DIMENSIONS record by which calamine reserves memory."""
    stream = _ole_stream(data)
    extents, sheets, pos = {}, [], 0
    while pos + 4 <= len(
        stream
    ):  # the globals: BOUNDSHEET records name the sheets and their offsets
        kind, size = struct.unpack_from("<HH", stream, pos)
        if kind == 0x0085:
            offset, name_len, flags = struct.unpack_from("<IxxBB", stream, pos + 4)
            raw = stream[pos + 12 : pos + 4 + size]
            sheets.append(
                (
                    offset,
                    raw[: name_len * 2].decode("utf-16-le")
                    if flags & 1
                    else raw[:name_len].decode("latin-1"),
                )
            )
        elif kind == 0x000A:
            break
        pos += 4 + size
    for offset, name in sheets:
        extents[name] = e = Extent()
        pos, depth = offset, 0
        while pos + 4 <= len(stream):
            kind, size = struct.unpack_from("<HH", stream, pos)
            body = stream[pos + 4 : pos + 4 + size]
            pos += 4 + size
            if kind == 0x0809:
                depth += 1
            elif kind == 0x000A:
                depth -= 1
                if depth <= 0:
                    break
            elif depth > 1 or len(body) < 4:
                continue
            elif kind in _CELL_RECORDS:
                row, col = struct.unpack_from("<HH", body)
                e.add(row + 1, col + 1)
            elif kind == 0x00BD and len(body) >= 6:  # MULRK: row, first column, …, last column
                row, first = struct.unpack_from("<HH", body)
                last = struct.unpack_from("<H", body, len(body) - 2)[0]
                e.add(row + 1, last + 1, max(1, last - first + 1))
            elif kind in (
                0x0201,
                0x00BE,
            ):  # BLANK, MULBLANK: formatted empty cells, held but not read
                e.cells += max(1, (len(body) - 6) // 2)
            elif kind == 0x0200 and len(body) >= 10:  # DIMENSIONS: calamine reserves its whole area
                rows, cols = (
                    struct.unpack_from("<xxxxIxxH", body)
                    if len(body) >= 14
                    else struct.unpack_from("<xxHxxH", body)
                )
                if rows and cols:
                    e.add(rows, cols, 0)
    return extents


def _ole_stream(data: bytes) -> bytes:
    """The Workbook (or BIFF5 Book) stream of an OLE compound file."""
    sector = 1 << struct.unpack_from("<H", data, 30)[0]
    n_fat, first_dir, cutoff, first_minifat, _, first_difat = struct.unpack_from(
        "<I I 4x I I I I", data, 44
    )
    sectors = max(0, (len(data) - sector) // sector)

    def read(n: int) -> bytes:
        return data[(n + 1) * sector : (n + 2) * sector]

    difat = list(struct.unpack_from("<109I", data, 76))
    n = first_difat
    while n < min(_FREE, sectors) and len(difat) < sectors:
        more = struct.unpack(f"<{sector // 4}I", read(n))
        difat, n = difat + list(more[:-1]), more[-1]
    fat = [
        x for s in difat[:n_fat] if s < sectors for x in struct.unpack(f"<{sector // 4}I", read(s))
    ]

    def chain(start: int, table: list[int], get) -> bytes:
        parts, n = [], start
        while n < min(_FREE, len(table)) and len(parts) <= len(table):
            parts.append(get(n))
            n = table[n]
        return b"".join(parts)

    directory = chain(first_dir, fat, read)
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    root = entries[0]
    for entry in entries:
        name = entry[: max(0, struct.unpack_from("<H", entry, 64)[0] - 2)].decode(
            "utf-16-le", "replace"
        )
        if name in ("Workbook", "Book") and entry[66] == 2:
            start, size = struct.unpack_from("<II", entry, 116)
            if size >= cutoff:
                return chain(start, fat, read)[:size]
            mini_stream = chain(struct.unpack_from("<I", root, 116)[0], fat, read)
            minifat = (
                list(struct.unpack(f"<{len(m) // 4}I", m))
                if (m := chain(first_minifat, fat, read))
                else []
            )
            return chain(
                start, minifat, lambda k, stream=mini_stream: stream[k * 64 : (k + 1) * 64]
            )[:size]
    return b""
