"""The audit log (meta.audit): who did what and when. Every write a user makes adds its line in
the same transaction as the write, so that the log and the data never disagree."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

CLI = "cli"  # the client of a command run at the server's terminal


def record(con: duckdb.DuckDBPyConnection, who: str, action: str, detail: str = "", client: str = CLI) -> None:
    """One line of the log; `action` is a key of ref.audit_actions."""
    con.execute("insert into meta.audit (who, client, action, detail) values (?, ?, ?, ?)",
                [who, client, action, detail])
