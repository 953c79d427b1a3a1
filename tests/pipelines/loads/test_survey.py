"""Survey responses: points from answers for each scale kind, group weights, the 95 % interval
against a hand-computed case, the sample-size rule at its boundary, the points flowing into
the index, and bad files refused with every problem and its cell."""

import csv
import dataclasses
import json
from pathlib import Path

import pytest

from pipelines import cli, db, reads, survey_definitions
from pipelines.loads import surveys, uploads
from pipelines.problems import InvalidInput
from pipelines.workbooks import templates
from tests.conftest import rejected
from tests.files import write_xlsx

HEADER = [
    "STT",
    "Mã phiếu",
    "Đơn vị",
    "Nhóm",
    "C1",
    "C2",
    "C3",
    "C4",
    "C5",
    "C6",
    "C7",
    "C8",
    "C9",
    "Ghi chú",
]
TITLE = [
    ["KẾT QUẢ PHIẾU KHẢO SÁT SỰ HÀI LÒNG NĂM 2024"],
    [],
]  # the header is on row 3, forms from row 4


def form(n: int, unit: str, group: str, **answers) -> list:
    return [n, f"P{n:04d}", unit, group, *(answers.get(f"C{i}") for i in range(1, 10)), None]


def responses(path: Path, forms: list[list], population: list[list] | None = None) -> Path:
    sheets = {"Phiếu": TITLE + [HEADER] + forms}
    if population is not None:
        sheets["Tổng thể"] = [["Đơn vị", "Nhóm", "Tổng thể"], *population]
    return write_xlsx(path, sheets)


def survey(con, year: int = 2024) -> dict:
    """The survey figures of each unit, by unit_code."""
    return {r["unit_code"]: r for r in reads.survey_summary(con, year).to_dict("records")}


def question_points(con, unit: str) -> dict[str, float]:
    """Each question's points at a unit, from the upload in force."""
    return dict(
        con.execute(
            "select question_code, points from marts.survey_question_scores"
            " semi join marts.unit_year_survey using (upload_id, unit_code, year) where unit_code = ?",
            [unit],
        ).fetchall()
    )


@pytest.fixture
def pooled(con):
    """The example definition with its group weights taken away: every answer counts the same."""
    d = survey_definitions.read_toml(survey_definitions.EXAMPLE_SURVEY)
    d = dataclasses.replace(
        d, code="gop", groups=[dataclasses.replace(g, weight=None) for g in d.groups]
    )
    survey_definitions.load(con, d)
    with db.write(con):
        con.execute("delete from ref.survey_definitions where definition_code = 'vi-du-dtxhh-2021'")
    return d


def test_points_from_letters_numbers_and_labels_case_and_accent_insensitive(con, pooled, tmp_path):
    forms = [
        form(1, "Xã An Bình", "ND", C1="A", C2="Có", C3=5, C4="Rất hài lòng", C5="1"),
        form(
            2,
            "An Bình",
            "Người dân",
            C1="b",
            C2="không",
            C3="4",
            C4="hai long",
            C5="Rất không hài lòng",
        ),
        form(
            3, "UBND xã An Bình", "nd", C1="C. Trung bình", C2="CÓ", C3=3.0, C4="binh thuong", C5=2
        ),
        form(4, "xa an binh", "ND", C1=" d ", C2="C", C3="2", C4="Không hài lòng", C5=None),
    ]
    report = surveys.load_responses(con, responses(tmp_path / "phieu.xlsx", forms), 2024)
    assert (report.forms, report.answers, report.units) == (4, 19, ["X02"])
    points = question_points(con, "X02")
    assert points["C1"] == pytest.approx(4 * (100 + 60 + 20 + 0) / 400)  # A/B/C/D = 100/60/20/0 %
    assert points["C2"] == pytest.approx(3 * 3 / 4)  # Có/Không: three yes of four
    assert points["C3"] == pytest.approx(4 * (100 + 75 + 50 + 25) / 400)  # 1–5 written as numbers
    assert points["C4"] == pytest.approx(4 * (100 + 75 + 50 + 25) / 400)  # 1–5 written as labels
    assert points["C5"] == pytest.approx(4 * (0 + 0 + 25) / 300)  # a blank is no answer, not a zero
    assert survey(con)["X02"]["points"] == pytest.approx(round(sum(points.values()), 2))


