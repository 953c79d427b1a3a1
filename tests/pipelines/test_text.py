import unicodedata

import pytest

from pipelines.text import cell_name, clean, fold, looks_tcvn3, to_number, vn_number


@pytest.mark.parametrize("legacy, unicode", [
    ("HuyÖn Bµu Bµng", "Huyện Bàu Bàng"),
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("M\xadêng Kh\xad¬ng", "Mường Khương"),
    ("§iÓm thÈm ®Þnh", "Điểm thẩm định"),
    ("HUYÖN BµU BµNG", "HUYỆN BÀU BÀNG"),
])
def test_tcvn3_text_is_converted(legacy, unicode):
    assert clean(legacy) == unicode


@pytest.mark.parametrize("text", ["TIÊU CHÍ", "Điểm tối đa", "Xã Tân Hiệp", "Phường Đông Hòa", "Ghi chú: KAD"])
def test_unicode_text_is_left_alone(text):
    assert not looks_tcvn3(text) or clean(text) == text
    assert clean(text) == text


def test_nfd_text_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Phường Đông Hòa")
    assert nfd != "Phường Đông Hòa"
    assert clean(nfd) == "Phường Đông Hòa"
    assert fold(nfd) == fold("PHƯỜNG ĐÔNG HÒA") == "phuong dong hoa"


@pytest.mark.parametrize("raw, number", [
    ("8,5", 8.5), ("51,75", 51.75), ("84,58%", 84.58), ("1.234,5", 1234.5), (" 12 ", 12.0),
    (7, 7.0), (0.25, 0.25), ("abc", None), ("", None), ("8,5,1", None), (True, None),
])
def test_numbers_typed_as_text(raw, number):
    assert to_number(raw) == number


def test_vietnamese_number_display():
    assert vn_number(85.5) == "85,50"
    assert vn_number(1234, 0) == "1.234"


def test_a1_cell_names():
    assert cell_name(8, 3) == "D9"
    assert cell_name(0, 26) == "AA1"
