"""Loading a score file: parse every sheet, match units, bind columns and rows to the
framework (or infer one), check every value and every stated total, then store it all in one
transaction, or nothing at all."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from pipelines import db, frameworks
from pipelines.frameworks import TOLERANCE, Criterion, Framework
from pipelines.layouts import ParsedSheet, is_blank, is_na, parse_sheet
from pipelines.problems import InvalidInput, Problem, in_reading_order
from pipelines.text import cell_name, clean, column_letters, fold, to_number, vn_number
from pipelines.units import UnitIndex, most_common_kind
from pipelines.workbook import read_sheets


STORED_COLUMNS = ["unit_code", "criterion_code", "measure", "points", "is_na", "source_sheet", "source_cell"]
STORED_TYPES = dict(zip(STORED_COLUMNS, [pa.string(), pa.string(), pa.string(), pa.float64(), pa.bool_(), pa.string(), pa.string()]))


@dataclass
class LoadReport:
    file_name: str
    year: int
    layout: str
    framework_code: str
    framework_inferred: bool
    units: list[str]
    new_units: list[tuple[str, str]]
    replaced_units: list[str]
    rows: pa.Table  # STORED_COLUMNS
    matches: list[tuple[str, str, str, str]]  # (as written, unit_code, unit_name, how)
    warnings: list[str] = field(default_factory=list)
    upload_id: int | None = None
    dry_run: bool = False
    changes: pd.DataFrame | None = None  # per unit: points and rank before and after

    def summary(self) -> str:
        verb = "Kiểm tra xong (chưa nạp)" if self.dry_run else f"Đã nạp (lần tải #{self.upload_id})"
        parts = [
            f"{verb}: {self.file_name}, năm {self.year}, dạng {LAYOUT_NAMES[self.layout]}",
            f"{len(self.units)} đơn vị ({len(self.new_units)} mới, {len(self.replaced_units)} thay thế điểm cũ)",
            f"{len(self.rows)} giá trị điểm",
            f"bộ chỉ số {self.framework_code}" + (" (suy ra từ tệp)" if self.framework_inferred else ""),
        ]
        if self.warnings:
            parts.append(f"{len(self.warnings)} lưu ý")
        return "; ".join(parts)


LAYOUT_NAMES = {"summary": "bảng tổng hợp", "detailed": "bảng chi tiết theo tiêu chí", "long": "danh sách"}


def load_scores(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    year: int,
    *,
    new_units: bool = False,
    dry_run: bool = False,
    uploaded_by: str = "cli",
    display_name: str | None = None,
) -> LoadReport:
    """Check the whole file and load it, or raise InvalidInput listing every problem."""
    report, framework, created = check_scores(con, path, year, new_units=new_units, display_name=display_name)
    report.dry_run = dry_run
    before = db.query(con, "unit_points_for_year", year=year) if dry_run else None

    def compare(after_con) -> None:  # a preview: what would change, seen before the rollback
        after = db.query(after_con, "unit_points_for_year", year=year)
        changes = after.merge(before, on="unit_code", how="left", suffixes=("", "_before"))
        report.changes = changes[changes["unit_code"].isin(report.units)].reset_index(drop=True)

    _store(con, report, framework, created, Path(path), uploaded_by, compare if dry_run else None)
    return report


def check_scores(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    year: int,
    *,
    new_units: bool = False,
    display_name: str | None = None,
) -> tuple[LoadReport, Framework, list]:
    """Read and check the whole file without writing anything: the report of what would be
    loaded, the framework it binds to and the units it would register; or InvalidInput."""
    path = Path(path)
    name = display_name or path.name
    sheets = [p for p in (parse_sheet(s) for s in read_sheets(path, name)) if p is not None]
    if not sheets:
        raise InvalidInput([Problem(
            "Không tìm thấy bảng điểm: cần dòng tiêu đề có cột «Tên đơn vị» (bảng tổng hợp, danh sách)"
            " hoặc «Tiêu chí» và «Điểm tối đa» (bảng chi tiết)", name)])
    problems = [p for s in sheets for p in s.problems]
    index = UnitIndex(con, year)
    codes, matches, created = _match_units(index, sheets, new_units, problems)
    framework = _framework(con, index, sheets, year, codes, created, path, problems)
    warnings: list[str] = []
    tables = []
    if framework is not None:
        for i, sheet in enumerate(sheets):
            bound = _bind_items(sheet, framework, problems)
            sheet_codes = {u: code for (s, u), code in codes.items() if s == i}
            tables.append(_check_values(sheet, framework, bound, sheet_codes, problems, warnings))
    if problems:
        raise InvalidInput(in_reading_order(problems, [s.name for s in sheets]))
    rows = pa.concat_tables(tables)
    units = sorted(set(rows["unit_code"].to_pylist()))
    report = LoadReport(
        file_name=name, year=year, layout=sheets[0].layout, framework_code=framework.code,
        framework_inferred=framework.is_inferred, units=units,
        new_units=[(u.code, u.name) for u in created], replaced_units=[], rows=rows,
        matches=matches, warnings=warnings,
    )
    return report, framework, created


def _match_units(index, sheets, new_units, problems):
    """(sheet, unit) -> unit_code; every unknown or ambiguous name and duplicate is a problem."""
    codes: dict[tuple[int, int], str] = {}
    matches, created, pending = [], [], []
    seen: dict[str, str] = {}
    for s, sheet in enumerate(sheets):
        for u, ref in enumerate(sheet.units):
            m = index.match(ref.label, ref.code)
            if m.unit_code is None and new_units and "khớp nhiều" not in (m.problem or "") and not ref.code:
                pending.append((s, u, ref))
                continue
            if m.unit_code is None:
                problems.append(Problem(m.problem, sheet.name, ref.cell))
                continue
            where = f"{sheet.name}!{ref.cell}"
            if m.unit_code in seen:
                problems.append(Problem(
                    f"Đơn vị «{ref.label}» bị trùng: đã có ở {seen[m.unit_code]} ({m.unit_name})", sheet.name, ref.cell))
                continue
            seen[m.unit_code] = where
            codes[(s, u)] = m.unit_code
            matches.append((ref.label, m.unit_code, m.unit_name, m.how))
    default_kind = most_common_kind([index.kind(c) for c in codes.values()])
    by_label: dict[str, str] = {}
    for s, u, ref in pending:
        key = fold(ref.label)
        if key in by_label:
            problems.append(Problem(f"Đơn vị mới «{ref.label}» bị trùng", sheets[s].name, ref.cell))
            continue
        unit = index.register(ref.label, default_kind, {c.code for c in created})
        created.append(unit)
        by_label[key] = unit.code
        codes[(s, u)] = unit.code
        matches.append((ref.label, unit.code, unit.name, "đơn vị mới"))
    return codes, matches, created


def _framework(con, index, sheets, year, codes, created, path, problems) -> Framework | None:
    kinds = sorted({index.kind(c) for c in codes.values()})
    found = {k: frameworks.for_unit_year(con, year, k) for k in kinds}
    chosen = sorted(set(found.values()) - {None})
    if len(chosen) > 1:
        problems.append(Problem(f"Tệp có đơn vị thuộc nhiều bộ chỉ số khác nhau năm {year}: {', '.join(chosen)}"))
        return None
    if chosen:
        missing = [index.kind_names[k] for k, f in found.items() if f is None]
        if missing:
            problems.append(Problem(f"Chưa có bộ chỉ số năm {year} cho loại đơn vị: {', '.join(missing)}"))
        return frameworks.fetch(con, chosen[0])
    if not kinds:
        return None
    return _infer(sheets[0], year, kinds, hashlib.sha256(path.read_bytes()).hexdigest()[:8], problems)


def _infer(sheet: ParsedSheet, year: int, kinds: list[str], tag: str, problems) -> Framework | None:
    """No framework for the year: the file's own columns (summary) or rows (detailed) and the
    maxima written in them define one."""
    if sheet.layout == "long":
        problems.append(Problem(f"Chưa có bộ chỉ số năm {year}; tệp dạng danh sách không ghi điểm tối đa nên không suy ra được", sheet.name))
        return None
    unknown_max = [item for item in sheet.items if item.max_points is None]
    for item in unknown_max:
        problems.append(Problem(
            f"Chưa có bộ chỉ số năm {year}: cột/dòng «{item.name}» phải ghi điểm tối đa, ví dụ «(65)»",
            sheet.name, item.cell))
    if unknown_max or not sheet.items:
        return None
    criteria = []
    for i, item in enumerate(sheet.items, start=1):
        code = item.code if sheet.layout == "detailed" else (item.code or str(i))
        name = item.name if sheet.layout == "detailed" else _strip_max(item.name)
        criteria.append(Criterion(code, name, item.max_points, "dtxhh" in fold(name) or "xa hoi hoc" in fold(name)))
    framework = frameworks.inferred(f"suy-ra-{year}-{tag}", year, kinds, criteria)
    problems.extend(Problem(p.message, sheet.name) for p in frameworks.check(framework))
    return framework


def _strip_max(text: str) -> str:
    return clean(text.split("(")[0]) or text


def _bind_items(sheet: ParsedSheet, framework: Framework, problems) -> dict[str, str]:
    """Item key -> criterion code, checking maxima and that every field/criterion is there."""
    by_code = framework.by_code()
    bound: dict[str, str] = {}
    if sheet.layout == "summary":
        names = {fold(f.name): f.code for f in framework.fields}
        for item in sheet.items:
            code = item.code if item.code in by_code and by_code[item.code].depth == 1 else _field_by_name(names, item.name)
            if code is None:
                problems.append(Problem(f"Cột «{item.name}» không khớp lĩnh vực nào của bộ chỉ số {framework.code}", sheet.name, item.cell))
            elif code in bound.values():
                problems.append(Problem(f"Hai cột cùng là lĩnh vực {code}", sheet.name, item.cell))
            else:
                bound[item.key] = code
        missing = [f for f in framework.fields if f.code not in bound.values()]
    else:
        for item in sheet.items:
            if item.code not in by_code:
                problems.append(Problem(f"Mã tiêu chí {item.code} không có trong bộ chỉ số {framework.code}", sheet.name, item.cell))
            else:
                bound[item.key] = item.code
        missing = [] if sheet.layout == "long" else _uncovered(framework, set(bound.values()))
    for item in sheet.items:
        code = bound.get(item.key)
        if code and item.max_points is not None and abs(item.max_points - by_code[code].max_points) > TOLERANCE:
            problems.append(Problem(
                f"Điểm tối đa của {item.code or item.name} trong tệp là {vn_number(item.max_points)},"
                f" bộ chỉ số ghi {vn_number(by_code[code].max_points)}", sheet.name, item.cell))
    for f in missing:
        what = "cột lĩnh vực" if sheet.layout == "summary" else "dòng tiêu chí"
        problems.append(Problem(f"Thiếu {what} {f.code} «{f.name}»", sheet.name))
    return bound


def _field_by_name(names: dict[str, str], header: str) -> str | None:
    key = fold(_strip_max(header))
    if key in names:
        return names[key]
    hits = {code for name, code in names.items() if len(key) >= 6 and (key in name or name in key)}
    return hits.pop() if len(hits) == 1 else None


def _uncovered(framework: Framework, present: set[str]) -> list[Criterion]:
    """The criteria no row gives, named at the highest level wholly missing. A row gives a
    criterion when it is that criterion or an ancestor with no rows below it."""
    kids = framework.children()
    present = {c for c in present if not any(o.startswith(c + ".") for o in present)}

    def covered(code: str) -> bool:
        return code in present or any(a in present for a in _ancestors(code))

    def missing(c: Criterion) -> bool:  # no part of c is given
        return not covered(c.code) and all(missing(k) for k in kids.get(c.code, []))

    return [c for c in framework.criteria
            if missing(c) and not (c.parent and missing(framework.by_code()[c.parent]))]


def _check_values(sheet, framework, bound, codes, problems, warnings) -> pa.Table:
    """Every value as a number within 0..max, blank cells and duplicates caught; group rows
    checked against their children, stated totals against the sum. Returns the rows to store.
    `codes`: the sheet's unit index -> unit_code. Numbers within their max are settled in bulk;
    only the other cells are looked at one by one."""
    by_code = framework.by_code()
    present = set(bound.values())
    has_children = {c for c in present if any(o.startswith(c + ".") for o in present)}
    v = sheet.values
    n = len(v)
    unit_of = np.array([codes.get(u) for u in range(len(sheet.units))] + [None], dtype=object)
    units = unit_of[np.asarray(v.unit, dtype=np.int64)] if n else np.empty(0, dtype=object)
    item_idx, item_keys = pd.factorize(pd.Series(v.item, dtype=object))  # None -> -1
    crit_of = np.array([bound.get(k) for k in item_keys] + [None], dtype=object)
    crits = crit_of[item_idx]
    limits = np.array([by_code[c].max_points + 1e-9 if c else np.nan for c in crit_of])[item_idx]
    measures = np.array(v.measure, dtype=object)
    rows, cols = np.asarray(v.row, dtype=np.int64), np.asarray(v.col, dtype=np.int64)
    is_float = np.fromiter((type(r) is float for r in v.raw), dtype=bool, count=n)
    x = np.full(n, np.nan)
    x[is_float] = [r for r, f in zip(v.raw, is_float) if f]
    wanted = pd.notna(units) & (pd.notna(crits) | (item_idx == -1))
    unit_idx, measure_idx = pd.factorize(units)[0], pd.factorize(measures)[0]
    key = (unit_idx * (len(crit_of) + 1) + item_idx + 1) * (measure_idx.max(initial=0) + 1) + measure_idx
    dup = pd.Series(np.where(wanted, key, -1 - np.arange(n))).duplicated().to_numpy()
    per_unit_max = bool((measures == "applicable_max").any())
    ok = wanted & ~dup & is_float & (x >= 0) & (x <= limits) & (not per_unit_max)
    na = np.zeros(n, dtype=bool)
    given_max: dict[tuple, float] = {}
    invalid_units: set[str] = set()

    def bad(i: int, message: str) -> None:
        problems.append(Problem(message, sheet.name, cell_name(rows[i], cols[i])))
        invalid_units.add(units[i])

    if dup.any():
        first = {}
        for i in np.flatnonzero(wanted):
            first.setdefault(key[i], i)
            if dup[i]:
                bad(i, f"Điểm bị trùng: đã có ở ô {cell_name(rows[first[key[i]]], cols[first[key[i]]])}")
    for i in np.flatnonzero(wanted & ~dup & ~ok):
        raw, code, measure, unit = v.raw[i], crits[i], measures[i], units[i]
        if is_blank(raw):
            if code not in has_children:
                bad(i, f"Ô trống: thiếu điểm {_what(code, by_code)}")
            continue
        if is_na(raw):
            if measure in ("bonus", "penalty", "applicable_max"):
                bad(i, f"«{clean(raw)}» không dùng được ở đây, cần một số")
            else:
                na[i] = True
            continue
        number = to_number(raw)
        if number is None:
            bad(i, f"«{clean(raw)}» không phải là số ({_what(code, by_code)})")
            continue
        if number < 0:
            bad(i, f"Điểm âm ({vn_number(number)}) ở {_what(code, by_code)}")
            continue
        limit = limits[i] if code else None
        if measure == "applicable_max":
            given_max[(unit, code)] = number
        elif (unit, code) in given_max:
            limit = given_max[(unit, code)] + 1e-9
        if limit is not None and number > limit:
            bad(i, f"Điểm {vn_number(number)} vượt điểm tối đa {vn_number(limit)} của {_what(code, by_code)}")
            continue
        x[i] = number
        ok[i] = True
    group = np.isin(crits, list(has_children)) if has_children else np.zeros(n, dtype=bool)
    if sheet.layout == "long" or sheet.given or (ok & group).any():
        numbers = dict(zip(zip(units[ok], crits[ok], measures[ok]), x[ok].tolist()))
        seen = wanted & ~dup
        cells = dict(zip(zip(units[seen], crits[seen], measures[seen]), zip(rows[seen].tolist(), cols[seen].tolist())))
        if sheet.layout == "long":
            _check_long_coverage(sheet, framework, codes, cells, problems)
        _check_groups(sheet, numbers, cells, has_children, problems)
        _check_given(sheet, framework, {u: c for u, c in codes.items() if c not in invalid_units},
                     numbers, given_max, problems, warnings)
    na_keys = set(zip(units[na], crits[na], measures[na]))
    na &= np.array([not _under_na(k, na_keys) for k in zip(units, crits, measures)]) if na.any() else na
    keep = (ok & ~group) | na  # subtotals are checked, not stored
    letters = np.array([column_letters(c) for c in range(int(cols.max(initial=0)) + 1)])
    return pa.table({
        "unit_code": pa.array(units[keep], pa.string()),
        "criterion_code": pa.array(crits[keep], pa.string()),
        "measure": pa.array(measures[keep], pa.string()),
        "points": pa.array(np.where(na[keep], np.nan, x[keep]), pa.float64(), from_pandas=True),
        "is_na": pa.array(na[keep]),
        "source_sheet": pa.array([sheet.name] * int(keep.sum()), pa.string()),
        "source_cell": pa.array(np.char.add(letters[cols[keep]], (rows[keep] + 1).astype(str)), pa.string()),
    })


def _check_long_coverage(sheet, framework, codes, cells, problems) -> None:
    given: dict[str, set[str]] = defaultdict(set)
    for unit, code, measure in cells:
        if code and measure == "final":
            given[unit].add(code)
    for u, ref in enumerate(sheet.units):
        unit = codes.get(u)
        for c in _uncovered(framework, given[unit]) if unit else []:
            what = "lĩnh vực" if c.depth == 1 else "tiêu chí"
            problems.append(Problem(f"Đơn vị «{ref.label}» thiếu điểm {what} {c.code} «{c.name}»", sheet.name, ref.cell))


def _under_na(key, na) -> bool:
    unit, code, measure = key
    parts = code.split(".") if code else []
    return any((unit, ".".join(parts[:i]), measure) in na for i in range(1, len(parts)))


def _what(code, by_code) -> str:
    if code is None:
        return "điểm thưởng/trừ"
    c = by_code[code]
    return f"{'lĩnh vực' if c.depth == 1 else 'tiêu chí'} {code}"


def _check_groups(sheet, numbers, cells, has_children, problems) -> None:
    kids_of: dict[str, list[str]] = defaultdict(list)
    present = {code for (_, code, _) in cells if code}
    for code in present:
        if "." in code and code.rsplit(".", 1)[0] in present:
            kids_of[code.rsplit(".", 1)[0]].append(code)
    for (unit, code, measure), value in numbers.items():
        if code not in has_children:
            continue
        total = sum(numbers.get((unit, k, measure), 0.0) for k in kids_of[code])
        if abs(total - value) > TOLERANCE:
            problems.append(Problem(
                f"Điểm nhóm {code} là {vn_number(value)} nhưng tổng các tiêu chí con là {vn_number(total)}",
                sheet.name, cell_name(*cells[(unit, code, measure)])))


def _check_given(sheet, framework, codes, numbers, given_max, problems, warnings) -> None:
    """Totals stated in the file must add up; index, rank and band are compared as a warning."""
    if not sheet.given:
        return
    field_max = {f.code: f.max_points for f in framework.fields}
    totals: dict[tuple[str, str], float] = defaultdict(float)
    maxima: dict[str, float] = {}
    for (unit, code, measure), x in numbers.items():
        if code is None:
            totals[(unit, "final")] += x if measure == "bonus" else -x
        elif "." not in code or not any((unit, p, measure) in numbers for p in _ancestors(code)):
            totals[(unit, measure)] += x
    for unit in codes.values():
        maxima[unit] = sum(given_max.get((unit, f), m) for f, m in field_max.items())
    index = {u: totals[(u, "final")] / m * 100 for u, m in maxima.items() if m}
    ranks = _ranks(index)
    bands = sorted(framework.bands, key=lambda b: -b["min_pct"])
    for g in sheet.given:
        unit = codes.get(g.unit)
        if unit is None:
            continue
        what, _, measure = g.what.partition(":")
        if what == "band":
            mine = next((b["name"] for b in bands if round(index.get(unit, 0), 2) >= b["min_pct"]), "")
            if fold(clean(g.raw)) != fold(mine):
                warnings.append(f"{sheet.name}!{g.cell}: xếp loại ghi trong tệp «{clean(g.raw)}», tính được «{mine}»")
            continue
        x = to_number(g.raw)
        if x is None:
            problems.append(Problem(f"«{clean(g.raw)}» không phải là số", sheet.name, g.cell))
        elif what == "total":
            mine = totals[(unit, measure or "final")]
            if abs(mine - x) > TOLERANCE:
                problems.append(Problem(
                    f"Tổng điểm ghi trong tệp là {vn_number(x)} nhưng cộng các điểm thành phần được {vn_number(mine)}",
                    sheet.name, g.cell))
        elif what == "index" and unit in index:
            x = x * 100 if x <= 1 and index[unit] > 1 else x
            if abs(round(index[unit], 2) - x) > TOLERANCE + 0.005:
                warnings.append(f"{sheet.name}!{g.cell}: chỉ số ghi trong tệp {vn_number(x)} %, tính được {vn_number(index[unit])} %")
        elif what == "rank" and unit in ranks and int(x) != ranks[unit]:
            warnings.append(f"{sheet.name}!{g.cell}: xếp hạng ghi trong tệp {int(x)}, tính trong tệp được {ranks[unit]}")


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _ranks(index: dict[str, float]) -> dict[str, int]:
    ordered = sorted(index.items(), key=lambda kv: -round(kv[1], 2))
    ranks, prev, rank = {}, None, 0
    for i, (unit, value) in enumerate(ordered, start=1):
        if round(value, 2) != prev:
            rank, prev = i, round(value, 2)
        ranks[unit] = rank
    return ranks


def _store(con, report: LoadReport, framework: Framework, created, path: Path, uploaded_by: str, inspect=None) -> None:
    with db.write(con, dry_run=report.dry_run, inspect=inspect):
        if framework.is_inferred:
            frameworks.store(con, framework)
        for u in created:
            con.execute("insert into ref.units (unit_code, unit_name, kind) values (?, ?, ?)", [u.code, u.name, u.kind])
        report.replaced_units = [r[0] for r in con.execute(
            "select distinct unit_code from staging.stg_scores where year = ? and unit_code in (select unnest(?))",
            [report.year, report.units]).fetchall()]
        (report.upload_id,) = con.execute(
            "insert into meta.uploads (file_name, sha256, upload_kind, year, layout, row_count, uploaded_by, messages)"
            " values (?, ?, 'scores', ?, ?, ?, ?, ?) returning upload_id",
            [report.file_name, hashlib.sha256(path.read_bytes()).hexdigest(), report.year, report.layout,
             len(report.rows), uploaded_by, report.warnings],
        ).fetchone()
        store_rows(con, report.upload_id, report.year, framework.code, report.rows)


def rows_table(rows: list[tuple]) -> pa.Table:
    """Score rows given as tuples (STORED_COLUMNS) as the table store_rows takes."""
    columns = list(zip(*rows)) if rows else [[] for _ in STORED_COLUMNS]
    return pa.table({name: pa.array(col, type=STORED_TYPES[name]) for name, col in zip(STORED_COLUMNS, columns)})


def store_rows(con, upload_id: int, year: int, framework_code: str, rows: pa.Table) -> None:
    """Append score rows (STORED_COLUMNS) of one upload and record the unit-years it covers."""
    params = {"upload_id": upload_id, "year": year, "framework_code": framework_code}
    con.register("incoming_scores", rows)
    try:
        con.execute(
            "insert into raw.scores select $upload_id, unit_code, $year, $framework_code, criterion_code,"
            " measure, points, is_na, source_sheet, source_cell from incoming_scores", params)
        con.execute(
            "insert into meta.upload_units select distinct $upload_id, unit_code, $year from incoming_scores",
            {"upload_id": upload_id, "year": year})
    finally:
        con.unregister("incoming_scores")
