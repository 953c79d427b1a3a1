"""Tải dữ liệu (Nội vụ): upload → preview of what changes → confirm; history with rollback;
templates. The same pipeline functions as the CLI."""

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from dashboard import labels, reading, state
from dashboard.widgets import download, fitted, refused, show_problems
from pipelines import frameworks, reads, settings, sharing, survey_definitions, vocabulary
from pipelines.files import workbook
from pipelines.files.column_roles import Table
from pipelines.loads import (
    commitment_workbook,
    mappings,
    scores,
    surveys,
    uploads,
)
from pipelines.loads.scores import Options
from pipelines.problems import InvalidInput
from pipelines.workbooks import templates

state.require_editor()
st.title("Tải dữ liệu")
cur = state.cursor()
key = st.session_state.setdefault("upload_key", 0)

what = st.radio(
    "Loại tệp",
    ["Bảng điểm", "Phiếu khảo sát (ĐTXHH)", "Cam kết và tiến độ"],
    horizontal=True,
    key=f"what_{key}",
)
left, right = st.columns([3, 1])
file = left.file_uploader(
    f"Tệp (.xlsx, .xls, .ods, .csv; tối đa {workbook.MAX_FILE_BYTES // 2**20} MB, phiếu khảo sát"
    f" {surveys.MAX_SURVEY_BYTES // 2**20} MB)",
    type=["xlsx", "xls", "ods", "csv"],
    key=f"file_{key}",
)
year = right.number_input(
    "Năm đánh giá",
    min_value=2000,
    max_value=2100,
    step=1,
    value=int(state.filters().year or 2025),
    key=f"year_{key}",
)
new_units = right.checkbox(
    "Đăng ký đơn vị mới",
    help="Tên chưa có trong danh mục được thêm thành đơn vị mới",
    key=f"new_{key}",
)


@contextmanager
def saved(upload: UploadedFile) -> Iterator[Path]:
    """The uploaded file on disk under its own suffix, for the pipeline's readers."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{Path(upload.name).suffix.lower()}"
        path.write_bytes(upload.getvalue())
        yield path


def written(write: Callable[..., object], *args: object) -> bytes:
    """The workbook that write(*args, out) makes, as bytes for a download button."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "tep.xlsx"
        write(*args, out)
        return out.read_bytes()


def auto_reading() -> Table | None:
    """The first score table of the file as the product reads it by itself, or None."""
    with saved(file) as path:
        try:
            return next(
                (
                    s.table
                    for s in scores.read_tables(cur, path, int(year), display_name=file.name)
                    if s.table
                ),
                None,
            )
        except InvalidInput:
            return None


def check(columns: str | None = None) -> uploads.Checked:
    """Check the file, its write rehearsed for the preview, with the write lock held for it
    (pipelines.sharing); nothing is written."""
    with saved(file) as path, state.writing() as con:
        if what == "Bảng điểm":
            return scores.check(
                con,
                path,
                file.name,
                year=int(year),
                new_units=new_units,
                options=Options(columns=columns),
                preview=True,
            )
        return surveys.check(con, path, file.name, year=int(year), preview=True)


def store(checked: uploads.Checked) -> scores.LoadReport | surveys.SurveyReport:
    """Load what was checked and shown (the file is not read again)."""
    with state.writing() as con:
        return (scores if what == "Bảng điểm" else surveys).store(
            con, checked, state.account().name, state.client()
        )


def checked(columns: str | None) -> uploads.Checked | None:
    """What the check found (or its problems), once per file and choice, not on every rerun."""
    asked = (file.file_id, what, int(year), new_units, columns, state.version())
    if st.session_state.get("checked_for") != asked:
        try:
            st.session_state["checked"] = check(columns)
        except sharing.Busy as e:  # not the file's fault: checked again at the next rerun
            refused(e, "Chưa kiểm tra được tệp")
            return None
        except InvalidInput as e:
            st.session_state["checked"] = e
        st.session_state["checked_for"] = asked
    return st.session_state["checked"]


if file is not None and what == "Cam kết và tiến độ":
    if st.button("Nạp cam kết và tiến độ", type="primary"):
        try:
            with saved(file) as path, state.writing() as con:
                st.session_state["upload_done"] = commitment_workbook.store(
                    con,
                    commitment_workbook.check(con, path, file.name),
                    state.account().name,
                    state.client(),
                )
            st.session_state["upload_key"] = key + 1
            st.rerun()
        except sharing.Busy as e:
            refused(e, "Chưa nạp được")
        except InvalidInput as e:
            show_problems(e)
elif file is not None:
    table = auto_reading() if what == "Bảng điểm" else None
    columns = reading.user_columns(table, key) if table is not None else None
    found = checked(columns)
    if isinstance(found, InvalidInput):
        show_problems(found)
        found = None
    report = found.report if found is not None else None
    if table is not None:
        reading.editor(
            table,
            key,
            expanded=report is None or columns is not None,
            ask_maxima=not frameworks.exist_for_year(cur, int(year)),
        )
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
        changes = labels.table(
            report.changes.astype({"rank_before": "Int64", "rank": "Int64"}),
            labels.CHANGES,
            na_rep=labels.NOT_YET,
        )
        st.dataframe(changes, hide_index=True, width="stretch", column_config=fitted(changes))
        if what == "Bảng điểm":
            with st.expander(f"Cách khớp tên {len(report.matches)} đơn vị"):
                st.dataframe(
                    [
                        {"Tên trong tệp": w, "Đơn vị": n, "Mã": c, "Cách khớp": how}
                        for w, c, n, how in report.matches
                    ],
                    hide_index=True,
                    width="stretch",
                )
        if st.button("Xác nhận nạp", type="primary"):
            try:
                done = store(found)
            except sharing.Busy as e:
                refused(e, "Chưa nạp được")
            except InvalidInput as e:  # the database changed since the check
                show_problems(e)
            else:
                st.session_state["upload_key"] = key + 1
                st.session_state["upload_done"] = done.summary()
                st.rerun()

