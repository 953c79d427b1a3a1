"""Lĩnh vực: units × fields, each field over the years, and where the points are lost."""

import streamlit as st

from dashboard import charts, labels, state
from pipelines import frameworks, reads

f, cur, table = state.year_page("Lĩnh vực")
fields = reads.field_scores_for_year(cur, f.year, group=f.group, area=f.area)

line = frameworks.flag_threshold(cur, table["framework_code"].unique())
st.subheader(f"Điểm từng lĩnh vực (% điểm tối đa; ● dưới {labels.threshold(line)})")
if len(table) > charts.BIG:
    st.caption(
        f"{len(table)} đơn vị: 25 đơn vị đầu và 25 đơn vị cuối bảng xếp hạng (chọn địa bàn để xem từng nơi)."
    )
shown = charts.ends(table)["unit_name"].drop_duplicates().tolist()
st.plotly_chart(
    charts.field_heatmap(fields[fields["unit_name"].isin(shown)], shown, line), width="stretch"
)

st.subheader("Trung bình từng lĩnh vực qua các năm")
by_year = reads.field_pct_by_year(cur, group=f.group, drafts=state.sees_drafts())
by_year["series"] = "LV " + by_year["field_code"] + ". " + by_year["field_name"]
st.plotly_chart(
    charts.trend(by_year, "avg_field_pct", series="series", y_title="% điểm tối đa (trung bình)"),
    width="stretch",
)

st.subheader("Điểm bị mất ở đâu")
lost = reads.points_lost_for_year(cur, f.year, group=f.group)
per_field = (
    fields.assign(points_lost=fields["max_points"] - fields["points"])
    .groupby(["field_code", "field_name"], as_index=False)["points_lost"]
    .sum()
    .sort_values("points_lost", ascending=False)
)
per_field["label"] = "LV " + per_field["field_code"]
left, right = st.columns(2)
left.caption("Theo lĩnh vực (cộng các đơn vị)")
left.plotly_chart(
    charts.pareto(per_field.rename(columns={"field_name": "criterion_name"}), "label"),
    width="stretch",
)
right.caption("Theo tiêu chí, 15 tiêu chí mất nhiều điểm nhất")
right.plotly_chart(charts.pareto(lost, "criterion_code"), width="stretch")
