"""Cảnh báo: flagged units, their reasons, whether a plan is required and by when."""

import streamlit as st

from dashboard import labels, state, widgets
from pipelines import frameworks, reads

f = state.filters()
st.title(f"Đơn vị bị cảnh báo năm {f.year}" if f.year else "Đơn vị bị cảnh báo")
if f.year is None:
    st.stop()
table = reads.flags(state.cursor(), f.year, f.group, f.area)
required = int(table["plan_required"].sum())
a, b = st.columns(2)
a.metric("Đơn vị bị cảnh báo", len(table))
b.metric("Phải nộp kế hoạch khắc phục", required)
if table.empty:
    st.success("Không có đơn vị nào bị cảnh báo.")
    st.stop()
table["reasons_text"] = [" · ".join(r) for r in table["short_reasons"]]
table["plan_label"] = ["Phải nộp" if p else "Không bắt buộc" for p in table["plan_required"]]
table["plan_due_label"] = [labels.date(d) for d in table["plan_due_date"]]
line = frameworks.flag_threshold(
    state.cursor(), reads.frameworks_for_year(state.cursor(), f.year)["framework_code"]
)
st.caption(
    f"LV n: lĩnh vực n và tỷ lệ điểm đạt so với điểm tối đa của lĩnh vực (ngưỡng {labels.threshold(line)})."
)
flagged = labels.styled(
    table, ["unit_name", "index_pct", "reasons_text", "plan_label", "plan_due_label"]
)
st.dataframe(flagged, hide_index=True, width="stretch", column_config=widgets.fitted(flagged))
