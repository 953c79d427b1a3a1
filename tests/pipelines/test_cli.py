"""The `cchc` command as a user runs it: a real process, a real database file."""

import json
import re
import subprocess
import sys

import openpyxl

from tests.files import FAIR, GOOD, summary_xlsx


def cchc(db_path, *args):
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_load_then_ranking_flags_and_exports(db_path, tmp_path):
    path = summary_xlsx(
        tmp_path / "kq.xlsx", [("Xã An Bình", GOOD), ("Xã Bình Mỹ", FAIR), ("Phú Hòa", GOOD)]
    )
    done = cchc(db_path, "scores", "load", str(path), "--year", "2024")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1 and "3 đơn vị" in done.stdout

    ranking = json.loads(cchc(db_path, "ranking", "--year", "2024", "--format", "json").stdout)
    assert [(r["unit"], r["rank"], r["index_pct"]) for r in ranking] == [
        ("Thị trấn Phú Hòa", 1, 86.0),
        ("Xã An Bình", 1, 86.0),
        ("Xã Bình Mỹ", 3, 76.0),
    ]
    assert ranking[2]["fields"]["3"] == 10.0 and ranking[2]["fields_pct"]["3"] == 71.43
    assert {"unit_code", "points", "max_points", "band"} <= ranking[0].keys()

    flags = json.loads(cchc(db_path, "flags", "--year", "2024", "--format", "json").stdout)
    assert flags == [
        {
            "unit": "Xã Bình Mỹ",
            "unit_code": "X03",
            "rank": 3,
            "index_pct": 76.0,
            "band": "Hoàn thành tốt nhiệm vụ",
            "reasons": [
                'Lĩnh vực 2 "Cải cách thể chế" đạt 71,43 % điểm tối đa, dưới 75 %',
                'Lĩnh vực 3 "Cải cách thủ tục hành chính" đạt 71,43 % điểm tối đa, dưới 75 %',
                'Lĩnh vực 6 "Cải cách tài chính công" đạt 71,43 % điểm tối đa, dưới 75 %',
                'Lĩnh vực 7 "Xây dựng và phát triển chính quyền điện tử, chính quyền số" đạt 69,23 % điểm tối đa, dưới 75 %',
            ],
            "plan_required": True,
            "plan_due": "2025-04-10",
        }
    ]

    table = cchc(db_path, "ranking", "--year", "2024").stdout
    assert "85,50" not in table and "86,00" in table and "Thị trấn Phú Hòa" in table

    out = tmp_path / "xep_hang.xlsx"
    assert cchc(db_path, "export", "ranking", "--year", "2024", "--out", str(out)).returncode == 0
    assert openpyxl.load_workbook(out).sheetnames == ["Xếp hạng Cấp xã", "Bộ chỉ số và phương pháp"]

    listing = cchc(db_path, "uploads", "list").stdout
    assert "kq.xlsx" in listing and "Đang dùng" in listing


def test_invalid_file_exits_2_with_every_problem_and_no_traceback(db_path, tmp_path):
    path = summary_xlsx(
        tmp_path / "sai.xlsx", [("Xã Không Có", GOOD), ("Xã Bình Mỹ", [99, 6, 12, 5, 8, 6, 11, 30])]
    )
    done = cchc(db_path, "scores", "load", str(path), "--year", "2024")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Tệp không hợp lệ, không có gì được nạp (2 lỗi)" in done.stderr
    assert "KQ!B6: Không có đơn vị «Xã Không Có»" in done.stderr
    assert "KQ!C7: Điểm 99,00 vượt điểm tối đa 9,00 của lĩnh vực 1" in done.stderr
    assert "Traceback" not in done.stderr
    missing = cchc(db_path, "scores", "load", str(tmp_path / "khong_co.xlsx"), "--year", "2024")
    assert (
        missing.returncode == 2
        and "Không mở được tệp" in missing.stderr
        and "Traceback" not in missing.stderr
    )


def test_rollback_of_unknown_upload(db_path):
    done = cchc(db_path, "uploads", "rollback", "42")
    assert done.returncode == 2 and "Không có lần tải #42" in done.stderr


