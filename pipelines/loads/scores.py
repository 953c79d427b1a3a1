"""Loading a score file: parse every sheet, match units, bind columns and rows to the
framework (or infer one), check every value and every stated total, then store it all in one
transaction, or nothing at all."""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from pipelines import audit, db, frameworks, reads
from pipelines.files import column_roles, column_specs
from pipelines.files.column_roles import Hints, deaccent, header_max
from pipelines.files.score_sheets import ParsedSheet, Reading, UnitRef, parse_sheet
from pipelines.files.workbook import read_sheets
from pipelines.frameworks import TOLERANCE, Criterion, Framework
from pipelines.loads import mappings, uploads
from pipelines.loads.score_values import Stated, check_values, judge_stated, uncovered
from pipelines.loads.unit_matching import Match, UnitIndex, most_common_kind
from pipelines.problems import InvalidInput, Problem, in_reading_order
from pipelines.text import cell_name, fold, to_number, vn_number

if TYPE_CHECKING:  # a load needs no pandas; only a dry run's preview makes a data frame
    import pandas as pd


STORED_COLUMNS = [
    "unit_code",
    "criterion_code",
    "measure",
    "points",
    "is_na",
    "source_sheet",
    "source_cell",
]
STORED_TYPES = dict(
    zip(
        STORED_COLUMNS,
        [pa.string(), pa.string(), pa.string(), pa.float64(), pa.bool_(), pa.string(), pa.string()],
    )
)


@dataclass
class LoadReport:
    file_name: str
    year: int
    layout: str
    framework_code: str
    framework_name: str
    framework_inferred: bool
    units: list[str]
    new_units: list[tuple[str, str]]
    replaced_units: list[str]
    rows: pa.Table  # STORED_COLUMNS
    sha256: str
    matches: list[tuple[str, str, str, str]]  # (as written, unit_code, unit_name, how)
    warnings: list[str] = field(default_factory=list)
    columns: list[dict] = field(
        default_factory=list
    )  # how each column of a summary sheet was read, and why
    not_submitted: list[str] = field(
        default_factory=list
    )  # units of the file with no points at all
    upload_id: int | None = None
    dry_run: bool = False
    changes: "pd.DataFrame | None" = None  # per unit: points and rank before and after
    sheets: list = field(
        default_factory=list, repr=False
    )  # the parsed sheets (their tables, for mappings)
    stated: list[Stated] = field(
        default_factory=list, repr=False
    )  # the figures the file states, judged once its rows are stored
    # where in `warnings` what the stated figures say is (after the sheets' own), once judged
    stated_in: tuple[int, int] = (0, 0)

    def summary(self) -> str:
        verb = "Kiểm tra xong (chưa nạp)" if self.dry_run else f"Đã nạp (lần tải #{self.upload_id})"
        parts = [
            f"{verb}: {self.file_name}, năm {self.year}, dạng {LAYOUT_NAMES[self.layout]}",
            f"{vn_number(len(self.units), 0)} đơn vị ({vn_number(len(self.new_units), 0)} mới,"
            f" {vn_number(len(self.replaced_units), 0)} thay thế điểm cũ)",
            f"{vn_number(len(self.rows), 0)} giá trị điểm",
            frameworks.called(self.framework_name)
            + (" (suy ra từ tệp)" if self.framework_inferred else ""),
        ]
        remembered = sorted(
            {s.table.mapping_id for s in self.sheets if s.table and s.table.mapping_id}
        )
        if remembered:
            parts.append("đọc bảng theo cách đã ghi nhớ " + ", ".join(f"#{i}" for i in remembered))
        if self.warnings:
            parts.append(f"{len(self.warnings)} lưu ý")
        return "; ".join(parts)


LAYOUT_NAMES = {
    "summary": "bảng tổng hợp",
    "detailed": "bảng chi tiết theo tiêu chí",
    "long": "danh sách",
}


def load_scores(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    year: int,
    *,
    new_units: bool = False,
    dry_run: bool = False,
    uploaded_by: str = "cli",
    client: str = audit.CLI,
    display_name: str | None = None,
    options: "Options | None" = None,
) -> LoadReport:
    """Check the whole file and load it, or raise InvalidInput listing every problem; a dry run
    is the check alone (with its rehearsed write, for the preview)."""
    checked = check(
        con,
        path,
        display_name,
        year=year,
        new_units=new_units,
        options=options,
        preview=dry_run,
    )
    return checked.report if dry_run else store(con, checked, uploaded_by, client)


