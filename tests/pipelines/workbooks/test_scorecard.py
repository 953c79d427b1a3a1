"""The unit scorecard (phiếu điểm) as a user gets it: the real `cchc scorecard` on the demo
database, the PDF read back with poppler (pdftotext, pdfinfo), the .xlsx with openpyxl."""

import datetime as dt
import re
import shutil
import subprocess

import openpyxl
import pytest

from pipelines import cli, db, reads
from pipelines.text import vn_number

YEAR = 2025
AS_OF = "2026-12-01"
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) không có trên máy: không đọc lại được PDF",
)


@pytest.fixture(scope="module")
def truth(demo_db):
    """The ranking as `cchc ranking` shows it, the year's fields, and a flagged unit that must send
    a plan and has breakthrough tasks (the case with every part of the page filled in)."""
    con = db.connect(demo_db)
    ranking = reads.ranking(con, YEAR)
    fields = reads.field_columns(con, YEAR)
    tasks = reads.commitment_status_at(con, dt.date.fromisoformat(AS_OF), YEAR)
    con.close()
    with_tasks = set(tasks[tasks["kind"] == "breakthrough"]["unit_code"])
    unit = ranking[ranking["plan_required"] & ranking["unit_code"].isin(with_tasks)].iloc[0]
    return ranking, fields, unit, tasks[tasks["unit_code"] == unit["unit_code"]]


def scorecard(demo_db, *args):
    return cli.main(
        ["--db", str(demo_db), "scorecard", "--year", str(YEAR), "--as-of", AS_OF, *args]
    )


