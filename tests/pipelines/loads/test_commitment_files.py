"""Commitments and progress from the office's workbooks, and the Monday digest."""

import datetime as dt

import openpyxl

from pipelines import reads
from pipelines.loads import commitment_workbook
from pipelines.workbooks import templates
from tests.conftest import rejected
from tests.files import write_xlsx

TASKS = list(commitment_workbook.TASK_COLUMNS)
UPDATES = list(commitment_workbook.UPDATE_COLUMNS)


def test_template_filled_in_loads_tasks_and_progress(con, tmp_path):
    path = tmp_path / "mau.xlsx"
    templates.write_commitment_template(con, path)
    wb = openpyxl.load_workbook(path)
    wb["Cam kết"].append(
        [
            "CK-01",
            "UBND xã An Bình",
            2024,
            "Đột phá",
            "Số hóa 100% hồ sơ",
            "",
            "7",
            "",
            "100 %",
            dt.datetime(2025, 4, 1),
            "31/12/2025",
            "Chủ tịch UBND",
            "12/KH-UBND",
            "01/04/2025",
        ]
    )
    wb["Cam kết"].append(
        [
            "",
            "Bình Mỹ",
            2024,
            "khắc phục",
            "Kế hoạch khắc phục lĩnh vực 3",
            "",
            "3",
            "",
            "",
            "",
            dt.datetime(2025, 12, 31),
            "",
            "",
            dt.datetime(2025, 4, 9),
        ]
    )
    wb["Tiến độ"].append(
        ["CK-01", "", "20/06/2025", "Đang thực hiện", 40, "Báo cáo quý II", "BC số 5"]
    )
    wb["Tiến độ"].append(["CK-01", "", dt.datetime(2025, 9, 20), "hoàn thành", "", "", ""])
    wb.save(path)
    assert (
        commitment_workbook.load(con, path, "test")
        == "Đã nạp (lần tải #1): 2 cam kết, 2 lần cập nhật tiến độ"
    )
    state = reads.commitment_status_at(con, dt.date(2025, 10, 1)).set_index("commitment_code")
    assert state.loc["CK-01", ["unit_code", "status", "percent_done"]].tolist() == [
        "X02",
        "done",
        100.0,
    ]
    assert state.loc["2024-X03-01", ["kind", "status"]].tolist() == ["remediation", "not_started"]
    assert (
        reads.commitment_status_at(con, dt.date(2025, 7, 1))
        .set_index("commitment_code")
        .loc["CK-01", "percent_done"]
        == 40
    )


def test_bad_workbook_lists_every_problem_and_loads_nothing(con, tmp_path):
    tasks = [
        TASKS,
        [
            "",
            "Xã Không Có",
            2024,
            "việc lớn",
            "",
            "",
            "",
            "",
            "",
            "01/05/2025",
            "30/04/2025",
            "",
            "",
            "ngày mai",
        ],
    ]
    updates = [UPDATES, ["CK-99", "", "31/02/2025", "xong rồi", 150, "", ""]]
    path = write_xlsx(tmp_path / "sai.xlsx", {"Cam kết": tasks, "Tiến độ": updates})
    assert rejected(con, lambda: commitment_workbook.load(con, path, "test")) == [
        "Cam kết!B2: Không có đơn vị «Xã Không Có» trong danh mục",
        "Cam kết!D2: Loại «việc lớn» không rõ: ghi «đột phá» hoặc «khắc phục»",
        "Cam kết!E2: Thiếu nội dung cam kết",
        "Cam kết!K2: Hạn hoàn thành trước ngày bắt đầu",
        "Cam kết!N2: Ngày «ngày mai» không hợp lệ (dd/mm/yyyy)",
        "Tiến độ!A2: Không có cam kết mã «CK-99»",
        "Tiến độ!C2: Ngày «31/02/2025» không hợp lệ (dd/mm/yyyy)",
        "Tiến độ!D2: Tình trạng «xong rồi» không rõ (Chưa triển khai, Đang thực hiện, Hoàn thành, Tạm dừng, Hủy)",
        "Tiến độ!E2: % hoàn thành «150» phải là số từ 0 đến 100",
    ]


