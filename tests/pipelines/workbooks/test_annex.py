"""The ranked annex as it is printed and attached to the decision: the .xlsx and the .docx made by
the real CLI from the demo database, converted to PDF by LibreOffice as a user without Excel or
Word prints them, and read back with pdftotext: every unit's row intact and in rank order, the
issuing body, motto, date line, decision, signature block and «Nơi nhận» filled from the settings."""

import re
import shutil
import subprocess

import docx
import openpyxl
import pytest

from pipelines import cli, db, reads
from pipelines.text import vn_number

YEAR = 2025
needs_office = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are not installed",
)


@pytest.fixture(scope="module")
def ranking(demo_db):
    con = db.connect(demo_db, read_only=True)
    try:
        return reads.ranking(con, YEAR)
    finally:
        con.close()


def export(demo_db, out, year=YEAR, capsys=None) -> str:
    assert (
        cli.main(
            ["--db", str(demo_db), "export", "ranking", "--year", str(year), "--out", str(out)]
        )
        == 0
    )
    return capsys.readouterr().err if capsys else ""


def printed(path) -> str:
    """The file as LibreOffice prints it, as text laid out like the page."""
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(path.parent), str(path)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = path.with_suffix(".pdf")
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def rows_in_order(text: str, table, whole_names: bool) -> None:
    """Each unit's row on one printed line, its figures in the columns' order, rows in rank order.
    whole_names: the name and band fit their cells (xlsx); else a long one may wrap (docx)."""
    lines = text.splitlines()
    at = 0
    for r in table.itertuples():
        name = re.escape(r.unit_name if whole_names else " ".join(r.unit_name.split()[:2]))
        figures = r"\s+".join(
            re.escape(vn_number(v)) for v in (r.points, r.max_points, r.index_pct)
        )
        band = re.escape(r.band_name if whole_names else r.band_name.split()[0])
        row = re.compile(rf"^\s*{r.rank}\s+{name}\b.*\s{figures}\s+{band}")
        found = next((i for i in range(at, len(lines)) if row.search(lines[i])), None)
        assert found is not None, f"row of {r.unit_name} (rank {r.rank}) not intact after line {at}"
        at = found + 1


def paper_parts(text: str) -> None:
    for expected in (
        "ỦY BAN NHÂN DÂN TỈNH MINH SƠN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Minh Sơn, ngày 15 tháng 01 năm 2026",
        "Kèm theo Quyết định số 125/QĐ-UBND ngày 15/01/2026 của Ủy ban nhân dân tỉnh Minh Sơn",
        "KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA CÁC XÃ, PHƯỜNG, ĐẶC KHU",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Văn An (ví dụ)",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT, SNV.",
    ):
        assert expected in " ".join(text.split()) or expected in text, expected


@needs_office
@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_the_annex_prints_every_row_intact_and_in_order(demo_db, ranking, tmp_path, suffix):
    out = tmp_path / f"phu_luc{suffix}"
    export(demo_db, out)
    text = printed(out)
    for _, part in ranking.groupby("rank_group", sort=False):
        rows_in_order(text, part, whole_names=suffix == ".xlsx")
    paper_parts(text)


def test_the_docx_is_landscape_times_with_its_header_rows_repeated(demo_db, ranking, tmp_path):
    out = tmp_path / "phu_luc.docx"
    export(demo_db, out)
    document = docx.Document(out)
    section = document.sections[0]
    assert section.page_width > section.page_height and round(section.page_width.mm) == 297
    tables = [t for t in document.tables if len(t.rows) > 5]
    assert len(tables) == ranking["rank_group"].nunique()  # one per ranking group
    for table in tables:
        repeated = [
            i
            for i, row in enumerate(table.rows)
            if row._tr.trPr is not None
            and row._tr.trPr.find(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
            )
            is not None
        ]
        assert repeated == [0, 1]
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text.strip()}
    assert fonts == {"Times New Roman"}


def test_the_annex_shows_points_and_rank_change_and_ties(demo_db, tmp_path):
    con = db.connect(demo_db, read_only=True)
    table = reads.ranking(con, YEAR - 1)
    con.close()
    out = tmp_path / "phu_luc_2024.xlsx"
    export(demo_db, out, YEAR - 1)
    ws = openpyxl.load_workbook(out)["Xếp hạng Cấp xã"]
    header = [ws.cell(9, c).value or ws.cell(8, c).value for c in range(1, ws.max_column + 1)]
    points_col, rank_col, note_col = (
        header.index("Điểm") + 1,
        header.index("Hạng") + 1,
        header.index("Ghi chú") + 1,
    )
    assert ws.cell(8, header.index("Chỉ số (điểm %)") + 1).value == "So với năm trước"
    communes = table[table["rank_group"] == "commune_level"].reset_index(drop=True)
    moved = communes.dropna(subset=["points_change", "rank_change"])
    assert len(moved) > 10
    for i, r in communes.iterrows():
        row = 10 + i
        assert ws.cell(row, 2).value == r.unit_name
        if i in moved.index:
            assert ws.cell(row, points_col).value == pytest.approx(
                round(r.points_change, 2), abs=0.006
            )
            assert ws.cell(row, rank_col).value == r.rank_change
        assert ("Đồng hạng" in (ws.cell(row, note_col).value or "")) == bool(r.is_tied)
    assert ws.cell(10, points_col).number_format == "[$-42A]+0.00;-0.00;0.00"
    assert communes["is_tied"].any()


