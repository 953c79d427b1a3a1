"""How a table is read when its words are not ours: roles by evidence, the user's mapping and its
memory, and every doubt said (title year, caps, units not submitted, maxima of another framework)."""

import subprocess
import sys

import openpyxl

from pipelines.loads.scores import Options, load_scores
from pipelines.workbooks import templates
from tests.conftest import rejected
from tests.files import FAIR, GOOD, write_xlsx


def cchc(db_path, *args, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


def test_unit_column_found_by_its_values_whatever_its_header(con, tmp_path):
    """Names without any unit word, under a header no list holds: the registry knows them."""
    rows = [
        ["TT", "Địa bàn được chấm", *[f"Lĩnh vực {i}" for i in range(1, 9)]],
        [1, "An Bình", *GOOD],
        [2, "Bình Mỹ", *FAIR],
    ]
    report = load_scores(con, write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows}), 2024)
    assert sorted(report.units) == ["X02", "X03"]
    unit = next(c for c in report.columns if c["column"] == "B")
    assert unit["role"] == "tên đơn vị" and "100 % khớp danh mục" in unit["why"]


def test_max_of_another_framework_is_one_problem_per_column(con, tmp_path):
    header = [
        "STT",
        "Tên đơn vị",
        *[f"Lĩnh vực {i} ({m})" for i, m in zip(range(1, 9), [10, 7, 14, 6, 9, 7, 13, 34])],
    ]
    rows = [
        header,
        *[
            [i, name, 10, 6, 12, 5, 8, 6, 11, 30]
            for i, name in enumerate(
                ["Xã An Bình", "Xã Bình Mỹ", "Xã Hòa Lợi", "Xã Tân Hòa"], start=1
            )
        ],
    ]
    problems = rejected(
        con, lambda: load_scores(con, write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows}), 2024)
    )
    assert problems == [
        "KQ!C1: Điểm tối đa của lĩnh vực 1 trong tệp là 10,00, «Bộ chỉ số CCHC (VÍ DỤ, không phải văn bản chính thức)» ghi 9,00: tệp này chấm theo"
        " bộ chỉ số khác? Nạp bộ chỉ số đúng của năm (`cchc framework load`)",
        "KQ!J1: Điểm tối đa của lĩnh vực 8 trong tệp là 34,00, «Bộ chỉ số CCHC (VÍ DỤ, không phải văn bản chính thức)» ghi 35,00: tệp này chấm theo"
        " bộ chỉ số khác? Nạp bộ chỉ số đúng của năm (`cchc framework load`)",
    ]


def test_row_with_points_and_a_number_but_no_name_is_an_error(con, tmp_path):
    rows = [
        ["STT", "Tên đơn vị", *[f"Lĩnh vực {i}" for i in range(1, 9)]],
        [1, "Xã An Bình", *GOOD],
        [2, "", *FAIR],
    ]
    assert rejected(
        con, lambda: load_scores(con, write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows}), 2024)
    ) == ["KQ!B3: Dòng có điểm nhưng không có tên đơn vị (STT 2)"]


def test_title_naming_another_year_is_an_error(con, tmp_path):
    rows = [
        ["BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CCHC NĂM 2023 (công bố ngày 15/3/2024)"],
        [],
        ["STT", "Tên đơn vị", *[f"Lĩnh vực {i}" for i in range(1, 9)]],
        [1, "Xã An Bình", *GOOD],
    ]
    path = write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows})
    assert rejected(con, lambda: load_scores(con, path, 2024)) == [
        "KQ!A1: Tiêu đề ghi năm 2023 nhưng tệp đang được nạp cho năm 2024: kiểm tra lại năm đánh giá (--year 2023)"
    ]
    assert load_scores(con, path, 2023).units == ["X02"]


def test_bonus_above_the_cap_is_said_with_its_cell(con, tmp_path):
    from tests.sql.test_marts import change

    change(con, "update ref.frameworks set bonus_cap = 2")
    rows = [
        ["STT", "Tên đơn vị", *[f"Lĩnh vực {i}" for i in range(1, 9)], "Điểm thưởng"],
        [1, "Xã An Bình", *GOOD, 3],
    ]
    report = load_scores(con, write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows}), 2024)
    assert report.warnings == [
        "KQ!K2: Điểm thưởng 3,00 của «Xã An Bình» vượt mức tối đa 2,00 của «Bộ chỉ số"
        " CCHC (VÍ DỤ, không phải văn bản chính thức)»: chỉ tính 2,00"
    ]


