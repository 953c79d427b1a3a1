"""The unit scorecard's .xlsx layout: the page of scorecard.data, cell by cell, and its sheet of
sources."""

from __future__ import annotations

import datetime as dt
import io

from pipelines.workbooks import excel
from pipelines.workbooks.excel import FONT


def workbook(card: dict) -> bytes:
    """The scorecard as .xlsx: the same page (Times New Roman, A4 portrait, one page wide) and a
    sheet «Nguồn số liệu» naming where each figure comes from."""
    buffer = io.BytesIO()
    wb = excel.workbook(buffer)
    fmt = _formats(wb)
    _card_sheet(wb.add_worksheet("Phiếu điểm"), fmt, card)
    _sources_sheet(wb.add_worksheet("Nguồn số liệu"), fmt, card)
    wb.close()
    return buffer.getvalue()


def _formats(wb) -> dict:
    def f(**kw):
        return wb.add_format({"font_name": FONT, "font_size": 12, "valign": "vcenter", **kw})

    cell = {"border": 1, "text_wrap": True}
    return {
        "body": f(bold=True, align="center", text_wrap=True),
        "date": f(italic=True, align="center"),
        "title": f(bold=True, font_size=14, align="center"),
        "unit": f(bold=True, font_size=13, align="center"),
        "sub": f(italic=True, align="center", text_wrap=True),
        "section": f(bold=True),
        "head": f(bold=True, align="center", bg_color="#D9E1F2", **cell),
        "text": f(**cell),
        "center": f(align="center", **cell),
        "points": f(num_format="[$-42A]0.00", **cell),
        "points_center": f(align="center", num_format="[$-42A]0.00", **cell),
        "rank": f(align="center", num_format="0", **cell),
        "change": f(
            align="center", num_format='[$-42A]+0.00" điểm %";-0.00" điểm %";0.00" điểm %"', **cell
        ),
        "rank_change": f(align="center", num_format='"↑ "0" bậc";"↓ "0" bậc";"giữ nguyên"', **cell),
        "date_cell": f(align="center", num_format="dd/mm/yyyy", **cell),
        "percent": f(align="center", num_format='0" %"', **cell),
        "flag": f(bg_color="#FCE4D6", **cell),
        "line": f(text_wrap=True),
        "note": f(italic=True, font_size=11, text_wrap=True),
        "draft": excel.draft_format(wb),
    }


WIDTHS = (7, 42, 11, 11, 11, 12, 12)  # columns A–G of the scorecard sheet


