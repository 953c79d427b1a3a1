"""The unit scorecard (phiếu điểm): one A4 page per unit and year with its index, rank, band and
their change since the year before, each field against its max and its peers' median, the
criteria where it lost most, its flags, remediation plan and breakthrough tasks; as PDF (Typst)
or .xlsx, the latter with a second sheet naming the source of each figure."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines import db, publication, reads
from pipelines.problems import InvalidInput, Problem
from pipelines.text import half_up, vn_number
from pipelines.workbooks import excel, issuing_body, typeset

if TYPE_CHECKING:
    import duckdb

CRITERIA_SHOWN = 5  # the criteria where the unit lost most points
TASKS_SHOWN = 8  # breakthrough tasks listed on the page (the rest counted), so it stays one page
FORMATS = ("pdf", "xlsx")
FONT = "Times New Roman"


def _none(x):
    """None for a missing value (None, NaN, NaT, pandas NA), else the value."""
    import pandas as pd  # loaded already: the figures come from data frames

    return None if x is None or pd.isna(x) else x


def _list(x) -> list:
    """A list column's value as a list (none: empty)."""
    return [] if x is None or isinstance(x, float) else list(x)


def _date(x) -> str:
    x = _none(x)
    return "" if x is None else f"{x:%d/%m/%Y}"


def _pct(x) -> str:
    x = _none(x)
    return "" if x is None else f"{vn_number(float(x))}\u00a0%"  # no line break before the %


def _num(x, decimals: int = 2) -> str:
    x = _none(x)
    return "" if x is None else vn_number(float(x), decimals)


def _signed(x) -> str:
    return ("+" if x > 0 else "") + vn_number(float(x))


def rank_text(rank, tied) -> str:
    return f"{int(rank)} (đồng hạng)" if tied else str(int(rank))


def rank_change_text(change) -> str:
    change = _none(change)
    if change is None:
        return ""
    change = int(change)
    return f"↑ {change} bậc" if change > 0 else f"↓ {-change} bậc" if change < 0 else "giữ nguyên"


def framework_label(name: str, is_example: bool) -> str:
    """«Bộ chỉ số: NAME» (the name alone when it says so itself), marked VÍ DỤ when it is the example."""
    label = name if name.lower().startswith("bộ chỉ số") else f"Bộ chỉ số: {name}"
    return f"{label} — VÍ DỤ" if is_example and "VÍ DỤ" not in name else label


def _group_name(group: str) -> str:
    from pipelines.workbooks.annex import GROUP_TITLES

    return GROUP_TITLES.get(group, (group, group))[0]