def test_own_template_filled_for_some_units_loads_them_and_names_the_rest(con, tmp_path):
    template = tmp_path / "mau.xlsx"
    templates.write_scores_template(con, 2024, "commune_level", template)
    wb = openpyxl.load_workbook(template)
    ws = wb.active
    units = [c.value for c in ws[4]][3::2]
    codes = [ws.cell(r, 1).value for r in range(6, ws.max_row + 1)]
    leaves = {c for c in codes if not any(o.startswith(c + ".") for o in codes)}
    filled = {"Xã An Bình": 0, "Xã Bình Mỹ": 1}
    for r in range(6, ws.max_row + 1):
        if ws.cell(r, 1).value in leaves:
            for name, minus in filled.items():
                ws.cell(r, 4 + 2 * units.index(name)).value = ws.cell(r, 3).value
                ws.cell(r, 5 + 2 * units.index(name)).value = ws.cell(r, 3).value - minus * (
                    ws.cell(r, 1).value == "3.1"
                )
    leaf_row = next(r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value in leaves)
    ws.cell(
        leaf_row, 5 + 2 * units.index("Xã Hòa Lợi")
    ).value = 1  # one cell of a third unit: the rest must be asked for
    wb.save(tmp_path / "mot_phan.xlsx")
    problems = rejected(con, lambda: load_scores(con, tmp_path / "mot_phan.xlsx", 2024))
    assert problems[0].startswith("Cham diem!") and problems[0].endswith("(đơn vị «Xã Hòa Lợi»)")
    assert all("Xã Hòa Lợi" in p for p in problems)
    ws.cell(leaf_row, 5 + 2 * units.index("Xã Hòa Lợi")).value = None
    wb.save(tmp_path / "mot_phan.xlsx")
    report = load_scores(con, tmp_path / "mot_phan.xlsx", 2024)
    assert sorted(report.units) == ["X02", "X03"]
    assert report.warnings == [
        "6 đơn vị trong tệp chưa có điểm nào (chưa nộp), không nạp: Phường Tân Hiệp,"
        " Thị trấn Phú Hòa, Xã Hòa Lợi, Xã Tân Hiệp, Xã Tân Hòa, Xã Tấn Hòa"
    ]


def test_columns_mapping_is_used_remembered_and_removable(db_path, tmp_path):
    """A portal export: machine headers, every cell text. The user says what the columns are once."""
    rows = [
        ["MA_DV", "TEN", "TDGQ", "KQ2", "KQ3", "KQ4", "KQ5", "KQ6", "KQ7", "KQ8", "TONG_SCORE"],
        ["X02", "UBND xã An Bình - tỉnh Minh Sơn", *map(str, GOOD), "86"],
        ["X03", "UBND xã Bình Mỹ - tỉnh Minh Sơn", *map(str, FAIR), "76"],
    ]
    path = write_xlsx(tmp_path / "portal.xlsx", {"export": rows})
    first = cchc(db_path, "scores", "load", str(path), "--year", "2024", "--dry-run")
    assert first.returncode == 2 and "Cột «TDGQ» không khớp lĩnh vực nào" in first.stderr
    assert "Cách đọc các cột:" in first.stderr  # what was read, to say what should have been
    mapping = (
        "A=unit_code, B=unit, "
        + ", ".join(f"{chr(67 + i)}=field:{i + 1}" for i in range(8))
        + ", K=total"
    )
    tried = cchc(
        db_path, "scores", "load", str(path), "--year", "2024", "--columns", mapping, "--dry-run"
    )
    assert (
        "TDGQ" in tried.stdout
        and "điểm lĩnh vực 1" in tried.stdout
        and "người dùng chỉ định" in tried.stdout
    )
    assert cchc(db_path, "mappings", "list").stdout.startswith(
        "Chưa ghi nhớ"
    )  # a dry run remembers nothing
    done = cchc(db_path, "scores", "load", str(path), "--year", "2024", "--columns", mapping)
    assert done.returncode == 0, done.stderr
    listed = cchc(db_path, "mappings", "list")
    assert "#1" in listed.stdout and "C=field:1" in listed.stdout and "portal.xlsx" in listed.stdout
    again = cchc(
        db_path, "scores", "load", str(path), "--year", "2024", "--dry-run"
    )  # next year's file, same header
    assert again.returncode == 0, again.stderr
    assert "cách đọc đã lưu #1" in again.stdout
    assert cchc(db_path, "mappings", "remove", "1").returncode == 0
    assert cchc(db_path, "scores", "load", str(path), "--year", "2024", "--dry-run").returncode == 2