@dataclass(frozen=True)
class Scores:
    """What a checked score file stores besides its rows (in the report): the framework they
    bind to (stored too when inferred from the file) and the units the load registers."""

    framework: Framework
    created: list


@dataclass
class Options:
    """What the user says about how to read the file: which sheet, where the header starts
    (1-based row) and what some columns are (`B=unit, C=field:1/9`)."""

    sheet: str | None = None
    header_row: int | None = None
    columns: str | None = None


def check(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    display_name: str | None = None,
    *,
    year: int,
    new_units: bool = False,
    options: Options | None = None,
    preview: bool = False,
) -> uploads.Checked[Scores]:
    """Read and check the whole file without writing anything: the report of what would be
    loaded (a dry run's), the framework it binds to and the units it would register; or
    InvalidInput. `preview`: also rehearse the write (rolled back), so that the checks run inside
    it judge the file too and the report says what it would replace and change."""
    path = Path(path)
    name = display_name or path.name
    index = UnitIndex(con, year)
    sheets, problems = _parse(con, read_sheets(path, name), index, options or Options(), name)
    check_title_year(sheets, year, problems)
    codes, matches, created = _match_units(index, sheets, new_units, problems)
    sha256 = uploads.file_sha256(path)
    warnings: list[str] = [n for s in sheets for n in s.notes]
    framework = _framework(con, index, sheets, year, codes, created, sha256[:8], problems, warnings)
    tables, stated = [], []
    if framework is not None:
        for i, sheet in enumerate(sheets):
            found = len(problems)
            bound = _bind_items(sheet, framework, problems)
            if len(problems) > found:  # columns not bound: their values would be judged wrongly
                continue
            sheet_codes = {u: code for (s, u), code in codes.items() if s == i}
            tables.append(
                check_values(sheet, framework, bound, sheet_codes, problems, warnings, stated)
            )
    stated_in = (len(warnings), len(warnings))
    if framework is not None:
        _check_caps(sheets, framework, codes, warnings)
    if problems:
        raise InvalidInput(in_reading_order(problems, [s.name for s in sheets]))
    rows = pa.concat_tables(tables)
    loaded = set(rows["unit_code"].to_pylist())
    units = sorted(loaded)
    not_submitted = sorted(
        {
            ref.label
            for s, sheet in enumerate(sheets)
            for u, ref in enumerate(sheet.units)
            if codes.get((s, u)) not in loaded
        }
    )
    if not_submitted:
        warnings.append(
            f"{vn_number(len(not_submitted), 0)} đơn vị trong tệp chưa có điểm nào (chưa nộp), không nạp: "
            + _listed(not_submitted, 10)
        )
    matches = [m for m in matches if m[1] in loaded]
    created = [u for u in created if u.code in loaded]
    _say_survey_replaces(con, year, framework, rows, warnings)
    renamed = [name for _, _, name, how in matches if how == SAME_NAME]
    if renamed:
        warnings.append(
            f"{vn_number(len(renamed), 0)} đơn vị mới trùng tên nhau được đăng ký kèm địa bàn để phân biệt: "
            + _listed(renamed, 6)
        )
    report = LoadReport(
        file_name=name,
        year=year,
        layout=sheets[0].layout,
        framework_code=framework.code,
        framework_name=framework.name,
        framework_inferred=framework.is_inferred,
        units=units,
        new_units=[(u.code, u.name) for u in created],
        replaced_units=[],
        rows=rows,
        sha256=sha256,
        matches=matches,
        warnings=warnings,
        not_submitted=not_submitted,
        sheets=sheets,
        columns=[c for s in sheets if s.table for c in column_specs.describe(s.table)],
        dry_run=True,
        stated=stated,
        stated_in=stated_in,
    )
    found = list(warnings)  # what the write adds to a rehearsal's report, it adds again in store
    if preview:
        _store(con, report, framework, created, "cli", audit.CLI, reads.preview(con, report))
    return uploads.Checked(
        name, sha256, len(rows), Scores(framework, created), report, found, uploads.judged(con)
    )


