"""Pieces that several pages draw the same way."""

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import labels
from pipelines import problems
from pipelines.problems import InvalidInput


def refused(e: InvalidInput, what: str) -> None:
    """An action (not a file) refused: why, in one message."""
    st.error(labels.md(f"{what}, không có gì thay đổi: " + " ".join(str(p) for p in e.problems)))


def show_problems(e: InvalidInput) -> None:
    """Why a file was refused: the first problems, those that recur grouped into one; the full
    list as a CSV download (made only when clicked)."""
    shown = problems.grouped(e.problems)
    st.error(
        f"Tệp không hợp lệ: {labels.count(len(e.problems))} lỗi. Không có gì được nạp; sửa các ô dưới đây rồi tải lại."
    )
    st.table(
        labels.plain(
            pd.DataFrame(
                [
                    {"Trang tính": p.sheet or "", "Ô": p.cell or "", "Lỗi": p.text}
                    for p in shown[: problems.SHOWN]
                ]
            )
        ),
        hide_index=True,
    )  # a static table wraps long messages
    if len(shown) > problems.SHOWN:
        st.caption(
            f"Hiển thị {problems.SHOWN} trong {labels.count(len(shown))} lỗi (các lỗi giống nhau đã được gộp)."
        )
    if len(shown) < len(e.problems) or len(shown) > problems.SHOWN:
        found = e.problems
        download(
            st,
            f"⬇️ Toàn bộ {labels.count(len(found))} lỗi (.csv)",
            lambda: problems.to_csv(found),
            "danh_sach_loi.csv",
        )


_MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv",
}


def download(
    where: object,
    label: str,
    data: bytes | Callable[[], bytes | str],
    file_name: str,
    help: str | None = None,
) -> None:
    """A download button in `where` (st or a column): the file's type from its name, and no rerun
    of the page on a click, so that a second download right after the first finds its button."""
    where.download_button(
        label,
        data,
        file_name=file_name,
        mime=_MIME[file_name.rsplit(".", 1)[1]],
        help=help,
        on_click="ignore",
    )


# How st.dataframe's grid draws text: 14 px Source Sans, 8 px padding each side (measured in
# Chromium); a header also needs room for the sort arrow a click adds.
_NARROW = set(" ,.;:/()-–%·'|!")
CELL_PADDING, SORT_ARROW = 16, 18
_COUNT = re.compile(r"-?\d{1,3}(\.\d{3})*(,\d+)?( %)?")


def text_px(text: str) -> float:
    return sum(
        4.8 if c in _NARROW else 7.9 if c.isupper() else 7.0 if c.isdigit() else 6.8 for c in text
    )


def _as_shown(value) -> str:
    """A value as the pages' tables show it: 85,50 (two decimals), 27.538, the text itself."""
    if isinstance(value, float):
        return labels.number(value)
    return (
        labels.count(value)
        if isinstance(value, int)
        else ""
        if value is None or value is pd.NA
        else str(value)
    )


def fitted(data: object, labels_of: dict[str, str] | None = None) -> dict:
    """column_config giving every column of a table (a DataFrame or its Styler) the width of its
    header and its widest value as shown, so that the grid cuts neither, and, when given, its
    Vietnamese header (`labels_of`: column → header)."""
    frame = getattr(data, "data", data)
    names = labels_of or {}
    config = {}
    for column in frame.columns:
        header = names.get(column, str(column))
        values = [_as_shown(v.item() if hasattr(v, "item") else v) for v in frame[column]]
        widest = max([0, *(text_px(v) for v in values)])
        width = int(max(text_px(header) + SORT_ARROW, widest) + CELL_PADDING + 4)
        numeric = all(
            _COUNT.fullmatch(v) for v in values if v
        )  # 27.538 written as text stays right-aligned
        config[column] = st.column_config.Column(
            header if column in names else None,
            width=width,
            alignment="right" if numeric and values else None,
        )
    return config


def progress(tasks: pd.DataFrame) -> list[str]:
    """A commitment's state in one cell: its status, how far along, and whether it is overdue."""
    return [
        f"{status} {labels.number(done, 0)} %" + (" · quá hạn" if late else "")
        for status, done, late in zip(
            tasks["status_name"], tasks["percent_done"], tasks["is_overdue"]
        )
    ]