def test_digest_lists_overdue_tasks_and_missing_plans(demo_db, tmp_path):
    from pipelines import db
    from pipelines.workbooks import digest

    con = db.connect(demo_db)
    day = dt.date(2025, 11, 23)
    overdue = reads.commitment_status_at(con, day, 2024)
    message = digest.write_xlsx(con, 2024, day, tmp_path / "thu_hai.xlsx")
    con.close()
    overdue = overdue[overdue["is_overdue"]]
    wb = openpyxl.load_workbook(tmp_path / "thu_hai.xlsx")
    ws = wb["Quá hạn"]
    assert ws["A1"].value == "NHIỆM VỤ QUÁ HẠN — THỨ HAI, NGÀY 17/11/2025"  # 23/11/2025 is a Sunday
    listed = [r[0] for r in ws.iter_rows(min_row=5, values_only=True)]
    assert sorted(listed) == sorted(overdue["commitment_code"])
    missing = [r for r in wb["Kế hoạch chưa nộp"].iter_rows(min_row=5, values_only=True)]
    assert len(missing) > 0 and wb["Kế hoạch chưa nộp"].cell(5, 3).number_format == "dd/mm/yyyy"
    assert message.endswith(
        f"{len(listed)} nhiệm vụ quá hạn, {len(missing)} kế hoạch khắc phục chưa nộp,"
        f" {wb['Đột phá chưa đăng ký'].max_row - 4} đơn vị chưa đăng ký nhiệm vụ đột phá,"
        f" {wb['Báo cáo chưa nộp'].max_row - 4} báo cáo định kỳ chưa nộp"
    )


def test_cli_loads_tasks_and_reports_status_plans_and_digest(db_path, tmp_path):
    import json
    import subprocess
    import sys

    def cchc(*args):
        done = subprocess.run(
            [sys.executable, "-m", "pipelines", "--db", str(db_path), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    tasks = [
        TASKS,
        [
            "CK-1",
            "Xã An Bình",
            2024,
            "đột phá",
            "Số hóa hồ sơ",
            "",
            "7",
            "",
            "",
            "",
            "30/06/2025",
            "",
            "",
            "01/04/2025",
        ],
    ]
    updates = [UPDATES, ["CK-1", "", "20/06/2025", "Đang thực hiện", 50, "", ""]]
    assert "1 cam kết, 1 lần cập nhật" in cchc(
        "tasks",
        "load",
        str(write_xlsx(tmp_path / "ck.xlsx", {"Cam kết": tasks, "Tiến độ": updates})),
    )
    status = json.loads(cchc("tasks", "status", "--as-of", "2025-07-01", "--format", "json"))
    assert status == [
        {
            "unit": "Xã An Bình",
            "unit_code": "X02",
            "year": 2024,
            "kind": "breakthrough",
            "title": "Số hóa hồ sơ",
            "code": "CK-1",
            "due": "2025-06-30",
            "status": "in_progress",
            "status_name": "Đang thực hiện",
            "percent": 50.0,
            "overdue": True,
        }
    ]
    assert (
        json.loads(
            cchc("plans", "missing", "--year", "2024", "--as-of", "2025-04-11", "--format", "json")
        )
        == []
    )
    assert ": 1 nhiệm vụ quá hạn" in cchc(
        "digest", "--as-of", "01/07/2025", "--out", str(tmp_path / "thu_hai.xlsx")
    )
    assert "cam kết" in cchc("uploads", "list")


def test_digest_of_one_kind_names_it_in_vietnamese(demo_db):
    """`cchc digest --kind ward` says «phường» where it said the code «ward»."""
    from pipelines import db
    from pipelines.workbooks import digest

    con = db.connect(demo_db, read_only=True)
    day = dt.date(2025, 11, 23)
    assert digest.data(con, 2025, day, "ward")["scope"] == "kết quả năm 2025, phường"
    assert digest.data(con, 2025, day, "commune_level")["scope"] == (
        "kết quả năm 2025, xã, phường, đặc khu"
    )
