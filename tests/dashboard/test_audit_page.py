"""The audit log on «Cài đặt» (Nội vụ only), the dashboard's writes logging who and from where,
and names shown as text: never HTML in charts, never markdown in messages."""

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import labels
from pipelines import accounts, db, reads
from pipelines.loads import uploads
from pipelines.loads.scores import load_scores
from tests.dashboard.test_pages import APP, log_in
from tests.files import summary_xlsx

EVIL = '<a href="https://x.invalid">Xã *A*</a>'


def log_table(app):
    return next(d.value for d in app.dataframe if "Chi tiết" in d.value.columns)


def logged(path) -> list[tuple]:
    """The lines after those of the demo's own building (it publishes its years)."""
    con = db.connect(path)
    try:
        return con.execute(
            "select who, client, action, detail from meta.audit where who <> 'demo'"
            " order by audit_id"
        ).fetchall()
    finally:
        con.close()


def test_noivu_sees_the_log_of_logins_settings_and_rollbacks_filtered_by_day(own_demo):
    app = AppTest.from_file(str(APP), default_timeout=60)
    log_in(app, "Noivu", "khong-phai-mat-khau")
    log_in(app, "noivu", "noivu")
    app.switch_page("app_pages/settings.py").run()
    next(t for t in app.text_input if t.key == "setting_decision_number").input("7/QĐ-UBND")
    app.button[0].click().run()
    app.switch_page("app_pages/upload.py").run()
    chosen = app.selectbox(key="rollback_choice").value
    app.button(key="rollback_ask").click().run()
    app.button(key="rollback_yes").click().run()
    assert not app.exception

    lines = logged(own_demo)
    assert [(who, action) for who, _, action, _ in lines] == [
        ("Noivu", "login_failed"),
        ("noivu", "login"),
        ("noivu", "settings"),
        ("noivu", "rollback"),
    ]
    assert lines[2][3] == "Số, ký hiệu quyết định: 7/QĐ-UBND (khóa decision_number)"
    assert lines[3][3].startswith(f"Lần tải #{chosen} (")
    assert not any("khong-phai-mat-khau" in str(line) for line in lines)

    app.switch_page("app_pages/settings.py").run()
    assert "Nhật ký" in [s.value for s in app.subheader]
    shown = log_table(app)
    assert list(shown.columns) == ["Thời gian", "Người", "Từ máy", "Việc", "Chi tiết"]
    # newest first, then the demo's own publications
    assert shown["Việc"].tolist()[:4] == [
        "Hoàn tác lần tải",
        "Sửa cài đặt",
        "Đăng nhập",
        "Đăng nhập không thành công",
    ]
    assert set(shown["Người"][4:]) == {"demo"}
    assert (
        shown["Người"].tolist()[3] == "Noivu"
        and shown["Thời gian"].str.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d").all()
    )
    app.selectbox(key="audit_action").select("login_failed").run()
    assert log_table(app)["Người"].tolist() == ["Noivu"]
    app.date_input(key="audit_until").set_value(dt.date.today() + dt.timedelta(days=2))
    app.date_input(key="audit_since").set_value(dt.date.today() + dt.timedelta(days=1)).run()
    assert "Không có dòng nào trong khoảng này." in [c.value for c in app.caption]


@pytest.mark.parametrize("who", [None, "lanhdao"])
def test_the_log_is_not_reachable_for_visitors_nor_leadership(own_demo, who):
    app = AppTest.from_file(str(APP), default_timeout=60)
    if who:
        log_in(app, who, who)
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/settings.py")
    assert not any("Chi tiết" in d.value.columns for d in app.dataframe)


def test_names_are_text_in_charts_and_messages(own_demo, tmp_path):
    con = db.connect(own_demo)
    names = reads.ranking(con, 2025, "commune_level")["unit_name"].tolist()[:2]
    path = summary_xlsx(
        tmp_path / "sua_[x](https:__y.invalid)_2025.xlsx",
        [*((n, [9, 7, 14, 6, 9, 7, 13, 35]) for n in names), (EVIL, [9, 7, 14, 6, 9, 7, 13, 30])],
        year=2025,
    )
    report = load_scores(con, path, 2025, new_units=True, uploaded_by="noivu")
    preview = uploads.plan(con, report.upload_id).preview()
    con.close()
    accounts.add("hoa", "noivu", "mat-khau-dai")  # the real upload above ended the demo accounts

    app = AppTest.from_file(str(APP), default_timeout=60)
    app.run()
    for page in ("rankings.py", "fields.py"):
        app.switch_page(f"app_pages/{page}").run()
        spec = "".join(c.proto.spec for c in app.get("plotly_chart"))
        labels_in_charts = json.dumps(
            json.loads(f"[{spec.replace('}{', '},{')}]"), ensure_ascii=False
        )
        assert '&lt;a href=\\"https://x.invalid\\"&gt;Xã *A*&lt;/a&gt;' in labels_in_charts, page
        assert "<a href" not in labels_in_charts, page
    app.switch_page("app_pages/compare.py").run()  # st.table reads its cells as markdown
    cells = {v for t in app.table for v in t.value.astype(str).to_numpy().ravel()}
    assert labels.md(EVIL) in cells and EVIL not in cells

    log_in(app, "hoa", "mat-khau-dai")
    app.switch_page("app_pages/upload.py").run()
    app.selectbox(key="rollback_choice").select(report.upload_id).run()
    app.button(key="rollback_ask").click().run()
    warning = app.warning[-1].value
    assert warning == labels.md(preview + " Hoàn tác?")
    assert (
        r"sua\_\[x\](https\:\_\_y.invalid)\_2025.xlsx" in warning
    )  # shown as written, not as a link


def test_md_escapes_every_markup_and_leaves_plain_text_alone():
    assert labels.md(EVIL) == r'\<a href="https\://x.invalid"\>Xã \*A\*\</a\>'
    assert (
        labels.md("Đã nạp sua_2025.xlsx: 3 đơn vị, lần tải #7 (năm 2025).")
        == "Đã nạp sua_2025.xlsx: 3 đơn vị, lần tải #7 (năm 2025)."
    )
    assert (
        labels.md("# 12. :red[x] `c` $x$ ~~s~~ &amp; www.x.vn a@b.vn\nb")
        == r"\# 12. \:red\[x\] \`c\` \$x\$ \~\~s\~\~ \&amp; www\.x.vn a\@b.vn b"
    )
    assert labels.md("12. Xã A") == r"12\. Xã A" and labels.md("- Xã A") == r"\- Xã A"
