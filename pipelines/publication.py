"""Publication: a year's results are a draft until Nội vụ publishes them by a decision
(meta.publications, marts.year_publication). Visitors who have not logged in see only published
years, or nothing (meta.settings `visitors`, one of ref.visitor_modes); every paper of a draft year
says «DỰ THẢO» (`mark`). A published year's results show the year before (its points and ranks,
the predecessors' of a merged unit), so a year is published only after the year before, and
withdrawn only before the year after: a visitor never sees a draft year's figure that way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipelines import audit, db, reads
from pipelines.problems import InvalidInput, Problem
from pipelines.text import clean, to_date

if TYPE_CHECKING:
    import duckdb

DRAFT = "DỰ THẢO"
VISITORS = "visitors"  # the meta.settings key


def is_draft(con: duckdb.DuckDBPyConnection, year: int) -> bool:
    return year not in reads.years(con, drafts=False)


def mark(con: duckdb.DuckDBPyConnection, year: int) -> str | None:
    """What a paper or page of `year` says at its top while the year is a draft; None once published."""
    if not is_draft(con, year):
        return None
    return f"{DRAFT} — kết quả năm {year} chưa được công bố, chưa dùng chính thức"


def state_line(row: object) -> str:
    """«Đã công bố theo QĐ số 125/QĐ-UBND ngày 15/01/2026» or «Dự thảo» (with the last withdrawal)."""
    if row.is_published:
        return f"Đã công bố theo QĐ số {row.decision_number} ngày {row.decision_date:%d/%m/%Y}"
    if row.last_unpublished_reason is not None:
        return (
            f"Dự thảo (đã thu hồi công bố ngày {row.last_unpublished_at:%d/%m/%Y}:"
            f" {row.last_unpublished_reason})"
        )
    return "Dự thảo"


def publish(
    con: duckdb.DuckDBPyConnection,
    year: int,
    decision_number: str,
    decision_date: object,
    who: str,
    client: str = audit.CLI,
) -> str:
    """Publish `year` by decision `decision_number` of `decision_date` (a date, or dd/mm/yyyy); a
    sentence saying what was done. One transaction with its line in the audit log."""
    number, day = clean(decision_number), to_date(decision_date)
    problems = []
    if not number:
        problems.append(Problem("Thiếu số quyết định công bố, ví dụ 125/QĐ-UBND"))
    if day is None:
        problems.append(
            Problem(
                f"Ngày quyết định «{clean(decision_date)}» không hợp lệ: ghi dd/mm/yyyy, ví dụ 15/01/{year + 1}"
            )
        )
    row, before = _year(con, year), _year(con, year - 1)
    if row is None or not row.has_scores:
        problems.append(Problem(f"Năm {year} chưa có điểm nào để công bố"))
    elif row.is_published:
        problems.append(
            Problem(
                f"Năm {year} đã công bố theo QĐ số {row.decision_number} ngày {row.decision_date:%d/%m/%Y};"
                " muốn công bố lại thì thu hồi công bố trước"
            )
        )
    elif before is not None and before.has_scores and not before.is_published:
        # a year's results show the year before's points and ranks: those would be seen before their time
        problems.append(
            Problem(
                f"Năm {year - 1} chưa công bố, mà kết quả năm {year} so sánh với năm {year - 1}"
                f" (điểm, hạng năm trước): hãy công bố năm {year - 1} trước"
            )
        )
    if problems:
        raise InvalidInput(problems)
    with db.write(con):
        con.execute(
            "insert into meta.publications (year, decision_number, decision_date, published_by)"
            " values (?, ?, ?, ?)",
            [year, number, day, who],
        )
        said = f"Đã công bố kết quả năm {year} theo Quyết định số {number} ngày {day:%d/%m/%Y}"
        audit.record(con, who, "publish", said, client)
    return said


def unpublish(
    con: duckdb.DuckDBPyConnection, year: int, reason: str, who: str, client: str = audit.CLI
) -> str:
    """Withdraw `year`'s publication (it is a draft again), with a reason; the history is kept."""
    reason = clean(reason)
    row = _year(con, year)
    if row is None or not row.is_published:
        raise InvalidInput([Problem(f"Năm {year} chưa được công bố, không có gì để thu hồi")])
    if not reason:
        raise InvalidInput([Problem("Phải ghi lý do thu hồi công bố")])
    after = _year(con, year + 1)
    if after is not None and after.is_published:
        raise InvalidInput(
            [
                Problem(
                    f"Năm {year + 1} đang công bố và so sánh với năm {year} (điểm, hạng năm trước):"
                    f" hãy thu hồi công bố năm {year + 1} trước"
                )
            ]
        )
    with db.write(con):
        con.execute(
            "update meta.publications set unpublished_reason = ?, unpublished_by = ?,"
            " unpublished_at = current_timestamp where year = ? and unpublished_at is null",
            [reason, who, year],
        )
        said = (
            f"Đã thu hồi công bố kết quả năm {year} (QĐ số {row.decision_number}); lý do: {reason}"
        )
        audit.record(con, who, "unpublish", said, client)
    return said


def _year(con: duckdb.DuckDBPyConnection, year: int):
    table = reads.publications(con)
    rows = list(table[table["year"] == year].itertuples())
    return rows[0] if rows else None


def visitor_modes(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """mode -> label, in order (ref.visitor_modes)."""
    return dict(
        con.execute("select mode, label from ref.visitor_modes order by sort_order").fetchall()
    )


def visitors(con: duckdb.DuckDBPyConnection) -> tuple[str, bool]:
    """What visitors see: the mode set in meta.settings, else ref.visitor_modes' default, and
    whether it shows them the published years."""
    return con.execute(
        "select mode, sees_published from ref.visitor_modes"
        " where mode = coalesce((select value from meta.settings where key = ?),"
        " (select mode from ref.visitor_modes where is_default))",
        [VISITORS],
    ).fetchone()


def set_visitors(
    con: duckdb.DuckDBPyConnection, mode: str, who: str, client: str = audit.CLI
) -> str:
    modes = visitor_modes(con)
    if mode not in modes:
        raise InvalidInput(
            [
                Problem(
                    f"Không có chế độ «{mode}». Các chế độ: "
                    + "; ".join(f"{m} ({label})" for m, label in modes.items())
                )
            ]
        )
    with db.write(con):
        con.execute("delete from meta.settings where key = ?", [VISITORS])
        con.execute("insert into meta.settings values (?, ?)", [VISITORS, mode])
        said = f"Người xem chưa đăng nhập: {modes[mode]}"
        audit.record(con, who, "settings", said, client)
    return said


def visible_years(con: duckdb.DuckDBPyConnection, drafts: bool) -> list[int]:
    """The years a reader may see, newest first: all scored years with `drafts` (a login), else
    the published ones, or none when visitors are set to see nothing."""
    if not drafts and not visitors(con)[1]:
        return []
    return reads.years(con, drafts)
