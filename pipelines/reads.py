"""What pages, the CLI and the papers read: one typed function per sql/queries file, and the ranked
table and flag list shaped as they use them (the words they say are pipelines/wording.py)."""

from __future__ import annotations

from collections import namedtuple
from typing import TYPE_CHECKING

from pipelines import db, wording

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    import duckdb
    import pandas as pd

    from pipelines.loads.scores import LoadReport


def preview(
    con: duckdb.DuckDBPyConnection, report: LoadReport
) -> Callable[[duckdb.DuckDBPyConnection], None]:
    """For a dry run's write: a function that sets report.changes to the points and rank of each
    unit of the report (report.year, report.units) before and after the load."""
    before = unit_points_for_year(con, report.year)

    def compare(after_con: duckdb.DuckDBPyConnection) -> None:
        after = unit_points_for_year(after_con, report.year)
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
    table = wording.with_reasons(
        db.query(con, "ranking_for_year", year=year, group=group, area=area)
    )
    table["fields"] = [dict(zip(c, p)) for c, p in zip(table["field_codes"], table["field_points"])]
    table["fields_pct"] = [
        dict(zip(c, p)) for c, p in zip(table["field_codes"], table["field_pcts"])
    ]
    return table.drop(columns=["field_codes", "field_points", "field_pcts"])


def field_columns(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None
) -> pd.DataFrame:
    """The fields scored that year (code, name, max), in framework order."""
    fields = field_scores_for_year(con, year, group)
    return (
        fields.drop_duplicates(["framework_code", "field_code"])
        .sort_values(["framework_code", "sort_order"])[
            ["framework_code", "field_code", "field_name", "framework_max_points"]
        ]
        .reset_index(drop=True)
    )


def flags(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None, area: str | None = None
) -> pd.DataFrame:
    return wording.with_reasons(db.query(con, "flags_for_year", year=year, group=group, area=area))


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


# ---- one function per sql/queries file, named after it (ranking_for_year and flags_for_year are
# ranking() and flags() above), taking the parameters its `-- params:` header names, typed from it;
# the file's header says what comes back. Nothing else in pipelines/ or dashboard/ calls db.query
# (tests/pipelines/test_reads.py).


