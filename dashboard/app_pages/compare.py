"""So sánh: two years of a ranking side by side (units ranked in one year only listed with the
reason), or two units of one year; each with its .xlsx and .csv (made only when clicked)."""

import datetime as dt

import streamlit as st

from dashboard import labels, state, widgets
from pipelines import reads, vocabulary
from pipelines.workbooks import compare

f = state.filters()
st.title("So sánh")
if f.year is None:
    st.stop()
cur = state.cursor()
mode = st.radio(
    "So sánh",
    ["Hai năm", "Hai đơn vị"],
    horizontal=True,
    key="compare_mode",
    label_visibility="collapsed",
)

if mode == "Hai năm":
    years = state.years()  # newest first; a visitor: the published ones
    if len(years) < 2:
        st.info("Cần điểm của ít nhất hai năm để so sánh.")
        st.stop()
    before = next((y for y in years if y < f.year), next(y for y in years if y != f.year))
    left, right = st.columns(2)  # keyed by the filter's year: a new year brings its own defaults
    year_from = left.selectbox(
        "Năm thứ nhất",
        years,
        index=years.index(before),
        key=f"compare_from_{f.year}",
        placeholder=labels.CHOOSE,
    )
    year_to = right.selectbox(
        "Năm thứ hai",
        years,
        index=years.index(f.year),
        key=f"compare_to_{f.year}",
        placeholder=labels.CHOOSE,
    )
    if year_from == year_to:
        st.warning("Chọn hai năm khác nhau.")
        st.stop()
    table = compare.years(cur, year_from, year_to, f.group, f.area)
    if table.empty:
        st.info(
            f"Không có đơn vị nào được xếp hạng năm {year_from} hay năm {year_to} trong nhóm này."
        )
        st.stop()
    both = int(table["in_both"].sum())
    st.caption(
        f"{labels.count(both)} đơn vị được xếp hạng cả hai năm, {labels.count(len(table) - both)} đơn vị chỉ"
        f" một trong hai năm. Thay đổi: năm {year_to} so với năm {year_from}, trong cùng nhóm xếp hạng;"
        " chỉ số tính bằng điểm %."
    )
    for group, part in table.groupby("rank_group", sort=False):
        if table["rank_group"].nunique() > 1:
            st.subheader(vocabulary.groups(cur).get(group, group))
        ranked, single = part[part["in_both"]], part[~part["in_both"]]
        if not ranked.empty:
            quiet = (
                (compare.NOTE,) if ranked["note"].isna().all() else ()
            )  # no note to write: no «Ghi chú» column
            st.table(
                labels.comparison(compare.year_tables(ranked, year_from, year_to)[0], drop=quiet),
                hide_index=True,
            )
        if not single.empty:
            with st.expander(
                f"{labels.count(len(single))} đơn vị chỉ được xếp hạng một trong hai năm (lý do)",
                expanded=ranked.empty,
            ):
                st.table(
                    labels.comparison(compare.one_year_table(part, year_from, year_to)),
                    hide_index=True,
                )
    name = f"so_sanh_{year_from}_{year_to}"
    xlsx, plain, _ = st.columns([1, 1, 2])
    widgets.download(
        xlsx,
        "⬇️ Bảng so sánh (.xlsx)",
        state.later(compare.years_xlsx, year_from, year_to, f.group, f.area),
        f"{name}.xlsx",
    )
    widgets.download(
        plain,
        "⬇️ Bảng so sánh (.csv)",
        state.later(compare.years_csv, year_from, year_to, f.group, f.area),
        f"{name}.csv",
    )
else:
    units = reads.units_for_year(cur, f.year, group=f.group)
    names = dict(zip(units["unit_code"], units["unit_name"]))
    if len(names) < 2:
        st.info("Cần ít nhất hai đơn vị được xếp hạng trong năm và nhóm này.")
        st.stop()
    left, right = st.columns(2)
    first = left.selectbox(
        "Đơn vị thứ nhất",
        list(names),
        index=0,
        format_func=names.get,
        key=f"compare_unit_a_{f.year}",
        placeholder=labels.CHOOSE,
    )
    second = right.selectbox(
        "Đơn vị thứ hai",
        list(names),
        index=1,
        format_func=names.get,
        key=f"compare_unit_b_{f.year}",
        placeholder=labels.CHOOSE,
    )
    if first == second:
        st.warning("Chọn hai đơn vị khác nhau.")
        st.stop()
    today = dt.date.today()
    pair = compare.units(cur, first, second, f.year, today)
    for t in compare.unit_tables(pair):
        st.subheader(t.title)
        if t.rows:
            st.table(labels.comparison(t), hide_index=True)
        else:
            st.caption("Chưa đăng ký cam kết nào cho kết quả năm này.")
    name = f"so_sanh_{f.year}_{first}_{second}"
    xlsx, plain, _ = st.columns([1, 1, 2])
    widgets.download(
        xlsx,
        "⬇️ Bảng so sánh (.xlsx)",
        state.later(compare.units_xlsx_of, first, second, f.year, today),
        f"{name}.xlsx",
    )
    widgets.download(
        plain,
        "⬇️ Bảng so sánh (.csv)",
        state.later(compare.units_csv_of, first, second, f.year, today),
        f"{name}.csv",
    )
