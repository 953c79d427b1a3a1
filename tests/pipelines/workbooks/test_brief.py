"""The leadership brief: `cchc brief` on the demo database writes an A4 PDF of 2–4 pages that says,
in Vietnamese, what leadership reads before a giao ban meeting (read back with pdftotext)."""

import datetime as dt
import re
import shutil
import subprocess

import pytest

from pipelines import cli, db, reads
from pipelines.text import vn_number
from pipelines.workbooks import brief

AS_OF = dt.date(2026, 4, 11)  # the day after the plans were due: one is still missing

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="pdftotext/pdfinfo (poppler-utils) absent: the PDF cannot be read back",
)


def _text(pdf) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return out.replace("\xa0", " ")


def _flat(text: str) -> str:
    """The text as one line, single spaces: a name may wrap inside a table cell."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def written(demo_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("brief") / "brief.pdf"
    code = cli.main(
        [
            "--db",
            str(demo_db),
            "brief",
            "--year",
            "2025",
            "--as-of",
            AS_OF.isoformat(),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    return out


@pytest.fixture(scope="module")
def con(demo_db):
    c = db.connect(demo_db)  # read-write like the CLI's: one process may not mix the two
    yield c
    c.close()


@needs_poppler
def test_brief_has_two_to_four_a4_pages(written):
    info = subprocess.run(
        ["pdfinfo", str(written)], capture_output=True, check=True
    ).stdout.decode()
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 2 <= pages <= 4
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M)


@needs_poppler
def test_brief_says_title_year_issuer_date_and_framework_by_name(written, con):
    text = _text(written)
    assert "BÁO CÁO NHANH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025" in text
    assert "ỦY BAN NHÂN DÂN TỈNH MINH SƠN (VÍ DỤ)" in text
    assert "Số liệu tính đến ngày 11/04/2026" in text
    framework = db.query(con, "frameworks_for_year", year=2025).iloc[0]
    assert framework["framework_name"] in _flat(text) and "VÍ DỤ" in text
    assert framework["framework_code"] not in text


@needs_poppler
def test_brief_shows_the_top_unit_with_its_published_index(written, con):
    text = _flat(_text(written))
    ranking = reads.ranking(con, 2025)
    for group in ("commune_level", "department"):
        top = ranking[ranking["rank_group"] == group].iloc[0]
        bottom = ranking[ranking["rank_group"] == group].iloc[-1]
        assert f"1 {top['unit_name']} {vn_number(top['index_pct'])} %" in text
        assert (
            f"{int(bottom['rank'])} {bottom['unit_name']} {vn_number(bottom['index_pct'])} %"
            in text
        )


@needs_poppler
def test_brief_shows_the_mean_index_and_its_change_in_points(written, con):
    text = _flat(_text(written))
    index = db.query(con, "brief_index_by_group", year=2025).set_index("rank_group")
    departments = index.loc["department"]
    assert f"Sở, ban, ngành 18 {vn_number(departments['mean_pct'])} %" in text
    assert f"+{vn_number(departments['mean_change'])} điểm % so với năm 2024" in text
    # the change is the difference of the two published means, as printed
    assert departments["mean_change"] == pytest.approx(
        departments["mean_pct"] - departments["previous_mean_pct"]
    )


@needs_poppler
def test_brief_names_a_faller_and_the_field_that_costs_most(written, con):
    text = _flat(_text(written))
    ranking = reads.ranking(con, 2025, "department")
    faller = ranking.sort_values(["rank_change", "points_change"]).iloc[0]
    assert faller["rank_change"] < 0
    moved = rf"{re.escape(faller['unit_name'])} {int(faller['previous_rank'])} {int(faller['rank'])} ↓ ?{-int(faller['rank_change'])} "
    assert re.search(
        moved, text
    )  # the arrow comes from another font: pdftotext may drop the space after it
    lost = db.query(con, "points_lost_for_year", year=2025, group="commune_level")
    worst_field = lost.groupby("field_code")["points_lost"].sum().idxmax()
    name = reads.field_columns(con, 2025).set_index("field_code").loc[worst_field, "field_name"]
    assert f"mất nhiều điểm nhất ở lĩnh vực «{name}»" in text
    # commune-level units of 2025 were formed by the merger: no rank to compare, and it says so
    assert "Các đơn vị năm 2025 đều chưa có thứ hạng năm 2024" in text
    # … yet they rose and fell against their predecessors' estimated index of 2024, marked so
    assert "so với chỉ số trước sáp nhập (ước tính) của các đơn vị cũ năm 2024" in text
    assert (
        "Chỉ số tăng nhiều nhất (ước tính)" in text and "Chỉ số giảm nhiều nhất (ước tính)" in text
    )
    merged = reads.ranking(con, 2025, "commune_level")
    riser = merged.sort_values(["index_change", "unit_name"], ascending=[False, True]).iloc[0]
    assert re.search(
        rf"{re.escape(riser['unit_name'])} — {int(riser['rank'])} — {re.escape(vn_number(riser['index_pct']))} %"
        rf" \+{re.escape(vn_number(riser['index_change']))} \(ước tính\)",
        text,
    )


@needs_poppler
def test_brief_lists_overdue_plans_and_tasks_and_short_samples(written, con):
    text = _flat(_text(written))
    plans = reads.plans_for_year(con, 2025, AS_OF)
    missing = plans[plans["is_overdue"]]
    assert len(missing) > 0
    for r in missing.itertuples():
        assert f"{r.unit_name} (hạn {r.plan_due_date:%d/%m/%Y})" in text
    tasks = reads.commitment_status_at(con, AS_OF)
    late = tasks[tasks["is_overdue"] & (tasks["year"] >= 2024)]
    assert f"{vn_number(len(late), 0)} cam kết của kết quả năm 2024–2025 đã quá hạn" in text
    assert late.iloc[0]["unit_name"] in text
    short = reads.ranking(con, 2025)
    short = short[short["survey_sample_ok"] == False]  # noqa: E712
    first = short.iloc[0]
    assert (
        f"{first['unit_name']} — {first['survey_forms']}/{first['survey_required_forms']}" in text
    )
    assert f"{len(short)} đơn vị có số phiếu khảo sát dưới cỡ mẫu tối thiểu" in text


@needs_poppler
def test_brief_is_in_vietnamese(written):
    text = _text(written)
    for word in (
        "None",
        "nan",
        "NaT",
        "True",
        "False",
        "commune_level",
        "department",
        "breakthrough",
        "remediation",
    ):
        assert not re.search(rf"\b{word}\b", text), word


def test_brief_of_a_year_without_results_exits_2_and_says_so(demo_db, tmp_path, capsys):
    out = tmp_path / "brief.pdf"
    code = cli.main(["--db", str(demo_db), "brief", "--year", "2019", "--out", str(out)])
    assert code == 2
    assert "Chưa có kết quả chấm điểm năm 2019" in capsys.readouterr().err
    assert not out.exists()


def test_brief_data_is_text_ready_to_print(con):
    data = brief.data(con, 2025, AS_OF)
    assert data["as_of"] == "11/04/2026"
    assert [g["name"] for g in data["groups"]] == ["Xã, phường, đặc khu", "Sở, ban, ngành"]
    top = reads.ranking(con, 2025, "commune_level").iloc[0]
    assert data["groups"][0]["top"][0]["index"] == f"{vn_number(top['index_pct'])}\xa0%"
