"""Frameworks (bộ chỉ số) as data: read, checked, stored in ref.*, chosen per unit-year."""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.problems import InvalidInput, Problem
from pipelines.settings import EXAMPLE_FRAMEWORK
from pipelines.text import clean, fold

TOLERANCE = 0.01 + 1e-9  # "more than 0,01", robust to float sums


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    max_points: float
    is_survey: bool = False

    @property
    def parent(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    @property
    def field_code(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1


@dataclass
class Framework:
    code: str
    name: str
    year_from: int
    year_to: int
    unit_kinds: list[str]
    criteria: list[Criterion]
    bands: list[dict] = field(default_factory=list)
    flag_rules: list[dict] = field(default_factory=list)
    is_example: bool = False
    is_inferred: bool = False
    bonus_cap: float = 0.0
    penalty_cap: float = 0.0
    task_bonus_points: float = 0.0  # per completed breakthrough task, within bonus_cap
    plan_due: str = "04-10"
    method: str = ""

    @property
    def fields(self) -> list[Criterion]:
        return [c for c in self.criteria if c.depth == 1]

    def by_code(self) -> dict[str, Criterion]:
        return {c.code: c for c in self.criteria}

    def children(self) -> dict[str, list[Criterion]]:
        kids: dict[str, list[Criterion]] = {}
        for c in self.criteria:
            if c.parent:
                kids.setdefault(c.parent, []).append(c)
        return kids


def read_toml(path: Path) -> Framework:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        years = data["years"]
        framework = Framework(
            code=data["code"],
            name=clean(data["name"]),
            year_from=int(years[0]),
            year_to=int(years[-1]),
            unit_kinds=list(data["unit_kinds"]),
            criteria=[
                Criterion(str(c[0]), clean(c[1]), float(c[2]), bool(c[3])) for c in data["criteria"]
            ],
            bands=data.get("bands", []),
            flag_rules=data.get("flag_rules", []),
            is_example=bool(data.get("example", False)),
            bonus_cap=float(data.get("bonus_cap", 0)),
            penalty_cap=float(data.get("penalty_cap", 0)),
            task_bonus_points=float(data.get("task_bonus_points", 0)),
            plan_due=data.get("plan_due", "04-10"),
            method=clean(data.get("method", "")),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, IndexError, TypeError, ValueError) as e:
        raise InvalidInput([Problem(f"Không đọc được tệp bộ chỉ số: {e}", Path(path).name)]) from e
    resolve_rules(framework)
    problems = check(framework)
    if problems:
        raise InvalidInput(problems)
    return framework


def resolve_rules(framework: Framework) -> None:
    """A flag rule names its field by code or by name; store the code. A rule whose field this
    framework lacks is dropped (inferred frameworks take the example's rules)."""
    by_name = {fold(f.name): f.code for f in framework.fields}
    codes = {f.code for f in framework.fields}
    rules = []
    for rule in framework.flag_rules:
        named = rule.get("field")
        if named is None:
            rules.append({**rule, "field": None})
        elif str(named) in codes:
            rules.append({**rule, "field": str(named)})
        elif fold(named) in by_name:
            rules.append({**rule, "field": by_name[fold(named)]})
        elif not framework.is_inferred:
            raise InvalidInput(
                [Problem(f"Quy tắc cảnh báo {rule['code']}: không có lĩnh vực «{named}»")]
            )
    framework.flag_rules = rules


def check(framework: Framework) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for c in framework.criteria:
        if c.code in seen:
            problems.append(Problem(f"Mã tiêu chí {c.code} bị lặp"))
        seen.add(c.code)
        if c.parent and c.parent not in seen:
            problems.append(
                Problem(f"Tiêu chí {c.code} không có tiêu chí cha {c.parent} đứng trước")
            )
        if c.max_points < 0:
            problems.append(Problem(f"Tiêu chí {c.code}: điểm tối đa âm"))
    by_code = framework.by_code()
    for parent, kids in framework.children().items():
        total = sum(k.max_points for k in kids)
        if parent in by_code and abs(total - by_code[parent].max_points) > TOLERANCE:
            problems.append(
                Problem(
                    f"Tiêu chí {parent}: điểm tối đa {by_code[parent].max_points:g} khác tổng các tiêu chí con {total:g}"
                )
            )
    if not framework.fields:
        problems.append(Problem("Bộ chỉ số không có lĩnh vực nào"))
    return problems


def store(con: duckdb.DuckDBPyConnection, framework: Framework) -> None:
    """Insert or replace the framework in ref.* (inside the caller's transaction)."""
    f = framework
    month, day = (int(x) for x in f.plan_due.split("-"))
    for table in ("criteria", "bands", "flag_rules", "frameworks"):
        con.execute(f"delete from ref.{table} where framework_code = ?", [f.code])
    con.execute(
        "insert into ref.frameworks values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            f.code,
            f.name,
            f.year_from,
            f.year_to,
            f.unit_kinds,
            f.is_example,
            f.is_inferred,
            f.bonus_cap,
            f.penalty_cap,
            month,
            day,
            f.method,
            f.task_bonus_points,
        ],
    )
    con.executemany(
        "insert into ref.criteria values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [f.code, c.code, c.parent, c.field_code, c.depth, c.name, c.max_points, c.is_survey, i]
            for i, c in enumerate(f.criteria)
        ],
    )
    _insert_many(
        con,
        "insert into ref.bands values (?, ?, ?, ?, ?)",
        [
            [
                f.code,
                b["name"],
                float(b["min_pct"]),
                bool(b.get("requires_plan", False)),
                b.get("color"),
            ]
            for b in f.bands
        ],
    )
    _insert_many(
        con,
        "insert into ref.flag_rules values (?, ?, ?, ?, ?)",
        [
            [
                f.code,
                r["code"],
                r["field"],
                float(r["threshold_pct"]),
                bool(r.get("requires_plan", False)),
            ]
            for r in f.flag_rules
        ],
    )


