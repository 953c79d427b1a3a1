"""The calendar of a year's follow-up: each duty at its boundary date (on the due day not late,
the day after late by 1 day), for plans, breakthrough tasks and periodic reports; dates from the
framework's rules; units merged away owe nothing."""

import datetime as dt

import pandas as pd

from pipelines import db, duties, reads
from tests.sql.test_commitments import register
from tests.sql.test_marts import FULL, change, given

D = dt.date


def report(con, unit, period, day, year=2024):
    with db.write(con):
        duties.add_report(
            con, year=year, period=period, unit_code=unit, received_date=day, entered_by="test"
        )


def line(con, day, duty, period="year"):
    t = reads.duties_at(con, 2024, day)
    t = t[(t["duty"] == duty) & (t["period"] == period)]
    return {
        r.unit_code: (
            bool(r.is_delivered),
            bool(r.is_late),
            int(r.days_late),
            None if pd.isna(r.days_left) else int(r.days_left),
        )
        for r in t.itertuples()
    }


def scored(con):
    low = FULL.copy()
    low[2] = 10  # field 3 at 71,43 %: a plan is required, due 10/04/2025
    given(con, 2024, {"X01": low, "X02": low, "X03": FULL})


def test_a_plan_is_late_from_the_day_after_its_due_date_and_says_by_how_many_days(con):
    scored(con)
    register(con, unit="X01", kind="remediation", registered=D(2025, 4, 10))
    register(con, unit="X02", kind="remediation", registered=D(2025, 4, 11))
    assert line(con, D(2025, 4, 10), "plan") == {
        "X01": (True, False, 0, None),
        "X02": (False, False, 0, 0),
    }
    assert line(con, D(2025, 4, 11), "plan") == {
        "X01": (True, False, 0, None),
        "X02": (True, True, 1, None),
    }
    assert line(con, D(2025, 4, 30), "plan")["X02"] == (
        True,
        True,
        1,
        None,
    )  # late stays 1 day once delivered
    plans = reads.duties_at(con, 2024, D(2025, 4, 21))
    plans = plans[plans["duty"] == "plan"].set_index("unit_code")
    assert (
        duties.delivery(
            plans.loc["X02", "delivered_date"], plans.loc["X02", "due_date"], D(2025, 4, 21)
        )
        == "nộp muộn 1 ngày (11/04/2025)"
    )
    assert (
        duties.delivery(
            plans.loc["X01", "delivered_date"], plans.loc["X01", "due_date"], D(2025, 4, 21)
        )
        == "nộp 10/04/2025"
    )


def test_a_plan_received_21_april_against_10_april_is_late_11_days(con):
    scored(con)
    register(con, unit="X01", kind="remediation", registered=D(2025, 4, 21))

    plans = reads.plans_for_year(con, 2024, D(2025, 5, 1)).set_index("unit_code")
    assert plans.loc["X01", "days_late"] == 11 and plans.loc["X02", "days_late"] == 21
    assert (
        duties.delivery(
            plans.loc["X01", "received_date"], plans.loc["X01", "plan_due_date"], D(2025, 5, 1)
        )
        == "nộp muộn 11 ngày (21/04/2025)"
    )
    assert (
        duties.delivery(None, plans.loc["X02", "plan_due_date"], D(2025, 5, 1))
        == "chưa nộp — quá hạn 21 ngày"
    )


def test_every_scored_unit_registers_breakthrough_tasks_by_10_april(con):
    scored(con)
    register(con, unit="X01", registered=D(2025, 4, 10))
    register(con, unit="X02", registered=D(2025, 4, 11))
    assert line(con, D(2025, 4, 9), "tasks") == {
        "X01": (False, False, 0, 1),
        "X02": (False, False, 0, 1),
        "X03": (False, False, 0, 1),
    }
    assert line(con, D(2025, 4, 10), "tasks") == {
        "X01": (True, False, 0, None),
        "X02": (False, False, 0, 0),
        "X03": (False, False, 0, 0),
    }
    assert line(con, D(2025, 4, 11), "tasks") == {
        "X01": (True, False, 0, None),
        "X02": (True, True, 1, None),
        "X03": (False, True, 1, None),
    }


