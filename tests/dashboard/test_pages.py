"""Every page runs on the demo database and shows what the data says (AppTest)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines import db, reports

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
PAGES = sorted(p.name for p in (APP.parent / "app_pages").glob("*.py"))


@pytest.fixture
def app(demo_db, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(demo_db))
    from dashboard import state
    state._connection.clear()
    yield AppTest.from_file(str(APP), default_timeout=60)
    state._connection.clear()


@pytest.fixture(scope="module")
def truth(demo_db):
    con = db.connect(demo_db, read_only=True)
    ranking = reports.ranking(con, 2025, "commune_level")
    flags = reports.flags(con, 2025, "commune_level")
    ranking_2024 = reports.ranking(con, 2024, "commune_level")
    con.close()
    return ranking, flags, ranking_2024


def test_every_page_is_registered():
    frame = APP.read_text(encoding="utf-8")
    assert all(f'"app_pages/{p}"' in frame for p in PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(app, page):
    app.run()
    app.switch_page(f"app_pages/{page}").run()
    assert not app.exception
    assert app.title[0].value.endswith("2025")


def test_overview_shows_the_years_figures(app, truth):
    ranking, flags, _ = truth
    app.run()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Số đơn vị"] == str(len(ranking))
    assert metrics["Đơn vị bị cảnh báo"] == str(len(flags))
    assert metrics["Phải có kế hoạch khắc phục"] == str(int(flags["plan_required"].sum()))
    mean = f"{ranking['index_pct'].mean():.2f}".replace(".", ",")
    assert metrics["Chỉ số trung bình"] == f"{mean} %"


def test_ranking_page_lists_the_top_unit_first_and_follows_the_year(app, truth):
    ranking, _, ranking_2024 = truth
    app.run()
    app.switch_page("app_pages/rankings.py").run()
    table = app.dataframe[0].value
    assert table.iloc[0]["Đơn vị"] == ranking.iloc[0]["unit_name"]
    assert len(table) == len(ranking)
    app.sidebar.selectbox(key="filter_year").select(2024).run()
    assert app.title[0].value == "Xếp hạng chỉ số CCHC năm 2024"
    table = app.dataframe[0].value
    assert table.iloc[0]["Đơn vị"] == ranking_2024.iloc[0]["unit_name"] and len(table) == len(ranking_2024)


def test_flag_page_shows_each_flagged_unit_with_reasons(app, truth):
    _, flags, _ = truth
    app.run()
    app.switch_page("app_pages/flags.py").run()
    table = app.dataframe[0].value
    assert sorted(table["Đơn vị"]) == sorted(flags["unit_name"])
    assert table["Lý do cảnh báo"].str.contains("dưới 75 %").all()
