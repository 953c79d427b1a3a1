"""A deterministic demo province (fictional, labelled as an example): 300 former communes in
10 districts for 2021–2024, merged into 110 communes, wards and special zones in 2025, and 18
departments; scores for every unit-year, loaded through the same store as real uploads."""

import datetime as dt
import math
import random
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipelines import db, frameworks, publication, survey_definitions, vocabulary
from pipelines.loads import surveys, uploads
from pipelines.loads.scores import rows_table, store_rows
from pipelines.text import column_letters, vn_number

SEED = 2025
YEARS = range(2021, 2026)
TODAY = dt.date(2026, 11, 22)  # the demo's "today": updates after it are not made up
FIRST = [
    "An",
    "Bình",
    "Cẩm",
    "Đông",
    "Hòa",
    "Hưng",
    "Lạc",
    "Long",
    "Minh",
    "Nghĩa",
    "Phú",
    "Phúc",
    "Quang",
    "Tân",
    "Thạch",
    "Thanh",
    "Thuận",
    "Tiến",
    "Trung",
    "Vĩnh",
    "Xuân",
    "Yên",
    "Hải",
    "Hồng",
    "Kim",
    "Ngọc",
    "Sơn",
    "Thái",
    "Đại",
    "Quảng",
    "Mỹ",
    "Gia",
    "Đức",
    "Hoàng",
    "Cao",
    "Văn",
]
SECOND = [
    "An",
    "Bình",
    "Hòa",
    "Hưng",
    "Lợi",
    "Lộc",
    "Phong",
    "Phú",
    "Thành",
    "Thịnh",
    "Thuận",
    "Tiến",
    "Trung",
    "Sơn",
    "Hà",
    "Hải",
    "Lâm",
    "Điền",
    "Mỹ",
    "Nghĩa",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Khánh",
    "Long",
    "Quang",
    "Tân",
    "Vinh",
    "Xương",
]
DISTRICTS = [
    "Thành phố Minh Sơn",
    "Thị xã Hòa Bình",
    "Huyện Đông Triều",
    "Huyện Tây Hòa",
    "Huyện Bắc Sơn",
    "Huyện Nam Đàn",
    "Huyện Thanh Lâm",
    "Huyện Yên Lạc",
    "Huyện Quảng Điền",
    "Huyện Vĩnh Tường",
]
DEPARTMENTS = [
    "Văn phòng UBND tỉnh",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Thanh tra tỉnh",
    "Ban Quản lý các khu công nghiệp",
    "Sở Du lịch",
    "Ban Dân tộc",
    "Sở Lao động - Thương binh và Xã hội",
]
SETTINGS = {
    "province": "Minh Sơn",
    "org_name": "Ủy ban nhân dân tỉnh Minh Sơn (ví dụ)",
    "place": "Minh Sơn",
    "decision_number": "125/QĐ-UBND",
    "decision_date": "15/01/2026",
    "signer_authority": "KT. Chủ tịch",
    "signer_title": "Phó Chủ tịch",
    "signer_name": "Nguyễn Văn An (ví dụ)",
    "recipients": "Như Điều 3; Chủ tịch, các PCT UBND tỉnh; Sở Nội vụ; Lưu: VT, SNV",
    "demo": "1",
}
DECISIONS = {
    2021: "86/QĐ-UBND",
    2022: "97/QĐ-UBND",
    2023: "104/QĐ-UBND",
    2024: "118/QĐ-UBND",
    2025: "125/QĐ-UBND",
}


def _names(rng: random.Random, n: int, taken: set[str]) -> list[str]:
    pool = [f"{a} {b}" for a in FIRST for b in SECOND if a != b]
    rng.shuffle(pool)
    out = [p for p in pool if p not in taken][:n]
    taken.update(out)
    return out


