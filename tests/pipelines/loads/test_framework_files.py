"""Frameworks kept as workbooks by the office: written, edited, loaded, checked cell by cell."""

import subprocess
import sys

import openpyxl
import pytest

from pipelines import frameworks
from pipelines.loads import framework_workbook
from pipelines.problems import InvalidInput
from pipelines.settings import EXAMPLE_FRAMEWORK
from pipelines.workbooks import templates


def cchc(db_path, *args):
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_example_round_trips_through_a_workbook(tmp_path):
    example = frameworks.read_toml(EXAMPLE_FRAMEWORK)
    templates.write_framework(example, tmp_path / "khung.xlsx")
    back = framework_workbook.read_workbook(tmp_path / "khung.xlsx")
    assert back.criteria == example.criteria
    assert [(b["name"], b["min_pct"], bool(b.get("requires_plan"))) for b in back.bands] == [
        (b["name"], b["min_pct"], bool(b.get("requires_plan"))) for b in example.bands
    ]
    assert back.flag_rules == [
        {**r, "requires_plan": bool(r.get("requires_plan"))} for r in example.flag_rules
    ]
    assert (back.year_from, back.year_to, back.unit_kinds, back.plan_due, back.is_example) == (
        2021,
        2025,
        example.unit_kinds,
        "04-10",
        True,
    )


def test_an_edited_framework_loads_and_applies(db_path, tmp_path):
    path = tmp_path / "khung_2026.xlsx"
    assert cchc(db_path, "template", "framework", "--out", str(path)).returncode == 0
    wb = openpyxl.load_workbook(path)
    meta = wb["Bộ chỉ số"]
    meta["B2"], meta["B3"], meta["B4"], meta["B5"], meta["B7"] = (
        "tinh-2026",
        "Bộ chỉ số cấp xã 2026",
        2026,
        2030,
        "",
    )
    wb["Xếp loại"]["B3"] = 80
    wb.save(path)
    done = cchc(db_path, "framework", "load", str(path))
    assert done.returncode == 0, done.stderr
    assert "tinh-2026" in done.stdout
    from pipelines import db

    con = db.connect(db_path)
    assert frameworks.for_unit_year(con, 2027, "commune") == "tinh-2026"
    assert frameworks.fetch(con, "tinh-2026").bands[1]["min_pct"] == 80
    con.close()


def test_bad_framework_workbook_names_every_cell(tmp_path):
    path = tmp_path / "khung.xlsx"
    templates.write_framework(frameworks.read_toml(EXAMPLE_FRAMEWORK), path)
    wb = openpyxl.load_workbook(path)
    wb["Tiêu chí"]["C3"] = "hai"
    wb["Bộ chỉ số"]["B6"] = "xã, quận huyện"
    wb.save(path)
    with pytest.raises(InvalidInput) as e:
        framework_workbook.read_workbook(path)
    assert [str(p) for p in e.value.problems] == [
        "Bộ chỉ số!B6: Loại đơn vị «quận huyện» không rõ (xã, phường, thị trấn, đặc khu, huyện, sở)",
        "Tiêu chí!C3: Điểm tối đa của 1.1: «hai» không phải là số",
    ]
