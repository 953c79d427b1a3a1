"""The only reader of sql/: migrations, views, named queries and checks."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.problems import InvalidInput, Problem

if TYPE_CHECKING:  # duckdb is imported by connect(), pandas by the results that are data frames
    import duckdb
    import pandas as pd

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
# staging is views over raw, intermediate views of the rules several marts and queries share; marts
# are tables, rebuilt from them by refresh() after every write
VIEW_LAYERS = ("staging", "intermediate", "marts")
MATERIALISED = ("marts",)
_NAME = re.compile(r"[a-z][a-z0-9_]*")
GROWING = {"meta.upload_units", "meta.audit"}  # besides raw.*: tables rows are only ever added to


def sql_text(layer: str, name: str) -> str:
    if layer not in {*VIEW_LAYERS, "queries", "checks"} or not _NAME.fullmatch(name):
        raise ValueError(f"unknown SQL object {layer}/{name}")
    return (SQL_DIR / layer / f"{name}.sql").read_text(encoding="utf-8")


def connect(path: Path | str = ":memory:", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database, creating and migrating it when needed."""
    import duckdb

    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        migrate(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection, views: bool = True) -> None:
    """Apply new sql/schema files in order, then (re)build every view (unless `views` is false:
    the tables alone, e.g. the reference vocabulary)."""
    con.execute("create schema if not exists meta")
    con.execute(
        "create table if not exists meta.migrations"
        " (name varchar primary key, applied_at timestamp default current_timestamp)"
    )
    done = {name for (name,) in con.execute("select name from meta.migrations").fetchall()}
    pending = [p for p in sorted((SQL_DIR / "schema").glob("*.sql")) if p.name not in done]
    for path in pending:
        con.execute("begin")
        con.execute(path.read_text(encoding="utf-8"))
        con.execute("insert into meta.migrations (name) values (?)", [path.name])
        con.execute("commit")
    if views and (pending or not _built(con)):
        refresh(con)


def _built(con: duckdb.DuckDBPyConnection) -> bool:
    (built,) = con.execute(
        "select count(*) from (select schema_name, view_name from duckdb_views() where not internal"
        " union all select schema_name, table_name from duckdb_tables()"
        " where schema_name in (select unnest($layers)))",
        {"layers": list(VIEW_LAYERS)},
    ).fetchone()
    return built == len(build_order())


def reads(layer: str, name: str) -> list[str]:
    """The relations a SQL file names in its `-- reads:` header."""
    match = re.search(r"^-- reads: (.+)$", sql_text(layer, name), re.M)
    return [r.strip() for r in match.group(1).split(",")] if match else []


def build_order() -> list[tuple[str, str]]:
    """Every staging and intermediate view and every mart, each after the ones its header says it
    reads."""
    pending = {
        f"{layer}.{path.stem}": (layer, path.stem)
        for layer in VIEW_LAYERS
        for path in sorted((SQL_DIR / layer).glob("*.sql"))
    }
    ordered: list[tuple[str, str]] = []
    while pending:
        ready = [k for k, v in pending.items() if not set(reads(*v)) & pending.keys()]
        if not ready:
            raise ValueError(f"views read each other in a cycle: {sorted(pending)}")
        for key in ready:
            ordered.append(pending.pop(key))
    return ordered


def refresh(
    con: duckdb.DuckDBPyConnection, changed: set[str] | None = None, years: set[int] | None = None
) -> None:
    """(Re)build staging views and mart tables in order, inside the caller's transaction, so that
    what the product shows always matches what is stored. With `changed` (stored tables), only the
    marts that read one of them, directly or through other views and marts, are rebuilt. With
    `years` too (the caller's promise: its write changed no row of another year), a mart keeps its
    other years' rows and has only the years that can differ replaced, computed by its own SQL
    filtered by year: those years, plus the later years its `-- years:` header says a year reads,
    and so on downstream. A mart built from other SQL than today's is rebuilt whole."""
    built = _built_signatures(con) if years is not None else {}
    signatures: dict[str, str] = {}
    scope: dict[
        str, set[int] | None
    ] = {}  # relation -> the years whose rows may differ (None: all)
    for layer, name in build_order():
        key = f"{layer}.{name}"
        if changed is None:
            _build(con, layer, name, signatures)
            continue
        scope[key] = touched = _touched(layer, name, changed, years, scope)
        if layer not in MATERIALISED or touched == set():
            continue
        if (
            touched is None
            or built.get(name) != signature(layer, name, signatures)
            or not _has_years(layer, name)
        ):
            _build(con, layer, name, signatures)
            scope[key] = None
            continue
        span = {"first_year": min(touched), "last_year": max(touched)}
        con.execute(f"delete from {key} where year between $first_year and $last_year", span)
        con.execute(
            f"insert into {key} by name select * from (\n{sql_text(layer, name)}\n) as rows_in_scope"
            " where year between $first_year and $last_year",
            span,
        )


