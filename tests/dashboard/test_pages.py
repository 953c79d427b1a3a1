"""Every page runs on the demo database and shows what the data says (AppTest)."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import labels
from pipelines import db, reads, wording
from pipelines.text import vn_number

APP = Path(__file__).resolve().parents[2] / "dashboard" / "streamlit_app.py"
PAGES = sorted(p.name for p in (APP.parent / "app_pages").glob("*.py"))
EDITOR_PAGES = {"upload.py", "settings.py"}


@pytest.fixture(scope="module")
def truth(demo_db):
    con = db.connect(demo_db)
    ranking = reads.ranking(con, 2025, "commune_level")
    flags = reads.flags(con, 2025, "commune_level")
    ranking_2024 = reads.ranking(con, 2024, "commune_level")
    con.close()
    return ranking, flags, ranking_2024


def test_every_page_is_registered():
    frame = APP.read_text(encoding="utf-8")
    assert all(f'"app_pages/{p}"' in frame for p in PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(app, page):
    if page in EDITOR_PAGES:
        log_in(app, "noivu", "noivu")
    app.run()
    app.switch_page(f"app_pages/{page}").run()
    assert not app.exception
    assert labels.PAGE_ERROR not in [e.value for e in app.error]
    assert app.title[0].value


def test_overview_shows_the_years_figures(app, truth):
    ranking, flags, _ = truth
    app.run()
    captions = [c.value for c in app.sidebar.caption]
    assert any("VÍ DỤ, không phải văn bản chính thức" in c for c in captions)
    assert any("Dữ liệu mẫu của một tỉnh giả định" in c for c in captions)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Số đơn vị"] == str(len(ranking))
    assert metrics["Đơn vị bị cảnh báo"] == str(len(flags))
    assert metrics["Phải nộp kế hoạch khắc phục"] == str(int(flags["plan_required"].sum()))
    mean = f"{ranking['index_pct'].mean():.2f}".replace(".", ",")
    assert metrics["Chỉ số trung bình"] == f"{mean} %"


def test_ranking_page_lists_the_top_unit_first_and_follows_the_year(app, truth):
    ranking, _, ranking_2024 = truth
    app.run()
    app.switch_page("app_pages/rankings.py").run()
    table = app.dataframe[0].value
    assert table.iloc[0]["Đơn vị"] == ranking.iloc[0]["unit_name"]
    assert len(table) == len(ranking)
    short = ranking[ranking["survey_sample_ok"] == False]  # noqa: E712 — a rank on too few survey forms shows
    marked = table[table["Cỡ mẫu ĐTXHH"] != ""]
    assert len(short) > 0 and marked["Đơn vị"].tolist() == short["unit_name"].tolist()
    first = short.iloc[0]
    assert (
        marked.iloc[0]["Cỡ mẫu ĐTXHH"]
        == f"⚠ {first['survey_forms']}/{first['survey_required_forms']} phiếu"
    )
    app.sidebar.selectbox(key="filter_year").select(2024).run()
    assert app.title[0].value == "Xếp hạng chỉ số CCHC năm 2024"
    table = app.dataframe[0].value
    assert table.iloc[0]["Đơn vị"] == ranking_2024.iloc[0]["unit_name"] and len(table) == len(
        ranking_2024
    )


def test_flag_page_shows_each_flagged_unit_with_reasons(app, truth):
    _, flags, _ = truth
    app.run()
    app.switch_page("app_pages/flags.py").run()
    table = app.dataframe[0].value
    assert sorted(table["Đơn vị"]) == sorted(flags["unit_name"])
    assert (
        table["Lĩnh vực dưới ngưỡng / xếp loại"]
        .str.match(r"(LV \d+: \d+,\d\d %|Hoàn thành nhiệm vụ)")
        .all()
    )


def log_in(app, name, password):
    app.run()
    app.switch_page("app_pages/login.py").run()
    app.text_input[0].input(name)
    app.text_input[1].input(password)
    app.button[0].click().run()
    app.run()  # navigation is registered per role


def test_viewer_never_sees_the_upload_page_and_a_direct_address_refuses(app):
    log_in(app, "lanhdao", "lanhdao")
    assert "Lãnh đạo" in app.markdown[0].value
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/upload.py")
    assert len(app.get("file_uploader")) == 0


def test_editor_page_itself_refuses_without_a_noivu_login(demo_db, monkeypatch):
    """Reached directly (not through the navigation), the page stops before any control."""
    monkeypatch.setenv("CCHC_DB", str(demo_db))
    page = AppTest.from_file(str(APP.parent / "app_pages" / "upload.py"), default_timeout=60).run()
    assert page.error[0].value.startswith("Trang này chỉ dành cho cán bộ Nội vụ")
    assert len(page.get("file_uploader")) == 0 and len(page.button) == 0


def test_wrong_password_is_refused(app):
    app.run()
    app.switch_page("app_pages/login.py").run()
    app.text_input[0].input("noivu")
    app.text_input[1].input("sai-mat-khau")
    app.button[0].click().run()
    assert app.error[0].value == "Sai tên đăng nhập hoặc mật khẩu."
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/upload.py")


def test_repeated_failures_make_the_login_wait_and_refresh_is_said(app):
    app.run()
    app.switch_page("app_pages/login.py").run()
    assert any("tải lại trang là đăng xuất" in c.value for c in app.caption)
    for _ in range(5):
        app.text_input[0].input("doan-mo")
        app.text_input[1].input("sai-mat-khau")
        app.button[0].click().run()
        assert (
            app.error[0].value == "Sai tên đăng nhập hoặc mật khẩu."
        )  # an unknown name, the same answer
    app.button[0].click().run()
    assert app.error[0].value.startswith("Đăng nhập sai quá nhiều lần. Hãy thử lại sau")


def test_noivu_sees_upload_history_and_templates(app):
    log_in(app, "noivu", "noivu")
    app.switch_page("app_pages/upload.py").run()
    assert not app.exception
    assert len(app.get("file_uploader")) == 1
    assert [s.value for s in app.subheader] == ["Lịch sử tải lên", "Mẫu"]
    assert "du-lieu-mau-2025.xlsx" in app.dataframe[0].value["Tệp"].tolist()
    assert sorted(b.label for b in app.get("download_button")) == sorted(
        [
            "⬇️ Mẫu chấm điểm năm 2025",
            "⬇️ Mẫu nhập phiếu khảo sát năm 2025",
            "⬇️ Mẫu cam kết và tiến độ",
            "⬇️ Mẫu bộ chỉ số (ví dụ)",
            "⬇️ Bộ câu hỏi khảo sát (ví dụ)",
        ]
    )
    app.number_input[0].set_value(
        2000
    ).run()  # no units nor survey that year: no template to make, and it says so
    assert len(app.get("download_button")) == 3
    assert "Năm 2000 chưa có đơn vị cấp xã" in " ".join(c.value for c in app.caption)


def test_fields_page_shows_the_heatmap_the_trend_and_where_points_are_lost(app, truth):
    ranking, _, _ = truth
    app.run()
    app.switch_page("app_pages/fields.py").run()
    assert [s.value for s in app.subheader] == [
        "Điểm từng lĩnh vực (% điểm tối đa; ● dưới 75 %)",
        "Trung bình từng lĩnh vực qua các năm",
        "Điểm bị mất ở đâu",
    ]
    heatmap = json.loads(app.get("plotly_chart")[0].proto.spec)["data"][0]
    assert heatmap["type"] == "heatmap"
    assert list(heatmap["y"]) == ranking["unit_name"].tolist()  # rows in ranking order


def test_unit_page_finds_a_unit_without_accents_and_traces_its_numbers(app, truth, demo_db):
    ranking, _, _ = truth
    special = ranking[ranking["kind"] == "special_zone"].sort_values("unit_name")
    app.run()
    app.switch_page("app_pages/unit.py").run()
    app.text_input(key="unit_search").input("DAC KHU").run()
    assert app.selectbox(key="unit_code").options == special["unit_name"].tolist()
    first = special.iloc[0]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Xếp hạng"].split(" ")[0] == str(first["rank"])
    assert metrics["Chỉ số 2025"] == f"{first['index_pct']:.2f} %".replace(".", ",")
    con = db.connect(demo_db)
    plan = reads.next_band_for_unit(con, first["unit_code"], 2025)
    con.close()
    said = [m.value for m in app.markdown if m.value.startswith("Cần thêm")]
    assert len(plan) == 1 and said[0].startswith(
        f"Cần thêm **{labels.number(plan['points_needed'][0])} điểm** để đạt"
    )
    sources = next(t.value for t in app.table if "Nguồn (lần tải, ô)" in t.value.columns)[
        "Nguồn (lần tải, ô)"
    ].str.replace(r"\\(.)", r"\1", regex=True)  # as markdown shows it: «\#3» is «#3»
    scored = sources.str.fullmatch(r"#\d+ Cham diem![A-Z]+\d+")
    surveyed = sources.str.fullmatch(r"#\d+ Phiếu, cột [A-Z, ]+ \(câu C[\d, C]+\)")
    files = next(c.value for c in app.caption if c.value.startswith("Chênh lệch"))
    assert "du-lieu-mau-2025.xlsx" in files and "phieu-khao-sat-mau-2025.xlsx" in files
    assert (
        scored | surveyed
    ).all() and surveyed.sum() == 5  # criteria 8.1–8.5 come from the survey


def test_area_filter_keeps_only_that_districts_communes(app, demo_db):
    app.run()
    app.sidebar.selectbox(key="filter_year").select(2024).run()
    app.sidebar.selectbox(key="filter_area").select("H01").run()
    app.switch_page("app_pages/rankings.py").run()
    con = db.connect(demo_db)
    expected = set(reads.ranking(con, 2024, "commune_level", "H01")["unit_name"])
    con.close()
    assert set(app.dataframe[0].value["Đơn vị"]) == expected and len(expected) == 30


def test_an_unexpected_error_is_explained_without_a_traceback(tmp_path, monkeypatch):
    broken = tmp_path / "hong.duckdb"
    broken.write_text("đây không phải cơ sở dữ liệu")
    monkeypatch.setenv("CCHC_DB", str(broken))
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception
    assert [e.value for e in app.error] == [labels.PAGE_ERROR]


def test_commitments_page_shows_the_years_picture_and_the_form_appends_progress(app, demo_db):
    import datetime as dt

    con = db.connect(demo_db)
    before = reads.commitment_status_at(con, dt.date.today(), 2024, "commune_level")
    plans = reads.plans_for_year(con, 2024, dt.date.today(), "commune_level")
    con.close()
    log_in(app, "noivu", "noivu")
    app.sidebar.selectbox(key="filter_year").select(2024).run()
    app.switch_page("app_pages/commitments.py").run()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Cam kết đã đăng ký"] == str(len(before))
    assert metrics["Quá hạn"] == str(int(before["is_overdue"].sum()))
    assert (
        metrics["Kế hoạch khắc phục chưa nộp"]
        == f"{int((~plans['is_received']).sum())} / {len(plans)}"
    )

    target = before[before["status"] == "in_progress"].iloc[0]["commitment_code"]
    next(s for s in app.selectbox if s.label == "Cam kết").select(target)
    next(s for s in app.selectbox if s.label == "Tình trạng").select("done")
    next(b for b in app.button if b.label == "Lưu tiến độ").click().run()
    assert not app.exception
    assert app.success[-1].value == f"Đã lưu tiến độ của {target}"
    con = db.connect(demo_db)
    after = reads.commitment_status_at(con, dt.date.today(), 2024).set_index("commitment_code")
    con.close()
    assert after.loc[target, "status"] == "done"


def test_survey_page_shows_each_units_interval_samples_and_weakest_questions(app, demo_db):

    con = db.connect(demo_db)
    summary = reads.survey_summary(con, 2025, "commune_level")
    weakest = db.query(
        con, "survey_questions_for_year", year=2025, group="commune_level", area=None
    ).iloc[0]
    con.close()
    app.run()
    app.switch_page("app_pages/survey.py").run()
    assert app.title[0].value == "Điều tra xã hội học năm 2025"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Đơn vị được khảo sát"] == str(len(summary)) == "110"
    assert metrics["Số phiếu"] == labels.count(int(summary["forms"].sum()))
    assert metrics["Đơn vị chưa đủ cỡ mẫu"] == str(int((summary["sample_ok"] == False).sum()))  # noqa: E712
    charts = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    intervals = charts[0]["data"]
    assert {t["name"] for t in intervals} <= {"Đủ cỡ mẫu", "Chưa đủ cỡ mẫu", "Chưa có tổng thể"}
    assert all(t["error_x"]["type"] == "data" for t in intervals)
    assert sum(len(t["y"]) for t in intervals) == 110
    assert len(charts) == 4  # intervals, sample vs required, answer distributions, groups compared
    questions = next(d.value for d in app.dataframe if "question_text" in d.value.columns)
    assert questions.iloc[0]["question_code"] == weakest["question_code"]
    assert questions.iloc[0]["mean"] == labels.pct(weakest["mean_pct"])


def test_survey_results_table_counts_forms_per_group(app, demo_db):
    con = db.connect(demo_db)
    per_group = con.execute(
        "select group_name, sum(forms)::integer from marts.survey_group_samples"
        " semi join marts.unit_year_survey using (upload_id, unit_code, year)"
        " inner join staging.stg_units using (unit_code)"
        " where year = 2025 and rank_group = 'commune_level' group by all"
    ).fetchall()
    con.close()
    app.run()
    app.switch_page("app_pages/survey.py").run()
    results = app.dataframe[-1].value
    assert {name: int(results[f"Phiếu: {name}"].sum()) for name, _ in per_group} == dict(per_group)
    assert (
        results[[f"Phiếu: {name}" for name, _ in per_group]].sum(axis=1) == results["forms"]
    ).all()


def test_a_long_problem_list_is_grouped_capped_and_downloadable():
    def page():
        from dashboard.widgets import show_problems
        from pipelines.problems import InvalidInput, Problem

        show_problems(
            InvalidInput(
                [Problem(f"Không có đơn vị «Xã {i}»", "KQ", f"B{i}") for i in range(2, 122)]
                + [
                    Problem("«tám» không phải là số (lĩnh vực 2)", "KQ", f"D{i}")
                    for i in range(2, 7352)
                ]
            )
        )

    at = AppTest.from_function(page, default_timeout=60).run()
    assert not at.exception
    assert at.error[0].value.startswith("Tệp không hợp lệ: 7.470 lỗi.")
    shown = at.table[0].value
    assert len(shown) == 50 and shown["Ô"].tolist()[:2] == ["B2", "B3"]
    assert at.caption[0].value == "Hiển thị 50 trong 121 lỗi (các lỗi giống nhau đã được gộp)."
    assert [b.label for b in at.get("download_button")] == ["⬇️ Toàn bộ 7.470 lỗi (.csv)"]


def test_ranking_page_offers_the_annex_and_says_what_it_leaves_blank(app):
    app.run()
    app.switch_page("app_pages/rankings.py").run()
    labels_ = [b.label for b in app.get("download_button")]
    assert {
        "⬇️ Phụ lục xếp hạng (.xlsx)",
        "⬇️ Phụ lục xếp hạng (.docx)",
        "⬇️ Bảng xếp hạng (.csv)",
    } <= set(labels_)
    assert not [
        w.value for w in app.warning if "Quyết định" in w.value
    ]  # the demo's decision is on 2025
    app.sidebar.selectbox(key="filter_year").select(2024).run()
    assert any("không phải quyết định công bố kết quả năm 2024" in w.value for w in app.warning)


def test_unit_page_offers_the_units_scorecard(app, truth):
    """Tải phiếu điểm: the selected unit's one-page scorecard of the year, as .pdf and .xlsx."""
    app.run()
    app.switch_page("app_pages/unit.py").run()
    assert not app.exception
    labels_shown = [b.label for b in app.get("download_button")]
    assert "⬇️ Tải phiếu điểm (.pdf)" in labels_shown and "⬇️ Tải phiếu điểm (.xlsx)" in labels_shown


