"""Cài đặt (Nội vụ): who issues and signs the papers (annex, brief): the same settings as
`cchc settings`, each saved through issuing_body.set_value, what is still unset said."""

import streamlit as st

from dashboard import state
from dashboard.widgets import refused
from pipelines import db, issuing_body
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
        with state.writing() as con, db.write(con):
            said = [issuing_body.set_value(con, key, value) for key, value in changed.items()]
    except InvalidInput as e:
        refused(e, "Chưa lưu được")
    else:
        st.success("Đã lưu: " + "; ".join(said) if said else "Không có gì thay đổi.")
        cur = state.cursor()  # the snapshot that has the new values
missing = issuing_body.missing_warning(issuing_body.read(cur))
if missing:
    st.warning(missing)
