"""Loading survey responses (one row per completed form: the unit it rates, the respondent group,
one column per question) against a survey definition: every problem listed with its cell, and
nothing stored unless the whole file is right. Work is per distinct value of each column, so a
million forms cost little more than reading them."""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines import audit, db, frameworks, reads
from pipelines import survey_definitions as definitions
from pipelines.files.workbook import read_sheets
from pipelines.loads import uploads
from pipelines.loads.unit_matching import UnitIndex
from pipelines.problems import CELLS_SHOWN, InvalidInput, Problem, also_at, in_reading_order
from pipelines.survey_definitions import Definition, answer_key, option_keys
from pipelines.text import clean, column_letters, fold, to_number, to_unicode_rows, vn_number

MAX_SURVEY_BYTES = 200 * 2**20  # a million forms as CSV is ~50 MB
HEADER_WORDS = {
    "form_id": ("ma phieu", "so phieu", "phieu so", "ma so phieu", "id phieu"),
    "unit": (
        "don vi",
        "ten don vi",
        "don vi duoc danh gia",
        "co quan don vi",
        "ten co quan don vi",
    ),
    "unit_code": ("ma don vi",),
    "group": ("nhom", "nhom doi tuong", "doi tuong", "doi tuong tra loi", "nhom tra loi"),
    "population": ("tong the", "so luong tong the", "quy mo tong the", "n"),
}
IGNORED = {
    "stt",
    "tt",
    "ngay",
    "ngay khao sat",
    "thoi gian",
    "dau thoi gian",
    "timestamp",
    "ghi chu",
    "ho ten",
    "ho va ten",
    "dien thoai",
    "so dien thoai",
    "email",
    "dia chi",
    "tuoi",
    "do tuoi",
    "gioi tinh",
    "nghe nghiep",
    "trinh do",
    "nguoi nhap",
    "ngay nhap",
}
POPULATION_SHEET = "tong the"


@dataclass
class SurveyReport:
    file_name: str
    year: int
    definition_code: str
    forms: int
    answers: int
    units: list[str]
    sha256: str
    warnings: list[str] = field(default_factory=list)
    replaced_units: list[str] = field(default_factory=list)
    upload_id: int | None = None
    dry_run: bool = False
    changes: pd.DataFrame | None = None

    def summary(self) -> str:
        verb = "Kiểm tra xong (chưa nạp)" if self.dry_run else f"Đã nạp (lần tải #{self.upload_id})"
        text = (
            f"{verb}: {self.file_name}, năm {self.year}, bộ câu hỏi {self.definition_code}: "
            f"{vn_number(self.forms, 0)} phiếu, {vn_number(self.answers, 0)} câu trả lời, {len(self.units)} đơn vị"
            f" ({len(self.replaced_units)} thay thế kết quả cũ)"
        )
        return text + (f"; {len(self.warnings)} lưu ý" if self.warnings else "")


@dataclass
class Table:
    """A sheet's non-blank rows under its header row, as columns."""

    sheet: str
    header_row: int  # 0-based
    headers: list[str]
    columns: list  # per column: a list of cell values or a pyarrow array of strings
    row_numbers: np.ndarray  # the sheet row (1-based) of each body row

    @property
    def rows(self) -> int:
        return len(self.row_numbers)

    def cell(self, col: int, body_row: int) -> str:
        return f"{column_letters(col)}{self.row_numbers[body_row]}"


def _factorize(values) -> tuple[np.ndarray, list]:
    """(codes per row, -1 for empty; the distinct values)."""
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        encoded = (
            values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
        ).dictionary_encode()
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        return codes, encoded.dictionary.to_pylist()
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes.astype(np.int64), list(uniques)