def bars(chart) -> list[dict]:
    return [t for t in json.loads(chart.proto.spec)["data"] if t["type"] == "bar"]


def test_ranking_chart_shows_both_ends_from_zero_and_all_on_request(app, truth):
    ranking, _, _ = truth
    app.run()
    app.switch_page("app_pages/rankings.py").run()
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert (
        spec["layout"]["xaxis"]["range"][0] == 0
    )  # a bar's length is its index, not a gap from 67 %
    shown = [name for t in bars(app.get("plotly_chart")[0]) for name in t["y"]]
    by_rank = ranking.sort_values(["index_pct", "unit_name"], ascending=[False, True])[
        "unit_name"
    ].tolist()
    assert len(shown) == 30 and set(shown) == set(by_rank[:15]) | set(by_rank[-15:])
    categories = spec["layout"]["yaxis"]["categoryarray"]
    assert (
        categories[15] == f"··· {len(ranking) - 30} đơn vị ở giữa (hạng 16–{len(ranking) - 15}) ···"
    )
    control = app.radio(key="ranking_chart_ends")
    assert (
        control.options == ["15 cao nhất và 15 thấp nhất", "Tất cả"]
        and control.value == control.options[0]
    )
    control.set_value("Tất cả").run()
    assert sorted(name for t in bars(app.get("plotly_chart")[0]) for name in t["y"]) == sorted(
        by_rank
    )


