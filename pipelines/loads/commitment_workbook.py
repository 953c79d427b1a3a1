"""Commitments, progress updates and periodic reports received in and out of Excel: the template
(`cchc template tasks`) and loading a filled one (`cchc tasks load`, all or nothing, every problem
with its cell). The Monday digest is pipelines/digest.py."""

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import duckdb

from pipelines import audit, commitments, db, duties, frameworks, vocabulary
from pipelines.files.workbook import is_blank, read_sheets
from pipelines.loads import uploads
from pipelines.loads.unit_matching import UnitIndex
from pipelines.problems import InvalidInput, Problem, in_reading_order
from pipelines.text import cell_name, clean, fold, to_date, to_number

TASK_COLUMNS = (
    "Mã (để trống: tự đặt)",
    "Đơn vị",
    "Năm kết quả",
    "Loại (đột phá / khắc phục)",
    "Nội dung",
    "Mô tả",
    "Lĩnh vực (mã; nhiều mã cách nhau bởi dấu phẩy)",
    "Tiêu chí (mã; nhiều mã cách nhau bởi dấu phẩy)",
    "Chỉ tiêu",
    "Ngày bắt đầu",
    "Hạn hoàn thành",
    "Người chịu trách nhiệm",
    "Số văn bản",
    "Ngày văn bản",
)
REPORT_COLUMNS = (
    "Đơn vị",
    "Năm kết quả",
    "Kỳ báo cáo (quý I, II, III, IV)",
    "Ngày nhận",
    "Tên tệp hoặc ghi chú",
)
REPORT_SHEET = "Báo cáo định kỳ"
FILE_NAME = re.compile(
    r"\.(pdf|docx?|xlsx?|odt|ods|zip)$", re.I
)  # the note names the file received
UPDATE_COLUMNS = (
    "Mã cam kết",
    "Nội dung (để đối chiếu)",
    "Ngày",
    "Tình trạng",
    "% hoàn thành",
    "Ghi chú",
    "Minh chứng",
)
KIND_WORDS = {
    "dot pha": "breakthrough",
    "khac phuc": "remediation",
    "ke hoach khac phuc": "remediation",
}


def load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    uploaded_by: str,
    display_name: str | None = None,
    client: str = audit.CLI,
) -> str:
    """Check the whole file and load it, or raise InvalidInput listing every problem."""
    return store(con, check(con, path, display_name), uploaded_by, client)


@dataclass(frozen=True)
class Entries:
    """What a checked commitments workbook adds: commitments, progress updates and periodic
    reports (each the keyword arguments of its writer)."""

    tasks: list[dict]
    updates: list[dict]
    reports: list[dict]


def check(
    con: duckdb.DuckDBPyConnection, path: Path | str, display_name: str | None = None
) -> uploads.Checked[Entries]:
    """Read and check the whole workbook without writing anything; or InvalidInput listing every
    problem with its cell."""
    name = display_name or Path(path).name
    sheets = {fold(s.name): s for s in read_sheets(path, name)}
    tasks, updates, reports = (
        sheets.get("cam ket"),
        sheets.get("tien do"),
        sheets.get(fold(REPORT_SHEET)),
    )
    if tasks is None and updates is None and reports is None:
        raise InvalidInput(
            [
                Problem(
                    f"Không có trang tính «Cam kết», «Tiến độ» hay «{REPORT_SHEET}»"
                    " (xem `cchc template tasks`)",
                    name,
                )
            ]
        )
    problems: list[Problem] = []
    existing = {c for (c,) in con.execute("select commitment_code from raw.commitments").fetchall()}
    new_tasks = _read_tasks(con, tasks, existing, problems) if tasks else []
    known = existing | {t["commitment_code"] for t in new_tasks if t["commitment_code"]}
    new_updates = (
        _read_updates(vocabulary.commitment_statuses(con), updates, known, problems)
        if updates
        else []
    )
    new_reports = _read_reports(con, reports, problems) if reports else []
    if problems:
        raise InvalidInput(in_reading_order(problems, [s.name for s in sheets.values()]))
    entries = Entries(new_tasks, new_updates, new_reports)
    reported = f", {len(new_reports)} báo cáo định kỳ" if new_reports else ""
    counts = f"{len(new_tasks)} cam kết, {len(new_updates)} lần cập nhật tiến độ{reported}"
    rows = len(new_tasks) + len(new_updates) + len(new_reports)
    return uploads.Checked(
        name, uploads.file_sha256(path), rows, entries, counts, database=uploads.judged(con)
    )


