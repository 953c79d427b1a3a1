"""Continuity through the merger (marts.unit_year_baseline): a merged unit is compared with an
estimate from its predecessors' index of the year before (weighted by the lineage weight, else
equally), a unit unchanged by the merger with its own year before; no rank change is invented."""

from pipelines import db
from tests.sql.test_marts import given, with_total

FORMER = [
    ("A1", "Xã Cũ Một", "commune", 2020, 2024),
    ("A2", "Xã Cũ Hai", "commune", 2020, 2024),
    ("B1", "Xã Cũ Ba", "commune", 2020, 2024),
    ("B2", "Xã Cũ Bốn", "commune", 2020, 2024),
    ("C1", "Xã Cũ Năm", "commune", 2020, 2024),
    ("M1", "Xã Mới Một", "commune", 2025, None),
    ("M2", "Phường Mới Hai", "ward", 2025, None),
    ("M3", "Xã Mới Ba", "commune", 2025, None),
]


def registry(con, lineage: list[tuple]) -> None:
    with db.write(con):
        con.executemany(
            "insert into ref.units (unit_code, unit_name, kind, valid_from, valid_to) values (?, ?, ?, ?, ?)",
            FORMER,
        )
        con.executemany(
            "insert into ref.unit_lineage (former_code, merged_code, effective_year, weight)"
            " values (?, ?, 2025, ?)",
            lineage,
        )


def baseline(con, year=2025):
    return {
        r[0]: r[1:]
        for r in con.execute(
            "select unit_code, change_basis, previous_index_pct, index_change, is_estimate"
            " from marts.unit_year_baseline where year = ? order by 1",
            [year],
        ).fetchall()
    }


def test_merged_units_are_compared_with_their_predecessors_weighted_or_equally(con):
    # M1 = A1 (weight 0,6) + A2 (0,4); M2 = B1 + B2 without weights; M3 = C1, which has no 2024 result
    registry(
        con,
        [
            ("A1", "M1", 0.6),
            ("A2", "M1", 0.4),
            ("B1", "M2", None),
            ("B2", "M2", None),
            ("C1", "M3", None),
        ],
    )
    given(
        con,
        2024,
        {
            "A1": with_total(85.55),
            "A2": with_total(80.10),
            "B1": with_total(70.05),
            "B2": with_total(80.10),
            "X01": with_total(80),
        },
    )
    given(
        con,
        2025,
        {
            "M1": with_total(86),
            "M2": with_total(76),
            "M3": with_total(70),
            "X01": with_total(84.5),
            "X02": with_total(90),
        },
    )
    found = baseline(con)
    # 0,6 × 85,55 + 0,4 × 80,10 = 51,33 + 32,04 = 83,37; 86 − 83,37 = 2,63
    assert found["M1"] == ("predecessors", 83.37, 2.63, True)
    # (70,05 + 80,10) / 2 = 75,075, half up 75,08 (a double would say 75,07499…); 76 − 75,08 = 0,92
    assert found["M2"] == ("predecessors", 75.08, 0.92, True)
    assert found["M3"] == ("merged_without_data", None, None, False)
    assert found["X01"] == ("own", 80.0, 4.5, False)  # unchanged by the merger: its own year before
    assert found["X02"] == ("first_year", None, None, False)
    ranks = dict(
        con.execute(
            "select unit_code, rank_change from marts.unit_year_ranking where year = 2025"
        ).fetchall()
    )
    assert (
        ranks["M1"] is None and ranks["M2"] is None and ranks["X01"] is not None
    )  # no rank against predecessors


def test_weights_count_only_when_every_predecessor_with_a_result_has_one(con):
    # A1 has a weight, A2 none: equal weights; a predecessor without a result leaves the mean (C1)
    registry(
        con,
        [
            ("A1", "M1", 3000),
            ("A2", "M1", None),
            ("C1", "M1", 5000),
            ("B1", "M2", 12000),
            ("B2", "M2", 8000),
        ],
    )
    given(
        con,
        2024,
        {
            "A1": with_total(85.55),
            "A2": with_total(80.10),
            "B1": with_total(70.05),
            "B2": with_total(80.10),
        },
    )
    given(con, 2025, {"M1": with_total(80), "M2": with_total(70)})
    found = baseline(con)
    assert found["M1"] == (
        "predecessors",
        82.83,
        -2.83,
        True,
    )  # (85,55 + 80,10) / 2 = 82,825 → 82,83
    assert found["M2"] == (
        "predecessors",
        74.07,
        -4.07,
        True,
    )  # (12000 × 70,05 + 8000 × 80,10) / 20000 = 74,07
    used = con.execute(
        "select unit_code, predecessors_used, predecessors_total, is_weighted from marts.unit_year_baseline"
        " where year = 2025 order by 1"
    ).fetchall()
    assert used == [("M1", 2, 3, False), ("M2", 2, 2, True)]


def test_a_change_of_framework_is_not_compared(con):
    given(con, 2024, {"X01": with_total(80)})
    given(con, 2025, {"X01": with_total(84.5)})
    con.execute("begin")
    con.execute(
        "insert into ref.frameworks select * replace ('khac-2025' as framework_code, 2025 as year_from)"
        " from ref.frameworks where framework_code = 'vi-du-2021'"
    )
    con.execute(
        "insert into ref.criteria select * replace ('khac-2025' as framework_code) from ref.criteria"
        " where framework_code = 'vi-du-2021'"
    )
    con.execute(
        "insert into ref.bands select * replace ('khac-2025' as framework_code) from ref.bands"
        " where framework_code = 'vi-du-2021'"
    )
    con.execute("update raw.scores set framework_code = 'khac-2025' where year = 2025")
    db.refresh(con)
    assert baseline(con)["X01"] == ("framework_changed", None, None, False)
    con.execute("rollback")
