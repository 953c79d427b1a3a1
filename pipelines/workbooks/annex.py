"""The ranked annex attached to the decision (phụ lục kèm theo quyết định): what it says, once, for
the .xlsx and the .docx writers: who issues it, the title, per ranking group the columns and rows
(rank, unit, points per field, total, applicable max, index, band, index, points and rank change
against last year — a merged unit's index against its predecessors' estimated baseline — notes), and what the paper leaves blank."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipelines import publication, reads, vocabulary, wording
from pipelines.text import half_up, vn_number
from pipelines.workbooks import issuing_body

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

TIED, PLAN = "Đồng hạng", "Phải có kế hoạch khắc phục"
ESTIMATED = (
    "Ước tính: trước sáp nhập"  # a merged unit's change: against its predecessors' estimated index
)
NOTE = (
    "Ghi chú: dòng tô màu là đơn vị phải xây dựng kế hoạch khắc phục; các đơn vị có chỉ số bằng nhau"
    " (làm tròn 2 chữ số thập phân) được xếp đồng hạng; thay đổi so với năm trước tính trong cùng nhóm xếp hạng."
)


@dataclass(frozen=True)
class Column:
    title: str
    kind: str  # rank, text, points, points_change, rank_change
    width: float  # in spreadsheet character widths
    group: str = ""  # the merged header above it ('' when the title spans both header rows)


@dataclass
class Part:
    """One ranking group: one sheet of the .xlsx, one table of the .docx."""

    sheet: str
    title: str
    columns: list[Column]
    rows: list[list]
    flagged: list[bool]


@dataclass
class Annex:
    year: int
    body: issuing_body.IssuingBody
    parts: list[Part]
    framework_codes: list[str]
    warnings: list[str] = field(default_factory=list)
    note: str = NOTE
    draft: str | None = None  # «DỰ THẢO …» while the year is not published (publication.mark)


def build(
    con: duckdb.DuckDBPyConnection,
    year: int,
    group: str | None = None,
    table: pd.DataFrame | None = None,
) -> Annex:
    """The annex of `year` (one ranking group or all); `table`: the ranking already read."""
    table = reads.ranking(con, year, group) if table is None else table
    body, warnings = issuer(con, year)
    parts = [
        _part(con, year, g, p.reset_index(drop=True))
        for g, p in table.groupby("rank_group", sort=False)
    ]
    return Annex(
        year,
        body,
        parts,
        list(dict.fromkeys(table["framework_code"])),
        warnings,
        NOTE + _change_note(table, year),
        publication.mark(con, year),
    )


def _change_note(table: pd.DataFrame, year: int) -> str:
    """What the note adds when some changes are estimates, or missing."""
    said = []
    if (table["change_basis"] == "predecessors").any():
        said.append(
            f" Đơn vị hình thành sau sắp xếp: thay đổi chỉ số (điểm %) so với {wording.ESTIMATE}, là chỉ số năm"
            f" {year - 1} của các đơn vị cũ bình quân theo trọng số dân số/diện tích (nếu có), nếu không thì"
            " bình quân đều; không so sánh điểm và thứ hạng."
        )
    if (~table["change_basis"].isin(["own", "predecessors"])).any():
        said.append(
            f" Ô thay đổi để trống: không có kết quả năm {year - 1} cùng bộ chỉ số để so sánh."
        )
    return "".join(said)


def issuer(con: duckdb.DuckDBPyConnection, year: int) -> tuple[issuing_body.IssuingBody, list[str]]:
    """Who issues the annex of `year`, and what it leaves blank (to say before anyone downloads it)."""
    body, late = issuing_body.for_year(issuing_body.read(con), year)
    return body, [w for w in (issuing_body.missing_warning(body), late) if w]


def _part(con, year: int, group: str, table: pd.DataFrame) -> Part:
    import pandas as pd

    whom, sheet = group_titles(table)
    fields = reads.field_columns(con, year, group)
    maxima = dict(zip(fields["field_code"], fields["framework_max_points"]))
    codes = list(dict.fromkeys(c for f in table["fields"] for c in f))
    scored = "Điểm đạt theo lĩnh vực (điểm tối đa)"
    changed = "So với năm trước"
    notes = [
        "; ".join(
            n
            for n, on in (
                (TIED, r.is_tied),
                (PLAN, r.plan_required),
                (
                    f"{ESTIMATED} {vn_number(r.previous_index_pct)}\u00a0%",
                    r.change_basis == "predecessors",
                ),
            )
            if on
        )
        for r in table.itertuples()
    ]
    columns = [
        Column("Xếp hạng", "rank", 6.5),
        Column("Đơn vị", "text", _fit(table["unit_name"], 18, 34)),
        *[Column(f"LV {c}\n({short(maxima.get(c))})", "points", 7, scored) for c in codes],
        Column("Tổng điểm", "points", 8.5),
        Column("Điểm tối đa áp dụng", "points", 8.5),
        Column("Chỉ số CCHC (%)", "points", 8.5),
        Column("Xếp loại", "text", _fit(table["band_name"], 10, 30)),
        Column("Chỉ số (điểm %)", "points_change", 8, changed),
        Column("Điểm", "points_change", 8, changed),
        Column("Hạng", "rank_change", 7, changed),
        Column(
            "Ghi chú",
            "text",
            _fit(notes, 9, 18 if (table["change_basis"] == "predecessors").any() else 16),
        ),
    ]
    rows = [
        [
            int(r.rank),
            r.unit_name,
            *[figure(r.fields.get(c)) for c in codes],
            figure(r.points),
            figure(r.max_points),
            r.index_pct,
            r.band_name or "",
            None if pd.isna(r.index_change) else float(r.index_change),
            figure(r.points_change),
            None if pd.isna(r.rank_change) else int(r.rank_change),
            note,
        ]
        for r, note in zip(table.itertuples(), notes)
    ]
    title = f"KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year} CỦA {whom.upper()}"
    return Part(
        f"Xếp hạng {sheet}"[:31], title, columns, rows, [bool(v) for v in table["plan_required"]]
    )


def group_titles(part: pd.DataFrame) -> tuple[str, str]:
    """Whom one ranking group's rows rank («các xã, phường, đặc khu») and its sheet («Cấp xã»), as
    the rows carry them (ref.rank_groups); a group without a name is called by its code."""
    first = part.iloc[0]
    name = first["rank_group_name"]
    if name is None or name != name:  # None or NaN
        return first["rank_group"], first["rank_group"]
    return vocabulary.plural(name), first["rank_group_sheet"]


def _fit(texts, least: float, most: float) -> float:
    """A column as wide as its longest text (one line each), within bounds: longer ones wrap."""
    longest = max((len(t) for t in texts if isinstance(t, str)), default=0)
    return float(min(most, max(least, longest + 2)))


def figure(x: float | None) -> float | None:
    """A figure as a table or file gives it: half up to 2 decimals; None for a blank. (The index
    and shares come rounded from the marts and pass through unchanged.)"""
    import pandas as pd

    return None if x is None or pd.isna(x) else half_up(float(x))


def short(x: float | None) -> str:
    """A max as the header writes it: 9, 7,5."""
    return "" if x is None or x != x else f"{x:g}".replace(".", ",")


def lines(text: str, width: float) -> int:
    """How many lines `text` takes in a wrapped cell `width` characters wide (at 12 pt Times, about
    one character per width unit, less a margin), breaking at spaces as a spreadsheet does."""
    per_line = max(1, int(width * 1.05) - 1)
    count = 0
    for paragraph in str(text).split("\n"):
        n, used = 1, 0
        for word in paragraph.split():
            need = len(word) + (1 if used else 0)
            if used and used + need > per_line:
                n, used = n + 1, len(word)
            else:
                used += need
        count += n
    return count