def test_rollback_says_what_it_would_restore_and_needs_yes(db_path, tmp_path):
    first = summary_xlsx(tmp_path / "dau.xlsx", [("Xã An Bình", GOOD), ("Xã Bình Mỹ", GOOD)])
    second = summary_xlsx(tmp_path / "sau.xlsx", [("Xã An Bình", FAIR)])
    assert cchc(db_path, "scores", "load", str(first), "--year", "2024").returncode == 0
    assert cchc(db_path, "scores", "load", str(second), "--year", "2024").returncode == 0
    asked = cchc(db_path, "uploads", "rollback", "2")  # stdin is no terminal: nobody to say yes
    assert asked.returncode == 2 and "--yes" in asked.stderr
    assert asked.stdout.startswith("Sẽ hoàn tác lần tải #2 (sau.xlsx: điểm năm 2024, ")
    assert (
        "Điểm trước lần tải này được dùng lại: lần tải #1 (dau.xlsx) cho 1 đơn vị." in asked.stdout
    )
    assert "Đã hoàn tác" not in cchc(db_path, "uploads", "list").stdout
    done = cchc(db_path, "uploads", "rollback", "2", "--yes")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Đã hoàn tác lần tải #2 (sau.xlsx: điểm năm 2024, ")
    assert (
        "giá trị của 1 đơn vị). Điểm trước lần tải này được dùng lại: lần tải #1 (dau.xlsx) cho 1 đơn vị."
        in done.stdout
    )
    last = cchc(db_path, "uploads", "rollback", "1", "--yes").stdout
    assert "2 đơn vị không còn điểm năm 2024" in last


ENGLISH = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help",
    "required",
    "invalid choice",
    "invalid int",
    "error:",
    "unrecognized",
    "expected",
    "argument",
)


def test_help_and_argument_errors_are_vietnamese(tmp_path):
    db_path = tmp_path / "x.duckdb"
    for argv, code in [
        (["--help"], 0),
        (["scores", "load", "--help"], 0),
        (["uploads", "rollback", "-h"], 0),
        ([], 2),
        (["uploads", "rollback"], 2),
        (["ranking"], 2),
        (["ranking", "--year", "x"], 2),
        (["ranking", "--year", "2024", "--format", "xml"], 2),
        (["khong-co"], 2),
        (["ranking", "--year", "2024", "--thua"], 2),
        (["scores", "load", "a.xlsx", "--year"], 2),
    ]:
        done = cchc(db_path, *argv)
        text = done.stdout + done.stderr
        assert done.returncode == code, argv
        assert text.startswith("Cách dùng: cchc"), argv
        assert not [w for w in ENGLISH if w in text.lower()], (argv, text)
    assert "lỗi: còn thiếu --year" in cchc(db_path, "ranking").stderr
    assert "«x» không phải là số nguyên" in cchc(db_path, "ranking", "--year", "x").stderr
    assert (
        "không có lựa chọn «xml»"
        in cchc(db_path, "ranking", "--year", "2024", "--format", "xml").stderr
    )


def parsers(parser, path=("cchc",)):
    """Every parser of the command line, with the words that reach it."""
    import argparse

    yield " ".join(path), parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, (*path, name))


def test_every_command_option_and_argument_has_a_vietnamese_help_line():
    import argparse

    from pipelines.cli import build_parser

    seen = 0
    for where, parser in parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = {a.dest: a.help for a in action._choices_actions}
                assert set(helps) == set(action.choices) and all(helps.values()), where
                continue
            seen += 1
            assert action.help and action.help != argparse.SUPPRESS, (
                f"{where} {action.dest}: no help"
            )
            takes_value = action.nargs != 0 and not action.choices
            assert not takes_value or action.metavar, (
                f"{where} {action.dest}: its value is named in English"
            )
        assert "usage" not in parser.format_help().lower()
    assert seen > 60


