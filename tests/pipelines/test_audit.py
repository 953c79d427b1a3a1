"""The audit log: every write a user makes leaves its line (who, from where, what) in the same
transaction; a refused file or a dry run leaves none; a failed login is logged with the name as
typed and never the password; `cchc audit` lists the lines of a span of days."""

import datetime as dt
import getpass
import io
import json

import openpyxl
import pytest

from pipelines import accounts, audit, cli, db, settings
from pipelines.loads.scores import load_scores
from pipelines.workbooks import templates
from tests.conftest import rejected
from tests.files import FAIR, GOOD, summary_xlsx
from tests.pipelines.loads.test_survey import form, responses


def run(db_path, *argv) -> int:
    return cli.main(["--db", str(db_path), *argv])


def logged(db_path) -> list[tuple]:
    con = db.connect(db_path)
    try:
        return con.execute(
            "select who, client, action, detail from meta.audit order by audit_id"
        ).fetchall()
    finally:
        con.close()


def tasks_file(db_path, path):
    con = db.connect(db_path)
    templates.write_commitment_template(con, path)
    con.close()
    wb = openpyxl.load_workbook(path)
    wb["Cam kết"].append(
        [
            "CK-01",
            "Xã An Bình",
            2024,
            "Đột phá",
            "Số hóa hồ sơ",
            "",
            "7",
            "",
            "",
            "01/04/2025",
            "31/12/2025",
            "",
            "",
            "01/04/2025",
        ]
    )
    wb.save(path)
    return path


