"""Publication before access: a visitor sees only published years on every page (or nothing when
visitors = none); a login sees drafts marked «DỰ THẢO»; Nội vụ publishes and withdraws on «Cài đặt»."""

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pipelines import db, publication, reads
from tests.dashboard.test_pages import APP, EDITOR_PAGES, PAGES, log_in

DRAFT_YEAR = 2025
VIEW_PAGES = [p for p in PAGES if p not in EDITOR_PAGES and p != "login.py"]


@pytest.fixture
def draft_db(own_demo):
    """The demo with 2025 withdrawn: a draft year, the newest."""
    con = db.connect(own_demo)
    publication.unpublish(con, DRAFT_YEAR, "Hội đồng thẩm định xem lại điểm", "noivu")
    con.close()
    return own_demo


def make_app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=60)


def shown(app: AppTest) -> str:
    """Everything the page puts on screen as text: titles, texts, tables, select options, charts."""
    parts = []
    for el in [*app.main, *app.sidebar]:
        parts.extend(_texts(el))
    return "\n".join(parts)


def _texts(el):
    children = getattr(el, "children", None)
    if children:
        for child in children.values():
            yield from _texts(child)
        return
    for attr in ("value", "label", "options"):
        try:
            v = getattr(el, attr, None)
        except Exception:  # an element without that value
            continue
        if isinstance(v, pd.DataFrame):
            yield v.to_csv()
        elif v is not None and not callable(v):
            yield str(v)
    if el.type == "plotly_chart":
        yield json.dumps(json.loads(el.proto.spec))
    if el.type == "arrow_data_frame" or el.type == "table":
        try:
            yield el.value.to_csv()
        except Exception:
            pass


@pytest.mark.parametrize("page", VIEW_PAGES)
def test_visitor_sees_only_published_years_and_no_draft_year_on_any_page(draft_db, page):
    app = make_app()
    app.run()
    assert app.sidebar.selectbox(key="filter_year").options == ["2024", "2023", "2022", "2021"]
    for year in ("2024", "2021"):
        app.sidebar.selectbox(key="filter_year").select(int(year)).run()
        app.switch_page(f"app_pages/{page}").run()
        assert not app.exception
        text = (
            shown(app)
            .replace(f"và năm {DRAFT_YEAR}", "")
            .replace(f"Chưa có kết quả năm {DRAFT_YEAR}", "")
        )  # payoff heading
        assert not re.search(rf"(?<![/\d.-]){DRAFT_YEAR}(?![\d/-])", text), (
            page,
            year,
        )  # dates of 2025 may show
        assert publication.DRAFT not in text


def test_compare_page_offers_a_visitor_only_published_years(draft_db):
    app = make_app()
    app.run()
    app.switch_page("app_pages/compare.py").run()
    offered = {o for s in app.selectbox for o in s.options if s.label.startswith("Năm thứ")}
    assert offered == {"2024", "2023", "2022", "2021"}


def test_visitors_none_see_nothing_but_a_message_to_log_in(draft_db):
    con = db.connect(draft_db)
    publication.set_visitors(con, "none", "noivu")
    con.close()
    app = make_app()
    for page in VIEW_PAGES:
        app.switch_page(f"app_pages/{page}").run()
        assert not app.exception
        assert not [s for s in app.sidebar.selectbox if s.key == "filter_year"]
        assert any("chỉ dành cho người đã đăng nhập" in i.value for i in app.info), page
        assert not app.metric and not app.dataframe and not app.get("plotly_chart"), page


def test_visitor_is_told_when_no_year_is_published(draft_db):
    con = db.connect(draft_db)
    for year in reads.years(con, drafts=False):
        publication.unpublish(con, year, "Chưa ban hành quyết định", "noivu")
    con.close()
    app = make_app()
    app.run()
    assert any("Chưa có kết quả năm nào được công bố" in i.value for i in app.info)
    assert not app.metric


@pytest.mark.parametrize("who", ["lanhdao", "noivu"])
def test_a_login_sees_the_draft_year_marked_on_every_page(draft_db, who):
    app = make_app()
    log_in(app, who, who)
    assert app.sidebar.selectbox(key="filter_year").options[0] == str(DRAFT_YEAR)
    app.sidebar.selectbox(key="filter_year").select(DRAFT_YEAR).run()
    for page in VIEW_PAGES:
        app.switch_page(f"app_pages/{page}").run()
        assert not app.exception
        assert any(w.value.startswith(f"**{publication.DRAFT}") for w in app.warning), page
    app.sidebar.selectbox(key="filter_year").select(2024).run()
    app.switch_page("app_pages/rankings.py").run()
    assert not any(publication.DRAFT in w.value for w in app.warning)


def test_logging_out_takes_the_draft_year_away(draft_db):
    app = make_app()
    log_in(app, "lanhdao", "lanhdao")
    app.sidebar.selectbox(key="filter_year").select(DRAFT_YEAR).run()
    app.switch_page("app_pages/login.py").run()
    next(b for b in app.button if b.label == "Đăng xuất").click().run()
    app.switch_page("app_pages/rankings.py").run()
    assert app.sidebar.selectbox(key="filter_year").value == 2024
    assert str(DRAFT_YEAR) not in app.title[0].value


def test_noivu_publishes_on_the_settings_page_after_confirming_and_the_audit_says_so(draft_db):
    app = make_app()
    log_in(app, "noivu", "noivu")
    app.switch_page("app_pages/settings.py").run()
    states = app.table[-1].value
    assert states.iloc[0].tolist() == [
        "2025",
        "Dự thảo (đã thu hồi công bố ngày "
        f"{pd.Timestamp.now():%d/%m/%Y}: Hội đồng thẩm định xem lại điểm)",
    ]
    assert states.iloc[1, 1] == "Đã công bố theo QĐ số 118/QĐ-UBND ngày 15/01/2025"
    app.selectbox(key="publish_year").select(DRAFT_YEAR).run()
    decision = next(
        t for t in app.text_input if t.label.startswith("Số, ký hiệu quyết định công bố")
    )
    decision.input("131/QĐ-UBND")
    app.date_input[0].set_value(pd.Timestamp("2026-01-20").date())
    next(b for b in app.button if b.label == "Công bố").click().run()
    assert any("xác nhận" in w.value for w in app.warning)
    con = db.connect(draft_db)
    assert publication.is_draft(con, DRAFT_YEAR)
    con.close()

    next(c for c in app.checkbox if "Tôi xác nhận công bố" in c.label).check()
    next(b for b in app.button if b.label == "Công bố").click().run()
    assert (
        app.success[-1].value
        == "Đã công bố kết quả năm 2025 theo Quyết định số 131/QĐ-UBND ngày 20/01/2026"
    )
    con = db.connect(draft_db)
    assert not publication.is_draft(con, DRAFT_YEAR)
    (who, client, detail) = con.execute(
        "select who, client, detail from meta.audit where action = 'publish' order by audit_id desc limit 1"
    ).fetchone()
    con.close()
    assert (who, detail) == ("noivu", app.success[-1].value) and client != "cli"


def test_noivu_cannot_withdraw_without_a_reason(draft_db):
    app = make_app()
    log_in(app, "noivu", "noivu")
    app.switch_page("app_pages/settings.py").run()
    app.selectbox(key="publish_year").select(2024).run()
    next(c for c in app.checkbox if "thu hồi" in c.label).check()
    next(b for b in app.button if b.label == "Thu hồi công bố").click().run()
    assert any("Phải ghi lý do thu hồi công bố" in e.value for e in app.error)
    con = db.connect(draft_db)
    assert not publication.is_draft(con, 2024)
    con.close()
