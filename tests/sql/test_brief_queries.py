"""The brief's queries on given rows: the group mean and median are the published figures rounded
half up on their exact value, their change is the difference of published figures, and a unit
that swapped places is a riser and a faller."""

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