def test_bad_columns_option_is_explained(con, tmp_path):
    path = write_xlsx(
        tmp_path / "kq.xlsx", {"KQ": [["STT", "Tên đơn vị", "LV1"], [1, "Xã An Bình", 8]]}
    )
    assert rejected(
        con, lambda: load_scores(con, path, 2024, options=Options(columns="C=diem"))
    ) == [
        "Không hiểu «C=diem» trong --columns: cần CỘT=VAI_TRÒ, ví dụ «C=field:1/9»; vai trò: unit, unit_code, area, stt,"
        " field, criterion, total, index, rank, band, bonus, penalty, max, ignore"
    ]


def test_init_makes_an_empty_database_and_the_example_is_loaded_on_purpose(tmp_path):
    db_path = tmp_path / "moi.duckdb"
    done = cchc(db_path, "init")
    assert done.returncode == 0 and "Chưa có bộ chỉ số" in done.stdout
    rows = [["STT", "Tên đơn vị", "Lĩnh vực 1", "Lĩnh vực 2"], [1, "Xã An Bình", 5, 6]]
    no_max = cchc(
        db_path,
        "scores",
        "load",
        str(write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows})),
        "--year",
        "2024",
        "--new-units",
    )
    assert (
        no_max.returncode == 2 and "phải ghi điểm tối đa" in no_max.stderr
    )  # not scored against an example
    example = cchc(db_path, "framework", "load", "--example")
    assert example.returncode == 0 and "VÍ DỤ" in example.stdout
    gone = cchc(db_path, "framework", "remove", "vi-du-2021")  # tried, and taken out again
    assert (
        gone.returncode == 0
        and "Đã gỡ «Bộ chỉ số CCHC (VÍ DỤ, không phải văn bản chính thức)»" in gone.stdout
    )
    assert "Chưa có bộ chỉ số" in cchc(db_path, "init").stdout


def test_the_units_are_the_distinct_names_not_the_district_each_row_repeats(con, tmp_path):
    rows = [
        ["STT", "Huyện", "Xã", *[f"LV{i}" for i in range(1, 9)]],
        [1, "Huyện Minh Sơn", "Xã An Bình", *GOOD],
        [2, "Huyện Minh Sơn", "Xã Bình Mỹ", *FAIR],
        [3, "Huyện Minh Sơn", "Xã Hòa Lợi", *FAIR],
    ]
    report = load_scores(con, write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows}), 2024)
    assert sorted(report.units) == ["X02", "X03", "X06"]
    assert [c["role"] for c in report.columns[:3]] == [
        "số thứ tự",
        "địa bàn (tỉnh, huyện) của đơn vị",
        "tên đơn vị",
    ]


def test_hidden_rows_are_not_loaded_and_said(con, tmp_path):
    import openpyxl as xl

    rows = [
        ["STT", "Tên đơn vị", *[f"Lĩnh vực {i}" for i in range(1, 9)]],
        [1, "Xã An Bình", *GOOD],
        [2, "Xã Bình Mỹ", 9, 7, 14, 6, 9, 7, 13, 35],
        [3, "Xã Hòa Lợi", *FAIR],
    ]
    path = write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows})
    wb = xl.load_workbook(path)
    wb["KQ"].row_dimensions[3].hidden = True  # a merged-away commune kept out of sight
    wb.save(path)
    report = load_scores(con, path, 2024)
    assert sorted(report.units) == ["X02", "X06"]
    assert report.warnings == [
        "KQ!B3: dòng 3 bị ẩn trong tệp («Xã Bình Mỹ») nên không được nạp; nếu cần nạp,"
        " bỏ ẩn dòng rồi tải lại"
    ]


