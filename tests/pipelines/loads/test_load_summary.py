"""Summary tables (one row per unit) as the office has them, loaded from real files."""

import csv
import unicodedata

import pytest
import xlwt

from pipelines import db
from pipelines.loads.scores import load_scores
from pipelines.problems import InvalidInput
from tests.files import FAIR, GOOD, summary_rows, summary_xlsx, write_xlsx


def ranking(con, year=2024):
    return con.execute(
        "select unit_code, rank, round(points, 2), round(index_pct, 2), band_name"
        " from marts.unit_year_ranking where year = ? order by rank, unit_code",
        [year],
    ).fetchall()


def test_title_two_row_merged_header_and_footer(con, tmp_path):
    path = summary_xlsx(
        tmp_path / "kq.xlsx", [("UBND xã Tân Hiệp", GOOD), ("xa an binh", FAIR), ("Phú Hòa", GOOD)]
    )
    report = load_scores(con, path, 2024)
    assert report.layout == "summary"
    assert sorted(report.units) == ["T01", "X01", "X02"]
    assert ranking(con) == [
        ("T01", 1, 86.0, 86.0, "Hoàn thành tốt nhiệm vụ"),
        ("X01", 1, 86.0, 86.0, "Hoàn thành tốt nhiệm vụ"),
        ("X02", 3, 76.0, 76.0, "Hoàn thành tốt nhiệm vụ"),
    ]
    # every stored number keeps its source cell
    (sheet, cell) = con.execute(
        "select source_sheet, source_cell from marts.unit_year_criterion_scores"
        " where unit_code = 'X02' and criterion_code = '3'"
    ).fetchone()
    assert (sheet, cell) == ("KQ", "E7")


def test_decimal_commas_and_percent_text(con, tmp_path):
    points = ["8,5", "6", "12,25", "5", "8", "6", "11", "30"]
    rows, merges = summary_rows([("Xã Bình Mỹ", points)], totals=False)
    rows[3].append("Chỉ số (%)")
    rows[5].append("86,75%")
    write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows}, {"KQ": merges})
    report = load_scores(con, tmp_path / "kq.xlsx", 2024)
    assert report.warnings == []
    assert ranking(con) == [("X03", 1, 86.75, 86.75, "Hoàn thành tốt nhiệm vụ")]


def test_one_row_header_matches_fields_by_name(con, tmp_path):
    rows = [
        [
            "STT",
            "Đơn vị",
            "Cải cách thể chế",
            "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC",
            "Cai cach thu tuc hanh chinh",
            "Cải cách tổ chức bộ máy",
            "Cải cách chế độ công vụ",
            "Cải cách tài chính công",
            "Chính quyền điện tử, chính quyền số",
            "Tác động của CCHC",
        ],
        [1, "Xã An Bình", 6, 8, 12, 5, 8, 6, 11, 30],
    ]
    load_scores(con, write_xlsx(tmp_path / "kq.xlsx", {"Sheet1": rows}), 2024)
    fields = dict(
        con.execute(
            "select field_code, points from marts.unit_year_field_index where unit_code = 'X02'"
        ).fetchall()
    )
    assert fields == {"1": 8, "2": 6, "3": 12, "4": 5, "5": 8, "6": 6, "7": 11, "8": 30}


def test_roman_numeral_columns(con, tmp_path):
    header = ["TT", "Tên đơn vị", "I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    load_scores(
        con, write_xlsx(tmp_path / "kq.xlsx", {"KQ": [header, [1, "Xã An Bình", *GOOD]]}), 2024
    )
    assert ranking(con) == [("X02", 1, 86.0, 86.0, "Hoàn thành tốt nhiệm vụ")]


