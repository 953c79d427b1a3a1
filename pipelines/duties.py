"""The calendar Nội vụ runs the year on: every dated duty of a year's follow-up (plans, breakthrough
tasks, periodic reports, Nội vụ's summary, the Monday overdue list), who owes it, who delivered,
who is late; and recording a periodic report received. The rules are in sql/marts/year_duties.sql
and sql/queries/duties_at.sql; this module only words them, the same for the page, the CLI and the
Monday digest."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pipelines import reads
from pipelines.problems import InvalidInput, Problem
from pipelines.text import fold, vn_number

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

REPORT_DUTIES = ("unit_report", "summary")


def monday(day: dt.date) -> dt.date:
    """The Monday of the week a day falls in (the Monday digest it belongs to)."""
    return day - dt.timedelta(days=day.weekday())


def monday_line(day: dt.date) -> str:
    return f"thứ Hai, ngày {monday(day):%d/%m/%Y}"


def default_year(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> int | None:
    """The results year whose follow-up a date falls in (the year before it), or the latest year
    with scores or commitments before that; None when there is neither."""
    years = [
        y
        for (y,) in con.execute(
            "select year from marts.unit_year_ranking union select year from staging.stg_commitments"
            " order by year"
        ).fetchall()
    ]
    earlier = [y for y in years if y < as_of.year]
    return earlier[-1] if earlier else (years[0] if years else None)


def _day(x) -> dt.date | None:
    import pandas as pd

    return None if x is None or pd.isna(x) else pd.Timestamp(x).date()


def days(n: int) -> str:
    return f"{vn_number(n, 0)} ngày"


def when_due(due: dt.date, as_of: dt.date) -> str:
    """Days left until a due date, or past it, as of a date."""
    if due == as_of:
        return "hạn hôm nay"
    return (
        f"còn {days((due - as_of).days)}"
        if due > as_of
        else f"đã qua hạn {days((as_of - due).days)}"
    )


def delivery(
    delivered: dt.date | None, due: dt.date | None, as_of: dt.date, word: str = "nộp"
) -> str:
    """«nộp 08/04/2026», «nộp muộn 11 ngày (21/04/2026)», «chưa nộp — quá hạn 5 ngày», «chưa nộp — còn 3 ngày»."""
    delivered, due = _day(delivered), _day(due)
    if delivered is not None and delivered <= as_of:
        late = (delivered - due).days
        return (
            f"{word} muộn {days(late)} ({delivered:%d/%m/%Y})"
            if late > 0
            else f"{word} {delivered:%d/%m/%Y}"
        )
    if due < as_of:
        return f"chưa {word} — quá hạn {days((as_of - due).days)}"
    return f"chưa {word} — {when_due(due, as_of)}"


def summary(
    con: duckdb.DuckDBPyConnection,
    year: int,
    as_of: dt.date,
    group: str | None = None,
    table: pd.DataFrame | None = None,
    overdue_tasks: int | None = None,
) -> list[dict]:
    """The calendar: one line per dated duty (and period), in date order, with how many owe it,
    have delivered (of them late), are missing past the due date, and the days left or overdue;
    the Monday overdue list last."""
    table = reads.duties_at(con, year, as_of, group) if table is None else table
    rows = []
    for (duty, period, due), g in table.groupby(["duty", "period", "due_date"], sort=False):
        first = g.iloc[0]
        due = _day(due)
        is_noi_vu = duty == "summary"
        rows.append(
            {
                "duty": duty,
                "period": period,
                "due": due,
                "duty_name": first.duty_name,
                "period_name": "" if period == "year" else first.period_name,
                "owner": first.owner_name,
                "owed": len(g),
                "delivered": int(g["is_delivered"].sum()),
                "delivered_late": int((g["is_delivered"] & g["is_late"]).sum()),
                "missing": int(g["is_missing"].sum()),
                "when": (
                    delivery(first.delivered_date, due, as_of)
                    if is_noi_vu
                    else when_due(due, as_of)
                ),
            }
        )
    rows.sort(key=lambda r: (r["due"], r["duty"]))
    if overdue_tasks is None:
        tasks = reads.commitment_status_at(con, as_of, year, group)
        overdue_tasks = int(tasks["is_overdue"].sum())
    rows.append(
        {
            "duty": "overdue_list",
            "period": "week",
            "due": monday(as_of),
            "duty_name": "Danh sách nhiệm vụ quá hạn (thứ Hai hằng tuần)",
            "period_name": "Tuần này",
            "owner": "Nội vụ",
            "owed": overdue_tasks,
            "delivered": 0,
            "delivered_late": 0,
            "missing": 0,
            "when": f"{vn_number(overdue_tasks, 0)} nhiệm vụ quá hạn",
        }
    )
    return rows


SUMMARY_HEADER = [
    "Hạn",
    "Việc",
    "Kỳ",
    "Ai phải nộp",
    "Phải nộp",
    "Đã nộp",
    "Nộp muộn",
    "Chưa nộp, quá hạn",
    "Tình trạng",
]


def summary_rows(rows: list[dict]) -> list[list[str]]:
    """The calendar as text, the Vietnamese way (the Monday line counts tasks, not units)."""
    out = []
    for r in rows:
        weekly = r["duty"] == "overdue_list"
        counts = (
            ["", "", "", ""]
            if weekly
            else [vn_number(r[k], 0) for k in ("owed", "delivered", "delivered_late", "missing")]
        )
        out.append(
            [
                f"{r['due']:%d/%m/%Y}",
                r["duty_name"],
                r["period_name"],
                r["owner"],
                *counts,
                r["when"],
            ]
        )
    return out


def summary_records(rows: list[dict]) -> list[dict]:
    return [{**r, "due": r["due"].isoformat()} for r in rows]


def late_records(table: pd.DataFrame, as_of: dt.date) -> list[dict]:
    """The duties owed by units and missing past their due date, with the days overdue."""
    missing = table[table["is_missing"] & table["unit_code"].notna()]
    return [
        {
            "duty": r.duty,
            "duty_name": r.duty_name,
            "period": r.period,
            "period_name": "" if r.period == "year" else r.period_name,
            "unit_code": r.unit_code,
            "unit": r.unit_name,
            "due": _day(r.due_date),
            "days_late": int(r.days_late),
            "text": f"chưa nộp — quá hạn {days(int(r.days_late))}",
        }
        for r in missing.itertuples()
    ]


# ---- periodic reports received -------------------------------------------------------------------


def periods(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Reporting periods (code -> Vietnamese name) that have report dates."""
    return dict(
        con.execute(
            "select period, period_name from ref.periods where period in"
            " (select period from ref.duty_dates where duty = 'unit_report') order by sort_order"
        ).fetchall()
    )


