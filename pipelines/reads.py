"""The ranked table and the flag list as plain data: what the CLI prints, the exports write
and the dashboard shows."""

from __future__ import annotations

from collections import namedtuple
from typing import TYPE_CHECKING

from pipelines import db
from pipelines.text import half_up, vn_number

if TYPE_CHECKING:
    import duckdb
    import pandas as pd


def preview(con: duckdb.DuckDBPyConnection, report):
    """For a dry run's write: a function that sets report.changes to the points and rank of each
    unit of the report (report.year, report.units) before and after the load."""
    before = db.query(con, "unit_points_for_year", year=report.year)

    def compare(after_con: duckdb.DuckDBPyConnection) -> None:
        after = db.query(after_con, "unit_points_for_year", year=report.year)
        changes = after.merge(before, on="unit_code", how="left", suffixes=("", "_before"))
        report.changes = changes[changes["unit_code"].isin(report.units)].reset_index(drop=True)

    return compare


def stated_figures_differing(
    con: duckdb.DuckDBPyConnection,
    upload_id: int,
    unit_codes: list[str],
    sheets: list[str],
    cells: list[str],
    figures: list[str],
    numbers: list[float | None],
    texts: list[str | None],
    tolerance: float,
) -> list[tuple]:
    """The figures a score file states (lists of equal length, in the file's order) that differ
    from what its stored upload computes: one named tuple each, with the stated and the computed
    figure. Rows, not a data frame: a load imports no pandas."""
    result = con.execute(
        db.sql_text("queries", "stated_figures_differing"),
        {
            "upload_id": upload_id,
            "unit_codes": unit_codes,
            "sheets": sheets,
            "cells": cells,
            "figures": figures,
            "numbers": numbers,
            "texts": texts,
            "tolerance": tolerance,
        },
    )
    row = namedtuple("StatedFigure", [c[0] for c in result.description])
    return [row(*r) for r in result.fetchall()]


def ranking(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None, area: str | None = None
) -> pd.DataFrame:
    """One row per ranked unit; `fields` and `fields_pct` map field code -> value."""
    table = db.query(con, "ranking_for_year", year=year, group=group, area=area)
    table["fields"] = [dict(zip(c, p)) for c, p in zip(table["field_codes"], table["field_points"])]
    table["fields_pct"] = [
        dict(zip(c, p)) for c, p in zip(table["field_codes"], table["field_pcts"])
    ]
    return table.drop(columns=["field_codes", "field_points", "field_pcts"])


def field_columns(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None
) -> pd.DataFrame:
    """The fields scored that year (code, name, max), in framework order."""
    fields = db.query(con, "field_scores_for_year", year=year, group=group, area=None)
    return (
        fields.drop_duplicates(["framework_code", "field_code"])
        .sort_values(["framework_code", "sort_order"])[
            ["framework_code", "field_code", "field_name", "framework_max_points"]
        ]
        .reset_index(drop=True)
    )


def _round(x, digits=2):
    """A figure for JSON: rounded half up as published; None (null) when there is none."""
    import numpy as np

    if x is None or x is np.ma.masked or x != x:  # masked: a missing element of a list column
        return None
    return half_up(float(x), digits)


def ranking_records(table: pd.DataFrame) -> list[dict]:
    import pandas as pd  # loaded already: the table is a data frame

    return [
        {
            "unit": r.unit_name,
            "unit_code": r.unit_code,
            "kind": r.kind,
            "rank_group": r.rank_group,
            "rank": int(r.rank),
            "tied": bool(r.is_tied),
            "points": _round(r.points),
            "max_points": _round(r.max_points),
            "index_pct": _round(r.index_pct),
            "band": r.band_name,
            "fields": {k: _round(v) for k, v in r.fields.items()},
            "fields_pct": {k: _round(v) for k, v in r.fields_pct.items()},
            "rank_change": None if pd.isna(r.rank_change) else int(r.rank_change),
            "points_change": _round(r.points_change),
            "previous_index_pct": _round(r.previous_index_pct),
            "index_change": _round(r.index_change),
            "change_basis": r.change_basis,
            "change_note": change_note(r),
            "flagged": bool(r.is_flagged),
            "plan_required": bool(r.plan_required),
        }
        for r in table.itertuples()
    ]


ESTIMATE = "chỉ số trước sáp nhập (ước tính)"


