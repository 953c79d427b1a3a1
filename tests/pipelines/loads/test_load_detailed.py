"""Detailed sheets: one row per criterion, units in columns (or one sheet per unit)."""

import pytest

from pipelines.loads.scores import load_scores
from pipelines.problems import InvalidInput
from tests.files import detailed_rows, example_criteria, leaf_codes, write_xlsx


def index_of(con, unit, year=2024):
    return con.execute(
        "select round(points, 2), round(max_points, 2), round(index_pct, 2) from marts.unit_year_index"
        " where unit_code = ? and year = ?",
        [unit, year],
    ).fetchone()


def test_not_applicable_criteria_leave_the_units_max(con, tmp_path):
    # 2.1 (2,5 points) and 4.3 (2 points) do not apply to Xã An Bình: its max is 95,5
    values = {"2.1": "KAD", "4.3": "Không áp dụng", "8.5": 1.82}
    rows = detailed_rows({"Xã An Bình": values, "Xã Bình Mỹ": {"2.1": "N/A"}})
    load_scores(con, write_xlsx(tmp_path / "ct.xlsx", {"Chi tiet": rows}), 2024)
    assert index_of(con, "X02") == (90.32, 95.5, 94.58)  # 95,5 - 8,5 + 1,82 over 95,5
    assert index_of(con, "X03") == (97.5, 97.5, 100.0)
    field_2 = con.execute(
        "select points, max_points from marts.unit_year_field_index where unit_code = 'X02' and field_code = '2'"
    ).fetchone()
    assert field_2 == (4.5, 4.5)


def test_group_subtotals_are_checked_not_double_counted(con, tmp_path):
    rows = detailed_rows(
        {"Xã An Bình": {}, "Xã Bình Mỹ": {"3.2.1": 2}},
        groups={"Xã An Bình": {"3": 14, "3.2": 6}, "Xã Bình Mỹ": {"3.2": 6}},
    )
    with pytest.raises(InvalidInput) as e:
        load_scores(con, write_xlsx(tmp_path / "ct.xlsx", {"CT": rows}), 2024)
    row_32 = 4 + [c for c, _, _ in example_criteria()].index("3.2")
    assert [str(p) for p in e.value.problems] == [
        f"CT!E{row_32}: Điểm nhóm 3.2 là 6,00 nhưng tổng các tiêu chí con là 5,00"
    ]
    rows = detailed_rows({"Xã An Bình": {}}, groups={"Xã An Bình": {"3": 14, "3.2": 6}})
    load_scores(con, write_xlsx(tmp_path / "ct2.xlsx", {"CT": rows}), 2024)
    assert index_of(con, "X02") == (100.0, 100.0, 100.0)


def test_self_and_appraised_pairs_under_merged_unit_headers(con, tmp_path):
    leaves = leaf_codes()
    rows = [
        ["STT", "Nội dung", "Điểm tối đa", "Xã An Bình", "", "Xã Bình Mỹ", ""],
        ["", "", "", "Tự chấm", "Thẩm định", "Tự chấm", "Thẩm định"],
    ]
    for code, name, mx in example_criteria():
        leaf = code in leaves
        rows.append(
            [code, name, mx, *([mx, mx - 0.5 if code == "1.2" else mx] * 2 if leaf else [""] * 4)]
        )
    write_xlsx(tmp_path / "ct.xlsx", {"CT": rows}, {"CT": ["D1:E1", "F1:G1"]})
    load_scores(con, tmp_path / "ct.xlsx", 2024)
    assert index_of(con, "X02") == (99.5, 100.0, 99.5)
    self_points = con.execute(
        "select self_points from marts.unit_year_index where unit_code = 'X02'"
    ).fetchone()
    assert self_points == (100.0,)


