"""Điều tra xã hội học: each unit's survey score with its interval, samples against the size
the method asks for, how each question was answered, groups compared, the weakest questions."""

import pandas as pd
import streamlit as st

from dashboard import charts, labels, state, widgets
from pipelines import reads

f = state.filters()
st.title(f"Điều tra xã hội học năm {f.year}" if f.year else "Điều tra xã hội học")
if f.year is None:
    st.stop()
cur = state.cursor()
table = reads.survey_summary(cur, f.year, f.group, f.area)
if table.empty:
    st.info(
        "Chưa có phiếu khảo sát nào của năm và nhóm đơn vị này. Nội vụ nạp phiếu ở trang «Tải dữ liệu»"
        " hoặc bằng lệnh `cchc survey load`."
    )
    st.stop()

short = table[table["sample_ok"] == False]  # noqa: E712 (null = no population given)
a, b, c, d = st.columns(4)
a.metric("Đơn vị được khảo sát", labels.count(len(table)))
b.metric("Số phiếu", labels.count(int(table["forms"].sum())))
c.metric("Điểm trung bình", labels.pct(table["pct"].mean()))
d.metric("Đơn vị chưa đủ cỡ mẫu", labels.count(len(short)))

st.subheader("Điểm điều tra xã hội học của từng đơn vị, khoảng tin cậy 95 %")
if len(table) > charts.BIG:
    st.caption(
        f"{len(table)} đơn vị: 25 đơn vị điểm cao nhất và 25 đơn vị thấp nhất (chọn địa bàn để xem từng nơi)."
    )
st.caption(
    "Thanh ngang là khoảng tin cậy 95 %: hai đơn vị có khoảng chồng lên nhau thì chênh lệch điểm chưa chắc"
    " là thật. Màu đỏ: số phiếu chưa đạt cỡ mẫu n = N / (1 + N·e²), thứ hạng dựa trên quá ít phiếu."
)
st.plotly_chart(charts.survey_intervals(charts.ends(table)), width="stretch")

st.subheader("Cỡ mẫu")
samples = reads.survey_samples_for_year(cur, f.year, group=f.group, area=f.area)
given = samples.dropna(subset=["population"])
if given.empty:
    st.info("Tệp phiếu chưa kèm tổng thể N theo đơn vị và nhóm, nên chưa tính được cỡ mẫu cần.")
else:
    st.plotly_chart(charts.sample_vs_required(given), width="stretch")
    missing = given[~given["sample_ok"].astype(bool)]
    if len(missing):
        st.caption(
            f"{len(missing)} nhóm đối tượng ở {missing['unit_code'].nunique()} đơn vị chưa đủ phiếu:"
        )
        short_of = missing.assign(thieu=missing["required_forms"] - missing["forms"])[
            ["unit_name", "group_name", "population", "required_forms", "forms", "thieu"]
        ]
        st.dataframe(
            short_of.style.format(
                thousands=".",
                precision=0,
                na_rep="",
                subset=["population", "required_forms", "forms", "thieu"],
            ),
            hide_index=True,
            width="stretch",
            column_config=widgets.fitted(
                short_of,
                {
                    "unit_name": "Đơn vị",
                    "group_name": "Nhóm đối tượng",
                    "population": "Tổng thể N",
                    "required_forms": "Cỡ mẫu cần",
                    "forms": "Số phiếu",
                    "thieu": "Còn thiếu",
                },
            ),
        )

answers = reads.survey_answers_for_year(cur, f.year, group=f.group, area=f.area)
left, right = st.columns(2)
left.subheader("Câu trả lời từng câu hỏi")
left.plotly_chart(charts.answer_distribution(answers), width="stretch")
right.subheader("So sánh các nhóm đối tượng")
right.plotly_chart(charts.group_comparison(answers), width="stretch")

st.subheader("Câu hỏi điểm thấp nhất")
questions = reads.survey_questions_for_year(cur, f.year, group=f.group, area=f.area)
weakest = questions.assign(
    mean=questions["mean_pct"].map(labels.pct), lost=questions["points_lost"].map(labels.number)
)[["question_code", "question_text", "criterion_code", "mean", "lost"]]
st.dataframe(
    weakest,
    hide_index=True,
    width="stretch",
    column_config=widgets.fitted(
        weakest,
        {
            "question_code": "Câu",
            "question_text": "Nội dung",
            "criterion_code": "Tiêu chí",
            "mean": "Đạt (% điểm, trung bình)",
            "lost": "Điểm bị mất (cộng các đơn vị)",
        },
    ),
)

st.subheader("Bảng kết quả")
per_group = samples.pivot_table(
    index="unit_code", columns="group_name", values="forms", aggfunc="sum", sort=False
)
groups = [f"Phiếu: {g}" for g in per_group.columns]
table = table.merge(
    per_group.set_axis(groups, axis=1), left_on="unit_code", right_index=True, how="left"
)
# the grid writes an empty number as «None», whatever the Styler says: no count is left empty
results = table.assign(
    **{
        "required_forms": table["required_forms"].map(
            lambda n: "" if pd.isna(n) else labels.count(int(n))
        ),
        "điểm": table["points"].map(labels.number),
        "pct_label": table["pct"].map(labels.pct),
        "ktc": [
            f"{labels.number(lo)} – {labels.number(hi)}"
            for lo, hi in zip(table["ci_low"], table["ci_high"])
        ],
        "mẫu": table["sample_ok"].map({True: "Đủ", False: "Chưa đủ"}).fillna("Chưa có tổng thể"),
    }
)[["unit", "forms", "required_forms", "mẫu", "điểm", "pct_label", "ktc"]]
st.dataframe(
    results.style.format(thousands=".", precision=0, subset=["forms"]),
    hide_index=True,
    width="stretch",
    column_config=widgets.fitted(
        results,
        {
            "unit": "Đơn vị",
            "forms": "Số phiếu",
            "required_forms": "Cỡ mẫu cần",
            "mẫu": "Cỡ mẫu",
            "điểm": "Điểm ĐTXHH",
            "pct_label": "% tối đa",
            "ktc": "Khoảng tin cậy 95 % (điểm)",
        },
    ),
)
st.subheader("Số phiếu theo nhóm đối tượng")
by_group = (
    table[["unit", "forms", *groups]]
    .fillna({g: 0 for g in groups})
    .astype({g: int for g in groups})
)
st.dataframe(
    by_group.style.format(thousands=".", subset=["forms", *groups]),
    hide_index=True,
    width="stretch",
    column_config=widgets.fitted(by_group, {"unit": "Đơn vị", "forms": "Số phiếu"}),
)
