"""Every template we write for the office to fill in or edit and load back as it is: score
sheets, survey forms, commitments and progress, the unit registry, a framework, a survey
definition. (What each loader reads is in pipelines/loads/; the column titles these share with
it are read from there.)"""

from pathlib import Path

import duckdb

from pipelines import frameworks, reads, survey_definitions, vocabulary
from pipelines.loads import commitment_workbook, framework_workbook, units
from pipelines.problems import InvalidInput, Problem
from pipelines.workbooks import excel
from pipelines.workbooks.excel import FONT


def units_for(con: duckdb.DuckDBPyConnection, year: int, group: str) -> list[tuple[str, str, str]]:
    """(code, name, kind) of the units of `group` in force in `year`, in Vietnamese order."""
    return list(reads.units_in_force(con, year, group).itertuples(index=False, name=None))


def write_scores_template(con: duckdb.DuckDBPyConnection, year: int, group: str, out: Path) -> None:
    """A detailed sheet: one row per criterion, a Tự chấm / Thẩm định pair per unit."""
    units = units_for(con, year, group)
    if not units:
        raise InvalidInput([Problem(f"Không có đơn vị nào thuộc nhóm {group} năm {year}")])
    code = frameworks.for_unit_year(con, year, units[0][2])
    if code is None:
        raise InvalidInput([Problem(f"Chưa có bộ chỉ số năm {year} cho nhóm {group}")])
    fw = frameworks.fetch(con, code)
    wb = excel.workbook(out)
    base = {"font_name": FONT, "font_size": 12}
    title = wb.add_format({**base, "bold": True, "font_size": 14})
    head = wb.add_format(
        {
            **base,
            "bold": True,
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "bg_color": "#D9E1F2",
        }
    )
    text = wb.add_format({**base, "border": 1, "text_wrap": True})
    group_text = wb.add_format({**base, "border": 1, "text_wrap": True, "bold": True})
    number = wb.add_format({**base, "border": 1, "num_format": "0.00"})
    entry = wb.add_format(
        {**base, "border": 1, "num_format": "0.00", "bg_color": "#FFF2CC", "locked": False}
    )
    ws = wb.add_worksheet("Cham diem")
    ws.write(0, 0, f"BẢNG CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}", title)
    note = " (VÍ DỤ)" if fw.is_example else ""
    ws.write(1, 0, f"Bộ chỉ số: {fw.name}{note}. Ghi KAD nếu tiêu chí không áp dụng với đơn vị.")
    h = 3
    for c, label in enumerate(["Mã", "Tiêu chí", "Điểm tối đa"]):
        ws.merge_range(h, c, h + 1, c, label, head)
    for i, (_, name, _) in enumerate(units):
        c = 3 + 2 * i
        ws.merge_range(h, c, h, c + 1, name, head)
        ws.write(h + 1, c, "Tự chấm", head)
        ws.write(h + 1, c + 1, "Thẩm định", head)
    kids = fw.children()
    for r, crit in enumerate(fw.criteria, start=h + 2):
        leaf = crit.code not in kids
        ws.write_string(r, 0, crit.code, text if leaf else group_text)
        ws.write_string(r, 1, crit.name, text if leaf else group_text)
        ws.write_number(r, 2, crit.max_points, number)
        for i in range(len(units)):
            for c in (3 + 2 * i, 4 + 2 * i):
                ws.write_blank(r, c, None, entry if leaf else number)
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 48)
    ws.set_column(2, 2, 9)
    ws.set_column(3, 2 + 2 * len(units), 10)
    ws.freeze_panes(h + 2, 3)
    wb.close()