def test_a_field_scored_on_the_units_own_max_gives_its_sub_index_on_that_max(con, tmp_path):
    """«Điểm tối đa | Điểm đạt» per field: a unit whose field max is 12 of 14 is judged on 12."""
    header = ["STT", "Tên đơn vị", *[x for i in range(1, 9) for x in (f"Lĩnh vực {i}", "")]]
    sub = ["", "", *["Điểm tối đa", "Điểm đạt"] * 8]
    maxima = [9, 7, 14, 6, 9, 7, 13, 35]
    own = [9, 7, 12, 6, 9, 7, 13, 35]
    rows = [
        header,
        sub,
        [1, "Xã An Bình", *[x for m, p in zip(own, [8, 6, 9.5, 5, 8, 6, 11, 30]) for x in (m, p)]],
        [2, "Xã Bình Mỹ", *[x for m, p in zip(maxima, GOOD) for x in (m, p)]],
    ]
    merges = [f"{a}1:{b}1" for a, b in zip("CEGIKMOQ", "DFHJLNPR")]
    load_scores(con, write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows}, {"KQ": merges}), 2024)
    field3 = con.execute(
        "select max_points, round(field_pct, 2) from marts.unit_year_field_index"
        " where unit_code = 'X02' and field_code = '3'"
    ).fetchone()
    assert field3 == (12.0, 79.17)
    flags = con.execute(
        "select count(*) from marts.unit_year_flags where unit_code = 'X02' and field_code = '3'"
    ).fetchone()
    assert flags == (0,)  # 79,17 % is not below 75 %


def test_a_field_that_does_not_apply_has_no_points_rather_than_zero(con, tmp_path):
    from pipelines import reads, wording

    rows = [
        ["STT", "Tên đơn vị", *[f"Lĩnh vực {i}" for i in range(1, 9)]],
        [1, "Xã An Bình", 8, 6, 12, 5, 8, 6, "KAD", 30],
    ]
    load_scores(con, write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows}), 2024)
    (record,) = wording.ranking_records(reads.ranking(con, 2024))
    assert record["fields"]["7"] is None and record["fields"]["3"] == 12
    assert (record["points"], record["max_points"], record["index_pct"]) == (75.0, 87.0, 86.21)


def test_a_header_row_the_user_gave_is_remembered_wherever_next_years_title_puts_it(
    db_path, tmp_path
):
    """Two summary lines above the table look like its first rows; the user says where the header is."""

    def table(path, year, titles):
        rows = [
            [f"KẾT QUẢ CHỈ SỐ CCHC NĂM {year}"],
            *[[t] for t in titles],
            ["", "Bình quân toàn huyện", 7.5, 6, 12, 5, 8, 6, 11, 30],
            ["", "Cao nhất", 9, 7, 14, 6, 9, 7, 13, 35],
            [],
            ["STT", "Tên đơn vị", *[f"Lĩnh vực {i}" for i in range(1, 9)]],
            [1, "Xã An Bình", *GOOD],
            [2, "Xã Bình Mỹ", *FAIR],
        ]
        return write_xlsx(path, {"KQ": rows})

    first = table(tmp_path / "kq2024.xlsx", 2024, [])
    assert cchc(db_path, "scores", "load", str(first), "--year", "2024").returncode == 2
    done = cchc(db_path, "scores", "load", str(first), "--year", "2024", "--header-row", "5")
    assert done.returncode == 0, done.stderr
    later = table(
        tmp_path / "kq2024b.xlsx", 2024, ["(Kèm theo Quyết định số 12/QĐ-UBND)"]
    )  # one title line more
    again = cchc(db_path, "scores", "load", str(later), "--year", "2024", "--dry-run")
    assert again.returncode == 0, again.stderr
    assert "đọc bảng theo cách đã ghi nhớ #1" in again.stdout


def test_a_unit_whose_name_starts_like_a_total_line_is_still_a_unit(con, tmp_path):
    rows = [
        ["STT", "Tên đơn vị", *[f"Lĩnh vực {i}" for i in range(1, 9)]],
        [1, "Cộng Hòa", *GOOD],
        [2, "Tông Lệnh", *FAIR],
        ["", "Tổng cộng", *[15, 11, 22, 10, 15, 11, 20, 58]],
        ["", "Trung bình toàn huyện", *[7.5, 5.5, 11, 5, 7.5, 5.5, 10, 29]],
    ]
    report = load_scores(con, write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows}), 2024, new_units=True)
    assert [name for _, name in report.new_units] == ["Cộng Hòa", "Tông Lệnh"]


