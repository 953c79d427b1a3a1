"""Loading a score file: parse every sheet, match units, bind columns and rows to the
framework (or infer one), check every value and every stated total, then store it all in one
transaction, or nothing at all."""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from pipelines import db, frameworks, reports
from pipelines.frameworks import TOLERANCE, Criterion, Framework
from pipelines.layouts import ParsedSheet, parse_sheet
from pipelines.problems import InvalidInput, Problem, in_reading_order
from pipelines.text import clean, fold, vn_number
from pipelines.units import UnitIndex, most_common_kind
from pipelines.values import check_values, uncovered
from pipelines.workbook import read_sheets

if TYPE_CHECKING:  # a load needs no pandas; only a dry run's preview makes a data frame
    import pandas as pd


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
    sha256: str
    matches: list[tuple[str, str, str, str]]  # (as written, unit_code, unit_name, how)
    warnings: list[str] = field(default_factory=list)
    upload_id: int | None = None
    dry_run: bool = False
    changes: "pd.DataFrame | None" = None  # per unit: points and rank before and after

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
    _store(con, report, framework, created, uploaded_by, reports.preview(con, report) if dry_run else None)
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
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    framework = _framework(con, index, sheets, year, codes, created, sha256[:8], problems)
    warnings: list[str] = []
    tables = []
    if framework is not None:
        for i, sheet in enumerate(sheets):
            bound = _bind_items(sheet, framework, problems)
            sheet_codes = {u: code for (s, u), code in codes.items() if s == i}
            tables.append(check_values(sheet, framework, bound, sheet_codes, problems, warnings))
    if problems:
        raise InvalidInput(in_reading_order(problems, [s.name for s in sheets]))
    rows = pa.concat_tables(tables)
    units = sorted(set(rows["unit_code"].to_pylist()))
    report = LoadReport(
        file_name=name, year=year, layout=sheets[0].layout, framework_code=framework.code,
        framework_inferred=framework.is_inferred, units=units,
        new_units=[(u.code, u.name) for u in created], replaced_units=[], rows=rows, sha256=sha256,
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
                hint = " (dùng --new-units để đăng ký đơn vị mới)" if m.unknown else ""
                problems.append(Problem(m.problem + hint, sheet.name, ref.cell))
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
        unit = index.register(ref.label, default_kind)
        created.append(unit)
        by_label[key] = unit.code
        codes[(s, u)] = unit.code
        matches.append((ref.label, unit.code, unit.name, "đơn vị mới"))
    return codes, matches, created


def _framework(con, index, sheets, year, codes, created, tag: str, problems) -> Framework | None:
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
    return _infer(sheets[0], year, kinds, tag, problems)


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
        missing = [] if sheet.layout == "long" else uncovered(framework, set(bound.values()))
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


def _store(con, report: LoadReport, framework: Framework, created, uploaded_by: str, inspect=None) -> None:
    with db.write(con, dry_run=report.dry_run, inspect=inspect, years={report.year}):
        if framework.is_inferred:
            frameworks.store(con, framework)
        if created:
            _store_units(con, created)
        report.replaced_units = [r[0] for r in con.execute(
            "select distinct unit_code from staging.stg_scores where year = ? and unit_code in (select unnest(?))",
            [report.year, report.units]).fetchall()]
        (report.upload_id,) = con.execute(
            "insert into meta.uploads (file_name, sha256, upload_kind, year, layout, row_count, uploaded_by, messages)"
            " values (?, ?, 'scores', ?, ?, ?, ?, ?) returning upload_id",
            [report.file_name, report.sha256, report.year, report.layout,
             len(report.rows), uploaded_by, report.warnings],
        ).fetchone()
        store_rows(con, report.upload_id, report.year, framework.code, report.rows)


def _store_units(con, created) -> None:
    """The units a load registers, in one insert (of lists, zipped by unnest)."""
    con.execute("insert into ref.units (unit_code, unit_name, kind) select unnest($codes), unnest($names), unnest($kinds)",
                {"codes": [u.code for u in created], "names": [u.name for u in created], "kinds": [u.kind for u in created]})


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
