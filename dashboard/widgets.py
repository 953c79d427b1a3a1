"""Pieces that several pages draw the same way."""

import streamlit as st

from dashboard import labels
from pipelines import problems
from pipelines.problems import InvalidInput


def show_problems(e: InvalidInput) -> None:
    """Why a file was refused: the first problems, those that recur grouped into one; the full
    list as a CSV download (made only when clicked)."""
    shown = problems.grouped(e.problems)
    st.error(f"Tệp không hợp lệ: {labels.count(len(e.problems))} lỗi. Không có gì được nạp; sửa các ô dưới đây rồi tải lại.")
    st.dataframe([{"Trang tính": p.sheet or "", "Ô": p.cell or "", "Lỗi": p.text} for p in shown[:problems.SHOWN]],
                 hide_index=True, width="stretch")
    if len(shown) > problems.SHOWN:
        st.caption(f"Hiển thị {problems.SHOWN} trong {labels.count(len(shown))} lỗi (các lỗi giống nhau đã được gộp).")
    if len(shown) < len(e.problems) or len(shown) > problems.SHOWN:
        found = e.problems
        st.download_button(f"⬇️ Toàn bộ {labels.count(len(found))} lỗi (.csv)", lambda: problems.to_csv(found),
                           file_name="danh_sach_loi.csv", mime="text/csv")