def pdf_text(path, *mode) -> str:
    return subprocess.run(
        ["pdftotext", *mode, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@needs_poppler
def test_pdf_is_one_page_with_the_units_index_rank_fields_plan_and_tasks(demo_db, tmp_path, truth):
    _, fields, unit, tasks = truth
    out = tmp_path / "phieu.pdf"
    assert scorecard(demo_db, "--unit", unit["unit_code"], "--out", str(out)) == 0
    assert pages(out) == 1
    text = pdf_text(out, "-layout")
    assert unit["unit_name"] in text
    assert (
        f"{vn_number(unit['index_pct'])} %" in text
    )  # the published index, as `cchc ranking` shows it
    assert f"{int(unit['rank'])} / {int(unit['units_ranked'])}" in text
    assert ("đồng hạng" in text) == bool(unit["is_tied"])
    assert unit["band_name"] in text
    assert "PHIẾU ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025" in text
    assert "VÍ DỤ" in text and "vi-du-2021" not in text  # the framework by its name, never its code
    assert f"Phải nộp trước {unit['plan_due_date']:%d/%m/%Y}" in text
    flowing = " ".join(pdf_text(out).split())  # a long field name wraps in its cell
    for name in fields["field_name"]:
        assert name in flowing
    for title in tasks[tasks["kind"] == "breakthrough"]["title"]:
        assert title in flowing


@pytest.mark.filterwarnings(
    "ignore:.*extension is not supported"
)  # openpyxl does not read data bars
def test_xlsx_has_the_figures_and_a_sheet_naming_their_sources(demo_db, tmp_path, truth):
    _, fields, unit, _ = truth
    out = tmp_path / "phieu.xlsx"
    assert scorecard(demo_db, "--unit", unit["unit_code"], "--out", str(out)) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Phiếu điểm", "Nguồn số liệu"]
    ws = wb["Phiếu điểm"]
    cells = {
        (c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None
    }
    values = list(cells.values())
    assert unit["unit_name"] in values
    index_at = next(k for k, v in cells.items() if v == "Chỉ số CCHC (%)")
    assert (
        cells[(index_at[0], 3)] == unit["index_pct"]
    )  # the same published value, not rounded again
    assert (
        f"{int(unit['rank'])}{' (đồng hạng)' if unit['is_tied'] else ''} / {int(unit['units_ranked'])}"
        in values
    )
    for code, name in zip(fields["field_code"], fields["field_name"]):
        row = next(r for (r, c), v in cells.items() if c == 2 and v == name)
        assert cells[(row, 1)] == code and cells[(row, 3)] == pytest.approx(unit["fields"][code])
    assert ws["B8"].font.name == "Times New Roman"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    # one page wide (1 is the file format's default, left unwritten), as many pages tall as it takes
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0

    sources = [[c.value or "" for c in row] for row in wb["Nguồn số liệu"].iter_rows(min_row=4)]
    by_item = {r[0]: r for r in sources}
    assert by_item["Chỉ số CCHC"][1] == f"{vn_number(unit['index_pct'])}\u00a0%"
    assert "du-lieu-mau-2025.xlsx" in by_item["Chỉ số CCHC"][2]
    scored = by_item[f"Lĩnh vực 1: {fields['field_name'].iloc[0]}"]
    assert scored[2] == "du-lieu-mau-2025.xlsx" and scored[3] == "Cham diem"
    assert re.fullmatch(r"[A-Z]+\d+(; [A-Z]+\d+)*", scored[4])
    surveyed = by_item[f"Lĩnh vực 8: {fields['field_name'].iloc[7]}"]
    assert surveyed[2] == "phieu-khao-sat-mau-2025.xlsx" and surveyed[4].startswith("cột ")
    assert any(r[0].startswith("Nhiệm vụ đột phá: ") for r in sources)


@needs_poppler
def test_all_writes_one_single_page_file_per_ranked_unit_named_by_its_code(
    demo_db, tmp_path, truth, capsys
):
    ranking, _, _, _ = truth
    departments = ranking[ranking["rank_group"] == "department"]["unit_code"]
    out = tmp_path / "phieu"
    assert scorecard(demo_db, "--all", "--kind", "department", "--out", str(out)) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{c}.pdf" for c in departments)
    assert all(pages(p) == 1 for p in out.iterdir())
    every = tmp_path / "xlsx"
    assert scorecard(demo_db, "--all", "--format", "xlsx", "--out", str(every)) == 0
    assert sorted(p.name for p in every.iterdir()) == sorted(
        f"{c}.xlsx" for c in ranking["unit_code"]
    )
    assert f"Đã ghi {len(ranking)} phiếu điểm năm 2025 (.xlsx)" in capsys.readouterr().out


def test_unknown_unit_or_a_year_without_scores_exits_2_with_a_message(
    demo_db, tmp_path, truth, capsys
):
    _, _, unit, _ = truth
    out = tmp_path / "phieu.pdf"
    assert scorecard(demo_db, "--unit", "KHONG-CO", "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "Không có đơn vị mã «KHONG-CO» trong danh mục đơn vị." in err and "Traceback" not in err
    assert (
        cli.main(
            [
                "--db",
                str(demo_db),
                "scorecard",
                "--unit",
                unit["unit_code"],
                "--year",
                "2021",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert (
        f"{unit['unit_name']} (mã {unit['unit_code']}) chưa có điểm năm 2021"
        in capsys.readouterr().err
    )
    assert (
        scorecard(demo_db, "--unit", unit["unit_code"], "--out", str(tmp_path / "phieu.docx")) == 2
    )
    assert "phiếu điểm ghi ra .pdf hoặc .xlsx" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_a_merged_units_card_compares_with_its_predecessors_estimate(demo_db, tmp_path):
    """A commune formed in 2025 is compared with its predecessors' 2024 index, said to be an estimate,
    with no rank change made up."""
    con = db.connect(demo_db, read_only=True)
    row = reads.ranking(con, 2025, "commune_level").query("change_basis == 'predecessors'").iloc[0]
    con.close()
    out = tmp_path / "phieu.pdf"
    assert scorecard(demo_db, "--unit", row.unit_code, "--out", str(out)) == 0
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "chỉ số trước sáp nhập (ước tính)" in text and "không so sánh thứ hạng" in text
    change = vn_number(row.index_change)
    assert (change if change.startswith("-") else "+" + change) + " điểm %" in text
