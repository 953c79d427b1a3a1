"""The ranked table as an officer attaches it to the decision, and as CSV."""

import openpyxl

from pipelines import reads
from pipelines.loads.scores import load_scores
from pipelines.workbooks import excel
from tests.files import FAIR, GOOD, summary_xlsx
from tests.sql.test_marts import change


def test_official_xlsx_layout(con, tmp_path):
    load_scores(
        con,
        summary_xlsx(tmp_path / "a.xlsx", [("Xã An Bình", GOOD), ("Xã Bình Mỹ", FAIR)], year=2023),
        2023,
    )
    load_scores(
        con, summary_xlsx(tmp_path / "b.xlsx", [("Xã An Bình", FAIR), ("Xã Bình Mỹ", GOOD)]), 2024
    )
    out = tmp_path / "xep_hang.xlsx"
    excel.write_ranking(con, 2024, None, out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Xếp hạng Cấp xã"]
    # nothing set yet: blanks to fill in by hand, not a province's name made up
    assert (
        ws["A1"].value == "ỦY BAN NHÂN DÂN TỈNH ……"
        and ws["I1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )
    assert ws["I2"].value == "Độc lập - Tự do - Hạnh phúc"
    assert ws["I3"].value == "……, ngày      tháng      năm 2025"
    assert (
        ws["A5"].value
        == "KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024 CỦA CÁC XÃ, PHƯỜNG, ĐẶC KHU"
    )
    # so với năm trước: chỉ số (điểm %), điểm, hạng
    assert [ws.cell(10, c).value for c in (1, 2, 11, 13, 14, 15, 16, 17)] == [
        1,
        "Xã Bình Mỹ",
        86,
        86,
        "Hoàn thành tốt nhiệm vụ",
        10,
        10,
        1,
    ]
    assert [ws.cell(11, c).value for c in (1, 2, 11, 13, 15, 16, 17, 18)] == [
        2,
        "Xã An Bình",
        76,
        76,
        -10,
        -10,
        -1,
        "Phải có kế hoạch khắc phục",
    ]
    assert ws.cell(11, 13).number_format == "[$-42A]0.00" and isinstance(
        ws.cell(11, 13).value, (int, float)
    )
    assert ws.cell(11, 2).fill.fgColor.rgb.endswith("FCE4D6") and not ws.cell(
        10, 2
    ).fill.fgColor.rgb.endswith("FCE4D6")
    assert {
        ws.cell(r, c).font.name
        for r in range(1, 12)
        for c in range(1, 19)
        if ws.cell(r, c).value is not None
    } == {"Times New Roman"}
    assert ws.print_title_rows == "$8:$9"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    method = wb["Bộ chỉ số và phương pháp"]
    texts = [c.value for row in method.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("VÍ DỤ" in t for t in texts) and "Cải cách thủ tục hành chính" in texts


def test_csv_has_bom_and_neutralised_formulas(con, tmp_path):
    load_scores(con, summary_xlsx(tmp_path / "a.xlsx", [("Xã An Bình", GOOD)]), 2024)
    change(con, "update ref.units set unit_name = '=HYPERLINK(\"x\")' where unit_code = 'X02'")
    data = excel.ranking_csv_bytes(reads.ranking(con, 2024))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Xếp hạng,Mã đơn vị,Đơn vị")
    assert "'=HYPERLINK" in text and ',"=HYPERLINK' not in text
    assert excel.neutralise("-1+2") == "'-1+2" and excel.neutralise(-1.5) == -1.5