def _insert_many(con: duckdb.DuckDBPyConnection, sql: str, rows: list[list]) -> None:
    if rows:  # DuckDB refuses executemany with no rows
        con.executemany(sql, rows)


def fetch(con: duckdb.DuckDBPyConnection, code: str) -> Framework:
    if not con.execute("select 1 from ref.frameworks where framework_code = ?", [code]).fetchone():
        raise InvalidInput([Problem(f"Không có bộ chỉ số «{code}»")])
    rules = [
        {"code": c, "field": f, "threshold_pct": t, "requires_plan": p}
        for c, f, t, p in con.execute(
            "select rule_code, field_code, threshold_pct, requires_plan from ref.flag_rules"
            " where framework_code = ? order by rule_code",
            [code],
        ).fetchall()
    ]
    row = con.execute(
        "select framework_code, framework_name, year_from, year_to, unit_kinds, is_example,"
        " is_inferred, bonus_cap, penalty_cap, plan_due_month, plan_due_day, method_note, task_bonus_points"
        " from ref.frameworks where framework_code = ?",
        [code],
    ).fetchone()
    criteria = [
        Criterion(*r)
        for r in con.execute(
            "select criterion_code, criterion_name, max_points, is_survey from ref.criteria"
            " where framework_code = ? order by sort_order",
            [code],
        ).fetchall()
    ]
    bands = [
        {"name": n, "min_pct": m, "requires_plan": p, "color": c}
        for n, m, p, c in con.execute(
            "select band_name, min_pct, requires_plan, color from ref.bands"
            " where framework_code = ? order by min_pct desc",
            [code],
        ).fetchall()
    ]
    return Framework(
        code=row[0],
        name=row[1],
        year_from=row[2],
        year_to=row[3],
        unit_kinds=list(row[4]),
        criteria=criteria,
        bands=bands,
        flag_rules=rules,
        is_example=row[5],
        is_inferred=row[6],
        bonus_cap=row[7],
        penalty_cap=row[8],
        plan_due=f"{row[9]:02d}-{row[10]:02d}",
        method=row[11] or "",
        task_bonus_points=row[12] or 0.0,
    )


def for_unit_year(con: duckdb.DuckDBPyConnection, year: int, kind: str) -> str | None:
    """The framework that scores a unit of this kind in this year: an official one before an
    inferred one before the example; the newest first."""
    row = con.execute(
        "select framework_code from ref.frameworks"
        " where ? between year_from and year_to and list_contains(unit_kinds, ?)"
        " order by is_example, is_inferred, year_from desc, framework_code limit 1",
        [year, kind],
    ).fetchone()
    return row[0] if row else None


