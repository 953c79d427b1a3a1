"""The product's words, read from ref.* (sql/schema is where they are written, once): unit kinds,
ranking groups, commitment kinds and statuses, upload kinds and statuses. Each function takes a connection and returns
{code: Vietnamese name} in the tables' order. Light to import: no duckdb, no pandas."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from pipelines.text import fold

if TYPE_CHECKING:
    import duckdb


def _names(con: duckdb.DuckDBPyConnection, sql: str) -> dict:
    return dict(con.execute(sql).fetchall())


def unit_kinds(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """«Xã», «Phường», …: a kind's name, as unit names begin with it (commune-level kinds)."""
    return _names(con, "select kind, kind_name from ref.unit_kinds order by sort_order")


def registry_words(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The word a registry or framework workbook writes for each kind («xã», «huyện», «sở»)."""
    return _names(con, "select kind, registry_words[1] from ref.unit_kinds order by sort_order")


def kinds_by_word(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every word a workbook may write for a kind, folded («thi tran», «so nganh») → the kind."""
    rows = con.execute(
        "select kind, unnest(registry_words) from ref.unit_kinds order by sort_order"
    ).fetchall()
    return {fold(word): kind for kind, word in rows}


def groups(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """«Xã, phường, đặc khu», …: the units ranked together, by name."""
    return _names(con, "select rank_group, group_name from ref.rank_groups order by sort_order")


def in_sentence(name: str) -> str:
    """A name inside a sentence: «Xã, phường, đặc khu» → «xã, phường, đặc khu»."""
    return name[:1].lower() + name[1:]


def plural(name: str) -> str:
    """A group's units in a title: «Xã, phường, đặc khu» → «các xã, phường, đặc khu»."""
    return f"các {in_sentence(name)}"


def kind_choices(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """What a `--kind` or group filter takes: a ranking group, or one unit kind."""
    chosen = list(groups(con))
    return (*chosen, *(k for k in unit_kinds(con) if k not in chosen))


def upload_kinds(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """«Bảng điểm», «Bộ chỉ số», …: what an upload in the history loaded."""
    return _names(con, "select upload_kind, kind_name from ref.upload_kinds order by sort_order")


def upload_counts(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """What an upload's row count counts: «giá trị» of scores, «phiếu», «tiêu chí» of a framework, …"""
    return _names(con, "select upload_kind, counted from ref.upload_kinds order by sort_order")


def upload_statuses(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """«Đang dùng», «Đã hoàn tác»: an upload's status in the history."""
    return _names(con, "select status, status_name from ref.upload_statuses order by sort_order")


def rollback_kinds(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The uploads that can be rolled back, with the noun a rollback sentence uses («điểm»)."""
    return _names(
        con,
        "select upload_kind, noun from ref.upload_kinds where can_roll_back order by sort_order",
    )


def commitment_kinds(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return _names(con, "select kind, kind_name from ref.commitment_kinds order by sort_order")


def commitment_statuses(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return _names(
        con, "select status, status_name from ref.commitment_statuses order by sort_order"
    )


@cache
def reference() -> duckdb.DuckDBPyConnection:
    """An in-memory database of the migrations' tables alone (no views): the vocabulary for code
    that has no database open (the CLI's argument choices, a framework workbook read before it)."""
    import duckdb

    from pipelines import db

    con = duckdb.connect()
    db.migrate(con, views=False)
    return con


class Choices:
    """argparse `choices` read from the reference vocabulary only when argparse needs them (a value
    to check, a command's help): `cchc --help` and building the parser open no database."""

    def __init__(self, read) -> None:
        self._read = read

    def _values(self) -> tuple[str, ...]:
        return self._read(reference())

    def __contains__(self, value: object) -> bool:
        return value in self._values()

    def __iter__(self):
        return iter(self._values())


KIND_CHOICES = Choices(kind_choices)
