"""One DuckDB connection per server process, a cursor per rerun, and the shared filters."""

from dataclasses import dataclass

import duckdb
import streamlit as st

from pipelines import db, settings


@st.cache_resource
def _connection() -> duckdb.DuckDBPyConnection:
    return db.connect(settings.db_path())


def cursor() -> duckdb.DuckDBPyConnection:
    return _connection().cursor()


@dataclass(frozen=True)
class Filters:
    year: int | None
    group: str | None


def filters() -> Filters:
    return Filters(st.session_state.get("filter_year"), st.session_state.get("filter_group"))


def after_write() -> None:
    """Call after any write so that every page reads fresh data."""
    st.cache_data.clear()
