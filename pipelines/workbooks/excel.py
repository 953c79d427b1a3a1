"""The ranked table as the office publishes it: an .xlsx annex for the official decision
(national-motto header, Times New Roman, A4 landscape, header rows repeated) and CSV."""

import csv
import io
from pathlib import Path

import duckdb
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format

from pipelines import frameworks, reads, wording
from pipelines.workbooks import annex
from pipelines.workbooks.issuing_body import BLANK

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FONT = "Times New Roman"


def _field_codes(table: pd.DataFrame) -> list[str]:
    codes: list[str] = []
    for fields in table["fields"]:
        codes.extend(c for c in fields if c not in codes)
    return codes


def workbook(target: Path | io.BytesIO) -> xlsxwriter.Workbook:
    """Every workbook we write: text stays text (a unit or file named «=HYPERLINK(…)» or «+1» is
    not made a formula, a link or a number), in Times New Roman; `target`: a path or a BytesIO."""
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    if isinstance(target, io.BytesIO):
        options["in_memory"] = True
    wb = xlsxwriter.Workbook(target if isinstance(target, io.BytesIO) else str(target), options)
    wb.formats[0].set_font_name(FONT)
    return wb


def ranking_rows(table: pd.DataFrame) -> tuple[list[str], list[list]]:
    codes = _field_codes(table)
    header = [
        "Xếp hạng",
        "Mã đơn vị",
        "Đơn vị",
        "Nhóm xếp hạng",
        *[f"Lĩnh vực {c}" for c in codes],
        "Tổng điểm",
        "Điểm tối đa",
        "Chỉ số (%)",
        "Xếp loại",
        "Thay đổi điểm",
        "Thay đổi hạng",
        "Thay đổi chỉ số (điểm %)",
        "Ghi chú so sánh",
        "Đồng hạng",
        "Phải có kế hoạch khắc phục",
    ]
    rows = [
        [
            int(r.rank),
            r.unit_code,
            r.unit_name,
            r.rank_group_sheet,
            *[annex.figure(r.fields.get(c)) for c in codes],
            annex.figure(r.points),
            annex.figure(r.max_points),
            annex.figure(r.index_pct),
            r.band_name,
            annex.figure(r.points_change),
            None if pd.isna(r.rank_change) else int(r.rank_change),
            annex.figure(r.index_change),
            wording.change_note(r) or "",
            "Có" if r.is_tied else "",
            "Có" if r.plan_required else "",
        ]
        for r in table.itertuples()
    ]
    return header, rows


def flag_rows(table: pd.DataFrame) -> tuple[list[str], list[list]]:
    header = [
        "Mã đơn vị",
        "Đơn vị",
        "Xếp hạng",
        "Chỉ số (%)",
        "Xếp loại",
        "Lý do",
        "Phải có kế hoạch",
        "Hạn nộp",
    ]
    rows = [
        [
            r.unit_code,
            r.unit_name,
            int(r.rank),
            annex.figure(r.index_pct),
            r.band_name,
            "; ".join(r.reasons),
            "Có" if r.plan_required else "",
            "" if pd.isna(r.plan_due_date) else f"{pd.Timestamp(r.plan_due_date):%d/%m/%Y}",
        ]
        for r in table.itertuples()
    ]
    return header, rows


def neutralise(value: object) -> object:
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


def write_ranking(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None, out: Path
) -> list[str]:
    """The ranking into `out` (.csv, .docx, else .xlsx); what the annex leaves blank, to say."""
    table = reads.ranking(con, year, group)
    if out.suffix.lower() == ".csv":
        out.write_bytes(ranking_csv_bytes(table))
        return []
    paper = annex.build(con, year, table=table)
    if out.suffix.lower() == ".docx":
        from pipelines.workbooks import annex_docx

        out.write_bytes(annex_docx.docx_bytes(paper))
    else:
        out.write_bytes(annex_xlsx_bytes(con, paper))
    return paper.warnings


def ranking_xlsx_bytes(con: duckdb.DuckDBPyConnection, year: int, table: pd.DataFrame) -> bytes:
    return annex_xlsx_bytes(con, annex.build(con, year, table=table))


def ranking_docx_bytes(con: duckdb.DuckDBPyConnection, year: int, table: pd.DataFrame) -> bytes:
    from pipelines.workbooks import annex_docx

    return annex_docx.docx_bytes(annex.build(con, year, table=table))


