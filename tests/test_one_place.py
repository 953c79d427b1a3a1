"""Each word and rule is written once (issue 13 §2): unit kinds, ranking groups, commitment
kinds and statuses and upload statuses in sql/schema, read through pipelines/vocabulary; the flag
line in ref.flag_rules; «unit valid in year» in intermediate.int_unit_years. A copy written again
in Python under pipelines/ or dashboard/ fails here."""

import re
from pathlib import Path

import pytest

from pipelines import db, vocabulary

ROOT = Path(__file__).resolve().parents[1]
# each pattern, with a line of the old code it caught (so that it cannot pass by matching nothing)
OLD = {
    r"\bKIND_NAMES\s*=\s*\{": 'KIND_NAMES = {"commune": "Xã", "ward": "Phường"}',
    r"\bKIND_CHOICES\s*=\s*[(\[]": 'KIND_CHOICES = ("commune_level", "district", "department")',
    r"""["']commune["']\s*:\s*["'][^"']*[^\x00-\x7f][^"']*["']""": 'KIND_NAMES = {"commune": "xã", "ward": "phường"}',
    r"""["']commune_level["']\s*:\s*\(?\s*["'][^"']*[^\x00-\x7f]""": '"commune_level": ("các xã, phường, đặc khu", "Cấp xã"),',
    r"""["'](Cấp xã|Cấp huyện|Sở ngành)["']""": 'GROUP_TITLES = {"commune_level": ("các xã", "Cấp xã")}',
    r"""["'](xa|phuong|thi tran)["']\s*:\s*["'](commune|ward|town)["']""": 'KINDS = {"xa": "commune", "phuong": "ward"',
    r"""["'](breakthrough|not_started)["']\s*:\s*["'][^"']*[^\x00-\x7f]""": 'STATUSES = {"not_started": "Chưa triển khai"',
    r"""["']Chưa triển khai["']\s*:""": 'STATUS_COLORS = {"Chưa triển khai": "#bdbdbd"}',
    r"""["'](loaded|rolled_back)["']\s*:\s*["'][^"']*[^\x00-\x7f]""": 'STATUSES = {"loaded": "Đang dùng", "rolled_back": "Đã hoàn tác"}',
    r"coalesce\(\s*[\w.]*valid_to\s*,\s*9999\s*\)": '" and ? between coalesce(valid_from, 0) and coalesce(valid_to, 9999)"',
    r"\by\s*=\s*75\b": 'fig.add_hline(y=75, line_dash="dot")',
    r"threshold\s*:\s*float\s*=\s*75\b": "def field_heatmap(fields, order, threshold: float = 75):",
    r"\b75\s*%": 'st.caption("… (ngưỡng 75 %).")',
}


def _python_files():
    return sorted(p for folder in ("pipelines", "dashboard") for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("pattern", OLD)
def test_old_literal_is_caught_by_its_pattern(pattern):
    assert re.search(pattern, OLD[pattern])


@pytest.mark.parametrize("pattern", OLD)
def test_old_literal_is_not_written_again(pattern):
    found = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in _python_files()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(pattern, line)
    ]
    assert found == []


def test_vocabulary_reads_the_reference_tables():
    con = db.connect()
    assert vocabulary.unit_kinds(con)["commune"] == "Xã"
    assert vocabulary.registry_words(con) == {
        "commune": "xã",
        "ward": "phường",
        "town": "thị trấn",
        "special_zone": "đặc khu",
        "district": "huyện",
        "department": "sở",
    }
    assert vocabulary.kinds_by_word(con)["thi tran"] == "town"
    assert vocabulary.kinds_by_word(con)["so nganh"] == "department"
    assert vocabulary.groups(con) == {
        "commune_level": "Xã, phường, đặc khu",
        "department": "Sở, ban, ngành",
        "district": "Huyện, thị xã, thành phố",
    }
    assert vocabulary.plural(vocabulary.groups(con)["district"]) == "các huyện, thị xã, thành phố"
    assert list(vocabulary.commitment_statuses(con)) == [
        "not_started",
        "in_progress",
        "done",
        "paused",
        "cancelled",
    ]
    assert vocabulary.upload_statuses(con) == {"loaded": "Đang dùng", "rolled_back": "Đã hoàn tác"}
    assert vocabulary.commitment_kinds(con) == {
        "breakthrough": "Đột phá",
        "remediation": "Khắc phục",
    }


def test_kind_choices_are_the_groups_then_the_other_kinds():
    assert list(vocabulary.KIND_CHOICES) == [
        "commune_level",
        "department",
        "district",
        "commune",
        "ward",
        "town",
        "special_zone",
    ]
    assert "ward" in vocabulary.KIND_CHOICES and "xa" not in vocabulary.KIND_CHOICES
