"""Commitments: the state at a date from appended updates, overdue at the boundary, required
plans against those received."""

import datetime as dt

from pipelines import commitments, db, reads
from tests.sql.test_marts import FULL, given

D = dt.date


APRIL_FIRST, JUNE_END = D(2025, 4, 1), D(2025, 6, 30)


def register(con, unit="X01", kind="breakthrough", due=JUNE_END, registered=APRIL_FIRST, **kw):
    with db.write(con):
        return commitments.add_commitment(
            con,
            unit_code=unit,
            year=2024,
            kind=kind,
            title=f"Việc của {unit}",
            due_date=due,
            registered_date=registered,
            created_by="test",
            **kw,
        )


def update(con, code, day, status, percent=None):
    with db.write(con):
        commitments.add_update(
            con,
            commitment_code=code,
            update_date=day,
            status=status,
            percent_done=percent,
            entered_by="test",
        )


def state(con, day):
    t = reads.commitment_status_at(con, day)
    return [(r.commitment_code, r.status, r.percent_done, r.is_overdue) for r in t.itertuples()]


def test_status_at_a_date_comes_from_the_updates_appended_until_then(con):
    code = register(con)
    assert code == "2024-X01-01"
    update(con, code, D(2025, 4, 15), "in_progress", 20)
    update(con, code, D(2025, 5, 20), "in_progress", 60)
    update(con, code, D(2025, 6, 25), "done")
    assert state(con, D(2025, 3, 31)) == []  # not registered yet
    assert state(con, D(2025, 4, 10)) == [(code, "not_started", 0, False)]
    assert state(con, D(2025, 5, 1)) == [(code, "in_progress", 20, False)]
    assert state(con, D(2025, 5, 20)) == [(code, "in_progress", 60, False)]
    assert state(con, D(2025, 12, 31)) == [(code, "done", 100, False)]
    assert con.execute("select count(*) from raw.commitment_updates").fetchone() == (3,)


def test_overdue_from_the_day_after_the_due_date_unless_done_or_cancelled(con):
    late = register(con, unit="X01")
    cancelled = register(con, unit="X02")
    update(con, cancelled, D(2025, 5, 1), "cancelled")

    def overdue(day):
        return {c: is_overdue for c, _, _, is_overdue in state(con, day)}

    assert overdue(D(2025, 6, 30)) == {late: False, cancelled: False}  # the due date itself
    assert overdue(D(2025, 7, 1)) == {late: True, cancelled: False}


def test_required_plans_against_those_received(con):
    low = FULL.copy()
    low[2] = 10  # field 3 at 71,43 %: a plan is required, due 10/04/2025
    given(con, 2024, {"X01": low, "X02": low, "X03": FULL})
    register(con, unit="X01", kind="remediation", registered=D(2025, 4, 8), due=D(2025, 12, 31))
    register(con, unit="X02", kind="remediation", registered=D(2025, 4, 20), due=D(2025, 12, 31))

    def plans(day):
        t = reads.plans_for_year(con, 2024, day)
        return sorted((r.unit_code, r.is_received, r.is_overdue) for r in t.itertuples())

    assert plans(D(2025, 4, 10)) == [
        ("X01", True, False),
        ("X02", False, False),
    ]  # due date itself: not late
    assert plans(D(2025, 4, 11)) == [("X01", True, False), ("X02", False, True)]
    assert plans(D(2025, 4, 20)) == [("X01", True, False), ("X02", True, False)]


def test_completed_breakthrough_tasks_feed_the_bonus_only_where_the_framework_says_so(con):
    from tests.sql.test_marts import change, with_total

    given(con, 2024, {"X01": with_total(80), "X02": with_total(80)})
    done, also_done, missed = (
        register(con, unit="X01"),
        register(con, unit="X01"),
        register(con, unit="X02"),
    )
    update(con, done, D(2025, 9, 20), "done")
    update(con, also_done, D(2025, 9, 20), "done")
    update(con, missed, D(2025, 9, 20), "in_progress", 30)

    def points():
        return dict(con.execute("select unit_code, points from marts.unit_year_index").fetchall())

    assert points() == {"X01": 80, "X02": 80}  # the example framework awards nothing
    change(con, "update ref.frameworks set task_bonus_points = 0.75, bonus_cap = 1")
    assert points() == {"X01": 81, "X02": 80}  # 2 × 0,75 capped at 1; a missed task is no penalty


def test_of_two_updates_on_one_day_the_later_entered_counts_and_a_blank_percent_keeps_the_last(con):
    """intermediate.int_commitment_status_periods, as `arg_max` over the updates until a date was:
    the last entered of a day decides it; an update without a percent keeps the one given before."""
    code = register(con)
    update(con, code, D(2025, 5, 1), "in_progress", 40)
    update(con, code, D(2025, 5, 1), "paused")
    update(con, code, D(2025, 6, 1), "in_progress")
    assert state(con, D(2025, 4, 30)) == [(code, "not_started", 0, False)]
    assert state(con, D(2025, 5, 1)) == [(code, "paused", 40, False)]
    assert state(con, D(2025, 6, 1)) == [(code, "in_progress", 40, False)]


def test_status_counts_on_each_report_date_are_those_of_status_at_on_that_date(con):
    """One query for the Cam kết page's quarters, instead of status_at once per report date."""
    given(con, 2024, {"X01": FULL, "X02": FULL})
    first = register(con, unit="X01", registered=D(2025, 3, 1))
    second = register(con, unit="X02", registered=D(2025, 5, 1))
    update(con, first, D(2025, 6, 20), "in_progress", 50)
    update(con, first, D(2025, 9, 1), "done")
    update(con, second, D(2025, 6, 21), "in_progress", 10)
    counts = db.query(con, "commitment_status_by_report_date", year=2024, group=None)
    assert [(r.period, r.report_date.date(), r.status, r.count) for r in counts.itertuples()] == [
        ("Q1", D(2025, 3, 20), "not_started", 1),
        ("Q2", D(2025, 6, 20), "not_started", 1),  # the second's update is the day after
        ("Q2", D(2025, 6, 20), "in_progress", 1),
        ("Q3", D(2025, 9, 20), "in_progress", 1),
        ("Q3", D(2025, 9, 20), "done", 1),
        ("Q4", D(2025, 12, 20), "in_progress", 1),
        ("Q4", D(2025, 12, 20), "done", 1),
    ]
    for period, day in [("Q1", D(2025, 3, 20)), ("Q3", D(2025, 9, 20))]:
        at = reads.commitment_status_at(con, day, 2024)["status"].value_counts().to_dict()
        said = counts[counts["period"] == period].set_index("status")["count"].to_dict()
        assert said == at