def _build(
    con: duckdb.DuckDBPyConnection, layer: str, name: str, signatures: dict[str, str]
) -> None:
    """A view, or a mart's whole table, marked with the signature of the SQL it was built from."""
    kind = "table" if layer in MATERIALISED else "view"
    con.execute(f"create or replace {kind} {layer}.{name} as\n" + sql_text(layer, name))
    if layer in MATERIALISED:  # a hex digest: nothing from outside reaches this text
        con.execute(f"comment on table {layer}.{name} is '{signature(layer, name, signatures)}'")


def _built_signatures(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    return dict(
        con.execute(
            "select table_name, comment from duckdb_tables() where schema_name in (select unnest($layers))",
            {"layers": list(MATERIALISED)},
        ).fetchall()
    )


def signature(layer: str, name: str, known: dict[str, str] | None = None) -> str:
    """A digest of a view's or mart's SQL and of the SQL of every view and mart it reads
    (`known`: the digests already made)."""
    known = {} if known is None else known
    key = f"{layer}.{name}"
    if key not in known:
        digest = hashlib.sha256(sql_text(layer, name).encode("utf-8"))
        for relation in reads(layer, name):
            schema, _, table = relation.partition(".")
            if schema in VIEW_LAYERS:
                digest.update(signature(schema, table, known).encode("ascii"))
        known[key] = digest.hexdigest()
    return known[key]


def _touched(
    layer: str,
    name: str,
    changed: set[str],
    years: set[int] | None,
    scope: dict[str, set[int] | None],
) -> set[int] | None:
    """The years whose rows of a view or mart a write can have changed (None: any year)."""
    found: set[int] = set()
    for relation in reads(layer, name):
        if relation.partition(".")[0] in VIEW_LAYERS:
            part = scope[relation]
        else:
            part = years if relation in changed else set()
        if part is None:
            return None
        found |= part
    return {year + lag for year in found for lag in year_lags(layer, name)}


def year_lags(layer: str, name: str) -> list[int]:
    """How many years back a year's rows read, from the `-- years:` header (`y, y - 1`: the same
    year and the one before); no header: the same year only."""
    match = re.search(r"^-- years: (.+)$", sql_text(layer, name), re.M)
    return (
        [int(lag or 0) for lag in re.findall(r"y(?:\s*-\s*(\d+))?", match.group(1))]
        if match
        else [0]
    )


def _has_years(layer: str, name: str) -> bool:
    return re.search(r"^-- grain:.*\byear\b", sql_text(layer, name), re.M) is not None


def fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """A cheap signature of every stored table, to tell which ones a write changed: raw tables,
    meta.upload_units and meta.audit only ever grow, so their row count; the others are small, so
    their content."""
    tables = con.execute(
        "select schema_name || '.' || table_name from duckdb_tables() where schema_name in ('raw', 'ref', 'meta')"
        " order by 1"
    ).fetchall()
    parts = [
        f"select '{t}', count(*), "
        + ("null" if t.startswith("raw.") or t in GROWING else "sum(hash(x))")
        + f" from {t} as x"
        for (t,) in tables
    ]
    return {t: (n, h) for t, n, h in con.execute(" union all ".join(parts)).fetchall()}


def query(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    return con.execute(sql_text("queries", name), params).df()


def check_names() -> list[str]:
    return sorted(p.stem for p in (SQL_DIR / "checks").glob("*.sql"))


def run_checks(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Each check returns offending rows; only the failing ones come back (as data frames:
    pandas is imported only then)."""
    failed = {}
    for name in check_names():
        result = con.execute(sql_text("checks", name))
        rows = result.fetchall()
        if rows:
            import pandas as pd

            failed[name] = pd.DataFrame(rows, columns=[column[0] for column in result.description])
    return failed


@contextmanager
def write(
    con: duckdb.DuckDBPyConnection,
    *,
    dry_run: bool = False,
    inspect: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    years: set[int] | None = None,
) -> Iterator[None]:
    """One transaction for a write: the marts that read what it changed are rebuilt and every
    check must pass before it commits; on any error (or a dry run) nothing stays. `inspect` sees the result first (for
    a preview of what a load would change). `years`: the only years whose rows the write
    changes (a score upload's year), so that marts rebuild only the rows those years touch."""
    con.execute("begin")
    try:
        before = fingerprint(con)
        yield
        after = fingerprint(con)
        refresh(con, {t for t in after if after[t] != before.get(t)}, years)
        failed = run_checks(con)
        if failed:
            raise InvalidInput(
                [
                    Problem(f"Dữ liệu sau khi nạp vi phạm kiểm tra {name} ({len(rows)} dòng)")
                    for name, rows in failed.items()
                ]
            )
        if inspect:
            inspect(con)
        con.execute("rollback" if dry_run else "commit")
    except BaseException:
        con.execute("rollback")
        raise
