"""Lịch & hạn: every dated duty of a year's follow-up as it stood on a date (who owes it, who has
delivered, who is late, days left), the Monday digest to download (.xlsx, PDF) with the very same
counts, and, for Nội vụ, a form to record a periodic report received."""

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import labels, state, widgets
from pipelines import db, duties, reads
from pipelines.problems import InvalidInput
from pipelines.workbooks import digest

f = state.filters()
st.title(f"Lịch và hạn — theo kết quả năm {f.year}" if f.year else "Lịch và hạn")
if f.year is None:
    st.stop()
cur = state.cursor()
as_of = st.date_input(
    "Tình trạng vào ngày", value=dt.date.today(), format="DD/MM/YYYY", key="calendar_as_of"
)
try:
    d = digest.data(cur, f.year, as_of, f.group)
except InvalidInput as e:
    st.info(labels.md(e.problems[0].message))
    st.stop()
st.caption(
    f"Báo cáo thứ Hai của tuần: {d['monday']}. Phạm vi: {d['scope']}, các đơn vị còn hoạt động trong năm"
    " (không tính đơn vị đã sáp nhập); địa bàn không áp dụng cho lịch."
)

a, b, c, e = st.columns(4)
for column, key, label in (
    (a, "tasks", "Nhiệm vụ quá hạn"),
    (b, "plans", "Kế hoạch chưa nộp, quá hạn"),
    (c, "registrations", "Chưa đăng ký đột phá, quá hạn"),
    (e, "reports", "Báo cáo định kỳ chưa nộp, quá hạn"),
):
    column.metric(label, labels.count(d["counts"][key]))

st.subheader("Lịch của năm")
calendar = pd.DataFrame(d["calendar"], columns=d["calendar_header"])
st.table(
    labels.plain(calendar), hide_index=True
)  # a dozen duties of many columns: a table that wraps, not a grid that scrolls

left, right = st.columns(2)
widgets.download(
    left,
    "⬇️ Báo cáo thứ Hai (.xlsx)",
    state.later(digest.xlsx, f.year, as_of, f.group),
    digest.file_name(f.year, as_of, "xlsx"),
)
widgets.download(
    right,
    "⬇️ Báo cáo thứ Hai (PDF)",
    state.later(digest.pdf, f.year, as_of, f.group),
    digest.file_name(f.year, as_of, "pdf"),
)

st.subheader("Ai đã nộp, ai chậm")
table = reads.duties_at(cur, f.year, as_of, f.group)
owed = table[table["unit_code"].notna()]
owed = owed.assign(
    line=owed["duty"] + "|" + owed["period"] + "|" + [labels.date(x) for x in owed["due_date"]]
)
names = {
    r.line: f"{labels.date(r.due_date)} · {r.duty_name}{'' if r.period == 'year' else ' · ' + r.period_name}"
    for r in owed.drop_duplicates("line").itertuples()
}
line = st.selectbox(
    "Việc", list(names), format_func=names.get, key="calendar_line", placeholder=labels.CHOOSE
)
if line is not None:
    rows = owed[owed["line"] == line].sort_values(["is_missing", "days_late"], ascending=False)
    shown = pd.DataFrame(
        {
            "Đơn vị": rows["unit_name"],
            "Hạn": [labels.date(x) for x in rows["due_date"]],
            "Tình trạng": [
                duties.delivery(x, due, as_of)
                for x, due in zip(rows["delivered_date"], rows["due_date"])
            ],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", column_config=widgets.fitted(shown))

if state.can_edit():
    st.subheader("Ghi nhận báo cáo định kỳ đã nhận (Nội vụ)")
    periods = duties.periods(cur)
    units = reads.units_for_year(cur, f.year, group=f.group)
    who = {"": "Nội vụ — báo cáo tổng hợp", **dict(zip(units["unit_code"], units["unit_name"]))}
    with st.form("add_report", clear_on_submit=True, enter_to_submit=False):
        unit = st.selectbox("Đơn vị", list(who), format_func=who.get, placeholder=labels.CHOOSE)
        period = st.selectbox(
            "Kỳ báo cáo", list(periods), format_func=periods.get, placeholder=labels.CHOOSE
        )
        day = st.date_input("Ngày nhận", value=as_of, format="DD/MM/YYYY")
        note = st.text_input("Tên tệp hoặc ghi chú")
        if st.form_submit_button("Lưu"):
            if unit is None or period is None:
                st.error("Chọn đơn vị và kỳ báo cáo.")
            else:
                with state.writing() as con, db.write(con):
                    duties.add_report(
                        con,
                        year=f.year,
                        period=period,
                        unit_code=unit or None,
                        received_date=day,
                        note=note or None,
                        entered_by=state.account().name,
                    )
                st.session_state["calendar_saved"] = (
                    f"Đã ghi nhận báo cáo {periods[period]} của {who[unit]}"
                )
                st.rerun()
    if "calendar_saved" in st.session_state:
        st.success(labels.md(st.session_state.pop("calendar_saved")))
