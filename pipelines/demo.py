"""A deterministic demo province (fictional, labelled as an example): 300 former communes in
10 districts for 2021–2024, merged into 110 communes, wards and special zones in 2025, and 18
departments; scores for every unit-year, loaded through the same store as real uploads."""

import random
from pathlib import Path

from pipelines import db, frameworks
from pipelines.scores import rows_table, store_rows
from pipelines.text import column_letters

SEED = 2025
YEARS = range(2021, 2026)
FIRST = ["An", "Bình", "Cẩm", "Đông", "Hòa", "Hưng", "Lạc", "Long", "Minh", "Nghĩa", "Phú", "Phúc",
         "Quang", "Tân", "Thạch", "Thanh", "Thuận", "Tiến", "Trung", "Vĩnh", "Xuân", "Yên", "Hải",
         "Hồng", "Kim", "Ngọc", "Sơn", "Thái", "Đại", "Quảng", "Mỹ", "Gia", "Đức", "Hoàng", "Cao", "Văn"]
SECOND = ["An", "Bình", "Hòa", "Hưng", "Lợi", "Lộc", "Phong", "Phú", "Thành", "Thịnh", "Thuận", "Tiến",
          "Trung", "Sơn", "Hà", "Hải", "Lâm", "Điền", "Mỹ", "Nghĩa", "Đông", "Tây", "Nam", "Bắc",
          "Khánh", "Long", "Quang", "Tân", "Vinh", "Xương"]
DISTRICTS = ["Thành phố Minh Sơn", "Thị xã Hòa Bình", "Huyện Đông Triều", "Huyện Tây Hòa", "Huyện Bắc Sơn",
             "Huyện Nam Đàn", "Huyện Thanh Lâm", "Huyện Yên Lạc", "Huyện Quảng Điền", "Huyện Vĩnh Tường"]
DEPARTMENTS = ["Văn phòng UBND tỉnh", "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng",
               "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Y tế", "Sở Giáo dục và Đào tạo",
               "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ", "Sở Dân tộc và Tôn giáo",
               "Sở Ngoại vụ", "Thanh tra tỉnh", "Ban Quản lý các khu công nghiệp", "Sở Du lịch",
               "Ban Dân tộc", "Sở Lao động - Thương binh và Xã hội"]
KIND_NAMES = {"commune": "Xã", "ward": "Phường", "town": "Thị trấn", "special_zone": "Đặc khu"}
SETTINGS = {"org_parent": "Ủy ban nhân dân tỉnh Minh Sơn (ví dụ)", "org_name": "Sở Nội vụ", "place": "Minh Sơn",
            "demo": "1"}


def _names(rng: random.Random, n: int, taken: set[str]) -> list[str]:
    pool = [f"{a} {b}" for a in FIRST for b in SECOND if a != b]
    rng.shuffle(pool)
    out = [p for p in pool if p not in taken][:n]
    taken.update(out)
    return out