def store(
    con: duckdb.DuckDBPyConnection,
    checked: uploads.Checked[Scores],
    who: str,
    client: str = audit.CLI,
) -> LoadReport:
    """Load what was checked, in one write (`who` did it, from `client`): the report of what was
    loaded; the checked report stays as it was shown."""
    report = uploads.report_to_store(con, checked)
    _store(con, report, checked.payload.framework, checked.payload.created, who, client)
    return report


def read_tables(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    year: int,
    options: Options | None = None,
    display_name: str | None = None,
) -> list[ParsedSheet]:
    """How the file's tables are read (header, rows, each column's role and why), before any value
    is checked: what the upload page shows for the user to correct."""
    name = display_name or Path(path).name
    return _parse(
        con, read_sheets(Path(path), name), UnitIndex(con, year), options or Options(), name
    )[0]


def _parse(
    con, workbook, index: UnitIndex, options: Options, name: str
) -> tuple[list[ParsedSheet], list[Problem]]:
    """Every sheet that holds a score table, read by evidence, by the user's word, or as a
    header was read before; the problems found on the way."""
    if options.sheet:
        chosen = [s for s in workbook if fold(s.name) == fold(options.sheet)]
        if not chosen:
            raise InvalidInput(
                [
                    Problem(
                        f"Không có trang tính «{options.sheet}»; tệp có: "
                        + ", ".join(f"«{s.name}»" for s in workbook),
                        name,
                    )
                ]
            )
        workbook = chosen
    problems: list[Problem] = []
    specs = []
    if options.columns:
        specs, problems = column_specs.parse_columns(options.columns)
        if problems:
            raise InvalidInput(problems)
    hints = Hints(
        lambda label: (m := index.match(label)).unit_code is not None or not m.unknown,
        index.all_prefixes,
    )
    reading = Reading(
        header_row=options.header_row - 1 if options.header_row else None,
        specs=specs,
        memory=mappings.Memory(con),
    )
    sheets = [p for p in (parse_sheet(s, hints, reading) for s in workbook) if p is not None]
    if not sheets:
        looked = ", ".join(f"«{s.name}» ({len(s.rows)} dòng × {s.width} cột)" for s in workbook)
        raise InvalidInput(
            [
                Problem(
                    f"Không tìm thấy bảng điểm trong {looked}: trong {column_roles.SCAN_ROWS} dòng đầu không có dòng tiêu đề nào"
                    " mà bên dưới là các dòng có tên đơn vị và ít nhất hai ô điểm (bảng tổng hợp), cũng không có cột «Tiêu chí»"
                    " và «Điểm tối đa» (bảng chi tiết). Chỉ rõ cách đọc bằng --sheet, --header-row và"
                    ' --columns "B=unit, C=field:1/9, …", hoặc trên trang Tải dữ liệu',
                    name,
                )
            ]
        )
    return sheets, [*problems, *(p for s in sheets for p in s.problems)]


def _listed(names: list[str], shown: int, sep: str = ", ") -> str:
    """The first names of a list, and how many more: «A, B và 12 đơn vị khác»."""
    more = f" và {vn_number(len(names) - shown, 0)} đơn vị khác" if len(names) > shown else ""
    return sep.join(names[:shown]) + more


def _say_survey_replaces(
    con, year: int, framework: Framework, rows: pa.Table, warnings: list[str]
) -> None:
    """Units that have survey forms this year take their survey criteria from the forms, not
    from this file: say which, with the file's figure and the forms' figure."""
    survey_codes = {c.code for c in framework.criteria if c.is_survey}
    if (
        not survey_codes
        or not con.execute(
            "select count(*) from marts.unit_year_survey where year = ?", [year]
        ).fetchone()[0]
    ):
        return
    given: dict[str, float] = defaultdict(float)
    for unit, code, measure, points in zip(
        *(rows[c].to_pylist() for c in ("unit_code", "criterion_code", "measure", "points"))
    ):
        if measure == "final" and code in survey_codes and points is not None:
            given[unit] += points
    if not given:
        return
    surveyed = dict(
        con.execute(
            "select unit_code, points from marts.unit_year_survey where year = ? and unit_code in (select unnest(?))",
            [year, list(given)],
        ).fetchall()
    )
    if not surveyed:
        return
    names = dict(
        con.execute(
            "select unit_code, unit_name from ref.units where unit_code in (select unnest(?))",
            [list(surveyed)],
        ).fetchall()
    )
    shown = [
        f"{names.get(u, u)}: tệp {vn_number(given[u])}, phiếu {vn_number(p)}"
        for u, p in sorted(surveyed.items())
    ]
    warnings.append(
        f"{vn_number(len(surveyed), 0)} đơn vị đã có phiếu khảo sát năm {year}: điểm ĐTXHH trong tệp"
        f" (tiêu chí {', '.join(sorted(survey_codes)[:1] + ['…'] if len(survey_codes) > 1 else survey_codes)})"
        f" không được dùng mà thay bằng điểm tính từ phiếu — {_listed(shown, 5, '; ')}"
    )