def data(
    con: duckdb.DuckDBPyConnection, unit_code: str, year: int, as_of: dt.date | None = None
) -> dict:
    """Everything the scorecard shows, as plain data: figures formatted the Vietnamese way for the
    PDF, and the values themselves (keys ending in _value) for the spreadsheet."""
    as_of = as_of or dt.date.today()
    head = reads.with_reasons(
        db.query(con, "scorecard_unit", unit_code=unit_code, year=year, as_of=as_of)
    )
    if head.empty:
        raise InvalidInput([Problem(f"Không có đơn vị mã «{unit_code}» trong danh mục đơn vị.")])
    h = head.iloc[0]
    if _none(h["index_pct"]) is None:
        raise InvalidInput(
            [
                Problem(
                    f"{h['unit_name']} (mã {unit_code}) chưa có điểm năm {year}: không lập được"
                    " phiếu điểm. Chọn năm khác hoặc nạp bảng điểm năm này trước."
                )
            ]
        )
    previous = year - 1
    has_previous = _none(h["previous_index_pct"]) is not None
    fields = db.query(con, "scorecard_fields", unit_code=unit_code, year=year)
    criteria = db.query(con, "unit_criteria_for_year", unit_code=unit_code, year=year)
    lost = criteria[~criteria["is_na"].astype(bool) & (criteria["points_lost"] > 0)]
    lost = lost.sort_values("points_lost", ascending=False, kind="stable").head(CRITERIA_SHOWN)
    commitments = db.query(
        con, "scorecard_commitments", unit_code=unit_code, year=year, as_of=as_of
    )
    body = issuing_body.read(con)
    group = h["rank_group"]
    files = [
        f"{name} (lần tải #{i})"
        for name, i in zip(_list(h["source_files"]), _list(h["source_upload_ids"]))
    ]
    card = {
        "body": {"parent": body.parent, "name": body.name},
        "title": f"PHIẾU ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}",
        "draft": publication.mark(con, year) or "",
        "year": year,
        "previous_year": previous,
        "as_of": _date(as_of),
        "unit": {"code": unit_code, "name": h["unit_name"], "kind": h["kind_name"]},
        "framework": framework_label(h["framework_name"], bool(h["is_example"])),
        "group": f"{_group_name(group)} ({vn_number(int(h['units_ranked']), 0)} đơn vị)",
        "headline": {
            "index": _pct(h["index_pct"]),
            "index_value": float(h["index_pct"]),
            "index_change": f"{_signed(h['index_change'])}\u00a0điểm\u00a0%"
            if has_previous
            else "",
            "index_change_value": float(h["index_change"]) if has_previous else None,
            "previous_index": _pct(h["previous_index_pct"]),
            "previous_index_value": float(h["previous_index_pct"]) if has_previous else None,
            "rank": rank_text(h["rank"], bool(h["is_tied"])),
            "rank_of": f"/ {int(h['units_ranked'])}",
            "rank_value": int(h["rank"]),
            "tied": bool(h["is_tied"]),
            "units_ranked": int(h["units_ranked"]),
            "rank_change": rank_change_text(h["rank_change"]),
            "rank_change_value": None if _none(h["rank_change"]) is None else int(h["rank_change"]),
            "previous_rank": ""
            if _none(h["previous_rank"]) is None
            else str(int(h["previous_rank"])),
            "band": h["band_name"] or "",
            "previous_band": _none(h["previous_band_name"]) or "",
            "points": _num(h["points"]),
            "points_value": float(h["points"]),
            "max_points": _num(h["max_points"]),
            "max_points_value": float(h["max_points"]),
            "bonus": _num(h["bonus_points"]),
            "penalty": _num(h["penalty_points"]),
            # why there is no change, or that it is the predecessors' estimate (the ranking's own words)
            "no_previous": reads.change_note(h) or "",
        },
        "fields": [_field(r) for r in fields.to_dict("records")],
        "criteria": [
            {
                "code": r["criterion_code"],
                "name": r["criterion_name"],
                "points": _num(r["points"]),
                "max": _num(r["max_points"]),
                "lost": _num(r["points_lost"]),
                "points_value": float(r["points"]),
                "max_value": float(r["max_points"]),
                "lost_value": float(r["points_lost"]),
                "file": _none(r["file_name"]) or "",
                "upload_id": _none(r["upload_id"]),
                "sheet": _none(r["source_sheet"]) or "",
                "cell": _none(r["source_cell"]) or "",
            }
            for r in lost.to_dict("records")
        ],
        "flags": _list(h["reasons"]),
        "plan": _plan(h, commitments[commitments["kind"] == "remediation"], as_of),
        "tasks": [
            _task(r) for r in commitments[commitments["kind"] == "breakthrough"].to_dict("records")
        ],
        "tasks_shown": TASKS_SHOWN,
        "sources": files,
    }
    card["sources_table"] = _sources(card, fields, commitments)
    return card


def _field(r: dict) -> dict:
    applies = _none(r["points"]) is not None
    pct = _none(r["field_pct"])
    peer = _none(r["peer_median_pct"])
    return {
        "code": r["field_code"],
        "name": r["field_name"],
        "points": _num(r["points"]) if applies else "không áp dụng",
        "max": _num(r["max_points"]),
        "pct": _pct(pct),
        "peer_pct": _pct(peer),
        "share": 0 if pct is None else float(pct) / 100,
        "peer_share": None if peer is None else float(peer) / 100,
        "flagged": bool(r["is_flagged"]),
        "points_value": float(r["points"]) if applies else None,
        "max_value": float(r["max_points"]),
        "pct_value": None if pct is None else half_up(float(pct)),
        "peer_pct_value": None if peer is None else half_up(float(peer)),
        "peer_points": _num(r["peer_median_points"]),
        "peers": int(r["peers"] or 0),
        "file": _none(r["source_files"]) or "",
        "sheet": _none(r["source_sheets"]) or "",
        "cells": _none(r["source_cells"]) or "",
    }