def test_group_weights_count_each_groups_mean_not_each_answer(con, tmp_path):
    # example weights: Người dân 0,5, Cán bộ 0,2 (Tổ chức absent here: the weights renormalise)
    forms = [form(1, "Xã An Bình", "ND", C1="A"), form(2, "Xã An Bình", "ND", C1="A")] + [
        form(n, "Xã An Bình", "CB", C1="D") for n in range(3, 7)
    ]
    surveys.load_responses(con, responses(tmp_path / "phieu.xlsx", forms), 2024)
    assert question_points(con, "X02")["C1"] == pytest.approx(
        4 * (0.5 * 1.0 + 0.2 * 0.0) / 0.7
    )  # 2,857
    # pooled, the four officials outweigh the two citizens: 4 × 2/6
    d = dataclasses.replace(
        survey_definitions.fetch(con, "vi-du-dtxhh-2021"),
        groups=[
            dataclasses.replace(g, weight=None)
            for g in survey_definitions.fetch(con, "vi-du-dtxhh-2021").groups
        ],
    )
    survey_definitions.load(con, d)
    assert question_points(con, "X02")["C1"] == pytest.approx(4 * 2 / 6)


def test_interval_matches_the_hand_computed_case_pooled(con, pooled, tmp_path):
    # one question answered: form scores y = 4 × share = 4; 2,4; 0,8; 0 -> mean 1,8,
    # s = √(9,44 / 3) = 1,77389, se = s / √4 = 0,886945, half-width 1,96 × se = 1,738412
    forms = [form(i + 1, "Xã Bình Mỹ", "ND", C1=a) for i, a in enumerate("ABCD")]
    surveys.load_responses(con, responses(tmp_path / "phieu.xlsx", forms), 2024)
    row = survey(con)["X03"]
    assert (row["forms"], row["points"], row["max_points"]) == (4, 1.8, 35)
    assert (row["ci_low"], row["ci_high"]) == (
        round(1.8 - 1.738412, 2),
        round(1.8 + 1.738412, 2),
    )  # 0,06 – 3,54
    assert row["pct"] == round(1.8 / 35 * 100, 2)


def test_interval_matches_the_hand_computed_case_weighted_by_strata(con, tmp_path):
    # Người dân A, C (shares 1; 0,2), Cán bộ B, D (0,6; 0): weights 5/7 and 2/7 of question C1 (4 points)
    # score = 4 × (5/7 × 0,6 + 2/7 × 0,3) = 2,057143
    # variance = (4 × 5/7)² × 0,32 / 2 + (4 × 2/7)² × 0,18 / 2 = 1,306122 + 0,117551 = 1,423673, se = 1,193178
    forms = [
        form(1, "Xã Bình Mỹ", "ND", C1="A"),
        form(2, "Xã Bình Mỹ", "ND", C1="C"),
        form(3, "Xã Bình Mỹ", "CB", C1="B"),
        form(4, "Xã Bình Mỹ", "CB", C1="D"),
    ]
    surveys.load_responses(con, responses(tmp_path / "phieu.xlsx", forms), 2024)
    row = con.execute(
        "select points, standard_error, ci_low, ci_high from marts.unit_year_survey"
    ).fetchone()
    assert row[0] == pytest.approx(2.057143, abs=1e-6)
    assert row[1] == pytest.approx(1.193178, abs=1e-6)
    assert row[2] == 0  # 2,057 − 2,339 is below zero: an interval never leaves 0 – max
    assert row[3] == pytest.approx(2.057143 + 1.96 * 1.193178, abs=1e-5)