def test_stated_index_rank_and_band_that_disagree_are_warnings(con, tmp_path):
    header = [
        "STT",
        "Tên đơn vị",
        *[f"Lĩnh vực {i}" for i in range(1, 9)],
        "Tổng điểm",
        "Chỉ số CCHC (%)",
        "Xếp hạng",
        "Xếp loại",
    ]
    rows = [
        header,
        [1, "Xã An Bình", *GOOD, 86, 86, 1, "Hoàn thành tốt nhiệm vụ"],
        [2, "Xã Bình Mỹ", *FAIR, 76, 77.5, 1, "Hoàn thành xuất sắc nhiệm vụ"],
    ]
    report = load_scores(con, write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows}), 2024)
    assert report.warnings == [
        "KQ!L3: chỉ số ghi trong tệp 77,50 %, tính được 76,00 %",
        "KQ!M3: xếp hạng ghi trong tệp 1, tính trong tệp được 2",
        "KQ!N3: xếp loại ghi trong tệp «Hoàn thành xuất sắc nhiệm vụ», tính được «Hoàn thành tốt nhiệm vụ»",
    ]


STATED_HEADER = [
    "STT",
    "Tên đơn vị",
    *[f"Lĩnh vực {i}" for i in range(1, 9)],
    "Tổng điểm",
    "Chỉ số CCHC (%)",
    "Xếp hạng",
    "Xếp loại",
]
TOP, GOOD_BAND, PASSED = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
)
AT_70 = [7, 5, 10, 5, 7, 5, 9, 22]
HALF_UP_TO_90 = [9, 7, 14, 6, 9, 7, 13, 24.995]  # 89,995: 90,00 % rounded half up


def stated_file(tmp_path, stated: dict[str, tuple]):
    """Five units: one at 89,995 (90,00 %), two tied at 86, one at 76, one exactly at 70 %; each
    with the (index, rank, band) the file states."""
    units = [
        ("Xã Tân Hòa", HALF_UP_TO_90, 89.995),
        ("Xã An Bình", GOOD, 86),
        ("Xã Bình Mỹ", GOOD, 86),
        ("Xã Tấn Hòa", FAIR, 76),
        ("Xã Hòa Lợi", AT_70, 70),
    ]
    rows = [STATED_HEADER] + [
        [i, name, *points, total, *stated[name]] for i, (name, points, total) in enumerate(units, 1)
    ]
    return write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows})


def test_stated_figures_that_agree_with_ties_and_band_boundaries_say_nothing(con, tmp_path):
    """Ties share a rank (1, 2, 2, 4), 89,995 is 90,00 % and in the top band, 70,00 % is in the
    band from 70 %; an index may be stated as a fraction or within 0,015 of the index."""
    path = stated_file(
        tmp_path,
        {
            "Xã Tân Hòa": ("90,00%", 1, TOP),
            "Xã An Bình": (0.86, 2, GOOD_BAND),
            "Xã Bình Mỹ": (86, 2, "hoàn thành tốt nhiệm vụ"),
            "Xã Tấn Hòa": (76.012, 4, GOOD_BAND),
            "Xã Hòa Lợi": (70, 5, GOOD_BAND),
        },
    )
    assert load_scores(con, path, 2024).warnings == []


def test_stated_rank_index_and_band_that_differ_are_warnings_kept_with_the_upload(con, tmp_path):
    path = stated_file(
        tmp_path,
        {
            "Xã Tân Hòa": (89.99, 1, GOOD_BAND),  # 89,99 is within 0,015 of 90,00
            "Xã An Bình": (86, 2, GOOD_BAND),
            "Xã Bình Mỹ": (86, 3, GOOD_BAND),  # tied with An Bình: 2
            "Xã Tấn Hòa": (76.02, 4, GOOD_BAND),
            "Xã Hòa Lợi": (70, 5, PASSED),  # exactly 70 %: the band from 70 %
        },
    )
    expected = [
        f"KQ!N2: xếp loại ghi trong tệp «{GOOD_BAND}», tính được «{TOP}»",
        "KQ!M4: xếp hạng ghi trong tệp 3, tính trong tệp được 2",
        "KQ!L5: chỉ số ghi trong tệp 76,02 %, tính được 76,00 %",
        f"KQ!N6: xếp loại ghi trong tệp «{PASSED}», tính được «{GOOD_BAND}»",
    ]
    before = db.fingerprint(con)
    assert load_scores(con, path, 2024, dry_run=True).warnings == expected
    assert db.fingerprint(con) == before  # a dry run says it and keeps nothing
    report = load_scores(con, path, 2024)
    assert report.warnings == expected
    (messages,) = con.execute(
        "select messages from meta.uploads where upload_id = ?", [report.upload_id]
    ).fetchone()
    assert messages == expected


