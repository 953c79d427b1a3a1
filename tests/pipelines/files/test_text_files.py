"""Legacy fonts and encodings in real files, read through read_sheets: each sheet decided on
its own text, every cell compared with the exact Vietnamese."""

import codecs
import csv
import io
import unicodedata

import pytest

from pipelines.files.workbook import read_sheets
from pipelines.text import to_number
from tests.files import write_xlsx

ROWS = [
    ["STT", "Tên đơn vị", "Điểm"],
    ["1", "Xã Đông Hòa", "8,5"],
    ["2", "Phường Mường Khương", "7"],
    ["3", "Thị trấn Phú Hòa", "9,25"],
]
TCVN3 = [
    ["STT", "Tªn ®¬n vÞ", "§iÓm"],
    ["1", "X· §«ng Hßa", "8,5"],
    ["2", "Ph\xadêng M\xadêng Kh\xad¬ng", "7"],
    ["3", "ThÞ trÊn Phó Hßa", "9,25"],
]
VNI = [
    ["STT", "Teân ñôn vò", "Ñieåm"],
    ["1", "Xaõ Ñoâng Hoøa", "8,5"],
    ["2", "Phöôøng Möôøng Khöông", "7"],
    ["3", "Thò traán Phuù Hoøa", "9,25"],
]


def test_each_sheet_of_a_workbook_is_read_in_its_own_font(tmp_path):
    eth = [
        ["STT", "Tên đơn vị", "Ghi chú"],
        ["1", "Xã Ðông Hòa", "«Đã nộp»"],
        ["2", "Xã Tân Hòa", "Hoà An"],
    ]
    path = write_xlsx(tmp_path / "ket_qua.xlsx", {"ABC": TCVN3, "VNI": VNI, "Unicode": eth})
    sheets = {s.name: s.rows for s in read_sheets(path)}
    assert sheets == {"ABC": ROWS, "VNI": ROWS, "Unicode": eth}


@pytest.mark.parametrize(
    "title", ["B¶ng tæng hîp kÕt qu¶ n¨m 2024", "BAÛNG TOÅNG HÔÏP KEÁT QUAÛ NAÊM 2024"]
)
def test_a_legacy_title_is_converted_and_the_rest_of_the_sheet_with_it(tmp_path, title):
    rows = TCVN3 if title.startswith("B¶") else VNI
    path = write_xlsx(tmp_path / "ket_qua.xlsx", {"KQ": [[title, None, None], *rows]})
    (sheet,) = read_sheets(path)
    assert sheet.rows == [
        [
            "Bảng tổng hợp kết quả năm 2024"
            if title.startswith("B¶")
            else "BẢNG TỔNG HỢP KẾT QUẢ NĂM 2024",
            "",
            "",
        ],
        *ROWS,
    ]


def cp1258(text: str) -> bytes:
    """As Windows writes Vietnamese in code page 1258: a letter it has whole, else the letter
    without its tone followed by the tone as a combining mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", d[:-1]).encode("cp1258") + d[-1].encode("cp1258")
    return out


def write_csv(path, rows, delimiter: str, encode) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(encode(buffer.getvalue()))


@pytest.mark.parametrize(
    "rows, delimiter, encode",
    [
        (ROWS, ",", lambda t: t.encode("utf-8")),
        (ROWS, ";", lambda t: t.encode("utf-8-sig")),  # Excel "CSV UTF-8"
        (ROWS, "\t", lambda t: t.encode("utf-16")),  # Excel "Unicode text": UTF-16LE with BOM, tabs
        (ROWS, "\t", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
        (ROWS, ";", cp1258),  # Excel "CSV" on Vietnamese Windows
        (
            [[unicodedata.normalize("NFD", v) for v in r] for r in ROWS],
            ",",
            lambda t: t.encode("utf-8"),
        ),
        (TCVN3, ";", lambda t: t.encode("cp1252")),  # a .VnTime sheet saved as CSV
        (TCVN3, ",", lambda t: t.encode("utf-8-sig")),  # the same saved as CSV UTF-8
        (VNI, ";", lambda t: t.encode("cp1252")),  # a VNI-Times sheet saved as CSV
        (VNI, ",", lambda t: t.encode("utf-8")),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le",
        "utf16be",
        "cp1258",
        "nfd",
        "tcvn3",
        "tcvn3-utf8",
        "vni",
        "vni-utf8",
    ],
)
def test_csv_is_read_as_unicode_in_every_encoding(tmp_path, rows, delimiter, encode):
    path = tmp_path / "ket_qua.csv"
    write_csv(path, rows, delimiter, encode)
    (sheet,) = read_sheets(path)
    assert sheet.rows == ROWS
    assert [to_number(r[2]) for r in sheet.rows[1:]] == [8.5, 7.0, 9.25]


def test_a_latin1_csv_of_plain_unicode_letters_is_not_read_as_cp1258(tmp_path):
    rows = [
        ["STT", "Tên"],
        ["1", "Xã Tân Hòa"],
        ["2", "Xã Hòa An"],
    ]  # in cp1258 ã is ă, ò a dot below
    path = tmp_path / "ds.csv"
    write_csv(path, rows, ";", lambda t: t.encode("latin-1"))
    (sheet,) = read_sheets(path)
    assert sheet.rows == rows
