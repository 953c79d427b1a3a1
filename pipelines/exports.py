"""The ranked table as the office publishes it: an .xlsx annex for the official decision
(national-motto header, Times New Roman, A4 landscape, header rows repeated) and CSV."""

import csv
import io
from pathlib import Path

import duckdb
import pandas as pd
import xlsxwriter

from pipelines import frameworks, reports
from pipelines.text import half_up

GROUP_TITLES = {
    "commune_level": ("các xã, phường, đặc khu", "Cấp xã"),
    "district": ("các huyện, thị xã, thành phố", "Cấp huyện"),
    "department": ("các sở, ban, ngành", "Sở ngành"),
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FONT = "Times New Roman"


def _field_codes(table: pd.DataFrame) -> list[str]:
    codes: list[str] = []
    for fields in table["fields"]:
        codes.extend(c for c in fields if c not in codes)
    return codes


def ranking_rows(table: pd.DataFrame) -> tuple[list[str], list[list]]:
    codes = _field_codes(table)
    header = ["Xếp hạng", "Mã đơn vị", "Đơn vị", "Nhóm xếp hạng", *[f"Lĩnh vực {c}" for c in codes],
              "Tổng điểm", "Điểm tối đa", "Chỉ số (%)", "Xếp loại", "Thay đổi hạng", "Đồng hạng", "Phải có kế hoạch khắc phục"]
    rows = [
        [int(r.rank), r.unit_code, r.unit_name, GROUP_TITLES.get(r.rank_group, ("", r.rank_group))[1],
         *[_num(r.fields.get(c)) for c in codes], _num(r.points), _num(r.max_points), _num(r.index_pct),
         r.band_name, None if pd.isna(r.rank_change) else int(r.rank_change),
         "Có" if r.is_tied else "", "Có" if r.plan_required else ""]
        for r in table.itertuples()
    ]
    return header, rows


def flag_rows(table: pd.DataFrame) -> tuple[list[str], list[list]]:
    header = ["Mã đơn vị", "Đơn vị", "Xếp hạng", "Chỉ số (%)", "Xếp loại", "Lý do", "Phải có kế hoạch", "Hạn nộp"]
    rows = [
        [r.unit_code, r.unit_name, int(r.rank), _num(r.index_pct), r.band_name, "; ".join(r.reasons),
         "Có" if r.plan_required else "", "" if pd.isna(r.plan_due_date) else f"{pd.Timestamp(r.plan_due_date):%d/%m/%Y}"]
        for r in table.itertuples()
    ]
    return header, rows


def _num(x):
    """A figure as published: points to 2 decimals half up; the index as the marts rounded it."""
    return None if x is None or pd.isna(x) else half_up(float(x))


def neutralise(value):
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([[neutralise(v) for v in r] for r in rows])
    return out.getvalue()


def ranking_csv_bytes(table: pd.DataFrame) -> bytes:
    return csv_text(*ranking_rows(table)).encode("utf-8-sig")


def write_ranking(con: duckdb.DuckDBPyConnection, year: int, group: str | None, out: Path) -> None:
    table = reports.ranking(con, year, group)
    if out.suffix.lower() == ".csv":
        out.write_bytes(ranking_csv_bytes(table))
    else:
        out.write_bytes(ranking_xlsx_bytes(con, year, table))


def _settings(con) -> dict[str, str]:
    values = dict(con.execute("select key, value from meta.settings").fetchall())
    return {"org_parent": values.get("org_parent", "ỦY BAN NHÂN DÂN TỈNH"),
            "org_name": values.get("org_name", "SỞ NỘI VỤ"),
            "place": values.get("place", "")}


def ranking_xlsx_bytes(con: duckdb.DuckDBPyConnection, year: int, table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    wb.formats[0].set_font_name(FONT)
    fmt = _formats(wb)
    org = _settings(con)
    framework_codes = list(dict.fromkeys(table["framework_code"]))
    if table.empty:
        ws = wb.add_worksheet("Xếp hạng")
        ws.write(0, 0, f"Chưa có điểm năm {year}", fmt["text"])
    for group, part in table.groupby("rank_group", sort=False):
        _ranking_sheet(wb, fmt, org, year, group, part.reset_index(drop=True), con)
    _method_sheet(wb, fmt, con, framework_codes)
    wb.close()
    return buffer.getvalue()


def _formats(wb) -> dict:
    def f(**kw):
        return wb.add_format({"font_name": FONT, "font_size": 12, **kw})
    cell = {"border": 1, "valign": "vcenter"}
    return {
        "org": f(bold=True, align="center"),
        "org_line": f(bold=True, align="center", underline=1),
        "motto": f(bold=True, align="center"),
        "date": f(italic=True, align="center"),
        "title": f(bold=True, font_size=14, align="center", valign="vcenter", text_wrap=True),
        "subtitle": f(italic=True, align="center"),
        "head": f(bold=True, align="center", text_wrap=True, bg_color="#D9E1F2", **cell),
        "text": f(**cell, text_wrap=True),
        "center": f(**cell, align="center"),
        "rank": f(**cell, align="center", num_format="0"),
        "points": f(**cell, num_format="0.00"),
        "change": f(**cell, align="center", num_format='"↑"0;"↓"0;"–"'),
        "flag_text": f(**cell, text_wrap=True, bg_color="#FCE4D6"),
        "flag_center": f(**cell, align="center", bg_color="#FCE4D6"),
        "flag_rank": f(**cell, align="center", num_format="0", bg_color="#FCE4D6"),
        "flag_points": f(**cell, num_format="0.00", bg_color="#FCE4D6"),
        "flag_change": f(**cell, align="center", num_format='"↑"0;"↓"0;"–"', bg_color="#FCE4D6"),
        "note": f(italic=True, font_size=11),
        "plain": f(),
        "bold": f(bold=True),
    }


def _ranking_sheet(wb, fmt, org, year, group, table, con) -> None:
    whom, sheet_name = GROUP_TITLES.get(group, (group, group))
    ws = wb.add_worksheet(f"Xếp hạng {sheet_name}"[:31])
    fields = reports.field_columns(con, year, group)
    codes = [c for c in _field_codes(table)]
    maxima = dict(zip(fields["field_code"], fields["framework_max_points"]))
    n_cols = 2 + len(codes) + 6
    last = n_cols - 1
    split = max(2, n_cols // 2 - 1)
    ws.merge_range(0, 0, 0, split - 1, org["org_parent"].upper(), fmt["org"])
    ws.merge_range(1, 0, 1, split - 1, org["org_name"].upper(), fmt["org_line"])
    ws.merge_range(0, split, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fmt["motto"])
    ws.merge_range(1, split, 1, last, "Độc lập - Tự do - Hạnh phúc", fmt["org_line"])
    place = f"{org['place']}, " if org["place"] else ""
    ws.merge_range(2, split, 2, last, f"{place}ngày      tháng      năm {year + 1}", fmt["date"])
    ws.merge_range(4, 0, 4, last, f"KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year} CỦA {whom.upper()}", fmt["title"])
    ws.merge_range(5, 0, 5, last, "(Kèm theo Quyết định số        /QĐ-UBND ngày      /     /          )", fmt["subtitle"])
    ws.set_row(4, 36)
    head, sub = 7, 8
    singles = {0: "Xếp hạng", 1: "Đơn vị"}
    tail = ["Tổng điểm", "Điểm tối đa áp dụng", "Chỉ số CCHC (%)", "Xếp loại", "Thay đổi hạng so với năm trước", "Ghi chú"]
    for c, text in [*singles.items(), *[(2 + len(codes) + i, t) for i, t in enumerate(tail)]]:
        ws.merge_range(head, c, sub, c, text, fmt["head"])
    if codes:
        if len(codes) > 1:
            ws.merge_range(head, 2, head, 1 + len(codes), "Điểm đạt theo lĩnh vực (điểm tối đa)", fmt["head"])
        else:
            ws.write(head, 2, "Điểm đạt theo lĩnh vực (điểm tối đa)", fmt["head"])
        for i, code in enumerate(codes):
            ws.write(sub, 2 + i, f"LV {code}\n({_vn(maxima.get(code))})", fmt["head"])
    ws.set_row(sub, 32)
    for i, r in enumerate(table.itertuples()):
        row = sub + 1 + i
        flagged = bool(r.plan_required)
        p = "flag_" if flagged else ""
        ws.write_number(row, 0, int(r.rank), fmt[p + "rank"])
        ws.write_string(row, 1, r.unit_name, fmt[p + "text"])
        for j, code in enumerate(codes):
            v = r.fields.get(code)
            _write_num(ws, row, 2 + j, v, fmt[p + "points"])
        c = 2 + len(codes)
        _write_num(ws, row, c, r.points, fmt[p + "points"])
        _write_num(ws, row, c + 1, r.max_points, fmt[p + "points"])
        _write_num(ws, row, c + 2, r.index_pct, fmt[p + "points"])
        ws.write_string(row, c + 3, r.band_name or "", fmt[p + "text"])
        if pd.isna(r.rank_change):
            ws.write_blank(row, c + 4, None, fmt[p + "change"])
        else:
            ws.write_number(row, c + 4, int(r.rank_change), fmt[p + "change"])
        notes = [n for n, on in (("Đồng hạng", r.is_tied), ("Phải có kế hoạch khắc phục", flagged)) if on]
        ws.write_string(row, c + 5, "; ".join(notes), fmt[p + "text"])
    end = sub + 1 + len(table)
    ws.write(end + 1, 0, "Ghi chú: dòng tô màu là đơn vị phải xây dựng kế hoạch khắc phục; "
             "các đơn vị có chỉ số bằng nhau (làm tròn 2 chữ số thập phân) được xếp đồng hạng.", fmt["note"])
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 1 + len(codes), 8.5)
    ws.set_column(2 + len(codes), 4 + len(codes), 10)
    ws.set_column(5 + len(codes), 5 + len(codes), 20)
    ws.set_column(6 + len(codes), 6 + len(codes), 11)
    ws.set_column(7 + len(codes), 7 + len(codes), 22)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.repeat_rows(head, sub)
    ws.fit_to_pages(1, 0)
    ws.set_footer(f"&C&\"{FONT}\"Trang &P/&N")
    ws.freeze_panes(sub + 1, 2)


def _method_sheet(wb, fmt, con, framework_codes) -> None:
    ws = wb.add_worksheet("Bộ chỉ số và phương pháp")
    row = 0
    for code in framework_codes:
        fw = frameworks.fetch(con, code)
        ws.write(row, 0, fw.name + (" — VÍ DỤ, không phải văn bản chính thức" if fw.is_example else ""), fmt["bold"])
        row += 1
        ws.write(row, 0, f"Mã: {fw.code}; áp dụng năm {fw.year_from}–{fw.year_to}", fmt["plain"])
        row += 2
        for c, text in enumerate(["Mã", "Lĩnh vực / tiêu chí", "Điểm tối đa", "Điều tra XHH"]):
            ws.write(row, c, text, fmt["head"])
        row += 1
        for crit in fw.criteria:
            style = fmt["text"]
            ws.write_string(row, 0, crit.code, fmt["center"])
            ws.write_string(row, 1, ("    " * (crit.depth - 1)) + crit.name, style)
            ws.write_number(row, 2, crit.max_points, fmt["points"])
            ws.write_string(row, 3, "Có" if crit.is_survey else "", fmt["center"])
            row += 1
        row += 1
        ws.write(row, 0, "Xếp loại", fmt["bold"])
        row += 1
        for band in fw.bands:
            ws.write(row, 1, f"{band['name']}: từ {_vn(band['min_pct'])} %", fmt["plain"])
            row += 1
        row += 1
        ws.write(row, 0, "Phương pháp", fmt["bold"])
        ws.write(row + 1, 1, fw.method, fmt["plain"])
        row += 3
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 70)
    ws.set_column(2, 3, 12)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _write_num(ws, row, col, value, style) -> None:
    if value is None or pd.isna(value):
        ws.write_blank(row, col, None, style)
    else:
        ws.write_number(row, col, _num(value), style)


def _vn(x) -> str:
    if x is None or pd.isna(x):
        return ""
    return f"{x:g}".replace(".", ",")