def _height(text: str, chars: float) -> float:
    """A wrapped row's height in points for text in a merged width of `chars` characters."""
    return 16.5 * max(1, -(-len(text) // int(chars)))


def _merge(ws, first_row, first_col, last_row, last_col, text, style) -> None:
    """Merged cells holding text, always as text (a name starting with = is no formula)."""
    ws.merge_range(first_row, first_col, last_row, last_col, "", style)
    ws.write_string(first_row, first_col, text, style)


def _num_cell(ws, row, col, value, style, last_col=None) -> None:
    if last_col is not None:
        ws.merge_range(row, col, row, last_col, "", style)
    if value is None:
        ws.write_blank(row, col, None, style)
    else:
        ws.write_number(row, col, value, style)


def _card_sheet(ws, fmt, card: dict) -> None:
    h, year, previous = card["headline"], card["year"], card["previous_year"]
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    body = "\n".join(
        line for line in (card["body"]["parent"].upper(), card["body"]["name"].upper()) if line
    )
    _merge(ws, 0, 0, 0, 3, body, fmt["body"])
    ws.set_row(0, 16.5 * (body.count("\n") + 1) + 2)
    _merge(ws, 0, 4, 0, 6, f"Số liệu đến ngày {card['as_of']}", fmt["date"])
    if card["draft"]:
        _merge(ws, 1, 0, 1, 6, card["draft"], fmt["draft"])
    _merge(ws, 2, 0, 2, 6, card["title"], fmt["title"])
    _merge(ws, 3, 0, 3, 6, card["unit"]["name"], fmt["unit"])
    sub = f"Mã đơn vị: {card['unit']['code']}. {card['framework']}. Nhóm xếp hạng: {card['group']}."
    _merge(ws, 4, 0, 4, 6, sub, fmt["sub"])
    ws.set_row(4, _height(sub, sum(WIDTHS) * 1.05))

    row = 6
    _merge(ws, row, 0, row, 1, "Chỉ tiêu", fmt["head"])
    _merge(ws, row, 2, row, 3, f"Năm {year}", fmt["head"])
    _merge(ws, row, 4, row, 5, f"Năm {previous}", fmt["head"])
    ws.write_string(row, 6, "Thay đổi", fmt["head"])
    _merge(ws, row + 1, 0, row + 1, 1, "Chỉ số CCHC (%)", fmt["text"])
    _num_cell(
        ws, row + 1, 2, h["index_value"], fmt["points_center"], 3
    )  # the published figure, as the marts hold it
    _num_cell(ws, row + 1, 4, h["previous_index_value"], fmt["points_center"], 5)
    _num_cell(ws, row + 1, 6, h["index_change_value"], fmt["change"])
    _merge(ws, row + 2, 0, row + 2, 1, "Xếp hạng", fmt["text"])
    _merge(ws, row + 2, 2, row + 2, 3, f"{h['rank']} {h['rank_of']}", fmt["center"])
    _merge(ws, row + 2, 4, row + 2, 5, h["previous_rank"], fmt["center"])
    _num_cell(ws, row + 2, 6, h["rank_change_value"], fmt["rank_change"])
    _merge(ws, row + 3, 0, row + 3, 1, "Xếp loại", fmt["text"])
    _merge(ws, row + 3, 2, row + 3, 3, h["band"], fmt["center"])
    _merge(ws, row + 3, 4, row + 3, 5, h["previous_band"], fmt["center"])
    ws.write_blank(row + 3, 6, None, fmt["text"])
    if max(len(h["band"]), len(h["previous_band"])) > (WIDTHS[2] + WIDTHS[3]) * 1.2:
        ws.set_row(row + 3, 33)
    _merge(ws, row + 4, 0, row + 4, 1, "Tổng điểm / điểm tối đa áp dụng", fmt["text"])
    ws.write_number(row + 4, 2, h["points_value"], fmt["points"])
    ws.write_number(row + 4, 3, h["max_points_value"], fmt["points"])
    _merge(ws, row + 4, 4, row + 4, 6, "", fmt["text"])
    row += 5
    if h["no_previous"]:
        _merge(ws, row, 0, row, 6, h["no_previous"], fmt["note"])
        row += 1

    row += 1
    ws.write_string(
        row, 0, "Điểm từng lĩnh vực so với điểm tối đa và trung vị nhóm", fmt["section"]
    )
    row += 1
    for col, text in enumerate(
        [
            "Mã",
            "Lĩnh vực",
            "Điểm đạt",
            "Điểm tối đa",
            "% điểm tối đa",
            "Trung vị nhóm (%)",
            "Cảnh báo",
        ]
    ):
        ws.write_string(row, col, text, fmt["head"])
    ws.set_row(row, 33)
    first = row + 1
    for f in card["fields"]:
        row += 1
        style = fmt["flag"] if f["flagged"] else fmt["text"]
        ws.write_string(row, 0, f["code"], fmt["center"])
        ws.write_string(row, 1, f["name"], style)
        _num_cell(ws, row, 2, f["points_value"], fmt["points"])
        _num_cell(ws, row, 3, f["max_value"], fmt["points"])
        _num_cell(ws, row, 4, f["pct_value"], fmt["points"])
        _num_cell(ws, row, 5, f["peer_pct_value"], fmt["points"])
        ws.write_string(row, 6, "Dưới ngưỡng" if f["flagged"] else "", fmt["center"])
        if len(f["name"]) > WIDTHS[1]:
            ws.set_row(row, _height(f["name"], WIDTHS[1]))
    ws.conditional_format(
        first,
        4,
        row,
        4,
        {
            "type": "data_bar",
            "bar_solid": True,
            "bar_color": "#8EA9DB",
            "min_type": "num",
            "min_value": 0,
            "max_type": "num",
            "max_value": 100,
        },
    )

    row += 2
    ws.write_string(row, 0, "Các tiêu chí mất nhiều điểm nhất", fmt["section"])
    row += 1
    for col, text in enumerate(["Mã", "Tiêu chí", "Điểm đạt", "Điểm tối đa", "Điểm bị mất"]):
        ws.write_string(row, col, text, fmt["head"])
    ws.set_row(row, 33)
    for c in card["criteria"]:
        row += 1
        ws.write_string(row, 0, c["code"], fmt["center"])
        ws.write_string(row, 1, c["name"], fmt["text"])
        ws.write_number(row, 2, c["points_value"], fmt["points"])
        ws.write_number(row, 3, c["max_value"], fmt["points"])
        ws.write_number(row, 4, c["lost_value"], fmt["points"])
        if len(c["name"]) > WIDTHS[1]:
            ws.set_row(row, _height(c["name"], WIDTHS[1]))

    row += 2
    ws.write_string(row, 0, "Cảnh báo", fmt["section"])
    for reason in card["flags"] or ["Không có cảnh báo."]:
        row += 1
        _merge(ws, row, 0, row, 6, reason, fmt["line"])
        ws.set_row(row, _height(reason, sum(WIDTHS) * 1.05))
    row += 2
    plan = card["plan"]
    ws.write_string(row, 0, "Kế hoạch khắc phục", fmt["section"])
    for line in (plan["text"], plan["progress"]):
        if line:
            row += 1
            _merge(ws, row, 0, row, 6, line, fmt["line"])
            ws.set_row(row, _height(line, sum(WIDTHS) * 1.05))

    row += 2
    ws.write_string(
        row, 0, f"Nhiệm vụ đột phá (tình trạng đến ngày {card['as_of']})", fmt["section"]
    )
    if not card["tasks"]:
        row += 1
        _merge(ws, row, 0, row, 6, "Đơn vị chưa đăng ký nhiệm vụ đột phá.", fmt["line"])
    else:
        row += 1
        for col, text in enumerate(
            ["STT", "Nội dung", "Hạn", "Tình trạng", "", "% hoàn thành", "Quá hạn"]
        ):
            if col != 4:
                ws.write_string(row, col, text, fmt["head"])
        _merge(ws, row, 3, row, 4, "Tình trạng", fmt["head"])
        ws.set_row(row, 33)
        for i, t in enumerate(card["tasks"], start=1):
            row += 1
            ws.write_number(row, 0, i, fmt["rank"])
            ws.write_string(row, 1, t["title"], fmt["text"])
            ws.write_datetime(
                row, 2, dt.datetime.combine(t["due_value"], dt.time()), fmt["date_cell"]
            )
            _merge(ws, row, 3, row, 4, t["status"], fmt["center"])
            ws.write_number(row, 5, t["percent_value"], fmt["percent"])
            ws.write_string(row, 6, "Quá hạn" if t["overdue"] else "", fmt["center"])
            if len(t["title"]) > WIDTHS[1]:
                ws.set_row(row, _height(t["title"], WIDTHS[1]))

    row += 2
    note = f"Nguồn: {'; '.join(card['sources'])}. Chi tiết từng số liệu: trang «Nguồn số liệu»."
    _merge(ws, row, 0, row, 6, note, fmt["note"])
    ws.set_row(row, _height(note, sum(WIDTHS)))
    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.set_margins(left=1.18, right=0.59, top=0.79, bottom=0.79)  # 30, 15, 20 mm (Decree 30/2020)
    ws.fit_to_pages(1, 0)
    ws.set_footer(f'&C&"{FONT}"Trang &P')


SOURCE_WIDTHS = (34, 24, 30, 12, 30, 50)


def _sources_sheet(ws, fmt, card: dict) -> None:
    _merge(
        ws,
        0,
        0,
        0,
        5,
        f"NGUỒN SỐ LIỆU CỦA PHIẾU ĐIỂM NĂM {card['year']}: {card['unit']['name'].upper()}",
        fmt["title"],
    )
    for col, text in enumerate(
        ["Số liệu", "Giá trị", "Tệp tải lên", "Trang tính", "Ô / cột", "Cách tính, ghi chú"]
    ):
        ws.write_string(2, col, text, fmt["head"])
        ws.set_column(col, col, SOURCE_WIDTHS[col])
    for i, values in enumerate(card["sources_table"], start=3):
        for col, value in enumerate(values):
            ws.write_string(i, col, value, fmt["text"])
        lines = max(-(-len(v) // int(w)) for v, w in zip(values, SOURCE_WIDTHS)) or 1
        ws.set_row(i, 16.5 * lines)
    ws.repeat_rows(2)
    ws.freeze_panes(3, 1)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_footer(f'&C&"{FONT}"Trang &P')
