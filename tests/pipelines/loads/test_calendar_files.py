"""Periodic reports from the commitments workbook, criteria a task aims at, and the Monday digest
through the CLI as .xlsx and PDF on a year counted by hand."""

import datetime as dt
import json
import subprocess
import sys

import openpyxl

from pipelines import db, reads
from pipelines.loads import commitment_workbook
from pipelines.workbooks import templates
from tests.conftest import rejected
from tests.files import write_xlsx
from tests.sql.test_calendar import follow_up

TASKS = list(commitment_workbook.TASK_COLUMNS)
REPORTS = list(commitment_workbook.REPORT_COLUMNS)


def test_the_templates_report_sheet_filled_in_loads_and_counts(con, tmp_path):
    from tests.sql.test_marts import FULL, given

    given(con, 2024, {"X01": FULL, "X02": FULL})
    path = tmp_path / "mau.xlsx"
    templates.write_commitment_template(con, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[commitment_workbook.REPORT_SHEET]
    assert [c.value for c in ws[1]] == REPORTS
    assert [(r[0], r[1]) for r in ws.iter_rows(min_row=2, values_only=True)] == [
        ("Xã An Bình", 2024),
        ("Xã Tân Hiệp", 2024),
    ]
    ws["C2"], ws["D2"], ws["E2"] = "Quý I", dt.datetime(2025, 3, 20), "bao_cao_quy_1.pdf"
    ws["C3"], ws["D3"], ws["E3"] = "quý 2", "21/06/2025", "gửi qua thư điện tử"
    wb["Cam kết"].append(
        [
            "CK-1",
            "Xã An Bình",
            2024,
            "khắc phục",
            "Kế hoạch khắc phục",
            "",
            "3, 7",
            "3.1,7.2",
            "",
            "",
            "31/12/2025",
            "",
            "",
            "01/04/2025",
        ]
    )
    wb.save(path)
    assert (
        commitment_workbook.load(con, path, "test")
        == "Đã nạp (lần tải #2): 1 cam kết, 0 lần cập nhật tiến độ, 2 báo cáo định kỳ"
    )
    stored = con.execute(
        "select unit_code, period, received_date, file_name, note from raw.period_reports order by 1"
    ).fetchall()
    assert stored == [
        ("X01", "Q2", dt.date(2025, 6, 21), None, "gửi qua thư điện tử"),
        ("X02", "Q1", dt.date(2025, 3, 20), "bao_cao_quy_1.pdf", "bao_cao_quy_1.pdf"),
    ]
    assert con.execute(
        "select field_code, field_codes, criterion_codes from raw.commitments"
    ).fetchone() == ("3", ["3", "7"], ["3.1", "7.2"])
    t = reads.duties_at(con, 2024, dt.date(2025, 7, 1)).set_index(["duty", "period", "unit_code"])
    assert (
        t.loc[("unit_report", "Q2", "X01"), "days_late"] == 1
        and t.loc[("unit_report", "Q1", "X02"), "days_late"] == 0
    )


def test_a_bad_report_sheet_and_unknown_criteria_are_refused_with_their_cells(con, tmp_path):
    reports = [
        REPORTS,
        ["Xã Không Có", 2024, "quý 5", "31/06/2025", ""],
        ["Xã An Bình", "năm ngoái", "Quý I", "", ""],
        ["Xã An Bình", 2024, "Quý I", "", ""],
    ]
    tasks = [
        TASKS,
        [
            "",
            "Xã An Bình",
            2024,
            "đột phá",
            "Số hóa",
            "",
            "7, 9",
            "3.1, 3.99, 12",
            "",
            "",
            "31/12/2025",
            "",
            "",
            "01/04/2025",
        ],
    ]
    path = write_xlsx(tmp_path / "sai.xlsx", {"Cam kết": tasks, "Báo cáo định kỳ": reports})
    assert rejected(con, lambda: commitment_workbook.load(con, path, "test")) == [
        "Cam kết!G2: Lĩnh vực «9» không có trong «Bộ chỉ số CCHC (VÍ DỤ, không phải văn bản chính thức)» (năm 2024)",
        "Cam kết!H2: Tiêu chí «3.99», «12» không có trong «Bộ chỉ số CCHC (VÍ DỤ, không phải văn bản chính thức)» (năm 2024)",
        "Báo cáo định kỳ!A2: Không có đơn vị «Xã Không Có» trong danh mục",
        "Báo cáo định kỳ!C2: Kỳ báo cáo «quý 5» không rõ: ghi «Quý I», «Quý II (6 tháng)», «Quý III», «Quý IV (cả năm)»",
        "Báo cáo định kỳ!D2: Ngày «31/06/2025» không hợp lệ (dd/mm/yyyy)",
        "Báo cáo định kỳ!B3: Năm kết quả «năm ngoái» không hợp lệ",
        "Báo cáo định kỳ!D4: Thiếu ngày nhận",
    ]


def cchc(db_path, *args):
    done = subprocess.run(
        [sys.executable, "-m", "pipelines", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_cli_digest_counts_the_year_by_hand_and_leaves_out_units_merged_away(db_path, tmp_path):
    con = db.connect(db_path)
    follow_up(con)
    con.close()
    out = cchc(
        db_path,
        "digest",
        "--year",
        "2024",
        "--as-of",
        "09/07/2025",
        "--out",
        str(tmp_path / "thu_hai.xlsx"),
    )
    assert out.strip().endswith(
        "Kết quả năm 2024, thứ Hai, ngày 07/07/2025 (số liệu đến ngày 09/07/2025): 1 nhiệm vụ quá hạn,"
        " 1 kế hoạch khắc phục chưa nộp, 2 đơn vị chưa đăng ký nhiệm vụ đột phá, 4 báo cáo định kỳ chưa nộp"
    )
    wb = openpyxl.load_workbook(tmp_path / "thu_hai.xlsx")
    assert wb.sheetnames == [
        "Tóm tắt",
        "Quá hạn",
        "Kế hoạch chưa nộp",
        "Đột phá chưa đăng ký",
        "Báo cáo chưa nộp",
    ]
    assert wb["Tóm tắt"]["A2"].value.startswith(
        "Thứ Hai, ngày 07/07/2025 — số liệu đến ngày 09/07/2025, kết quả năm 2024"
    )

    def rows(sheet):
        return [r for r in wb[sheet].iter_rows(min_row=5, values_only=True)]

    assert [(r[0], r[1], r[6]) for r in rows("Quá hạn")] == [
        ("2024-X01-01", "Xã Tân Hiệp", "quá hạn 9 ngày")
    ]
    assert [(r[0], r[3]) for r in rows("Kế hoạch chưa nộp")] == [("X01", "quá hạn 90 ngày")]
    assert sorted(r[0] for r in rows("Đột phá chưa đăng ký")) == ["X02", "X03"]
    assert sorted((r[2], r[0]) for r in rows("Báo cáo chưa nộp")) == [
        ("Quý I", "X01"),
        ("Quý I", "X02"),
        ("Quý I", "X03"),
        ("Quý II (6 tháng)", "X03"),
    ]
    assert wb["Báo cáo chưa nộp"].cell(5, 4).value == dt.datetime(2025, 3, 20)
    everything = repr([list(ws.values) for ws in wb.worksheets])
    assert "X99" not in everything and "Cũ Lạc" not in everything

    cchc(
        db_path,
        "digest",
        "--year",
        "2024",
        "--as-of",
        "2025-07-09",
        "--out",
        str(tmp_path / "thu_hai.pdf"),
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "thu_hai.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Thứ Hai, ngày 07/07/2025 — kết quả năm 2024" in text
    assert "Số liệu tính đến ngày 09/07/2025" in text
    assert "Nhiệm vụ quá hạn: 1" in text and "Báo cáo CCHC định kỳ chưa nộp (đã quá hạn): 4" in text
    assert (
        "Quý I, hạn 20/03/2025 (quá hạn 111 ngày), 3 đơn vị: Xã An Bình, Xã Bình Mỹ, Xã Tân Hiệp."
        in " ".join(text.split())
    )
    assert "Cũ Lạc" not in text

    calendar = json.loads(
        cchc(db_path, "calendar", "--year", "2024", "--as-of", "09/07/2025", "--format", "json")
    )
    q2 = next(r for r in calendar if r["duty"] == "unit_report" and r["period"] == "Q2")
    assert (q2["due"], q2["owed"], q2["delivered"], q2["delivered_late"], q2["missing"]) == (
        "2025-06-20",
        3,
        2,
        1,
        1,
    )
    assert calendar[-1]["due"] == "2025-07-07" and calendar[-1]["owed"] == 1
    assert "thứ Hai, ngày 07/07/2025" in cchc(
        db_path, "calendar", "--year", "2024", "--as-of", "09/07/2025"
    )
