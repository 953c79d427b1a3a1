"""Reading any spreadsheet the office has (.xlsx, .xls, .ods, .csv) into plain grids of cell
values, refusing files that are not spreadsheets, truncated, zip bombs, sheets too large to read
or formulas never calculated before parsing (extents.py)."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetVisibleEnum

from pipelines.files import extents
from pipelines.problems import InvalidInput, Problem
from pipelines.text import cell_name, clean, decode, to_number, to_unicode_rows

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_ZIP_RATIO = 200
ZIP_FORMATS = {".xlsx", ".xlsm", ".ods"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Sheet:
    name: str
    rows: list[list]  # cell values from A1, every row as wide as the widest; "" for empty
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden_rows: set[int] = field(
        default_factory=set
    )  # rows and columns the workbook hides (0-based)
    hidden_columns: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        width = self.width
        for row in self.rows:
            if len(row) < width:
                row.extend([""] * (width - len(row)))

    def value(self, row: int, col: int) -> object:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def body(self) -> Iterator[tuple[int, list]]:
        """The rows under a one-row header that are not blank, with their 0-based row number."""
        for r, row in enumerate(self.rows[1:], start=1):
            if not all(is_blank(v) for v in row):
                yield r, row

    def number(
        self, row: int, col: int, what: str, problems: list[Problem], required: bool = True
    ) -> float | None:
        """A cell as a number; a problem naming the cell when it is not one (or blank but required)."""
        value = self.value(row, col)
        x = to_number(value)
        if x is None and (required or not is_blank(value)):
            problems.append(
                Problem(
                    f"{what}: «{clean(value)}» không phải là số", self.name, cell_name(row, col)
                )
            )
        return x


def read_sheets(
    path: Path | str, display_name: str | None = None, max_bytes: int = MAX_FILE_BYTES
) -> list[Sheet]:
    """The visible sheets of a workbook, or the single table of a CSV file. Files of survey
    responses may be larger (max_bytes); what they may unzip to grows in proportion."""
    path = Path(path)
    name = display_name or path.name
    suffix = Path(name).suffix.lower()
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as e:
        raise InvalidInput([Problem(f"Không mở được tệp: {e.strerror}", name)]) from e
    if size == 0:
        raise InvalidInput([Problem("Tệp rỗng (0 byte)", name)])
    if size > max_bytes:
        raise InvalidInput(
            [Problem(f"Tệp quá lớn ({size // 2**20} MB, tối đa {max_bytes // 2**20} MB)", name)]
        )
    if suffix in (".csv", ".txt", ".tsv"):
        return [_read_csv(path, name)]
    if suffix in ZIP_FORMATS:
        _check_zip(path, name, MAX_UNZIPPED_BYTES * max_bytes // MAX_FILE_BYTES)
    elif suffix == ".xls":
        if head != OLE_MAGIC:
            raise InvalidInput([Problem("Tệp .xls không đúng định dạng Excel 97-2003", name)])
    else:
        raise InvalidInput(
            [
                Problem(
                    f"Không nhận dạng được loại tệp «{suffix or name}»: chỉ nhận .xlsx, .xls, .ods, .csv",
                    name,
                )
            ]
        )
    try:
        known = _extents(
            path, suffix
        )  # before calamine: it allocates every cell of a sheet's extent
        wb = CalamineWorkbook.from_path(str(path))
        sheets = []
        for meta in wb.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible:
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            extent = known.get(meta.name, extents.Extent())
            merged = list(sheet.merged_cell_ranges or []) or extent.merged  # .ods
            sheets.append(Sheet(meta.name, rows, merged, extent.hidden_rows, extent.hidden_columns))
        wb.close()
    except InvalidInput:
        raise
    except Exception as e:  # calamine raises several error types for broken files
        raise InvalidInput(
            [Problem(f"Tệp bị hỏng hoặc không đọc được ({type(e).__name__})", name)]
        ) from e
    for s in sheets:
        s.rows = to_unicode_rows(s.rows)  # TCVN3 / VNI fonts, decided per sheet and column
    if not any(any(v != "" for v in row) for s in sheets for row in s.rows):
        raise InvalidInput([Problem("Tệp không có dữ liệu (mọi trang tính hiện đều trống)", name)])
    return sheets


def _extents(path: Path, suffix: str) -> dict[str, extents.Extent]:
    """Each sheet's real extent (and, for .ods, its merged cells); InvalidInput when a sheet is
    too large to read or its formulas were never calculated."""
    calculated_on_load = False
    if suffix == ".xls":
        found = extents.xls(path.read_bytes())
    else:
        with zipfile.ZipFile(path) as z:
            found, calculated_on_load = (
                (extents.ods(z), False) if suffix == ".ods" else extents.xlsx(z)
            )
    problems = [
        p for sheet, e in found.items() for p in extents.problems(sheet, e, calculated_on_load)
    ]
    if problems:
        raise InvalidInput(problems)
    return found


def _check_zip(path: Path, name: str, max_unzipped: int) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InvalidInput(
            [Problem("Tệp bị hỏng, không đầy đủ hoặc không phải bảng tính", name)]
        ) from None
    unzipped = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if (
        len(infos) > 10_000
        or unzipped > max_unzipped
        or (unzipped > 10 * 2**20 and unzipped / packed > MAX_ZIP_RATIO)
    ):
        raise InvalidInput(
            [
                Problem(
                    f"Tệp bị từ chối: giải nén ra {unzipped // 2**20} MB từ {packed // 2**10} KB (nghi là tệp nén độc hại)",
                    name,
                )
            ]
        )


def _read_csv(path: Path, name: str) -> Sheet:
    text = decode(path.read_bytes())
    if "\x00" in text:
        raise InvalidInput([Problem("Tệp .csv không phải văn bản (có byte rỗng)", name)])
    try:
        dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    if not any(any(v.strip() for v in r) for r in rows):
        raise InvalidInput([Problem("Tệp không có dữ liệu", name)])
    return Sheet(Path(name).stem, to_unicode_rows(rows))
