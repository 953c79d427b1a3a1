"""Every public function of the product (pipelines/, dashboard/) says what it takes and gives: each
parameter and the return value are annotated (issue 13 §4). Private helpers (`_name`) may not be."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNANNOTATED = """
def shown(a, b: int):
    return a
"""


def unannotated(source: str, where: str = "") -> list[str]:
    """`where:line name (what is missing)` for each public function of `source` lacking annotations."""
    found = []

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                visit(node.body, f"{prefix}{node.name}.")
            if isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef)
            ) and not node.name.startswith("_"):
                a = node.args
                params = [
                    p for p in a.posonlyargs + a.args + a.kwonlyargs if p.arg not in ("self", "cls")
                ]
                params += [p for p in (a.vararg, a.kwarg) if p]
                missing = [p.arg for p in params if p.annotation is None]
                missing += ["return"] if node.returns is None else []
                if missing:
                    found.append(
                        f"{where}:{node.lineno} {prefix}{node.name} ({', '.join(missing)})"
                    )

    visit(ast.parse(source).body, "")
    return found


def test_a_missing_annotation_is_found():
    assert unannotated(UNANNOTATED) == [":2 shown (a, return)"]


def test_every_public_function_is_annotated():
    found = [
        line
        for folder in ("pipelines", "dashboard")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for line in unannotated(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert found == []