def test_every_cli_write_logs_who_and_what(db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(
        getpass, "getuser", lambda: "quantri"
    )  # the machine's user, for commands without --by
    scores = summary_xlsx(tmp_path / "kq.xlsx", [("Xã An Bình", GOOD), ("Xã Bình Mỹ", FAIR)])
    assert (
        run(db_path, "scores", "load", str(scores), "--year", "2024", "--dry-run") == 0
    )  # a preview logs nothing
    assert run(db_path, "scores", "load", str(scores), "--year", "2024", "--by", "hoa") == 0
    forms = responses(
        tmp_path / "phieu.xlsx",
        [form(1, "Xã An Bình", "ND", C1="A"), form(2, "Xã An Bình", "ND", C1="B")],
    )
    assert run(db_path, "survey", "load", str(forms), "--year", "2024", "--by", "lan") == 0
    definition = tmp_path / "bo_cau_hoi.xlsx"
    assert run(db_path, "template", "survey", "--out", str(definition)) == 0
    assert run(db_path, "survey", "definition", str(definition)) == 0
    assert (
        run(
            db_path, "tasks", "load", str(tasks_file(db_path, tmp_path / "ck.xlsx")), "--by", "minh"
        )
        == 0
    )
    units = tmp_path / "danh_muc.xlsx"
    assert run(db_path, "template", "units", "--out", str(units)) == 0
    assert run(db_path, "units", "load", str(units)) == 0
    assert run(db_path, "framework", "load", str(settings.EXAMPLE_FRAMEWORK)) == 0
    assert run(db_path, "settings", "set", "decision_number", "125/QĐ-UBND") == 0
    assert run(db_path, "settings", "set", "decision_number", "") == 0
    assert run(db_path, "uploads", "rollback", "1", "--yes") == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-rat-dai\n"))
    assert run(db_path, "users", "add", "thu", "--role", "lanhdao") == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-moi-dai\n"))
    assert run(db_path, "users", "add", "thu", "--role", "noivu") == 0
    capsys.readouterr()

    lines = logged(db_path)
    assert [(who, client, action) for who, client, action, _ in lines] == [
        ("hoa", "cli", "upload"),
        ("lan", "cli", "upload"),
        ("quantri", "cli", "upload"),
        ("minh", "cli", "upload"),
        ("quantri", "cli", "registry"),
        ("quantri", "cli", "framework"),
        ("quantri", "cli", "settings"),
        ("quantri", "cli", "settings"),
        ("quantri", "cli", "rollback"),
        ("quantri", "cli", "account"),
        ("quantri", "cli", "account"),
    ]
    details = [detail for *_, detail in lines]
    assert details[0] == "Bảng điểm năm 2024, tệp «kq.xlsx»: 16 giá trị, 2 đơn vị (lần tải #1)"
    assert details[1] == "Phiếu khảo sát năm 2024, tệp «phieu.xlsx»: 2 phiếu, 1 đơn vị (lần tải #2)"
    assert details[2].startswith(
        "Bộ câu hỏi khảo sát, tệp «bo_cau_hoi.xlsx»: bộ câu hỏi vi-du-dtxhh-2021 ("
    )
    assert (
        details[3]
        == "Cam kết và tiến độ, tệp «ck.xlsx»: 1 cam kết, 0 lần cập nhật tiến độ (lần tải #3)"
    )
    assert (
        details[4]
        == "Danh mục đơn vị, tệp «danh_muc.xlsx»: 10 đơn vị, 1 tên khác, 1 quan hệ sáp nhập (lần tải #4)"
    )
    assert details[5].startswith("Nạp «Bộ chỉ số CCHC (VÍ DỤ")
    assert details[5].endswith("(mã vi-du-2021), tệp «example_commune.toml» (lần tải #5)")
    assert details[6:8] == [
        "Số, ký hiệu quyết định: 125/QĐ-UBND (khóa decision_number)",
        "Đã xóa «Số, ký hiệu quyết định» (khóa decision_number)",
    ]
    assert details[8].startswith("Lần tải #1 (kq.xlsx: điểm năm 2024, 16 giá trị của 2 đơn vị).")
    assert details[9:] == [
        "Thêm tài khoản thu (Lãnh đạo)",
        "Đổi mật khẩu hoặc vai trò tài khoản thu (Nội vụ)",
    ]
    assert not any("mat-khau" in str(line) or "$argon2" in str(line) for line in lines)


def test_a_refused_file_and_a_failed_check_log_nothing(con, tmp_path, db_path, capsys):
    bad = summary_xlsx(tmp_path / "sai.xlsx", [("Xã Không Có", GOOD)])
    rejected(
        con, lambda: load_scores(con, bad, 2024, uploaded_by="hoa")
    )  # every table as it was, meta.audit too
    con.close()
    assert run(db_path, "scores", "load", str(bad), "--year", "2024") == 2
    assert run(db_path, "uploads", "rollback", "9", "--yes") == 2
    assert run(db_path, "settings", "set", "decision_date", "30/02/2026") == 2
    assert logged(db_path) == []


def test_logins_and_failures_are_logged_with_the_typed_name_never_the_password(con):
    accounts.add("hoa", "noivu", "mat-khau-dai")
    throttle = accounts.Throttle(clock=lambda: 0.0)
    assert accounts.log_in(con, "hoa", "mat-khau-dai", "10.0.0.5", throttle).name == "hoa"
    for typed in [" Hoa ", "ai-do", "hoa", "hoa", "hoa"]:
        with pytest.raises(accounts.Refused):
            accounts.log_in(con, typed, "sai-mat-khau-bi-mat", "10.0.0.9", throttle)
    with pytest.raises(
        accounts.Refused, match="thử lại sau 30 giây"
    ):  # refused unchecked while it waits: no line
        accounts.log_in(con, "hoa", "mat-khau-dai", "10.0.0.9", throttle)
    lines = con.execute(
        "select who, client, action, detail from meta.audit order by audit_id"
    ).fetchall()
    failed = ("login_failed", "Sai tên đăng nhập hoặc mật khẩu")
    assert lines == [
        ("hoa", "10.0.0.5", "login", "Vai trò: Nội vụ"),
        ("Hoa", "10.0.0.9", *failed),
        ("ai-do", "10.0.0.9", *failed),
        ("hoa", "10.0.0.9", *failed),
        ("hoa", "10.0.0.9", *failed),
        ("hoa", "10.0.0.9", "login_failed", failed[1] + "; phải chờ 30 giây trước lần thử sau"),
    ]
    assert not any("mat-khau" in str(line) for line in lines)
    with pytest.raises(accounts.Refused):
        accounts.log_in(con, "x" * 500, "sai", "", accounts.Throttle())
    (who,) = con.execute("select who from meta.audit order by audit_id desc limit 1").fetchone()
    assert len(who) == audit.WHO_MAX and who.endswith("…")


def test_cchc_audit_lists_a_span_of_days_one_action_in_each_format(db_path, capsys):
    con = db.connect(db_path)
    with db.write(con):
        for day, who, action, detail in [
            (dt.datetime(2026, 3, 1, 8, 5), "hoa", "login", "Vai trò: Nội vụ"),
            (dt.datetime(2026, 3, 2, 9, 30), "lan", "login_failed", "Sai"),
            (dt.datetime(2026, 3, 5, 23, 59), "hoa", "settings", "Số: 1"),
        ]:
            audit.record(con, who, action, detail, "10.0.0.5")
            con.execute(
                "update meta.audit set logged_at = ? where audit_id = currval('meta.audit_id_seq')",
                [day],
            )
    con.close()
    assert run(db_path, "audit", "--since", "02/03/2026", "--until", "2026-03-05") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["Thời", "gian", "Người", "Từ", "máy", "Việc", "Chi", "tiết"]
    assert out[1].split() == [
        "05/03/2026",
        "23:59",
        "hoa",
        "10.0.0.5",
        "Sửa",
        "cài",
        "đặt",
        "Số:",
        "1",
    ]
    assert (
        out[2].startswith("02/03/2026 09:30  lan")
        and "Đăng nhập không thành công" in out[2]
        and len(out) == 3
    )
    assert (
        run(db_path, "audit", "--since", "2026-03-01", "--action", "login", "--format", "json") == 0
    )
    assert json.loads(capsys.readouterr().out) == [
        {
            "time": "2026-03-01T08:05:00",
            "who": "hoa",
            "client": "10.0.0.5",
            "action": "login",
            "action_label": "Đăng nhập",
            "detail": "Vai trò: Nội vụ",
        }
    ]
    assert run(db_path, "audit", "--since", "2026-03-05", "--format", "csv") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Thời gian,Người,Từ máy,Việc,Chi tiết",
        "05/03/2026 23:59,hoa,10.0.0.5,Sửa cài đặt,Số: 1",
    ]
    assert run(db_path, "audit", "--since", "2026-03-01", "--action", "dang_nhap") == 2
    assert "Không có việc «dang_nhap» trong nhật ký" in capsys.readouterr().err