def check_title_year(sheets: list[ParsedSheet], year: int, problems: list[Problem]) -> None:
    """A title that names the year of assessment («... NĂM 2024») must name the year loaded."""
    for sheet in sheets:
        title = sheet.table.title if sheet.table else ""
        said = sorted({int(y) for y in re.findall(r"\bnam\s+(\d{4})\b", deaccent(title))})
        if said and year not in said:
            problems.append(
                Problem(
                    f"Tiêu đề ghi năm {', '.join(map(str, said))} nhưng tệp đang được nạp cho năm {year}:"
                    f" kiểm tra lại năm đánh giá (--year {said[0]})",
                    sheet.name,
                    sheet.table.title_cell,
                )
            )


def _check_caps(
    sheets: list[ParsedSheet], framework: Framework, codes, warnings: list[str]
) -> None:
    """A bonus or penalty above the framework's cap counts only up to the cap: say so, per cell."""
    caps = {"bonus": framework.bonus_cap, "penalty": framework.penalty_cap}
    for sheet in sheets:
        v = sheet.values
        for i in (i for i, m in enumerate(v.measure) if m in caps):
            x = to_number(v.raw[i])
            if x is not None and x > caps[v.measure[i]] + 1e-9:
                what = "Điểm thưởng" if v.measure[i] == "bonus" else "Điểm trừ"
                warnings.append(
                    f"{sheet.name}!{cell_name(v.row[i], v.col[i])}: {what} {vn_number(x)} của «{sheet.units[v.unit[i]].label}»"
                    f" vượt mức tối đa {vn_number(caps[v.measure[i]])} của {frameworks.called(framework.name)}:"
                    f" chỉ tính {vn_number(caps[v.measure[i]])}"
                )


def _match_units(index, sheets, new_units, problems):
    """(sheet, unit) -> unit_code; every unknown or ambiguous name and duplicate is a problem."""
    codes: dict[tuple[int, int], str] = {}
    matches, created, pending = [], [], []
    seen: dict[str, str] = {}
    for s, sheet in enumerate(sheets):
        for u, ref in enumerate(sheet.units):
            # a sheet per district: the sheet's name is the area the registry's parents tell apart
            m = index.match(
                ref.label, ref.code, ref.area or (sheet.name if len(sheets) > 1 else None)
            )
            if ref.area and not ref.code:  # a name the registry tells apart by its area comes first
                m = _or(index.match(f"{ref.label} ({ref.area})"), m)
            if (
                m.unit_code is None
                and new_units
                and (m.unknown or ref.code and ref.code not in index.units)
            ):
                pending.append((s, u, ref))
                continue
            if m.unit_code is None:
                hint = " (dùng --new-units để đăng ký đơn vị mới)" if m.unknown else ""
                problems.append(Problem(m.problem + hint, sheet.name, ref.cell))
                continue
            where = f"{sheet.name}!{ref.cell}"
            if m.unit_code in seen:
                problems.append(
                    Problem(
                        f"Đơn vị «{ref.label}» bị trùng: đã có ở {seen[m.unit_code]} ({m.unit_name})"
                        + _other_sheet_hint(seen[m.unit_code], sheet.name),
                        sheet.name,
                        ref.cell,
                    )
                )
                continue
            seen[m.unit_code] = where
            codes[(s, u)] = m.unit_code
            matches.append((ref.label, m.unit_code, m.unit_name, m.how))
    default_kind = most_common_kind(
        [index.kind(c) for c in codes.values()]
        or [k for *_, ref in pending if (k := index.kind_of_label(ref.label))]
    )
    by_label: dict[str, tuple[str, str]] = {}  # folded name -> (code, where first seen)
    named = Counter(fold(ref.label) for *_, ref in pending)
    for s, u, ref in pending:
        how = "đơn vị mới"
        if (
            named[fold(ref.label)] > 1 and ref.area
        ):  # two units of one name: the area is part of the name
            ref, how = UnitRef(f"{ref.label} ({ref.area})", ref.code, ref.cell, ref.area), SAME_NAME
        key = fold(ref.label)
        if key in by_label:
            first = by_label[key][1]
            problems.append(
                Problem(
                    f"Đơn vị mới «{ref.label}» bị trùng: đã có ở {first}"
                    + _other_sheet_hint(first, sheets[s].name),
                    sheets[s].name,
                    ref.cell,
                )
            )
            continue
        unit = index.register(ref.label, default_kind, ref.code)
        created.append(unit)
        by_label[key] = (unit.code, f"{sheets[s].name}!{ref.cell}")
        codes[(s, u)] = unit.code
        matches.append((ref.label, unit.code, unit.name, how))
    return codes, matches, created


