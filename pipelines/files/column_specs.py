"""What the user says about a table's columns (`--columns`, the upload page's selectors) and the
report of how each column was read: plain functions on a read table, no database (the readings
remembered per header are pipelines/loads/mappings.py)."""

import re
from dataclasses import dataclass

from pipelines.files.column_roles import MEASURE_NAMES, ROLE_NAMES, Column, Table, strip_max
from pipelines.problems import Problem
from pipelines.text import column_index as column_of_letters
from pipelines.text import fold, roman_to_int, to_number


@dataclass(frozen=True)
class Spec:
    """One column as the user states it: `C=field:1/9`."""

    column: str  # letter or header text
    role: str
    code: str | None = None
    max_points: float | None = None


ROLES = (
    "unit",
    "unit_code",
    "area",
    "stt",
    "field",
    "criterion",
    "total",
    "index",
    "rank",
    "band",
    "bonus",
    "penalty",
    "max",
    "ignore",
)
_SPEC = re.compile(
    r"^\s*(?P<col>[^=]+?)\s*=\s*(?P<role>[a-z_]+?)(?:\s*:?\s*(?P<code>[0-9][0-9.]*|[IVXivx]+))?(?:/(?P<max>\d+(?:[.,]\d+)?))?\s*$"
)


def parse_columns(text: str) -> tuple[list[Spec], list[Problem]]:
    """`B=unit, C=field:1/9, D=field:2, K=total, L=ignore` -> specs, or problems."""
    specs, problems = [], []
    for part in [p for p in re.split(r"[,;\n]", text) if p.strip()]:
        m = _SPEC.match(part)
        if not m or m["role"] not in ROLES:
            problems.append(
                Problem(
                    f"Không hiểu «{part.strip()}» trong --columns: cần CỘT=VAI_TRÒ, ví dụ «C=field:1/9»;"
                    f" vai trò: {', '.join(ROLES)}"
                )
            )
            continue
        code = m["code"]
        if code and not code.replace(".", "").isdigit():
            code = str(roman_to_int(code) or code)
        if m["role"] in ("field", "criterion") and not code:
            problems.append(
                Problem(
                    f"«{part.strip()}»: cần mã lĩnh vực/tiêu chí, ví dụ «field:1» hoặc «field:1/9»"
                )
            )
            continue
        specs.append(Spec(m["col"], m["role"], code, to_number(m["max"]) if m["max"] else None))
    return specs, problems


def column_index(table: Table, name: str) -> int | None:
    """A column named by its letter (C, AA) or by its header text."""
    if re.fullmatch(r"[A-Za-z]{1,3}", name.strip()) and not any(
        fold(c.header) == fold(name) for c in table.columns
    ):
        return column_of_letters(name.strip())
    hits = [c.col for c in table.columns if fold(c.header) == fold(name)]
    hits = hits or [c.col for c in table.columns if fold(name) and fold(name) in fold(c.header)]
    return hits[0] if len(hits) == 1 else None


def apply_specs(table: Table, specs: list[Spec], problems: list[Problem]) -> None:
    """The user's word over the evidence, for each column they name."""
    width = len(table.columns)
    for spec in specs:
        c = column_index(table, spec.column)
        if c is None or c >= width:
            problems.append(
                Problem(f"--columns: không có cột «{spec.column}» trong bảng", table.sheet)
            )
            continue
        col = table.columns[c]
        col.role, col.why = spec.role, "người dùng chỉ định"
        if spec.role in ("field", "criterion"):
            col.code, col.measure, col.group = spec.code, "final", c
            col.name = strip_max(col.header) or f"Lĩnh vực {spec.code}"
            if spec.max_points is not None:
                col.max_points, col.max_from = spec.max_points, "người dùng chỉ định"
    table.by_user = True


def specs_of(table: Table) -> list[dict]:
    """The table's reading as data (to remember it): role, code, max, measure per column."""
    return [
        {
            "col": c.col,
            "role": c.role,
            "code": c.code,
            "max": c.max_points if c.max_from else None,
            "measure": c.measure,
            "group": c.group,
            "max_from": c.max_from,
        }
        for c in table.columns
    ]


def restore(table: Table, stored: list[dict], mapping_id: int) -> None:
    for item in stored:
        if item["col"] >= len(table.columns):
            continue
        col = table.columns[item["col"]]
        col.role, col.code, col.measure, col.group = (
            item["role"],
            item["code"],
            item["measure"],
            item["group"],
        )
        if item["max"] is not None:
            col.max_points, col.max_from = item["max"], item["max_from"]
        col.why = f"cách đọc đã lưu #{mapping_id}"
    table.mapping_id = mapping_id


def describe(table: Table) -> list[dict]:
    """Per column: what was taken and why (for --dry-run and the upload page)."""
    out = []
    for c in table.columns:
        if c.role == "ignore" and not c.header:
            continue
        role = ROLE_NAMES.get(c.role, c.role)
        if c.role in ("field", "criterion"):
            role += f" {c.code or '?'}"
            if c.measure != "final":
                role += f" ({MEASURE_NAMES[c.measure]})"
        out.append(
            {
                "sheet": table.sheet,
                "column": c.letter,
                "header": c.header,
                "role": role,
                "max": c.max_points,
                "max_from": c.max_from,
                "why": c.why,
            }
        )
    return out


def choice_of(col: Column) -> str:
    """A column's role as the upload page offers it: `unit`, `field:3`, `ignore`, …"""
    return f"{col.role}:{col.code}" if col.role in ("field", "criterion") and col.code else col.role


def choices(table: Table) -> list[str]:
    """Every role the page offers for a column of this table (one entry per field number), the
    roles its columns were read as among them, so that showing a column never changes it."""
    points = len(table.of_role("field", "criterion"))
    codes = sorted(
        {c.code for c in table.of_role("field") if c.code}
        | {str(i) for i in range(1, max(9, points) + 1)},
        key=lambda c: (len(c), c),
    )
    field_at = ROLES.index("field")
    offered = [
        "ignore",
        *ROLES[:field_at],
        *(f"field:{c}" for c in codes),
        *(r for r in ROLES[field_at + 1 :] if r not in ("criterion", "ignore")),
    ]
    return [*offered, *dict.fromkeys(c for c in map(choice_of, table.columns) if c not in offered)]


def choice_label(choice: str) -> str:
    role, _, code = choice.partition(":")
    return f"{ROLE_NAMES[role]} {code or ('?' if role == 'field' else '')}".strip()


def columns_text(changes: list[tuple[str, str, float | None]]) -> str:
    """(letter, choice, max) -> the `--columns` text that says it."""
    return ", ".join(
        f"{letter}={choice}" + (f"/{mx:g}" if mx else "") for letter, choice, mx in changes
    )