def _plan(h, plans, as_of: dt.date) -> dict:
    """The remediation plan: required or not, due, received (and when), and its progress."""
    required = bool(h["plan_required"])
    received = _none(h["plan_received_date"])
    latest = plans.iloc[0] if not plans.empty else None
    if not required and latest is None:
        text = "Không thuộc diện phải nộp kế hoạch khắc phục."
    elif not required:
        text = "Không thuộc diện phải nộp; đơn vị đã gửi kế hoạch khắc phục."
    elif received is not None:
        text = f"Phải nộp trước {_date(h['plan_due_date'])}: đã nhận ngày {_date(received)}."
    elif bool(h["plan_is_overdue"]):
        text = f"Phải nộp trước {_date(h['plan_due_date'])}: CHƯA NHẬN, đã quá hạn (tính đến {_date(as_of)})."
    else:
        text = f"Phải nộp trước {_date(h['plan_due_date'])}: chưa nhận (chưa đến hạn)."
    progress = ""
    if latest is not None:
        doc = f"văn bản {latest['document_number']}, " if _none(latest["document_number"]) else ""
        progress = (
            f"{latest['title']} ({doc}hạn {_date(latest['due_date'])}): {latest['status_name']},"
            f" {vn_number(float(latest['percent_done']), 0)} %"
            + (", quá hạn" if latest["is_overdue"] else "")
        )
    return {
        "required": required,
        "text": text,
        "progress": progress,
        "due": _date(h["plan_due_date"]),
        "received": _date(received),
        "due_value": _none(h["plan_due_date"]),
        "received_value": received,
    }


def _task(r: dict) -> dict:
    return {
        "code": r["commitment_code"],
        "title": r["title"],
        "due": _date(r["due_date"]),
        "due_value": r["due_date"],
        "status": r["status_name"],
        "percent": f"{vn_number(float(r['percent_done']), 0)} %",
        "percent_value": float(r["percent_done"]),
        "overdue": bool(r["is_overdue"]),
    }


def _commitment_source(r: dict) -> tuple[str, str]:
    where = (
        r["file_name"]
        if _none(r["file_name"])
        else f"nhập trực tiếp (người nhập: {r['created_by']})"
    )
    doc = (
        f"Văn bản {r['document_number']} ngày {_date(r['registered_date'])}"
        if _none(r["document_number"])
        else f"Đăng ký ngày {_date(r['registered_date'])}"
    )
    last = _date(r["last_update_date"])
    return where, doc + (
        f"; cập nhật tiến độ gần nhất {last}" if last else "; chưa có cập nhật tiến độ"
    )


