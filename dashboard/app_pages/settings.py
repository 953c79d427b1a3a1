"""Cài đặt (Nội vụ): who issues and signs the papers (annex, brief): the same settings as
`cchc settings`, each saved through issuing_body.set_value, what is still unset said; then
publication: each year's state, publish or withdraw (with a confirmation), what visitors see; then
the audit log («Nhật ký», as `cchc audit`) between two days."""

import datetime as dt
from collections.abc import Callable

import streamlit as st

from dashboard import labels, state
from dashboard.widgets import refused
from pipelines import audit, db, publication, reads
from pipelines.problems import InvalidInput
from pipelines.workbooks import issuing_body

state.require_editor()
st.title("Cài đặt: cơ quan ban hành và người ký")
st.caption(
    "In trên phụ lục xếp hạng kèm quyết định (.xlsx, .docx) và trên báo cáo nhanh. "
    "Để trống một ô để xóa thiết lập đó."
)
cur = state.cursor()
settings = issuing_body.keys(cur)
with st.form("settings", enter_to_submit=False):
    given = {
        k["key"]: st.text_input(
            k["label"] + (" *" if k["required"] else ""),
            value=k["value"],
            placeholder=f"ví dụ: {k['example']}",
            key=f"setting_{k['key']}",
        )
        for k in settings
    }
    saved = st.form_submit_button("Lưu")
if saved:
    changed = {k["key"]: given[k["key"]] for k in settings if given[k["key"]].strip() != k["value"]}
    try:
        with state.writing() as con, db.write(con):
            said = [
                issuing_body.set_value(con, key, value, state.account().name, state.client())
                for key, value in changed.items()
            ]
    except InvalidInput as e:
        refused(e, "Chưa lưu được")
    else:
        st.success(labels.md("Đã lưu: " + "; ".join(said)) if said else "Không có gì thay đổi.")
        cur = state.cursor()  # the snapshot that has the new values
missing = issuing_body.missing_warning(issuing_body.read(cur))
if missing:
    st.warning(missing)


def act(do: Callable[..., str], *args: object) -> None:
    """A write under the lock; then the page again, saying what it did."""
    try:
        with state.writing() as con:
            st.session_state["publication_done"] = do(con, *args)
    except InvalidInput as e:
        refused(e, "Chưa thực hiện")
    else:
        st.rerun()


st.header("Công bố kết quả")
st.caption(
    "Kết quả một năm là dự thảo cho đến khi công bố theo quyết định: người chưa đăng nhập chỉ xem các năm đã"
    " công bố; lãnh đạo và Nội vụ xem cả dự thảo, có ghi «DỰ THẢO» trên trang và trên mọi tệp tải về."
)
years = reads.publications(cur)
st.table(
    labels.plain(
        years.assign(
            Năm=years["year"].astype(str),
            **{"Tình trạng": [publication.state_line(r) for r in years.itertuples()]},
        )[["Năm", "Tình trạng"]]
    ),
    hide_index=True,
)
if not years.empty:
    scored = years[years["has_scores"] | years["is_published"]]
    year = st.selectbox(
        "Năm", scored["year"].tolist(), key="publish_year", placeholder=labels.CHOOSE
    )
    row = next(scored[scored["year"] == year].itertuples())
    who, client = state.account().name, state.client()
    if row.is_published:
        with st.form("unpublish", enter_to_submit=False):
            reason = st.text_input("Lý do thu hồi công bố *")
            sure = st.checkbox(f"Tôi xác nhận thu hồi công bố kết quả năm {year} (trở lại dự thảo)")
            go = st.form_submit_button("Thu hồi công bố")
        if go and not sure:
            st.warning("Hãy đánh dấu ô xác nhận trước khi thu hồi công bố.")
        elif go:
            act(publication.unpublish, year, reason, who, client)
    else:
        with st.form("publish", enter_to_submit=False):
            number = st.text_input(
                "Số, ký hiệu quyết định công bố *", placeholder="ví dụ: 125/QĐ-UBND"
            )
            day = st.date_input("Ngày ký quyết định *", value=None, format="DD/MM/YYYY")
            sure = st.checkbox(
                f"Tôi xác nhận công bố kết quả năm {year}: ai cũng xem được, kể cả khi chưa đăng nhập"
            )
            go = st.form_submit_button("Công bố")
        if go and not sure:
            st.warning("Hãy đánh dấu ô xác nhận trước khi công bố.")
        elif go:
            act(publication.publish, year, number, day or "", who, client)
if "publication_done" in st.session_state:
    st.success(st.session_state.pop("publication_done"))

modes = publication.visitor_modes(cur)
current, _ = publication.visitors(cur)
with st.form("visitors", enter_to_submit=False):
    mode = st.radio(
        "Người xem chưa đăng nhập thấy",
        list(modes),
        index=list(modes).index(current),
        format_func=modes.get,
    )
    if st.form_submit_button("Lưu chế độ xem") and mode != current:
        act(publication.set_visitors, mode, state.account().name, state.client())

st.subheader("Nhật ký")
st.caption(
    "Ai đã làm gì, lúc nào: đăng nhập (cả lần không thành công), tải tệp lên, hoàn tác, nạp bộ chỉ số và danh mục"
    " đơn vị, sửa cài đặt, thay đổi tài khoản. Dòng lệnh: `cchc audit --since NGÀY`."
)
today = dt.date.today()
since_box, until_box, action_box = st.columns([1, 1, 2])
since = since_box.date_input(
    "Từ ngày", value=today - dt.timedelta(days=30), format="DD/MM/YYYY", key="audit_since"
)
until = until_box.date_input("Đến ngày", value=today, format="DD/MM/YYYY", key="audit_until")
known = audit.actions(cur)
action = action_box.selectbox(
    "Việc",
    ["", *known],
    format_func=lambda a: known.get(a, "Tất cả"),
    key="audit_action",
    placeholder=labels.CHOOSE,
)  # «Tất cả» is an option of its own: a None option shows as unselected
try:
    found = audit.lines(cur, since, until, action or None)
except InvalidInput as e:
    st.error(labels.md(" ".join(str(p) for p in e.problems)))
else:
    if found.empty:
        st.caption("Không có dòng nào trong khoảng này.")
    else:
        shown = found.assign(when=found["logged_at"].map(audit.when))
        st.dataframe(labels.table(shown, labels.AUDIT), hide_index=True, width="stretch")