def test_overview_says_a_change_of_the_average_in_percentage_points(app, truth):
    ranking, _, ranking_2024 = truth
    app.run()
    metric = next(m for m in app.metric if m.label == "Chỉ số trung bình")
    change = labels.number(abs(ranking["index_pct"].mean() - ranking_2024["index_pct"].mean()))
    assert metric.delta in (f"{change} điểm % so với 2024", f"-{change} điểm % so với 2024")


def test_no_select_is_left_without_a_choice_after_changing_year(app):
    """A select whose value is None, or that is emptied to type a search, shows its placeholder:
    Streamlit's own is English («Choose an option»)."""
    log_in(app, "noivu", "noivu")
    for year in (2024, 2025, 2021):
        app.sidebar.selectbox(key="filter_year").select(year).run()
        for page in PAGES:
            app.switch_page(f"app_pages/{page}").run()
            assert not app.exception
            empty = [s.label for s in app.selectbox if s.value is None and s.options]
            english = [s.label for s in app.selectbox if not s.proto.placeholder]
            assert not empty and not english, (year, page, empty, english)
    assert app.sidebar.selectbox(key="filter_area").value == state_whole_province()


def state_whole_province():
    from dashboard import state

    return state.WHOLE_PROVINCE


def test_upload_history_counts_the_vietnamese_way_and_rollback_asks_then_says_what_it_restored(
    own_demo, tmp_path
):
    from pipelines import accounts
    from pipelines.loads.scores import load_scores
    from tests.files import summary_xlsx

    con = db.connect(own_demo)
    names = reads.ranking(con, 2025, "commune_level")["unit_name"].tolist()[-2:]
    earlier = reads.uploads(con).query("upload_kind == 'scores' and year == 2025").iloc[0]
    report = load_scores(
        con,
        summary_xlsx(
            tmp_path / "sua_2025.xlsx", [(n, [9, 7, 14, 6, 9, 7, 13, 35]) for n in names], year=2025
        ),
        2025,
        uploaded_by="noivu",
    )
    history = reads.uploads(con)
    con.close()

    accounts.add("hoa", "noivu", "mat-khau-dai")  # the real upload above ended the demo accounts
    app = AppTest.from_file(str(APP), default_timeout=60)
    log_in(app, "hoa", "mat-khau-dai")
    app.switch_page("app_pages/upload.py").run()
    shown = next(d.value for d in app.dataframe if "Số giá trị" in d.value.columns)
    assert shown["Số giá trị"].tolist() == [labels.count(n) for n in history["row_count"]]
    assert (
        shown["Số giá trị"].str.fullmatch(r"\d{1,3}(\.\d{3})*").all()
        and shown["Số giá trị"].str.contains(".", regex=False).any()
    )

    app.selectbox(key="rollback_choice").select(report.upload_id).run()
    app.button(key="rollback_ask").click().run()
    assert uploads_status(own_demo, report.upload_id) == "loaded"  # asked, nothing done yet
    warning = app.warning[-1].value
    assert warning.startswith(
        f"Sẽ hoàn tác lần tải #{report.upload_id} (sua_2025.xlsx: điểm năm 2025, "
    )
    restored = f"Điểm trước lần tải này được dùng lại: lần tải #{earlier['upload_id']} ({earlier['file_name']}) cho 2 đơn vị."
    assert restored in warning
    app.button(key="rollback_no").click().run()
    assert uploads_status(own_demo, report.upload_id) == "loaded" and not app.warning

    app.button(key="rollback_ask").click().run()
    app.button(key="rollback_yes").click().run()
    assert not app.exception
    assert uploads_status(own_demo, report.upload_id) == "rolled_back"
    done = app.success[-1].value
    assert (
        done.startswith(f"Đã hoàn tác lần tải #{report.upload_id} (sua_2025.xlsx: điểm năm 2025, ")
        and restored in done
    )


