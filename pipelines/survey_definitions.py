"""Survey definitions (bộ câu hỏi điều tra xã hội học) as data, per framework and years:
respondent groups and their weights, answer scales and the share of points each answer earns,
and the questions with the criterion each feeds. Read from TOML (the example) or a workbook
(`cchc template survey`), checked against the framework, stored in ref.survey_*."""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines import audit, db, frameworks
from pipelines.files.workbook import read_sheets
from pipelines.frameworks import TOLERANCE, Framework
from pipelines.loads.uploads import Checked, file_sha256, judged, unchanged
from pipelines.problems import InvalidInput, Problem, in_reading_order
from pipelines.settings import EXAMPLE_SURVEY
from pipelines.text import cell_name, clean, fold, vn_number

YES = {"x", "co", "yes", "1", "true"}


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    weight: float | None = None


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    share_pct: float


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    criterion: str
    points: float
    scale: str
    groups: tuple[str, ...] = ()  # empty: every group answers it


@dataclass
class Definition:
    code: str
    name: str
    framework_code: str
    year_from: int
    year_to: int
    groups: list[Group]
    scales: dict[str, list[Option]]
    questions: list[Question]
    is_example: bool = False
    margin_pct: float = 5.0
    where: dict[str, tuple[str, str]] = field(
        default_factory=dict, compare=False
    )  # item -> (sheet, cell)

    def answers_of(self, question: Question) -> tuple[str, ...]:
        return question.groups or tuple(g.code for g in self.groups)

    def group_code(self, label: str) -> str | None:
        """The respondent group a cell names, by code or name, case and accents ignored."""
        key = fold(clean(label))
        return next((g.code for g in self.groups if fold(g.code) == key), None) or next(
            (g.code for g in self.groups if fold(g.name) == key), None
        )


def answer_key(value: object) -> str:
    """An answer cell as we match it: 5, 5.0 and '5' alike; case and accents ignored."""
    return fold(clean(value))


def option_keys(options: list[Option]) -> dict[str, str]:
    """Every way an answer may be written -> its option code: the code, the label, 'A. Rất tốt'."""
    keys: dict[str, str] = {}
    for o in options:
        for written in (o.code, o.label, f"{o.code} {o.label}"):
            keys.setdefault(answer_key(written), o.code)
    return keys


def read_toml(path: Path) -> Definition:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return Definition(
        code=data["code"],
        name=data["name"],
        framework_code=data["framework"],
        year_from=data["years"][0],
        year_to=data["years"][1],
        is_example=data.get("example", False),
        margin_pct=float(data.get("margin_pct", 5)),
        groups=[Group(g[0], g[1], float(g[2]) if len(g) > 2 else None) for g in data["groups"]],
        scales={
            code: [Option(str(o[0]), o[1], float(o[2])) for o in options]
            for code, options in data["scales"].items()
        },
        questions=[
            Question(q[0], q[1], str(q[2]), float(q[3]), q[4], tuple(q[5]))
            for q in data["questions"]
        ],
    )


