"""Tổng quan: the headline figures of the year."""

import streamlit as st

from dashboard import labels, state
from pipelines import reports

f = state.filters()
st.title(f"Tổng quan chỉ số CCHC năm {f.year}" if f.year else "Tổng quan chỉ số CCHC")
if f.year is None:
    st.stop()
cur = state.cursor()
table = reports.ranking(cur, f.year, f.group)
if table.empty:
    st.info("Không có đơn vị nào được chấm điểm trong năm và nhóm này.")
    st.stop()
previous = reports.ranking(cur, f.year - 1, f.group)
avg = table["index_pct"].mean()
delta = avg - previous["index_pct"].mean() if not previous.empty else None
a, b, c, d = st.columns(4)
a.metric("Số đơn vị", f"{len(table):,}".replace(",", "."))
b.metric("Chỉ số trung bình", labels.pct(avg),
         delta=None if delta is None else f"{labels.pct(delta)} so với {f.year - 1}".replace("-", "−"))
c.metric("Đơn vị bị cảnh báo", int(table["is_flagged"].sum()))
d.metric("Phải có kế hoạch khắc phục", int(table["plan_required"].sum()))

st.subheader("Số đơn vị theo xếp loại")
counts = table.groupby("band_name", sort=False).size()
st.dataframe(counts.rename("Số đơn vị").rename_axis("Xếp loại").reset_index(), hide_index=True)

top, bottom = st.columns(2)
top.subheader("Năm đơn vị dẫn đầu")
top.dataframe(labels.styled(table.nsmallest(5, "rank"), ["rank", "unit_name", "index_pct"]), hide_index=True)
bottom.subheader("Năm đơn vị cuối bảng")
bottom.dataframe(labels.styled(table.nlargest(5, "rank"), ["rank", "unit_name", "index_pct"]), hide_index=True)