def write_survey_template(con: duckdb.DuckDBPyConnection, year: int, out: Path) -> str:
    """A workbook to enter the forms of a year ('Phiếu') and the population N of each unit and
    group ('Tổng thể'), with the answers each question accepts ('Thang đo')."""
    codes = survey_definitions.for_year(con, year)
    if not codes:
        raise InvalidInput([Problem(f"Chưa có bộ câu hỏi điều tra xã hội học cho năm {year}")])
    d = survey_definitions.fetch(con, codes[0])
    in_force = reads.units_in_force(con, year)
    units = in_force.loc[in_force["kind"] != "district", "unit_name"].tolist()
    wb = excel.workbook(out)
    bold = wb.add_format(
        {"bold": True, "font_name": FONT, "text_wrap": True, "valign": "top", "border": 1}
    )
    text = wb.add_format({"font_name": FONT})
    ws = wb.add_worksheet("Phiếu")
    ws.write_row(
        0, 0, ["Mã phiếu", "Đơn vị", "Nhóm", *(f"{q.code}. {q.text}" for q in d.questions)], bold
    )
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2, 10)
    ws.set_column(3, 2 + len(d.questions), 16)
    ws.set_row(0, 75)
    ws.freeze_panes(1, 3)
    ws = wb.add_worksheet("Tổng thể")
    ws.write_row(0, 0, ["Đơn vị", "Nhóm", "Tổng thể"], bold)
    row = 1
    for unit in units:
        for g in d.groups:
            ws.write_row(row, 0, [unit, g.code], text)
            row += 1
    ws.set_column(0, 0, 30)
    ws = wb.add_worksheet("Thang đo")
    ws.write_row(0, 0, ["Câu", "Nhóm trả lời", "Câu trả lời nhận (mã hoặc nhãn)"], bold)
    for i, q in enumerate(d.questions, start=1):
        ws.write_row(
            i,
            0,
            [
                q.code,
                ", ".join(d.answers_of(q)),
                "; ".join(f"{o.code} = {o.label}" for o in d.scales[q.scale]),
            ],
            text,
        )
    ws.write_row(
        len(d.questions) + 2, 0, ["Nhóm", "; ".join(f"{g.code} = {g.name}" for g in d.groups)], text
    )
    ws.set_column(2, 2, 80)
    wb.close()
    return f"Đã ghi mẫu {out} (bộ câu hỏi {d.code}, {len(units)} đơn vị)"


def write_commitment_template(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    """Two sheets: commitments to register, and progress (listing the commitments already there)."""
    wb, f = excel.follow_up_workbook(out)
    ws = wb.add_worksheet("Cam kết")
    ws.write_row(0, 0, commitment_workbook.TASK_COLUMNS, f["head"])
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 26)
    ws.set_column(4, 4, 44)
    ws.set_column(9, 13, 14, f["date"])
    ws = wb.add_worksheet("Tiến độ")
    ws.write_row(0, 0, commitment_workbook.UPDATE_COLUMNS, f["head"])
    rows = con.execute(
        "select commitment_code, title from raw.commitments order by year desc, commitment_code"
    ).fetchall()
    for r, (code, title) in enumerate(rows, start=1):
        ws.write_row(r, 0, [code, title], f["text"])
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 50)
    ws.set_column(2, 2, 12, f["date"])
    ws.set_column(3, 6, 16)
    ws = wb.add_worksheet(commitment_workbook.REPORT_SHEET)
    ws.write_row(0, 0, commitment_workbook.REPORT_COLUMNS, f["head"])
    (year,) = con.execute("select max(year) from marts.unit_year_ranking").fetchone()
    units = (
        con.execute(
            "select unit_name from marts.year_duties where year = ? and duty = 'tasks'"
            " order by unit_name collate vi",
            [year],
        ).fetchall()
        if year
        else []
    )
    for r, (unit,) in enumerate(units, start=1):
        ws.write_row(r, 0, [unit, year], f["text"])
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2, 22)
    ws.set_column(3, 3, 12, f["date"])
    ws.set_column(4, 4, 40)
    wb.close()


def write_units(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    """The unit registry as the office keeps it, to edit and load back (`cchc units load`)."""
    rows = con.execute(
        "select u.unit_code, u.unit_name, u.kind, u.parent_code, u.valid_from, u.valid_to,"
        " (select string_agg(alias, '; ' order by alias) from ref.unit_aliases a where a.unit_code = u.unit_code),"
        " (select string_agg(merged_code, '; ') from ref.unit_lineage l where l.former_code = u.unit_code),"
        " (select case when count(*) = 1 then any_value(weight) end from ref.unit_lineage l where l.former_code = u.unit_code)"
        " from ref.units u order by u.kind, u.unit_name collate vi"
    ).fetchall()
    words = vocabulary.registry_words(con)
    wb = excel.workbook(out)
    ws = wb.add_worksheet("Danh muc don vi")
    bold = wb.add_format({"bold": True, "font_name": FONT, "bg_color": "#D9E1F2", "border": 1})
    text = wb.add_format({"font_name": FONT})
    ws.write_row(0, 0, units.COLUMNS, bold)
    for r, (code, name, kind, parent, start, end, other, merged, weight) in enumerate(
        rows, start=1
    ):
        ws.write_row(
            r,
            0,
            [
                code,
                name,
                words[kind],
                parent or "",
                start or "",
                end or "",
                other or "",
                merged or "",
                "" if weight is None else weight,
            ],
            text,
        )
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 34)
    ws.set_column(2, 5, 12)
    ws.set_column(6, 6, 36)
    ws.set_column(7, 7, 18)
    ws.set_column(8, 8, 16)
    ws.freeze_panes(1, 0)
    wb.close()


