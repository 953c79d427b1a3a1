"""Xếp hạng: the bar chart by band, the ranked table, most improved and most fallen, and the
official downloads."""

import streamlit as st

from dashboard import charts, labels, state, widgets
from pipelines import reads, vocabulary, wording
from pipelines.workbooks import annex, excel

f, cur, table = state.year_page("Xếp hạng chỉ số CCHC")

table["rank_label"] = [labels.rank_label(r, t) for r, t in zip(table["rank"], table["is_tied"])]
table["change_label"] = [labels.change_label(c) for c in table["rank_change"]]
table["change_points_label"] = [
    labels.change_with_points(r, p) for r, p in zip(table["rank_change"], table["points_change"])
]
table["index_change_label"] = [
    labels.index_change_label(c, e) for c, e in zip(table["index_change"], table["is_estimate"])
]
table["sample_label"] = [
    labels.sample_label(ok, n, req)
    for ok, n, req in zip(
        table["survey_sample_ok"], table["survey_forms"], table["survey_required_forms"]
    )
]
shown = [
    "rank_label",
    "unit_name",
    "points",
    "max_points",
    "index_pct",
    "band_name",
    "change_points_label",
]
if table["sample_label"].any():  # a rank that rests on too few survey forms says so
    shown.append("sample_label")
ends = None
if (
    table.groupby("rank_group").size().max() > 2 * charts.ENDS
):  # a long ranking: its ends unless asked for all
    shown_ends = st.radio(
        "Biểu đồ",
        [f"{charts.ENDS} cao nhất và {charts.ENDS} thấp nhất", "Tất cả"],
        horizontal=True,
        key="ranking_chart_ends",
    )
    ends = None if shown_ends == "Tất cả" else charts.ENDS
for group, part in table.groupby("rank_group", sort=False):
    if table["rank_group"].nunique() > 1:
        st.subheader(vocabulary.groups(cur).get(group, group))
    bands = reads.bands_for_framework(cur, part["framework_code"].iloc[0])
    st.plotly_chart(charts.ranking_bar(part, bands, ends), width="stretch", key=f"bar_{group}")
    styled = labels.styled(part, shown)
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        key=f"table_{group}",
        column_config=widgets.fitted(styled),
    )

# through the merger: units formed that year move by their index change against the predecessors' estimate
by = "index_change" if table["is_estimate"].any() else "rank_change"
moved = table.dropna(subset=[by])
up, down = st.columns(2)
up.subheader("Tiến bộ nhiều nhất")
down.subheader("Tụt hạng nhiều nhất")
why = wording.comparison_line(table, f.year)
if why:
    st.caption(labels.md(why))
if by == "index_change" and not moved.empty:
    st.caption(labels.MOVERS_BY_INDEX)
if not moved.empty:
    columns = ["unit_name", "rank_label", "change_label", "index_change_label"]
    most = labels.styled(moved.nlargest(5, by), columns)
    up.dataframe(most, hide_index=True, width="stretch", column_config=widgets.fitted(most))
    least = labels.styled(moved.nsmallest(5, by), columns)
    down.dataframe(least, hide_index=True, width="stretch", column_config=widgets.fitted(least))
elif not why:
    st.caption("Không có đơn vị nào thay đổi thứ hạng.")

st.subheader("Phụ lục kèm quyết định")
for warning in annex.issuer(cur, f.year)[1]:  # the annex itself is made only when downloaded
    st.warning(labels.md(warning))
xlsx, word, plain = st.columns(3)
widgets.download(
    xlsx,
    "⬇️ Phụ lục xếp hạng (.xlsx)",
    state.later(excel.ranking_xlsx_bytes, f.year, table),
    f"xep_hang_cchc_{f.year}.xlsx",
)
widgets.download(
    word,
    "⬇️ Phụ lục xếp hạng (.docx)",
    state.later(excel.ranking_docx_bytes, f.year, table),
    f"xep_hang_cchc_{f.year}.docx",
)
widgets.download(
    plain, "⬇️ Bảng xếp hạng (.csv)", excel.ranking_csv_bytes(table), f"xep_hang_cchc_{f.year}.csv"
)
