"""The database as pages see it: a read-only connection on the newest snapshot (one per server
process and snapshot, a cursor per rerun), a read-write one only for a write; the shared filters
and who is logged in."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import pandas as pd
import streamlit as st

from pipelines import publication, reads, settings, sharing
from pipelines.accounts import Account


@st.cache_resource(max_entries=sharing.KEEP)
def _reader(snapshot: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(snapshot, read_only=True)


def _connection() -> duckdb.DuckDBPyConnection:
    """The connection on the newest snapshot: a page shows what the last write committed, from
    whichever process it came, without a restart."""
    return _reader(str(sharing.snapshot(settings.db_path())))


def cursor() -> duckdb.DuckDBPyConnection:
    return _connection().cursor()


def later(make_file: Callable[..., bytes], *args: object) -> Callable[[], bytes]:
    """Data for a download button, made only when clicked (off the script thread, with its own
    cursor), so that pages do not build files nobody asked for."""
    root = _connection()
    return lambda: make_file(root.cursor(), *args)


def version() -> str:
    """Which snapshot pages read: it changes with every write that changed something."""
    return sharing.snapshot(settings.db_path()).name


@contextmanager
def writing() -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one write by the logged-in user; while another write holds
    the database, a spinner says so (up to sharing.WAIT seconds, then the page says who holds it)."""
    spinner = None

    def waiting(holder: str) -> None:
        nonlocal spinner
        spinner = st.spinner(f"Đang chờ lần nạp khác ({holder}) …")
        spinner.__enter__()

    a = account()
    try:
        with sharing.writing(settings.db_path(), a.name if a else "khách", on_wait=waiting) as con:
            if spinner is not None:
                spinner.__exit__(None, None, None)
                spinner = None
            yield con
    finally:
        if spinner is not None:
            spinner.__exit__(None, None, None)


WHOLE_PROVINCE = "*"  # the area filter's «Toàn tỉnh»: an option of its own (a None option would show as unselected)


@dataclass(frozen=True)
class Filters:
    year: int | None
    group: str | None
    area: str | None


def filters() -> Filters:
    area = st.session_state.get("filter_area")
    return Filters(
        st.session_state.get("filter_year"),
        st.session_state.get("filter_group"),
        None if area == WHOLE_PROVINCE else area,
    )


def account() -> Account | None:
    return st.session_state.get("account")


def client() -> str:
    """The browser's address, as the audit log records it ('' when Streamlit does not know it)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else ""  # not a string under AppTest


def can_edit() -> bool:
    a = account()
    return a is not None and a.role == "noivu"


def sees_drafts() -> bool:
    """Any login (lanhdao, noivu) sees the years not published yet; a visitor does not."""
    return account() is not None


def years() -> list[int]:
    """The years this reader may see, newest first (publication.visible_years)."""
    return publication.visible_years(cursor(), sees_drafts())


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
    table = reads.ranking(cur, f.year, f.group, f.area)
    if table.empty:
        st.info("Không có đơn vị nào được chấm điểm trong năm và nhóm này.")
        st.stop()
    return f, cur, table
