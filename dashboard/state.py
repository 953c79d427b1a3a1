"""One DuckDB connection per server process, a cursor per rerun, the shared filters and who
is logged in."""

from dataclasses import dataclass

import duckdb
import streamlit as st

import pandas as pd

from pipelines import db, reports, settings
from pipelines.accounts import Account


@st.cache_resource
def _connection() -> duckdb.DuckDBPyConnection:
    return db.connect(settings.db_path())


def cursor() -> duckdb.DuckDBPyConnection:
    return _connection().cursor()


def later(make_file, *args):
    """Data for a download button, made only when clicked (off the script thread, with its own
    cursor), so that pages do not build files nobody asked for."""
    root = _connection()
    return lambda: make_file(root.cursor(), *args)


WHOLE_PROVINCE = "*"  # the area filter's «Toàn tỉnh»: an option of its own (a None option would show as unselected)


@dataclass(frozen=True)
class Filters:
    year: int | None
    group: str | None
    area: str | None


def filters() -> Filters:
    area = st.session_state.get("filter_area")
    return Filters(st.session_state.get("filter_year"), st.session_state.get("filter_group"),
                   None if area == WHOLE_PROVINCE else area)


def account() -> Account | None:
    return st.session_state.get("account")


def client() -> str:
    """The browser's address, as the audit log records it ('' when Streamlit does not know it)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else ""  # not a string under AppTest


def can_edit() -> bool:
    a = account()
    return a is not None and a.role == "noivu"


def require_editor() -> None:
    """An editing page reached by a direct address without a Nội vụ login stops here."""
    if not can_edit():
        st.error("Trang này chỉ dành cho cán bộ Nội vụ. Hãy đăng nhập với tài khoản Nội vụ.")
        st.stop()


def year_page(title: str) -> tuple[Filters, duckdb.DuckDBPyConnection, pd.DataFrame]:
    """The start of a page about one year: its title, then the ranking under the shared
    filters; the page stops with a message when there is nothing to show."""
    f = filters()
    st.title(f"{title} năm {f.year}" if f.year else title)
    if f.year is None:
        st.stop()
    cur = cursor()
    table = reports.ranking(cur, f.year, f.group, f.area)
    if table.empty:
        st.info("Không có đơn vị nào được chấm điểm trong năm và nhóm này.")
        st.stop()
    return f, cur, table