def annex_xlsx_bytes(con: duckdb.DuckDBPyConnection, paper: annex.Annex) -> bytes:
    buffer = io.BytesIO()
    wb = workbook(buffer)
    fmt = formats(wb)
    if not paper.parts:
        wb.add_worksheet("Xếp hạng").write(0, 0, f"Chưa có điểm năm {paper.year}", fmt["text"])
    for part in paper.parts:
        _ranking_sheet(wb, fmt, paper, part)
    _method_sheet(wb, fmt, con, paper.framework_codes)
    wb.close()
    return buffer.getvalue()


# Figures with a decimal comma whatever the reader's locale ([$-42A]: Vietnamese), as printed.
POINTS = "[$-42A]0.00"
CHANGE = "[$-42A]+0.00;-0.00;0.00"
RANK_CHANGE = '"↑"0;"↓"0;"="'
LINE = 15.75  # points per line of 12 pt text


DRAFT_COLOUR = "#C00000"


def draft_format(wb: xlsxwriter.Workbook) -> Format:
    """How every workbook of a draft year writes «DỰ THẢO …» at its top: bold, red."""
    return wb.add_format(
        {
            "font_name": FONT,
            "font_size": 13,
            "bold": True,
            "font_color": DRAFT_COLOUR,
            "align": "center",
        }
    )


def formats(wb: xlsxwriter.Workbook) -> dict[str, Format]:
    def f(**kw):
        return wb.add_format({"font_name": FONT, "font_size": 12, **kw})

    cell = {"border": 1, "valign": "vcenter"}
    kinds = {
        "rank": {"align": "center", "num_format": "0"},
        "text": {"text_wrap": True},
        "points": {"num_format": POINTS},
        "points_change": {"align": "center", "num_format": CHANGE},
        "rank_change": {"align": "center", "num_format": RANK_CHANGE},
    }
    flag = {"bg_color": "#FCE4D6"}
    return {
        "parent": f(align="center"),
        "org": f(bold=True, align="center"),
        "org_line": f(bold=True, align="center", underline=1),
        "motto": f(bold=True, font_size=13, align="center"),
        "motto_line": f(bold=True, font_size=13, align="center", underline=1),
        "date": f(italic=True, font_size=13, align="center"),
        "title": f(bold=True, font_size=14, align="center", valign="vcenter", text_wrap=True),
        "subtitle": f(italic=True, align="center", text_wrap=True),
        "head": f(
            bold=True,
            align="center",
            valign="vcenter",
            text_wrap=True,
            bg_color="#D9E1F2",
            border=1,
        ),
        **{kind: f(**cell, **spec) for kind, spec in kinds.items()},
        **{"flag_" + kind: f(**cell, **spec, **flag) for kind, spec in kinds.items()},
        "center": f(**cell, align="center"),
        "note": f(italic=True, font_size=11, text_wrap=True, valign="top"),
        "to": f(bold=True, italic=True),
        "to_line": f(font_size=11),
        "sign": f(bold=True, font_size=13, align="center"),
        "plain": f(),
        "bold": f(bold=True),
        "draft": draft_format(wb),
    }