def test_quarterly_reports_are_due_on_the_20th_and_nọi_vụ_sums_up_on_the_25th(con):
    scored(con)
    report(con, "X01", "Q2", D(2025, 6, 20))
    report(con, "X02", "Q2", D(2025, 6, 21))
    assert line(con, D(2025, 6, 20), "unit_report", "Q2") == {
        "X01": (True, False, 0, None),
        "X02": (False, False, 0, 0),
        "X03": (False, False, 0, 0),
    }
    assert line(con, D(2025, 6, 21), "unit_report", "Q2") == {
        "X01": (True, False, 0, None),
        "X02": (True, True, 1, None),
        "X03": (False, True, 1, None),
    }
    t = reads.duties_at(con, 2024, D(2025, 6, 21))
    dates = {(r.duty, r.period): r.due_date.date() for r in t.itertuples()}
    assert [dates[("unit_report", q)] for q in ("Q1", "Q2", "Q3", "Q4")] == [
        D(2025, 3, 20),
        D(2025, 6, 20),
        D(2025, 9, 20),
        D(2025, 12, 20),
    ]
    assert [dates[("summary", q)] for q in ("Q1", "Q2", "Q3", "Q4")] == [
        D(2025, 3, 25),
        D(2025, 6, 25),
        D(2025, 9, 25),
        D(2025, 12, 25),
    ]
    assert (dates[("plan", "year")], dates[("tasks", "year")]) == (D(2025, 4, 10), D(2025, 4, 10))


def test_dates_are_the_frameworks_own_when_it_has_them(con):
    scored(con)
    (code,) = con.execute("select framework_code from ref.frameworks").fetchone()
    change(
        con,
        f"insert into ref.duty_dates values ('{code}', 'unit_report', 'Q1', 3, 15), ('{code}', 'unit_report', 'Q3', 9, 15)",
    )
    change(con, "update ref.frameworks set plan_due_month = 4, plan_due_day = 30")
    t = reads.duties_at(con, 2024, D(2025, 1, 1))
    assert sorted(
        {(r.period, r.due_date.date()) for r in t.itertuples() if r.duty == "unit_report"}
    ) == [
        ("Q1", D(2025, 3, 15)),
        ("Q3", D(2025, 9, 15)),
    ]  # its own rows replace every default of that duty
    assert {r.due_date.date() for r in t.itertuples() if r.duty == "plan"} == {D(2025, 4, 30)}


def test_units_merged_away_owe_nothing_and_leave_the_overdue_list(con):

    given(con, 2024, {"X01": FULL, "X99": FULL})  # X99 was in force until 2023, merged into X06
    register(con, unit="X99", due=D(2025, 6, 30))
    register(con, unit="X01", due=D(2025, 6, 30))
    assert set(reads.duties_at(con, 2024, D(2025, 7, 1))["unit_code"].dropna()) == {"X01"}
    overdue = reads.commitment_status_at(con, D(2025, 7, 1), 2024)
    assert overdue["unit_code"].tolist() == ["X01"]


def test_the_calendar_counts_owed_delivered_late_and_missing(con):
    scored(con)
    report(con, "X01", "Q1", D(2025, 3, 19))
    report(con, "X02", "Q1", D(2025, 3, 25))
    rows = {(r["duty"], r["period"]): r for r in duties.summary(con, 2024, D(2025, 3, 26))}
    q1 = rows[("unit_report", "Q1")]
    assert (q1["owed"], q1["delivered"], q1["delivered_late"], q1["missing"], q1["when"]) == (
        3,
        2,
        1,
        1,
        "đã qua hạn 6 ngày",
    )
    assert rows[("summary", "Q1")]["when"] == "chưa nộp — quá hạn 1 ngày"
    assert rows[("plan", "year")]["when"] == "còn 15 ngày"
    assert rows[("overdue_list", "week")]["due"] == D(
        2025, 3, 24
    )  # the Monday of Wednesday 26/03/2025
    assert duties.monday_line(D(2025, 3, 26)) == "thứ Hai, ngày 24/03/2025"
    assert duties.monday_line(D(2025, 3, 24)) == "thứ Hai, ngày 24/03/2025"


AS_OF = D(2025, 7, 9)  # a Wednesday: the digest is Monday 07/07/2025's


def follow_up(con):
    """A small year to count by hand, as of 09/07/2025 (results 2024): overdue tasks 1 (X01's);
    plans missing 1 (X01; X02's came 11 days late); tasks not registered 2 (X02, X03); reports
    missing 4 (Q1: all three; Q2: X03, X02's a day late). X99, merged away, has an overdue task
    and scores but is in no list."""
    low = FULL.copy()
    low[2] = 10
    given(con, 2024, {"X01": low, "X02": low, "X03": FULL, "X99": FULL})
    register(con, unit="X01", due=D(2025, 6, 30), registered=D(2025, 4, 1))
    register(con, unit="X99", due=D(2025, 6, 30), registered=D(2025, 4, 1))
    register(con, unit="X02", kind="remediation", registered=D(2025, 4, 21), due=D(2025, 12, 31))
    report(con, "X01", "Q2", D(2025, 6, 20))
    report(con, "X02", "Q2", D(2025, 6, 21))


def test_the_small_year_counts_as_said(con):
    follow_up(con)
    from pipelines.workbooks import digest

    d = digest.data(con, 2024, AS_OF)
    assert d["counts"] == {"tasks": 1, "plans": 1, "registrations": 2, "reports": 4}
    assert d["monday"] == "thứ Hai, ngày 07/07/2025"
    assert "Xã Cũ Lạc" not in repr(d)