def test_two_tabs_roll_back_only_the_upload_each_asked_about(own_demo, tmp_path):
    """Tab A asks about an upload; tab B undoes that upload; A's confirmation then undoes nothing
    else and says why; an earlier upload stays in force."""
    from pipelines import accounts
    from pipelines.loads.scores import load_scores
    from tests.files import summary_xlsx

    con = db.connect(own_demo)
    names = reads.ranking(con, 2025, "commune_level")["unit_name"].tolist()[-2:]
    first = load_scores(
        con,
        summary_xlsx(tmp_path / "lan_1.xlsx", [(names[0], [9, 7, 14, 6, 9, 7, 13, 35])], year=2025),
        2025,
        uploaded_by="noivu",
    ).upload_id
    second = load_scores(
        con,
        summary_xlsx(tmp_path / "lan_2.xlsx", [(names[1], [9, 7, 14, 6, 9, 7, 13, 35])], year=2025),
        2025,
        uploaded_by="noivu",
    ).upload_id
    con.close()
    accounts.add("hoa", "noivu", "mat-khau-dai")
    tab_a, tab_b = (AppTest.from_file(str(APP), default_timeout=60) for _ in range(2))
    for tab in (tab_a, tab_b):
        log_in(tab, "hoa", "mat-khau-dai")
        tab.switch_page("app_pages/upload.py").run()
        tab.selectbox(key="rollback_choice").select(second).run()
        tab.button(key="rollback_ask").click().run()
    tab_b.button(key="rollback_yes").click().run()
    assert tab_b.success[-1].value.startswith(f"Đã hoàn tác lần tải #{second} (lan_2.xlsx")
    tab_a.button(key="rollback_yes").click().run()
    assert not tab_a.exception and not tab_a.success
    assert f"Lần tải #{second} (lan_2.xlsx) đã được hoàn tác trước đó" in tab_a.error[-1].value
    assert (uploads_status(own_demo, first), uploads_status(own_demo, second)) == (
        "loaded",
        "rolled_back",
    )
    assert tab_a.selectbox(key="rollback_choice").options[0] == f"#{first} — lan_1.xlsx"


