"""The Lịch & hạn page agrees with the CLI digest on a year counted by hand (AppTest), and its
Nội vụ form records a periodic report."""

import datetime as dt
import subprocess
import sys

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from pipelines import db, publication
from tests.dashboard.test_pages import APP, log_in
from tests.sql.test_calendar import AS_OF, follow_up


@pytest.fixture
def small(db_path, monkeypatch):
    con = db.connect(db_path)
    follow_up(con)
    publication.publish(
        con, 2024, "15/QĐ-UBND", "15/01/2025", "noivu"
    )  # what visitors see is published
    con.close()
    monkeypatch.setenv("CCHC_DB", str(db_path))
    yield db_path


def test_the_page_and_the_digest_count_alike(small, tmp_path):
    # the CLI first: the page holds the database open
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines",
            "--db",
            str(small),
            "digest",
            "--year",
            "2024",
            "--kind",
            "commune_level",
            "--as-of",
            "09/07/2025",
            "--out",
            str(tmp_path / "d.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(tmp_path / "d.xlsx")
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    app.switch_page("app_pages/calendar.py").run()
    app.date_input(key="calendar_as_of").set_value(AS_OF).run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {
        "Nhiệm vụ quá hạn": "1",
        "Kế hoạch chưa nộp, quá hạn": "1",
        "Chưa đăng ký đột phá, quá hạn": "2",
        "Báo cáo định kỳ chưa nộp, quá hạn": "4",
    }
    assert any("thứ Hai, ngày 07/07/2025" in c.value for c in app.caption)
    calendar = app.table[0].value
    q2 = calendar[
        (calendar["Việc"] == "Báo cáo CCHC định kỳ") & (calendar["Kỳ"] == "Quý II (6 tháng)")
    ].iloc[0]
    assert (q2["Hạn"], q2["Phải nộp"], q2["Đã nộp"], q2["Nộp muộn"], q2["Chưa nộp, quá hạn"]) == (
        "20/06/2025",
        "3",
        "2",
        "1",
        "1",
    )
    app.selectbox(key="calendar_line").select("unit_report|Q2|20/06/2025").run()
    who = dict(zip(app.dataframe[0].value["Đơn vị"], app.dataframe[0].value["Tình trạng"]))
    assert who == {
        "Xã Bình Mỹ": "chưa nộp — quá hạn 19 ngày",
        "Xã An Bình": "nộp muộn 1 ngày (21/06/2025)",
        "Xã Tân Hiệp": "nộp 20/06/2025",
    }

    counts = [
        wb[s].max_row - 4
        for s in ("Quá hạn", "Kế hoạch chưa nộp", "Đột phá chưa đăng ký", "Báo cáo chưa nộp")
    ]
    assert counts == [int(v) for v in metrics.values()]


def test_the_commitments_page_says_how_late_a_plan_came_and_shows_a_timeline(small):
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    app.switch_page("app_pages/commitments.py").run()
    app.date_input(key="commitments_as_of").set_value(AS_OF).run()
    assert not app.exception
    plans = (
        app.dataframe[-1].value
        if "Đã nhận" in app.dataframe[-1].value
        else next(d.value for d in app.dataframe if "Đã nhận" in d.value)
    )
    assert dict(zip(plans["Đơn vị"], plans["Đã nhận"])) == {
        "Xã An Bình": "nộp muộn 11 ngày (21/04/2025)",
        "Xã Tân Hiệp": "chưa nộp — quá hạn 90 ngày",
    }
    assert {m.label: m.value for m in app.metric}["Quá hạn"] == "1"
    app.selectbox(key="commitments_timeline_unit").select("X01").run()
    assert any("01/04/2025 — Đăng ký" in m.value for m in app.markdown)


def test_noi_vu_records_a_periodic_report_from_the_page(small, tmp_path, monkeypatch):
    from pipelines import accounts

    monkeypatch.setenv("CCHC_AUTH", str(tmp_path / "auth.toml"))
    accounts.add("hoa", "noivu", "mat-khau-hoa")
    app = AppTest.from_file(str(APP), default_timeout=60)
    log_in(app, "hoa", "mat-khau-hoa")
    app.switch_page("app_pages/calendar.py").run()
    app.date_input(key="calendar_as_of").set_value(AS_OF).run()
    form = app.get("form")[0]
    form.selectbox[0].select("X03")
    form.selectbox[1].select("Q2")
    form.date_input[0].set_value(dt.date(2025, 7, 8))
    form.text_input[0].input("bao_cao_q2.pdf")
    form.button[0].click().run()
    assert not app.exception
    assert app.success[0].value == "Đã ghi nhận báo cáo Quý II (6 tháng) của Xã Bình Mỹ"
    assert {m.label: m.value for m in app.metric}["Báo cáo định kỳ chưa nộp, quá hạn"] == "3"
