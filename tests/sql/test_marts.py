"""The domain rules in sql/marts, on given rows -> expected rows, in a real DuckDB file."""

import pandas as pd
import pytest

from pipelines import db, wording
from pipelines.loads import uploads
from pipelines.loads.scores import rows_table, store_rows

FULL = [9, 7, 14, 6, 9, 7, 13, 35]


def given(
    con, year: int, units: dict[str, list], extra: list[tuple] = (), scoped: bool = False
) -> None:
    """Field-level points per unit (8 fields), plus extra rows (unit, code, measure, points, is_na);
    `scoped`: the marts rebuild only what the year touches, as a score upload does."""
    rows = [
        (u, str(i), "final", p, False, "T", None)
        for u, pts in units.items()
        for i, p in enumerate(pts, 1)
    ]
    rows += [(u, c, m, p, na, "T", None) for u, c, m, p, na in extra]
    with db.write(con, years={year} if scoped else None):
        upload_id = uploads.record(con, "scores", "t", "t", 0, "test", year)
        store_rows(con, upload_id, year, "vi-du-2021", rows_table(rows))


def change(con, sql: str) -> None:
    """Edit stored rows directly (as a test only may) and rebuild the marts."""
    con.execute(sql)
    db.refresh(con)


def with_total(total: float) -> list:
    """Field points adding up to `total`: fields filled in order up to their max."""
    points, left = [], total
    for m in FULL:
        points.append(min(m, round(left, 4)))
        left -= points[-1]
    return points


def ranking(con, year=2024):
    return con.execute(
        "select unit_code, rank, is_tied, band_name from marts.unit_year_ranking"
        " where year = ? order by rank, unit_code",
        [year],
    ).fetchall()


def test_ties_are_judged_on_the_index_rounded_to_two_decimals(con):
    given(
        con,
        2024,
        {
            "X01": with_total(85.554),
            "X02": with_total(85.5549),
            "X03": with_total(85.556),
            "X04": with_total(85.544),
        },
    )
    assert [r[:3] for r in ranking(con)] == [
        ("X03", 1, False),
        ("X01", 2, True),
        ("X02", 2, True),
        ("X04", 4, False),
    ]


def test_departments_are_ranked_apart_from_communes(con):
    given(con, 2024, {"X01": with_total(80), "S01": with_total(70)})
    assert [r[:2] for r in ranking(con)] == [("S01", 1), ("X01", 1)]


@pytest.mark.parametrize(
    "total, band",
    [
        (90, "Hoàn thành xuất sắc nhiệm vụ"),
        (89.995, "Hoàn thành xuất sắc nhiệm vụ"),
        (89.994, "Hoàn thành tốt nhiệm vụ"),
        (70, "Hoàn thành tốt nhiệm vụ"),
        (69.99, "Hoàn thành nhiệm vụ"),
        (50, "Hoàn thành nhiệm vụ"),
        (49.99, "Không hoàn thành nhiệm vụ"),
    ],
)
def test_band_boundaries(con, total, band):
    given(con, 2024, {"X01": with_total(total)})
    assert ranking(con)[0][3] == band


def flag_reasons(con):
    """The mart gives the figures; the sentences are said in Python, once (wording.flag_reason)."""
    rows = con.execute(
        "select unit_code, reasons, plan_required from marts.unit_year_flag_summary order by 1"
    ).fetchall()
    return [(u, [wording.flag_reason(r) for r in reasons], p) for u, reasons, p in rows]


def test_field_exactly_at_75_percent_is_not_flagged_just_below_is(con):
    at = FULL.copy()
    at[2] = 10.5  # field 3: 10,5 / 14 = 75,00 %
    below = FULL.copy()
    below[2] = 10.49  # 74,93 %
    other = FULL.copy()
    other[4] = 6.7  # field 5: 74,44 %, flagged for display, no plan
    given(con, 2024, {"X01": at, "X02": below, "X03": other})
    assert flag_reasons(con) == [
        (
            "X02",
            ['Lĩnh vực 3 "Cải cách thủ tục hành chính" đạt 74,93 % điểm tối đa, dưới 75 %'],
            True,
        ),
        ("X03", ['Lĩnh vực 5 "Cải cách chế độ công vụ" đạt 74,44 % điểm tối đa, dưới 75 %'], False),
    ]
    due = con.execute(
        "select plan_due_date from marts.unit_year_flag_summary where unit_code = 'X02'"
    ).fetchone()[0]
    assert pd.Timestamp(due).date().isoformat() == "2025-04-10"


