"""The ranked annex as .docx, for offices that publish in Word: Decree 30/2020 layout (Times New
Roman; issuing body and national motto side by side; title; «Kèm theo Quyết định số …»), A4
landscape, the table's two header rows repeated on every page, signature block and «Nơi nhận»."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from pipelines.text import vn_number
from pipelines.workbooks import annex
from pipelines.workbooks.excel import DRAFT_COLOUR
from pipelines.workbooks.issuing_body import BLANK

FONT = "Times New Roman"
WIDTH_MM = 297 - 25 - 15  # A4 landscape less the left and right margins
FIXED_MM = {
    "rank": 11,
    "points": 12.5,
    "points_change": 12.5,
    "rank_change": 10,
}  # «100,00» at 10 pt
WRAPPED = 18  # the share (in character widths) of a text column other than the unit's, at most
CELL_MARGIN_TWIPS = 50  # about 0,9 mm each side, so that five digits fit in 12,5 mm
FLAG_FILL = "FCE4D6"
HEAD_FILL = "D9E1F2"


def docx_bytes(paper: annex.Annex) -> bytes:
    doc = Document()
    _page(doc)
    for i, part in enumerate(paper.parts):
        if i:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _heading(doc, paper, part)
        _table(doc, part)
        _text(doc.add_paragraph(), paper.note, size=11, italic=True)
        _signature(doc, paper.body)
    if not paper.parts:
        _text(doc.add_paragraph(), f"Chưa có điểm năm {paper.year}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(25), Mm(15)
    section.top_margin = section.bottom_margin = Mm(20)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")


def _heading(doc, paper: annex.Annex, part: annex.Part) -> None:
    body = paper.body
    top = _bare_table(doc, 2, [0.42, 0.58])
    left, right = top.rows[0].cells
    if body.parent:
        _text(left.paragraphs[0], body.parent.upper(), size=12, align="center")
        _text(left.add_paragraph(), body.name.upper(), size=12, bold=True, align="center")
    else:
        _text(left.paragraphs[0], body.name.upper(), size=12, bold=True, align="center")
    _text(left.add_paragraph(), "———————", size=10, align="center")
    _text(
        right.paragraphs[0],
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        size=12,
        bold=True,
        align="center",
    )
    _text(right.add_paragraph(), "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center")
    _text(right.add_paragraph(), "———————————", size=10, align="center")
    _text(
        right.add_paragraph(), body.date_line(paper.year + 1), size=13, italic=True, align="center"
    )
    _text(doc.add_paragraph(), "", size=6)
    if paper.draft:
        _text(
            doc.add_paragraph(),
            paper.draft,
            size=13,
            bold=True,
            align="center",
            colour=DRAFT_COLOUR,
        )
    _text(doc.add_paragraph(), part.title, size=14, bold=True, align="center")
    _text(doc.add_paragraph(), body.attached_to(), size=13, italic=True, align="center")
    _text(doc.add_paragraph(), "", size=6)


def _table(doc, part: annex.Part) -> None:
    columns = part.columns
    table = doc.add_table(rows=2 + len(part.rows), cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed = [FIXED_MM.get(c.kind) for c in columns]
    room = WIDTH_MM - sum(w for w in fixed if w)
    # the unit's name keeps its width; band and notes wrap in the room left (they may take lines)
    share = [c.width if c.title == "Đơn vị" else min(c.width, WRAPPED) for c in columns]
    text = sum(s for s, w in zip(share, fixed) if not w)
    _widths(table, [w or room * s / text for s, w in zip(share, fixed)])
    _narrow_margins(table)
    head, sub = table.rows[0], table.rows[1]
    j = 0
    while j < len(columns):
        group = columns[j].group
        span = 1
        while group and j + span < len(columns) and columns[j + span].group == group:
            span += 1
        if group:
            cell = head.cells[j].merge(head.cells[j + span - 1]) if span > 1 else head.cells[j]
            _cell(cell, group, bold=True, align="center", fill=HEAD_FILL)
            for k in range(j, j + span):
                _cell(sub.cells[k], columns[k].title, bold=True, align="center", fill=HEAD_FILL)
        else:
            _cell(
                head.cells[j].merge(sub.cells[j]),
                columns[j].title,
                bold=True,
                align="center",
                fill=HEAD_FILL,
            )
        j += span
    for row in (head, sub):
        _repeat(row)
    for row, values, flagged in zip(table.rows[2:], part.rows, part.flagged):
        _keep_whole(row)
        for cell, col, value in zip(row.cells, columns, values):
            _cell(
                cell,
                _shown(col.kind, value),
                align="left"
                if col.kind == "text"
                else "right"
                if col.kind == "points"
                else "center",
                fill=FLAG_FILL if flagged else None,
            )


def _shown(kind: str, value) -> str:
    """A cell as the paper prints it: 85,50; +1,25; ↑3; nothing for a blank."""
    if value is None or value == "":
        return ""
    if kind == "points":
        return vn_number(value)
    if kind == "points_change":
        return ("+" if value > 0 else "") + vn_number(value)
    if kind == "rank_change":
        return f"↑{value}" if value > 0 else f"↓{-value}" if value < 0 else "="
    return str(value)


def _signature(doc, body) -> None:
    _text(doc.add_paragraph(), "", size=8)
    block = _bare_table(doc, 2, [0.5, 0.5])
    left, right = block.rows[0].cells
    _text(left.paragraphs[0], "Nơi nhận:", size=12, bold=True, italic=True)
    for i, to in enumerate(body.recipients):
        _text(
            left.add_paragraph(), f"- {to}{'.' if i == len(body.recipients) - 1 else ';'}", size=11
        )
    first = True
    for line in body.signature():
        _text(
            right.paragraphs[0] if first else right.add_paragraph(),
            line,
            size=13,
            bold=True,
            align="center",
        )
        first = False
    for _ in range(4):
        right.add_paragraph()
    _text(right.add_paragraph(), body.signer_name or BLANK, size=13, bold=True, align="center")


def _bare_table(doc, cols: int, shares: list[float]):
    table = doc.add_table(rows=1, cols=cols)
    _widths(table, shares)
    return table


def _widths(table, weights: list[float]) -> None:
    """Fixed column widths sharing the page's width by weight (the grid and every cell: Word
    reads one, LibreOffice the other)."""
    table.autofit = False
    total = sum(weights)
    for column, weight in zip(table.columns, weights):
        column.width = Mm(WIDTH_MM * weight / total)
        for cell in column.cells:
            cell.width = Mm(WIDTH_MM * weight / total)


def _cell(
    cell, text: str, bold: bool = False, align: str = "left", fill: str | None = None
) -> None:
    _text(cell.paragraphs[0], text, size=10, bold=bold, align=align)
    if fill:
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:fill"), fill)
        cell._tc.get_or_add_tcPr().append(shade)


def _text(
    paragraph,
    text: str,
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    align: str = "left",
    colour: str | None = None,
) -> None:
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    for i, line in enumerate(text.split("\n")):  # a header «LV 1\n(9)» keeps its two lines
        run = paragraph.add_run()
        if i:
            run.add_break(WD_BREAK.LINE)
        run.add_text(line)
        run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), bold, italic
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))


def _narrow_margins(table) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    table._tbl.tblPr.append(margins)


def _keep_whole(row) -> None:
    """A row is not split across two pages (w:cantSplit)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat(row) -> None:
    """The row is repeated at the top of every page the table runs onto (w:tblHeader)."""
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE) in the paragraph."""
    for kind, text in (("begin", None), (None, code), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
