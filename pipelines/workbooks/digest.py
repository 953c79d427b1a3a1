"""The Monday digest (báo cáo thứ Hai) of a year's follow-up, as of a date: overdue breakthrough
tasks and plans, remediation plans and breakthrough tasks not sent, periodic reports not received
by their due date. Only units in force in the year; the same queries as the dashboard's calendar
(queries/duties_at, queries/commitment_status_at), so both count alike. As .xlsx (`cchc digest`,
the Lịch & hạn page) and the same content as a short A4 PDF typeset with Typst."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines import accounts, duties, publication, reads, vocabulary
from pipelines.problems import InvalidInput, Problem
from pipelines.text import vn_number
from pipelines.workbooks import issuing_body, typeset

if TYPE_CHECKING:
    import duckdb

LISTS = (  # (key, sheet, heading)
    ("tasks", "Quá hạn", "Nhiệm vụ quá hạn"),
    ("plans", "Kế hoạch chưa nộp", "Kế hoạch khắc phục chưa nộp (đã quá hạn)"),
    ("registrations", "Đột phá chưa đăng ký", "Đơn vị chưa đăng ký nhiệm vụ đột phá (đã quá hạn)"),
    ("reports", "Báo cáo chưa nộp", "Báo cáo CCHC định kỳ chưa nộp (đã quá hạn)"),
)


def data(
    con: duckdb.DuckDBPyConnection, year: int, as_of: dt.date, group: str | None = None
) -> dict:
    """Everything the digest says, as text ready to print."""
    table = reads.duties_at(con, year, as_of, group)
    tasks = reads.commitment_status_at(con, as_of, year, group)
    if table.empty and tasks.empty:
        raise InvalidInput(
            [
                Problem(
                    f"Chưa có đơn vị nào được đánh giá hay cam kết nào theo kết quả năm {year}:"
                    " không có gì để lập báo cáo thứ Hai."
                )
            ]
        )
    tasks = tasks[tasks["is_overdue"]]
    late = duties.late_records(table, as_of)
    body = issuing_body.read(con)
    kinds = vocabulary.commitment_kinds(con)
    scope = f"kết quả năm {year}" + (f", {_group_name(con, group)}" if group else "")
    lists = {
        "tasks": [
            {
                "code": t.commitment_code,
                "unit": t.unit_name,
                "kind": kinds[t.kind],
                "title": t.title,
                "due": f"{t.due_date:%d/%m/%Y}",
                "status": f"{t.status_name} {vn_number(t.percent_done, 0)} %",
                "late": f"quá hạn {duties.days((as_of - t.due_date.date()).days)}",
                "responsible": t.responsible or "",
            }
            for t in tasks.itertuples()
        ],
        "plans": _units(late, "plan"),
        "registrations": _units(late, "tasks"),
        "reports": _units(late, "unit_report"),
    }
    counts = {k: len(v) for k, v in lists.items()}
    return {
        "title": "BÁO CÁO THỨ HAI: VIỆC CẢI CÁCH HÀNH CHÍNH QUÁ HẠN",
        "monday": duties.monday_line(as_of),
        "as_of": f"{as_of:%d/%m/%Y}",
        "scope": scope,
        "parent": body.parent.upper(),
        "issuing_body": body.name.upper(),
        "draft": publication.mark(con, year) or "",
        "demo": "Dữ liệu mẫu của một tỉnh giả định, không phải số liệu thật."
        if accounts.is_demo(con)
        else "",
        "counts": counts,
        "count_lines": [f"{heading}: {vn_number(counts[key], 0)}" for key, _, heading in LISTS],
        "lists": lists,
        "headings": {key: heading for key, _, heading in LISTS},
        "calendar": duties.summary_rows(
            duties.summary(con, year, as_of, group, table, counts["tasks"])
        ),
        "calendar_header": duties.SUMMARY_HEADER,
    }


def _group_name(con: duckdb.DuckDBPyConnection, group: str) -> str:
    """«xã, phường, đặc khu»: the ranking group inside the scope's sentence; «phường» for a kind."""
    name = vocabulary.groups(con).get(group) or vocabulary.unit_kinds(con)[group]
    return vocabulary.in_sentence(name)


def _units(late: list[dict], duty: str) -> list[dict]:
    return [
        {
            "unit_code": r["unit_code"],
            "unit": r["unit"],
            "period": r["period_name"],
            "due": f"{r['due']:%d/%m/%Y}",
            "late": f"quá hạn {duties.days(r['days_late'])}",
        }
        for r in late
        if r["duty"] == duty
    ]