def test_lowest_passing_band_requires_a_plan(con):
    given(
        con, 2024, {"X01": [6.75, 5.25, 10.5, 4.5, 6.75, 5.25, 9.75, 11.25]}
    )  # 60 %, every field at 75 % but 8
    assert flag_reasons(con) == [
        (
            "X01",
            [
                'Xếp loại "Hoàn thành nhiệm vụ"',
                'Lĩnh vực 8 "Tác động của CCHC (điều tra xã hội học)" đạt 32,14 % điểm tối đa, dưới 75 %',
            ],
            True,
        )
    ]


def test_not_applicable_field_leaves_the_max_and_is_not_flagged(con):
    given(con, 2024, {"X01": FULL[:1] + [None] + FULL[2:]}, [])
    change(con, "update raw.scores set is_na = true where criterion_code = '2'")
    row = con.execute("select points, max_points, index_pct from marts.unit_year_index").fetchone()
    assert row == (93.0, 93.0, 100.0)
    assert flag_reasons(con) == []


def test_bonus_and_penalty_are_capped_per_framework(con):
    change(con, "update ref.frameworks set bonus_cap = 2, penalty_cap = 3")
    given(
        con,
        2024,
        {"X01": with_total(80), "X02": with_total(99)},
        [
            ("X01", None, "bonus", 5, False),
            ("X01", None, "penalty", 1, False),
            ("X02", None, "bonus", 2, False),
        ],
    )
    rows = con.execute(
        "select unit_code, bonus_points, penalty_points, points from marts.unit_year_index order by 1"
    ).fetchall()
    assert rows == [("X01", 2, 1, 81), ("X02", 2, 0, 100)]


def test_change_against_the_previous_year(con):
    given(con, 2023, {"X01": with_total(80), "X02": with_total(85)})
    given(con, 2024, {"X01": with_total(88), "X02": with_total(84)})
    rows = con.execute(
        "select unit_code, rank, previous_rank, rank_change, round(points_change, 2)"
        " from marts.unit_year_ranking where year = 2024 order by 1"
    ).fetchall()
    assert rows == [("X01", 1, 2, 1, 8.0), ("X02", 2, 1, -1, -1.0)]


def next_bands(con, year=2024):
    return con.execute(
        "select unit_code, next_band_name, next_band_min_pct, points_needed"
        " from marts.unit_year_next_band where year = ? order by unit_code",
        [year],
    ).fetchall()


def test_next_band_and_the_points_it_takes_as_the_index_is_rounded(con):
    given(
        con,
        2024,
        {
            "X01": with_total(86.5),  # of 97,5: 88,72 %; 90 % of 97,5 is 87,75
            "X02": with_total(70),  # exactly at 70 %: in that band, the next is 90 %
            "X03": with_total(89.994),  # 89,99 %: 0,01 brings it to 90,00 %
            "X04": with_total(89.995),  # 90,00 % rounded half up: in the top band, no row
            "X05": with_total(86.4987),  # of 97,5: 87,7487 is 89,9987 %, shown as 90,00 %
            "X06": with_total(49.99),
        },
        [
            ("X01", None, "applicable_max", 97.5, False),
            ("X05", None, "applicable_max", 97.5, False),
        ],
    )
    top, good, passing = (
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ",
    )
    assert next_bands(con) == [
        ("X01", top, 90.0, 1.25),
        ("X02", top, 90.0, 20.0),
        ("X03", top, 90.0, 0.01),
        ("X05", top, 90.0, 1.25),  # not 1,26: 1,25 already rounds to 90,00 %
        ("X06", passing, 50.0, 0.01),
    ]
    assert good not in {band for _, band, _, _ in next_bands(con)}


