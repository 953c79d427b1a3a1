"""Two years side by side and two units side by side: the same figures as the rankings they come
from, every unit of either year listed, and the exports (CLI) holding them."""

import csv
import datetime as dt
import io
import shutil
import subprocess
import sys

import openpyxl
import pytest

from pipelines import db, reads
from pipelines.text import half_up
from pipelines.workbooks import compare
from tests.sql.test_marts import FULL, given

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo(demo_db):
    con = db.connect(demo_db)
    yield con
    con.close()


def test_the_years_changes_are_the_differences_of_the_two_rankings(demo):
    before = reads.ranking(demo, 2023, "commune_level").set_index("unit_code")
    after = reads.ranking(demo, 2024, "commune_level").set_index("unit_code")
    table = compare.years(demo, 2023, 2024, "commune_level").set_index("unit_code")
    assert set(table.index) == set(before.index) | set(after.index) and table["in_both"].all()
    both = table.join(before.add_suffix("_a")).join(after.add_suffix("_b"))
    assert (both["points_change"] == both["points_b"] - both["points_a"]).all()
    assert (both["rank_change"] == both["rank_a"] - both["rank_b"]).all()
    assert (
        both["index_change"]
        == [half_up(b - a) for a, b in zip(both["index_pct_a"], both["index_pct_b"])]
    ).all()
    assert (both["index_pct_to"] == both["index_pct_b"]).all() and (
        both["band_from"] == both["band_name_a"]
    ).all()
    # consecutive years: what the ranking itself says against the year before
    assert (both["rank_change"] == both["rank_change_b"]).all()
    assert (both["points_change"] - both["points_change_b"]).abs().max() < 1e-9


def test_a_unit_ranked_in_one_year_only_is_listed_with_its_reason(demo):
    before = reads.ranking(demo, 2024, "commune_level")
    after = reads.ranking(demo, 2025, "commune_level")
    table = compare.years(demo, 2024, 2025, "commune_level").set_index("unit_code")
    assert len(table) == len(before) + len(after) == 410 and not table["in_both"].any()
    merged = dict(
        demo.execute(
            "select former_code, unit_name from ref.unit_lineage"
            " join ref.units on unit_code = merged_code"
        ).fetchall()
    )
    for code in before["unit_code"]:
        assert table.loc[code, "note"] == f"Không xếp hạng năm 2025: đã sáp nhập vào {merged[code]}"
    formed = table.loc[after["unit_code"], "note"]
    assert formed.str.fullmatch(
        r"Không xếp hạng năm 2024: chưa thành lập \(hình thành năm 2025 từ \d đơn vị cũ\)"
    ).all()
    one = compare.one_year_table(table.reset_index(), 2024, 2025)
    assert len(one.rows) == 410 and {r[2] for r in one.rows} == {2024, 2025}


def test_hand_built_years_say_why_a_unit_is_missing_and_refuse_the_same_year(con):
    given(con, 2023, {"X02": FULL, "X99": [8, 7, 14, 6, 9, 7, 13, 30], "S01": FULL})
    given(con, 2024, {"X02": [8, 7, 14, 6, 9, 7, 13, 30], "X06": FULL, "S01": FULL})
    table = compare.years(con, 2023, 2024).set_index("unit_code")
    assert table.loc["X99", "note"] == "Không xếp hạng năm 2024: đã sáp nhập vào Xã Hòa Lợi"
    assert (
        table.loc["X06", "note"] == "Không xếp hạng năm 2023: chưa có điểm năm này"
    )  # it existed: no merger made it
    x02 = table.loc["X02"]
    assert (x02["rank_from"], x02["rank_to"], x02["rank_change"]) == (1, 2, -1)
    assert (x02["points_change"], x02["index_change"]) == (-6.0, -6.0)
    assert table.loc["S01", "rank_group"] == "department" and table.loc["S01", "rank_change"] == 0
    assert compare.years(con, 2023, 2024, "department")["unit_code"].tolist() == ["S01"]
    with pytest.raises(compare.InvalidInput, match="Hai năm so sánh phải khác nhau"):
        compare.years(con, 2024, 2024)


def test_the_units_comparison_shows_each_field_as_the_ranking_does(demo):
    ranking = reads.ranking(demo, 2024).set_index("unit_code")
    pair = compare.units(demo, "20001", "20002", 2024, AS_OF)
    assert pair.names == [ranking.loc["20001", "unit_name"], ranking.loc["20002", "unit_name"]]
    for side, code in (("a", "20001"), ("b", "20002")):
        assert (
            dict(zip(pair.fields["field_code"], pair.fields[f"points_{side}"]))
            == ranking.loc[code, "fields"]
        )
        assert (
            dict(zip(pair.fields["field_code"], pair.fields[f"field_pct_{side}"]))
            == ranking.loc[code, "fields_pct"]
        )
    gap = pair.fields["pct_gap"].tolist()
    assert gap == [
        half_up(a - b) for a, b in zip(pair.fields["field_pct_a"], pair.fields["field_pct_b"])
    ]
    summary, fields, criteria, *tasks = compare.unit_tables(pair)
    assert [r[4] for r in summary.rows] == [
        ranking.loc["20001", "index_pct"],
        ranking.loc["20002", "index_pct"],
    ]
    criteria_a = db.query(demo, "unit_criteria_for_year", unit_code="20001", year=2024)
    top_a = criteria_a.nlargest(compare.TOP_CRITERIA, "points_lost")["criterion_code"]
    assert set(top_a) <= {r[0] for r in criteria.rows}
    statuses = db.query(demo, "scorecard_commitments", unit_code="20002", year=2024, as_of=AS_OF)
    assert [(r[0], r[4]) for r in tasks[1].rows] == list(
        zip(statuses["commitment_code"], statuses["status_name"])
    )
    with pytest.raises(compare.InvalidInput, match="không được xếp hạng năm 2024"):
        compare.units(demo, "20001", "30001", 2024, AS_OF)