def message(d: dict) -> str:
    c = d["counts"]
    return (
        f"{d['scope'].capitalize()}, {d['monday']} (số liệu đến ngày {d['as_of']}): {vn_number(c['tasks'], 0)} nhiệm vụ"
        f" quá hạn, {vn_number(c['plans'], 0)} kế hoạch khắc phục chưa nộp, {vn_number(c['registrations'], 0)} đơn vị"
        f" chưa đăng ký nhiệm vụ đột phá, {vn_number(c['reports'], 0)} báo cáo định kỳ chưa nộp"
    )


def file_name(year: int, as_of: dt.date, ext: str) -> str:
    return f"bao_cao_thu_hai_{year}_{duties.monday(as_of):%Y%m%d}.{ext}"


def write_xlsx(
    con: duckdb.DuckDBPyConnection, year: int, as_of: dt.date, out: Path, group: str | None = None
) -> str:
    d = data(con, year, as_of, group)
    Path(out).write_bytes(_xlsx(d))
    return f"Đã xuất {out}. {message(d)}"


def xlsx(
    con: duckdb.DuckDBPyConnection, year: int, as_of: dt.date, group: str | None = None
) -> bytes:
    return _xlsx(data(con, year, as_of, group))


def pdf(
    con: duckdb.DuckDBPyConnection, year: int, as_of: dt.date, group: str | None = None
) -> bytes:
    return typeset.pdf("digest", data(con, year, as_of, group))


def write_pdf(
    con: duckdb.DuckDBPyConnection, year: int, as_of: dt.date, out: Path, group: str | None = None
) -> str:
    d = data(con, year, as_of, group)
    Path(out).write_bytes(typeset.pdf("digest", d))
    return f"Đã xuất {out}. {message(d)}"


COLUMNS = {  # sheet key -> (header, keys of a row, widths)
    "tasks": (
        [
            "Mã",
            "Đơn vị",
            "Loại",
            "Nội dung",
            "Hạn",
            "Tình trạng",
            "Quá hạn",
            "Người chịu trách nhiệm",
        ],
        ["code", "unit", "kind", "title", "due", "status", "late", "responsible"],
        [16, 28, 10, 48, 12, 22, 16, 22],
    ),
    "plans": (
        ["Mã đơn vị", "Đơn vị", "Hạn nộp", "Quá hạn"],
        ["unit_code", "unit", "due", "late"],
        [12, 30, 12, 18],
    ),
    "registrations": (
        ["Mã đơn vị", "Đơn vị", "Hạn đăng ký", "Quá hạn"],
        ["unit_code", "unit", "due", "late"],
        [12, 30, 12, 18],
    ),
    "reports": (
        ["Mã đơn vị", "Đơn vị", "Kỳ", "Hạn nộp", "Quá hạn"],
        ["unit_code", "unit", "period", "due", "late"],
        [12, 30, 18, 12, 18],
    ),
}


def _xlsx(d: dict) -> bytes:
    from pipelines.workbooks import excel
    from pipelines.workbooks.excel import FONT, draft_format

    buffer = io.BytesIO()
    wb, f = excel.follow_up_workbook(buffer)
    f["line"] = wb.add_format({"font_name": FONT, "italic": True})
    ws = wb.add_worksheet("Tóm tắt")
    ws.write(0, 0, d["title"], f["title"])
    ws.write(
        1,
        0,
        f"{d['monday'][0].upper()}{d['monday'][1:]} — số liệu đến ngày {d['as_of']}, {d['scope']}",
        f["line"],
    )
    if d["demo"]:
        ws.write(2, 0, d["demo"], f["line"])
    if d["draft"]:
        ws.write(3, 0, d["draft"], draft_format(wb))
    for r, line in enumerate(d["count_lines"], start=4):
        ws.write(r, 0, line, f["text"])
    start = 5 + len(d["count_lines"])
    ws.write_row(start, 0, d["calendar_header"], f["head"])
    for r, row in enumerate(d["calendar"], start=start + 1):
        ws.write_row(r, 0, row, f["text"])
    for c, w in enumerate([12, 40, 22, 24, 10, 10, 10, 12, 28]):
        ws.set_column(c, c, w)
    for key, sheet, heading in LISTS:
        header, keys, widths = COLUMNS[key]
        ws = wb.add_worksheet(sheet)
        ws.write(0, 0, f"{heading.upper()} — {d['monday'].upper()}", f["title"])
        ws.write(
            1,
            0,
            f"Số liệu đến ngày {d['as_of']}, {d['scope']}: {vn_number(len(d['lists'][key]), 0)}",
            f["line"],
        )
        ws.write_row(3, 0, header, f["head"])
        for r, item in enumerate(d["lists"][key], start=4):
            for c, k in enumerate(keys):
                if k == "due":
                    ws.write_datetime(r, c, dt.datetime.strptime(item[k], "%d/%m/%Y"), f["date"])
                else:
                    ws.write(r, c, item[k], f["text"])
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
        ws.repeat_rows(3)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
    wb.close()
    return buffer.getvalue()
