"""Cam kết & khắc phục: breakthrough tasks and remediation plans of a year's results, as they
stood on a date; quarter by quarter; plans received or missing; whether they paid off; and, for
Nội vụ, forms to register a commitment or append progress."""

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import charts, labels, state, widgets
from pipelines import commitments, db, duties, reads, vocabulary
from pipelines.problems import InvalidInput

f = state.filters()
st.title(
    f"Cam kết và kế hoạch khắc phục — kết quả năm {f.year}"
    if f.year
    else "Cam kết và kế hoạch khắc phục"
)
if f.year is None:
    st.stop()
cur = state.cursor()
as_of = st.date_input(
    "Tình trạng vào ngày", value=dt.date.today(), format="DD/MM/YYYY", key="commitments_as_of"
)
table = reads.commitment_status_at(cur, as_of, f.year, f.group)
plans = reads.plans_for_year(cur, f.year, as_of, f.group)

a, b, c, d = st.columns(4)
a.metric("Cam kết đã đăng ký", len(table))
b.metric("Đã hoàn thành", int((table["status"] == "done").sum()))
c.metric("Quá hạn", int(table["is_overdue"].sum()))
d.metric("Kế hoạch khắc phục chưa nộp", f"{int((~plans['is_received']).sum())} / {len(plans)}")

if not table.empty:
    st.subheader("Tiến độ (quá hạn: viền đỏ)")
    overdue_first = table.sort_values(["is_overdue", "due_date"], ascending=[False, True]).head(60)
    overdue_first = overdue_first.assign(
        start=pd.to_datetime(overdue_first["starts_on"]),
        due_date=pd.to_datetime(overdue_first["due_date"]),
        label=overdue_first["unit_name"] + " · " + overdue_first["commitment_code"].str[-2:],
    )
    if len(table) > 60:
        st.caption(
            f"{len(table)} cam kết: biểu đồ cho 60 cam kết (quá hạn trước, rồi theo hạn); bảng dưới có đủ."
        )
    st.plotly_chart(charts.gantt(overdue_first, as_of), width="stretch")

    st.subheader("Tình trạng qua từng kỳ báo cáo")
    counts = reads.commitment_status_by_report_date(cur, f.year, group=f.group)
    counts["label"] = [
        f"{period} ({day:%d/%m/%Y})" for period, day in zip(counts["period"], counts["report_date"])
    ]
    st.plotly_chart(charts.status_over_time(counts), width="stretch")

    st.subheader("Danh sách cam kết")
    listed = table.assign(
        kind_name=table["kind"].map(vocabulary.commitment_kinds(cur)),
        due=[labels.date(x) for x in table["due_date"]],
        progress=widgets.progress(table),
    )
    listed = labels.table(listed, labels.COMMITMENTS)
    st.dataframe(listed, hide_index=True, width="stretch", column_config=widgets.fitted(listed))

if not table.empty:
    st.subheader("Diễn biến từng cam kết của một đơn vị")
    ordered = reads.units_for_year(cur, f.year, group=f.group)  # in Vietnamese order
    ordered = ordered[ordered["unit_code"].isin(table["unit_code"])]
    unit_names = dict(zip(ordered["unit_code"], ordered["unit_name"]))
    unit = st.selectbox(
        "Đơn vị",
        list(unit_names),
        format_func=unit_names.get,
        key="commitments_timeline_unit",
        placeholder=labels.CHOOSE,
    )
    if unit is not None:
        steps = reads.commitment_timeline_for_unit(cur, unit, f.year, as_of)
        for code, g in steps.groupby("commitment_code", sort=False):
            st.markdown(
                f"**{labels.md(g['title'].iloc[0])}** ({labels.md(code)}, hạn {labels.date(g['due_date'].iloc[0])})"
            )
            st.markdown(
                "  \n".join(
                    f"{labels.date(r.step_date)} — {r.status_name}"
                    + ("" if r.step == "registered" else f" {labels.count(int(r.percent_done))} %")
                    + (f" · {labels.md(r.note)}" if isinstance(r.note, str) and r.note else "")
                    for r in g.itertuples()
                )
            )

st.subheader("Kế hoạch khắc phục phải nộp")
if plans.empty:
    st.success("Không đơn vị nào phải nộp kế hoạch khắc phục.")
