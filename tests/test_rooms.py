"""The rooms of pipelines/ keep to what their names say (issue 13 §1): files/ reads files and never
touches the database; loads/ checks and stores what users bring and writes no workbook; nothing
under pipelines/ imports Streamlit or the dashboard."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# room → modules it may not import (a module, or any module under a package)
FORBIDDEN = {
    "pipelines/files": (
        "duckdb",
        "pipelines.db",
        "pipelines.sharing",
        "pipelines.loads",
        "pipelines.workbooks",
    ),
    "pipelines/loads": ("pipelines.workbooks",),
    "pipelines": ("streamlit", "dashboard"),
}


def imported(source: str) -> set[str]:
    """Every module a source imports, `from pipelines import db` counting as pipelines.db."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return names


def breaks(names: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names for f in forbidden if n == f or n.startswith(f + "."))


def test_a_forbidden_import_is_seen():
    assert breaks(
        imported("from pipelines import db\nimport duckdb"), FORBIDDEN["pipelines/files"]
    ) == [
        "duckdb",
        "pipelines.db",
    ]
    assert breaks(imported("from pipelines.workbooks.excel import FONT"), ("pipelines.workbooks",))


@pytest.mark.parametrize("room", FORBIDDEN)
def test_each_room_imports_only_what_it_may(room):
    found = {
        str(path.relative_to(ROOT)): bad
        for path in sorted((ROOT / room).rglob("*.py"))
        if (bad := breaks(imported(path.read_text(encoding="utf-8")), FORBIDDEN[room]))
    }
    assert found == {}