def test_sample_size_rule_at_its_boundary(con, tmp_path):
    # N = 400, e = 5 %: n = 400 / (1 + 400 × 0,0025) = 200 exactly; N = 1 000: 285,7 -> 286
    def load(citizens: int, officials: int):
        forms = [form(i, "Xã Tân Hòa", "ND", C1="A") for i in range(1, citizens + 1)]
        forms += [
            form(i, "Xã Tấn Hòa", "CB", C1="A")
            for i in range(citizens + 1, citizens + officials + 1)
        ]
        population = [["Xã Tân Hòa", "ND", 400], ["Xã Tấn Hòa", "Cán bộ, công chức", "1.000"]]
        surveys.load_responses(
            con, responses(tmp_path / f"phieu{citizens}.xlsx", forms, population), 2024
        )
        return survey(con)

    at = load(200, 286)
    assert (at["X04"]["required_forms"], at["X04"]["sample_ok"]) == (200, True)
    assert (at["X05"]["required_forms"], at["X05"]["sample_ok"]) == (286, True)
    below = load(199, 285)
    assert (below["X04"]["forms"], below["X04"]["sample_ok"]) == (199, False)
    assert (below["X05"]["forms"], below["X05"]["sample_ok"]) == (285, False)


def test_no_population_means_the_sample_is_not_judged(con, tmp_path):
    surveys.load_responses(
        con, responses(tmp_path / "phieu.xlsx", [form(1, "Xã Tân Hiệp", "ND", C1="A")]), 2024
    )
    assert survey(con)["X01"]["sample_ok"] is None


def test_survey_points_replace_the_score_sheets_survey_field_in_index_and_rank(con, tmp_path):
    from pipelines.loads.scores import load_scores
    from tests.files import summary_xlsx

    load_scores(
        con,
        summary_xlsx(
            tmp_path / "diem.xlsx",
            [
                ("Xã Tân Hiệp", [8, 6, 12, 5, 8, 6, 11, 30]),
                ("Xã An Bình", [8, 6, 12, 5, 8, 6, 11, 20]),
            ],
        ),
        2024,
    )
    before = {
        u: (p, r)
        for u, p, r in con.execute(
            "select unit_code, points, rank from marts.unit_year_ranking"
        ).fetchall()
    }
    assert before == {"X01": (86, 1), "X02": (76, 2)}
    full = {"C1": "A", "C2": "Có", "C3": 5, "C4": 5, "C5": 5, "C6": "A", "C7": 5, "C9": 5}
    forms = [
        form(1, "Xã An Bình", "ND", **full),
        form(2, "Xã An Bình", "CB", C1="A", C6="A", C8="A", C9=5),
    ]
    surveys.load_responses(con, responses(tmp_path / "phieu.xlsx", forms), 2024)
    after = {
        u: (p, r)
        for u, p, r in con.execute(
            "select unit_code, points, rank from marts.unit_year_ranking"
        ).fetchall()
    }
    assert after == {
        "X02": (91, 1),
        "X01": (86, 2),
    }  # 56 appraised + 35 from the survey; X01 keeps its sheet's 30
    field8 = con.execute(
        "select points from marts.unit_year_field_index where unit_code = 'X02' and field_code = '8'"
    ).fetchone()
    assert field8 == (35,)
    criteria = dict(
        con.execute(
            "select criterion_code, source_cell from marts.unit_year_criterion_scores"
            " where unit_code = 'X02' and criterion_code like '8%'"
        ).fetchall()
    )
    assert criteria == {
        "8.1": "cột E, F (câu C1, C2)",
        "8.2": "cột G, H (câu C3, C4)",
        "8.3": "cột I, J (câu C5, C6)",
        "8.4": "cột K (câu C7)",
        "8.5": "cột L, M (câu C8, C9)",
    }  # the field total of the sheet is gone
    again = load_scores(
        con,
        summary_xlsx(tmp_path / "lai.xlsx", [("Xã An Bình", [8, 6, 12, 5, 8, 6, 11, 20])]),
        2024,
        dry_run=True,
    )
    assert again.warnings == [
        "1 đơn vị đã có phiếu khảo sát năm 2024: điểm ĐTXHH trong tệp (tiêu chí 8, …) không được"
        " dùng mà thay bằng điểm tính từ phiếu — Xã An Bình: tệp 20,00, phiếu 35,00"
    ]
    assert again.changes["points"].tolist() == [91]  # the preview shows the points that will count


