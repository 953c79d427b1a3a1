"""One DuckDB connection per server process, a cursor per rerun, the shared filters and who
is logged in."""

from dataclasses import dataclass

import duckdb
import streamlit as st

from pipelines import db, settings
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


@dataclass(frozen=True)
class Filters:
    year: int | None
    group: str | None
    area: str | None


def filters() -> Filters:
    return Filters(st.session_state.get("filter_year"), st.session_state.get("filter_group"),
                   st.session_state.get("filter_area"))


def account() -> Account | None:
    return st.session_state.get("account")


def can_edit() -> bool:
    a = account()
    return a is not None and a.role == "noivu"


def require_editor() -> None:
    """An editing page reached by a direct address without a Nội vụ login stops here."""
    if not can_edit():
        st.error("Trang này chỉ dành cho cán bộ Nội vụ. Hãy đăng nhập với tài khoản Nội vụ.")
        st.stop()
