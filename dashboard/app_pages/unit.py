"""Đơn vị: one unit over the years (through the 2025 merger), against its peers, where it
lost points, what it takes to reach the next band, and where each number came from."""

import datetime as dt

import streamlit as st

from dashboard import charts, labels, state, widgets
from pipelines import frameworks, reads, vocabulary, wording
from pipelines.text import fold

f = state.filters()
st.title("Hồ sơ đơn vị")
if f.year is None:
    st.stop()
cur = state.cursor()
units = reads.units_for_year(cur, f.year, group=f.group)
if units.empty:
    st.info("Không có đơn vị nào được chấm điểm trong năm và nhóm này.")
    st.stop()
query = st.text_input("Tìm đơn vị (gõ không dấu cũng được)", key="unit_search")
matches = units[[fold(query) in fold(n) for n in units["unit_name"]]] if query else units
if matches.empty:
    st.warning(f"Không có đơn vị nào khớp «{labels.md(query)}».")
    st.stop()
names = dict(zip(matches["unit_code"], matches["unit_name"]))
code = st.selectbox(
    "Đơn vị", list(names), format_func=names.get, key="unit_code", placeholder=labels.CHOOSE
)

row = reads.ranking(cur, f.year).set_index("unit_code").loc[code]
a, b, c = st.columns(3)
a.metric(
    f"Chỉ số {f.year}",
    labels.pct(row["index_pct"]),
    delta=labels.index_change_label(row["index_change"], row["is_estimate"]) or None,
)
b.metric(
    "Xếp hạng",
    f"{labels.rank_label(int(row['rank']), bool(row['is_tied']))} / {int(row['units_ranked'])}",
    delta=labels.change_label(row["rank_change"]) or None,
)
c.metric("Tổng điểm", f"{labels.number(row['points'])} / {labels.number(row['max_points'])}")
st.markdown(f"Xếp loại: **{labels.md(row['band_name'])}**")
if note := wording.change_note(
    row
):  # why there is no change, or that it is the predecessors' estimate
    st.caption(labels.md(note))
if row["is_flagged"]:
    st.warning(
        labels.md("Cảnh báo: " + "; ".join(row["reasons"]))
        + (
            f". Phải nộp kế hoạch khắc phục trước {labels.date(row['plan_due_date'])}."
            if row["plan_required"]
            else ""
        )
    )

# Tải phiếu điểm: the unit's one-page scorecard of the year (made only when clicked)
from pipelines.workbooks import scorecard_files  # noqa: E402

pdf_col, xlsx_col, _ = st.columns([1, 1, 2])
widgets.download(
    pdf_col,
    "⬇️ Tải phiếu điểm (.pdf)",
    state.later(scorecard_files.pdf, code, f.year),
    f"phieu_diem_{f.year}_{scorecard_files.file_name(code, 'pdf')}",
)
widgets.download(
    xlsx_col,
    "⬇️ Tải phiếu điểm (.xlsx)",
    state.later(scorecard_files.xlsx, code, f.year),
    f"phieu_diem_{f.year}_{scorecard_files.file_name(code, 'xlsx')}",
)

history = reads.unit_history(cur, code, drafts=state.sees_drafts())
st.subheader("Chỉ số qua các năm")
if history["is_self"].all():
    st.plotly_chart(
        charts.trend(history, "index_pct", title=names[code], y_title="Chỉ số (%)"), width="stretch"
    )
else:
    st.caption("Trước năm 2025: các đơn vị cũ đã sáp nhập vào đơn vị này.")
    st.plotly_chart(
        charts.trend(history, "index_pct", series="unit_name", y_title="Chỉ số (%)"),
        width="stretch",
    )
history["rank_text"] = [f"{r} / {n}" for r, n in zip(history["rank"], history["units_ranked"])]
history["year_label"] = history["year"].astype(str)
years = labels.table(history, labels.UNIT_YEARS)
st.dataframe(years, hide_index=True, width="stretch", column_config=widgets.fitted(years))

profile = reads.unit_fields_vs_peers(cur, code, f.year)
st.subheader("Từng lĩnh vực so với trung vị các đơn vị cùng loại")
st.plotly_chart(
    charts.profile_vs_peers(
        profile, names[code], frameworks.flag_threshold(cur, [row["framework_code"]])
    ),
    width="stretch",
)

criteria = reads.unit_criteria_for_year(cur, code, f.year)
plan = reads.next_band(cur, code, f.year, criteria)
st.subheader("Để lên xếp loại kế tiếp")
if plan is None:
    st.success("Đơn vị đã ở xếp loại cao nhất.")
else:
    st.write(
        f"Cần thêm **{labels.number(plan['points_needed'])} điểm** để đạt «{labels.md(plan['band'])}» "
        f"(từ {labels.number(plan['min_pct'], 0)} %). Dễ gỡ nhất là các tiêu chí mà nhiều đơn vị cùng loại đạt tối đa:"
    )
    easiest = labels.table(
        plan["criteria"].assign(peer_pct=plan["criteria"]["peer_share_at_max"] * 100),
        labels.EASIEST,
    )
    st.dataframe(easiest, hide_index=True, width="stretch", column_config=widgets.fitted(easiest))

st.subheader("Tiêu chí mất nhiều điểm nhất, tự chấm và thẩm định, nguồn số liệu")
gap = criteria["self_points"].astype(float) - criteria["points"]
criteria["self_points"] = [
    labels.number(x) for x in criteria["self_points"]
]  # blank where not self-assessed
criteria["gap"] = [labels.number(x) for x in gap]
criteria["source"] = [
    f"#{u} {sh}{', ' if ' ' in ce else '!'}{ce}" if ce else f"#{u}"  # a cell, or survey columns
    for u, sh, ce in zip(criteria["upload_id"], criteria["source_sheet"], criteria["source_cell"])
]
st.caption(
    "Chênh lệch: tự chấm trừ thẩm định. Nguồn: lần tải "
    + "; ".join(
        f"#{u} {labels.md(fn)}"
        for u, fn in criteria[["upload_id", "file_name"]].drop_duplicates().itertuples(index=False)
    )
    + "."
)
st.table(
    labels.table(
        labels.plain(criteria.sort_values("points_lost", ascending=False)[list(labels.CRITERIA)]),
        labels.CRITERIA,
    ),
    hide_index=True,
)

st.subheader("Cam kết và kế hoạch khắc phục của đơn vị")
unit_tasks = reads.commitment_status_at(cur, dt.date.today(), unit_code=code)
if unit_tasks.empty:
    st.caption("Đơn vị chưa đăng ký cam kết nào.")
else:
    tasks = labels.table(
        unit_tasks.assign(
            kind_name=unit_tasks["kind"].map(vocabulary.commitment_kinds(cur)),
            progress=widgets.progress(unit_tasks),
            year_label=unit_tasks["year"].astype(str),
            due=[labels.date(x) for x in unit_tasks["due_date"]],
        ),
        labels.UNIT_COMMITMENTS,
    )
    st.dataframe(tasks, hide_index=True, width="stretch", column_config=widgets.fitted(tasks))
