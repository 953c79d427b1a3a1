"""Comparisons as plain data: two years of a ranking side by side, and two units in one year.
One model (`Table`: titled columns under optional group headers, and rows of values as published)
for the page, the CLI and the exports (.xlsx in Times New Roman with decimal commas, .csv)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import publication, reads, vocabulary
from pipelines.problems import InvalidInput, Problem
from pipelines.workbooks import annex, excel
from pipelines.workbooks.annex import Column

TOP_CRITERIA = 5  # how many of each unit's largest losses the units comparison lists
NOT_APPLICABLE = "không áp dụng"
CHANGE, NOTE = "Thay đổi", "Ghi chú"
NOTHING = "(không có)"


@dataclass
class Table:
    """One table of a comparison: its title, its columns (kind: text, rank, points, points_change
    for points, pct_change for percentage points, rank_change for places) and rows."""

    title: str
    columns: list[Column]
    rows: list[list]
    sheet: str = ""

    def flat_header(self) -> list[str]:
        """Column titles on one line (CSV): «Tổng điểm năm 2024», «Thay đổi hạng», «Điểm (Xã An Bình)»."""

        def flat(c: Column) -> str:
            if not c.group:
                return c.title
            if c.group.startswith("Năm "):
                return f"{c.title} năm {c.group[4:]}"
            return f"{c.group} {c.title}" if c.group == CHANGE else f"{c.title} ({c.group})"

        return [flat(c) for c in self.columns]


def _as_is(x):
    """A figure the marts already published (the index, a field's %, their exact differences)."""
    return None if x is None or pd.isna(x) else float(x)


def _int(x):
    return None if x is None or pd.isna(x) else int(x)


def _text(x):
    return None if x is None or pd.isna(x) else str(x)


# ---- two years ---------------------------------------------------------------------------------


def years(
    con: duckdb.DuckDBPyConnection,
    year_from: int,
    year_to: int,
    group: str | None = None,
    area: str | None = None,
) -> pd.DataFrame:
    """One row per unit ranked in either year (see sql/queries/compare_years.sql)."""
    if year_from == year_to:
        raise InvalidInput([Problem(f"Hai năm so sánh phải khác nhau (cả hai đều là {year_from})")])
    return reads.compare_years(con, year_from, year_to, group=group, area=area)


def year_columns(year_from: int, year_to: int) -> list[Column]:
    per_year = [
        ("Tổng điểm", "points", 9),
        ("Chỉ số (%)", "points", 9),
        ("Xếp hạng", "rank", 8),
        ("Xếp loại", "text", 20),
    ]
    return [
        Column("Mã đơn vị", "text", 10),
        Column("Đơn vị", "text", 24),
        *[
            Column(title, kind, width, f"Năm {y}")
            for y in (year_from, year_to)
            for title, kind, width in per_year
        ],
        Column("điểm", "points_change", 9, CHANGE),
        Column("chỉ số (điểm %)", "pct_change", 10, CHANGE),
        Column("hạng", "rank_change", 7, CHANGE),
        Column(NOTE, "text", 40),
    ]


def year_tables(table: pd.DataFrame, year_from: int, year_to: int) -> list[Table]:
    """A table per ranking group: units ranked in both years first (by rank in the second year),
    then those ranked in one year only, each with its reason."""
    columns = year_columns(year_from, year_to)
    parts = []
    for _group, part in table.groupby("rank_group", sort=False):
        rows = [
            [
                r.unit_code,
                r.unit_name,
                annex.figure(r.points_from),
                _as_is(r.index_pct_from),
                _int(r.rank_from),
                _text(r.band_from),
                annex.figure(r.points_to),
                _as_is(r.index_pct_to),
                _int(r.rank_to),
                _text(r.band_to),
                annex.figure(r.points_change),
                _as_is(r.index_change),
                _int(r.rank_change),
                _text(r.note),
            ]
            for r in part.itertuples()
        ]
        whom, sheet = annex.group_titles(part)
        title = f"So sánh kết quả Chỉ số CCHC năm {year_from} và năm {year_to} của {whom}"
        parts.append(Table(title, columns, rows, sheet=f"So sánh {sheet}"[:31]))
    return parts


def one_year_table(table: pd.DataFrame, year_from: int, year_to: int) -> Table:
    """The units ranked in one of the two years only: that year's figures and why the other has none."""
    single = table[~table["in_both"]]
    rows = [
        [
            r.unit_code,
            r.unit_name,
            year_to if pd.isna(r.rank_from) else year_from,
            *(
                (
                    annex.figure(r.points_to),
                    _as_is(r.index_pct_to),
                    _int(r.rank_to),
                    _text(r.band_to),
                )
                if pd.isna(r.rank_from)
                else (
                    annex.figure(r.points_from),
                    _as_is(r.index_pct_from),
                    _int(r.rank_from),
                    _text(r.band_from),
                )
            ),
            _text(r.note),
        ]
        for r in single.itertuples()
    ]
    return Table(
        "Đơn vị chỉ được xếp hạng một trong hai năm",
        [
            Column("Mã đơn vị", "text", 10),
            Column("Đơn vị", "text", 24),
            Column("Năm được xếp hạng", "rank", 9),
            Column("Tổng điểm", "points", 9),
            Column("Chỉ số (%)", "points", 9),
            Column("Xếp hạng", "rank", 8),
            Column("Xếp loại", "text", 20),
            Column("Lý do", "text", 40),
        ],
        rows,
    )


def year_rows(table: pd.DataFrame, year_from: int, year_to: int) -> tuple[list[str], list[list]]:
    """The comparison as one flat table (CSV): the ranking group in the first column."""
    header = ["Nhóm xếp hạng", *Table("", year_columns(year_from, year_to), []).flat_header()]
    sheets = table.groupby("rank_group", sort=False)["rank_group_sheet"].first()
    rows = [
        [sheet, *row]
        for sheet, part in zip(sheets, year_tables(table, year_from, year_to))
        for row in part.rows
    ]
    return header, rows


def write_years(
    con: duckdb.DuckDBPyConnection, year_from: int, year_to: int, group: str | None, out: Path
) -> str:
    table = years(con, year_from, year_to, group)
    if table.empty:
        raise InvalidInput(
            [
                Problem(
                    f"Không có đơn vị nào được xếp hạng năm {year_from} hay năm {year_to}"
                    + (" trong nhóm này" if group else "")
                )
            ]
        )
    if out.suffix.lower() == ".csv":
        out.write_bytes(excel.csv_text(*year_rows(table, year_from, year_to)).encode("utf-8-sig"))
    else:
        out.write_bytes(
            xlsx_bytes(
                year_tables(table, year_from, year_to), draft=_draft(con, year_from, year_to)
            )
        )
    both = int(table["in_both"].sum())
    return (
        f"Đã xuất so sánh năm {year_from} và năm {year_to} vào {out}: {both} đơn vị có ở cả hai năm, "
        f"{len(table) - both} đơn vị chỉ có ở một năm (ghi lý do)"
    )


# ---- two units ---------------------------------------------------------------------------------


@dataclass
class Units:
    year: int
    as_of: dt.date
    ranking: pd.DataFrame  # the two units' rows of the year's ranking, first unit first
    fields: pd.DataFrame  # sql/queries/compare_units_fields.sql
    criteria: pd.DataFrame  # sql/queries/compare_units_criteria.sql
    commitments: pd.DataFrame  # sql/queries/compare_units_commitments.sql
    draft: str | None = None  # «DỰ THẢO …» while the year is not published (publication.mark)
    kinds: dict[str, str] = field(default_factory=dict)  # commitment kind → its name (vocabulary)

    @property
    def names(self) -> list[str]:
        return self.ranking["unit_name"].tolist()


def units(
    con: duckdb.DuckDBPyConnection, unit_a: str, unit_b: str, year: int, as_of: dt.date
) -> Units:
    if unit_a == unit_b:
        raise InvalidInput([Problem("Hai đơn vị so sánh phải khác nhau")])
    ranked = reads.ranking(con, year).set_index("unit_code")
    missing = [u for u in (unit_a, unit_b) if u not in ranked.index]
    if missing:
        raise InvalidInput(
            [Problem(f"Đơn vị mã «{u}» không được xếp hạng năm {year}") for u in missing]
        )
    both = dict(unit_a=unit_a, unit_b=unit_b, year=year)
    return Units(
        year,
        as_of,
        ranked.loc[[unit_a, unit_b]].reset_index(),
        reads.compare_units_fields(con, **both),
        reads.compare_units_criteria(con, **both, top=TOP_CRITERIA),
        reads.compare_units_commitments(con, **both, as_of=as_of),
        publication.mark(con, year),
        vocabulary.commitment_kinds(con),
    )


def unit_tables(c: Units) -> list[Table]:
    a, b = c.names
    summary = Table(
        "Kết quả chung",
        [
            Column("Mã đơn vị", "text", 9),
            Column("Đơn vị", "text", 28),
            Column("Tổng điểm", "points", 10),
            Column("Điểm tối đa", "points", 10),
            Column("Chỉ số (%)", "points", 10),
            Column("Xếp hạng", "text", 12),
            Column("Xếp loại", "text", 18),
        ],
        [
            [
                r.unit_code,
                r.unit_name,
                annex.figure(r.points),
                annex.figure(r.max_points),
                _as_is(r.index_pct),
                f"{int(r.rank)}/{int(r.units_ranked)}" + (" (đồng hạng)" if r.is_tied else ""),
                r.band_name,
            ]
            for r in c.ranking.itertuples()
        ],
    )
    fields = Table(
        "Từng lĩnh vực",
        [
            Column("Mã", "text", 6),
            Column("Lĩnh vực", "text", 40),
            *[
                Column(title, "points", 9, name)
                for name in (a, b)
                for title in ("Điểm", "Tối đa", "% tối đa")
            ],
            Column("Chênh lệch (điểm %)", "pct_change", 12),
        ],
        [
            [
                r.field_code,
                r.field_name,
                annex.figure(r.points_a),
                annex.figure(r.max_points_a),
                _as_is(r.field_pct_a),
                annex.figure(r.points_b),
                annex.figure(r.max_points_b),
                _as_is(r.field_pct_b),
                _as_is(r.pct_gap),
            ]
            for r in c.fields.itertuples()
        ],
    )

    def points(p, is_na):
        return NOT_APPLICABLE if is_na else annex.figure(p)

    criteria = Table(
        f"Tiêu chí mất nhiều điểm nhất ({TOP_CRITERIA} tiêu chí mất nhiều nhất của mỗi đơn vị)",
        [
            Column("Mã", "text", 6),
            Column("Tiêu chí", "text", 40),
            Column("Tối đa", "points", 8),
            *[Column(title, "points", 9, name) for name in (a, b) for title in ("Điểm", "Bị mất")],
        ],
        [
            [
                r.criterion_code,
                r.criterion_name,
                annex.figure(r.max_points),
                points(r.points_a, r.is_na_a),
                annex.figure(r.points_lost_a),
                points(r.points_b, r.is_na_b),
                annex.figure(r.points_lost_b),
            ]
            for r in c.criteria.itertuples()
        ],
    )
    tasks = [
        Table(
            f"Nhiệm vụ đột phá và kế hoạch khắc phục của {name} (tình trạng ngày {c.as_of:%d/%m/%Y})",
            [
                Column("Mã", "text", 14),
                Column("Nội dung", "text", 40),
                Column("Loại", "text", 10),
                Column("Hạn", "text", 11),
                Column("Tình trạng", "text", 16),
                Column("Hoàn thành (%)", "points", 11),
                Column("Quá hạn", "text", 8),
            ],
            [
                [
                    r.commitment_code,
                    r.title,
                    c.kinds.get(r.kind, r.kind),
                    f"{pd.Timestamp(r.due_date):%d/%m/%Y}",
                    r.status_name,
                    annex.figure(r.percent_done),
                    "Quá hạn" if r.is_overdue else "",
                ]
                for r in c.commitments[c.commitments["unit_code"] == code].itertuples()
            ],
        )
        for code, name in zip(c.ranking["unit_code"], c.names)
    ]
    return [summary, fields, criteria, *tasks]


def units_title(c: Units) -> str:
    a, b = c.names
    return f"So sánh kết quả Chỉ số CCHC năm {c.year}: {a} và {b}"


def units_csv(c: Units) -> bytes:
    """Each table under its title, a blank line between them."""
    out = io.StringIO()
    out.write(excel.csv_text([units_title(c)], [[c.draft]] if c.draft else []))
    for t in unit_tables(c):
        out.write("\r\n" + excel.csv_text([t.title], []) + excel.csv_text(t.flat_header(), t.rows))
    return out.getvalue().encode("utf-8-sig")


def units_xlsx(c: Units) -> bytes:
    return xlsx_bytes(unit_tables(c), sheet="So sánh đơn vị", title=units_title(c), draft=c.draft)


def units_xlsx_of(
    con: duckdb.DuckDBPyConnection, unit_a: str, unit_b: str, year: int, as_of: dt.date
) -> bytes:
    return units_xlsx(units(con, unit_a, unit_b, year, as_of))


def units_csv_of(
    con: duckdb.DuckDBPyConnection, unit_a: str, unit_b: str, year: int, as_of: dt.date
) -> bytes:
    return units_csv(units(con, unit_a, unit_b, year, as_of))


def write_units(
    con: duckdb.DuckDBPyConnection, unit_a: str, unit_b: str, year: int, as_of: dt.date, out: Path
) -> str:
    c = units(con, unit_a, unit_b, year, as_of)
    out.write_bytes(units_csv(c) if out.suffix.lower() == ".csv" else units_xlsx(c))
    return f"Đã xuất so sánh {c.names[0]} và {c.names[1]} năm {year} vào {out}"


# ---- the workbook ------------------------------------------------------------------------------


def years_xlsx(
    con: duckdb.DuckDBPyConnection,
    year_from: int,
    year_to: int,
    group: str | None,
    area: str | None = None,
) -> bytes:
    return xlsx_bytes(
        year_tables(years(con, year_from, year_to, group, area), year_from, year_to),
        draft=_draft(con, year_from, year_to),
    )


def _draft(con: duckdb.DuckDBPyConnection, *years: int) -> str | None:
    """The «DỰ THẢO …» line of the first of these years that is a draft, if any."""
    return next(filter(None, (publication.mark(con, y) for y in sorted(years, reverse=True))), None)


def years_csv(
    con: duckdb.DuckDBPyConnection,
    year_from: int,
    year_to: int,
    group: str | None,
    area: str | None = None,
) -> bytes:
    table = years(con, year_from, year_to, group, area)
    return excel.csv_text(*year_rows(table, year_from, year_to)).encode("utf-8-sig")


def xlsx_bytes(
    tables: list[Table],
    sheet: str | None = None,
    title: str | None = None,
    draft: str | None = None,
) -> bytes:
    """Each table on a sheet of its own (`sheet` None), else all on one sheet under `title`; A4
    landscape, Times New Roman, figures with a decimal comma ([$-42A]), header rows merged by group;
    a draft year's «DỰ THẢO …» under every title."""
    buffer = io.BytesIO()
    wb = excel.workbook(buffer)
    fmt = excel.formats(wb)
    fmt["pct_change"] = fmt["points_change"]
    fmt["draft"] = excel.draft_format(wb)
    if sheet is None:
        for t in tables:
            ws = wb.add_worksheet(t.sheet)
            row = _title(ws, fmt, t.title, [c.width for c in t.columns], 0, draft)
            _table(ws, fmt, t, row + 1, repeat=True)
            _page(ws, [c.width for c in t.columns])
    else:
        ws = wb.add_worksheet(sheet)
        count = max(len(t.columns) for t in tables)
        widths = [
            max(t.columns[j].width for t in tables if j < len(t.columns)) for j in range(count)
        ]
        row = _title(ws, fmt, title or "", widths, 0, draft) + 1
        for t in tables:
            ws.write(row, 0, t.title, fmt["bold"])
            row = _table(ws, fmt, t, row + 1) + 1
        _page(ws, widths)
    wb.close()
    return buffer.getvalue()


def _title(ws, fmt, text: str, widths: list[float], row: int, draft: str | None = None) -> int:
    ws.merge_range(row, 0, row, len(widths) - 1, text.upper(), fmt["title"])
    ws.set_row(row, excel.LINE * annex.lines(text.upper(), sum(widths) * 0.8) + 4)
    if draft:
        row += 1
        ws.merge_range(row, 0, row, len(widths) - 1, draft, fmt["draft"])
    return row + 1


def _table(ws, fmt, t: Table, row: int, repeat: bool = False) -> int:
    """The header (a group over its columns, else one title over both rows), then the rows;
    returns the row after the last."""
    head, sub, last = row, row + 1, len(t.columns) - 1
    grouped = any(c.group for c in t.columns)
    c = 0
    while c <= last:
        group = t.columns[c].group
        span = (
            next((j for j in range(c, last + 1) if t.columns[j].group != group), last + 1) - c
            if group
            else 1
        )
        if not grouped:
            ws.write(head, c, t.columns[c].title, fmt["head"])
        elif group:
            (
                ws.merge_range(head, c, head, c + span - 1, group, fmt["head"])
                if span > 1
                else ws.write(head, c, group, fmt["head"])
            )
            for j in range(c, c + span):
                ws.write(sub, j, t.columns[j].title, fmt["head"])
        else:
            ws.merge_range(head, c, sub, c, t.columns[c].title, fmt["head"])
        c += span
    first = sub + 1 if grouped else head + 1
    height = {col.title: annex.lines(col.title, col.width) for col in t.columns}
    if grouped:  # a title over both rows takes half its lines from each
        ws.set_row(
            head,
            excel.LINE * max([1, *(height[col.title] / 2 for col in t.columns if not col.group)])
            + 2,
        )
        ws.set_row(sub, excel.LINE * max(height[col.title] for col in t.columns if col.group) + 2)
    else:
        ws.set_row(head, excel.LINE * max(height.values()) + 2)
    if repeat:
        ws.repeat_rows(head, first - 1)
        ws.freeze_panes(first, 2)
    if not t.rows:
        ws.merge_range(first, 0, first, last, NOTHING, fmt["text"])
        return first + 1
    for i, values in enumerate(t.rows):
        r = first + i
        for j, (col, value) in enumerate(zip(t.columns, values)):
            style = (
                fmt[col.kind] if not isinstance(value, str) or col.kind == "text" else fmt["text"]
            )
            if value is None or value == "":
                ws.write_blank(r, j, None, style)
            elif isinstance(value, str):
                ws.write_string(r, j, excel.neutralise(value), style)
            else:
                ws.write_number(r, j, value, style)
        height = max(
            [
                1,
                *(
                    annex.lines(v, col.width)
                    for col, v in zip(t.columns, values)
                    if col.kind == "text" and v
                ),
            ]
        )
        ws.set_row(r, excel.LINE * height + 1)
    return first + len(t.rows)


def _page(ws, widths: list[float]) -> None:
    for j, width in enumerate(widths):
        ws.set_column(j, j, width)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.set_footer(f'&C&"{excel.FONT}"Trang &P/&N')
