"""The intermediate relations the marts and queries share, on the test registry."""

from tests.conftest import UNITS


def test_unit_scope_matches_a_unit_at_most_once_for_any_filter(con):
    repeated = con.execute(
        "select unit_code, group_code, area_code from intermediate.int_unit_scope"
        " group by all having count(*) > 1"
    ).fetchall()
    assert repeated == []
    department = dict(
        con.execute(
            "select coalesce(group_code, 'all'), count(*) from intermediate.int_unit_scope"
            " where unit_code = 'S01' and area_code is null group by all"
        ).fetchall()
    )
    assert department == {
        "all": 1,
        "department": 1,
    }  # its kind is its ranking group: one row, not two
    commune = {
        g
        for (g,) in con.execute(
            "select group_code from intermediate.int_unit_scope"
            " where unit_code = 'X01' and area_code is null"
        ).fetchall()
    }
    assert commune == {None, "commune", "commune_level"}


def test_unit_years_are_the_years_a_unit_is_in_force(con):
    from tests.sql.test_marts import FULL, given

    for year in (2022, 2023, 2024):
        given(con, year, {"X01": FULL})
    years = con.execute(
        "select unit_code, list(year order by year) from intermediate.int_unit_years"
        " where year between 2022 and 2030 group by all"
    ).fetchall()
    every = list(range(2022, 2031))  # 2025–2030: nothing loaded yet, a template may be asked for
    assert dict(years) == {**{u[0]: every for u in UNITS}, "X99": [2022, 2023]}