def test_one_sheet_per_unit(con, tmp_path):
    def sheet(deduct):
        rows = [["TT", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Điểm thẩm định"]]
        for code, name, mx in example_criteria():
            leaf = code in leaf_codes()
            rows.append(
                [
                    code,
                    name,
                    mx,
                    mx if leaf else "",
                    (mx - deduct if code == "7.2" else mx) if leaf else "",
                ]
            )
        return rows

    write_xlsx(tmp_path / "ct.xlsx", {"Xã An Bình": sheet(1), "Xã Bình Mỹ": sheet(3)})
    load_scores(con, tmp_path / "ct.xlsx", 2024)
    assert index_of(con, "X02")[2] == 99.0
    assert index_of(con, "X03")[2] == 97.0


def test_roman_fields_with_relative_codes_and_no_framework(con, tmp_path):
    rows = [
        ["TT", "Tiêu chí", "Điểm tối đa", "Xã An Bình", "Xã Bình Mỹ"],
        ["I", "Công tác chỉ đạo", 10, "", ""],
        ["1", "Kế hoạch", 6, "5,5", 6],
        ["2", "Báo cáo", 4, 4, "KAD"],
        ["II", "Thủ tục hành chính", 20, "", ""],
        ["1", "Công khai", 20, 15, 10],
        ["", "Tổng cộng", 30, "24,5", 16],
    ]
    report = load_scores(con, write_xlsx(tmp_path / "ct.xlsx", {"CT": rows}), 2018)
    assert report.framework_inferred
    codes = con.execute(
        "select criterion_code from ref.criteria where framework_code = ? order by sort_order",
        [report.framework_code],
    ).fetchall()
    assert [c for (c,) in codes] == ["1", "1.1", "1.2", "2", "2.1"]
    assert index_of(con, "X02", 2018) == (24.5, 30.0, 81.67)
    assert index_of(con, "X03", 2018) == (16.0, 26.0, 61.54)


def test_detailed_total_row_must_add_up(con, tmp_path):
    rows = detailed_rows({"Xã An Bình": {}})
    rows.append(["", "Tổng điểm", 100, 99])
    with pytest.raises(InvalidInput) as e:
        load_scores(con, write_xlsx(tmp_path / "ct.xlsx", {"CT": rows}), 2024)
    assert [p.message for p in e.value.problems] == [
        "Tổng điểm ghi trong tệp là 99,00 nhưng cộng các điểm thành phần được 100,00"
    ]


def test_missing_criteria_rows_and_unknown_codes(con, tmp_path):
    rows = [r for r in detailed_rows({"Xã An Bình": {}}) if r[:1] != ["7.3"]]
    rows.append(["9.9", "Tiêu chí lạ", 1, 1])
    with pytest.raises(InvalidInput) as e:
        load_scores(con, write_xlsx(tmp_path / "ct.xlsx", {"CT": rows}), 2024)
    messages = [p.message for p in e.value.problems]
    assert (
        "Mã tiêu chí 9.9 không có trong «Bộ chỉ số CCHC (VÍ DỤ, không phải văn bản chính thức)»"
        in messages
    )
    assert "Thiếu dòng tiêu chí 7.3 «Thanh toán trực tuyến»" in messages


def test_round_one_and_final_appraisal_columns(con, tmp_path):
    rows = [
        ["TT", "Tiêu chí", "Điểm tối đa", "Xã An Bình", "", ""],
        ["", "", "", "Tự chấm", "Thẩm định vòng 1", "Thẩm định vòng 2"],
    ]
    for code, name, mx in example_criteria():
        leaf = code in leaf_codes()
        rows.append(
            [
                code,
                name,
                mx,
                *(
                    [mx, mx - 1 if code == "7.2" else mx, mx - 0.5 if code == "7.2" else mx]
                    if leaf
                    else [""] * 3
                ),
            ]
        )
    load_scores(con, write_xlsx(tmp_path / "ct.xlsx", {"CT": rows}, {"CT": ["D1:F1"]}), 2024)
    row = con.execute(
        "select self_points, appraised_r1_points, final_points, points from marts.unit_year_criterion_scores"
        " where unit_code = 'X02' and criterion_code = '7.2'"
    ).fetchone()
    assert row == (4.0, 3.0, 3.5, 3.5)
    assert index_of(con, "X02") == (99.5, 100.0, 99.5)
