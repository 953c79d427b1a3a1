"""Cài đặt (Nội vụ): who issues and signs the papers (annex, brief): the same settings as
`cchc settings`, each saved through issuing_body.set_value, what is still unset said; then the
audit log («Nhật ký», as `cchc audit`) between two days."""

import datetime as dt

import streamlit as st

from dashboard import labels, state
from pipelines import audit, db, issuing_body
from pipelines.problems import InvalidInput

state.require_editor()
st.title("Cài đặt: cơ quan ban hành và người ký")
st.caption("In trên phụ lục xếp hạng kèm quyết định (.xlsx, .docx) và trên báo cáo nhanh. "
           "Để trống một ô để xóa thiết lập đó.")
cur = state.cursor()
settings = issuing_body.keys(cur)
with st.form("settings", enter_to_submit=False):
    given = {k["key"]: st.text_input(k["label"] + (" *" if k["required"] else ""), value=k["value"],
                                     placeholder=f"ví dụ: {k['example']}", key=f"setting_{k['key']}")
             for k in settings}
    saved = st.form_submit_button("Lưu")
if saved:
    changed = {k["key"]: given[k["key"]] for k in settings if given[k["key"]].strip() != k["value"]}
    try:
        with db.write(cur):
            said = [issuing_body.set_value(cur, key, value, state.account().name, state.client())
                    for key, value in changed.items()]
    except InvalidInput as e:
        st.error(labels.md("Chưa lưu được, không có gì thay đổi: " + " ".join(str(p) for p in e.problems)))
    else:
        st.success(labels.md("Đã lưu: " + "; ".join(said)) if said else "Không có gì thay đổi.")
missing = issuing_body.missing_warning(issuing_body.read(cur))
if missing:
    st.warning(missing)

st.subheader("Nhật ký")
st.caption("Ai đã làm gì, lúc nào: đăng nhập (cả lần không thành công), tải tệp lên, hoàn tác, nạp bộ chỉ số và danh mục"
           " đơn vị, sửa cài đặt, thay đổi tài khoản. Dòng lệnh: `cchc audit --since NGÀY`.")
today = dt.date.today()
since_box, until_box, action_box = st.columns([1, 1, 2])
since = since_box.date_input("Từ ngày", value=today - dt.timedelta(days=30), format="DD/MM/YYYY", key="audit_since")
until = until_box.date_input("Đến ngày", value=today, format="DD/MM/YYYY", key="audit_until")
known = audit.actions(cur)
action = action_box.selectbox("Việc", ["", *known], format_func=lambda a: known.get(a, "Tất cả"), key="audit_action",
                              placeholder=labels.CHOOSE)  # «Tất cả» is an option of its own: a None option shows as unselected
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
