"""pipelines/reads.py has one typed function per sql/queries file, taking the parameters its
`-- params:` header names, typed from it (issue 13 §1), and nothing else in pipelines/ or dashboard/
runs a named query: pages, the CLI and the papers all read through it."""

from __future__ import annotations  # annotations as written, compared with the headers

import inspect
import re
from pathlib import Path

import pytest

from pipelines import db, reads

ROOT = Path(__file__).resolve().parents[2]
QUERIES = sorted(p.stem for p in (db.SQL_DIR / "queries").glob("*.sql"))
# the queries whose function has another name, kept because callers use it widely
NAMED = {"ranking_for_year": "ranking", "flags_for_year": "flags"}
TYPES = {
    "integer": "int",
    "varchar": "str",
    "date": "dt.date",
    "boolean": "bool",
    "double": "float",
}
RUNS_A_QUERY = re.compile(r"\bdb\.query\(|\bsql_text\(\s*[\"']queries[\"']")
ALLOWED = ("pipelines/db.py", "pipelines/reads.py")  # the primitive, and its one caller


def header_params(sql: str) -> list[tuple[str, str]]:
    """(name, annotation) of each parameter a query's `-- params:` header names, in its order;
    one whose header says what null means is `T | None`; a list (`varchar[]`) is `list[T]`, of
    `T | None` when the header says when an element is null."""
    header = next(line for line in sql.splitlines() if line.startswith("-- params:"))
    found = []
    for name, kind, rest in re.findall(r"\$([a-z_]+) \(([a-z]+)([^)]*)\)", header):
        if rest.startswith("[]"):
            found.append((name, f"list[{TYPES[kind]}{' | None' if 'null for' in rest else ''}]"))
        else:
            found.append((name, TYPES[kind] + (" | None" if "null =" in rest else "")))
    return found


def mismatches(function, sql: str) -> list[str]:
    """How a function's parameters (after the connection) differ from its query's header: names
    and their order, annotations, and a default of None exactly for the nullable ones."""
    params = list(inspect.signature(function).parameters.values())[1:]
    want = header_params(sql)
    if [p.name for p in params] != [n for n, _ in want]:
        return [f"parameters {[p.name for p in params]}, header {[n for n, _ in want]}"]
    found = []
    for p, (name, annotation) in zip(params, want):
        if p.annotation != annotation:
            found.append(f"{name}: annotated {p.annotation}, header says {annotation}")
        nullable = annotation.endswith(" | None")
        if nullable != (p.default is None) or (not nullable and p.default is not p.empty):
            found.append(f"{name}: default {p.default}, nullable {nullable}")
    return found


def query_callers(sources: dict[str, str]) -> list[str]:
    """`path:line` of each named query run outside reads.py (and db.py, which defines it)."""
    return [
        f"{path}:{n}"
        for path, text in sources.items()
        if path not in ALLOWED
        for n, line in enumerate(text.splitlines(), 1)
        if RUNS_A_QUERY.search(line)
    ]


SAMPLE_SQL = "-- A sample.\n-- params: $year (integer), $group (varchar; null = all)\nselect 1"


def _sample_right(con, year: int, group: str | None = None): ...


def _sample_wrong(con, year: str, area: str | None = None): ...


def _sample_untyped_default(con, year: int = 2025, group: str | None = "x"): ...


def test_a_function_that_differs_from_its_header_is_found():
    assert header_params(SAMPLE_SQL) == [("year", "int"), ("group", "str | None")]
    assert mismatches(_sample_right, SAMPLE_SQL) == []
    assert mismatches(_sample_wrong, SAMPLE_SQL) == [
        "parameters ['year', 'area'], header ['year', 'group']"
    ]
    assert len(mismatches(_sample_untyped_default, SAMPLE_SQL)) == 2


def test_a_query_run_outside_reads_is_found():
    sources = {
        "dashboard/app_pages/x.py": 'a = 1\nbands = db.query(cur, "bands_for_framework", code=c)',
        "pipelines/y.py": 'con.execute(db.sql_text("queries", "years"), p)',
        "pipelines/reads.py": 'return db.query(con, "areas", year=year)',
    }
    assert query_callers(sources) == ["dashboard/app_pages/x.py:2", "pipelines/y.py:1"]


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_has_one_function_with_its_header_params(name):
    function = getattr(reads, NAMED.get(name, name), None)
    assert callable(function), f"sql/queries/{name}.sql has no function in pipelines/reads.py"
    assert f'"{name}"' in inspect.getsource(function), f"{function.__name__} does not run {name}"
    assert mismatches(function, db.sql_text("queries", name)) == []


def test_only_reads_runs_named_queries():
    sources = {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for folder in ("pipelines", "dashboard")
        for path in sorted((ROOT / folder).rglob("*.py"))
    }
    assert len(sources) > 50  # the scan saw the product
    assert query_callers(sources) == []