SAME_NAME = "đơn vị mới; tên trùng với đơn vị khác trong tệp nên ghi kèm địa bàn"


def _or(found: Match, fallback: Match) -> Match:
    return found if found.unit_code is not None else fallback


def _other_sheet_hint(first: str, sheet: str) -> str:
    """Two sheets naming the same unit: the same table twice (a summary and its detail), or two
    units of one name in two districts. Say how to settle either."""
    if first.startswith(f"{sheet}!"):
        return ""
    return (
        "; nếu hai trang là cùng một bảng (tổng hợp và chi tiết), chỉ nạp một trang bằng --sheet TÊN;"
        " nếu là hai đơn vị khác nhau cùng tên (ở hai huyện), đăng ký danh mục đơn vị với tên phân biệt"
        " (`cchc template units`, `cchc units load`) rồi đặt đúng tên đó trong tệp"
    )


def _framework(
    con, index, sheets, year, codes, created, tag: str, problems, warnings
) -> Framework | None:
    kinds = sorted({index.kind(c) for c in codes.values()})
    found = {k: frameworks.for_unit_year(con, year, k) for k in kinds}
    chosen = sorted(set(found.values()) - {None})
    if len(chosen) > 1:
        problems.append(
            Problem(
                f"Tệp có đơn vị thuộc nhiều bộ chỉ số khác nhau năm {year}: {', '.join(frameworks.called(frameworks.name_of(con, c)) for c in chosen)}"
            )
        )
        return None
    if chosen:
        missing = [index.kind_names[k] for k, f in found.items() if f is None]
        if missing:
            problems.append(
                Problem(f"Chưa có bộ chỉ số năm {year} cho loại đơn vị: {', '.join(missing)}")
            )
        return frameworks.fetch(con, chosen[0])
    if not kinds:
        return None
    return _infer(sheets[0], year, kinds, tag, problems, warnings)


ROLE_WORDS = {"bonus": "điểm thưởng", "penalty": "điểm trừ"}