def test_the_points_needed_are_the_least_that_reach_the_band(con):
    """For any points and applicable max: with the points needed the index (as the marts round it)
    reaches the next band's min %, with 0,01 less it does not."""
    import random

    rng = random.Random(13)
    codes = [f"R{i:03}" for i in range(200)]
    con.executemany(
        "insert into ref.units (unit_code, unit_name, kind) values (?, ?, 'commune')",
        [(c, f"Xã Thử {c}") for c in codes],
    )
    max_of = {c: rng.choice([100, 97.5, 93, 88.25, 64.5]) for c in codes}
    given(
        con,
        2024,
        {c: with_total(round(rng.uniform(0, max_of[c]), rng.choice([2, 3, 4]))) for c in codes},
        [(c, None, "applicable_max", m, False) for c, m in max_of.items()],
    )
    rows = con.execute(
        "select count(*), count(*) filter (where"
        " pct_half_up(i.points + n.points_needed, i.max_points) >= n.next_band_min_pct"
        " and pct_half_up(i.points + n.points_needed - 0.01, i.max_points) < n.next_band_min_pct"
        " and n.next_band_min_pct > i.index_pct)"
        " from marts.unit_year_next_band as n"
        " inner join marts.unit_year_index as i using (unit_code, year)"
    ).fetchone()
    assert rows[0] > 150 and rows[0] == rows[1]


def test_next_band_names_the_cheapest_criteria_to_cover_the_gap(con):
    from pipelines.reads import next_band

    given(
        con,
        2024,
        {"X01": with_total(86.5), "X02": with_total(80), "X03": with_total(95)},
        [("X01", None, "applicable_max", 97.5, False)],
    )
    criteria = pd.DataFrame(
        {
            "criterion_code": ["1.1", "3.2", "7.2", "2.1"],
            "is_na": [False, False, False, True],
            "points_lost": [2.0, 1.5, 3.0, 0.0],
            "peer_share_at_max": [0.2, 0.9, 0.6, 0.0],
        }
    )
    plan = next_band(con, "X01", 2024, criteria)
    assert plan["band"] == "Hoàn thành xuất sắc nhiệm vụ" and plan["min_pct"] == 90
    assert plan["points_needed"] == 1.25  # 90 % of 97,5 = 87,75
    assert plan["criteria"]["criterion_code"].tolist() == ["3.2"]
    plan = next_band(con, "X02", 2024, criteria)
    assert plan["points_needed"] == 10 and plan["criteria"]["criterion_code"].tolist() == [
        "3.2",
        "7.2",
        "1.1",
    ]
    assert next_band(con, "X03", 2024, criteria) is None


def test_a_write_rebuilds_only_the_marts_that_read_what_it_changed(con):
    """Each write fingerprints the stored tables; marts reading none of the changed ones are kept,
    the others rebuilt, and the result is what a full rebuild gives."""
    import datetime as dt

    from pipelines import commitments

    def built() -> dict[str, int]:  # a mart's table is replaced on rebuild: its oid changes
        return dict(
            con.execute(
                "select table_name, table_oid from duckdb_tables() where schema_name = 'marts'"
            ).fetchall()
        )

    before = built()
    with db.write(con):
        commitments.add_commitment(
            con,
            unit_code="X01",
            year=2024,
            kind="breakthrough",
            title="Số hóa hồ sơ",
            due_date=dt.date(2025, 12, 31),
            registered_date=dt.date(2025, 3, 1),
            created_by="test",
        )
    after = built()
    kept = {name for name in before if before[name] == after[name]}
    assert {
        "unit_year_criterion_scores",
        "unit_year_field_index",
        "survey_answer_counts",
        "unit_year_survey",
    } <= kept
    assert {"unit_year_index", "unit_year_ranking", "unit_year_flags"}.isdisjoint(kept)
    partial = {t: con.execute(f"select * from marts.{t} order by all").fetchall() for t in after}
    con.execute("begin")
    db.refresh(con)
    assert partial == {
        t: con.execute(f"select * from marts.{t} order by all").fetchall() for t in after
    }
    con.execute("rollback")


