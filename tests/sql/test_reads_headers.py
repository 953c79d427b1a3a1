"""Every SQL file's `-- reads:` header names exactly the relations its SQL reads (sqlglot).

`db.build_order()` builds each view and mart after the ones its header names, and a write rebuilds
only the marts whose headers (followed downstream) name what it changed: a relation read but not
named can build a mart before what it reads, or leave it stale; a relation named but not read
rebuilds it for nothing. The SQL is parsed with sqlglot's DuckDB dialect, not searched with a
pattern, so names in string literals or comments do not count, any schema counts (not only
today's), and a CTE or a table function (`range`, `unnest`, `read_csv`, …) is not a relation.

What a file reads: every table reference (a `Table` node whose name is an identifier, not a
function) outside the names of the file's own CTEs, minus the file's own output (`layer.name`, what
`db` builds it as). Every such reference must be schema-qualified (`schema.table`): an unqualified
one would be looked up in `main`, where nothing of ours is stored.

No preprocessing is needed today: our macros (`pct_half_up`, `weighted_pct_half_up`, from
sql/schema/) parse as ordinary function calls, `$name` as parameters, and what the files use of
DuckDB's own syntax (trailing commas in select lists, `asof` joins, `* exclude (…)`, `filter
(where …)`, `::` casts) is in sqlglot's DuckDB dialect. sql/schema/ migrations are not checked
(DDL, no header).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from pipelines import db

SQL = Path(db.SQL_DIR)
# Every layer of select files (staging, intermediate, marts, queries, checks and any later one); not
# migrations.
FILES = sorted(p for p in SQL.glob("*/*.sql") if p.parent.name != "schema")

# Files sqlglot cannot parse, each with the reason: their headers go unchecked, so keep this empty.
# A file listed here that parses again fails, so that the list cannot outlive its reason.
UNPARSABLE: dict[str, str] = {}


def relations_read(path: Path) -> set[str]:
    """The stored relations a SQL file reads, as sqlglot parses it (DuckDB dialect)."""
    text = path.read_text(encoding="utf-8")
    statements = [s for s in sqlglot.parse(text, read="duckdb") if s is not None]
    ctes = {cte.alias_or_name for s in statements for cte in s.find_all(exp.CTE)}
    read = set()
    for statement in statements:
        for table in statement.find_all(exp.Table):
            if not isinstance(table.this, exp.Identifier):  # a table function: range(…)
                continue
            if not table.db and table.name in ctes:
                continue
            read.add(".".join(part for part in (table.catalog, table.db, table.name) if part))
    return read - {f"{path.parent.name}.{path.stem}"}


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_there_are_files_to_check():
    layers = {p.parent.name for p in FILES}
    assert {*db.VIEW_LAYERS, "queries", "checks"} <= layers


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_reads_header_matches_what_sqlglot_parses(path):
    if _id(path) in UNPARSABLE:
        with pytest.raises(sqlglot.errors.ParseError):
            relations_read(path)
        pytest.skip(f"sqlglot cannot parse it: {UNPARSABLE[_id(path)]}")
    read = relations_read(path)
    unqualified = sorted(r for r in read if "." not in r)
    assert not unqualified, f"{_id(path)} reads without a schema: {', '.join(unqualified)}"
    header = set(db.reads(path.parent.name, path.stem))
    missing, not_read = sorted(read - header), sorted(header - read)
    assert not missing and not not_read, (
        f"{_id(path)}: its `-- reads:` header is wrong"
        + (f"\n  read by the SQL, missing from the header: {', '.join(missing)}" if missing else "")
        + (
            f"\n  named in the header, not read by the SQL: {', '.join(not_read)}"
            if not_read
            else ""
        )
    )


@pytest.mark.parametrize(
    "sql, expected",
    [
        (
            "with a as (select * from marts.x) select * from a join ref.y using (k)",
            {"marts.x", "ref.y"},
        ),
        ("select i from range(3) t(i), unnest([1]) u(v), generate_series(1, 2) g(w)", set()),
        (
            "select * from marts.x where exists (select 1 from staging.y where y.k = x.k)"
            " and k in (select k from meta.z)",
            {"marts.x", "staging.y", "meta.z"},
        ),
        (
            "from raw.a positional join (select * from raw.b) b, lateral (select * from raw.c) c",
            {"raw.a", "raw.b", "raw.c"},
        ),
        (
            "select 'marts.not_a_read' as s, pct_half_up(p, m) from ref.r"
            " where year = $year -- marts.nor_this",
            {"ref.r"},
        ),
        (
            "with recursive r(n) as (select 1 union all select n + 1 from r where n < 3)"
            " select * from r, units",
            {"units"},
        ),
        ("select * from marts.self_reference join marts.other using (k)", {"marts.other"}),
    ],
)
def test_relations_read_are_reads_not_ctes_functions_literals_or_comments(tmp_path, sql, expected):
    path = tmp_path / "marts" / "self_reference.sql"
    path.parent.mkdir()
    path.write_text(sql, encoding="utf-8")
    assert relations_read(path) == expected