def areas(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    return db.query(con, "areas", year=year)


def audit_since(
    con: duckdb.DuckDBPyConnection,
    since: dt.date,
    until: dt.date | None = None,
    action: str | None = None,
) -> pd.DataFrame:
    return db.query(con, "audit_since", since=since, until=until, action=action)


def bands_for_framework(con: duckdb.DuckDBPyConnection, framework_code: str) -> pd.DataFrame:
    return db.query(con, "bands_for_framework", framework_code=framework_code)


def brief_field_losses_for_year(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    return db.query(con, "brief_field_losses_for_year", year=year)


def brief_index_by_group(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    return db.query(con, "brief_index_by_group", year=year)


def brief_movers_for_year(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    return db.query(con, "brief_movers_for_year", year=year)


def brief_new_flags_for_year(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    return wording.with_reasons(db.query(con, "brief_new_flags_for_year", year=year))


def brief_weak_criteria_for_year(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    return db.query(con, "brief_weak_criteria_for_year", year=year)


def commitment_payoff(con: duckdb.DuckDBPyConnection, year: int, drafts: bool) -> pd.DataFrame:
    return db.query(con, "commitment_payoff", year=year, drafts=drafts)


def commitment_status_at(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    year: int | None = None,
    group: str | None = None,
    unit_code: str | None = None,
) -> pd.DataFrame:
    return db.query(
        con, "commitment_status_at", as_of=as_of, year=year, group=group, unit_code=unit_code
    )


def commitment_timeline_for_unit(
    con: duckdb.DuckDBPyConnection, unit_code: str, year: int, as_of: dt.date
) -> pd.DataFrame:
    return db.query(
        con, "commitment_timeline_for_unit", unit_code=unit_code, year=year, as_of=as_of
    )


def commitment_status_by_report_date(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None
) -> pd.DataFrame:
    return db.query(con, "commitment_status_by_report_date", year=year, group=group)


def compare_units_commitments(
    con: duckdb.DuckDBPyConnection, unit_a: str, unit_b: str, year: int, as_of: dt.date
) -> pd.DataFrame:
    return db.query(
        con, "compare_units_commitments", unit_a=unit_a, unit_b=unit_b, year=year, as_of=as_of
    )


def compare_units_criteria(
    con: duckdb.DuckDBPyConnection, unit_a: str, unit_b: str, year: int, top: int
) -> pd.DataFrame:
    return db.query(con, "compare_units_criteria", unit_a=unit_a, unit_b=unit_b, year=year, top=top)


def compare_units_fields(
    con: duckdb.DuckDBPyConnection, unit_a: str, unit_b: str, year: int
) -> pd.DataFrame:
    return db.query(con, "compare_units_fields", unit_a=unit_a, unit_b=unit_b, year=year)


def compare_years(
    con: duckdb.DuckDBPyConnection,
    year_from: int,
    year_to: int,
    group: str | None = None,
    area: str | None = None,
) -> pd.DataFrame:
    return db.query(
        con, "compare_years", year_from=year_from, year_to=year_to, group=group, area=area
    )


def duties_at(
    con: duckdb.DuckDBPyConnection, year: int, as_of: dt.date, group: str | None = None
) -> pd.DataFrame:
    return db.query(con, "duties_at", year=year, as_of=as_of, group=group)


def field_pct_by_year(
    con: duckdb.DuckDBPyConnection, *, group: str | None = None, drafts: bool
) -> pd.DataFrame:
    return db.query(con, "field_pct_by_year", group=group, drafts=drafts)


def field_scores_for_year(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None, area: str | None = None
) -> pd.DataFrame:
    return db.query(con, "field_scores_for_year", year=year, group=group, area=area)


def frameworks_for_year(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    return db.query(con, "frameworks_for_year", year=year)


def index_by_year(
    con: duckdb.DuckDBPyConnection, *, group: str | None = None, drafts: bool
) -> pd.DataFrame:
    return db.query(con, "index_by_year", group=group, drafts=drafts)


def plans_for_year(
    con: duckdb.DuckDBPyConnection, year: int, as_of: dt.date, group: str | None = None
) -> pd.DataFrame:
    return wording.with_reasons(
        db.query(con, "plans_for_year", year=year, as_of=as_of, group=group)
    )


def points_lost_for_year(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None
) -> pd.DataFrame:
    return db.query(con, "points_lost_for_year", year=year, group=group)


def publications(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return db.query(con, "publications")


def rollback_coverage(con: duckdb.DuckDBPyConnection, upload_id: int) -> pd.DataFrame:
    return db.query(con, "rollback_coverage", upload_id=upload_id)


def scorecard_commitments(
    con: duckdb.DuckDBPyConnection, unit_code: str, year: int, as_of: dt.date
) -> pd.DataFrame:
    return db.query(con, "scorecard_commitments", unit_code=unit_code, year=year, as_of=as_of)


def scorecard_fields(con: duckdb.DuckDBPyConnection, unit_code: str, year: int) -> pd.DataFrame:
    return db.query(con, "scorecard_fields", unit_code=unit_code, year=year)


def scorecard_unit(
    con: duckdb.DuckDBPyConnection, unit_code: str, year: int, as_of: dt.date
) -> pd.DataFrame:
    return wording.with_reasons(
        db.query(con, "scorecard_unit", unit_code=unit_code, year=year, as_of=as_of)
    )


def survey_answers_for_year(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None, area: str | None = None
) -> pd.DataFrame:
    return db.query(con, "survey_answers_for_year", year=year, group=group, area=area)


def survey_questions_for_year(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None, area: str | None = None
) -> pd.DataFrame:
    return db.query(con, "survey_questions_for_year", year=year, group=group, area=area)


def survey_samples_for_year(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None, area: str | None = None
) -> pd.DataFrame:
    return db.query(con, "survey_samples_for_year", year=year, group=group, area=area)


def survey_summary(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None, area: str | None = None
) -> pd.DataFrame:
    return db.query(con, "survey_summary", year=year, group=group, area=area)


def unit_criteria_for_year(
    con: duckdb.DuckDBPyConnection, unit_code: str, year: int
) -> pd.DataFrame:
    return db.query(con, "unit_criteria_for_year", unit_code=unit_code, year=year)


def unit_fields_vs_peers(con: duckdb.DuckDBPyConnection, unit_code: str, year: int) -> pd.DataFrame:
    return db.query(con, "unit_fields_vs_peers", unit_code=unit_code, year=year)


def unit_history(con: duckdb.DuckDBPyConnection, unit_code: str, drafts: bool) -> pd.DataFrame:
    return db.query(con, "unit_history", unit_code=unit_code, drafts=drafts)


def unit_points_for_year(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    return db.query(con, "unit_points_for_year", year=year)


def units_for_year(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None
) -> pd.DataFrame:
    return db.query(con, "units_for_year", year=year, group=group)


def units_in_force(
    con: duckdb.DuckDBPyConnection, year: int, group: str | None = None
) -> pd.DataFrame:
    return db.query(con, "units_in_force", year=year, group=group)


def uploads(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return db.query(con, "uploads")


def years(con: duckdb.DuckDBPyConnection, drafts: bool) -> list[int]:
    return db.query(con, "years", drafts=drafts)["year"].tolist()