def marts(con) -> dict[str, list]:
    names = con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts'"
    ).fetchall()
    return {t: con.execute(f"select * from marts.{t} order by all").fetchall() for (t,) in names}


def rebuilt_whole(con) -> dict[str, list]:
    """Every mart as a full rebuild over all years makes it (the database is left as it was)."""
    con.execute("begin")
    db.refresh(con)
    rows = marts(con)
    con.execute("rollback")
    return rows


def test_a_year_scoped_write_gives_what_a_full_rebuild_gives(con):
    """A score upload replaces only its year's rows of each mart, and the next year's where a year
    reads the one before (rank change), yet every mart holds what rebuilding it over all years gives."""
    for year, (x01, x02) in {2023: (80, 85), 2024: (84, 88), 2025: (86, 83)}.items():
        given(con, year, {"X01": with_total(x01), "X02": with_total(x02)}, scoped=True)
    given(
        con, 2024, {"X01": with_total(90), "X02": with_total(88)}, scoped=True
    )  # X01 now first in 2024
    assert con.execute(
        "select unit_code, previous_rank, rank_change from marts.unit_year_ranking"
        " where year = 2025 order by 1"
    ).fetchall() == [("X01", 1, 0), ("X02", 2, 0)]
    assert marts(con) == rebuilt_whole(con)


def test_a_year_scoped_write_keeps_the_rows_of_years_it_does_not_touch(con):
    given(con, 2023, {"X01": with_total(80)}, scoped=True)
    given(con, 2024, {"X01": with_total(84)}, scoped=True)
    con.execute(
        "update marts.unit_year_index set band_name = 'giữ nguyên' where year = 2023"
    )  # a rebuild would undo it
    given(con, 2024, {"X01": with_total(95)}, scoped=True)
    assert con.execute(
        "select year, band_name from marts.unit_year_index order by year"
    ).fetchall() == [(2023, "giữ nguyên"), (2024, "Hoàn thành xuất sắc nhiệm vụ")]


def test_a_mart_built_from_other_sql_is_rebuilt_whole(con):
    """After an upgrade changes a mart's SQL, the first write rebuilds it (and what reads it) over
    every year, not just the year written."""
    given(con, 2023, {"X01": with_total(80)}, scoped=True)
    con.execute("update marts.unit_year_index set band_name = 'cũ' where year = 2023")
    con.execute("comment on table marts.unit_year_index is 'built from older SQL'")
    given(con, 2024, {"X01": with_total(84)}, scoped=True)
    assert con.execute(
        "select band_name from marts.unit_year_index where year = 2023"
    ).fetchone() == ("Hoàn thành tốt nhiệm vụ",)
    assert marts(con) == rebuilt_whole(con)


def test_a_flag_is_said_in_full_and_short_from_its_figures():
    field = {
        "reason_kind": "field",
        "field_code": "3",
        "field_name": "Cải cách thủ tục hành chính",
        "field_pct": 68.5,
        "threshold_pct": 72.5,
        "band_name": None,
    }
    band = {**field, "reason_kind": "band", "band_name": "Hoàn thành nhiệm vụ"}
    assert wording.flag_reason(field) == (
        'Lĩnh vực 3 "Cải cách thủ tục hành chính" đạt 68,50 % điểm tối đa, dưới 72,5 %'
    )
    assert wording.flag_reason({**field, "threshold_pct": 70.0}).endswith("dưới 70 %")
    assert wording.flag_short_reason(field) == "LV 3: 68,50 %"
    assert wording.flag_reason(band) == 'Xếp loại "Hoàn thành nhiệm vụ"'
    assert wording.flag_short_reason(band) == "Hoàn thành nhiệm vụ"