def write_framework(
    framework: frameworks.Framework, out: Path, con: duckdb.DuckDBPyConnection | None = None
) -> None:
    """A framework as the office keeps it (sheets Bộ chỉ số, Tiêu chí, Xếp loại, Cảnh báo), to
    edit and load back (`cchc framework load`)."""
    f = framework
    words = vocabulary.registry_words(con or vocabulary.reference())
    wb = excel.workbook(out)
    bold = wb.add_format({"bold": True, "font_name": FONT})
    text = wb.add_format({"font_name": FONT})
    month, day = f.plan_due.split("-")
    values = {
        "code": f.code,
        "name": f.name,
        "year_from": f.year_from,
        "year_to": f.year_to,
        "unit_kinds": ", ".join(words[k] for k in f.unit_kinds),
        "example": "x" if f.is_example else "",
        "bonus_cap": f.bonus_cap,
        "penalty_cap": f.penalty_cap,
        "plan_due": f"{int(day)}/{int(month)}",
        "method": f.method,
        "task_bonus_points": f.task_bonus_points,
    }
    sheets = {
        "Bộ chỉ số": (
            ["Mục", "Giá trị"],
            [[label, values[key]] for label, key in framework_workbook.META],
        ),
        "Tiêu chí": (
            ["Mã", "Tên lĩnh vực / tiêu chí", "Điểm tối đa", "ĐTXHH"],
            [[c.code, c.name, c.max_points, "x" if c.is_survey else ""] for c in f.criteria],
        ),
        "Xếp loại": (
            ["Xếp loại", "Từ (%)", "Phải có kế hoạch", "Màu"],
            [
                [
                    b["name"],
                    b["min_pct"],
                    "x" if b.get("requires_plan") else "",
                    b.get("color") or "",
                ]
                for b in f.bands
            ],
        ),
        "Cảnh báo": (
            [
                "Mã quy tắc",
                "Lĩnh vực (trống = mọi lĩnh vực)",
                "Ngưỡng (% điểm tối đa)",
                "Phải có kế hoạch",
            ],
            [
                [
                    r["code"],
                    r["field"] or "",
                    r["threshold_pct"],
                    "x" if r.get("requires_plan") else "",
                ]
                for r in f.flag_rules
            ],
        ),
    }
    for name, (header, rows) in sheets.items():
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, header, bold)
        for i, row in enumerate(rows, start=1):
            ws.write_row(i, 0, row, text)
        ws.set_column(0, 0, 16)
        ws.set_column(1, 1, 60)
        ws.set_column(2, 3, 14)
    wb.close()


def write_survey_definition(d: survey_definitions.Definition, out: Path) -> None:
    """A survey definition as a workbook, to edit and load back (`cchc survey definition load`)."""
    wb = excel.workbook(out)
    bold = wb.add_format({"bold": True, "font_name": FONT, "text_wrap": True, "valign": "top"})
    text = wb.add_format({"font_name": FONT, "text_wrap": True, "valign": "top"})
    values = {
        "code": d.code,
        "name": d.name,
        "framework": d.framework_code,
        "year_from": d.year_from,
        "year_to": d.year_to,
        "margin": d.margin_pct,
        "example": "x" if d.is_example else "",
    }
    content = (
        (["Mục", "Giá trị"], [[label, values[key]] for label, key in survey_definitions.META]),
        (
            survey_definitions.HEADERS["groups"],
            [[g.code, g.name, g.weight if g.weight is not None else ""] for g in d.groups],
        ),
        (
            survey_definitions.HEADERS["scales"],
            [[s, o.code, o.label, o.share_pct] for s, options in d.scales.items() for o in options],
        ),
        (
            survey_definitions.HEADERS["questions"],
            [
                [q.code, q.text, q.criterion, q.points, q.scale, ", ".join(q.groups)]
                for q in d.questions
            ],
        ),
    )
    for name, (header, body) in zip(survey_definitions.SHEET_TITLES, content):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, header, bold)
        for i, row in enumerate(body, start=1):
            ws.write_row(i, 0, row, text)
        ws.set_column(0, 0, 18)
        ws.set_column(1, 1, 60 if name == "Câu hỏi" else 30)
        ws.set_column(2, 5, 16)
        ws.freeze_panes(1, 0)
    wb.close()
