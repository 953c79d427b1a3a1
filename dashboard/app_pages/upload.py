"""Tải dữ liệu (Nội vụ): upload → preview of what changes → confirm; history with rollback;
templates. The same pipeline functions as the CLI."""

import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import labels, reading, state
from dashboard.widgets import fitted, show_problems
from pipelines import (commitment_workbook, framework_workbook, frameworks, mappings, scores, settings,
                       survey_definitions, surveys, templates, uploads)
from pipelines.problems import InvalidInput
from pipelines.scores import Options, load_scores

state.require_editor()
st.title("Tải dữ liệu")
cur = state.cursor()
key = st.session_state.setdefault("upload_key", 0)

what = st.radio("Loại tệp", ["Bảng điểm", "Phiếu khảo sát (ĐTXHH)", "Cam kết và tiến độ"], horizontal=True,
                key=f"what_{key}")
left, right = st.columns([3, 1])
file = left.file_uploader("Tệp (.xlsx, .xls, .ods, .csv)", type=["xlsx", "xls", "ods", "csv"], key=f"file_{key}")
year = right.number_input("Năm đánh giá", min_value=2000, max_value=2100, step=1,
                          value=int(state.filters().year or 2025), key=f"year_{key}")
new_units = right.checkbox("Đăng ký đơn vị mới", help="Tên chưa có trong danh mục được thêm thành đơn vị mới", key=f"new_{key}")


@contextmanager
def saved(upload):
    """The uploaded file on disk under its own suffix, for the pipeline's readers."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{Path(upload.name).suffix.lower()}"
        path.write_bytes(upload.getvalue())
        yield path


def written(write, *args) -> bytes:
    """The workbook that write(*args, out) makes, as bytes for a download button."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "tep.xlsx"
        write(*args, out)
        return out.read_bytes()


def auto_reading():
    """The first score table of the file as the product reads it by itself, or None."""
    with saved(file) as path:
        try:
            return next((s.table for s in scores.read_tables(cur, path, int(year), display_name=file.name) if s.table), None)
        except InvalidInput:
            return None


def run(dry_run: bool, columns: str | None = None):
    with saved(file) as path:
        if what == "Bảng điểm":
            return load_scores(cur, path, int(year), new_units=new_units, dry_run=dry_run,
                               uploaded_by=state.account().name, client=state.client(), display_name=file.name,
                               options=Options(columns=columns))
        return surveys.load_responses(cur, path, int(year), dry_run=dry_run, uploaded_by=state.account().name,
                                      client=state.client(), display_name=file.name)


if file is not None and what == "Cam kết và tiến độ":
    if st.button("Nạp cam kết và tiến độ", type="primary"):
        try:
            with saved(file) as path:
                st.session_state["upload_done"] = commitment_workbook.load(cur, path, state.account().name, file.name,
                                                                                 state.client())
            st.session_state["upload_key"] = key + 1
            st.rerun()
        except InvalidInput as e:
            show_problems(e)
elif file is not None:
    table = auto_reading() if what == "Bảng điểm" else None
    columns = reading.user_columns(table, key) if table is not None else None
    try:
        report = run(dry_run=True, columns=columns)
    except InvalidInput as e:
        show_problems(e)
        report = None
    if table is not None:
        reading.editor(table, key, expanded=report is None or columns is not None,
                       ask_maxima=not frameworks.exist_for_year(cur, int(year)))
    if report is not None:
        st.info(labels.md(report.summary()))
        for warning in report.warnings:
            st.warning(labels.md(warning))
        a, b, c = st.columns(3)
        a.metric("Đơn vị trong tệp", len(report.units))
        if what == "Bảng điểm":
            b.metric("Đơn vị mới", len(report.new_units))
        else:
            b.metric("Số phiếu", labels.count(report.forms))
        c.metric("Thay thế kết quả đã có", len(report.replaced_units))
        st.subheader("Điểm sẽ thay đổi")
        changes = (report.changes.rename(columns={"unit_name": "Đơn vị", "points_before": "Điểm hiện có", "points": "Điểm mới",
                                                  "rank_before": "Hạng hiện có", "rank": "Hạng mới"})
                   [["Đơn vị", "Điểm hiện có", "Điểm mới", "Hạng hiện có", "Hạng mới"]]
                   .style.format(precision=2, decimal=",", subset=["Điểm hiện có", "Điểm mới"], na_rep="(chưa có)"))
        st.dataframe(changes, hide_index=True, width="stretch", column_config=fitted(changes))
        if what == "Bảng điểm":
            with st.expander(f"Cách khớp tên {len(report.matches)} đơn vị"):
                st.dataframe([{"Tên trong tệp": w, "Đơn vị": n, "Mã": c, "Cách khớp": how} for w, c, n, how in report.matches],
                             hide_index=True, width="stretch")
        if st.button("Xác nhận nạp", type="primary"):
            done = run(dry_run=False, columns=columns)
            st.session_state["upload_key"] = key + 1
            st.session_state["upload_done"] = done.summary()
            st.rerun()

