"""The upload page's view of how a score table was read: its rows, each column's role and why,
and a selector per column to correct it; the corrections become the loader's `--columns`."""

import pandas as pd
import streamlit as st

from dashboard import labels
from pipelines.files import column_specs
from pipelines.files.column_roles import Table


def user_columns(table: Table, key: int) -> str | None:
    """What the user changed in the role selectors (kept by Streamlit between reruns), as --columns."""
    changes = []
    for col in shown_columns(table):
        chosen = st.session_state.get(f"role_{key}_{col.letter}", column_specs.choice_of(col))
        mx = st.session_state.get(f"max_{key}_{col.letter}")
        if chosen != column_specs.choice_of(col) or mx:
            changes.append((col.letter, chosen, mx))
    return column_specs.columns_text(changes) or None


def shown_columns(table: Table) -> list:
    return [c for c in table.columns if c.header or c.role != "ignore"]


def editor(table: Table, key: int, expanded: bool, ask_maxima: bool) -> None:
    """The table as read: which rows, each column's role and why, a selector to correct it."""
    with st.expander("Cách đọc bảng: vai trò từng cột (chọn lại nếu đọc sai)", expanded=expanded):
        rows = table.header_rows
        st.caption(
            f"Trang «{labels.md(table.sheet)}»: dòng tiêu đề {rows[0] + 1}"
            + (f"–{rows[-1] + 1}" if len(rows) > 1 else "")
            + f", dữ liệu từ dòng {table.first_row + 1}."
            + (f" Dùng cách đọc đã ghi nhớ #{table.mapping_id}." if table.mapping_id else "")
            + " Cách đọc đã sửa được ghi nhớ cho tiêu đề này khi xác nhận nạp."
        )
        st.dataframe(
            pd.DataFrame(
                [[labels.cell(v) for v in row] for row in table.sample],
                columns=[c.letter for c in table.columns],
            ),
            hide_index=True,
            width="stretch",
        )
        described = pd.DataFrame(column_specs.describe(table))
        described["max"] = described["max"].map(labels.number)
        st.table(
            labels.table(labels.plain(described), labels.READING), hide_index=True
        )  # wraps long reasons
        choices = column_specs.choices(table)
        grid = st.columns(4)
        for i, col in enumerate(shown_columns(table)):
            now = column_specs.choice_of(col)
            cell = grid[i % 4]
            chosen = cell.selectbox(
                f"{col.letter} «{col.header[:28]}»",
                choices,
                format_func=column_specs.choice_label,
                index=choices.index(now) if now in choices else 0,
                key=f"role_{key}_{col.letter}",
                help=col.why or None,
                placeholder=labels.CHOOSE,
            )
            if ask_maxima and chosen.startswith("field") and col.max_points is None:
                cell.number_input(
                    f"Điểm tối đa cột {col.letter}",
                    min_value=0.0,
                    value=None,
                    step=0.5,
                    key=f"max_{key}_{col.letter}",
                )
