"""Real spreadsheet files for tests, written by the real libraries."""

from pathlib import Path

import openpyxl

from tests.conftest import FIELD_MAX

FIELD_NAMES = {
    "1": "Công tác chỉ đạo, điều hành CCHC",
    "2": "Cải cách thể chế",
    "3": "Cải cách thủ tục hành chính",
    "4": "Cải cách tổ chức bộ máy",
    "5": "Cải cách chế độ công vụ",
    "6": "Cải cách tài chính công",
    "7": "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
    "8": "Tác động của CCHC",
}


def write_xlsx(
    path: Path,
    sheets: dict[str, list[list]],
    merges: dict[str, list[str]] | None = None,
    hidden: tuple[str, ...] = (),
) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def summary_rows(
    units: list[tuple[str, list]],
    *,
    title: bool = True,
    two_rows: bool = True,
    totals: bool = True,
    footer: bool = True,
    year: int = 2024,
) -> tuple[list[list], list[str]]:
    """An office summary table: title lines, a two-row merged header (field over 'Điểm đạt'),
    one row per unit with STT, name, 8 field points, total; footer rows. Returns rows, merges."""
    rows: list[list] = []
    if title:
        rows += [
            ["ỦY BAN NHÂN DÂN TỈNH MINH SƠN"],
            [f"BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CCHC NĂM {year} CỦA CÁC XÃ, PHƯỜNG, THỊ TRẤN"],
            [],
        ]
    h = len(rows) + 1  # 1-based header row
    head = ["STT", "Tên đơn vị", *[f"Lĩnh vực {c}" for c in FIELD_MAX], "Tổng điểm"]
    merges = []
    if two_rows:
        rows.append(head)
        rows.append(["", "", *[f"Điểm đạt ({m})" for m in FIELD_MAX.values()], ""])
        merges = [f"A{h}:A{h + 1}", f"B{h}:B{h + 1}", f"K{h}:K{h + 1}"]
    else:
        rows.append(
            [
                "STT",
                "Tên đơn vị",
                *[f"{c}. {FIELD_NAMES[c]} ({m})" for c, m in FIELD_MAX.items()],
                "Tổng điểm",
            ]
        )
    for i, (name, points) in enumerate(units, start=1):
        row = [i, name, *points]
        if totals:
            row.append(round(sum(p for p in points if isinstance(p, (int, float))), 2))
        rows.append(row)
    if footer:
        rows += [
            ["", "Tổng cộng", *[""] * 8, ""],
            [],
            ["", "Người lập biểu", "", "", "", "KT. GIÁM ĐỐC"],
        ]
    return rows, merges


def summary_xlsx(path: Path, units: list[tuple[str, list]], **kw) -> Path:
    rows, merges = summary_rows(units, **kw)
    return write_xlsx(path, {"KQ": rows}, {"KQ": merges})


# Points per field that stay within FIELD_MAX.
GOOD = [8, 6, 12, 5, 8, 6, 11, 30]  # 86
FAIR = [7, 5, 10, 5, 7, 5, 9, 28]  # 76, field 3 at 71.43 %, field 7 at 69.23 %


def example_criteria() -> list[tuple[str, str, float]]:
    import tomllib

    from pipelines.settings import EXAMPLE_FRAMEWORK

    data = tomllib.loads(EXAMPLE_FRAMEWORK.read_text(encoding="utf-8"))
    return [(c[0], c[1], c[2]) for c in data["criteria"]]


def leaf_codes() -> list[str]:
    codes = [c for c, _, _ in example_criteria()]
    return [c for c in codes if not any(o.startswith(c + ".") for o in codes)]


def detailed_rows(
    units: dict[str, dict[str, object]], *, groups: dict[str, dict[str, object]] | None = None
) -> list[list]:
    """A detailed sheet: title, header 'TT | Tiêu chí | Điểm tối đa | unit...', one row per
    criterion. `units[name][code]` is a leaf's value (default: its max); `groups` the same for
    group rows (default: blank)."""
    rows = [["BẢNG ĐIỂM CHI TIẾT"], [], ["TT", "Tiêu chí", "Điểm tối đa", *units]]
    leaves = set(leaf_codes())
    for code, name, mx in example_criteria():
        if code in leaves:
            rows.append([code, name, mx, *[u.get(code, mx) for u in units.values()]])
        else:
            rows.append([code, name, mx, *[(groups or {}).get(n, {}).get(code, "") for n in units]])
    return rows