def _units(rng: random.Random):
    """(units rows, lineage rows, quality per unit)."""
    taken: set[str] = set()
    units, lineage, quality = [], [], {}
    former = []
    for d, district in enumerate(DISTRICTS, start=1):
        dcode = f"H{d:02d}"
        units.append((dcode, district, "district", None, 2021, 2024))
        for name in _names(rng, 30, taken):
            kind = rng.choices(["commune", "ward", "town"], [0.8, 0.12, 0.08])[0]
            code = f"{20000 + len(former) + 1}"
            units.append((code, f"{KIND_NAMES[kind]} {name}", kind, dcode, 2021, 2024))
            quality[code] = min(0.97, max(0.55, rng.gauss(0.83, 0.06)))
            former.append(code)
    rng.shuffle(former)
    merged_names = _names(rng, 110, taken)
    for i, name in enumerate(merged_names):
        kind = "special_zone" if i < 2 else rng.choices(["commune", "ward"], [0.78, 0.22])[0]
        code = f"{30000 + i + 1}"
        units.append((code, f"{KIND_NAMES[kind]} {name}", kind, None, 2025, None))
        parts = former[i * 300 // 110:(i + 1) * 300 // 110]
        lineage.extend((p, code, 2025) for p in parts)
        quality[code] = min(0.97, max(0.55, sum(quality[p] for p in parts) / len(parts) + rng.gauss(0, 0.03)))
    for i, name in enumerate(DEPARTMENTS, start=1):
        code = f"S{i:02d}"
        units.append((code, name, "department", None, 2021, None))
        quality[code] = min(0.97, max(0.6, rng.gauss(0.84, 0.06)))
    return units, lineage, quality


def _scores(rng: random.Random, framework, units, quality, year: int) -> list[tuple]:
    kids = framework.children()
    leaves = [c for c in framework.criteria if c.code not in kids]
    sheet_row = {c.code: 6 + i for i, c in enumerate(framework.criteria)}  # as in `cchc template scores`
    rows = []
    scored = [u for u in units if u[2] != "district" and u[4] <= year <= (u[5] or 9999)]
    for position, (code, _, kind, _, valid_from, valid_to) in enumerate(scored):
        self_col, final_col = column_letters(3 + 2 * position), column_letters(4 + 2 * position)
        q = quality[code] + 0.012 * (year - 2021) + rng.gauss(0, 0.025)
        field_effect = {f.code: rng.gauss(0, 0.045) for f in framework.fields}
        na = {c.code for c in leaves if c.code in ("2.1", "4.3") and rng.random() < 0.08}
        for c in leaves:
            here = sheet_row[c.code]
            if c.code in na:
                rows.append((code, c.code, "final", None, True, "Cham diem", f"{final_col}{here}"))
                continue
            share = min(1.0, max(0.0, q + field_effect[c.field_code] + rng.gauss(0, 0.06)))
            points = round(c.max_points * share * 20) / 20
            measure = "survey" if c.is_survey else "final"
            rows.append((code, c.code, measure, points, False, "Cham diem", f"{final_col}{here}"))
            if not c.is_survey:
                self_points = min(c.max_points, points + round(rng.random() * 0.2 * c.max_points * 20) / 20)
                rows.append((code, c.code, "self", self_points, False, "Cham diem", f"{self_col}{here}"))
    return rows


def build(path: Path) -> str:
    """Write the demo database at `path`, replacing any file there."""
    for p in (path, Path(f"{path}.wal")):
        p.unlink(missing_ok=True)
    rng = random.Random(SEED)
    con = db.connect(path)
    try:
        with db.write(con):
            _fill(con, rng)
        counts = con.execute(
            "select count(*) filter (where kind in ('commune','ward','town','special_zone') and valid_from = 2025),"
            " count(*) filter (where kind = 'department'), (select count(*) from raw.scores) from ref.units"
        ).fetchone()
    finally:
        con.close()
    return (f"Đã tạo cơ sở dữ liệu mẫu {path}: {counts[0]} xã/phường/đặc khu (2025), {counts[1]} sở ngành,"
            f" năm {YEARS[0]}–{YEARS[-1]}, {counts[2]} giá trị điểm")


def _fill(con, rng: random.Random) -> None:
    framework = frameworks.load_example(con)
    units, lineage, quality = _units(rng)
    con.executemany("insert into ref.units values (?, ?, ?, ?, ?, ?)", units)
    con.executemany("insert into ref.unit_lineage values (?, ?, ?)", lineage)
    con.executemany("insert into meta.settings values (?, ?)", list(SETTINGS.items()))
    for year in YEARS:
        frame = _scores(rng, framework, units, quality, year)
        (upload_id,) = con.execute(
            "insert into meta.uploads (file_name, sha256, upload_kind, year, layout, row_count, uploaded_by)"
            " values (?, 'demo', 'scores', ?, 'detailed', ?, 'demo') returning upload_id",
            [f"du-lieu-mau-{year}.xlsx", year, len(frame)],
        ).fetchone()
        store_rows(con, upload_id, year, framework.code, rows_table(frame))
