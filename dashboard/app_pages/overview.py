"""Tổng quan: the year's headline figures, the distribution, bands, leaders and laggards,
and the average over the years."""

import streamlit as st

from dashboard import charts, labels, state, widgets
from pipelines import reads, wording

f, cur, table = state.year_page("Tổng quan chỉ số CCHC")
previous = reads.ranking(cur, f.year - 1, f.group, f.area)
avg = table["index_pct"].mean()
delta = avg - previous["index_pct"].mean() if not previous.empty else None
a, b, c, d = st.columns(4)
a.metric("Số đơn vị", labels.count(len(table)))
b.metric(
    "Chỉ số trung bình",
    labels.pct(avg),
    delta=None if delta is None else f"{labels.pct_points(delta)} so với {f.year - 1}",
)
c.metric("Đơn vị bị cảnh báo", int(table["is_flagged"].sum()))
d.metric("Phải nộp kế hoạch khắc phục", int(table["plan_required"].sum()))
why = wording.comparison_line(
    table, f.year
)  # a comparison missing, or an estimate, says why in one line
if why:
    st.caption(labels.md(why))

bands = reads.bands_for_framework(cur, table["framework_code"].iloc[0])
left, right = st.columns([3, 2])
left.subheader("Phân bố chỉ số")
left.plotly_chart(charts.index_histogram(table, bands), width="stretch")
right.subheader("Số đơn vị theo xếp loại")
right.plotly_chart(charts.band_counts(table, bands), width="stretch")

top, bottom = st.columns(2)
top.subheader("Năm đơn vị dẫn đầu")
leaders = labels.styled(table.nsmallest(5, "rank"), ["rank", "unit_name", "index_pct"])
top.dataframe(leaders, hide_index=True, width="stretch", column_config=widgets.fitted(leaders))
bottom.subheader("Năm đơn vị cuối bảng")
laggards = labels.styled(table.nlargest(5, "rank"), ["rank", "unit_name", "index_pct"])
bottom.dataframe(laggards, hide_index=True, width="stretch", column_config=widgets.fitted(laggards))

st.subheader("Chỉ số trung bình qua các năm")
st.plotly_chart(
    charts.trend(
        reads.index_by_year(cur, group=f.group, drafts=state.sees_drafts()),
        "avg_index_pct",
        title="Trung bình",
        y_title="Chỉ số trung bình (%)",
    ),
    width="stretch",
)

# the leadership brief (báo cáo nhanh): the whole province, every ranking group, made when clicked
import datetime as dt  # noqa: E402

from pipelines.workbooks import brief  # noqa: E402

st.subheader("Báo cáo nhanh cho họp giao ban")
day, button = st.columns([1, 3], vertical_alignment="bottom")
brief_as_of = day.date_input(
    "Số liệu tính đến ngày", value=dt.date.today(), format="DD/MM/YYYY", key="overview_brief_as_of"
)
widgets.download(
    button,
    f"⬇️ Tải báo cáo nhanh năm {f.year} (PDF)",
    state.later(brief.pdf, f.year, brief_as_of),
    brief.file_name(f.year, brief_as_of),
    help="2–4 trang A4: chỉ số, dẫn đầu và cuối bảng, tăng giảm hạng, lĩnh vực mất điểm, cảnh báo,"
    " kế hoạch khắc phục, việc quá hạn; toàn tỉnh, mọi nhóm đơn vị",
)
