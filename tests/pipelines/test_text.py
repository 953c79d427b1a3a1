import unicodedata

import pytest

from pipelines.text import (
    accent_key,
    cell_name,
    clean,
    fold,
    legacy_encoding,
    modern_tones,
    to_number,
    to_unicode_rows,
    vn_number,
)


@pytest.mark.parametrize(
    "legacy, unicode",
    [
        ("HuyÖn Bµu Bµng", "Huyện Bàu Bàng"),
        ("B¶o Th¾ng", "Bảo Thắng"),
        ("M\xadêng Kh\xad¬ng", "Mường Khương"),
        ("§iÓm thÈm ®Þnh", "Điểm thẩm định"),
        (
            "HUYÖN BµU BµNG",
            "HUYỆN BÀU BÀNG",
        ),  # a .VnTimeH font: capitals share the lower-case codes
        (
            "Bé Néi vô",
            "Bộ Nội vụ",
        ),  # every letter also a Unicode one: only the sheet's reading tells
    ],
)
def test_tcvn3_sheet_is_converted(legacy, unicode):
    rows = [["STT", "Tªn ®¬n vÞ", "Tæng ®iÓm"], [1, legacy, 85.5]]
    assert legacy_encoding(["Tªn ®¬n vÞ", legacy]) == "tcvn3"
    assert to_unicode_rows(rows) == [["STT", "Tên đơn vị", "Tổng điểm"], [1, unicode, 85.5]]


@pytest.mark.parametrize(
    "legacy, unicode",
    [
        ("Xaõ Ñoâng Hoøa", "Xã Đông Hòa"),
        ("Phöôøng Möôøng Khöông", "Phường Mường Khương"),
        ("Ñieåm thaåm ñònh", "Điểm thẩm định"),
        ("XAÕ ÑOÂNG HOØA", "XÃ ĐÔNG HÒA"),
        ("Baûo Thaéng, Leä Thuûy, Myõ Kyø", "Bảo Thắng, Lệ Thủy, Mỹ Kỳ"),
        ("Sôû Tö phaùp", "Sở Tư pháp"),
        ("Hoaøn thaønh toát nhieäm vuï", "Hoàn thành tốt nhiệm vụ"),
        ("Quyeát ñònh, Cöûu, Ngöõ, Lôïi, Tieåu", "Quyết định, Cửu, Ngữ, Lợi, Tiểu"),
        ("YÛ, yõ, î, Î, æ, ó, ò", "Ỷ, ỹ, ỵ, Ỵ, ỉ, ĩ, ị"),
    ],
)
def test_vni_sheet_is_converted_not_read_as_tcvn3(legacy, unicode):
    rows = [["STT", "Teân ñôn vò", "Toång ñieåm"], [1, legacy, 85.5]]
    assert legacy_encoding(["Teân ñôn vò", legacy]) == "vni"
    assert to_unicode_rows(rows) == [["STT", "Tên đơn vị", "Tổng điểm"], [1, unicode, 85.5]]


@pytest.mark.parametrize(
    "text",
    [
        "TIÊU CHÍ",
        "Điểm tối đa",
        "Xã Tân Hiệp",
        "Phường Đông Hòa",
        "Ghi chú: KAD",
        "Xã Ðông Hòa",  # Ð (U+00D0, Icelandic eth) typed for Đ: still Unicode
        "Ghi chú «đã nộp»",
        "Xã «Tân Hòa»",
        "Xã Tân Hòa",
        "Hoà An",
        "Tòa án",
        "Xã Hoà Lợi",
    ],
)
def test_unicode_text_is_never_converted(text):
    rows = [["STT", "Tên đơn vị"], [1, text]]
    assert legacy_encoding([text]) is None
    assert to_unicode_rows(rows) == rows
    assert clean(text) == text


