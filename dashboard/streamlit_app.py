"""The frame: page setup, navigation by role, the shared filters (year, kind of unit, area),
then the page. No traceback ever reaches a user: errors are logged and explained in Vietnamese."""

import logging

import streamlit as st

from dashboard import labels, state, widgets
from pipelines import accounts, publication, reads, sharing

st.set_page_config(page_title="Chỉ số CCHC", layout="wide")
# Streamlit writes "Press Enter to apply" under a text or number box being typed in, in English
# whatever the page's language; the boxes apply on Enter or on leaving them all the same.
st.html("<style>[data-testid='InputInstructions'] { display: none; }</style>")


def main() -> None:
    pages = {
        "Chỉ số CCHC": [
            st.Page("app_pages/overview.py", title="Tổng quan", url_path="overview", default=True),
            st.Page("app_pages/rankings.py", title="Xếp hạng", url_path="rankings"),
            st.Page("app_pages/fields.py", title="Lĩnh vực", url_path="fields"),
            st.Page("app_pages/unit.py", title="Đơn vị", url_path="unit"),
            st.Page("app_pages/compare.py", title="So sánh", url_path="compare"),
            st.Page("app_pages/flags.py", title="Cảnh báo", url_path="flags"),
            st.Page("app_pages/survey.py", title="Điều tra xã hội học", url_path="survey"),
            st.Page(
                "app_pages/commitments.py", title="Cam kết & khắc phục", url_path="commitments"
            ),
            st.Page("app_pages/calendar.py", title="Lịch & hạn", url_path="calendar"),
        ],
        "Tài khoản": [
            st.Page(
                "app_pages/login.py",
                title="Đăng nhập" if state.account() is None else "Tài khoản",
                url_path="login",
            )
        ],
    }
    if state.can_edit():  # a viewer never sees the editing pages
        pages["Nội vụ"] = [
            st.Page("app_pages/upload.py", title="Tải dữ liệu", url_path="upload"),
            st.Page("app_pages/settings.py", title="Cài đặt", url_path="settings"),
        ]
    page = st.navigation(pages)

    years = state.years()
    if (
        st.session_state.get("filter_year") not in years
    ):  # e.g. a draft year chosen before logging out
        st.session_state.pop("filter_year", None)
    with st.sidebar:
        st.markdown("### Chỉ số cải cách hành chính")
        if years:
            st.selectbox("Năm", years, key="filter_year", placeholder=labels.CHOOSE)
        groups = labels.groups(state.cursor())
        st.selectbox(
            "Nhóm đơn vị",
            list(groups),
            format_func=groups.get,
            key="filter_group",
            index=1,
            placeholder=labels.CHOOSE,
        )
        areas = reads.areas(state.cursor(), st.session_state.get("filter_year")) if years else None
        if areas is not None and not areas.empty:
            names = dict(zip(areas["area_code"], areas["area_name"]))
            st.selectbox(
                "Địa bàn",
                [state.WHOLE_PROVINCE, *names],
                key="filter_area",
                placeholder=labels.CHOOSE,
                format_func=lambda c: names.get(c, "Toàn tỉnh"),
            )
        else:
            st.session_state["filter_area"] = state.WHOLE_PROVINCE
        if years:
            for fw in reads.frameworks_for_year(
                state.cursor(), st.session_state["filter_year"]
            ).itertuples():
                st.caption(
                    labels.framework_caption(fw.framework_name, fw.is_example, fw.is_inferred)
                )
        if accounts.is_demo(state.cursor()):
            st.caption("Dữ liệu mẫu của một tỉnh giả định, không phải số liệu thật.")

    if not years:
        st.info(_no_years())
    elif draft := publication.mark(state.cursor(), st.session_state["filter_year"]):
        st.warning(
            f"**{draft}**", icon="📝"
        )  # above every page of a draft year (only a login sees one)
    page.run()


def _no_years() -> str:
    if state.sees_drafts() or not reads.years(state.cursor(), drafts=True):
        return "Chưa có điểm nào trong cơ sở dữ liệu. Nội vụ tải bảng điểm lên để bắt đầu."
    if not publication.visitors(state.cursor())[1]:
        return "Kết quả Chỉ số CCHC chỉ dành cho người đã đăng nhập. Hãy đăng nhập (trang «Đăng nhập»)."
    return "Chưa có kết quả năm nào được công bố. Kết quả sẽ hiện ở đây sau khi Nội vụ công bố theo quyết định."


try:
    main()
except (
    sharing.Busy
) as e:  # a write waited its 30 s for another: who holds the database, and try again
    widgets.refused(e, "Chưa thực hiện được")
except Exception:  # st.stop and st.rerun are BaseExceptions and pass through
    logging.getLogger("cchc").exception("dashboard page failed")
    st.error(labels.PAGE_ERROR)