def flag_threshold(con: duckdb.DuckDBPyConnection, codes: list[str]) -> float | None:
    """The line a field is flagged under (ref.flag_rules) in these frameworks: the lowest of their
    rules (a page's line, its text and the heatmap's dots)."""
    (pct,) = con.execute(
        "select min(threshold_pct) from ref.flag_rules where framework_code in (select unnest(?))",
        [list(codes)],
    ).fetchone()
    return pct


def called(name: str) -> str:
    """How a message names a framework: by its name (the code is for machines), «Bộ chỉ số …» as
    it is, any other name after the words «bộ chỉ số»."""
    return f"«{name}»" if fold(name).startswith("bo chi so") else f"bộ chỉ số «{name}»"


def name_of(con: duckdb.DuckDBPyConnection, code: str) -> str:
    """A stored framework's name (its code when there is no such framework)."""
    row = con.execute(
        "select framework_name from ref.frameworks where framework_code = ?", [code]
    ).fetchone()
    return row[0] if row else code


def remove(con: duckdb.DuckDBPyConnection, code: str, who: str, client: str) -> str:
    """Take a framework out (the example loaded to try things, say) while no score uses it."""
    from pipelines import audit, db

    if not con.execute("select 1 from ref.frameworks where framework_code = ?", [code]).fetchone():
        raise InvalidInput([Problem(f"Không có bộ chỉ số «{code}»")])
    name = called(name_of(con, code))
    used = [
        y
        for (y,) in con.execute(
            "select distinct year from staging.stg_scores where framework_code = ? order by 1",
            [code],
        ).fetchall()
    ]
    if used:
        raise InvalidInput(
            [
                Problem(
                    f"{name[0].upper()}{name[1:]} đang chấm điểm năm {', '.join(map(str, used))}:"
                    " hoàn tác các lần tải đó trước (`cchc uploads rollback`)"
                )
            ]
        )
    surveys = [
        d
        for (d,) in con.execute(
            "select definition_code from ref.survey_definitions where framework_code = ?", [code]
        ).fetchall()
    ]
    said = f"Đã gỡ {name}" + (f" và bộ câu hỏi {', '.join(surveys)}" if surveys else "")
    with db.write(con):
        for table in ("criteria", "bands", "flag_rules", "frameworks"):
            con.execute(f"delete from ref.{table} where framework_code = ?", [code])
        for table in (
            "questions",
            "scales",
            "groups",
            "definitions",
        ):  # its survey definitions go with it
            con.execute(
                f"delete from ref.survey_{table} where definition_code in (select unnest(?))",
                [surveys],
            )
        audit.record(con, who, "framework", said, client)
    return said


def exist_for_year(con: duckdb.DuckDBPyConnection, year: int) -> bool:
    """Whether any framework scores this year (else maxima must come from the file)."""
    return bool(
        con.execute(
            "select count(*) from ref.frameworks where ? between year_from and year_to", [year]
        ).fetchone()[0]
    )


def load_example(con: duckdb.DuckDBPyConnection) -> Framework:
    framework = read_toml(EXAMPLE_FRAMEWORK)
    store(con, framework)
    return framework


def inferred(code: str, year: int, kinds: list[str], fields: list[Criterion]) -> Framework:
    """A framework made from a file's own field columns and maxima, with the example's bands
    and flag rules (rules naming a field it lacks are dropped)."""
    example = tomllib.loads(EXAMPLE_FRAMEWORK.read_text(encoding="utf-8"))
    framework = Framework(
        code=code,
        name=f"Bộ chỉ số suy ra từ tệp điểm năm {year}",
        year_from=year,
        year_to=year,
        unit_kinds=sorted(set(kinds)),
        criteria=fields,
        bands=example["bands"],
        flag_rules=example["flag_rules"],
        is_inferred=True,
        method="Bộ chỉ số suy ra từ điểm tối đa ghi trong tiêu đề cột của tệp.",
    )
    resolve_rules(framework)
    return framework