else:
    due = plans.assign(
        reasons=[" · ".join(r) for r in plans["short_reasons"]],
        due=[labels.date(x) for x in plans["plan_due_date"]],
        got=[
            duties.delivery(x, due, as_of)
            for x, due in zip(plans["received_date"], plans["plan_due_date"])
        ],
    )
    due = labels.table(due, labels.PLANS)
    st.dataframe(due, hide_index=True, width="stretch", column_config=widgets.fitted(due))

st.subheader(f"Có hiệu quả không: điểm lĩnh vực năm {f.year} và năm {f.year + 1}")
payoff = reads.commitment_payoff(cur, f.year, drafts=state.sees_drafts())
payoff["unit_name"] = [
    labels.with_successor(u, s) for u, s in zip(payoff["unit_name"], payoff["successor_name"])
]
if payoff["field_pct_after"].notna().any():
    if payoff["successor_name"].notna().any():
        st.caption(labels.successor_note(f.year + 1))
    paid = labels.table(
        payoff.assign(
            change_label=[labels.pct_points(x, signed=True) for x in payoff["change_pct"]]
        ),
        labels.payoff(f.year),
    )
    st.dataframe(paid, hide_index=True, width="stretch", column_config=widgets.fitted(paid))
else:
    st.caption(f"Chưa có kết quả năm {f.year + 1} để so sánh.")

if state.can_edit():
    st.subheader("Cập nhật (Nội vụ)")
    left, right = st.columns(2)
    with left.form("add_update", clear_on_submit=True, enter_to_submit=False):
        st.markdown("**Thêm tiến độ**")
        code = st.selectbox(
            "Cam kết",
            table["commitment_code"].tolist(),
            placeholder="Chưa có cam kết nào",
            format_func=lambda c: f"{c} — {table.set_index('commitment_code').loc[c, 'title']}",
        )
        statuses = vocabulary.commitment_statuses(cur)
        status = st.selectbox(
            "Tình trạng", list(statuses), format_func=statuses.get, placeholder=labels.CHOOSE
        )
        percent = st.number_input("% hoàn thành", min_value=0, max_value=100, step=5)
        day = st.date_input("Ngày", value=as_of, format="DD/MM/YYYY")
        note = st.text_input("Ghi chú, minh chứng")
        if st.form_submit_button("Lưu tiến độ") and code:
            with state.writing() as con, db.write(con):
                commitments.add_update(
                    con,
                    commitment_code=code,
                    update_date=day,
                    status=status,
                    percent_done=float(percent),
                    note=note or None,
                    entered_by=state.account().name,
                )
            st.session_state["commitments_saved"] = f"Đã lưu tiến độ của {code}"
            st.rerun()
    with right.form("add_commitment", clear_on_submit=True, enter_to_submit=False):
        st.markdown("**Đăng ký cam kết**")
        units = reads.units_for_year(cur, f.year, group=f.group)
        unit = st.selectbox(
            "Đơn vị",
            units["unit_code"].tolist(),
            format_func=dict(zip(units["unit_code"], units["unit_name"])).get,
            placeholder=labels.CHOOSE,
        )
        kinds = vocabulary.commitment_kinds(cur)
        kind = st.selectbox("Loại", list(kinds), format_func=kinds.get, placeholder=labels.CHOOSE)
        title = st.text_input("Nội dung")
        field = st.text_input("Lĩnh vực (mã, không bắt buộc)")
        due = st.date_input(
            "Hạn hoàn thành", value=dt.date(f.year + 1, 12, 31), format="DD/MM/YYYY"
        )
        registered = st.date_input("Ngày văn bản đăng ký", value=as_of, format="DD/MM/YYYY")
        number = st.text_input("Số văn bản")
        if st.form_submit_button("Đăng ký"):
            try:
                if not title.strip():
                    raise InvalidInput([])
                with state.writing() as con, db.write(con):
                    new = commitments.add_commitment(
                        con,
                        unit_code=unit,
                        year=f.year,
                        kind=kind,
                        title=title.strip(),
                        field_code=field.strip() or None,
                        due_date=due,
                        registered_date=registered,
                        document_number=number or None,
                        created_by=state.account().name,
                    )
                st.session_state["commitments_saved"] = f"Đã đăng ký cam kết {new}"
                st.rerun()
            except InvalidInput as e:
                st.error("; ".join(p.message for p in e.problems) or "Cần ghi nội dung cam kết.")
    if "commitments_saved" in st.session_state:
        st.success(labels.md(st.session_state.pop("commitments_saved")))