def _sources(card: dict, fields, commitments) -> list[list[str]]:
    """The second sheet: each figure of the scorecard, its value, the upload, sheet and cell or
    column it comes from where the database has them, and how it is computed."""
    h, files = card["headline"], "; ".join(card["sources"])
    year, previous = card["year"], card["previous_year"]
    rows = [
        [
            "Chỉ số CCHC",
            h["index"],
            files,
            "",
            "",
            f"Tổng điểm {h['points']} / điểm tối đa áp dụng {h['max_points']} × 100, làm tròn nửa lên 2 chữ số thập phân",
        ],
        [
            "Tổng điểm",
            f"{h['points']} / {h['max_points']}",
            files,
            "",
            "",
            f"Tổng điểm các lĩnh vực, cộng điểm thưởng ({h['bonus']}), trừ điểm trừ ({h['penalty']})",
        ],
        [
            "Xếp hạng",
            f"{h['rank']} {h['rank_of']}",
            "",
            "",
            "",
            f"Theo chỉ số làm tròn 2 chữ số, trong nhóm {card['group']}, năm {year}; bằng chỉ số thì đồng hạng",
        ],
        ["Xếp loại", h["band"], "", "", "", f"Theo các mức xếp loại ({card['framework']})"],
    ]
    if h["previous_index"]:
        how = (
            h["no_previous"]
            or f"Năm {previous}: chỉ số {h['previous_index']}, hạng {h['previous_rank']}, «{h['previous_band']}»"
        )
        rows.append(
            [
                f"So với năm {previous}",
                "; ".join(t for t in (h["index_change"], h["rank_change"]) if t),
                "",
                "",
                "",
                how,
            ]
        )
    for f in card["fields"]:
        rows.append(
            [
                f"Lĩnh vực {f['code']}: {f['name']}",
                f"{f['points']} / {f['max']}",
                f["file"],
                f["sheet"],
                f["cells"],
                f"Tổng điểm các tiêu chí của lĩnh vực; trung vị nhóm {f['peer_pct']}"
                f" ({f['peers']} đơn vị)",
            ]
        )
    for c in card["criteria"]:
        rows.append(
            [
                f"Tiêu chí {c['code']}: {c['name']}",
                f"{c['points']} / {c['max']} (mất {c['lost']})",
                c["file"],
                c["sheet"],
                c["cell"],
                "Điểm điều tra xã hội học: trung bình các phiếu"
                if c["cell"].startswith("cột ")
                else "Điểm thẩm định",
            ]
        )
    for reason in card["flags"]:
        rows.append(["Cảnh báo", reason, "", "", "", "Theo quy tắc cảnh báo của bộ chỉ số"])
    for r in commitments.to_dict("records"):
        where, note = _commitment_source(r)
        kind = "Kế hoạch khắc phục" if r["kind"] == "remediation" else "Nhiệm vụ đột phá"
        rows.append(
            [
                f"{kind}: {r['title']}",
                f"{r['status_name']}, {vn_number(float(r['percent_done']), 0)} %",
                where,
                "",
                "",
                note,
            ]
        )
    return rows


def pdf(
    con: duckdb.DuckDBPyConnection, unit_code: str, year: int, as_of: dt.date | None = None
) -> bytes:
    return typeset.pdf("scorecard", data(con, unit_code, year, as_of))


def xlsx(
    con: duckdb.DuckDBPyConnection, unit_code: str, year: int, as_of: dt.date | None = None
) -> bytes:
    return workbook(data(con, unit_code, year, as_of))


def file_name(unit_code: str, fmt: str) -> str:
    """A file name from a unit code: characters a file system might refuse become _."""
    return re.sub(r"[^0-9A-Za-z._-]", "_", unit_code) + f".{fmt}"


def write(
    con: duckdb.DuckDBPyConnection,
    unit_code: str,
    year: int,
    out: Path,
    as_of: dt.date | None = None,
) -> str:
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InvalidInput([Problem(f"Tệp «{out.name}»: phiếu điểm ghi ra .pdf hoặc .xlsx")])
    made = (pdf if fmt == "pdf" else xlsx)(con, unit_code, year, as_of)
    out.write_bytes(made)
    return f"Đã ghi phiếu điểm năm {year} của đơn vị {unit_code} vào {out}"


def write_all(
    con: duckdb.DuckDBPyConnection,
    year: int,
    out_dir: Path,
    fmt: str = "pdf",
    as_of: dt.date | None = None,
    group: str | None = None,
) -> str:
    """One file per ranked unit of the year (optionally one kind or group) in `out_dir`."""
    from pipelines import reads

    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInput([Problem(f"«{out_dir}» là một tệp: với --all, --out là thư mục")])
    codes = reads.ranking(con, year, group)["unit_code"].tolist()
    if not codes:
        raise InvalidInput(
            [Problem(f"Năm {year} chưa có đơn vị nào được chấm điểm: không có phiếu điểm để ghi.")]
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    make = pdf if fmt == "pdf" else xlsx
    as_of = as_of or dt.date.today()
    for code in codes:
        (out_dir / file_name(code, fmt)).write_bytes(make(con, code, year, as_of))
    return f"Đã ghi {vn_number(len(codes), 0)} phiếu điểm năm {year} (.{fmt}) vào {out_dir}"


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