def test_forms_without_a_score_sheet_make_no_index(con, tmp_path):
    surveys.load_responses(
        con, responses(tmp_path / "phieu.xlsx", [form(1, "Xã An Bình", "ND", C1="A")]), 2024
    )
    assert survey(con)["X02"]["forms"] == 1
    assert con.execute("select count(*) from marts.unit_year_ranking").fetchone() == (0,)


def test_a_newer_upload_replaces_and_rolling_it_back_restores(con, tmp_path):
    first = surveys.load_responses(
        con, responses(tmp_path / "a.xlsx", [form(1, "Xã Tân Hiệp", "ND", C1="A")]), 2024
    )
    second = surveys.load_responses(
        con, responses(tmp_path / "b.xlsx", [form(1, "Xã Tân Hiệp", "ND", C1="D")]), 2024
    )
    assert second.replaced_units == ["X01"] and question_points(con, "X01") == {"C1": 0}
    assert (
        f"Phiếu khảo sát trước lần tải này được dùng lại: lần tải #{first.upload_id} (a.xlsx) cho 1 đơn vị."
        in uploads.rollback(con, second.upload_id, "hoa")
    )
    assert question_points(con, "X01") == {"C1": 4} and first.upload_id < second.upload_id


def test_a_bad_file_lists_every_problem_with_its_cell_and_loads_nothing(con, tmp_path):
    header = [*HEADER[:12], "C10", "C9", "Ghi chú"]
    rows = TITLE + [
        header,
        [1, "P1", "Xã Tân Hiệp", "ND", "E", "Có", 7, 4, 4, "A", 5, None, None, 5, ""],
        [2, "P1", "Xã Không Có", "ND", "A", "Có", 4, 4, 4, "A", 5, None, None, 5, ""],
        [3, "P3", "Xã An Bình", "Khách", "A", "Có", 4, 4, 4, "A", 5, None, None, 5, ""],
        [4, "P4", "Xã An Bình", "CB", "A", "Có", None, None, None, "A", None, "A", None, 5, ""],
        [5, None, "Xã Cũ Lạc", "ND", "A", "Có", 4, 4, 4, "A", 5, None, None, 5, ""],
    ]
    path = write_xlsx(tmp_path / "phieu.xlsx", {"Phiếu": rows})
    problems = rejected(con, lambda: surveys.load_responses(con, path, 2024))
    assert problems == [
        "Phiếu!M3: Cột «C10» không phải câu hỏi nào của bộ câu hỏi vi-du-dtxhh-2021 (có: C1, C2, C3, C4, C5, C6, C7, C8, C9)",
        "Phiếu!E4: Câu C1: câu trả lời «E» không có trong thang đo (chỉ nhận A (Rất tốt), B (Tốt), C (Trung bình), D (Kém))",
        "Phiếu!G4: Câu C3: câu trả lời «7» không có trong thang đo (chỉ nhận 1 (Rất không hài lòng), 2 (Không hài lòng),"
        " 3 (Bình thường), 4 (Hài lòng), 5 (Rất hài lòng))",
        "Phiếu!B5: Mã phiếu «P1» trùng với phiếu ở ô B4",
        "Phiếu!C5: Không có đơn vị «Xã Không Có» trong danh mục",
        "Phiếu!D6: Nhóm đối tượng «Khách» không có trong bộ câu hỏi (có: ND (Người dân), TC (Tổ chức, doanh nghiệp),"
        " CB (Cán bộ, công chức))",
        "Phiếu!F7: Câu C2 không dành cho nhóm Cán bộ, công chức nhưng có câu trả lời",
        "Phiếu!B8: Thiếu mã phiếu",
        "Phiếu!C8: Đơn vị «Xã Cũ Lạc» (X99) không còn hiệu lực năm 2024, đã sáp nhập vào X06",
    ]