def test_database_path_from_environment(tmp_path):
    import os

    path = tmp_path / "env.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "pipelines", "init"],
        capture_output=True,
        text=True,
        env={**os.environ, "CCHC_DB": str(path)},
        timeout=60,
    )
    assert done.returncode == 0 and path.exists()


def test_template_filled_in_loads_and_exports_round_trip(db_path, tmp_path):
    template = tmp_path / "mau.xlsx"
    assert (
        cchc(db_path, "template", "scores", "--year", "2024", "--out", str(template)).returncode
        == 0
    )
    wb = openpyxl.load_workbook(template)
    ws = wb.active
    header = [c.value for c in ws[4]]
    units = [h for h in header[3::2] if h]
    assert units == [
        "Phường Tân Hiệp",
        "Thị trấn Phú Hòa",
        "Xã An Bình",
        "Xã Bình Mỹ",
        "Xã Hòa Lợi",
        "Xã Tân Hiệp",
        "Xã Tân Hòa",
        "Xã Tấn Hòa",
    ]  # Vietnamese collation
    codes = [ws.cell(r, 1).value for r in range(6, ws.max_row + 1)]
    leaves = {c for c in codes if not any(o.startswith(c + ".") for o in codes)}
    for r in range(6, ws.max_row + 1):
        code, mx = ws.cell(r, 1).value, ws.cell(r, 3).value
        if code in leaves:
            for i in range(len(units)):
                ws.cell(r, 4 + 2 * i).value = mx  # self-assessed: full marks
                ws.cell(r, 5 + 2 * i).value = str(
                    mx - (0.5 if code == "3.1" and i == 0 else 0)
                ).replace(".", ",")
    wb.save(tmp_path / "da_cham.xlsx")
    done = cchc(db_path, "scores", "load", str(tmp_path / "da_cham.xlsx"), "--year", "2024")
    assert done.returncode == 0, done.stderr
    out = tmp_path / "xep_hang.xlsx"
    cchc(db_path, "export", "ranking", "--year", "2024", "--out", str(out))
    ws = openpyxl.load_workbook(out).worksheets[0]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=10) if row[1].value]
    assert rows[-1][:2] == [8, "Phường Tân Hiệp"] and rows[-1][12] == 99.5
    assert [r[0] for r in rows[:7]] == [1] * 7


def imported_by(*argv: str) -> set[str]:
    """The modules `cchc ARGV` imports, run in a fresh process."""
    code = (
        "import sys\nfrom pipelines.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\nprint('\\n' + ' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120
    )
    return set(done.stdout.splitlines()[-1].split())


def test_help_imports_neither_duckdb_nor_pandas():
    """Commands import only what they use: `cchc --help` answers at once."""
    assert not {"duckdb", "pandas", "numpy", "pyarrow"} & imported_by("--help")
    assert not {"duckdb", "pandas"} & imported_by("scores", "load", "--help")


def test_a_score_load_imports_no_pandas(db_path, tmp_path):
    path = summary_xlsx(tmp_path / "kq.xlsx", [("Xã An Bình", GOOD), ("Xã Bình Mỹ", FAIR)])
    modules = imported_by("--db", str(db_path), "scores", "load", str(path), "--year", "2024")
    assert "pipelines.loads.scores" in modules and "pandas" not in modules


def test_every_2025_unit_has_an_index_change_or_a_note_saying_why_not(demo_db):
    """Through the 2025 merger: a merged unit's change is against its predecessors' estimated index
    of 2024 (said so, no rank change); a department keeps its own change."""
    ranking = json.loads(cchc(demo_db, "ranking", "--year", "2025", "--format", "json").stdout)
    assert ranking and all(r["index_change"] is not None or r["change_note"] for r in ranking)
    merged = [r for r in ranking if r["rank_group"] == "commune_level"]
    assert len(merged) == 110 and all(
        r["change_basis"] == "predecessors" and r["rank_change"] is None for r in merged
    )
    assert all(
        "chỉ số trước sáp nhập (ước tính)" in r["change_note"]
        and "không so sánh thứ hạng" in r["change_note"]
        for r in merged
    )
    assert {"theo trọng số dân số/diện tích", "bình quân đều"} <= {
        r["change_note"].split(", ")[-1].split(";")[0] for r in merged
    }
    one = merged[0]
    assert round(one["index_pct"] - one["previous_index_pct"], 2) == one["index_change"]
    departments = [r for r in ranking if r["rank_group"] == "department"]
    assert all(
        r["change_basis"] == "own" and r["change_note"] is None and r["rank_change"] is not None
        for r in departments
    )
    first = json.loads(cchc(demo_db, "ranking", "--year", "2021", "--format", "json").stdout)
    assert {r["change_note"] for r in first} == {"Chưa có kết quả năm 2020 để so sánh"}


