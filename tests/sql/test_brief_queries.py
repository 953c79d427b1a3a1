"""The brief's queries on given rows: the group mean and median are the published figures rounded
half up on their exact value, their change is the difference of published figures, and a unit
that swapped places is a riser and a faller, by the change the ranking publishes."""

import pandas as pd

from pipelines import db
from tests.sql.test_marts import given, with_total


def test_mean_and_median_round_half_up_on_the_exact_value_and_change_is_their_difference(con):
    given(con, 2023, {"X01": with_total(79), "X02": with_total(79)})
    given(con, 2024, {"X01": with_total(80), "X02": with_total(80.01)})  # mean 80,005 exactly
    row = db.query(con, "brief_index_by_group", year=2024).iloc[0]
    assert (row["units"], row["mean_pct"], row["median_pct"]) == (
        2,
        80.01,
        80.01,
    )  # not 80,00 of a binary 80.00499…
    assert (row["previous_mean_pct"], row["mean_change"], row["units_compared"]) == (79.0, 1.01, 2)


def test_a_year_without_a_year_before_has_no_change(con):
    given(con, 2024, {"X01": with_total(80)})
    row = db.query(con, "brief_index_by_group", year=2024).iloc[0]
    assert row["mean_pct"] == 80.0
    assert pd.isna(row["previous_units"]) and pd.isna(row["mean_change"])


def test_units_that_swap_places_are_a_riser_and_a_faller(con):
    given(con, 2023, {"X01": with_total(90), "X02": with_total(80)})
    given(con, 2024, {"X01": with_total(85), "X02": with_total(88.5)})
    moves = db.query(con, "brief_movers_for_year", year=2024)
    assert moves[["unit_code", "direction", "rank_change", "index_change"]].values.tolist() == [
        ["X02", "up", 1, 8.5],
        ["X01", "down", -1, -5.0],
    ]


def test_the_movers_change_is_the_rankings_own(con):
    """The brief reads the change the ranking publishes (ranking_for_year, the annex): after a
    change of framework the places still count, the index is not compared."""
    given(con, 2024, {"X01": with_total(90), "X02": with_total(80)})
    given(con, 2025, {"X01": with_total(85), "X02": with_total(88.5)})
    con.execute("begin")
    for table in ("frameworks", "criteria", "bands"):
        con.execute(
            f"insert into ref.{table} select * replace ('khac-2025' as framework_code"
            + (", 2025 as year_from" if table == "frameworks" else "")
            + f") from ref.{table} where framework_code = 'vi-du-2021'"
        )
    con.execute("update raw.scores set framework_code = 'khac-2025' where year = 2025")
    db.refresh(con)
    moves = db.query(con, "brief_movers_for_year", year=2025).set_index("unit_code")
    ranked = db.query(con, "ranking_for_year", year=2025, group=None, area=None)
    ranked = ranked.set_index("unit_code").loc[moves.index]
    con.execute("rollback")
    changes = ["previous_rank", "rank_change", "previous_index_pct", "index_change"]
    assert moves[changes].equals(ranked[changes].astype(moves[changes].dtypes))
    assert moves["rank_change"].tolist() == [1, -1] and moves["index_change"].isna().all()