def _infer(
    sheet: ParsedSheet, year: int, kinds: list[str], tag: str, problems, warnings
) -> Framework | None:
    """No framework for the year: the file's own columns (summary) or rows (detailed) and the
    maxima written in them define one."""
    if sheet.layout == "long":
        problems.append(
            Problem(
                f"Chưa có bộ chỉ số năm {year}; tệp dạng danh sách không ghi điểm tối đa nên không suy ra được",
                sheet.name,
            )
        )
        return None
    unknown_max = [item for item in sheet.items if item.max_points is None]
    for item in unknown_max:
        problems.append(
            Problem(
                f"Chưa có bộ chỉ số năm {year}: cột/dòng «{item.name}» phải ghi điểm tối đa, ví dụ «(65)»",
                sheet.name,
                item.cell,
            )
        )
    if unknown_max and sheet.layout == "summary":
        problems.append(
            Problem(
                f"Cách sửa: nạp bộ chỉ số năm {year} của tỉnh (`cchc framework load TỆP`), hoặc ghi điểm tối đa vào tiêu đề"
                ' các cột, hoặc chỉ rõ từng cột bằng --columns "C=field:1/9, D=field:2/7, …" (trên trang Tải dữ liệu:'
                " chọn vai trò và điểm tối đa của cột)",
                sheet.name,
            )
        )
    if unknown_max or not sheet.items:
        return None
    criteria = []
    for i, item in enumerate(sheet.items, start=1):
        code = item.code if sheet.layout == "detailed" else (item.code or str(i))
        name = item.name if sheet.layout == "detailed" else column_roles.strip_max(item.name)
        criteria.append(
            Criterion(
                code, name, item.max_points, "dtxhh" in fold(name) or "xa hoi hoc" in fold(name)
            )
        )
    framework = frameworks.inferred(f"suy-ra-{year}-{tag}", year, kinds, criteria)
    problems.extend(Problem(p.message, sheet.name) for p in frameworks.check(framework))
    for role in ("bonus", "penalty"):  # caps from the column's header, else what the file gives
        cols = sheet.table.of_role(role) if sheet.table else []
        if not cols:
            continue
        cap = header_max(cols[0].header)
        if cap is None:
            given = [
                to_number(r) for r, m in zip(sheet.values.raw, sheet.values.measure) if m == role
            ]
            cap = max([x for x in given if x is not None], default=0.0)
            warnings.append(
                f"{sheet.name}!{cell_name(sheet.table.header_rows[0], cols[0].col)}: cột «{cols[0].header}»"
                f" không ghi mức tối đa và chưa có bộ chỉ số năm {year}: {ROLE_WORDS[role]} được tính đúng như tệp ghi"
            )
        setattr(framework, f"{role}_cap", cap)
    return framework


def _bind_items(sheet: ParsedSheet, framework: Framework, problems) -> dict[str, str]:
    """Item key -> criterion code, checking maxima (one problem per column or row that disagrees
    with the framework; its cells are then not judged one by one) and that every field or
    criterion is there."""
    by_code = framework.by_code()
    bound: dict[str, str] = {}
    names = {_expand(fold(f.name)): f.code for f in framework.fields}
    for item in sheet.items:
        code = item.code if item.code in by_code else None
        if code is None and sheet.layout == "summary":
            code = _field_by_name(names, item.name)
        if code is None:
            what = (
                f"Cột «{item.name}» không khớp lĩnh vực nào"
                if sheet.layout == "summary"
                else f"Mã tiêu chí {item.code} không có trong"
            )
            problems.append(
                Problem(
                    f"{what} của {frameworks.called(framework.name)}".replace("trong của", "trong"),
                    sheet.name,
                    item.cell,
                )
            )
        elif code in bound.values():
            problems.append(
                Problem(
                    f"Hai cột cùng là {'lĩnh vực' if by_code[code].depth == 1 else 'tiêu chí'} {code}",
                    sheet.name,
                    item.cell,
                )
            )
        else:
            bound[item.key] = code
    missing = [] if sheet.layout == "long" else uncovered(framework, set(bound.values()))
    for item in sheet.items:
        code = bound.get(item.key)
        if (
            code
            and item.max_points is not None
            and abs(item.max_points - by_code[code].max_points) > TOLERANCE
        ):
            problems.append(
                Problem(
                    f"Điểm tối đa của {'lĩnh vực' if by_code[code].depth == 1 else 'tiêu chí'} {code} trong tệp là"
                    f" {vn_number(item.max_points)}, {frameworks.called(framework.name)} ghi {vn_number(by_code[code].max_points)}:"
                    " tệp này chấm theo bộ chỉ số khác? Nạp bộ chỉ số đúng của năm (`cchc framework load`)",
                    sheet.name,
                    item.cell,
                )
            )
            del bound[item.key]
    if sheet.table:
        for col in sheet.table.of_role("field", "criterion"):
            code = bound.get(cell_name(sheet.table.header_rows[0], col.group))
            if code and col.max_points is None and col.measure != "applicable_max":
                col.max_points, col.max_from = (
                    by_code[code].max_points,
                    frameworks.called(framework.name),
                )
    for f in missing:
        what = "cột" if sheet.layout == "summary" else "dòng"
        kind = "lĩnh vực" if f.depth == 1 else "tiêu chí"
        problems.append(Problem(f"Thiếu {what} {kind} {f.code} «{f.name}»", sheet.name))
    return bound