def store(
    con: duckdb.DuckDBPyConnection,
    checked: uploads.Checked[Entries],
    who: str,
    client: str = audit.CLI,
) -> str:
    """Add what was checked, in one write (`who` did it, from `client`); what was loaded, in words."""
    uploads.unchanged(con, checked)
    entries, counts = checked.payload, checked.report
    with db.write(con):
        upload_id = uploads.record(
            con, "commitments", checked.file_name, checked.sha256, checked.row_count, who
        )
        for task in entries.tasks:
            commitments.add_commitment(con, **task, created_by=who, upload_id=upload_id)
        for update in entries.updates:
            commitments.add_update(con, **update, entered_by=who, upload_id=upload_id)
        for report in entries.reports:
            duties.add_report(con, **report, entered_by=who, upload_id=upload_id)
        audit.uploaded(con, who, client, upload_id, "Cam kết và tiến độ", checked.file_name, counts)
    return f"Đã nạp (lần tải #{upload_id}): {counts}"


def _cell(row: list, c: int) -> object:
    """A cell of a row read from a sheet; blank past its last value."""
    return row[c] if c < len(row) else ""


def _codes(value) -> list[str]:
    """«3, 7» or «3.2;3.4» -> codes in order, each once (a number cell 7.0 -> «7»)."""
    text = clean(value)
    if isinstance(value, float) and value == int(value):
        text = str(int(value))
    found = [c.strip() for c in text.replace(";", ",").split(",") if c.strip()]
    return list(dict.fromkeys(found))


def _framework_codes(con, framework: str) -> tuple[set[str], set[str]]:
    """A framework's field codes and all its criterion codes."""
    rows = con.execute(
        "select criterion_code, depth from ref.criteria where framework_code = ?", [framework]
    ).fetchall()
    return {c for c, d in rows if d == 1}, {c for c, _ in rows}


def _read_tasks(con, sheet, existing: set[str], problems) -> list[dict]:
    out, indexes, codes, known_codes = [], {}, set(), {}

    def bad(message, r, c):
        problems.append(Problem(message, sheet.name, cell_name(r, c)))

    for r, row in sheet.body():
        get = partial(_cell, row)
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
        for c, key, required in (
            (9, "start_date", False),
            (10, "due_date", True),
            (13, "registered_date", True),
        ):
            dates[key] = to_date(get(c))
            if dates[key] is None and (required or not is_blank(get(c))):
                bad(
                    f"Ngày «{clean(get(c))}» không hợp lệ (dd/mm/yyyy)"
                    if not is_blank(get(c))
                    else "Thiếu ngày",
                    r,
                    c,
                )
        if dates["start_date"] and dates["due_date"] and dates["due_date"] < dates["start_date"]:
            bad("Hạn hoàn thành trước ngày bắt đầu", r, 10)
        fields, criteria = _codes(get(6)), _codes(get(7))
        if (fields or criteria) and match.unit_code is not None:
            unit = index.units[match.unit_code]
            framework = frameworks.for_unit_year(con, int(year), unit.kind)
            if framework is None:
                bad(
                    f"Chưa có bộ chỉ số cho {index.kind_names.get(unit.kind, unit.kind).lower()} năm {int(year)}:"
                    " không kiểm tra được lĩnh vực, tiêu chí",
                    r,
                    6 if fields else 7,
                )
            else:
                known = known_codes.setdefault(framework, _framework_codes(con, framework))
                for c, wanted, word, codes in (
                    (6, fields, "Lĩnh vực", known[0]),
                    (7, criteria, "Tiêu chí", known[1]),
                ):
                    unknown = [w for w in wanted if w not in codes]
                    if unknown:
                        bad(
                            f"{word} {', '.join(f'«{w}»' for w in unknown)} không có trong"
                            f" {frameworks.called(frameworks.name_of(con, framework))} (năm {int(year)})",
                            r,
                            c,
                        )
        out.append(
            {
                "commitment_code": code,
                "unit_code": match.unit_code,
                "year": int(year),
                "kind": kind,
                "title": clean(get(4)),
                "description": clean(get(5)) or None,
                "field_code": fields[0] if fields else None,
                "field_codes": fields or None,
                "criterion_code": criteria[0] if criteria else None,
                "criterion_codes": criteria or None,
                "target": clean(get(8)) or None,
                "responsible": clean(get(11)) or None,
                "document_number": clean(get(12)) or None,
                **dates,
            }
        )
    return out