def problems_in(d: Definition, framework: Framework | None) -> list[Problem]:
    """Everything wrong with a definition, each where it was read from when known."""
    problems: list[Problem] = []

    def bad(message: str, item: str | None = None) -> None:
        sheet, cell = d.where.get(item, (None, None)) if item else (None, None)
        problems.append(Problem(message, sheet, cell))

    if framework is None:
        bad(f"Không có bộ chỉ số «{d.framework_code}»: nạp bộ chỉ số trước", "framework")
    if d.year_from > d.year_to:
        bad(f"Năm từ {d.year_from} sau năm đến {d.year_to}", "years")
    if not 0 < d.margin_pct < 100:
        bad(f"Sai số {vn_number(d.margin_pct)} % phải lớn hơn 0 và nhỏ hơn 100", "margin")
    groups = {g.code for g in d.groups}
    if not d.groups:
        bad("Chưa có nhóm đối tượng trả lời nào")
    if len(groups) < len(d.groups):
        bad("Mã nhóm đối tượng bị trùng")
    weights = [g.weight for g in d.groups]
    if any(w is not None for w in weights) and None in weights:
        bad("Trọng số nhóm: cho mọi nhóm hoặc để trống tất cả (gộp mọi câu trả lời)")
    for g in d.groups:
        if g.weight is not None and g.weight <= 0:
            bad(f"Trọng số của nhóm «{g.code}» phải lớn hơn 0", f"group:{g.code}")
    for scale, options in d.scales.items():
        keys: dict[str, str] = {}
        for o in options:
            if not 0 <= o.share_pct <= 100:
                bad(
                    f"Thang đo «{scale}», câu trả lời «{o.code}»: tỷ lệ điểm {vn_number(o.share_pct)} % ngoài 0–100",
                    f"option:{scale}:{o.code}",
                )
            for written in (o.code, o.label):
                other = keys.setdefault(answer_key(written), o.code)
                if other != o.code:
                    bad(
                        f"Thang đo «{scale}»: «{written}» trùng với câu trả lời «{other}»",
                        f"option:{scale}:{o.code}",
                    )
    criteria = framework.by_code() if framework else {}
    parents = set(framework.children()) if framework else set()
    seen: set[str] = set()
    per_criterion: dict[str, float] = {}
    for q in d.questions:
        item = f"question:{q.code}"
        if fold(q.code) in seen:
            bad(f"Mã câu hỏi «{q.code}» bị trùng", item)
        seen.add(fold(q.code))
        if q.scale not in d.scales:
            bad(f"Câu {q.code}: không có thang đo «{q.scale}»", item)
        for g in q.groups:
            if g not in groups:
                bad(f"Câu {q.code}: không có nhóm đối tượng «{g}»", item)
        if q.points <= 0:
            bad(f"Câu {q.code}: điểm phải lớn hơn 0", item)
        c = criteria.get(q.criterion)
        if framework and (c is None or not c.is_survey or q.criterion in parents):
            bad(
                f"Câu {q.code}: «{q.criterion}» không phải tiêu chí lá chấm bằng điều tra xã hội học"
                f" của {frameworks.called(framework.name)}",
                item,
            )
        per_criterion[q.criterion] = per_criterion.get(q.criterion, 0) + q.points
    for c in criteria.values():
        if c.is_survey and c.code not in parents:
            total = per_criterion.get(c.code, 0)
            if abs(total - c.max_points) > TOLERANCE:
                bad(
                    f"Tiêu chí {c.code} tối đa {vn_number(c.max_points)} điểm nhưng các câu hỏi cộng lại"
                    f" {vn_number(total)} điểm"
                )
    return problems


def store_rows(con: duckdb.DuckDBPyConnection, d: Definition) -> None:
    """Insert or replace the definition in ref.survey_* (inside the caller's transaction)."""
    for table in ("questions", "scales", "groups", "definitions"):
        con.execute(f"delete from ref.survey_{table} where definition_code = ?", [d.code])
    con.execute(
        "insert into ref.survey_definitions values (?, ?, ?, ?, ?, ?, ?)",
        [d.code, d.name, d.framework_code, d.year_from, d.year_to, d.is_example, d.margin_pct],
    )
    con.executemany(
        "insert into ref.survey_groups values (?, ?, ?, ?, ?)",
        [[d.code, g.code, g.name, g.weight, i] for i, g in enumerate(d.groups)],
    )
    con.executemany(
        "insert into ref.survey_scales values (?, ?, ?, ?, ?, ?)",
        [
            [d.code, s, o.code, o.label, o.share_pct, i]
            for s, options in d.scales.items()
            for i, o in enumerate(options)
        ],
    )
    con.executemany(
        "insert into ref.survey_questions values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [d.code, q.code, q.text, q.criterion, q.points, q.scale, list(d.answers_of(q)), i]
            for i, q in enumerate(d.questions)
        ],
    )


def fetch(con: duckdb.DuckDBPyConnection, code: str) -> Definition:
    row = con.execute(
        "select definition_name, framework_code, year_from, year_to, is_example, margin_pct"
        " from ref.survey_definitions where definition_code = ?",
        [code],
    ).fetchone()
    if row is None:
        raise InvalidInput([Problem(f"Không có bộ câu hỏi «{code}»")])
    groups = [
        Group(*r)
        for r in con.execute(
            "select group_code, group_name, weight from ref.survey_groups where definition_code = ? order by sort_order",
            [code],
        ).fetchall()
    ]
    scales: dict[str, list[Option]] = {}
    for scale, *option in con.execute(
        "select scale_code, option_code, option_label, share_pct from ref.survey_scales"
        " where definition_code = ? order by scale_code, sort_order",
        [code],
    ).fetchall():
        scales.setdefault(scale, []).append(Option(*option))
    questions = [
        Question(c, t, k, p, s, tuple(g))
        for c, t, k, p, s, g in con.execute(
            "select question_code, question_text, criterion_code, points, scale_code, group_codes"
            " from ref.survey_questions where definition_code = ? order by sort_order",
            [code],
        ).fetchall()
    ]
    return Definition(
        code, row[0], row[1], row[2], row[3], groups, scales, questions, row[4], row[5]
    )


