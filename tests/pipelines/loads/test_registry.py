"""The unit registry in and out of a workbook: codes, kinds, areas, years, aliases, lineage."""

import subprocess
import sys

import openpyxl

from pipelines import db
from pipelines.loads import units
from pipelines.loads.unit_matching import UnitIndex
from pipelines.workbooks import templates
from tests.conftest import rejected
from tests.files import write_xlsx

HEADER = list(units.COLUMNS)


def test_registry_loads_and_round_trips(con, tmp_path):
    rows = [
        HEADER,
        ["H10", "Huyện Minh Lâm", "Huyện", "", 2015, 2024, "", ""],
        ["X10", "Xã Tân Phú", "xã", "H10", 2015, 2024, "Tân Phú; Xa Tan Phu cu", "X12", "0,6"],
        ["X11", "Xã Phú Mỹ", "Xã", "H10", 2015, 2024, "", "X12", 0.4],
        ["X13", "Xã Mỹ Lợi", "Xã", "H10", 2015, 2024, "", "X14", ""],
        ["X12", "Xã Tân Phú Mỹ", "xã", "", 2025, "", "", ""],
        ["X14", "Xã Mỹ Lợi Mới", "xã", "", 2025, "", "", ""],
    ]
    message = units.load_units(con, write_xlsx(tmp_path / "dm.xlsx", {"Danh mục": rows}))
    assert message == "Đã nạp danh mục: 6 đơn vị, 2 tên khác, 3 quan hệ sáp nhập"
    assert UnitIndex(con, 2020).match("xa tan phu cu").unit_code == "X10"
    merged = UnitIndex(con, 2025).match("Xã Tân Phú")
    assert merged.unit_code is None and "đã sáp nhập vào X12" in merged.problem
    assert con.execute(
        "select former_code, merged_code, effective_year, weight from ref.unit_lineage"
        " where merged_code in ('X12', 'X14') order by 1"
    ).fetchall() == [
        ("X10", "X12", 2025, 0.6),
        ("X11", "X12", 2025, 0.4),
        ("X13", "X14", 2025, None),
    ]  # blank: equal weights
    templates.write_units(con, tmp_path / "ra.xlsx")
    back = {
        r[0]: r
        for r in openpyxl.load_workbook(tmp_path / "ra.xlsx").active.iter_rows(
            min_row=2, values_only=True
        )
    }
    assert back["X10"] == (
        "X10",
        "Xã Tân Phú",
        "xã",
        "H10",
        2015,
        2024,
        "Tân Phú; Xa Tan Phu cu",
        "X12",
        0.6,
    )
    assert back["X13"][7:] == ("X14", None)
    assert HEADER[8] == "Trọng số (dân số/diện tích)"
    units.load_units(con, tmp_path / "ra.xlsx")  # what was written loads back the same
    assert con.execute(
        "select former_code, weight from ref.unit_lineage where merged_code in ('X12', 'X14')"
        " order by 1"
    ).fetchall() == [("X10", 0.6), ("X11", 0.4), ("X13", None)]


def test_bad_registry_lists_every_problem_and_changes_nothing(con, tmp_path):
    rows = [
        HEADER,
        ["X10", "Xã Tân Phú", "làng", "H99", "2015", "hai nghìn", "", "X77", "nhiều"],
        ["X10", "", "xã", "", 2020, 2019, "", "", 0.4],
    ]
    assert rejected(
        con, lambda: units.load_units(con, write_xlsx(tmp_path / "dm.xlsx", {"DM": rows}))
    ) == [
        "DM!C2: Loại «làng» không rõ (xã, phường, thị trấn, đặc khu, huyện, sở)",
        "DM!D2: Mã đơn vị cha H99 không có trong danh mục",
        "DM!F2: Năm «hai nghìn» không hợp lệ",
        "DM!H2: Mã đơn vị sáp nhập vào X77 không có trong danh mục",
        "DM!I2: Trọng số «nhiều» không hợp lệ: ghi dân số hoặc diện tích (số dương), để trống nếu tính đều",
        "DM!A3: Mã X10 bị trùng (đã có ở dòng 2)",
        "DM!B3: Thiếu tên đơn vị",
        "DM!F3: Đến năm 2019 trước từ năm 2020",
        "DM!I3: Trọng số chỉ ghi cho đơn vị có mã «Sáp nhập vào»",
    ]


def test_cli_template_then_load(db_path, tmp_path):
    out = tmp_path / "dm.xlsx"

    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "pipelines", "--db", str(db_path), *a],
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert run("template", "units", "--out", str(out)).returncode == 0
    wb = openpyxl.load_workbook(out)
    wb.active.append(["X50", "Phường Mới", "phường", "", 2025, "", "", ""])
    wb.save(out)
    done = run("units", "load", str(out))
    assert done.returncode == 0, done.stderr
    con = db.connect(db_path)
    assert con.execute("select count(*) from ref.units").fetchone() == (11,)
    assert con.execute("select kind from ref.units where unit_code = 'X50'").fetchone() == ("ward",)
    con.close()