def test_a_missing_question_column_and_a_recurring_bad_value_are_each_said_once(con, tmp_path):
    header = [h for h in HEADER if h != "C7"]
    rows = (
        TITLE
        + [header]
        + [[n, f"P{n}", "Xã Tân Hiệp", "ND", "X", *[None] * 8, ""] for n in range(1, 9)]
    )
    problems = rejected(
        con,
        lambda: surveys.load_responses(con, write_xlsx(tmp_path / "p.xlsx", {"Phiếu": rows}), 2024),
    )
    assert problems == [
        "Phiếu!A3: Thiếu cột cho câu C7 «Mức độ hài lòng với dịch vụ công trực tuyến»",
        "Phiếu!E4: Câu C1: câu trả lời «X» không có trong thang đo (chỉ nhận A (Rất tốt), B (Tốt), C (Trung bình),"
        " D (Kém)) (cả ở E5, E6, E7, E8 và 3 ô khác)",
    ]


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "Tệp rỗng (0 byte)"),
        ("Mã phiếu;Đơn vị;Nhóm;C1\n", "Tệp không có phiếu nào dưới dòng tiêu đề"),
        (
            "a;b;c\n1;2;3\n",
            "Không tìm thấy dòng tiêu đề có các cột «Mã phiếu», «Đơn vị», «Nhóm đối tượng»",
        ),
    ],
)
def test_empty_or_headerless_csv_is_refused_with_a_reason(con, tmp_path, content, message):
    path = tmp_path / "phieu.csv"
    path.write_text(content, encoding="utf-8")
    assert any(message in p for p in rejected(con, lambda: surveys.load_responses(con, path, 2024)))


def test_csv_export_of_an_online_form_loads_like_the_workbook(con, tmp_path):
    path = tmp_path / "google-form.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "Dấu thời gian",
                "Mã phiếu",
                "Mã đơn vị",
                "Đối tượng",
                "C1. Thông tin công khai",
                "Câu 9",
            ]
        )
        w.writerow(["2024-05-01 08:00", "W1", "X01", "Người dân", "A. Rất tốt", "Hài lòng"])
        w.writerow(["2024-05-01 08:05", "W2", "X01", "Tổ chức, doanh nghiệp", "B", "5"])
    with pytest.raises(InvalidInput) as e:  # C2–C8 have no column: refused, and says which
        surveys.load_responses(con, path, 2024)
    assert len(e.value.problems) == 7
    d = survey_definitions.fetch(con, "vi-du-dtxhh-2021")
    only = dataclasses.replace(d, code="hai-cau", questions=[d.questions[0], d.questions[-1]])
    assert surveys.check_responses(con, path, 2024, definition=only).report.answers == 4


def test_cli_loads_with_a_definition_and_summarises_as_json(db_path, tmp_path, capsys):
    definition = tmp_path / "bo-cau-hoi.xlsx"
    assert cli.main(["--db", str(db_path), "template", "survey", "--out", str(definition)]) == 0
    forms = [form(1, "Xã Tân Hiệp", "ND", C1="A", C9=5), form(2, "Xã Tân Hiệp", "ND", C1="B", C9=4)]
    path = responses(tmp_path / "phieu.xlsx", forms, [["Xã Tân Hiệp", "ND", 2]])
    assert (
        cli.main(
            [
                "--db",
                str(db_path),
                "survey",
                "load",
                str(path),
                "--year",
                "2024",
                "--definition",
                str(definition),
            ]
        )
        == 0
    )
    assert "2 phiếu, 4 câu trả lời, 1 đơn vị" in capsys.readouterr().out
    assert (
        cli.main(["--db", str(db_path), "survey", "summary", "--year", "2024", "--format", "json"])
        == 0
    )
    (row,) = json.loads(capsys.readouterr().out)
    assert row == {
        "unit": "Xã Tân Hiệp",
        "unit_code": "X01",
        "forms": 2,
        "points": 5.83,
        "max_points": 35.0,
        "pct": 16.64,
        "ci_low": row["ci_low"],
        "ci_high": row["ci_high"],
        "sample_ok": True,
    }
    assert (
        row["ci_low"] < 5.83 < row["ci_high"]
    )  # 4 × 0,8 + 3 × 0,875 = 5,825, the interval around it


