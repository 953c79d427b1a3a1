"""The unit registry as the office keeps it: one workbook row per unit (code, name, kind, parent
area, valid years, other names, merged into, the weight of that lineage). Loaded whole-or-nothing with every problem listed;
`cchc template units` writes the current registry in the same layout."""

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines import audit, db, vocabulary
from pipelines.files.workbook import is_blank, read_sheets
from pipelines.loads import uploads
from pipelines.problems import InvalidInput, Problem, in_reading_order
from pipelines.text import cell_name, clean, fold, to_number

COLUMNS = (
    "Mã",
    "Tên",
    "Loại",
    "Thuộc (mã)",
    "Từ năm",
    "Đến năm",
    "Tên khác (cách nhau bởi ;)",
    "Sáp nhập vào (mã)",
    "Trọng số (dân số/diện tích)",
)


def read_units(
    con: duckdb.DuckDBPyConnection, path: Path
) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """(units, aliases, lineage) rows from the first sheet that has the registry header."""
    kinds, words = vocabulary.kinds_by_word(con), ", ".join(vocabulary.registry_words(con).values())
    for sheet in read_sheets(path):
        header = [fold(clean(v)) for v in (sheet.rows[0] if sheet.rows else [])]
        if header[:3] == [fold(c) for c in COLUMNS[:3]]:
            break
    else:
        raise InvalidInput(
            [
                Problem(
                    f"Không tìm thấy danh mục đơn vị: dòng đầu cần các cột {', '.join(COLUMNS[:3])}, …",
                    Path(path).name,
                )
            ]
        )
    problems, units, aliases, lineage, seen = [], [], [], [], {}

    def bad(message, r, c):
        problems.append(Problem(message, sheet.name, cell_name(r, c)))

    def year(r, c):
        value = sheet.rows[r][c] if c < len(sheet.rows[r]) else ""
        number = to_number(value)
        if is_blank(value):
            return None
        if number is None or number != int(number) or not 1945 <= number <= 2100:
            bad(f"Năm «{clean(value)}» không hợp lệ", r, c)
            return None
        return int(number)

    def weight_of(value, r):
        """The former unit's population or area in the merged unit (blank: equal weights)."""
        number = to_number(value)
        if is_blank(value):
            return None
        if number is None or number <= 0:
            bad(
                f"Trọng số «{clean(value)}» không hợp lệ: ghi dân số hoặc diện tích (số dương), để trống nếu tính đều",
                r,
                8,
            )
            return None
        return float(number)

    for r, row in sheet.body():
        row = [*row, *[""] * (len(COLUMNS) - len(row))]
        code, name, kind = clean(row[0]), clean(row[1]), fold(clean(row[2]))
        if not code:
            bad("Thiếu mã đơn vị", r, 0)
        elif code in seen:
            bad(f"Mã {code} bị trùng (đã có ở dòng {seen[code] + 1})", r, 0)
        seen.setdefault(code, r)
        if not name:
            bad("Thiếu tên đơn vị", r, 1)
        if kind not in kinds:
            bad(f"Loại «{clean(row[2])}» không rõ ({words})", r, 2)
        valid_from, valid_to = year(r, 4), year(r, 5)
        if valid_from and valid_to and valid_to < valid_from:
            bad(f"Đến năm {valid_to} trước từ năm {valid_from}", r, 5)
        units.append((code, name, kinds.get(kind), clean(row[3]) or None, valid_from, valid_to, r))
        aliases += [(code, a.strip()) for a in clean(row[6]).split(";") if a.strip()]
        merged, weight = clean(row[7]), weight_of(row[8], r)
        if merged:
            lineage.append((code, merged, valid_to + 1 if valid_to else None, weight, r))
        elif weight is not None:
            bad("Trọng số chỉ ghi cho đơn vị có mã «Sáp nhập vào»", r, 8)
    codes = {u[0] for u in units}
    for _, _, _, parent, _, _, r in units:
        if parent and parent not in codes:
            bad(f"Mã đơn vị cha {parent} không có trong danh mục", r, 3)
    for _, merged, _, _, r in lineage:
        if merged not in codes:
            bad(f"Mã đơn vị sáp nhập vào {merged} không có trong danh mục", r, 7)
    if problems:
        raise InvalidInput(in_reading_order(problems, [sheet.name]))
    return (
        [u[:6] for u in units],
        sorted(set(aliases)),
        [
            (former, merged, effective or 2025, weight)
            for former, merged, effective, weight, _ in lineage
        ],
    )


def load_units(
    con: duckdb.DuckDBPyConnection, path: Path, who: str = audit.CLI, client: str = audit.CLI
) -> str:
    """Insert or update every unit of the workbook (units not in it are kept); its aliases and
    lineage replace those of the same units."""
    return store(con, check(con, path), who, client)


@dataclass(frozen=True)
class Registry:
    """A checked registry workbook: its units, aliases and lineage rows (read_units)."""

    units: list[tuple]
    aliases: list[tuple]
    lineage: list[tuple]


def check(
    con: duckdb.DuckDBPyConnection, path: Path | str, display_name: str | None = None
) -> uploads.Checked[Registry]:
    """Read and check the registry workbook without writing anything; or InvalidInput."""
    registry = Registry(*read_units(con, Path(path)))
    return uploads.Checked(
        display_name or Path(path).name,
        uploads.file_sha256(path),
        len(registry.units),
        registry,
        f"{len(registry.units)} đơn vị, {len(registry.aliases)} tên khác,"
        f" {len(registry.lineage)} quan hệ sáp nhập",
        database=uploads.judged(con),
    )


def store(
    con: duckdb.DuckDBPyConnection,
    checked: uploads.Checked[Registry],
    who: str = audit.CLI,
    client: str = audit.CLI,
) -> str:
    """Insert or update the checked units, in one write (`who` did it, from `client`); their
    aliases and lineage replace those of the same units. What was loaded, in words."""
    uploads.unchanged(con, checked)
    units, aliases, lineage = (
        checked.payload.units,
        checked.payload.aliases,
        checked.payload.lineage,
    )
    codes = [u[0] for u in units]
    with db.write(con):
        con.executemany(
            "insert or replace into ref.units (unit_code, unit_name, kind, parent_code, valid_from, valid_to)"
            " values (?, ?, ?, ?, ?, ?)",
            units,
        )
        con.execute("delete from ref.unit_aliases where unit_code in (select unnest(?))", [codes])
        con.execute("delete from ref.unit_lineage where former_code in (select unnest(?))", [codes])
        if aliases:
            con.executemany("insert into ref.unit_aliases values (?, ?)", aliases)
        if lineage:
            con.executemany(
                "insert into ref.unit_lineage (former_code, merged_code, effective_year, weight)"
                " values (?, ?, ?, ?)",
                lineage,
            )
        counts = checked.report
        upload_id = uploads.record(
            con, "registry", checked.file_name, checked.sha256, checked.row_count, who
        )
        audit.record(
            con,
            who,
            "registry",
            f"Danh mục đơn vị, tệp «{checked.file_name}»: {counts} (lần tải #{upload_id})",
            client,
        )
    return f"Đã nạp danh mục: {counts}"
