"""Commitments and progress updates in and out of Excel: the template (`cchc template tasks`),
loading a filled one (`cchc tasks load`, all or nothing, every problem with its cell), and the
Monday digest of overdue tasks and missing plans (`cchc digest`)."""

import datetime as dt
import hashlib
from pathlib import Path

import duckdb

from pipelines import commitments, db
from pipelines import exports
from pipelines.exports import FONT
from pipelines.problems import InvalidInput, Problem, in_reading_order
from pipelines.text import cell_name, clean, fold, to_date, to_number
from pipelines.units import UnitIndex
from pipelines.workbook import is_blank, read_sheets

TASK_COLUMNS = ("Mã (để trống: tự đặt)", "Đơn vị", "Năm kết quả", "Loại (đột phá / khắc phục)", "Nội dung", "Mô tả",
                "Lĩnh vực", "Tiêu chí", "Chỉ tiêu", "Ngày bắt đầu", "Hạn hoàn thành", "Người chịu trách nhiệm",
                "Số văn bản", "Ngày văn bản")
UPDATE_COLUMNS = ("Mã cam kết", "Nội dung (để đối chiếu)", "Ngày", "Tình trạng", "% hoàn thành", "Ghi chú", "Minh chứng")
KIND_WORDS = {"dot pha": "breakthrough", "khac phuc": "remediation", "ke hoach khac phuc": "remediation"}
STATUS_WORDS = {fold(name): code for code, name in commitments.STATUSES.items()}


def load(con: duckdb.DuckDBPyConnection, path: Path, uploaded_by: str, display_name: str | None = None) -> str:
    name = display_name or Path(path).name
    sheets = {fold(s.name): s for s in read_sheets(path, name)}
    tasks, updates = sheets.get("cam ket"), sheets.get("tien do")
    if tasks is None and updates is None:
        raise InvalidInput([Problem("Không có trang tính «Cam kết» hay «Tiến độ» (xem `cchc template tasks`)", name)])
    problems: list[Problem] = []
    existing = {c for (c,) in con.execute("select commitment_code from raw.commitments").fetchall()}
    new_tasks = _read_tasks(con, tasks, existing, problems) if tasks else []
    known = existing | {t["commitment_code"] for t in new_tasks if t["commitment_code"]}
    new_updates = _read_updates(updates, known, problems) if updates else []
    if problems:
        raise InvalidInput(in_reading_order(problems, [s.name for s in sheets.values()]))
    with db.write(con):
        (upload_id,) = con.execute(
            "insert into meta.uploads (file_name, sha256, upload_kind, row_count, uploaded_by)"
            " values (?, ?, 'commitments', ?, ?) returning upload_id",
            [name, hashlib.sha256(Path(path).read_bytes()).hexdigest(), len(new_tasks) + len(new_updates), uploaded_by],
        ).fetchone()
        for task in new_tasks:
            commitments.add_commitment(con, **task, created_by=uploaded_by, upload_id=upload_id)
        for update in new_updates:
            commitments.add_update(con, **update, entered_by=uploaded_by, upload_id=upload_id)
    return f"Đã nạp (lần tải #{upload_id}): {len(new_tasks)} cam kết, {len(new_updates)} lần cập nhật tiến độ"


def _read_tasks(con, sheet, existing: set[str], problems) -> list[dict]:
    out, indexes, codes = [], {}, set()

    def bad(message, r, c):
        problems.append(Problem(message, sheet.name, cell_name(r, c)))

    for r, row in sheet.body():
        get = lambda c: row[c] if c < len(row) else ""  # noqa: E731
        code = clean(get(0)) or None
        if code and (code in existing or code in codes):
            bad(f"Mã cam kết {code} đã có", r, 0)
        codes.add(code)
        year = to_number(get(2))
        if year is None or year != int(year):
            bad(f"Năm kết quả «{clean(get(2))}» không hợp lệ", r, 2)
            continue
        index = indexes.setdefault(int(year), UnitIndex(con, int(year)))
        match = index.match(clean(get(1)))
        if match.unit_code is None:
            bad(match.problem, r, 1)
        kind = KIND_WORDS.get(fold(clean(get(3))))
        if kind is None:
            bad(f"Loại «{clean(get(3))}» không rõ: ghi «đột phá» hoặc «khắc phục»", r, 3)
        if not clean(get(4)):
            bad("Thiếu nội dung cam kết", r, 4)
        dates = {}
        for c, key, required in ((9, "start_date", False), (10, "due_date", True), (13, "registered_date", True)):
            dates[key] = to_date(get(c))
            if dates[key] is None and (required or not is_blank(get(c))):
                bad(f"Ngày «{clean(get(c))}» không hợp lệ (dd/mm/yyyy)" if not is_blank(get(c)) else "Thiếu ngày", r, c)
        if dates["start_date"] and dates["due_date"] and dates["due_date"] < dates["start_date"]:
            bad("Hạn hoàn thành trước ngày bắt đầu", r, 10)
        out.append({"commitment_code": code, "unit_code": match.unit_code, "year": int(year), "kind": kind,
                    "title": clean(get(4)), "description": clean(get(5)) or None, "field_code": clean(get(6)) or None,
                    "criterion_code": clean(get(7)) or None, "target": clean(get(8)) or None,
                    "responsible": clean(get(11)) or None, "document_number": clean(get(12)) or None, **dates})
    return out


