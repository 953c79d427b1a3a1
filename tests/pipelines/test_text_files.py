"""Legacy fonts and encodings in real files, read through read_sheets: each sheet decided on
its own text, every cell compared with the exact Vietnamese."""

import pytest

from pipelines.workbook import read_sheets
from tests.files import write_xlsx

ROWS = [["STT", "Tên đơn vị", "Điểm"], ["1", "Xã Đông Hòa", "8,5"], ["2", "Phường Mường Khương", "7"],
        ["3", "Thị trấn Phú Hòa", "9,25"]]
TCVN3 = [["STT", "Tªn ®¬n vÞ", "§iÓm"], ["1", "X· §«ng Hßa", "8,5"], ["2", "Ph\xadêng M\xadêng Kh\xad¬ng", "7"],
         ["3", "ThÞ trÊn Phó Hßa", "9,25"]]
VNI = [["STT", "Teân ñôn vò", "Ñieåm"], ["1", "Xaõ Ñoâng Hoøa", "8,5"], ["2", "Phöôøng Möôøng Khöông", "7"],
       ["3", "Thò traán Phuù Hoøa", "9,25"]]


def test_each_sheet_of_a_workbook_is_read_in_its_own_font(tmp_path):
    eth = [["STT", "Tên đơn vị", "Ghi chú"], ["1", "Xã Ðông Hòa", "«Đã nộp»"], ["2", "Xã Tân Hòa", "Hoà An"]]
    path = write_xlsx(tmp_path / "ket_qua.xlsx", {"ABC": TCVN3, "VNI": VNI, "Unicode": eth})
    sheets = {s.name: s.rows for s in read_sheets(path)}
    assert sheets == {"ABC": ROWS, "VNI": ROWS, "Unicode": eth}


@pytest.mark.parametrize("title", ["B¶ng tæng hîp kÕt qu¶ n¨m 2024", "BAÛNG TOÅNG HÔÏP KEÁT QUAÛ NAÊM 2024"])
def test_a_legacy_title_is_converted_and_the_rest_of_the_sheet_with_it(tmp_path, title):
    rows = TCVN3 if title.startswith("B¶") else VNI
    path = write_xlsx(tmp_path / "ket_qua.xlsx", {"KQ": [[title, None, None], *rows]})
    sheet, = read_sheets(path)
    assert sheet.rows == [["Bảng tổng hợp kết quả năm 2024" if title.startswith("B¶") else "BẢNG TỔNG HỢP KẾT QUẢ NĂM 2024",
                           "", ""], *ROWS]