def test_demo_never_deletes_an_existing_database(tmp_path, capsys):
    """`cchc demo` refuses a file that exists unless --force, and never while another process holds it."""
    from pipelines import cli, db

    path = tmp_path / "that.duckdb"
    con = db.connect(path)
    con.execute("insert into meta.settings values ('province', 'Quảng Trị')")
    con.close()
    assert cli.main(["--db", str(path), "demo"]) == 2
    assert "không xóa nó" in capsys.readouterr().err
    assert cli.main(["--db", str(path), "demo", "--if-absent"]) == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ok', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        assert cli.main(["--db", str(path), "demo", "--force"]) == 1
        assert "đang được một chương trình khác (không phải cchc) mở" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    con = db.connect(path, read_only=True)
    assert con.execute("select value from meta.settings where key = 'province'").fetchone() == (
        "Quảng Trị",
    )
    con.close()


def test_demo_says_what_it_made_with_counts_the_vietnamese_way(tmp_path, capsys):
    from pipelines import cli

    assert cli.main(["--db", str(tmp_path / "demo.duckdb"), "demo"]) == 0
    said = capsys.readouterr().out
    assert re.search(
        r"110 xã/phường/đặc khu \(2025\), 18 sở ngành, năm 2021–2025, \d{1,3}(\.\d{3})+ giá trị điểm,"
        r" \d{1,3}(\.\d{3})+ phiếu khảo sát",
        said,
    ), said


def test_framework_and_registry_loads_are_in_the_history_and_are_not_rolled_back(db_path, tmp_path):
    from pipelines import settings

    units = tmp_path / "danh_muc.xlsx"
    assert cchc(db_path, "template", "units", "--out", str(units)).returncode == 0
    done = cchc(db_path, "units", "load", str(units), "--by", "hoa")
    assert done.returncode == 0, done.stderr
    done = cchc(db_path, "framework", "load", str(settings.EXAMPLE_FRAMEWORK), "--by", "lan")
    assert done.returncode == 0, done.stderr
    assert cchc(db_path, "framework", "load", "--example", "--by", "minh").returncode == 0
    listing = cchc(db_path, "uploads", "list").stdout.splitlines()
    assert [re.sub(r"  \d\d/\d\d/\d{4} \d\d:\d\d  ", "  ", line) for line in listing] == [
        "#3  Đang dùng     bộ chỉ số  45 tiêu chí  minh  example_commune.toml",
        "#2  Đang dùng     bộ chỉ số  45 tiêu chí  lan  example_commune.toml",
        "#1  Đang dùng     danh mục đơn vị  10 đơn vị  hoa  danh_muc.xlsx",
    ]
    for number, said in [
        (
            "1",
            "Lần tải #1 (danh_muc.xlsx) là danh mục đơn vị: không hoàn tác được, nạp lại danh mục"
            " đơn vị đúng để thay",
        ),
        (
            "2",
            "Lần tải #2 (example_commune.toml) là bộ chỉ số: không hoàn tác được, nạp lại bộ chỉ số"
            " đúng để thay",
        ),
    ]:
        refused = cchc(db_path, "uploads", "rollback", number, "--yes")
        assert (
            refused.returncode == 2 and said in refused.stderr and "Traceback" not in refused.stderr
        )
    assert "Đã hoàn tác" not in cchc(db_path, "uploads", "list").stdout