def _keyed(values, key=clean) -> tuple[np.ndarray, list[str]]:
    """Codes per row over distinct *keys* (blank = -1), and the keys. key=None keeps each value
    as written but for surrounding spaces, with no Python call per distinct value (form ids)."""
    if key is None and isinstance(values, (pa.Array, pa.ChunkedArray)):
        codes, uniques = _factorize(pc.utf8_trim_whitespace(values))
        if "" in uniques:
            codes[codes == uniques.index("")] = -1
        return codes, uniques
    codes, uniques = _factorize(values)
    keys = [(key or clean)(u) for u in uniques]
    distinct = list(dict.fromkeys(k for k in keys if k))
    position = {k: i for i, k in enumerate(distinct)}
    remap = np.array([position.get(k, -1) for k in keys] + [-1], dtype=np.int64)
    return remap[codes], distinct  # a code of -1 (empty) takes the trailing -1


def _occurrences(codes: np.ndarray, wanted) -> dict[int, np.ndarray]:
    """The rows (in order) holding each wanted code: one sort, however many codes are wanted."""
    wanted = np.asarray(list(wanted), dtype=np.int64)
    rows = np.flatnonzero(np.isin(codes, wanted))
    rows = rows[np.argsort(codes[rows], kind="stable")]
    groups = np.split(rows, np.flatnonzero(np.diff(codes[rows])) + 1) if len(rows) else []
    return {int(codes[g[0]]): g for g in groups}


def _where(table: Table, col: int, rows: np.ndarray) -> tuple[str, str]:
    """The first cell, and the text naming the others when a value recurs."""
    cells = [table.cell(col, int(r)) for r in rows[:CELLS_SHOWN]]
    return cells[0], also_at(cells, len(rows))


def _header_kind(header: str) -> str | None:
    key = fold(header)
    for kind, words in HEADER_WORDS.items():
        if key in words:
            return kind
    return None


def _find_header(rows: list[list], wanted: tuple[str, ...]) -> int | None:
    for r, row in enumerate(rows[:30]):
        kinds = {_header_kind(clean(v)) for v in row}
        if "unit_code" in kinds:  # a code names the unit as well as its name does
            kinds.add("unit")
        if set(wanted) <= kinds:
            return r
    return None


