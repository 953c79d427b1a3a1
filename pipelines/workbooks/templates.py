"""Blank templates that load back as they are once filled in."""

from pathlib import Path

import duckdb

from pipelines import frameworks
from pipelines.problems import InvalidInput, Problem
from pipelines.workbooks import excel
from pipelines.workbooks.excel import FONT


def units_for(con: duckdb.DuckDBPyConnection, year: int, group: str) -> list[tuple[str, str, str]]:
    return con.execute(
        "select units.unit_code, units.unit_name, units.kind from staging.stg_units as units"
        " inner join intermediate.int_unit_years as in_force"
        " on in_force.unit_code = units.unit_code and in_force.year = $year"
        " where (units.rank_group = $group or units.kind = $group)"
        " order by units.unit_name collate vi",
        {"group": group, "year": year},
    ).fetchall()


def write_scores_template(con: duckdb.DuckDBPyConnection, year: int, group: str, out: Path) -> None:
    """A detailed sheet: one row per criterion, a Tự chấm / Thẩm định pair per unit."""
    units = units_for(con, year, group)
    if not units:
        raise InvalidInput([Problem(f"Không có đơn vị nào thuộc nhóm {group} năm {year}")])
    code = frameworks.for_unit_year(con, year, units[0][2])
    if code is None:
        raise InvalidInput([Problem(f"Chưa có bộ chỉ số năm {year} cho nhóm {group}")])
    fw = frameworks.fetch(con, code)
    wb = excel.workbook(out)
    base = {"font_name": FONT, "font_size": 12}
    title = wb.add_format({**base, "bold": True, "font_size": 14})
    head = wb.add_format(
        {
            **base,
            "bold": True,
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "bg_color": "#D9E1F2",
        }
    )
    text = wb.add_format({**base, "border": 1, "text_wrap": True})
    group_text = wb.add_format({**base, "border": 1, "text_wrap": True, "bold": True})
    number = wb.add_format({**base, "border": 1, "num_format": "0.00"})
    entry = wb.add_format(
        {**base, "border": 1, "num_format": "0.00", "bg_color": "#FFF2CC", "locked": False}
    )
    ws = wb.add_worksheet("Cham diem")
    ws.write(0, 0, f"BẢNG CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}", title)
    note = " (VÍ DỤ)" if fw.is_example else ""
    ws.write(1, 0, f"Bộ chỉ số: {fw.name}{note}. Ghi KAD nếu tiêu chí không áp dụng với đơn vị.")
    h = 3
    for c, label in enumerate(["Mã", "Tiêu chí", "Điểm tối đa"]):
        ws.merge_range(h, c, h + 1, c, label, head)
    for i, (_, name, _) in enumerate(units):
        c = 3 + 2 * i
        ws.merge_range(h, c, h, c + 1, name, head)
        ws.write(h + 1, c, "Tự chấm", head)
        ws.write(h + 1, c + 1, "Thẩm định", head)
    kids = fw.children()
    for r, crit in enumerate(fw.criteria, start=h + 2):
        leaf = crit.code not in kids
        ws.write_string(r, 0, crit.code, text if leaf else group_text)
        ws.write_string(r, 1, crit.name, text if leaf else group_text)
        ws.write_number(r, 2, crit.max_points, number)
        for i in range(len(units)):
            for c in (3 + 2 * i, 4 + 2 * i):
                ws.write_blank(r, c, None, entry if leaf else number)
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 48)
    ws.set_column(2, 2, 9)
    ws.set_column(3, 2 + 2 * len(units), 10)
    ws.freeze_panes(h + 2, 3)
    wb.close()