def _read_updates(sheet, known: set[str], problems) -> list[dict]:
    """`known`: commitment codes already stored or registered by the same file."""
    out = []

    def bad(message, r, c):
        problems.append(Problem(message, sheet.name, cell_name(r, c)))

    for r, row in sheet.body():
        get = lambda c: row[c] if c < len(row) else ""  # noqa: E731
        if is_blank(get(2)) and is_blank(get(3)):
            continue  # a listed commitment with no news
        code = clean(get(0))
        if code not in known:
            bad(f"Không có cam kết mã «{code}»", r, 0)
        day = to_date(get(2))
        if day is None:
            bad(f"Ngày «{clean(get(2))}» không hợp lệ (dd/mm/yyyy)", r, 2)
        status = STATUS_WORDS.get(fold(clean(get(3))))
        if status is None:
            bad(f"Tình trạng «{clean(get(3))}» không rõ ({', '.join(commitments.STATUSES.values())})", r, 3)
        percent = to_number(get(4)) if not is_blank(get(4)) else None
        if not is_blank(get(4)) and (percent is None or not 0 <= percent <= 100):
            bad(f"% hoàn thành «{clean(get(4))}» phải là số từ 0 đến 100", r, 4)
        out.append({"commitment_code": code, "update_date": day, "status": status, "percent_done": percent,
                    "note": clean(get(5)) or None, "evidence_ref": clean(get(6)) or None})
    return out


def _workbook(out: Path):
    wb = exports.workbook(out)
    formats = {"head": wb.add_format({"bold": True, "font_name": FONT, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}),
               "text": wb.add_format({"font_name": FONT}),
               "date": wb.add_format({"font_name": FONT, "num_format": "dd/mm/yyyy"}),
               "title": wb.add_format({"font_name": FONT, "bold": True, "font_size": 14})}
    return wb, formats


def write_template(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    """Two sheets: commitments to register, and progress (listing the commitments already there)."""
    wb, f = _workbook(out)
    ws = wb.add_worksheet("Cam kết")
    ws.write_row(0, 0, TASK_COLUMNS, f["head"])
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 26)
    ws.set_column(4, 4, 44)
    ws.set_column(9, 13, 14, f["date"])
    ws = wb.add_worksheet("Tiến độ")
    ws.write_row(0, 0, UPDATE_COLUMNS, f["head"])
    rows = con.execute("select commitment_code, title from raw.commitments order by year desc, commitment_code").fetchall()
    for r, (code, title) in enumerate(rows, start=1):
        ws.write_row(r, 0, [code, title], f["text"])
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 50)
    ws.set_column(2, 2, 12, f["date"])
    ws.set_column(3, 6, 16)
    wb.close()


def write_digest(con: duckdb.DuckDBPyConnection, as_of: dt.date, out: Path) -> str:
    """The Monday report: overdue tasks and missing remediation plans as of a date."""
    overdue = commitments.status_at(con, as_of)
    overdue = overdue[overdue["is_overdue"]]
    years = [y for (y,) in con.execute("select distinct year from marts.unit_year_flag_summary order by year").fetchall()]
    missing = [r for y in years for r in commitments.plan_records(commitments.plans(con, y, as_of)) if r["overdue"]]
    wb, f = _workbook(out)
    ws = wb.add_worksheet("Quá hạn")
    ws.write(0, 0, f"NHIỆM VỤ QUÁ HẠN VÀ KẾ HOẠCH KHẮC PHỤC CHƯA NỘP — NGÀY {as_of:%d/%m/%Y}", f["title"])
    ws.write_row(2, 0, ["Mã", "Đơn vị", "Năm kết quả", "Loại", "Nội dung", "Hạn", "Tình trạng", "% hoàn thành", "Người chịu trách nhiệm"], f["head"])
    for r, t in enumerate(overdue.itertuples(), start=3):
        ws.write_row(r, 0, [t.commitment_code, t.unit_name, t.year, commitments.KINDS[t.kind], t.title], f["text"])
        ws.write_datetime(r, 5, dt.datetime.combine(t.due_date, dt.time()), f["date"])
        ws.write_row(r, 6, [t.status_name, t.percent_done, t.responsible or ""], f["text"])
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 26)
    ws.set_column(4, 4, 48)
    ws.set_column(5, 8, 14)
    ws.repeat_rows(2)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws = wb.add_worksheet("Kế hoạch chưa nộp")
    ws.write_row(0, 0, ["Mã đơn vị", "Đơn vị", "Năm kết quả", "Hạn nộp", "Lý do"], f["head"])
    for r, p in enumerate(missing, start=1):
        ws.write_row(r, 0, [p["unit_code"], p["unit"], p["year"]], f["text"])
        ws.write_datetime(r, 3, dt.datetime.fromisoformat(p["due"]), f["date"])
        ws.write(r, 4, "; ".join(p["reasons"]), f["text"])
    ws.set_column(1, 1, 26)
    ws.set_column(3, 3, 12)
    ws.set_column(4, 4, 50)
    wb.close()
    return f"Đã xuất {out}: {len(overdue)} nhiệm vụ quá hạn, {len(missing)} kế hoạch khắc phục chưa nộp"