def uploads_status(path, upload_id) -> str:
    from dashboard import state

    return (
        state._connection()
        .execute("select status from meta.uploads where upload_id = ?", [upload_id])
        .fetchone()[0]
    )


def test_compare_page_puts_two_years_side_by_side_and_lists_units_of_one_year_with_the_reason(
    app, demo_db
):
    from pipelines.workbooks import compare

    con = db.connect(demo_db)
    merger = compare.years(con, 2024, 2025, "commune_level")
    both = compare.years(con, 2023, 2024, "commune_level")
    con.close()
    app.run()
    app.switch_page("app_pages/compare.py").run()
    assert app.title[0].value == "So sánh" and not app.exception
    assert (
        app.selectbox(key="compare_from_2025").value,
        app.selectbox(key="compare_to_2025").value,
    ) == (2024, 2025)
    assert app.expander[0].label == "410 đơn vị chỉ được xếp hạng một trong hai năm (lý do)"
    single = app.table[0].value
    assert (
        len(single) == len(merger)
        and single["Lý do"].str.startswith("Không xếp hạng năm 202").all()
    )
    app.sidebar.selectbox(key="filter_year").select(2024).run()
    assert (
        app.selectbox(key="compare_from_2024").value,
        app.selectbox(key="compare_to_2024").value,
    ) == (2023, 2024)
    shown = app.table[0].value
    assert shown["Đơn vị"].tolist() == both["unit_name"].tolist()
    assert shown["Thay đổi hạng"].tolist() == both["rank_change"].tolist()
    assert "Ghi chú" not in shown.columns and not app.expander
    assert {"⬇️ Bảng so sánh (.xlsx)", "⬇️ Bảng so sánh (.csv)"} <= {
        b.label for b in app.get("download_button")
    }


