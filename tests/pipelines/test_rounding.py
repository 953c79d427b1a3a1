"""One index everywhere: rounded half up on its exact decimal value, once, in SQL, and that figure
ranked, banded, shown and exported alike. A grid of quarter- and tenth-point totals over applicable
maxima of 80–100, written by xlsxwriter as an office summary table with a per-unit max column, is
loaded by the real CLI; every output must show the figure the office computes by hand."""

import csv
import io
import json
from decimal import ROUND_HALF_UP, Decimal

import docx
import openpyxl
import pytest
import xlsxwriter
from streamlit.testing.v1 import AppTest

from pipelines import cli, db, frameworks
from pipelines.text import vn_number
from tests.conftest import FIELD_MAX
from tests.dashboard.test_pages import APP

YEAR = 2024
MAXIMA = [Decimal(m) for m in ("80", "84", "87.5", "90", "92.5", "96", "100")]
STEPS = [Decimal("0.25"), Decimal("0.1")]


def grid() -> list[tuple[str, Decimal, Decimal]]:
    """(name, total, applicable max): totals in quarter and tenth steps; 45,3/80 and 40,5/80 are
    x,xx5 exactly (56,625 and 50,625), and equal ratios on other maxima make ties."""
    rows, n = [], 0
    for m in MAXIMA:
        for step in STEPS:
            for k in range(7):
                total = (m * Decimal(45 + 8 * k) / 100 + step * (k + 1)).quantize(
                    step, rounding="ROUND_FLOOR"
                )
                n += 1
                rows.append((f"Xã Lưới {n:03d}", total, m))
    rows += [
        ("Xã Nửa Trên 1", Decimal("45.3"), Decimal("80")),
        ("Xã Nửa Trên 2", Decimal("40.5"), Decimal("80")),
        ("Xã Đồng Một", Decimal("42"), Decimal("84")),
        ("Xã Đồng Hai", Decimal("50"), Decimal("100")),
    ]
    return rows