def test_framework_inferred_from_header_maxima(con, tmp_path):
    rows = [
        ["BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CCHC NĂM 2019"],
        [],
        ["STT", "Tên đơn vị", "Điểm thẩm định (65)", "Điểm ĐTXHH (35)", "Tổng điểm (100)"],
        [1, "Xã An Bình", "51,75", "30,5", "82,25"],
        [2, "Xã Bình Mỹ", 40, 25, 65],
        ["", "Trung bình", 45.875, 27.75, 73.625],
    ]
    report = load_scores(con, write_xlsx(tmp_path / "kq2019.xlsx", {"KQ": rows}), 2019)
    assert report.framework_inferred
    criteria = con.execute(
        "select criterion_code, criterion_name, max_points, is_survey from ref.criteria"
        " where framework_code = ? order by sort_order",
        [report.framework_code],
    ).fetchall()
    assert criteria == [("1", "Điểm thẩm định", 65.0, False), ("2", "Điểm ĐTXHH", 35.0, True)]
    assert ranking(con, 2019) == [
        ("X02", 1, 82.25, 82.25, "Hoàn thành tốt nhiệm vụ"),
        ("X03", 2, 65.0, 65.0, "Hoàn thành nhiệm vụ"),
    ]


def test_no_framework_and_no_maxima_is_an_error(con, tmp_path):
    rows = [["STT", "Tên đơn vị", "Điểm thẩm định", "Điểm ĐTXHH"], [1, "Xã An Bình", 50, 30]]
    with pytest.raises(InvalidInput) as e:
        load_scores(con, write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows}), 2019)
    assert [str(p) for p in e.value.problems] == [
        "KQ: Cách sửa: nạp bộ chỉ số năm 2019 của tỉnh (`cchc framework load TỆP`), hoặc ghi điểm tối đa vào tiêu đề"
        ' các cột, hoặc chỉ rõ từng cột bằng --columns "C=field:1/9, D=field:2/7, …" (trên trang Tải dữ liệu:'
        " chọn vai trò và điểm tối đa của cột)",
        "KQ!C1: Chưa có bộ chỉ số năm 2019: cột/dòng «Điểm thẩm định» phải ghi điểm tối đa, ví dụ «(65)»",
        "KQ!D1: Chưa có bộ chỉ số năm 2019: cột/dòng «Điểm ĐTXHH» phải ghi điểm tối đa, ví dụ «(65)»",
    ]


def test_hidden_sheets_are_skipped(con, tmp_path):
    rows, merges = summary_rows([("Xã An Bình", GOOD)])
    junk = [["Tên đơn vị", "Lĩnh vực 1"], ["Xã Không Tồn Tại", 99]]
    write_xlsx(tmp_path / "kq.xlsx", {"Nhap": junk, "KQ": rows}, {"KQ": merges}, hidden=("Nhap",))
    load_scores(con, tmp_path / "kq.xlsx", 2024)
    assert ranking(con) == [("X02", 1, 86.0, 86.0, "Hoàn thành tốt nhiệm vụ")]


def test_tcvn3_headers_and_names(con, tmp_path):
    header = ["STT", "Tªn ®¬n vÞ", *[f"LÜnh vùc {i}" for i in range(1, 9)], "Tæng ®iÓm"]
    rows = [header, [1, "X· An B×nh", *GOOD, 86], [2, "ThÞ trÊn Phó Hßa", *FAIR, 76]]
    report = load_scores(con, write_xlsx(tmp_path / "cu.xlsx", {"KQ": rows}), 2024)
    assert [(m[0], m[1]) for m in report.matches] == [
        ("Xã An Bình", "X02"),
        ("Thị trấn Phú Hòa", "T01"),
    ]


def test_nfd_names_match(con, tmp_path):
    name = unicodedata.normalize("NFD", "Thị trấn Phú Hòa")
    load_scores(con, summary_xlsx(tmp_path / "kq.xlsx", [(name, GOOD)]), 2024)
    assert ranking(con)[0][0] == "T01"