def _read_csv_fast(path: Path) -> pa.Table | None:
    """A UTF-8 CSV read by DuckDB's reader (many times faster than csv.reader), every value a
    string; None when the file needs the general reader (another encoding)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    sample = text[:20_000]
    delimiter = max(",;\t", key=sample.count)
    head = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
    if to_unicode_rows(head) != head:  # TCVN3 or VNI text (or NFD): the general reader converts it
        return None
    con = duckdb.connect()
    try:
        return con.sql(
            "select * from read_csv(?, delim = ?, quote = '\"', escape = '\"', header = false,"
            " all_varchar = true, null_padding = true, strict_mode = false)",
            params=[str(path), delimiter],
        ).to_arrow_table()
    except duckdb.Error:
        return None
    finally:
        con.close()


def read_table(
    path: Path, name: str, wanted: tuple[str, ...], sheet_key: str | None = None
) -> Table:
    """The first sheet (or the one named sheet_key) with a header row naming `wanted` columns."""
    if (
        Path(name).suffix.lower() == ".csv"
        and sheet_key is None
        and 0 < path.stat().st_size <= MAX_SURVEY_BYTES
    ):
        arrow = _read_csv_fast(path)
        if arrow is not None:
            head = [[v or "" for v in row.values()] for row in arrow.slice(0, 30).to_pylist()]
            h = _find_header(head, wanted)
            if h is None:
                raise InvalidInput([Problem(_no_header(wanted), Path(name).stem)])
            body = arrow.slice(h + 1)
            blank = np.ones(body.num_rows, dtype=bool)
            for column in body.columns:
                blank &= pc.fill_null(pc.equal(pc.utf8_trim_whitespace(column), ""), True).to_numpy(
                    zero_copy_only=False
                )
            keep = np.flatnonzero(~blank)
            columns = [column.take(pa.array(keep)) for column in body.columns]
            return Table(Path(name).stem, h, [clean(v) for v in head[h]], columns, keep + h + 2)
    sheets = read_sheets(path, name, max_bytes=MAX_SURVEY_BYTES)
    if sheet_key is not None:
        sheets = [s for s in sheets if fold(s.name) == sheet_key]
    for sheet in sheets:
        h = _find_header(sheet.rows, wanted)
        if h is not None:
            kept = [
                (r, row)
                for r, row in enumerate(sheet.rows[h + 1 :], start=h + 2)
                if not all(v is None or not str(v).strip() for v in row)
            ]
            columns = (
                [list(c) for c in zip(*(row for _, row in kept))]
                if kept
                else [[] for _ in sheet.rows[h]]
            )
            return Table(
                sheet.name,
                h,
                [clean(v) for v in sheet.rows[h]],
                columns,
                np.array([r for r, _ in kept], dtype=np.int64),
            )
    raise InvalidInput([Problem(_no_header(wanted), sheets[0].name if sheets else name)])


def _no_header(wanted: tuple[str, ...]) -> str:
    words = {
        "form_id": "Mã phiếu",
        "unit": "Đơn vị",
        "group": "Nhóm đối tượng",
        "population": "Tổng thể",
    }
    return (
        "Không tìm thấy dòng tiêu đề có các cột "
        + ", ".join(f"«{words[w]}»" for w in wanted)
        + " (xem `cchc template survey-responses`)"
    )


def _question_keys(d: Definition) -> dict[str, str]:
    """Header keys -> question code: 'C1', 'C1. Thông tin…', 'Câu 1', 'Câu C1'."""
    keys = {}
    for q in d.questions:
        code = fold(q.code)
        keys[code] = q.code
        keys[f"cau {code}"] = q.code
        digits = re.fullmatch(r"(?:c|q|cau)\s*(\d+(?: \d+)*)", code)
        if digits:
            keys.setdefault(f"cau {digits.group(1)}", q.code)
    return keys


def _question_of(header: str, keys: dict[str, str]) -> str | None:
    key = fold(header)
    words = key.split()
    for n in (len(words), 3, 2, 1):  # the whole header, or its first words: 'C1 Thông tin…'
        hit = keys.get(" ".join(words[:n]))
        if hit:
            return hit
    return None


@dataclass
class Responses:
    """What a survey file holds once checked: ready to store (with the definition given with the
    file, if one was: stored in the same write)."""

    report: SurveyReport
    definition: Definition
    sheet: str
    columns: dict[str, str]  # question -> column letter
    forms: pa.Table
    answers: pa.Table
    populations: pa.Table
    new_definition: Definition | None = None


def check_responses(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    year: int,
    *,
    definition: Definition | None = None,
    population: Path | str | None = None,
    display_name: str | None = None,
) -> Responses:
    """Read and check the whole file against `definition` (default: the one covering the year for
    the units' framework) without writing anything; or InvalidInput listing every problem."""
    path = Path(path)
    name = display_name or path.name
    table = read_table(path, name, ("form_id", "unit", "group"))
    if table.rows == 0:
        raise InvalidInput([Problem("Tệp không có phiếu nào dưới dòng tiêu đề", table.sheet)])
    problems: list[Problem] = []
    warnings: list[str] = []
    index = UnitIndex(con, year)

    kinds: dict[str, list[int]] = {}
    for c, header in enumerate(table.headers):
        kinds.setdefault(_header_kind(header) or "", []).append(c)
    by_code = "unit_code" in kinds  # a code names the unit exactly; else its name is matched
    unit_col = kinds["unit_code" if by_code else "unit"][0]

    # units: each distinct name (or code) matched once
    unit_codes, unit_labels = _keyed(table.columns[unit_col])
    matched = [index.match(label, label if by_code else None) for label in unit_labels]
    unknown = [i for i, m in enumerate(matched) if m.unit_code is None]
    for i, rows in _occurrences(unit_codes, [-1, *unknown]).items():
        cell, others = _where(table, unit_col, rows)
        message = matched[i].problem if i >= 0 else "Phiếu không ghi đơn vị được đánh giá"
        problems.append(Problem(message + others, table.sheet, cell))

    d = definition or _definition(
        con, year, index, [m.unit_code for m in matched if m.unit_code], problems
    )
    if d is None:
        raise InvalidInput(in_reading_order(problems, [table.sheet]))
    framework_of = {kind: frameworks.for_unit_year(con, year, kind) for kind in index.kind_names}
    elsewhere = [
        i
        for i, m in enumerate(matched)  # units scored by another framework this year
        if m.unit_code and framework_of[index.kind(m.unit_code)] != d.framework_code
    ]
    for i, rows in _occurrences(unit_codes, elsewhere).items():
        cell, others = _where(table, unit_col, rows)
        problems.append(
            Problem(
                f"Đơn vị «{matched[i].unit_name}» năm {year} không chấm theo"
                f" {frameworks.called(frameworks.name_of(con, d.framework_code))}"
                f" của bộ câu hỏi {d.code}{others}",
                table.sheet,
                cell,
            )
        )

    # respondent groups, by code or name
    group_col = kinds["group"][0]
    group_codes, group_labels = _keyed(table.columns[group_col])
    group_of = [d.group_code(label) for label in group_labels]
    names = ", ".join(f"{g.code} ({g.name})" for g in d.groups)
    for i, rows in _occurrences(
        group_codes, [-1, *(i for i, g in enumerate(group_of) if g is None)]
    ).items():
        cell, others = _where(table, group_col, rows)
        message = (
            f"Nhóm đối tượng «{group_labels[i]}» không có trong bộ câu hỏi (có: {names})"
            if i >= 0
            else "Phiếu không ghi nhóm đối tượng"
        )
        problems.append(Problem(message + others, table.sheet, cell))

    # form ids: present and unique
    form_col = kinds["form_id"][0]
    form_codes, form_ids = _keyed(table.columns[form_col], key=None)
    counts = np.bincount(form_codes[form_codes >= 0], minlength=len(form_ids))
    for i, rows in _occurrences(form_codes, [-1, *np.flatnonzero(counts > 1)]).items():
        if i < 0:
            cell, others = _where(table, form_col, rows)
            problems.append(Problem(f"Thiếu mã phiếu{others}", table.sheet, cell))
        else:
            cell, others = _where(table, form_col, rows[1:])
            problems.append(
                Problem(
                    f"Mã phiếu «{form_ids[i]}» trùng với phiếu ở ô {table.cell(form_col, int(rows[0]))}"
                    + others.replace("(cả ở", "(và ở"),
                    table.sheet,
                    cell,
                )
            )

    # question columns; any other column must be one we know to ignore
    keys = _question_keys(d)
    columns: dict[str, int] = {}
    for c, header in enumerate(table.headers):
        if _header_kind(header) or fold(header) in IGNORED:
            continue
        question = _question_of(header, keys)
        if question is None and header:
            problems.append(
                Problem(
                    f"Cột «{header}» không phải câu hỏi nào của bộ câu hỏi {d.code}"
                    f" (có: {', '.join(q.code for q in d.questions)})",
                    table.sheet,
                    f"{column_letters(c)}{table.header_row + 1}",
                )
            )
        elif question in columns:
            problems.append(
                Problem(
                    f"Câu {question} có hai cột: {column_letters(columns[question])} và {column_letters(c)}",
                    table.sheet,
                    f"{column_letters(c)}{table.header_row + 1}",
                )
            )
        elif question:
            columns[question] = c
    for q in d.questions:
        if q.code not in columns:
            problems.append(
                Problem(
                    f"Thiếu cột cho câu {q.code} «{q.text}»",
                    table.sheet,
                    f"A{table.header_row + 1}",
                )
            )

    # answers: each distinct value of each question column matched to its scale once
    position = {g.code: i for i, g in enumerate(d.groups)}
    group_rows = np.array([position.get(g, -1) for g in group_of] + [-1], dtype=np.int64)[
        group_codes
    ]
    answered = np.zeros(table.rows, dtype=bool)
    answer_parts = []
    for q in d.questions:
        if q.code not in columns:
            continue
        c = columns[q.code]
        lookup = option_keys(d.scales[q.scale])
        codes, values = _keyed(table.columns[c])
        options = [lookup.get(answer_key(v)) for v in values]
        allowed = ", ".join(f"{o.code} ({o.label})" for o in d.scales[q.scale])
        for i, rows in _occurrences(codes, [i for i, o in enumerate(options) if o is None]).items():
            cell, others = _where(table, c, rows)
            problems.append(
                Problem(
                    f"Câu {q.code}: câu trả lời «{values[i]}» không có trong thang đo (chỉ nhận"
                    f" {allowed}){others}",
                    table.sheet,
                    cell,
                )
            )
        given = codes >= 0
        allowed_groups = np.array([g.code in d.answers_of(q) for g in d.groups] + [True])
        wrong_group = given & ~allowed_groups[group_rows]
        for gi in np.unique(group_rows[wrong_group]):
            cell, others = _where(table, c, np.flatnonzero(wrong_group & (group_rows == gi)))
            problems.append(
                Problem(
                    f"Câu {q.code} không dành cho nhóm {d.groups[gi].name} nhưng có câu trả lời{others}",
                    table.sheet,
                    cell,
                )
            )
        answered |= given
        option_array = pa.array([o or "" for o in options], pa.string())
        answer_parts.append((q.code, np.flatnonzero(given), option_array, codes))

    # populations N per unit and group, from the workbook's 'Tổng thể' sheet or a file of its own
    populations = _populations(con, path, name, population, year, index, d, problems)

    if problems:
        raise InvalidInput(in_reading_order(problems, [table.sheet, "Tổng thể"]))

    empty = np.flatnonzero(~answered)
    if len(empty):
        cell, others = _where(table, form_col, empty)
        warnings.append(
            f"{table.sheet}!{cell}: {len(empty)} phiếu không trả lời câu nào, không tính{others}"
        )
    kept = np.flatnonzero(answered)
    form_no = np.full(table.rows, -1, dtype=np.int64)
    form_no[kept] = np.arange(1, len(kept) + 1)
    unit_of = np.array([m.unit_code for m in matched] + [None], dtype=object)[unit_codes]
    group_of_row = np.array([g.code for g in d.groups] + [None], dtype=object)[group_rows]
    form_id_of = np.array(form_ids + [None], dtype=object)[form_codes]
    forms = pa.table(
        {
            "form_no": pa.array(form_no[kept], pa.int32()),
            "form_id": pa.array(form_id_of[kept], pa.string()),
            "unit_code": pa.array(unit_of[kept], pa.string()),
            "group_code": pa.array(group_of_row[kept], pa.string()),
            "source_row": pa.array(table.row_numbers[kept], pa.int32()),
        }
    )
    answers = pa.concat_tables(
        [
            pa.table(
                {
                    "form_no": pa.array(form_no[rows], pa.int32()),
                    "question_code": pa.repeat(pa.scalar(code, pa.string()), len(rows)),
                    "option_code": option_array.take(pa.array(codes[rows])),
                }
            )
            for code, rows, option_array, codes in answer_parts
        ]
    )
    units = sorted(set(forms["unit_code"].to_pylist()))
    report = SurveyReport(
        name, year, d.code, len(kept), answers.num_rows, units, uploads.file_sha256(path), warnings
    )
    return Responses(
        report,
        d,
        table.sheet,
        {q: column_letters(c) for q, c in columns.items()},
        forms,
        answers,
        populations,
    )


def _definition(con, year, index, unit_codes, problems) -> Definition | None:
    """The definition covering the year for the units' framework."""
    wanted = {
        frameworks.for_unit_year(con, year, kind) for kind in {index.kind(u) for u in unit_codes}
    }
    for code in definitions.for_year(con, year):
        d = definitions.fetch(con, code)
        if d.framework_code in wanted:
            return d
    if not problems:
        problems.append(
            Problem(
                f"Chưa có bộ câu hỏi điều tra xã hội học cho năm {year}"
                " (nạp kèm --definition hoặc `cchc survey definition FILE`)"
            )
        )
    return None


def _populations(con, path, name, population, year, index, d, problems) -> pa.Table:
    source = None
    if population is not None:
        source = read_table(
            Path(population), Path(population).name, ("unit", "group", "population")
        )
    elif Path(name).suffix.lower() != ".csv":
        try:
            source = read_table(
                path, name, ("unit", "group", "population"), sheet_key=POPULATION_SHEET
            )
        except InvalidInput:
            source = None
    rows = {"unit_code": [], "group_code": [], "population": []}
    if source is None:
        return pa.table(
            rows,
            schema=pa.schema(
                [
                    ("unit_code", pa.string()),
                    ("group_code", pa.string()),
                    ("population", pa.int32()),
                ]
            ),
        )
    kinds = {_header_kind(h): c for c, h in reversed(list(enumerate(source.headers)))}
    unit_col = kinds.get("unit_code", kinds.get("unit"))
    seen = set()
    for r in range(source.rows):
        label = clean(source.columns[unit_col][r])
        group_text, n_text = (
            clean(source.columns[kinds["group"]][r]),
            clean(source.columns[kinds["population"]][r]),
        )
        if not (label or group_text or n_text):
            continue
        m = index.match(label, label if "unit_code" in kinds else None)
        if m.unit_code is None:
            problems.append(Problem(m.problem, source.sheet, source.cell(unit_col, r)))
        group = d.group_code(group_text)
        if group is None:
            problems.append(
                Problem(
                    f"Nhóm đối tượng «{group_text}» không có trong bộ câu hỏi",
                    source.sheet,
                    source.cell(kinds["group"], r),
                )
            )
        n = _count(source.columns[kinds["population"]][r])
        if n is None or n < 1 or not float(n).is_integer():
            problems.append(
                Problem(
                    f"Tổng thể «{n_text}» phải là số nguyên dương",
                    source.sheet,
                    source.cell(kinds["population"], r),
                )
            )
        elif m.unit_code and group:
            if (m.unit_code, group) in seen:
                problems.append(
                    Problem(
                        f"Tổng thể của {m.unit_name}, nhóm {group} ghi hai lần",
                        source.sheet,
                        source.cell(unit_col, r),
                    )
                )
            seen.add((m.unit_code, group))
            rows["unit_code"].append(m.unit_code)
            rows["group_code"].append(group)
            rows["population"].append(int(n))
    return pa.table(
        {
            "unit_code": pa.array(rows["unit_code"], pa.string()),
            "group_code": pa.array(rows["group_code"], pa.string()),
            "population": pa.array(rows["population"], pa.int32()),
        }
    )


def _count(value: object) -> float | None:
    """A head count: '1.000' and '1 000' are a thousand, not one."""
    text = clean(value)
    if re.fullmatch(r"\d{1,3}([. ]\d{3})+", text):
        return float(text.replace(".", "").replace(" ", ""))
    return to_number(value)


def load_responses(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    year: int,
    *,
    definition: Definition | None = None,
    population: Path | str | None = None,
    dry_run: bool = False,
    uploaded_by: str = "cli",
    client: str = audit.CLI,
    display_name: str | None = None,
) -> SurveyReport:
    """Check the whole file and load it, or raise InvalidInput listing every problem; a dry run
    is the check alone (with its rehearsed write, for the preview)."""
    checked = check(
        con,
        path,
        display_name,
        year=year,
        definition=definition,
        population=population,
        preview=dry_run,
    )
    return checked.report if dry_run else store(con, checked, uploaded_by, client)


def check(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    display_name: str | None = None,
    *,
    year: int,
    definition: Definition | None = None,
    population: Path | str | None = None,
    preview: bool = False,
) -> uploads.Checked[Responses]:
    """Read and check the whole file without writing anything; or InvalidInput listing every
    problem. A definition given with the file is checked first (and stored with the forms).
    `preview`: also rehearse the write (rolled back), for what it would replace and change."""
    if definition is not None:
        definitions.validate(con, definition)
    responses = check_responses(
        con, path, year, definition=definition, population=population, display_name=display_name
    )
    responses.new_definition = definition
    report = responses.report
    report.dry_run = True
    found = list(report.warnings)
    if preview:
        _write(con, report, responses, "cli", audit.CLI, reads.preview(con, report))
    return uploads.Checked(
        report.file_name, report.sha256, report.forms, responses, report, found, uploads.judged(con)
    )


def store(
    con: duckdb.DuckDBPyConnection,
    checked: uploads.Checked[Responses],
    who: str,
    client: str = audit.CLI,
) -> SurveyReport:
    """Load what was checked, in one write (`who` did it, from `client`): the report of what was
    loaded; the checked report stays as it was shown."""
    report = uploads.report_to_store(con, checked)
    _write(con, report, checked.payload, who, client)
    return report


def _write(con, report: SurveyReport, responses: Responses, who: str, client: str, inspect=None):
    """The one write of a survey upload; a rehearsal (report.dry_run) rolls it back."""
    with db.write(con, dry_run=report.dry_run, inspect=inspect):
        if responses.new_definition is not None:
            definitions.store_rows(con, responses.new_definition)
            definitions.logged(con, responses.new_definition, who, client)
        store_rows(con, responses, who, report)
        audit.uploaded(
            con,
            who,
            client,
            report.upload_id,
            "Phiếu khảo sát",
            report.file_name,
            f"{audit.counted(report.forms, 'phiếu')}, {audit.counted(len(report.units), 'đơn vị')}",
            report.year,
        )


def store_rows(
    con: duckdb.DuckDBPyConnection,
    checked: Responses,
    uploaded_by: str,
    report: SurveyReport | None = None,
) -> None:
    """Append one survey upload (inside the caller's write); `report` (default the checked one)
    gets its number and the units it replaces."""
    r = report or checked.report
    r.replaced_units = [
        u
        for (u,) in con.execute(
            "select unit_code from marts.unit_year_survey where year = ? and unit_code in (select unnest(?))",
            [r.year, r.units],
        ).fetchall()
    ]
    r.upload_id = uploads.record(
        con, "survey", r.file_name, r.sha256, r.forms, uploaded_by, r.year, "responses", r.warnings
    )
    params = {"upload_id": r.upload_id, "year": r.year}
    con.execute(
        "insert into raw.survey_uploads values (?, ?, ?)",
        [r.upload_id, r.definition_code, checked.sheet],
    )
    con.executemany(
        "insert into raw.survey_columns values (?, ?, ?)",
        [[r.upload_id, q, c] for q, c in checked.columns.items()],
    )
    for name, table, sql in (
        (
            "incoming_forms",
            checked.forms,
            "insert into raw.survey_forms select $upload_id, form_no, form_id,"
            " unit_code, $year, group_code, source_row from incoming_forms",
        ),
        (
            "incoming_answers",
            checked.answers,
            "insert into raw.survey_answers select $upload_id, form_no,"
            " question_code, option_code from incoming_answers",
        ),
        (
            "incoming_populations",
            checked.populations,
            "insert into raw.survey_populations select $upload_id,"
            " unit_code, $year, group_code, population from incoming_populations",
        ),
    ):
        con.register(name, table)
        try:
            con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
        finally:
            con.unregister(name)
    con.execute(
        "insert into meta.upload_units select distinct $upload_id, unit_code, $year from raw.survey_forms"
        " where upload_id = $upload_id",
        params,
    )


SUMMARY_FIELDS = (
    "unit",
    "unit_code",
    "forms",
    "points",
    "max_points",
    "pct",
    "ci_low",
    "ci_high",
    "sample_ok",
)


def summary_records(table: pd.DataFrame) -> list[dict]:
    """JSON-ready rows; sample_ok is null when no population was given."""
    return [
        {
            k: (None if pd.isna(r[k]) else r[k].item() if hasattr(r[k], "item") else r[k])
            for k in SUMMARY_FIELDS
        }
        for r in table.to_dict("records")
    ]


def summary_rows(table: pd.DataFrame) -> tuple[list[str], list[list]]:
    header = [
        "Đơn vị",
        "Mã",
        "Số phiếu",
        "Cỡ mẫu cần",
        "Điểm ĐTXHH",
        "Tối đa",
        "%",
        "KTC 95 % từ",
        "đến",
        "Đủ mẫu",
    ]
    ok = {True: "Đủ", False: "Chưa đủ"}
    rows = [
        [
            r.unit,
            r.unit_code,
            int(r.forms),
            "" if pd.isna(r.required_forms) else int(r.required_forms),
            r.points,
            r.max_points,
            r.pct,
            r.ci_low,
            r.ci_high,
            ok.get(r.sample_ok, ""),
        ]
        for r in table.itertuples()
    ]
    return header, rows