def test_compare_page_puts_two_units_side_by_side(app, demo_db):
    con = db.connect(demo_db)
    ranking = reads.ranking(con, 2025, "commune_level").set_index("unit_name")
    con.close()
    app.run()
    app.switch_page("app_pages/compare.py").run()
    app.radio(key="compare_mode").set_value("Hai đơn vị").run()
    first, second = (
        app.selectbox(key="compare_unit_a_2025"),
        app.selectbox(key="compare_unit_b_2025"),
    )
    assert first.value != second.value
    summary, fields = app.table[0].value, app.table[1].value
    for name in summary["Đơn vị"]:
        assert summary.set_index("Đơn vị").loc[name, "Chỉ số (%)"] == ranking.loc[name, "index_pct"]
    name = summary["Đơn vị"].iloc[0]
    assert fields[f"% tối đa ({name})"].tolist() == list(ranking.loc[name, "fields_pct"].values())
    assert [s.value for s in app.subheader][:3] == [
        "Kết quả chung",
        "Từng lĩnh vực",
        "Tiêu chí mất nhiều điểm nhất (5 tiêu chí mất nhiều nhất của mỗi đơn vị)",
    ]
    second.select(first.value).run()
    assert app.warning[0].value == "Chọn hai đơn vị khác nhau."