def test_a_merged_units_row_shows_its_estimated_change_and_the_note_says_so(demo_db, tmp_path):
    """2025: a merged unit's index change is against its predecessors' estimated 2024 baseline,
    marked in Ghi chú and explained in the note; no points or rank change is invented."""
    con = db.connect(demo_db, read_only=True)
    table = reads.ranking(con, YEAR)
    con.close()
    out = tmp_path / "phu_luc_2025.xlsx"
    export(demo_db, out)
    ws = openpyxl.load_workbook(out)["Xếp hạng Cấp xã"]
    header = [ws.cell(9, c).value or ws.cell(8, c).value for c in range(1, ws.max_column + 1)]
    index_col, points_col, rank_col = (
        header.index(h) + 1 for h in ("Chỉ số (điểm %)", "Điểm", "Hạng")
    )
    note_col = header.index("Ghi chú") + 1
    assert ws.cell(8, index_col).value == "So với năm trước"
    communes = table[table["rank_group"] == "commune_level"].reset_index(drop=True)
    assert (communes["change_basis"] == "predecessors").all()
    for i, r in communes.iterrows():
        row = 10 + i
        assert ws.cell(row, 2).value == r.unit_name
        assert ws.cell(row, index_col).value == pytest.approx(r.index_change, abs=1e-9)
        assert ws.cell(row, points_col).value is None and ws.cell(row, rank_col).value is None
        assert (
            f"Ước tính: trước sáp nhập {vn_number(r.previous_index_pct)}\u00a0%"
            in ws.cell(row, note_col).value
        )
    notes = [
        c.value
        for row in ws.iter_rows(min_row=10 + len(communes))
        for c in row
        if isinstance(c.value, str)
    ]
    assert any(
        "so với chỉ số trước sáp nhập (ước tính)" in n and "không so sánh điểm và thứ hạng" in n
        for n in notes
    )
    ws = openpyxl.load_workbook(out)[
        "Xếp hạng Sở ngành"
    ]  # unchanged by the merger: their own change
    header = [ws.cell(9, c).value or ws.cell(8, c).value for c in range(1, ws.max_column + 1)]
    first = table[table["rank_group"] == "department"].iloc[0]
    assert ws.cell(10, header.index("Chỉ số (điểm %)") + 1).value == pytest.approx(
        first.index_change, abs=1e-9
    )
    assert ws.cell(10, header.index("Hạng") + 1).value == first.rank_change
    assert "ước tính" not in (ws.cell(10, header.index("Ghi chú") + 1).value or "")


def test_settings_set_from_the_cli_fill_the_paper_and_what_is_missing_is_said(tmp_path, capsys):
    path = tmp_path / "cchc.duckdb"
    from pipelines import demo

    demo.build(path)
    run = lambda *a: cli.main(["--db", str(path), *a])  # noqa: E731
    assert run("settings", "set", "province", "Quảng Trị") == 0
    assert run("settings", "set", "org_name", "") == 0
    assert run("settings", "set", "signer_name", "") == 0
    assert run("settings", "set", "decision_date", "32/01/2026") == 2
    assert "Ngày «32/01/2026» không hợp lệ" in capsys.readouterr().err
    assert run("settings", "set", "nha_ky", "x") == 2
    assert "Không có thiết lập «nha_ky»" in capsys.readouterr().err
    assert run("settings", "list") == 0
    listing = capsys.readouterr().out
    assert re.search(r"province\s+Quảng Trị\s+Tỉnh, thành phố", listing)
    assert re.search(r"signer_name\s+\(chưa đặt\)", listing)
    out = tmp_path / "phu_luc.xlsx"
    warned = export(path, out, capsys=capsys)
    assert "Chưa đặt: Họ và tên người ký" in warned
    ws = openpyxl.load_workbook(out)["Xếp hạng Cấp xã"]
    assert ws["A1"].value == "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"
    assert "của Ủy ban nhân dân tỉnh Quảng Trị)" in ws["A6"].value
    # the decision set is on 2025 (signed 2026): a paper on 2023 leaves its number and date blank, and says so
    warned = export(path, tmp_path / "phu_luc_2023.xlsx", 2023, capsys=capsys)
    assert "không phải quyết định công bố kết quả năm 2023" in warned
    ws = openpyxl.load_workbook(tmp_path / "phu_luc_2023.xlsx")["Xếp hạng Cấp xã"]
    assert "Quyết định số ……/QĐ-UBND ngày ……/……/……" in ws["A6"].value