def for_year(con: duckdb.DuckDBPyConnection, year: int) -> list[str]:
    """Codes of the definitions that cover a year, an official one before the example."""
    return [
        c
        for (c,) in con.execute(
            "select definition_code from ref.survey_definitions where ? between year_from and year_to"
            " order by is_example, year_from desc, definition_code",
            [year],
        ).fetchall()
    ]


def read(path: Path, display_name: str | None = None) -> Definition:
    """A definition from a .toml file or a workbook."""
    if Path(display_name or path).suffix.lower() == ".toml":
        try:
            return read_toml(path)
        except (tomllib.TOMLDecodeError, KeyError, IndexError, TypeError, ValueError) as e:
            raise InvalidInput(
                [
                    Problem(
                        f"Tệp .toml không đúng mẫu bộ câu hỏi ({e})",
                        Path(display_name or path).name,
                    )
                ]
            ) from e
    return read_workbook(path, display_name)


def validate(con: duckdb.DuckDBPyConnection, d: Definition) -> None:
    """Raise InvalidInput listing everything wrong with a definition against its framework."""
    known = con.execute(
        "select 1 from ref.frameworks where framework_code = ?", [d.framework_code]
    ).fetchone()
    problems = problems_in(d, frameworks.fetch(con, d.framework_code) if known else None)
    if problems:
        sheets = list(dict.fromkeys(p.sheet for p in problems if p.sheet))
        raise InvalidInput(in_reading_order(problems, sheets))


def load(
    con: duckdb.DuckDBPyConnection,
    d: Definition,
    who: str = audit.CLI,
    client: str = audit.CLI,
    file_name: str = "",
) -> str:
    """Check a definition and store it, or raise InvalidInput."""
    return store(con, _checked(con, d, file_name), who, client)


def check(
    con: duckdb.DuckDBPyConnection, path: Path | str, display_name: str | None = None
) -> Checked[Definition]:
    """Read a definition (.toml or workbook) and check it against its framework, writing
    nothing; or InvalidInput listing every problem."""
    d = read(Path(path), display_name)
    return _checked(con, d, display_name or Path(path).name, file_sha256(path))


def _checked(
    con: duckdb.DuckDBPyConnection, d: Definition, file_name: str, sha256: str = ""
) -> Checked[Definition]:
    validate(con, d)
    return Checked(file_name, sha256, len(d.questions), d, database=judged(con))


def store(
    con: duckdb.DuckDBPyConnection,
    checked: Checked[Definition],
    who: str = audit.CLI,
    client: str = audit.CLI,
) -> str:
    """Store the checked definition (replacing one of the same code), in one write (`who` did it,
    from `client`); what was loaded, in words."""
    unchanged(con, checked)
    d = checked.payload
    with db.write(con):
        store_rows(con, d)
        logged(con, d, who, client, checked.file_name)
    return describe(d, frameworks.name_of(con, d.framework_code))


def logged(
    con: duckdb.DuckDBPyConnection, d: Definition, who: str, client: str, file_name: str = ""
) -> None:
    """The audit line of a definition loaded (inside the caller's write)."""
    in_file = f", tệp «{file_name}»" if file_name else ""
    audit.record(
        con,
        who,
        "upload",
        f"Bộ câu hỏi khảo sát{in_file}: " + describe(d, frameworks.name_of(con, d.framework_code)),
        client,
    )


def describe(d: Definition, framework_name: str) -> str:
    return (
        f"bộ câu hỏi {d.code} ({len(d.questions)} câu, {len(d.groups)} nhóm đối tượng)"
        f" cho {frameworks.called(framework_name)}, năm {d.year_from}–{d.year_to}"
    )


def load_example(con: duckdb.DuckDBPyConnection) -> Definition:
    definition = read_toml(EXAMPLE_SURVEY)
    store_rows(con, definition)
    return definition