def published(total: Decimal, m: Decimal) -> Decimal:
    return (total / m * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fields_of(total: Decimal) -> list[Decimal]:
    """The total spread over the 8 fields within each field's max, in the total's own steps."""
    shares = [
        (total * mx / 100).quantize(Decimal("0.25"), rounding="ROUND_FLOOR")
        for mx in list(FIELD_MAX.values())[:-1]
    ]
    return [*shares, total - sum(shares)]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rounding")
    path = tmp / "cchc.duckdb"
    con = db.connect(path)
    with db.write(con):
        frameworks.load_example(con)
    con.close()
    book = tmp / "bang_luoi_2024.xlsx"
    wb = xlsxwriter.Workbook(book)
    ws = wb.add_worksheet("Tổng hợp")
    ws.write_row(0, 0, [f"BẢNG TỔNG HỢP ĐIỂM CHỈ SỐ CCHC NĂM {YEAR}"])
    ws.write_row(
        2,
        0,
        [
            "STT",
            "Tên đơn vị",
            *[f"Lĩnh vực {c} ({m})" for c, m in FIELD_MAX.items()],
            "Tổng điểm",
            "Tổng điểm tối đa (được đánh giá)",
        ],
    )
    rows = grid()
    for i, (name, total, m) in enumerate(rows, start=1):
        ws.write_row(
            2 + i, 0, [i, name, *[float(p) for p in fields_of(total)], float(total), float(m)]
        )
    wb.close()
    assert (
        cli.main(
            ["--db", str(path), "scores", "load", str(book), "--year", str(YEAR), "--new-units"]
        )
        == 0
    )
    assert (
        cli.main(
            [
                "--db",
                str(path),
                "publish",
                "--year",
                str(YEAR),
                "--decision",
                "12/QĐ-UBND",
                "--date",
                f"15/01/{YEAR + 1}",
            ]
        )
        == 0
    )  # a visitor reads the page, and sees only published years
    return path, {name: published(total, m) for name, total, m in rows}


def displayed(frame):
    """A page's table as the user reads it: the formatted text of each cell."""
    import pyarrow as pa

    return pa.ipc.open_stream(frame.proto.arrow_data.styler.display_values).read_pandas()


def run(capsys, path, *args) -> str:
    capsys.readouterr()
    assert cli.main(["--db", str(path), *args]) == 0
    return capsys.readouterr().out


def test_the_grid_has_half_up_cases_and_ties(loaded):
    _, expected = loaded
    assert expected["Xã Nửa Trên 1"] == Decimal("56.63") and expected["Xã Nửa Trên 2"] == Decimal(
        "50.63"
    )
    assert sum(1 for v in expected.values() if v == Decimal("50.00")) >= 2
    assert len(expected) >= 90


def test_ranked_figure_is_the_office_figure_and_ties_share_it(loaded, capsys):
    path, expected = loaded
    records = json.loads(run(capsys, path, "ranking", "--year", str(YEAR), "--format", "json"))
    assert {r["unit"]: Decimal(str(r["index_pct"])) for r in records} == expected
    by_index: dict[Decimal, set] = {}
    for r in records:
        by_index.setdefault(Decimal(str(r["index_pct"])), set()).add((r["rank"], r["tied"]))
    for index, seen in by_index.items():
        ranks = {rank for rank, _ in seen}
        assert len(ranks) == 1, f"units at {index} % must share one rank, got {ranks}"
    shared = [r for r in records if sum(1 for s in records if s["index_pct"] == r["index_pct"]) > 1]
    assert shared and all(r["tied"] for r in shared)
    assert not any(r["tied"] for r in records if r not in shared)


def test_every_printed_and_exported_index_is_the_ranked_one(loaded, capsys, tmp_path):
    path, expected = loaded
    shown = {name: vn_number(float(v)) for name, v in expected.items()}

    table = run(capsys, path, "ranking", "--year", str(YEAR))
    for name, text in shown.items():
        line = next(line for line in table.splitlines() if f" {name} " in line)
        assert f" {text} " in line + " ", (name, line)

    rows = list(
        csv.DictReader(
            io.StringIO(run(capsys, path, "ranking", "--year", str(YEAR), "--format", "csv"))
        )
    )
    assert {r["Đơn vị"]: Decimal(r["Chỉ số (%)"]) for r in rows} == expected

    out = tmp_path / "xep_hang.csv"
    run(capsys, path, "export", "ranking", "--year", str(YEAR), "--out", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["Đơn vị"]: Decimal(r["Chỉ số (%)"]) for r in rows} == expected

    out = tmp_path / "xep_hang.xlsx"
    run(capsys, path, "export", "ranking", "--year", str(YEAR), "--out", str(out))
    ws = openpyxl.load_workbook(out).worksheets[0]
    header = next(row for row in ws.iter_rows(values_only=True) if "Đơn vị" in row)
    unit_col, index_col = header.index("Đơn vị"), header.index("Chỉ số CCHC (%)")
    cells = {
        row[unit_col]: row[index_col]
        for row in ws.iter_rows(values_only=True)
        if row[unit_col] in expected
    }
    assert {name: Decimal(str(v)) for name, v in cells.items()} == expected

    out = tmp_path / "xep_hang.docx"
    run(capsys, path, "export", "ranking", "--year", str(YEAR), "--out", str(out))
    table = max(docx.Document(out).tables, key=lambda t: len(t.rows))
    header = [c.text for c in table.rows[0].cells]
    unit_col, index_col = header.index("Đơn vị"), header.index("Chỉ số CCHC (%)")
    cells = {row.cells[unit_col].text: row.cells[index_col].text for row in table.rows[2:]}
    assert cells == shown


def test_the_ranking_page_shows_the_ranked_figure(loaded, monkeypatch):
    path, expected = loaded
    monkeypatch.setenv("CCHC_DB", str(path))
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    app.switch_page("app_pages/rankings.py").run()
    table = displayed(app.dataframe[0])
    assert dict(zip(table["Đơn vị"], table["Chỉ số (%)"])) == {
        n: vn_number(float(v)) for n, v in expected.items()
    }