def _expand(key: str) -> str:
    """A folded header with its abbreviations written out (TTHC -> thu tuc hanh chinh)."""
    return " ".join(column_roles.ABBREVIATIONS.get(w, w) for w in key.split())


def _field_by_name(names: dict[str, str], header: str) -> str | None:
    key = _expand(fold(column_roles.strip_max(header)))
    if key in names:
        return names[key]
    hits = {code for name, code in names.items() if len(key) >= 6 and (key in name or name in key)}
    return hits.pop() if len(hits) == 1 else None


def _store(
    con,
    report: LoadReport,
    framework: Framework,
    created,
    uploaded_by: str,
    client: str,
    inspect=None,
) -> None:
    def judged(after: duckdb.DuckDBPyConnection) -> None:
        """The file's stated figures against the stored upload (a wrong total refuses it)."""
        said = judge_stated(after, report.upload_id, report.stated)
        start, stop = report.stated_in
        if said or stop > start:  # in place of what a preview of this report said
            report.warnings[start:stop] = said
            report.stated_in = (start, start + len(said))
            uploads.set_messages(after, report.upload_id, report.warnings)
        if inspect:
            inspect(after)

    with db.write(con, dry_run=report.dry_run, inspect=judged, years={report.year}):
        if framework.is_inferred:
            frameworks.store(con, framework)
        for sheet in report.sheets:
            if sheet.table is not None and sheet.table.by_user:
                mappings.remember(con, sheet.table, report.file_name, uploaded_by)
        if created:
            _store_units(con, created)
        report.replaced_units = [
            r[0]
            for r in con.execute(
                "select distinct unit_code from staging.stg_scores where year = ? and unit_code in (select unnest(?))",
                [report.year, report.units],
            ).fetchall()
        ]
        report.upload_id = uploads.record(
            con,
            "scores",
            report.file_name,
            report.sha256,
            len(report.rows),
            uploaded_by,
            report.year,
            report.layout,
            report.warnings,
        )
        store_rows(con, report.upload_id, report.year, framework.code, report.rows)
        audit.uploaded(
            con,
            uploaded_by,
            client,
            report.upload_id,
            "Bảng điểm",
            report.file_name,
            f"{audit.counted(len(report.rows), 'giá trị')}, {audit.counted(len(report.units), 'đơn vị')}"
            + (f" ({audit.counted(len(created), 'đơn vị mới đăng ký')})" if created else ""),
            report.year,
        )


def _store_units(con, created) -> None:
    """The units a load registers, in one insert (of lists, zipped by unnest)."""
    con.execute(
        "insert into ref.units (unit_code, unit_name, kind) select unnest($codes), unnest($names), unnest($kinds)",
        {
            "codes": [u.code for u in created],
            "names": [u.name for u in created],
            "kinds": [u.kind for u in created],
        },
    )


def rows_table(rows: list[tuple]) -> pa.Table:
    """Score rows given as tuples (STORED_COLUMNS) as the table store_rows takes."""
    columns = list(zip(*rows)) if rows else [[] for _ in STORED_COLUMNS]
    return pa.table(
        {name: pa.array(col, type=STORED_TYPES[name]) for name, col in zip(STORED_COLUMNS, columns)}
    )


def store_rows(
    con: duckdb.DuckDBPyConnection, upload_id: int, year: int, framework_code: str, rows: pa.Table
) -> None:
    """Append score rows (STORED_COLUMNS) of one upload and record the unit-years it covers."""
    params = {"upload_id": upload_id, "year": year, "framework_code": framework_code}
    con.register("incoming_scores", rows)
    try:
        con.execute(
            "insert into raw.scores select $upload_id, unit_code, $year, $framework_code, criterion_code,"
            " measure, points, is_na, source_sheet, source_cell from incoming_scores",
            params,
        )
        con.execute(
            "insert into meta.upload_units select distinct $upload_id, unit_code, $year from incoming_scores",
            {"upload_id": upload_id, "year": year},
        )
    finally:
        con.unregister("incoming_scores")
