"""The audit log (meta.audit): who did what and when. Every write a user makes adds its line in
the same transaction as the write, so that the log and the data never disagree: a refused file or
a dry run rolls back and leaves no line. Read with `cchc audit` or on the page «Cài đặt»."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pipelines.problems import InvalidInput, Problem
from pipelines.text import vn_number

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

CLI = "cli"  # the client of a command run at the server's terminal
WHO_MAX = 64  # a failed login records what was typed as the name, cut to this length
HEADER = ["Thời gian", "Người", "Từ máy", "Việc", "Chi tiết"]


def record(
    con: duckdb.DuckDBPyConnection, who: str, action: str, detail: str = "", client: str = CLI
) -> None:
    """One line of the log; `action` is a key of ref.audit_actions."""
    who = who if len(who) <= WHO_MAX else who[: WHO_MAX - 1] + "…"
    con.execute(
        "insert into meta.audit (who, client, action, detail) values (?, ?, ?, ?)",
        [who, client, action, detail],
    )


def uploaded(
    con: duckdb.DuckDBPyConnection,
    who: str,
    client: str,
    upload_id: int,
    what: str,
    file_name: str,
    counts: str,
    year: int | None = None,
) -> None:
    """The line of an upload: «Bảng điểm năm 2024, tệp «a.xlsx»: 16 giá trị, 2 đơn vị (lần tải #3)»."""
    in_year = f" năm {year}" if year is not None else ""
    record(
        con,
        who,
        "upload",
        f"{what}{in_year}, tệp «{file_name}»: {counts} (lần tải #{upload_id})",
        client,
    )


def counted(n: int, what: str) -> str:
    return f"{vn_number(n, 0)} {what}"


def actions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every action the log knows, with its label."""
    return dict(
        con.execute(
            "select action, label from ref.audit_actions order by label collate vi"
        ).fetchall()
    )


def lines(
    con: duckdb.DuckDBPyConnection,
    since: dt.date,
    until: dt.date | None = None,
    action: str | None = None,
) -> pd.DataFrame:
    """The log from `since` to `until` (both days included), newest first: logged_at, who, client,
    action, action_label, detail. An unknown action is refused, naming the known ones."""
    from pipelines import reads

    if action is not None:
        known = actions(con)
        if action not in known:
            raise InvalidInput(
                [
                    Problem(
                        f"Không có việc «{action}» trong nhật ký. Các việc: "
                        + "; ".join(f"{k} ({v})" for k, v in known.items())
                    )
                ]
            )
    if until is not None and until < since:
        raise InvalidInput([Problem(f"Ngày cuối {until:%d/%m/%Y} trước ngày đầu {since:%d/%m/%Y}")])
    return reads.audit_since(con, since, until=until, action=action)


def rows(frame: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    """The log as the terminal and CSV show it: time dd/mm/yyyy HH:MM, who, client, action, detail."""
    return HEADER, [
        [when(r.logged_at), r.who, r.client, r.action_label, r.detail] for r in frame.itertuples()
    ]


def when(logged_at: dt.datetime) -> str:
    return f"{logged_at:%d/%m/%Y %H:%M}"


def records(frame: pd.DataFrame) -> list[dict]:
    return [
        {
            "time": r.logged_at.isoformat(timespec="seconds"),
            "who": r.who,
            "client": r.client,
            "action": r.action,
            "action_label": r.action_label,
            "detail": r.detail,
        }
        for r in frame.itertuples()
    ]