def change_note(r) -> str | None:
    """Why a unit-year has no index change against the year before, or that it is an estimate
    (`r`: a row of the ranking); None for the ordinary change against its own year before."""
    year = f"năm {int(r.year) - 1}"
    if r.change_basis == "predecessors":
        used, total = int(r.predecessors_used), int(r.predecessors_total)
        of = f"{used}/{total} đơn vị cũ có kết quả" if used < total else f"{total} đơn vị cũ"
        how = "theo trọng số dân số/diện tích" if r.is_weighted else "bình quân đều"
        return (
            f"So với {ESTIMATE} {vn_number(r.previous_index_pct)} %: chỉ số {year} của {of}, {how};"
            " không so sánh thứ hạng"
        )
    return {
        "first_year": f"Chưa có kết quả {year} để so sánh",
        "framework_changed": f"Năm {int(r.year) - 1} chấm theo bộ chỉ số khác: không so sánh",
        "merged_without_data": f"Hình thành sau sắp xếp; các đơn vị cũ chưa có kết quả {year} để so sánh",
    }.get(r.change_basis)


def comparison_line(table: pd.DataFrame, year: int) -> str | None:
    """One line saying why some (or all) units of a ranking have no ordinary change against the
    year before; None when every unit has one."""
    counts = table["change_basis"].value_counts()
    if counts.get("own", 0) == len(table):
        return None
    if counts.get("first_year", 0) == len(table):
        return f"Chưa có kết quả năm {year - 1} để so sánh."
    parts = {
        "predecessors": "đơn vị hình thành sau sáp nhập so với "
        + ESTIMATE
        + " của các đơn vị cũ, không so sánh thứ hạng",
        "merged_without_data": "đơn vị hình thành sau sáp nhập mà các đơn vị cũ chưa có kết quả để so sánh",
        "framework_changed": f"đơn vị năm {year - 1} chấm theo bộ chỉ số khác, không so sánh",
        "first_year": f"đơn vị chưa có kết quả năm {year - 1}",
    }
    said = [f"{vn_number(counts[b], 0)} {text}" for b, text in parts.items() if counts.get(b, 0)]
    return f"So với năm {year - 1}: " + "; ".join(said) + "."


def flags(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None, area: str | None = None
) -> pd.DataFrame:
    return db.query(con, "flags_for_year", year=year, group=group, area=area)


def flag_records(table: pd.DataFrame) -> list[dict]:
    import pandas as pd  # loaded already: the table is a data frame

    return [
        {
            "unit": r.unit_name,
            "unit_code": r.unit_code,
            "rank": int(r.rank),
            "index_pct": _round(r.index_pct),
            "band": r.band_name,
            "reasons": list(r.reasons),
            "plan_required": bool(r.plan_required),
            "plan_due": None
            if pd.isna(r.plan_due_date)
            else pd.Timestamp(r.plan_due_date).date().isoformat(),
        }
        for r in table.itertuples()
    ]


def next_band_for_unit(con: duckdb.DuckDBPyConnection, unit_code: str, year: int) -> pd.DataFrame:
    """The next band up of a unit in a year, its min % and the points needed (marts.unit_year_next_band):
    one row, or none when the unit is in the top band."""
    return db.query(con, "next_band_for_unit", unit_code=unit_code, year=year)


def next_band(
    con: duckdb.DuckDBPyConnection, unit_code: str, year: int, criteria: pd.DataFrame
) -> dict | None:
    """What a unit needs for the next band up: the band, its min %, the points needed, and the
    criteria (`criteria`: the unit_criteria_for_year rows) where they are cheapest to win back
    (those most peers reach the max of, then the ones with the most points lost), enough of them
    to cover the gap. None when it is in the top band."""
    found = next_band_for_unit(con, unit_code, year)
    if found.empty:
        return None
    target = found.iloc[0]
    needed = float(target["points_needed"])
    room = criteria[(~criteria["is_na"]) & (criteria["points_lost"] > 0)].sort_values(
        ["peer_share_at_max", "points_lost"], ascending=[False, False]
    )
    chosen = room[room["points_lost"].cumsum().shift(fill_value=0) < needed]
    return {
        "band": target["next_band_name"],
        "min_pct": float(target["next_band_min_pct"]),
        "points_needed": needed,
        "criteria": chosen.reset_index(drop=True),
    }