def test_same_names_in_two_provinces_are_two_units_told_apart_by_their_area(db_path, tmp_path):
    rows = [
        [
            "STT",
            "Tên xã",
            "Tỉnh, thành phố",
            *[f"LV{i} ({m})" for i, m in zip(range(1, 9), [9, 7, 14, 6, 9, 7, 13, 35])],
        ],
        [1, "Xã Tân Phú", "Tỉnh Đồng Nai", *GOOD],
        [2, "Xã Tân Phú", "Tỉnh Vĩnh Long", *FAIR],
        [3, "Xã Mỹ An", "Tỉnh Vĩnh Long", *FAIR],
    ]
    path = write_xlsx(tmp_path / "toan_quoc.xlsx", {"KQ": rows})
    db = tmp_path / "moi.duckdb"
    assert cchc(db, "init").returncode == 0
    done = cchc(db, "scores", "load", str(path), "--year", "2040", "--new-units")
    assert done.returncode == 0, done.stderr
    assert (
        "2 đơn vị mới trùng tên nhau được đăng ký kèm địa bàn để phân biệt: Xã Tân Phú (Đồng Nai), Xã Tân Phú (Vĩnh Long)"
        in done.stderr
    )
    import json

    ranked = {
        r["unit"]: r["points"]
        for r in json.loads(cchc(db, "ranking", "--year", "2040", "--format", "json").stdout)
    }
    assert ranked == {
        "Xã Tân Phú (Đồng Nai)": 86.0,
        "Xã Tân Phú (Vĩnh Long)": 76.0,
        "Xã Mỹ An": 76.0,
    }
    again = cchc(
        db, "scores", "load", str(path), "--year", "2040", "--dry-run"
    )  # next time: matched, not new
    assert again.returncode == 0 and "(0 mới, 3 thay thế điểm cũ)" in again.stdout


def test_a_sheet_per_district_tells_apart_communes_of_one_name_by_the_registrys_districts(
    con, tmp_path
):
    from pipelines import db

    with db.write(con):
        con.executemany(
            "insert into ref.units (unit_code, unit_name, kind, parent_code) values (?, ?, ?, ?)",
            [
                ("H1", "Huyện Thanh Sơn", "district", None),
                ("H2", "Huyện Yên Lập", "district", None),
                ("TL1", "Xã Tân Lập", "commune", "H1"),
                ("TL2", "Xã Tân Lập", "commune", "H2"),
            ],
        )
    header = ["STT", "Tên đơn vị", *[f"Lĩnh vực {i}" for i in range(1, 9)]]
    path = write_xlsx(
        tmp_path / "theo_huyen.xlsx",
        {
            "Huyện Thanh Sơn": [header, [1, "Xã Tân Lập", *GOOD]],
            "Huyện Yên Lập": [header, [1, "Xã Tân Lập", *FAIR]],
        },
    )
    load_scores(con, path, 2024)
    assert dict(
        con.execute("select unit_code, points from marts.unit_year_index order by 1").fetchall()
    ) == {"TL1": 86.0, "TL2": 76.0}


def test_the_page_offers_every_role_a_column_was_read_as_so_showing_it_changes_nothing():
    """A selector without the column's own role would show «bỏ qua» and drop the column on the next rerun."""
    from pipelines.files import column_specs
    from pipelines.files.column_roles import Hints, find_table
    from pipelines.files.workbook import Sheet

    sheet = Sheet(
        "KQ",
        [
            ["STT", "Tên đơn vị", "Tỉnh", "TC 3.1 (2)", "TC 3.2 (3)", "KQ"],
            [1, "Xã An Bình", "Tỉnh Minh Sơn", 1.5, 2, 3],
            [2, "Xã Bình Mỹ", "Tỉnh Minh Sơn", 1, 2.5, 3.5],
        ],
    )
    table = find_table(sheet, Hints(unit_words=("xã",)))
    read = [column_specs.choice_of(c) for c in table.columns]
    assert read == ["stt", "unit", "area", "criterion:3.1", "criterion:3.2", "field"]
    assert set(read) <= set(column_specs.choices(table))


def test_the_columns_help_names_every_role_the_loader_knows():
    """The help text lists the roles as a literal (--help must not import the reader): keep it whole."""
    from pipelines import cli
    from pipelines.files import column_specs

    loader = next(
        a
        for a in cli.build_parser()
        ._subparsers._group_actions[0]
        .choices["scores"]
        ._subparsers._group_actions[0]
        .choices["load"]
        ._actions
        if a.dest == "columns"
    )
    assert all(role in loader.help for role in column_specs.ROLES)