def cchc(db_path, *args):
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def demo_copy(demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("compare") / "cchc.duckdb"
    shutil.copy(demo_db, path)
    return path


def test_cli_exports_the_years_comparison_as_xlsx_and_csv(demo_copy, demo, tmp_path):
    table = compare.years(demo, 2023, 2024, "department")
    out = tmp_path / "so_sanh.xlsx"
    done = cchc(
        demo_copy,
        "compare",
        "years",
        "--from",
        "2023",
        "--to",
        "2024",
        "--kind",
        "department",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert "18 đơn vị có ở cả hai năm" in done.stdout
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.title == "So sánh Sở ngành" and ws["A1"].value.startswith(
        "SO SÁNH KẾT QUẢ CHỈ SỐ CCHC NĂM 2023 VÀ NĂM 2024"
    )
    assert [ws.cell(3, c).value for c in (3, 7, 11)] == ["Năm 2023", "Năm 2024", "Thay đổi"]
    first = table.iloc[0]
    row = [c.value for c in ws[5]]
    assert row[:3] == [first["unit_code"], first["unit_name"], half_up(first["points_from"])]
    assert row[7] == first["index_pct_to"] and row[10:13] == [
        half_up(first["points_change"]),
        first["index_change"],
        first["rank_change"],
    ]
    assert (
        ws.cell(5, 4).number_format == "[$-42A]0.00"
        and ws.cell(5, 4).font.name == "Times New Roman"
    )
    assert ws.max_row == 4 + len(table)

    out = tmp_path / "so_sanh.csv"
    assert (
        cchc(
            demo_copy, "compare", "years", "--from", "2023", "--to", "2024", "--out", str(out)
        ).returncode
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    both = compare.years(demo, 2023, 2024).set_index("unit_code")
    assert len(rows) == len(both)
    for r in rows[:5] + rows[-5:]:
        unit = both.loc[r["Mã đơn vị"]]
        assert float(r["Chỉ số (%) năm 2024"]) == unit["index_pct_to"]
        assert float(r["Thay đổi điểm"]) == half_up(unit["points_change"])
        assert int(r["Thay đổi hạng"]) == unit["rank_change"]


def test_cli_exports_the_units_comparison_and_refuses_one_unit(demo_copy, demo, tmp_path):
    pair = compare.units(demo, "20001", "20002", 2024, AS_OF)
    out = tmp_path / "hai_don_vi.xlsx"
    done = cchc(
        demo_copy,
        "compare",
        "units",
        "--unit",
        "20001",
        "--unit",
        "20002",
        "--year",
        "2024",
        "--as-of",
        "2026-11-22",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(out).worksheets[0]
    texts = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Từng lĩnh vực" in texts and pair.names[0] in texts and pair.names[1] in texts
    fields_at = texts.index("Từng lĩnh vực")
    field_row = next(
        r for r in ws.iter_rows(values_only=True) if r[1] == pair.fields["field_name"].iloc[0]
    )
    assert list(field_row[2:9]) == [
        half_up(pair.fields["points_a"].iloc[0]),
        pair.fields["max_points_a"].iloc[0],
        pair.fields["field_pct_a"].iloc[0],
        half_up(pair.fields["points_b"].iloc[0]),
        pair.fields["max_points_b"].iloc[0],
        pair.fields["field_pct_b"].iloc[0],
        pair.fields["pct_gap"].iloc[0],
    ]
    assert fields_at > 0

    out = tmp_path / "hai_don_vi.csv"
    assert (
        cchc(
            demo_copy,
            "compare",
            "units",
            "--unit",
            "20001",
            "--unit",
            "20002",
            "--year",
            "2024",
            "--as-of",
            "2026-11-22",
            "--out",
            str(out),
        ).returncode
        == 0
    )
    lines = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    header = next(r for r in lines if r and r[0] == "Mã" and r[1] == "Lĩnh vực")
    assert header[2] == f"Điểm ({pair.names[0]})"
    field = lines[lines.index(header) + 1]
    assert float(field[4]) == pair.fields["field_pct_a"].iloc[0]

    refused = cchc(
        demo_copy, "compare", "units", "--unit", "20001", "--year", "2024", "--out", str(out)
    )
    assert refused.returncode == 2 and "Cần đúng hai đơn vị" in refused.stderr


def test_cli_ranking_csv_and_table_have_the_points_change(demo_copy, demo):
    ranking = reads.ranking(demo, 2024, "department").set_index("unit_code")
    done = cchc(demo_copy, "ranking", "--year", "2024", "--kind", "department", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]).index("Thay đổi điểm") == list(rows[0]).index("Thay đổi hạng") - 1
    for r in rows:
        assert float(r["Thay đổi điểm"]) == half_up(ranking.loc[r["Mã đơn vị"], "points_change"])
    table = cchc(demo_copy, "ranking", "--year", "2024", "--kind", "department").stdout
    assert "Thay đổi điểm" in table.splitlines()[0]