def _ranking_sheet(wb, fmt, paper: annex.Annex, part: annex.Part) -> None:
    ws = wb.add_worksheet(part.sheet)
    body, columns = paper.body, part.columns
    last = len(columns) - 1
    split = max(2, len(columns) // 2 - 1)
    left = (body.parent.upper(), body.name.upper()) if body.parent else (body.name.upper(), "")
    ws.merge_range(0, 0, 0, split - 1, left[0], fmt["parent" if body.parent else "org_line"])
    ws.merge_range(1, 0, 1, split - 1, left[1], fmt["org_line"] if body.parent else fmt["plain"])
    ws.merge_range(0, split, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fmt["motto"])
    ws.merge_range(1, split, 1, last, "Độc lập - Tự do - Hạnh phúc", fmt["motto_line"])
    ws.merge_range(2, split, 2, last, body.date_line(paper.year + 1), fmt["date"])
    if paper.draft:
        ws.merge_range(3, 0, 3, last, paper.draft, fmt["draft"])
    ws.merge_range(4, 0, 4, last, part.title, fmt["title"])
    ws.merge_range(5, 0, 5, last, body.attached_to(), fmt["subtitle"])
    ws.set_row(4, 2 * LINE + 4)
    ws.set_row(5, LINE * annex.lines(body.attached_to(), sum(c.width for c in columns) * 0.9))
    head, sub = 7, 8
    c = 0
    while c <= last:  # a group title over its columns, else one title over both header rows
        group = columns[c].group
        span = (
            next((j for j in range(c, last + 1) if columns[j].group != group), last + 1) - c
            if group
            else 1
        )
        if group:
            (
                ws.merge_range(head, c, head, c + span - 1, group, fmt["head"])
                if span > 1
                else ws.write(head, c, group, fmt["head"])
            )
            for j in range(c, c + span):
                ws.write(sub, j, columns[j].title, fmt["head"])
        else:
            ws.merge_range(head, c, sub, c, columns[c].title, fmt["head"])
        c += span
    ws.set_row(
        head,
        LINE * max(annex.lines(col.title, col.width) for col in columns if not col.group) / 2 + 2,
    )
    ws.set_row(
        sub, LINE * max(annex.lines(col.title, col.width) for col in columns if col.group) + 2
    )
    for i, (values, flagged) in enumerate(zip(part.rows, part.flagged)):
        row = sub + 1 + i
        p = "flag_" if flagged else ""
        for j, (col, value) in enumerate(zip(columns, values)):
            style = fmt[p + col.kind]
            if value is None or value == "":
                ws.write_blank(row, j, None, style)
            elif isinstance(value, str):
                ws.write_string(row, j, value, style)
            else:
                ws.write_number(row, j, value, style)
        height = max(
            annex.lines(v, col.width) for col, v in zip(columns, values) if col.kind == "text" and v
        )
        ws.set_row(row, LINE * height + 1)
    end = sub + 1 + len(part.rows)
    ws.merge_range(end + 1, 0, end + 1, last, paper.note, fmt["note"])
    ws.set_row(end + 1, 14 * annex.lines(paper.note, sum(col.width for col in columns) * 1.05))
    _signature(ws, fmt, body, end + 3, split, last)
    for j, col in enumerate(columns):
        ws.set_column(j, j, col.width)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.repeat_rows(head, sub)
    ws.fit_to_pages(1, 0)
    ws.set_footer(f'&C&"{FONT}"Trang &P/&N')
    ws.freeze_panes(sub + 1, 2)


def _signature(ws, fmt, body, row: int, split: int, last: int) -> None:
    """«Nơi nhận» on the left, the signer's authority, title and name on the right."""
    ws.write(row, 0, "Nơi nhận:", fmt["to"])
    for i, to in enumerate(body.recipients):
        ws.write(
            row + 1 + i, 0, f"- {to}{'.' if i == len(body.recipients) - 1 else ';'}", fmt["to_line"]
        )
    lines = body.signature()
    for i, text in enumerate(lines):
        ws.merge_range(row + i, split, row + i, last, text, fmt["sign"])
    name_row = row + len(lines) + 4
    ws.merge_range(name_row, split, name_row, last, body.signer_name or BLANK, fmt["sign"])


METHOD_WIDTH = 8 + 70 + 2 * 13


def _method_sheet(wb, fmt, con, framework_codes) -> None:
    ws = wb.add_worksheet("Bộ chỉ số và phương pháp")
    row = 0
    for code in framework_codes:
        fw = frameworks.fetch(con, code)
        example = fw.is_example and "VÍ DỤ" not in fw.name
        ws.write(
            row,
            0,
            fw.name + (" — VÍ DỤ, không phải văn bản chính thức" if example else ""),
            fmt["bold"],
        )
        row += 1
        ws.write(row, 0, f"Áp dụng năm {fw.year_from}–{fw.year_to}", fmt["plain"])
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
            ws.write(row, 1, f"{band['name']}: từ {annex.short(band['min_pct'])} %", fmt["plain"])
            row += 1
        row += 1
        ws.write(row, 0, "Phương pháp", fmt["bold"])
        ws.merge_range(row + 1, 0, row + 1, 3, fw.method, fmt["note"])
        ws.set_row(row + 1, 14 * annex.lines(fw.method, METHOD_WIDTH * 1.05))
        row += 3
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 70)
    ws.set_column(2, 3, 13)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def follow_up_workbook(out: Path | io.BytesIO) -> tuple[xlsxwriter.Workbook, dict[str, Format]]:
    """A workbook for the follow-up (template, digest), `out` a path or a BytesIO, with its formats."""
    wb = workbook(out)
    formats = {
        "head": wb.add_format(
            {"bold": True, "font_name": FONT, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
        ),
        "text": wb.add_format({"font_name": FONT}),
        "date": wb.add_format({"font_name": FONT, "num_format": "dd/mm/yyyy"}),
        "title": wb.add_format({"font_name": FONT, "bold": True, "font_size": 14}),
    }
    return wb, formats
