"""The reader is safe with any file: memory is bounded by the cells a sheet holds, never by its
extent; formulas never calculated are refused, not read as zeros; .ods merged cells are read."""

import shutil
import subprocess
import sys

import openpyxl
import pytest
import xlsxwriter
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P

from pipelines.files.workbook import read_sheets
from pipelines.loads.scores import load_scores
from tests.conftest import rejected
from tests.files import GOOD, summary_rows, summary_xlsx, write_xlsx
from tests.pipelines.loads.test_load_summary import ranking

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def soffice(path, fmt: str, out_dir):
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", fmt, "--outdir", str(out_dir), str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out_dir / f"{path.stem}.{fmt.split(':')[0]}"


def cli_with_peak_memory(db_path, path):
    """`cchc scores load` in its own process: (exit code, stderr, seconds in main(), peak RSS in MB)."""
    script = (
        "import sys, time; from pipelines.cli import main; t = time.perf_counter(); code = main(sys.argv[1:]);"
        "print(time.perf_counter() - t);"
        "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM:')).split()[1]); sys.exit(code)"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "--db",
            str(db_path),
            "scores",
            "load",
            str(path),
            "--year",
            "2024",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    seconds, peak_kb = done.stdout.split()[-2:] if done.stdout.strip() else ("inf", "inf")
    return done.returncode, done.stderr, float(seconds), float(peak_kb) / 1024


def stray_xlsx(path, cell):
    wb = openpyxl.load_workbook(summary_xlsx(path, [("Xã An Bình", GOOD)]))
    wb["KQ"][cell] = "x"
    wb.save(path)
    return path


def stray_xls(path, row, col):
    rows, _ = summary_rows([("Xã An Bình", GOOD)], two_rows=False)
    book = xlwt.Workbook()
    sheet = book.add_sheet("KQ")
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            sheet.write(r, c, v)
    sheet.write(row, col, "x")
    book.save(str(path))
    return path


def ods_file(path, rows: list[TableRow]):
    doc = OpenDocumentSpreadsheet()
    table = Table(name="KQ")
    for row in rows:
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def text_cell(value, **kw):
    cell = TableCell(valuetype="string", **kw)
    cell.addElement(P(text=str(value)))
    return cell


def number_cell(value, **kw):
    cell = TableCell(valuetype="float", value=value, **kw)
    cell.addElement(P(text=str(value)))
    return cell


def stray_ods(path):
    """A small table, and one value in XFD1048576 (empty rows and cells repeated up to it)."""
    far = TableRow()
    far.addElement(TableCell(numbercolumnsrepeated=16383))
    far.addElement(text_cell("x"))
    return ods_file(
        path,
        [
            _row("STT", "Tên đơn vị"),
            _row(1, "Xã An Bình"),
            TableRow(numberrowsrepeated=1048573),
            far,
        ],
    )


def repeated_ods(path):
    """A few hundred bytes that calamine would expand to 20 million cells."""
    row = TableRow(numberrowsrepeated=1_000_000)
    row.addElement(number_cell(1, numbercolumnsrepeated=20))
    return ods_file(path, [_row("STT", "Tên đơn vị"), row])


def _row(*values):
    row = TableRow()
    for v in values:
        row.addElement(number_cell(v) if isinstance(v, (int, float)) else text_cell(v))
    return row


@pytest.mark.parametrize(
    "make, far",
    [
        (lambda p: stray_xlsx(p / "xa.xlsx", "XFD1048576"), "XFD1048576"),
        (lambda p: stray_xlsx(p / "xa.xlsx", "CV1048576"), "CV1048576"),
        (lambda p: stray_xlsx(p / "xa.xlsx", "T1048576"), "T1048576"),
        (lambda p: stray_xls(p / "xa.xls", 65535, 255), "IV65536"),
        (lambda p: stray_ods(p / "xa.ods"), "XFD1048576"),
        (lambda p: repeated_ods(p / "lap.ods"), "T1000001"),
    ],
)
def test_a_stray_far_cell_is_refused_in_seconds_with_bounded_memory(db_path, tmp_path, make, far):
    path = make(tmp_path)
    assert path.stat().st_size < 10_000
    code, stderr, seconds, peak_mb = cli_with_peak_memory(db_path, path)
    assert code == 2, stderr
    assert f"KQ!{far}: Trang tính" in stderr and "xóa các ô thừa ngoài bảng" in stderr
    assert "Traceback" not in stderr and "panicked" not in stderr
    assert seconds < 10
    assert peak_mb < 500


def test_far_cell_message_names_sheet_cell_and_limit(con, tmp_path):
    assert rejected(
        con, lambda: load_scores(con, stray_xlsx(tmp_path / "xa.xlsx", "CV1048576"), 2024)
    ) == [
        "KQ!CV1048576: Trang tính quá lớn: dữ liệu trải tới ô CV1048576, tức 1.048.576 dòng × 100 cột = 104.857.600 ô"
        " (tối đa 25.000.000 ô): xóa các ô thừa ngoài bảng (Ctrl+End đưa tới ô cuối) rồi lưu lại tệp"
    ]
    assert rejected(
        con, lambda: load_scores(con, stray_xlsx(tmp_path / "xa.xlsx", "XFD1048576"), 2024)
    ) == [
        "KQ!XFD1048576: Trang tính có dữ liệu tới cột XFD (ô XFD1048576), quá 1.024 cột mà một bảng điểm hay bảng"
        " phiếu cần: xóa các ô thừa ngoài bảng (Ctrl+End đưa tới ô cuối) rồi lưu lại tệp"
    ]


def test_notes_around_a_table_are_still_read(con, tmp_path):
    """A note far to the right and below a small table is no stray grid (≤ 1.000.000 cells)."""
    path = stray_xlsx(tmp_path / "ghi_chu.xlsx", "Z30000")
    load_scores(con, path, 2024)
    assert [r[:2] for r in ranking(con)] == [("X02", 1)]


def formula_summary(path, cached: bool):
    """A summary table whose points are formulas, as xlsxwriter writes them: stored value 0 unless
    given, and fullCalcOnLoad set."""
    rows, _ = summary_rows([("Xã An Bình", GOOD)], two_rows=False, footer=False, title=False)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("KQ")
    ws.write_row(0, 0, rows[0])
    ws.write_row(1, 0, rows[1][:2])
    for c, points in enumerate(GOOD, start=2):
        ws.write_formula(1, c, f"={points - 1}+1", None, points if cached else 0)
    ws.write_formula(1, 10, "=SUM(C2:J2)", None, sum(GOOD) if cached else 0)
    wb.close()
    return path


def test_formulas_never_calculated_are_refused(con, tmp_path):
    problems = rejected(
        con,
        lambda: load_scores(con, formula_summary(tmp_path / "cong_thuc.xlsx", cached=False), 2024),
    )
    assert problems == [
        "KQ!C2: Các công thức trong tệp chưa từng được tính (tệp do một chương trình tạo ra, giá trị lưu sẵn là 0)"
        " (ô C2, D2, E2, F2, G2 và 4 ô khác): mở và lưu lại tệp trong Excel/LibreOffice (với LibreOffice: nhấn"
        " Ctrl+Shift+F9 để tính lại mọi công thức trước khi lưu) rồi tải lên lại"
    ]


def test_formulas_without_a_stored_value_are_refused_not_read_as_blank(con, tmp_path):
    rows, _ = summary_rows([("Xã An Bình", GOOD)], two_rows=False, footer=False, title=False)
    rows[1][4] = "=11+1"  # openpyxl stores no value for a formula
    problems = rejected(
        con, lambda: load_scores(con, write_xlsx(tmp_path / "op.xlsx", {"KQ": rows}), 2024)
    )
    assert problems == [
        "KQ!E2: Ô có công thức nhưng tệp không lưu kết quả của nó (ô E2): mở và lưu lại tệp trong"
        " Excel/LibreOffice (với LibreOffice: nhấn Ctrl+Shift+F9 để tính lại mọi công thức trước khi"
        " lưu) rồi tải lên lại"
    ]


@needs_soffice
def test_formulas_with_stored_values_load(con, tmp_path):
    saved = soffice(
        formula_summary(tmp_path / "cong_thuc.xlsx", cached=True), "xlsx", tmp_path / "lo"
    )
    load_scores(con, saved, 2024)
    assert ranking(con) == [("X02", 1, 86.0, 86.0, "Hoàn thành tốt nhiệm vụ")]


def test_ods_merged_cells_are_read_minding_repeats_and_covered_cells(tmp_path):
    head = TableRow()
    head.addElement(text_cell("STT", numberrowsspanned=2))
    head.addElement(text_cell("Lĩnh vực 1", numbercolumnsspanned=2))
    head.addElement(CoveredTableCell())
    head.addElement(TableCell(numbercolumnsrepeated=3))
    head.addElement(text_cell("Tổng", numberrowsspanned=2, numbercolumnsspanned=2))
    head.addElement(CoveredTableCell())
    second = TableRow()
    second.addElement(CoveredTableCell())
    second.addElement(text_cell("Tự chấm"))
    second.addElement(text_cell("Thẩm định"))
    second.addElement(TableCell(numbercolumnsrepeated=3))
    second.addElement(CoveredTableCell(numbercolumnsrepeated=2))
    [sheet] = read_sheets(
        ods_file(tmp_path / "gop.ods", [TableRow(numberrowsrepeated=2), head, second])
    )
    assert sorted(sheet.merged) == [((2, 0), (3, 0)), ((2, 1), (2, 2)), ((2, 6), (3, 7))]
    assert sheet.rows[2][:2] == ["STT", "Lĩnh vực 1"] and sheet.rows[2][6] == "Tổng"


@needs_soffice
def test_ods_saved_by_libreoffice_loads_like_the_xlsx_with_its_merged_header(con, tmp_path):
    xlsx = summary_xlsx(tmp_path / "kq.xlsx", [("Xã An Bình", GOOD)])
    ods = soffice(xlsx, "ods", tmp_path / "lo")
    [from_xlsx], [from_ods] = read_sheets(xlsx), read_sheets(ods)
    assert from_ods.merged and sorted(from_ods.merged) == sorted(from_xlsx.merged)
    load_scores(con, ods, 2024)
    assert ranking(con) == [("X02", 1, 86.0, 86.0, "Hoàn thành tốt nhiệm vụ")]
