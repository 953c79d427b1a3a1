"""Breakthrough tasks and remediation plans: registering a commitment, appending progress
(never editing it), and what stood on any date. Plain functions for the CLI, loaders and pages."""

import datetime as dt

import duckdb
import pandas as pd

from pipelines import vocabulary
from pipelines.problems import InvalidInput, Problem


def add_commitment(
    con: duckdb.DuckDBPyConnection,
    *,
    unit_code: str,
    year: int,
    kind: str,
    title: str,
    due_date: dt.date,
    registered_date: dt.date,
    created_by: str,
    commitment_code: str | None = None,
    description: str | None = None,
    field_code: str | None = None,
    criterion_code: str | None = None,
    target: str | None = None,
    start_date: dt.date | None = None,
    responsible: str | None = None,
    document_number: str | None = None,
    upload_id: int | None = None,
    field_codes: list[str] | None = None,
    criterion_codes: list[str] | None = None,
) -> str:
    """Register a commitment (inside the caller's transaction); returns its code. A plan may target
    several fields (`field_codes`), a task the criteria it aims at (`criterion_codes`); `field_code`
    and `criterion_code` are then the first of each."""
    if kind not in vocabulary.commitment_kinds(con):
        raise InvalidInput([Problem(f"Loại cam kết «{kind}» không rõ")])
    code = commitment_code or _next_code(con, unit_code, year)
    fields = field_codes or ([field_code] if field_code else None)
    criteria = criterion_codes or ([criterion_code] if criterion_code else None)
    con.execute(
        "insert into raw.commitments (commitment_code, unit_code, year, kind, title, description, field_code,"
        " criterion_code, target, start_date, due_date, responsible, document_number, registered_date, upload_id,"
        " created_by, field_codes, criterion_codes) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            code,
            unit_code,
            year,
            kind,
            title,
            description,
            fields[0] if fields else None,
            criteria[0] if criteria else None,
            target,
            start_date,
            due_date,
            responsible,
            document_number,
            registered_date,
            upload_id,
            created_by,
            fields,
            criteria,
        ],
    )
    return code


def _next_code(con: duckdb.DuckDBPyConnection, unit_code: str, year: int) -> str:
    (n,) = con.execute(
        "select count(*) from raw.commitments where unit_code = ? and year = ?", [unit_code, year]
    ).fetchone()
    return f"{year}-{unit_code}-{n + 1:02d}"


def add_update(
    con: duckdb.DuckDBPyConnection,
    *,
    commitment_code: str,
    update_date: dt.date,
    status: str,
    entered_by: str,
    percent_done: float | None = None,
    note: str | None = None,
    evidence_ref: str | None = None,
    upload_id: int | None = None,
) -> None:
    """Append a progress update (inside the caller's transaction); updates are never edited."""
    row = con.execute(
        "select commitment_id from raw.commitments where commitment_code = ?", [commitment_code]
    ).fetchone()
    if row is None:
        raise InvalidInput([Problem(f"Không có cam kết mã «{commitment_code}»")])
    if status not in vocabulary.commitment_statuses(con):
        raise InvalidInput([Problem(f"Trạng thái «{status}» không rõ")])
    if percent_done is not None and not 0 <= percent_done <= 100:
        raise InvalidInput([Problem(f"Tỷ lệ hoàn thành {percent_done} phải từ 0 đến 100")])
    percent = 100.0 if status == "done" and percent_done is None else percent_done
    con.execute(
        "insert into raw.commitment_updates (commitment_id, update_date, status, percent_done, note, evidence_ref,"
        " entered_by, upload_id) values (?, ?, ?, ?, ?, ?, ?, ?)",
        [row[0], update_date, status, percent, note, evidence_ref, entered_by, upload_id],
    )


def status_records(table: pd.DataFrame) -> list[dict]:
    return [
        {
            "unit": r.unit_name,
            "unit_code": r.unit_code,
            "year": int(r.year),
            "kind": r.kind,
            "title": r.title,
            "code": r.commitment_code,
            "due": pd.Timestamp(r.due_date).date().isoformat(),
            "status": r.status,
            "status_name": r.status_name,
            "percent": float(r.percent_done),
            "overdue": bool(r.is_overdue),
        }
        for r in table.itertuples()
    ]


def plan_records(table: pd.DataFrame) -> list[dict]:
    return [
        {
            "unit": r.unit_name,
            "unit_code": r.unit_code,
            "year": int(r.year),
            "reasons": list(r.short_reasons),
            "due": pd.Timestamp(r.plan_due_date).date().isoformat(),
            "received": bool(r.is_received),
            "received_date": None
            if pd.isna(r.received_date)
            else pd.Timestamp(r.received_date).date().isoformat(),
            "overdue": bool(r.is_overdue),
        }
        for r in table.itertuples()
    ]
