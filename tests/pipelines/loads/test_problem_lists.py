"""A file with thousands of bad rows gets an answer a person can read: one message repeated over
many cells is one problem, at most 50 are printed, and the full list goes to a CSV file."""

import csv

from pipelines.problems import Problem, grouped
from tests.pipelines.test_cli import cchc


def bad_csv(path, rows: int, unit=lambda i: f"Xã Không Có {i}", field_2=6):
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["STT", "Tên đơn vị", *[f"Lĩnh vực {i}" for i in range(1, 9)]])
        for i in range(1, rows + 1):
            w.writerow([i, unit(i), 8, field_2, 12, 5, 8, 6, 11, 30])
    return path


def test_a_message_repeated_over_cells_becomes_one_problem_naming_them():
    found = (
        [Problem("Ô trống: thiếu điểm lĩnh vực 3", "KQ", f"E{r}") for r in range(5, 13)]
        + [Problem("Thiếu cột lĩnh vực 7", "KQ"), Problem("Thiếu cột lĩnh vực 7", "KQ")]
        + [
            Problem("Ô trống: thiếu điểm lĩnh vực 3", "Khác", "E9"),
            Problem("«tám» không phải là số", "KQ", "D7"),
        ]
    )
    assert [str(p) for p in grouped(found)] == [
        "KQ!E5: Ô trống: thiếu điểm lĩnh vực 3 (cả ở E6, E7, E8, E9 và 3 ô khác)",
        "KQ: Thiếu cột lĩnh vực 7",
        "Khác!E9: Ô trống: thiếu điểm lĩnh vực 3",
        "KQ!D7: «tám» không phải là số",
    ]
    many = [Problem("Ô trống", "KQ", f"E{r}") for r in range(1, 7356)]
    assert str(grouped(many)[0]) == "KQ!E1: Ô trống (cả ở E2, E3, E4, E5 và 7.350 ô khác)"


def test_cli_prints_at_most_50_problems_and_writes_them_all_on_request(db_path, tmp_path):
    path = bad_csv(tmp_path / "sai.csv", 2000)
    done = cchc(db_path, "scores", "load", str(path), "--year", "2024")
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 52
    assert lines[0] == "Tệp không hợp lệ, không có gì được nạp (2.000 lỗi):"
    assert (
        lines[1]
        == "  - sai!B2: Không có đơn vị «Xã Không Có 1» trong danh mục (dùng --new-units để đăng ký đơn vị mới)"
    )
    assert (
        lines[-1]
        == "  … và 1.950 lỗi khác; để có toàn bộ danh sách, chạy lại lệnh với --problems-out loi.csv"
    )

    out = tmp_path / "loi.csv"
    done = cchc(db_path, "scores", "load", str(path), "--year", "2024", "--problems-out", str(out))
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 52
    assert done.stderr.splitlines()[-1] == f"Toàn bộ 2.000 lỗi đã ghi vào {out}"
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Trang tính", "Ô", "Lỗi"] and len(rows) == 2001
    assert rows[2000] == [
        "sai",
        "B2001",
        "Không có đơn vị «Xã Không Có 2000» trong danh mục"
        " (dùng --new-units để đăng ký đơn vị mới)",
    ]


def test_cli_groups_one_bad_value_repeated_down_a_column(db_path, tmp_path):
    path = bad_csv(tmp_path / "sai.csv", 300, unit=lambda i: f"Xã Mới {i}", field_2="tám")
    done = cchc(db_path, "scores", "load", str(path), "--year", "2024", "--new-units")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "Tệp không hợp lệ, không có gì được nạp (300 lỗi):",
        "  - sai!D2: «tám» không phải là số (lĩnh vực 2) (cả ở D3, D4, D5, D6 và 295 ô khác)",
    ]
