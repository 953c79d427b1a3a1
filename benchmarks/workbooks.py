"""Synthetic workbooks of realistic size, written with xlsxwriter, and the registry and
framework they need."""

import random
from pathlib import Path

import xlsxwriter

from pipelines import frameworks
from pipelines.frameworks import Criterion, Framework

FIELDS = 8


def big_framework(year: int, n_criteria: int = 90) -> Framework:
    """8 fields, n_criteria criteria in all (fields, groups and leaves), 100 points."""
    rng = random.Random(7)
    leaves_per_field = (n_criteria - FIELDS) // FIELDS
    criteria = []
    for f in range(1, FIELDS + 1):
        n = leaves_per_field + (1 if f <= (n_criteria - FIELDS) % FIELDS else 0)
        maxima = [rng.choice([0.5, 1, 1.5, 2]) for _ in range(n)]
        criteria.append(Criterion(str(f), f"Lĩnh vực {f}", sum(maxima), f == FIELDS))
        criteria += [
            Criterion(f"{f}.{i}", f"Tiêu chí {f}.{i}", m, f == FIELDS)
            for i, m in enumerate(maxima, 1)
        ]
    return Framework(
        code=f"bench-{year}",
        name="Bộ chỉ số đo hiệu năng",
        year_from=year,
        year_to=year,
        unit_kinds=["commune", "ward"],
        criteria=criteria,
        bands=[{"name": "Tốt", "min_pct": 80}, {"name": "Khá", "min_pct": 0}],
    )


def units(n: int) -> list[tuple[str, str, str]]:
    return [(f"B{i:05d}", f"Xã Số {i}", "commune") for i in range(1, n + 1)]


def seed(con, framework: Framework | None, unit_rows) -> None:
    con.execute("begin")
    if framework:
        frameworks.store(con, framework)
    con.executemany(
        "insert into ref.units (unit_code, unit_name, kind) values (?, ?, ?)", unit_rows
    )
    con.execute("commit")


def detailed_workbook(path: Path, framework: Framework, unit_rows) -> Path:
    """One row per criterion, a Tự chấm / Thẩm định pair per unit, decimal commas as text in
    one cell out of ten."""
    rng = random.Random(11)
    kids = framework.children()
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Chi tiet")
    ws.write(0, 0, "BẢNG ĐIỂM CHI TIẾT CHỈ SỐ CCHC")
    ws.write_row(2, 0, ["Mã", "Tiêu chí", "Điểm tối đa"])
    ws.write_row(3, 0, ["", "", ""])
    for i, (_, name, _) in enumerate(unit_rows):
        ws.merge_range(2, 3 + 2 * i, 2, 4 + 2 * i, name)
        ws.write_row(3, 3 + 2 * i, ["Tự chấm", "Thẩm định"])
    for r, c in enumerate(framework.criteria, start=4):
        ws.write_row(r, 0, [c.code, c.name, c.max_points])
        if c.code in kids:
            continue
        for i in range(len(unit_rows)):
            appraised = round(c.max_points * rng.uniform(0.5, 1) * 4) / 4
            ws.write_number(r, 3 + 2 * i, c.max_points)
            if rng.random() < 0.1:
                ws.write_string(r, 4 + 2 * i, f"{appraised}".replace(".", ","))
            else:
                ws.write_number(r, 4 + 2 * i, appraised)
    wb.close()
    return path


def summary_workbook(path: Path, unit_rows, field_max: list[float]) -> Path:
    """Title lines, a two-row header with the maxima, one row per unit, total; a footer."""
    rng = random.Random(13)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("KQ")
    ws.write(0, 0, "BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CCHC CẤP XÃ TOÀN QUỐC")
    ws.write_row(
        2,
        0,
        [
            "STT",
            "Tên đơn vị",
            *[f"Lĩnh vực {f}" for f in range(1, len(field_max) + 1)],
            "Tổng điểm",
        ],
    )
    ws.write_row(3, 0, ["", "", *[f"Điểm đạt ({m:g})" for m in field_max], ""])
    for r, (_, name, _) in enumerate(unit_rows, start=4):
        points = [round(m * rng.uniform(0.55, 1), 2) for m in field_max]
        ws.write_row(r, 0, [r - 3, name, *points, round(sum(points), 2)])
    ws.write_row(len(unit_rows) + 4, 0, ["", "Tổng cộng"])
    wb.close()
    return path