def test_ranking_2025_moves_merged_units_by_their_estimated_index_change_and_says_why(app, truth):
    """Through the 2025 merger: no rank to compare for the 110 merged units, so «Tiến bộ / Tụt hạng
    nhiều nhất» ranks them by their index change against the predecessors' estimate, marked ước tính,
    and one line says why; 2021, the first year, says there is nothing to compare."""
    ranking, _, _ = truth
    app.run()
    app.switch_page("app_pages/rankings.py").run()
    captions = [c.value for c in app.caption]
    assert (
        "So với năm 2024: 110 đơn vị hình thành sau sáp nhập so với chỉ số trước sáp nhập (ước tính) của các đơn vị cũ,"
        " không so sánh thứ hạng." in captions
    )
    assert labels.MOVERS_BY_INDEX in captions
    assert [s.value for s in app.subheader][:2] == ["Tiến bộ nhiều nhất", "Tụt hạng nhiều nhất"]
    most, least = app.dataframe[1].value, app.dataframe[2].value
    best = ranking.sort_values("index_change", ascending=False, kind="stable").iloc[0]
    assert most.iloc[0]["Đơn vị"] == best["unit_name"]
    assert (
        most.iloc[0]["Thay đổi chỉ số"] == f"+{vn_number(best['index_change'])} điểm % (ước tính)"
    )
    assert least["Thay đổi chỉ số"].str.match(r"^-\d+,\d\d điểm % \(ước tính\)$").all()
    assert (most["Đổi hạng"] == "").all()  # no rank change invented
    app.sidebar.selectbox(key="filter_year").select(2021).run()
    assert "Chưa có kết quả năm 2020 để so sánh." in [c.value for c in app.caption]
    assert [s.value for s in app.subheader][:2] == ["Tiến bộ nhiều nhất", "Tụt hạng nhiều nhất"]