def _units(rng: random.Random, kind_names: dict[str, str]):
    """(units rows, lineage rows, quality per unit); a commune's, ward's, … name begins with its kind's name."""
    taken: set[str] = set()
    units, lineage, quality = [], [], {}
    former = []
    for d, district in enumerate(DISTRICTS, start=1):
        dcode = f"H{d:02d}"
        units.append((dcode, district, "district", None, 2021, 2024))
        for name in _names(rng, 30, taken):
            kind = rng.choices(["commune", "ward", "town"], [0.8, 0.12, 0.08])[0]
            code = f"{20000 + len(former) + 1}"
            units.append((code, f"{kind_names[kind]} {name}", kind, dcode, 2021, 2024))
            quality[code] = min(0.97, max(0.55, rng.gauss(0.83, 0.06)))
            former.append(code)
    rng.shuffle(former)
    populations = random.Random(SEED + 1)  # its own draws: the rest of the demo stays as it was
    merged_names = _names(rng, 110, taken)
    for i, name in enumerate(merged_names):
        kind = "special_zone" if i < 2 else rng.choices(["commune", "ward"], [0.78, 0.22])[0]
        code = f"{30000 + i + 1}"
        units.append((code, f"{kind_names[kind]} {name}", kind, None, 2025, None))
        parts = former[i * 300 // 110 : (i + 1) * 300 // 110]
        # every other merged unit's lineage weighs its former communes by population; the others equally
        lineage.extend(
            (p, code, 2025, populations.randrange(3000, 25000) * 1.0 if i % 2 == 0 else None)
            for p in parts
        )
        quality[code] = min(
            0.97, max(0.55, sum(quality[p] for p in parts) / len(parts) + rng.gauss(0, 0.03))
        )
    for i, name in enumerate(DEPARTMENTS, start=1):
        code = f"S{i:02d}"
        units.append((code, name, "department", None, 2021, None))
        quality[code] = min(0.97, max(0.6, rng.gauss(0.84, 0.06)))
    return units, lineage, quality


def _scores(rng: random.Random, framework, units, quality, year: int) -> list[tuple]:
    kids = framework.children()
    leaves = [c for c in framework.criteria if c.code not in kids]
    sheet_row = {
        c.code: 6 + i for i, c in enumerate(framework.criteria)
    }  # as in `cchc template scores`
    rows = []
    scored = [u for u in units if u[2] != "district" and u[4] <= year <= (u[5] or 9999)]
    for position, (code, *_) in enumerate(scored):
        self_col, final_col = column_letters(3 + 2 * position), column_letters(4 + 2 * position)
        q = quality[code] + 0.012 * (year - 2021) + rng.gauss(0, 0.025)
        field_effect = {f.code: rng.gauss(0, 0.045) for f in framework.fields}
        na = {c.code for c in leaves if c.code in ("2.1", "4.3") and rng.random() < 0.08}
        for c in leaves:
            here = sheet_row[c.code]
            if c.code in na:
                rows.append((code, c.code, "final", None, True, "Cham diem", f"{final_col}{here}"))
                continue
            if c.is_survey:  # survey points come from the responses (_survey)
                continue
            share = min(1.0, max(0.0, q + field_effect[c.field_code] + rng.gauss(0, 0.06)))
            points = round(c.max_points * share * 20) / 20
            rows.append((code, c.code, "final", points, False, "Cham diem", f"{final_col}{here}"))
            self_points = min(
                c.max_points, points + round(rng.random() * 0.2 * c.max_points * 20) / 20
            )
            rows.append(
                (code, c.code, "self", self_points, False, "Cham diem", f"{self_col}{here}")
            )
    return rows


POPULATION = {"ND": (120, 400), "TC": (30, 80), "CB": (15, 30)}  # N per unit and group: low, high


def _survey(con, rng: random.Random, definition, units, quality, year: int) -> None:
    """The forms of a year's survey, stored as a real upload: per unit and group about the sample
    the rule asks for (some units fall short), answers drawn around the unit's quality."""
    gen = np.random.default_rng(rng.randrange(2**32))
    scored = [u for u in units if u[2] != "district" and u[4] <= year <= (u[5] or 9999)]
    form_units, form_groups, satisfaction, populations = [], [], [], []
    for code, *_ in scored:
        q = quality[code] + 0.012 * (year - 2021) - 0.04
        for group, (low, high) in POPULATION.items():
            n_pop = int(gen.integers(low, high + 1))
            needed = math.ceil(n_pop / (1 + n_pop * (definition.margin_pct / 100) ** 2))
            forms = needed if gen.random() < 0.88 else int(needed * gen.uniform(0.75, 0.98))
            populations.append((code, group, n_pop))
            form_units += [code] * forms
            form_groups += [group] * forms
            satisfaction.append(np.clip(q + gen.normal(0, 0.16, forms), 0, 1))
    level = np.concatenate(satisfaction)
    n = len(level)
    groups = np.array(form_groups)
    columns, answer_tables = {}, []
    for i, question in enumerate(definition.questions):
        options = definition.scales[question.scale]
        shares = np.array([o.share_pct / 100 for o in options])
        weights = np.exp(-((shares[None, :] - level[:, None]) ** 2) / (2 * 0.22**2))
        picks = (weights.cumsum(1) / weights.sum(1, keepdims=True) > gen.random(n)[:, None]).argmax(
            1
        )
        asked = np.isin(groups, definition.answers_of(question)) & (
            gen.random(n) > 0.03
        )  # a few skip a question
        rows = np.flatnonzero(asked)
        columns[question.code] = column_letters(3 + i)
        answer_tables.append(
            pa.table(
                {
                    "form_no": pa.array(rows + 1, pa.int32()),
                    "question_code": pa.array([question.code] * len(rows), pa.string()),
                    "option_code": pa.array([options[k].code for k in picks[rows]], pa.string()),
                }
            )
        )
    forms = pa.table(
        {
            "form_no": pa.array(np.arange(1, n + 1), pa.int32()),
            "form_id": pa.array([f"{year}-{k:06d}" for k in range(1, n + 1)], pa.string()),
            "unit_code": pa.array(form_units, pa.string()),
            "group_code": pa.array(form_groups, pa.string()),
            "source_row": pa.array(np.arange(2, n + 2), pa.int32()),
        }
    )
    answers = pa.concat_tables(answer_tables)
    population = pa.table(
        {
            name: pa.array(col, t)
            for name, col, t in zip(
                ("unit_code", "group_code", "population"),
                zip(*populations),
                (pa.string(), pa.string(), pa.int32()),
            )
        }
    )
    report = surveys.SurveyReport(
        f"phieu-khao-sat-mau-{year}.xlsx",
        year,
        definition.code,
        n,
        answers.num_rows,
        sorted({u[0] for u in scored}),
        "demo",
    )
    surveys.store_rows(
        con,
        surveys.Responses(report, definition, "Phiếu", columns, forms, answers, population),
        "demo",
    )


def build(path: Path) -> str:
    """Write the demo database at `path`, replacing any file there."""
    for p in (path, Path(f"{path}.wal")):
        p.unlink(missing_ok=True)
    rng = random.Random(SEED)
    con = db.connect(path)
    try:
        with db.write(con):
            units = _fill(con, rng)
        with db.write(con):  # flags first: the plans answer them
            _commitments(con, rng, units)
        for year, number in DECISIONS.items():  # every demo year published: visitors see them all
            publication.publish(con, year, number, dt.date(year + 1, 1, 15), "demo")
        counts = con.execute(
            "select count(*) filter (where kind in ('commune','ward','town','special_zone') and valid_from = 2025),"
            " count(*) filter (where kind = 'department'), (select count(*) from raw.scores),"
            " (select count(*) from raw.survey_forms) from ref.units"
        ).fetchone()
    finally:
        con.close()
    units, departments, values, forms = (vn_number(n, 0) for n in counts)
    return (
        f"Đã tạo cơ sở dữ liệu mẫu {path}: {units} xã/phường/đặc khu (2025), {departments} sở ngành,"
        f" năm {YEARS[0]}–{YEARS[-1]}, {values} giá trị điểm, {forms} phiếu khảo sát"
    )


def _fill(con, rng: random.Random) -> list[tuple]:
    framework = frameworks.load_example(con)
    uploads.record(
        con, "framework", frameworks.EXAMPLE_FRAMEWORK.name, "demo", len(framework.criteria), "demo"
    )
    definition = survey_definitions.load_example(con)
    units, lineage, quality = _units(rng, vocabulary.unit_kinds(con))
    con.executemany("insert into ref.units values (?, ?, ?, ?, ?, ?)", units)
    con.executemany(
        "insert into ref.unit_lineage (former_code, merged_code, effective_year, weight) values (?, ?, ?, ?)",
        lineage,
    )
    con.executemany("insert into meta.settings values (?, ?)", list(SETTINGS.items()))
    for year in YEARS:
        frame = _scores(rng, framework, units, quality, year)
        upload_id = uploads.record(
            con, "scores", f"du-lieu-mau-{year}.xlsx", "demo", len(frame), "demo", year, "detailed"
        )
        store_rows(con, upload_id, year, framework.code, rows_table(frame))
        _survey(con, rng, definition, units, quality, year)
    return units


TASKS = [  # (field, title) of typical breakthrough tasks
    ("3", "Giải quyết 100% hồ sơ thủ tục hành chính đúng hạn"),
    ("3", "Niêm yết công khai đầy đủ thủ tục hành chính tại bộ phận một cửa"),
    ("7", "Số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính"),
    ("7", "Tăng tỷ lệ thanh toán trực tuyến phí, lệ phí lên 80%"),
    ("7", "Ứng dụng chữ ký số cho toàn bộ văn bản đi"),
    ("5", "Hoàn thiện đề án vị trí việc làm"),
    ("1", "Tuyên truyền cải cách hành chính trên mạng xã hội hằng tháng"),
    ("6", "Công khai ngân sách đúng hạn trên cổng thông tin"),
]


def _commitments(con, rng: random.Random, units) -> None:
    """Tasks and plans for each year's results, registered by 10 April of the next year, with
    quarterly updates: most on time, some late, some plans never sent."""
    from pipelines import commitments

    required = set(
        con.execute(
            "select unit_code, year from marts.unit_year_flag_summary where plan_required"
        ).fetchall()
    )
    for year in YEARS:
        follow = year + 1
        scored = [u for u in units if u[2] != "district" and u[4] <= year <= (u[5] or 9999)]
        for code, *_ in scored:
            picks = rng.sample(TASKS, rng.choice([1, 1, 2])) if rng.random() < 0.6 else []
            if (code, year) in required:
                send = rng.random()
                if send < 0.9:  # 10 % never send their plan
                    registered = dt.date(
                        follow, 4, rng.randint(1, 10) if send < 0.75 else rng.randint(11, 30)
                    )
                    picks.append(("3", f"Kế hoạch khắc phục kết quả chỉ số CCHC năm {year}"))
            for field, title in picks:
                kind = "remediation" if title.startswith("Kế hoạch khắc phục") else "breakthrough"
                day = (
                    registered
                    if kind == "remediation"
                    else dt.date(follow, rng.randint(2, 4), rng.randint(1, 10))
                )
                task = commitments.add_commitment(
                    con,
                    unit_code=code,
                    year=year,
                    kind=kind,
                    title=title,
                    field_code=field,
                    due_date=dt.date(follow, 12, 31),
                    registered_date=day,
                    start_date=day,
                    responsible="Chủ tịch UBND" if kind == "remediation" else "Công chức văn phòng",
                    document_number=f"{rng.randint(10, 199)}/KH-UBND",
                    created_by="demo",
                )
                pace = rng.choices([45, 40, 35, 25, 15], weights=[3, 3, 2, 1, 1])[
                    0
                ]  # percent per quarter
                done = 0
                for month in (6, 9, 12):
                    day_of_report = dt.date(follow, month, 20)
                    if day_of_report > TODAY:
                        break
                    done = min(100, done + pace + rng.randint(-5, 5))
                    status = "done" if done >= 100 else "in_progress"
                    commitments.add_update(
                        con,
                        commitment_code=task,
                        update_date=day_of_report,
                        status=status,
                        percent_done=float(done),
                        entered_by="demo",
                        note="Báo cáo quý" if status != "done" else "Đã hoàn thành, có minh chứng",
                    )
                    if status == "done":
                        break
    _reports(con, units)


def _reports(con, units) -> None:
    """Periodic CCHC reports received: most units by the 20th of the quarter's last month, some
    late, a few never (a generator of their own, so the rest of the demo stays as it was)."""
    rng = random.Random(SEED + 1)
    rows = []
    for year in YEARS:
        follow = year + 1
        scored = [u for u in units if u[2] != "district" and u[4] <= year <= (u[5] or 9999)]
        for code, *_ in scored:
            for period, month in (("Q1", 3), ("Q2", 6), ("Q3", 9), ("Q4", 12)):
                send = rng.random()
                day = dt.date(
                    follow, month, rng.randint(5, 20) if send < 0.85 else rng.randint(21, 28)
                )
                if send < 0.95 and day <= TODAY:
                    rows.append(
                        (
                            year,
                            period,
                            "unit_report",
                            code,
                            day,
                            f"bao-cao-cchc-{period.lower()}-{follow}-{code}.pdf",
                            None,
                        )
                    )
        for period, month in (("Q1", 3), ("Q2", 6), ("Q3", 9), ("Q4", 12)):
            if dt.date(follow, month, 25) <= TODAY:
                rows.append(
                    (
                        year,
                        period,
                        "summary",
                        None,
                        dt.date(follow, month, 25),
                        None,
                        "Báo cáo tổng hợp của Nội vụ",
                    )
                )
    con.executemany(
        "insert into raw.period_reports (year, period, duty, unit_code, received_date, file_name, note,"
        " entered_by) values (?, ?, ?, ?, ?, ?, ?, 'demo')",
        rows,
    )