if "upload_done" in st.session_state:
    st.success(labels.md(st.session_state.pop("upload_done")))

st.subheader("Lịch sử tải lên")
history = uploads.history(cur)
if history.empty:
    st.caption("Chưa có lần tải nào.")
else:
    shown = history.assign(
        when=[labels.date(t) + f" {t:%H:%M}" for t in history["uploaded_at"]],
        status_label=history["status"].map(uploads.STATUSES),
        values=history["row_count"].map(labels.count),
        year_label=history["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
    )
    listed = shown.rename(columns={"upload_id": "#", "when": "Thời gian", "uploaded_by": "Người tải",
                                   "file_name": "Tệp", "year_label": "Năm", "values": "Số giá trị",
                                   "status_label": "Trạng thái"})[["#", "Thời gian", "Người tải", "Tệp", "Năm", "Số giá trị", "Trạng thái"]]
    st.dataframe(listed, hide_index=True, width="stretch", key="upload_history", column_config=fitted(listed))
    active = history[(history["status"] == "loaded") & history["upload_kind"].isin(list(uploads.WHAT))]
    if not active.empty:
        files = active.set_index("upload_id")
        chosen = st.selectbox("Hoàn tác lần tải", active["upload_id"], key="rollback_choice", placeholder=labels.CHOOSE,
                              format_func=lambda i: f"#{i} — {files.loc[i, 'file_name']}")
        pending = st.session_state.get("rollback_pending")
        if pending != chosen:
            if st.button("Hoàn tác…", key="rollback_ask"):
                st.session_state["rollback_pending"] = chosen
                st.rerun()
        else:
            st.warning(labels.md(uploads.plan(cur, int(chosen)).preview() + " Hoàn tác?"))
            yes, no, _ = st.columns([1, 1, 4])
            if yes.button("Xác nhận hoàn tác", type="primary", key="rollback_yes"):
                del st.session_state["rollback_pending"]
                st.session_state["rollback_done"] = uploads.rollback(cur, int(chosen), state.account().name, state.client())
                st.rerun()
            if no.button("Thôi, giữ nguyên", key="rollback_no"):
                del st.session_state["rollback_pending"]
                st.rerun()
if "rollback_done" in st.session_state:
    st.success(labels.md(st.session_state.pop("rollback_done")))

remembered = mappings.listing(cur)
if remembered:
    st.subheader("Cách đọc bảng đã ghi nhớ")
    st.dataframe(labels.table(pd.DataFrame(remembered), labels.MAPPINGS), hide_index=True, width="stretch")
    forget = st.selectbox("Xóa cách đọc", [m["id"] for m in remembered], format_func=lambda i: f"#{i}", key="forget",
                          placeholder=labels.CHOOSE)
    if st.button("Xóa cách đọc đã ghi nhớ"):
        st.success(labels.md(mappings.remove(cur, int(forget))))
        st.rerun()

st.subheader("Mẫu")
left, middle, right = st.columns(3)
if survey_definitions.for_year(cur, int(year)):
    left.download_button(f"⬇️ Mẫu nhập phiếu khảo sát năm {int(year)}",
                         state.later(lambda con: written(surveys.write_template, con, int(year))),
                         file_name=f"mau_phieu_khao_sat_{int(year)}.xlsx")
middle.download_button("⬇️ Bộ câu hỏi khảo sát (ví dụ)",
                       state.later(lambda _con: written(survey_definitions.write_workbook,
                                                        survey_definitions.read_toml(settings.EXAMPLE_SURVEY))),
                       file_name="bo_cau_hoi_vi_du.xlsx")
if templates.units_for(cur, int(year), "commune_level"):
    left.download_button(f"⬇️ Mẫu chấm điểm năm {int(year)}",
                         state.later(lambda con: written(templates.write_scores_template, con, int(year), "commune_level")),
                         file_name=f"mau_cham_diem_{int(year)}.xlsx")
else:
    left.caption(f"Năm {int(year)} chưa có đơn vị cấp xã trong danh mục để lập mẫu chấm điểm.")
middle.download_button("⬇️ Mẫu cam kết và tiến độ", state.later(lambda con: written(commitment_workbook.write_template, con)),
                       file_name="mau_cam_ket.xlsx")
right.download_button("⬇️ Mẫu bộ chỉ số (ví dụ)",
                      state.later(lambda _con: written(framework_workbook.write_workbook,
                                                       frameworks.read_toml(settings.EXAMPLE_FRAMEWORK))),
                      file_name="bo_chi_so_vi_du.xlsx")