def test_overview_2025_says_in_one_line_that_merged_units_compare_with_an_estimate(app):
    app.run()
    assert any(
        c.value.startswith("So với năm 2024: 110 đơn vị hình thành sau sáp nhập")
        for c in app.caption
    )


def test_payoff_of_a_former_communes_plan_is_judged_on_its_successor(app, demo_db):
    con = db.connect(demo_db)
    payoff = db.query(con, "commitment_payoff", year=2024, drafts=True)
    con.close()
    former = payoff[payoff["successor_name"].notna()].iloc[0]
    app.run()
    app.sidebar.selectbox(key="filter_year").select(2024).run()
    app.switch_page("app_pages/commitments.py").run()
    paid = next(d.value for d in app.dataframe if "Thay đổi (điểm %)" in d.value.columns)
    shown = f"{former['unit_name']} (đơn vị kế thừa: {former['successor_name']})"
    assert shown in paid["Đơn vị"].tolist()
    assert paid["% năm 2025"].notna().sum() == len(payoff) and len(payoff) > 100
    assert labels.successor_note(2025) in [c.value for c in app.caption]


def test_unit_page_compares_a_merged_unit_with_its_predecessors_estimate(app, truth):
    ranking, _, _ = truth
    merged = ranking.query("change_basis == 'predecessors'").iloc[0]
    app.run()
    app.switch_page("app_pages/unit.py").run()
    app.selectbox(key="unit_code").select(merged.unit_code).run()
    index = next(m for m in app.metric if m.label == "Chỉ số 2025")
    assert (
        index.delta == labels.index_change_label(merged.index_change, True)
        and "(ước tính)" in index.delta
    )
    assert any(c.value == wording.change_note(merged) for c in app.caption)


def test_a_login_while_another_write_holds_the_database_says_who_and_waits_no_longer(
    own_demo, monkeypatch
):
    """Every write (a login writes its audit line) waits for the one before; past the wait the page
    says who holds the database, in Vietnamese, and nothing is half done."""
    from pipelines import sharing
    from tests.pipelines.test_sharing import hold

    monkeypatch.setattr(sharing, "WAIT", 0.5)
    app = AppTest.from_file(
        str(APP), default_timeout=60
    ).run()  # the first snapshot, before the other write
    holder = hold(own_demo, "Nguyễn Hoa (tải bảng điểm)")
    try:
        app.switch_page("app_pages/login.py").run()
        app.text_input[0].input("noivu")
        app.text_input[1].input("noivu")
        app.button[0].click().run()
    finally:
        holder.kill()
        holder.wait()
    assert not app.exception and labels.PAGE_ERROR not in [e.value for e in app.error]
    said = app.error[-1].value.replace("\\", "")
    assert said.startswith(
        "Chưa thực hiện được, không có gì thay đổi: Cơ sở dữ liệu đang bận: Nguyễn Hoa (tải bảng điểm)"
        " đang ghi (tiến trình "
    ) and said.endswith("Đã chờ 0,5 giây; hãy thử lại sau.")
    assert "account" not in app.session_state
