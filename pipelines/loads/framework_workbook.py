"""A framework as the office keeps it: a workbook with sheets 'Bộ chỉ số' (key, value),
'Tiêu chí' (code, name, max, survey), 'Xếp loại' (band, from %, plan required, colour) and
'Cảnh báo' (rule, field, threshold %, plan required). Written by `cchc template framework`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipelines import audit, db, frameworks, vocabulary
from pipelines.files.workbook import is_blank, read_sheets
from pipelines.frameworks import Criterion, Framework, resolve_rules
from pipelines.loads import uploads
from pipelines.problems import InvalidInput, Problem
from pipelines.text import cell_name, clean, fold, to_number

if TYPE_CHECKING:
    import duckdb

SHEETS = {"bo chi so": "meta", "tieu chi": "criteria", "xep loai": "bands", "canh bao": "rules"}
YES = {"x", "co", "yes", "1", "true"}
META = (
    ("Mã", "code"),
    ("Tên", "name"),
    ("Năm từ", "year_from"),
    ("Năm đến", "year_to"),
    ("Loại đơn vị", "unit_kinds"),
    ("Ví dụ", "example"),
    ("Điểm thưởng tối đa", "bonus_cap"),
    ("Điểm trừ tối đa", "penalty_cap"),
    ("Hạn nộp kế hoạch (ngày/tháng)", "plan_due"),
    ("Phương pháp", "method"),
    ("Điểm thưởng mỗi nhiệm vụ đột phá hoàn thành", "task_bonus_points"),
)


def check(
    con: duckdb.DuckDBPyConnection, path: Path | str, display_name: str | None = None
) -> uploads.Checked[Framework]:
    """Read and check a framework file (.xlsx or .toml) without writing anything; or InvalidInput."""
    path = Path(path)
    framework = frameworks.read_toml(path) if path.suffix == ".toml" else read_workbook(path, con)
    said = (
        f"{frameworks.called(framework.name)}: {len(framework.fields)} lĩnh vực, {len(framework.criteria)} tiêu chí"
        f" (mã {framework.code})"
    )
    return uploads.Checked(
        display_name or path.name,
        uploads.file_sha256(path),
        len(framework.criteria),
        framework,
        said,
        database=uploads.judged(con),
    )


def store(
    con: duckdb.DuckDBPyConnection,
    checked: uploads.Checked[Framework],
    who: str,
    client: str = audit.CLI,
) -> str:
    """Store the checked framework (replacing one of the same code), in one write (`who` did it,
    from `client`); what was loaded, in words."""
    uploads.unchanged(con, checked)
    with db.write(con):
        frameworks.store(con, checked.payload)
        upload_id = uploads.record(
            con, "framework", checked.file_name, checked.sha256, checked.row_count, who
        )
        audit.record(
            con,
            who,
            "framework",
            f"Nạp {checked.report}, tệp «{checked.file_name}» (lần tải #{upload_id})",
            client,
        )
    return f"Đã nạp {checked.report}"


def read_workbook(path: Path, con: duckdb.DuckDBPyConnection | None = None) -> Framework:
    """The framework a workbook states; its unit kinds read with `con`'s vocabulary (by default the
    migrations', for a workbook read before a database is opened)."""
    con = con or vocabulary.reference()
    known = vocabulary.kinds_by_word(con)
    sheets = {SHEETS.get(fold(s.name)): s for s in read_sheets(path)}
    problems: list[Problem] = []
    for name in ("meta", "criteria"):
        if name not in sheets:
            wanted = next(k for k, v in SHEETS.items() if v == name)
            problems.append(Problem(f"Thiếu trang tính «{wanted}»", Path(path).name))
    if problems:
        raise InvalidInput(problems)

    meta_sheet = sheets["meta"]
    meta, where = {}, {}
    for r, row in meta_sheet.body():
        key = next((k for label, k in META if fold(label) == fold(clean(row[0]))), None)
        if key:
            meta[key], where[key] = row[1] if len(row) > 1 else "", r
    for label, key in META[:5]:
        if is_blank(meta.get(key, "")):
            problems.append(Problem(f"Thiếu «{label}»", meta_sheet.name))
    kinds = []
    for word in clean(meta.get("unit_kinds", "")).split(","):
        if word.strip() and fold(word) not in known:
            problems.append(
                Problem(
                    f"Loại đơn vị «{word.strip()}» không rõ"
                    f" ({', '.join(vocabulary.registry_words(con).values())})",
                    meta_sheet.name,
                    cell_name(where["unit_kinds"], 1),
                )
            )
        elif word.strip():
            kinds.append(known[fold(word)])
    years = [
        meta_sheet.number(where[k], 1, "Năm", problems) if k in where else None
        for k in ("year_from", "year_to")
    ]
    criteria = []
    for r, row in sheets["criteria"].body():
        code = clean(row[0]).rstrip(".")
        mx = sheets["criteria"].number(r, 2, f"Điểm tối đa của {code}", problems)
        if mx is not None:
            criteria.append(
                Criterion(
                    code, clean(row[1]), mx, fold(clean(row[3] if len(row) > 3 else "")) in YES
                )
            )
    bands = []
    if "bands" in sheets:
        for r, row in sheets["bands"].body():
            low = sheets["bands"].number(r, 1, f"Ngưỡng của «{clean(row[0])}»", problems)
            bands.append(
                {
                    "name": clean(row[0]),
                    "min_pct": low,
                    "requires_plan": fold(clean(row[2])) in YES,
                    "color": clean(row[3]) if len(row) > 3 and not is_blank(row[3]) else None,
                }
            )
    rules = []
    if "rules" in sheets:
        for r, row in sheets["rules"].body():
            threshold = sheets["rules"].number(
                r, 2, f"Ngưỡng của quy tắc «{clean(row[0])}»", problems
            )
            rules.append(
                {
                    "code": clean(row[0]),
                    "field": clean(row[1]) or None,
                    "threshold_pct": threshold,
                    "requires_plan": fold(clean(row[3])) in YES,
                }
            )
    if problems:
        raise InvalidInput(problems)
    due = clean(meta.get("plan_due", "")) or "10/4"
    day, month = (int(p) for p in due.replace("-", "/").split("/")[:2])
    framework = Framework(
        code=clean(meta["code"]),
        name=clean(meta["name"]),
        year_from=int(years[0]),
        year_to=int(years[1]),
        unit_kinds=kinds,
        criteria=criteria,
        bands=bands,
        flag_rules=rules,
        is_example=fold(clean(meta.get("example", ""))) in YES,
        bonus_cap=to_number(meta.get("bonus_cap", "")) or 0.0,
        penalty_cap=to_number(meta.get("penalty_cap", "")) or 0.0,
        task_bonus_points=to_number(meta.get("task_bonus_points", "")) or 0.0,
        plan_due=f"{month:02d}-{day:02d}",
        method=clean(meta.get("method", "")),
    )
    resolve_rules(framework)
    problems = [Problem(p.message, sheets["criteria"].name) for p in frameworks.check(framework)]
    if problems:
        raise InvalidInput(problems)
    return framework
