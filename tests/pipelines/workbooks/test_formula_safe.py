"""Everything we write for Excel keeps text as text: a unit named like a formula, a link or a
number stays that text in every workbook the CLI writes (xlsxwriter would otherwise make «=…» a
live formula and «http://…» a link)."""

import shutil

import openpyxl
import pytest

from pipelines import cli, db
from tests.sql.test_marts import change

NAMES = {'=HYPERLINK("http://x","bấm")', "+SUM(1,2)", "@cmd", "http://lua-dao.example"}
YEAR = 2025


@pytest.fixture(scope="module")
def hostile(demo_db, tmp_path_factory):
    """The demo with four communes renamed as an attacker would."""
    path = tmp_path_factory.mktemp("hostile") / "cchc.duckdb"
    shutil.copy(demo_db, path)
    con = db.connect(path)
    codes = [
        c
        for (c,) in con.execute(
            "select unit_code from marts.unit_year_ranking where year = ? and rank_group = 'commune_level'"
            " order by rank desc limit 4",
            [YEAR],
        ).fetchall()
    ]
    for code, name in zip(codes, sorted(NAMES)):
        change(
            con,
            f"update ref.units set unit_name = '{name.replace(chr(39), chr(39) * 2)}' where unit_code = '{code}'",
        )
    con.close()
    return path, codes


COMMANDS = {
    "xep_hang.xlsx": ["export", "ranking", "--year", str(YEAR)],
    "mau_cham_diem.xlsx": ["template", "scores", "--year", str(YEAR)],
    "danh_muc.xlsx": ["template", "units"],
    "mau_phieu.xlsx": ["template", "survey-responses", "--year", str(YEAR)],
    "cam_ket.xlsx": ["template", "tasks"],
    "bao_cao_thu_hai.xlsx": ["digest", "--as-of", "2026-06-30"],
}


@pytest.mark.parametrize("out", sorted(COMMANDS))
def test_no_workbook_makes_a_name_a_formula_or_link(hostile, tmp_path, out):
    path, _ = hostile
    target = tmp_path / out
    assert cli.main(["--db", str(path), *COMMANDS[out], "--out", str(target)]) == 0
    check(target, expect_names=out != "cam_ket.xlsx" and out != "bao_cao_thu_hai.xlsx")


def test_the_scorecard_workbook_keeps_the_name_as_text(hostile, tmp_path):
    path, codes = hostile
    target = tmp_path / "phieu.xlsx"
    assert (
        cli.main(
            [
                "--db",
                str(path),
                "scorecard",
                "--unit",
                codes[0],
                "--year",
                str(YEAR),
                "--out",
                str(target),
            ]
        )
        == 0
    )
    check(target, expect_names=False)


def check(target, expect_names: bool) -> None:
    wb = openpyxl.load_workbook(target)
    cells = [
        c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None
    ]
    formulas = [f"{c.parent.title}!{c.coordinate}" for c in cells if c.data_type == "f"]
    links = [f"{c.parent.title}!{c.coordinate}" for c in cells if c.hyperlink is not None]
    assert formulas == [] and links == [], (formulas, links)
    if expect_names:
        assert NAMES <= {c.value for c in cells if isinstance(c.value, str)}