_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


def period_code(text: str, known: dict[str, str]) -> str | None:
    """«Quý II», «quý 2», «II», «2», «Q2», «Quý II (6 tháng)» -> 'Q2'; None when not a known period."""
    words = fold(text).replace("(", " ").split()
    if words and words[0] in ("quy", "q"):
        words = words[1:]
    word = words[0] if words else ""
    if word.startswith("q") and word[1:].isdigit():
        word = word[1:]
    code = f"Q{_ROMAN.get(word, word)}"
    return code if code in known else None


def add_report(
    con: duckdb.DuckDBPyConnection,
    *,
    year: int,
    period: str,
    unit_code: str | None,
    received_date: dt.date,
    entered_by: str,
    file_name: str | None = None,
    note: str | None = None,
    upload_id: int | None = None,
) -> None:
    """Record a unit's periodic report (unit_code None: Nội vụ's summary) as received, inside the
    caller's transaction; reports are appended, never edited."""
    if period not in periods(con):
        raise InvalidInput([Problem(f"Kỳ báo cáo «{period}» không rõ")])
    con.execute(
        "insert into raw.period_reports (year, period, duty, unit_code, received_date, file_name, note, upload_id,"
        " entered_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            year,
            period,
            "unit_report" if unit_code else "summary",
            unit_code,
            received_date,
            file_name,
            note,
            upload_id,
            entered_by,
        ],
    )
