"""The ranked table and the flag list as plain data: what the CLI prints, the exports write
and the dashboard shows."""

import duckdb
import pandas as pd

from pipelines import db

KIND_CHOICES = ("commune_level", "district", "department", "commune", "ward", "town", "special_zone")


def ranking(con: duckdb.DuckDBPyConnection, year: int, group: str | None = None) -> pd.DataFrame:
    """One row per ranked unit; `fields` and `fields_pct` map field code -> value."""
    table = db.query(con, "ranking_for_year", year=year, group=group)
    table["fields"] = [dict(zip(c, p)) for c, p in zip(table["field_codes"], table["field_points"])]
    table["fields_pct"] = [dict(zip(c, p)) for c, p in zip(table["field_codes"], table["field_pcts"])]
    return table.drop(columns=["field_codes", "field_points", "field_pcts"])


def field_columns(con: duckdb.DuckDBPyConnection, year: int, group: str | None = None) -> pd.DataFrame:
    """The fields scored that year (code, name, max), in framework order."""
    fields = db.query(con, "field_scores_for_year", year=year, group=group)
    return (
        fields.drop_duplicates(["framework_code", "field_code"])
        .sort_values(["framework_code", "sort_order"])[["framework_code", "field_code", "field_name", "framework_max_points"]]
        .reset_index(drop=True)
    )


def _round(x, digits=2):
    return None if x is None or x != x else round(float(x), digits)


def ranking_records(table: pd.DataFrame) -> list[dict]:
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
            "flagged": bool(r.is_flagged),
            "plan_required": bool(r.plan_required),
        }
        for r in table.itertuples()
    ]


def flags(con: duckdb.DuckDBPyConnection, year: int, group: str | None = None) -> pd.DataFrame:
    return db.query(con, "flags_for_year", year=year, group=group)


def flag_records(table: pd.DataFrame) -> list[dict]:
    return [
        {
            "unit": r.unit_name,
            "unit_code": r.unit_code,
            "rank": int(r.rank),
            "index_pct": _round(r.index_pct),
            "band": r.band_name,
            "reasons": list(r.reasons),
            "plan_required": bool(r.plan_required),
            "plan_due": None if pd.isna(r.plan_due_date) else pd.Timestamp(r.plan_due_date).date().isoformat(),
        }
        for r in table.itertuples()
    ]
