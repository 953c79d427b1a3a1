"""Đăng nhập / đăng xuất."""

import streamlit as st

from dashboard import labels, state
from pipelines import accounts

st.title("Tài khoản")
current = state.account()
if current:
    st.write(f"Đang đăng nhập: **{labels.md(current.name)}** ({accounts.ROLES[current.role]})")
    if st.button("Đăng xuất"):
        del st.session_state["account"]
        st.rerun()
    st.stop()

with st.form("login", enter_to_submit=False):
    name = st.text_input("Tên đăng nhập")
    password = st.text_input("Mật khẩu", type="password")
    submitted = st.form_submit_button("Đăng nhập")
if submitted:
    try:
        with state.writing() as con:  # a login is a line of the audit log
            st.session_state["account"] = accounts.log_in(con, name, password, state.client())
    except accounts.Refused as e:
        st.error(str(e))
    else:
        st.rerun()
st.caption("Đăng nhập giữ đến khi đóng hoặc tải lại trang (F5): tải lại trang là đăng xuất.")
if accounts.is_demo(state.cursor()):
    st.caption(
        "Cơ sở dữ liệu mẫu: tài khoản lanhdao / lanhdao (xem) và noivu / noivu (tải dữ liệu)."
    )
