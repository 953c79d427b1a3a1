"""The readings the user confirmed, remembered per header (meta.column_mappings): the next file
from the same template is read the same way, and says so."""

import json

import duckdb

from pipelines.files.column_roles import MEASURE_NAMES, Hints, Table
from pipelines.files.column_specs import restore, specs_of
from pipelines.files.workbook import Sheet
from pipelines.problems import InvalidInput, Problem
from pipelines.text import column_letters


class Memory:
    """The readings remembered per header: given a table, its remembered reading; given a sheet,
    the table at a header the user once pointed to (--header-row), wherever it now starts."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = con.execute(
            "select mapping_id, header_key, columns, header_given from meta.column_mappings"
        ).fetchall()
        self.stored = {
            key: (mapping_id, json.loads(columns)) for mapping_id, key, columns, _ in rows
        }
        self.given = {key for _, key, _, given in rows if given}

    def apply(self, table: Table) -> None:
        found = self.stored.get(table.header_key())
        if found:
            restore(table, found[1], found[0])

    def find(self, sheet: Sheet, hints: Hints) -> Table | None:
        """The table whose header the user once gave, searched in the sheet's first rows."""
        from pipelines.files.column_roles import SCAN_ROWS, find_table

        if not self.given:
            return None
        for r in range(min(SCAN_ROWS, len(sheet.rows))):
            table = find_table(sheet, hints, r)
            if table is not None and table.header_key() in self.given:
                self.apply(table)
                return table
        return None


def remember(con: duckdb.DuckDBPyConnection, table: Table, file_name: str, by: str) -> None:
    """Store (or replace) the reading of this table's header; inside the caller's transaction."""
    key = table.header_key()
    con.execute("delete from meta.column_mappings where header_key = ?", [key])
    con.execute(
        "insert into meta.column_mappings (header_key, header_rows, columns, sheet_name, file_name, created_by,"
        " header_given) values (?, ?, ?, ?, ?, ?, ?)",
        [
            key,
            len(table.header_rows),
            json.dumps(specs_of(table), ensure_ascii=False),
            table.sheet,
            file_name,
            by,
            table.header_given,
        ],
    )


def listing(con: duckdb.DuckDBPyConnection) -> list[dict]:
    rows = con.execute(
        "select mapping_id, header_key, columns, sheet_name, file_name, created_by, created_at"
        " from meta.column_mappings order by mapping_id"
    ).fetchall()
    out = []
    for mapping_id, key, columns, sheet, file_name, by, at in rows:
        roles = [c for c in json.loads(columns) if c["role"] != "ignore"]
        out.append(
            {
                "id": mapping_id,
                "file": file_name,
                "sheet": sheet,
                "by": by,
                "at": at,
                "header": key,
                "columns": ", ".join(_spec_text(c) for c in roles),
            }
        )
    return out


def _spec_text(c: dict) -> str:
    text = f"{column_letters(c['col'])}={c['role']}"
    if c["role"] in ("field", "criterion"):
        text += f":{c['code'] or '?'}" + (f"/{c['max']:g}" if c["max"] is not None else "")
        if c["measure"] != "final":
            text += f" ({MEASURE_NAMES[c['measure']]})"
    return text


def remove(con: duckdb.DuckDBPyConnection, mapping_id: int) -> str:
    from pipelines import db

    if not con.execute(
        "select 1 from meta.column_mappings where mapping_id = ?", [mapping_id]
    ).fetchone():
        raise InvalidInput([Problem(f"Không có cách đọc đã lưu #{mapping_id}")])
    with db.write(con):
        con.execute("delete from meta.column_mappings where mapping_id = ?", [mapping_id])
    return f"Đã xóa cách đọc đã lưu #{mapping_id}"