def test_csv_with_semicolons_and_decimal_commas(con, tmp_path):
    path = tmp_path / "kq.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["STT", "Tên đơn vị", *[f"Lĩnh vực {i}" for i in range(1, 9)], "Tổng điểm"])
        w.writerow([1, "Xã An Bình", "8,5", 6, 12, 5, 8, 6, 11, 30, "86,5"])
    load_scores(con, path, 2024)
    assert ranking(con) == [("X02", 1, 86.5, 86.5, "Hoàn thành tốt nhiệm vụ")]


def test_old_xls_file(con, tmp_path):
    rows, _ = summary_rows([("Xã An Bình", GOOD), ("Xã Bình Mỹ", FAIR)], two_rows=False)
    book = xlwt.Workbook()
    sheet = book.add_sheet("KQ")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    book.save(str(tmp_path / "kq.xls"))
    load_scores(con, tmp_path / "kq.xls", 2024)
    assert [r[:2] for r in ranking(con)] == [("X02", 1), ("X03", 2)]


def test_ods_file(con, tmp_path):
    import pandas as pd

    rows, _ = summary_rows([("Xã An Bình", GOOD)], two_rows=False, footer=False, title=False)
    pd.DataFrame(rows[1:], columns=rows[0]).to_excel(
        tmp_path / "kq.ods", engine="odf", index=False, sheet_name="KQ"
    )
    load_scores(con, tmp_path / "kq.ods", 2024)
    assert ranking(con) == [("X02", 1, 86.0, 86.0, "Hoàn thành tốt nhiệm vụ")]


def test_new_units_registered_on_request(con, tmp_path):
    path = summary_xlsx(tmp_path / "kq.xlsx", [("Xã An Bình", GOOD), ("Phường Mới Lập", FAIR)])
    with pytest.raises(InvalidInput):
        load_scores(con, path, 2024)
    report = load_scores(con, path, 2024, new_units=True)
    assert report.new_units == [("DV00001", "Phường Mới Lập")]
    assert con.execute("select kind from ref.units where unit_code = 'DV00001'").fetchone() == (
        "ward",
    )
    assert db.query(con, "ranking_for_year", year=2024, group=None, area=None)[
        "unit_name"
    ].tolist() == ["Xã An Bình", "Phường Mới Lập"]


def test_new_units_take_the_codes_after_the_highest_one(con, tmp_path):
    con.execute(
        "insert into ref.units (unit_code, unit_name, kind) values ('DV00007', 'Xã Đã Đăng Ký', 'commune')"
    )
    path = summary_xlsx(
        tmp_path / "kq.xlsx", [("Xã Mới Một", GOOD), ("Phường Mới Hai", FAIR), ("Xã Mới Ba", GOOD)]
    )
    report = load_scores(con, path, 2024, new_units=True)
    assert report.new_units == [
        ("DV00008", "Xã Mới Một"),
        ("DV00009", "Phường Mới Hai"),
        ("DV00010", "Xã Mới Ba"),
    ]
    assert con.execute(
        "select unit_code, kind from ref.units where unit_code between 'DV00008' and 'DV99999' order by 1"
    ).fetchall() == [("DV00008", "commune"), ("DV00009", "ward"), ("DV00010", "commune")]


def test_bonus_and_penalty_columns_count_within_the_frameworks_caps(con, tmp_path):
    from tests.sql.test_marts import change

    change(con, "update ref.frameworks set bonus_cap = 2, penalty_cap = 5")
    header = [
        "STT",
        "Tên đơn vị",
        *[f"Lĩnh vực {i}" for i in range(1, 9)],
        "Điểm thưởng",
        "Điểm trừ",
        "Tổng điểm",
    ]
    rows = [header, [1, "Xã An Bình", *GOOD, "1,5", "", 87.5], [2, "Xã Bình Mỹ", *FAIR, 3, 1, 78]]
    load_scores(con, write_xlsx(tmp_path / "kq.xlsx", {"KQ": rows}), 2024)
    assert con.execute(
        "select unit_code, bonus_points, penalty_points, points from marts.unit_year_index order by 1"
    ).fetchall() == [("X02", 1.5, 0.0, 87.5), ("X03", 2.0, 1.0, 77.0)]