if "upload_done" in st.session_state:
    st.success(labels.md(st.session_state.pop("upload_done")))

st.subheader("Lịch sử tải lên")
history = reads.uploads(cur)
if history.empty:
    st.caption("Chưa có lần tải nào.")
else:
    shown = history.assign(
        when=[labels.date(t) + f" {t:%H:%M}" for t in history["uploaded_at"]],
        status_label=history["status"].map(vocabulary.upload_statuses(cur)),
        values=history["row_count"].map(labels.count),
        year_label=history["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
    )
    listed = labels.table(shown, labels.UPLOADS)
    st.dataframe(
        listed, hide_index=True, width="stretch", key="upload_history", column_config=fitted(listed)
    )
    active = history[
        (history["status"] == "loaded")
        & history["upload_kind"].isin(list(vocabulary.rollback_kinds(cur)))
    ]
    if not active.empty:
        files = active.set_index("upload_id")
        pending = st.session_state.get("rollback_pending")  # the upload asked about, by its number
        chosen = st.selectbox(
            "Hoàn tác lần tải",
            active["upload_id"],
            key="rollback_choice",
            placeholder=labels.CHOOSE,
            format_func=lambda i: f"#{i} — {files.loc[i, 'file_name']}",
            disabled=pending is not None,
        )
        try:
            plan = None if pending is None else uploads.plan(cur, pending)
        except InvalidInput as e:  # undone meanwhile, from another tab or by the CLI
            del st.session_state["rollback_pending"]
            refused(e, "Không hoàn tác được")
            plan = None
        if plan is None:
            if st.button("Hoàn tác…", key="rollback_ask"):
                st.session_state["rollback_pending"] = int(chosen)
                st.rerun()
        else:
            st.warning(labels.md(plan.preview() + " Hoàn tác?"))
            yes, no, _ = st.columns([1, 1, 4])
            if yes.button("Xác nhận hoàn tác", type="primary", key="rollback_yes"):
                del st.session_state["rollback_pending"]
                try:  # refused if another tab or the CLI undid it meanwhile
                    with state.writing() as con:
                        st.session_state["rollback_done"] = uploads.rollback(
                            con, pending, state.account().name, state.client()
                        )
                except InvalidInput as e:
                    st.session_state["rollback_done"] = e
                st.rerun()
            if no.button("Thôi, giữ nguyên", key="rollback_no"):
                del st.session_state["rollback_pending"]
                st.rerun()
if "rollback_done" in st.session_state:
    done = st.session_state.pop("rollback_done")
    if isinstance(done, InvalidInput):
        refused(done, "Chưa hoàn tác được")
    else:
        st.success(labels.md(done))

remembered = mappings.listing(cur)
if remembered:
    st.subheader("Cách đọc bảng đã ghi nhớ")
    st.dataframe(
        labels.table(pd.DataFrame(remembered), labels.MAPPINGS), hide_index=True, width="stretch"
    )
    forget = st.selectbox(
        "Xóa cách đọc",
        [m["id"] for m in remembered],
        format_func=lambda i: f"#{i}",
        key="forget",
        placeholder=labels.CHOOSE,
    )
    if st.button("Xóa cách đọc đã ghi nhớ"):
        with state.writing() as con:
            st.session_state["forgotten"] = mappings.remove(con, int(forget))
        st.rerun()
if "forgotten" in st.session_state:
    st.success(labels.md(st.session_state.pop("forgotten")))

st.subheader("Mẫu")
left, middle, right = st.columns(3)
if survey_definitions.for_year(cur, int(year)):
    download(
        left,
        f"⬇️ Mẫu nhập phiếu khảo sát năm {int(year)}",
        state.later(lambda con: written(templates.write_survey_template, con, int(year))),
        f"mau_phieu_khao_sat_{int(year)}.xlsx",
    )
download(
    middle,
    "⬇️ Bộ câu hỏi khảo sát (ví dụ)",
    state.later(
        lambda _con: written(
            templates.write_survey_definition, survey_definitions.read_toml(settings.EXAMPLE_SURVEY)
        )
    ),
    "bo_cau_hoi_vi_du.xlsx",
)
if templates.units_for(cur, int(year), "commune_level"):
    download(
        left,
        f"⬇️ Mẫu chấm điểm năm {int(year)}",
        state.later(
            lambda con: written(templates.write_scores_template, con, int(year), "commune_level")
        ),
        f"mau_cham_diem_{int(year)}.xlsx",
    )
else:
    left.caption(f"Năm {int(year)} chưa có đơn vị cấp xã trong danh mục để lập mẫu chấm điểm.")
download(
    middle,
    "⬇️ Mẫu cam kết và tiến độ",
    state.later(lambda con: written(templates.write_commitment_template, con)),
    "mau_cam_ket.xlsx",
)
download(
    right,
    "⬇️ Mẫu bộ chỉ số (ví dụ)",
    state.later(
        lambda con: written(
            lambda fw, out: templates.write_framework(fw, out, con),
            frameworks.read_toml(settings.EXAMPLE_FRAMEWORK),
        )
    ),
    "bo_chi_so_vi_du.xlsx",
)
