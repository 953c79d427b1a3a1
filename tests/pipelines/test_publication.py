"""Publishing through the real CLI: a decision and a date to publish, a reason to withdraw, the
history and the audit log kept; every paper of a draft year says «DỰ THẢO», a published one does not."""

import shutil
import subprocess

import docx
import openpyxl
import pytest

from pipelines import cli, db, publication, reads, sharing


@pytest.fixture
def draft_db(demo_db, tmp_path):
    """The demo (every year published) with 2025 withdrawn through the CLI."""
    path = tmp_path / "cchc.duckdb"
    shutil.copy(demo_db, path)
    assert (
        cli.main(
            [
                "--db",
                str(path),
                "unpublish",
                "--year",
                "2025",
                "--reason",
                "Xem lại điểm",
                "--by",
                "hoa",
            ]
        )
        == 0
    )
    return path


def rows(path, sql):
    con = db.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_publish_needs_a_decision_number_and_a_valid_date(draft_db, capsys):
    assert (
        cli.main(
            [
                "--db",
                str(draft_db),
                "publish",
                "--year",
                "2025",
                "--decision",
                " ",
                "--date",
                "31/02/2026",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert (
        "Thiếu số quyết định công bố" in err and "Ngày quyết định «31/02/2026» không hợp lệ" in err
    )
    assert rows(draft_db, "select is_published from marts.year_publication where year = 2025") == [
        (False,)
    ]


def test_unpublish_needs_a_reason_and_a_published_year(draft_db, capsys):
    assert cli.main(["--db", str(draft_db), "unpublish", "--year", "2024", "--reason", ""]) == 2
    assert "Phải ghi lý do thu hồi công bố" in capsys.readouterr().err
    assert (
        cli.main(["--db", str(draft_db), "unpublish", "--year", "2025", "--reason", "lần nữa"]) == 2
    )
    assert "Năm 2025 chưa được công bố" in capsys.readouterr().err


def test_a_year_is_published_after_the_year_before_and_withdrawn_before_the_year_after(
    draft_db, capsys
):
    """A published year shows the year before (points, ranks, a merged unit's predecessors): were
    that year a draft, a visitor would read its figures there."""
    assert (
        cli.main(["--db", str(draft_db), "unpublish", "--year", "2023", "--reason", "xem lại"]) == 2
    )
    assert (
        "Năm 2024 đang công bố và so sánh với năm 2023 (điểm, hạng năm trước): hãy thu hồi công bố năm 2024 trước"
        in capsys.readouterr().err
    )
    assert (
        cli.main(["--db", str(draft_db), "unpublish", "--year", "2024", "--reason", "xem lại"]) == 0
    )
    capsys.readouterr()
    assert (
        cli.main(
            [
                "--db",
                str(draft_db),
                "publish",
                "--year",
                "2025",
                "--decision",
                "131/QĐ-UBND",
                "--date",
                "20/01/2026",
            ]
        )
        == 2
    )
    assert (
        "Năm 2024 chưa công bố, mà kết quả năm 2025 so sánh với năm 2024 (điểm, hạng năm trước):"
        " hãy công bố năm 2024 trước" in capsys.readouterr().err
    )
    assert 2025 not in reads.years(sharing.reading(draft_db), drafts=False)


def test_publish_again_keeps_the_history_and_the_audit_log_has_each_line(draft_db, capsys):
    assert (
        cli.main(
            [
                "--db",
                str(draft_db),
                "publish",
                "--year",
                "2025",
                "--decision",
                "131/QĐ-UBND",
                "--date",
                "2026-01-20",
                "--by",
                "hoa",
            ]
        )
        == 0
    )
    assert (
        capsys.readouterr().out.strip()
        == "Đã công bố kết quả năm 2025 theo Quyết định số 131/QĐ-UBND ngày 20/01/2026"
    )
    history = rows(
        draft_db,
        "select decision_number, unpublished_reason, unpublished_by from meta.publications"
        " where year = 2025 order by publication_id",
    )
    assert history == [("125/QĐ-UBND", "Xem lại điểm", "hoa"), ("131/QĐ-UBND", None, None)]
    audit = rows(
        draft_db, "select who, action, detail from meta.audit where who = 'hoa' order by audit_id"
    )
    assert [a[:2] for a in audit] == [("hoa", "unpublish"), ("hoa", "publish")]
    assert "lý do: Xem lại điểm" in audit[0][2]
    assert (
        cli.main(
            [
                "--db",
                str(draft_db),
                "publish",
                "--year",
                "2025",
                "--decision",
                "1/QĐ-UBND",
                "--date",
                "21/01/2026",
            ]
        )
        == 2
    )
    assert "đã công bố theo QĐ số 131/QĐ-UBND ngày 20/01/2026" in capsys.readouterr().err


def test_publications_lists_every_year_and_sets_what_visitors_see(draft_db, capsys):
    assert cli.main(["--db", str(draft_db), "publications"]) == 0
    out = capsys.readouterr().out
    assert "2025  Dự thảo (đã thu hồi công bố ngày" in out and "Xem lại điểm)" in out
    assert "2024  Đã công bố theo QĐ số 118/QĐ-UBND ngày 15/01/2025" in out
    assert "Người xem chưa đăng nhập: Các năm đã công bố (published)" in out
    assert cli.main(["--db", str(draft_db), "publications", "--visitors", "ai-cung-xem"]) == 2
    assert "Không có chế độ «ai-cung-xem»" in capsys.readouterr().err
    assert cli.main(["--db", str(draft_db), "publications", "--visitors", "none"]) == 0
    assert (
        "Người xem chưa đăng nhập: Không xem được gì khi chưa đăng nhập (none)"
        in capsys.readouterr().out
    )
    con = db.connect(draft_db)
    assert publication.visible_years(con, drafts=False) == []
    assert publication.visible_years(con, drafts=True)[0] == 2025
    con.close()


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def xlsx_text(path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(
        str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None
    )


def docx_text(path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


PAPERS = {  # file -> the command's arguments after the year, and how it is read back
    "annex.xlsx": (["export", "ranking"], [], xlsx_text),
    "annex.docx": (["export", "ranking"], [], docx_text),
    "brief.pdf": (["brief"], ["--as-of", "2026-04-11"], pdf_text),
    "scorecard.pdf": (["scorecard", "--unit", "30039"], [], pdf_text),
    "scorecard.xlsx": (["scorecard", "--unit", "30039"], [], xlsx_text),
    "digest.pdf": (["digest"], ["--as-of", "2026-11-23"], pdf_text),
    "digest.xlsx": (["digest"], ["--as-of", "2026-11-23"], xlsx_text),
}


@pytest.mark.parametrize("paper", PAPERS)
def test_every_paper_of_a_draft_year_says_draft_and_a_published_one_does_not(
    draft_db, tmp_path, paper
):
    command, extra, read = PAPERS[paper]
    for year, draft in ((2025, True), (2024, False)):
        out = tmp_path / f"{year}_{paper}"
        unit = ["--unit", "20001"] if command[0] == "scorecard" and year == 2024 else command[1:]
        assert (
            cli.main(
                [
                    "--db",
                    str(draft_db),
                    command[0],
                    *unit,
                    "--year",
                    str(year),
                    *extra,
                    "--out",
                    str(out),
                ]
            )
            == 0
        )
        text = read(out)
        assert (f"DỰ THẢO — kết quả năm {year} chưa được công bố" in text) is draft, (paper, year)
        assert ("DỰ THẢO" in text) is draft


def test_the_comparisons_of_a_draft_year_say_draft_and_of_published_years_do_not(
    draft_db, tmp_path
):
    from pipelines import reads

    con = sharing.reading(draft_db)
    a, b = reads.ranking(con, 2025, "commune_level")["unit_code"].tolist()[:2]
    con.close()
    runs = {
        "years_draft.xlsx": ["years", "--from", "2024", "--to", "2025"],
        "years.xlsx": ["years", "--from", "2023", "--to", "2024"],
        "units_draft.xlsx": ["units", "--unit", a, "--unit", b, "--year", "2025"],
        "units_draft.csv": ["units", "--unit", a, "--unit", b, "--year", "2025"],
    }
    for name, args in runs.items():
        out = tmp_path / name
        assert cli.main(["--db", str(draft_db), "compare", *args, "--out", str(out)]) == 0
        text = out.read_text(encoding="utf-8-sig") if name.endswith(".csv") else xlsx_text(out)
        assert ("DỰ THẢO — kết quả năm 2025 chưa được công bố" in text) is ("draft" in name), name