def _read_updates(statuses: dict[str, str], sheet, known: set[str], problems) -> list[dict]:
    """`known`: commitment codes already stored or registered by the same file."""
    out, by_word = [], {fold(name): code for code, name in statuses.items()}

    def bad(message, r, c):
        problems.append(Problem(message, sheet.name, cell_name(r, c)))

    for r, row in sheet.body():
        get = partial(_cell, row)
        if is_blank(get(2)) and is_blank(get(3)):
            continue  # a listed commitment with no news
        code = clean(get(0))
        if code not in known:
            bad(f"Không có cam kết mã «{code}»", r, 0)
        day = to_date(get(2))
        if day is None:
            bad(f"Ngày «{clean(get(2))}» không hợp lệ (dd/mm/yyyy)", r, 2)
        status = by_word.get(fold(clean(get(3))))
        if status is None:
            bad(f"Tình trạng «{clean(get(3))}» không rõ ({', '.join(statuses.values())})", r, 3)
        percent = to_number(get(4)) if not is_blank(get(4)) else None
        if not is_blank(get(4)) and (percent is None or not 0 <= percent <= 100):
            bad(f"% hoàn thành «{clean(get(4))}» phải là số từ 0 đến 100", r, 4)
        out.append(
            {
                "commitment_code": code,
                "update_date": day,
                "status": status,
                "percent_done": percent,
                "note": clean(get(5)) or None,
                "evidence_ref": clean(get(6)) or None,
            }
        )
    return out


def _read_reports(con, sheet, problems) -> list[dict]:
    """Periodic CCHC reports received: unit, results year, period, date received, file or note."""
    out, indexes, known = [], {}, duties.periods(con)

    def bad(message, r, c):
        problems.append(Problem(message, sheet.name, cell_name(r, c)))

    for r, row in sheet.body():
        get = partial(_cell, row)
        if is_blank(get(2)) and is_blank(get(3)):
            continue  # a listed unit that has not reported
        year = to_number(get(1))
        if year is None or year != int(year):
            bad(f"Năm kết quả «{clean(get(1))}» không hợp lệ", r, 1)
            continue
        index = indexes.setdefault(int(year), UnitIndex(con, int(year)))
        match = index.match(clean(get(0)))
        if match.unit_code is None:
            bad(match.problem, r, 0)
        period = duties.period_code(clean(get(2)), known)
        if period is None:
            bad(
                f"Kỳ báo cáo «{clean(get(2))}» không rõ: ghi {', '.join(f'«{n}»' for n in known.values())}",
                r,
                2,
            )
        day = to_date(get(3))
        if day is None:
            bad(
                f"Ngày «{clean(get(3))}» không hợp lệ (dd/mm/yyyy)"
                if not is_blank(get(3))
                else "Thiếu ngày nhận",
                r,
                3,
            )
        note = clean(get(4)) or None
        out.append(
            {
                "year": int(year),
                "period": period,
                "unit_code": match.unit_code,
                "received_date": day,
                "file_name": note if note and FILE_NAME.search(note) else None,
                "note": note,
            }
        )
    return out