def test_a_tcvn3_title_does_not_convert_a_unicode_column():
    rows = [
        ["B¶ng tæng hîp kÕt qu¶ chØ sè CCHC", ""],
        ["STT", "Tên đơn vị"],
        [1, "Xã Tân Hòa"],
        [2, "Phường Tân Hiệp"],
        [3, "Xã Hòa An"],
    ]
    assert to_unicode_rows(rows) == [["Bảng tổng hợp kết quả chỉ số CCHC", ""], *rows[1:]]


def test_a_column_whose_text_cannot_tell_follows_its_sheet():
    # "Tù chÊm" and "Ghi chó" read as Vietnamese both ways; the sheet's other columns decide
    rows = [["Tªn ®¬n vÞ", "Tù chÊm", "Ghi chó"], ["X· T©n Hßa", 8.5, ""]]
    assert to_unicode_rows(rows) == [["Tên đơn vị", "Tự chấm", "Ghi chú"], ["Xã Tân Hòa", 8.5, ""]]
    assert to_unicode_rows([["Tù chÊm", "Ghi chó"]]) == [["Tù chÊm", "Ghi chó"]]  # alone: Unicode


def test_clean_no_longer_guesses_per_cell():
    assert clean("X·  §«ng\tHßa ") == "X· §«ng Hßa"  # converting is the sheet's business


def test_nfd_text_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Phường Đông Hòa")
    assert nfd != "Phường Đông Hòa"
    assert clean(nfd) == "Phường Đông Hòa"
    assert fold(nfd) == fold("PHƯỜNG ĐÔNG HÒA") == "phuong dong hoa"


@pytest.mark.parametrize(
    "old, new",
    [
        ("Hoà", "Hòa"),
        ("hoá", "hóa"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("khoẻ", "khỏe"),
        ("thuỷ", "thủy"),
        ("Uỷ ban", "Ủy ban"),
        ("tuỳ", "tùy"),
        ("HOÀ", "HÒA"),
        ("Qúy", "Quý"),
        ("qùy", "quỳ"),
        ("gìa", "già"),
    ],
)
def test_old_tone_placement_becomes_the_registry_style(old, new):
    assert modern_tones(old) == new


@pytest.mark.parametrize(
    "word",
    [
        "hoàng",
        "quý",
        "quà",
        "quyết",
        "hòa",
        "thủy",
        "của",
        "mía",
        "người",
        "thuở",
        "gìn",
        "giữa",
        "khuỷu",
        "ngoài",
        "huỳnh",
        "toán",
        "Tấn",
        "xoáy",
        "Ðông",
        "KAD",
        "8,5",
    ],
)
def test_tones_already_in_place_stay(word):
    assert modern_tones(word) == word


def test_matching_keys_treat_old_tones_and_the_eth_look_alike_as_the_same():
    assert accent_key("Xã Tân Hoà") == accent_key("Xã Tân Hòa") == "xã tân hòa"
    assert accent_key("Xã Tấn Hoà") != accent_key("Xã Tân Hòa")
    assert accent_key("Xã Ðông Thuỷ") == accent_key("Xã Đông Thủy")
    assert accent_key("Qúy Lộc") == accent_key("Quý Lộc")
    assert fold("Xã Ðông Hoà") == fold("Xã Đông Hòa") == "xa dong hoa"


@pytest.mark.parametrize(
    "raw, number",
    [
        ("8,5", 8.5),
        ("51,75", 51.75),
        ("84,58%", 84.58),
        ("1.234,5", 1234.5),
        (" 12 ", 12.0),
        (7, 7.0),
        (0.25, 0.25),
        ("abc", None),
        ("", None),
        ("8,5,1", None),
        (True, None),
    ],
)
def test_numbers_typed_as_text(raw, number):
    assert to_number(raw) == number


def test_vietnamese_number_display():
    assert vn_number(85.5) == "85,50"
    assert vn_number(1234, 0) == "1.234"


def test_a1_cell_names():
    assert cell_name(8, 3) == "D9"
    assert cell_name(0, 26) == "AA1"