def test_cli_refuses_a_bad_definition_and_its_responses_together(db_path, tmp_path, capsys):
    definition = tmp_path / "bo-cau-hoi.xlsx"
    d = survey_definitions.read_toml(survey_definitions.EXAMPLE_SURVEY)
    bad = dataclasses.replace(
        d,
        code="sai",
        questions=[dataclasses.replace(d.questions[0], points=5, scale="abc"), *d.questions[1:]],
    )
    templates.write_survey_definition(bad, definition)
    path = responses(tmp_path / "phieu.xlsx", [form(1, "Xã Tân Hiệp", "ND", C1="A")])
    assert (
        cli.main(
            [
                "--db",
                str(db_path),
                "survey",
                "load",
                str(path),
                "--year",
                "2024",
                "--definition",
                str(definition),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "Câu hỏi!A2: Câu C1: không có thang đo «abc»" in err
    assert "Tiêu chí 8.1 tối đa 7,00 điểm nhưng các câu hỏi cộng lại 8,00 điểm" in err
    con = db.connect(db_path)
    assert con.execute("select count(*) from raw.survey_forms").fetchone() == (0,)
    assert con.execute(
        "select count(*) from ref.survey_definitions where definition_code = 'sai'"
    ).fetchone() == (0,)
    con.close()


def test_definition_workbook_round_trips_and_partial_weights_are_refused(con, tmp_path):
    d = survey_definitions.read_toml(survey_definitions.EXAMPLE_SURVEY)
    path = tmp_path / "bo.xlsx"
    templates.write_survey_definition(d, path)
    assert survey_definitions.read_workbook(path) == d
    half = dataclasses.replace(
        d, groups=[d.groups[0], dataclasses.replace(d.groups[1], weight=None), d.groups[2]]
    )
    templates.write_survey_definition(half, path)
    with pytest.raises(InvalidInput) as e:
        survey_definitions.load(con, survey_definitions.read_workbook(path))
    assert [str(p) for p in e.value.problems] == [
        "Trọng số nhóm: cho mọi nhóm hoặc để trống tất cả (gộp mọi câu trả lời)"
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_blank_rows_are_not_forms_and_cells_keep_their_rows(con, tmp_path, suffix):
    rows = [
        HEADER,
        form(1, "Xã An Bình", "ND", C1="A"),
        [None] * 14,
        form(2, "Xã An Bình", "ND", C1="Z"),
        [None] * 14,
    ]
    path = tmp_path / f"phieu{suffix}"
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([["" if v is None else v for v in r] for r in rows])
    else:
        write_xlsx(path, {"Phiếu": rows})
    problems = rejected(con, lambda: surveys.load_responses(con, path, 2024))
    assert [p.split(": ", 1)[0] for p in problems] == [
        f"{path.stem if suffix == '.csv' else 'Phiếu'}!E4"
    ]


def test_a_bad_population_sheet_is_refused_with_its_cells(con, tmp_path):
    path = responses(
        tmp_path / "phieu.xlsx",
        [form(1, "Xã An Bình", "ND", C1="A")],
        [
            ["Xã An Bình", "ND", "nhiều"],
            ["Xã Không Có", "ND", 100],
            ["Xã An Bình", "Khách", 5],
            ["Xã An Bình", "Cán bộ, công chức", 20],
            ["An Bình", "CB", 25],
        ],
    )
    assert rejected(con, lambda: surveys.load_responses(con, path, 2024)) == [
        "Tổng thể!C2: Tổng thể «nhiều» phải là số nguyên dương",
        "Tổng thể!A3: Không có đơn vị «Xã Không Có» trong danh mục",
        "Tổng thể!B4: Nhóm đối tượng «Khách» không có trong bộ câu hỏi",
        "Tổng thể!A6: Tổng thể của Xã An Bình, nhóm CB ghi hai lần",
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_csv_of_forms_typed_in_a_tcvn3_font_reads_as_unicode(tmp_path, encoding):
    path = (
        tmp_path / "phieu.csv"
    )  # UTF-8 takes the fast reader, cp1252 the general one: both convert
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(
            [["M· phiÕu", "§¬n vÞ", "Nhãm", "C1"], ["P1", "X· T©n Hßa", "Ng\xadêi d©n", "A"]]
        )
    table = surveys.read_table(path, path.name, ("form_id", "unit", "group"))
    assert table.headers == ["Mã phiếu", "Đơn vị", "Nhóm", "C1"]
    assert [str(c[0]) for c in table.columns[1:3]] == ["Xã Tân Hòa", "Người dân"]