# The workbook: sheets 'Bộ câu hỏi' (key, value), 'Nhóm', 'Thang đo', 'Câu hỏi'.
META = (
    ("Mã", "code"),
    ("Tên", "name"),
    ("Bộ chỉ số", "framework"),
    ("Năm từ", "year_from"),
    ("Năm đến", "year_to"),
    ("Sai số cho phép (%)", "margin"),
    ("Ví dụ", "example"),
)
SHEET_TITLES = ("Bộ câu hỏi", "Nhóm", "Thang đo", "Câu hỏi")
SHEETS = dict(zip((fold(t) for t in SHEET_TITLES), ("meta", "groups", "scales", "questions")))
HEADERS = {
    "groups": ["Mã nhóm", "Tên nhóm đối tượng", "Trọng số (trống: gộp mọi câu trả lời)"],
    "scales": ["Mã thang đo", "Câu trả lời", "Nhãn", "Tỷ lệ điểm (%)"],
    "questions": [
        "Mã câu",
        "Nội dung câu hỏi",
        "Tiêu chí",
        "Điểm",
        "Thang đo",
        "Nhóm trả lời (mã, cách nhau bởi dấu phẩy; trống: mọi nhóm)",
    ],
}


def read_workbook(path: Path, display_name: str | None = None) -> Definition:
    name = display_name or Path(path).name
    sheets = {SHEETS.get(fold(s.name)): s for s in read_sheets(path, name)}
    missing = [title for title in SHEET_TITLES if SHEETS[fold(title)] not in sheets]
    if missing:
        raise InvalidInput(
            [
                Problem(f"Thiếu trang tính «{title}» (xem `cchc template survey`)", name)
                for title in missing
            ]
        )
    problems: list[Problem] = []
    where: dict[str, tuple[str, str]] = {}

    def rows(key):  # (sheet, row number, the row's cells as text, the row as read)
        sheet = sheets[key]
        for r, row in sheet.body():
            yield sheet, r, [clean(v) for v in row] + [""] * 6, row

    meta: dict[str, tuple] = {}  # key -> (text, sheet, row)
    for sheet, r, text, _ in rows("meta"):
        key = next((k for label, k in META if fold(label) == fold(text[0])), None)
        if key:
            meta[key] = (text[1], sheet, r)
    for label, key in META[:5]:
        if not meta.get(key, ("",))[0]:
            problems.append(Problem(f"Thiếu «{label}»", sheets["meta"].name))
    for key, item in (("framework", "framework"), ("year_from", "years"), ("margin", "margin")):
        if key in meta:
            where[item] = (meta[key][1].name, cell_name(meta[key][2], 1))

    def meta_number(key, what, required=True):
        if key not in meta:
            return None
        _, sheet, r = meta[key]
        return sheet.number(r, 1, what, problems, required)

    years = [meta_number(k, "Năm") for k in ("year_from", "year_to")]
    margin = meta_number("margin", "Sai số", required=False)
    groups = []
    for sheet, r, text, _ in rows("groups"):
        weight = sheet.number(r, 2, f"Trọng số của nhóm {text[0]}", problems, required=False)
        groups.append(Group(text[0], text[1] or text[0], weight))
        where[f"group:{text[0]}"] = (sheet.name, cell_name(r, 2))
    scales: dict[str, list[Option]] = {}
    for sheet, r, text, raw in rows("scales"):
        share = sheet.number(r, 3, f"Tỷ lệ điểm của «{text[1]}»", problems)
        code = text[1].removesuffix(".0") if isinstance(raw[1], float) else text[1]
        if share is not None:
            scales.setdefault(text[0], []).append(Option(code, text[2] or code, share))
            where[f"option:{text[0]}:{code}"] = (sheet.name, cell_name(r, 3))
    questions = []
    for sheet, r, text, _ in rows("questions"):
        points = sheet.number(r, 3, f"Điểm của câu {text[0]}", problems)
        if points is not None:
            groups_of = tuple(g.strip() for g in text[5].replace(";", ",").split(",") if g.strip())
            questions.append(
                Question(text[0], text[1], text[2].rstrip("."), points, text[4], groups_of)
            )
            where[f"question:{text[0]}"] = (sheet.name, cell_name(r, 0))
    if problems:
        raise InvalidInput(in_reading_order(problems, [s.name for s in sheets.values()]))
    return Definition(
        code=meta["code"][0],
        name=meta["name"][0],
        framework_code=meta["framework"][0],
        year_from=int(years[0]),
        year_to=int(years[1]),
        groups=groups,
        scales=scales,
        questions=questions,
        is_example=fold(meta.get("example", ("",))[0]) in YES,
        margin_pct=margin if margin is not None else 5.0,
        where=where,
    )
