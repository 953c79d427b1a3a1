"""Make the corpus of result tables (bảng tổng hợp kết quả Chỉ số CCHC) that the product did not write.

Run:  python3 -m uv run python tests/corpus/make_corpus.py
It writes every file of tests/corpus/, manifest.toml and the national expected ranking
(national_3321_2025.expected.json). It calls LibreOffice (`soffice`) for the converted files;
CI does not run this script: the produced files are committed.

The files are written the way provinces publish them, not the way our reader wants them.
The expected rankings are computed HERE from the numbers put in the files, with
decimal.Decimal (index = points / max × 100, ROUND_HALF_UP to 2 decimals, competition ranks
1, 2, 2, 4), never by the product. The points are generated from a fixed seed in quarter,
half and tenth steps, then adjusted by hand-picked rules (ties, a unit on a band boundary,
the Thanh Hóa case 68,32 / 84 = 81,33 %).

Legacy encodings are written from the published tables (TCVN 5712:1993 "ABC" / TCVN3 and
VNI-Windows), see TCVN3 and VNI below; each is checked on known words at start-up.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import xlsxwriter
import xlwt
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

OUT = Path(__file__).resolve().parent
D = Decimal
Q2 = D("0.01")


# ----------------------------------------------------------------------------------------
# Legacy encodings
# ----------------------------------------------------------------------------------------
# TCVN3 (ABC, TCVN 5712:1993 VN3). One byte per letter; only lower-case toned letters exist;
# the 7 upper-case letters Ă Â Ê Ô Ơ Ư Đ have codes A1..A7. Text typed in a .VnTime font is
# stored in Excel as the Windows-1252 characters of those bytes (e.g. "Hµ Néi" = Hà Nội).
_TCVN3_LOWER = {
    "ă": 0xA8,
    "â": 0xA9,
    "ê": 0xAA,
    "ô": 0xAB,
    "ơ": 0xAC,
    "ư": 0xAD,
    "đ": 0xAE,
    "à": 0xB5,
    "ả": 0xB6,
    "ã": 0xB7,
    "á": 0xB8,
    "ạ": 0xB9,
    "ằ": 0xBB,
    "ẳ": 0xBC,
    "ẵ": 0xBD,
    "ắ": 0xBE,
    "ặ": 0xC6,
    "ầ": 0xC7,
    "ẩ": 0xC8,
    "ẫ": 0xC9,
    "ấ": 0xCA,
    "ậ": 0xCB,
    "è": 0xCC,
    "ẻ": 0xCE,
    "ẽ": 0xCF,
    "é": 0xD0,
    "ẹ": 0xD1,
    "ề": 0xD2,
    "ể": 0xD3,
    "ễ": 0xD4,
    "ế": 0xD5,
    "ệ": 0xD6,
    "ì": 0xD7,
    "ỉ": 0xD8,
    "ĩ": 0xDC,
    "í": 0xDD,
    "ị": 0xDE,
    "ò": 0xDF,
    "ỏ": 0xE1,
    "õ": 0xE2,
    "ó": 0xE3,
    "ọ": 0xE4,
    "ồ": 0xE5,
    "ổ": 0xE6,
    "ỗ": 0xE7,
    "ố": 0xE8,
    "ộ": 0xE9,
    "ờ": 0xEA,
    "ở": 0xEB,
    "ỡ": 0xEC,
    "ớ": 0xED,
    "ợ": 0xEE,
    "ù": 0xEF,
    "ủ": 0xF1,
    "ũ": 0xF2,
    "ú": 0xF3,
    "ụ": 0xF4,
    "ừ": 0xF5,
    "ử": 0xF6,
    "ữ": 0xF7,
    "ứ": 0xF8,
    "ự": 0xF9,
    "ỳ": 0xFA,
    "ỷ": 0xFB,
    "ỹ": 0xFC,
    "ý": 0xFD,
    "ỵ": 0xFE,
}
_TCVN3_UPPER = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}


def tcvn3_bytes(text: str, caps_font: bool = False) -> bytes:
    """Unicode -> TCVN3 bytes. Body text (.VnTime): an upper-case toned letter has no code, so
    we refuse it (names are chosen without one). Capitals font (.VnTimeH): every glyph is a
    capital, so the typist's text is stored with the lower-case codes for toned letters (as
    Unikey/Vietkey in ABC mode with Caps Lock produce) and the 7 upper-case codes where they exist."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ord(ch))
        elif ch in _TCVN3_UPPER:
            out.append(_TCVN3_UPPER[ch])
        elif ch in _TCVN3_LOWER:
            out.append(_TCVN3_LOWER[ch])
        elif caps_font and ch.lower() in _TCVN3_LOWER:
            out.append(_TCVN3_LOWER[ch.lower()])
        else:
            raise ValueError(f"no TCVN3 code for {ch!r} in {text!r}")
    return bytes(out)


def tcvn3(text: str, caps_font: bool = False) -> str:
    """As Excel holds a .VnTime cell: the TCVN3 bytes read as Windows-1252 characters."""
    return tcvn3_bytes(text, caps_font).decode("cp1252")


# VNI-Windows (VNI-Times fonts): a vowel is the base letter followed by one mark byte;
# ơ ư đ and the toned i/ỵ forms are single bytes. Stored in Excel as Windows-1252 characters.
# Table as published (e.g. xvnkb vni.h, order base, sắc, huyền, hỏi, ngã, nặng).
_VNI_TONE_PLAIN = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_TONE_CIRC = {
    "": "â",
    "\u0301": "á",
    "\u0300": "à",
    "\u0309": "å",
    "\u0303": "ã",
    "\u0323": "ä",
}
_VNI_TONE_BREVE = {
    "": "ê",
    "\u0301": "é",
    "\u0300": "è",
    "\u0309": "ú",
    "\u0303": "ü",
    "\u0323": "ë",
}
_VNI_I = {"": "i", "\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}
_TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _vni_char(ch: str) -> str:
    if ch in "đĐ":
        return "ñ" if ch == "đ" else "Ñ"
    d = unicodedata.normalize("NFD", ch)
    base, marks = d[0], d[1:]
    if base.lower() not in "aeiouy" or not marks:
        if ord(ch) >= 0x80:
            raise ValueError(f"no VNI code for {ch!r}")
        return ch
    upper = base.isupper()
    tone = "".join(m for m in marks if m in _TONES)
    shape = "".join(m for m in marks if m not in _TONES)
    b = base.lower()
    if shape == "\u0302":  # â ê ô
        s = b + _VNI_TONE_CIRC[tone]
    elif shape == "\u0306":  # ă
        s = b + _VNI_TONE_BREVE[tone]
    elif shape == "\u031b":  # ơ ư
        s = ("ô" if b == "o" else "ö") + _VNI_TONE_PLAIN.get(tone, "")
    elif shape:
        raise ValueError(f"no VNI code for {ch!r}")
    elif b == "i":
        s = _VNI_I[tone]
    elif b == "y" and tone == "\u0323":
        s = "î"
    else:
        s = b + _VNI_TONE_PLAIN[tone]
    return s.upper() if upper else s


def vni(text: str) -> str:
    return "".join(_vni_char(c) for c in unicodedata.normalize("NFC", text))


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Excel on Vietnamese Windows saves it: a letter the code page holds
    precomposed (à á â ă ê ô ơ ư đ …) is one byte; any other toned letter is its base letter
    (with its shape mark composed: â ơ ư …) followed by the combining tone mark byte
    (CC ` EC ´ D2 hook DE ~ F2 dot). Python's cp1258 codec accepts exactly those."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in d if m in _TONES)
        base = unicodedata.normalize("NFC", "".join(m for m in d if m not in _TONES))
        out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def old_tones(text: str) -> str:
    """New tone placement -> old ('Hòa' -> 'Hoà', 'Thụy' -> 'Thuỵ') for open syllables oa, oe, uy."""
    out = []
    words = text.split(" ")
    for w in words:
        d = unicodedata.normalize("NFD", w)
        for a, b in (("o", "a"), ("o", "e"), ("u", "y"), ("O", "A"), ("U", "Y")):
            for t in _TONES:
                pat = a + t + b
                if d.endswith(pat):
                    d = d[: -len(pat)] + a + b + t
        out.append(unicodedata.normalize("NFC", d))
    return " ".join(out)


def _check_encodings() -> None:
    assert vni("Xã Đông Hòa") == "Xaõ Ñoâng Hoøa", vni("Xã Đông Hòa")
    assert vni("Xin chào các bạn") == "Xin chaøo caùc baïn"
    assert (
        vni("Thắng Thủy Nghĩa Hưng Việt Tiến Quỳnh") == "Thaéng Thuûy Nghóa Höng Vieät Tieán Quyønh"
    )
    assert vni("ĐƯỜNG Ấp Ỵ") == "ÑÖÔØNG AÁp Î"
    assert tcvn3("Ninh Bình") == "Ninh B×nh"
    assert tcvn3("Bảo Thắng") == "B¶o Th¾ng"
    assert tcvn3("Mường Khương") == "M\xadêng Kh\xad¬ng"
    assert tcvn3("Hà Nội") == "Hµ Néi"
    assert tcvn3("Xã Đông Hòa") == "X· §«ng Hßa"
    assert tcvn3("BẢNG TỔNG HỢP", caps_font=True) == "B¶NG TæNG HîP"
    assert cp1258_bytes("Hòa Thuận Đông").decode("cp1258") == "Ho\u0300a Thu\u00e2\u0323n Đông"
    assert cp1258_bytes("Hòa Thuận Đông") == b"Ho\xcca Thu\xe2\xf2n \xd0\xf4ng"
    assert unicodedata.normalize("NFC", cp1258_bytes("Lĩnh vực").decode("cp1258")) == "Lĩnh vực"
    assert old_tones("Xã Thụy Hòa") == "Xã Thuỵ Hoà" and old_tones("Hoàng") == "Hoàng"


# ----------------------------------------------------------------------------------------
# Numbers and expectations
# ----------------------------------------------------------------------------------------
@dataclass
class Field:
    code: str
    name: str
    short: str
    max: Decimal


def fw(rows):
    return [Field(str(c), n, s, D(str(m))) for c, n, s, m in rows]


FW8 = fw(
    [
        (1, "Công tác chỉ đạo, điều hành CCHC", "Chỉ đạo, điều hành", 9),
        (2, "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", "VBQPPL", 7),
        (3, "Cải cách thủ tục hành chính", "TTHC", 13),
        (4, "Cải cách tổ chức bộ máy hành chính", "Tổ chức bộ máy", 8),
        (5, "Cải cách chế độ công vụ", "Công vụ", 11),
        (6, "Cải cách tài chính công", "Tài chính công", 8),
        (7, "Xây dựng và phát triển chính quyền điện tử, chính quyền số", "CQĐT, CQS", 12),
        (8, "Tác động của cải cách hành chính", "ĐTXHH", 32),
    ]
)
FW7 = fw(
    [
        (1, "Công tác chỉ đạo, điều hành CCHC", "Chỉ đạo, điều hành", 12),
        (2, "Cải cách thể chế", "Thể chế", 10),
        (3, "Cải cách thủ tục hành chính", "TTHC", 20),
        (4, "Cải cách tổ chức bộ máy", "Bộ máy", 10),
        (5, "Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức", "Công vụ", 13),
        (6, "Cải cách tài chính công", "Tài chính công", 10),
        (7, "Hiện đại hóa hành chính", "Hiện đại hóa", 25),
    ]
)
FW6 = fw(
    [
        (1, "Công tác chỉ đạo, điều hành", "Chỉ đạo, điều hành", 15),
        (2, "Cải cách thể chế", "Thể chế", 12),
        (3, "Cải cách thủ tục hành chính", "TTHC", 25),
        (4, "Cải cách tổ chức bộ máy và chế độ công vụ", "Bộ máy, công vụ", 18),
        (5, "Cải cách tài chính công", "Tài chính công", 10),
        (6, "Xây dựng chính quyền điện tử", "CQĐT", 20),
    ]
)
FW9 = fw(
    [
        (1, "Công tác chỉ đạo, điều hành CCHC", "Chỉ đạo, điều hành", 8),
        (2, "Cải cách thể chế", "VBQPPL", 6),
        (3, "Cải cách thủ tục hành chính", "TTHC", 12),
        (4, "Cải cách tổ chức bộ máy hành chính", "Tổ chức bộ máy", 7),
        (5, "Cải cách chế độ công vụ", "Công vụ", 10),
        (6, "Cải cách tài chính công", "Tài chính công", 7),
        (7, "Xây dựng chính quyền điện tử, chính quyền số", "CQĐT, CQS", 11),
        (8, "Thực hiện nhiệm vụ trọng tâm, đột phá", "Đột phá", 10),
        (9, "Tác động của cải cách hành chính (ĐTXHH)", "ĐTXHH", 29),
    ]
)


@dataclass
class Unit:
    name: str  # as a person writes it (the expected name)
    pts: list[Decimal]  # official (appraised) points per field
    self_pts: list[Decimal] | None = None
    bonus: Decimal = D(0)
    penalty: Decimal = D(0)
    umax: Decimal | None = None  # per-unit applicable max, when the file gives one
    shown: str | None = None  # how the file writes the name (default: name)

    @property
    def points(self) -> Decimal:
        return sum(self.pts, D(0)) + self.bonus - self.penalty

    def max(self, fields) -> Decimal:
        return self.umax if self.umax is not None else sum((f.max for f in fields), D(0))

    def index(self, fields) -> Decimal:
        return (self.points / self.max(fields) * 100).quantize(Q2, rounding=ROUND_HALF_UP)

    @property
    def label(self) -> str:
        return self.shown if self.shown is not None else self.name


def ranked(units, fields):
    """[(unit, rank)] by rounded index descending; ties share the rank (1, 2, 2, 4)."""
    order = sorted(units, key=lambda u: (-u.index(fields), u.name))
    out, prev, rank = [], None, 0
    for i, u in enumerate(order, 1):
        if u.index(fields) != prev:
            rank, prev = i, u.index(fields)
        out.append((u, rank))
    return out


def rank_of(units, fields):
    return {id(u): r for u, r in ranked(units, fields)}


def band_xs(idx: Decimal) -> str:
    return (
        "Xuất sắc"
        if idx >= 90
        else "Tốt"
        if idx >= 80
        else "Khá"
        if idx >= 70
        else "Trung bình"
        if idx >= 50
        else "Yếu"
    )


def band_nhom(idx: Decimal) -> str:
    return "Nhóm A" if idx >= 90 else "Nhóm B" if idx >= 80 else "Nhóm C" if idx >= 70 else "Nhóm D"


STEPS = (D("0.25"), D("0.5"), D("0.1"), D("0.25"), D("1"))


def gen_points(rng: random.Random, fields, level: float) -> list[Decimal]:
    out = []
    for f in fields:
        raw = float(f.max) * min(1.0, level * rng.uniform(0.9, 1.07))
        step = rng.choice(STEPS)
        v = (D(str(raw)) / step).to_integral_value(rounding="ROUND_FLOOR") * step
        out.append(min(f.max, max(D(0), v)).quantize(Q2).normalize() + 0)
    return out


def set_total(u: Unit, fields, target: Decimal) -> None:
    """Change the fields so their sum is exactly `target`: quarter points spread round-robin over
    the fields (staying within 0..max), the remainder below a quarter on the largest field with room."""
    diff = target - sum(u.pts, D(0))
    q = D("0.25") if diff > 0 else D("-0.25")
    k, idle = len(u.name) % len(fields), 0
    while abs(diff) >= D("0.25") and idle < len(fields):
        i = k % len(fields)
        k += 1
        if D(0) <= u.pts[i] + q <= fields[i].max:
            u.pts[i] += q
            diff -= q
            idle = 0
        else:
            idle += 1
    for i in sorted(range(len(fields)), key=lambda i: -fields[i].max):
        if diff and D(0) <= u.pts[i] + diff <= fields[i].max:
            u.pts[i] += diff
            diff = D(0)
    assert diff == 0, (u.name, target)


def make_units(
    names, fields, seed, lo=0.66, hi=0.97, tie=True, boundary=D(90), self_scores=False
) -> list[Unit]:
    rng = random.Random(seed)
    units = [Unit(n, gen_points(rng, fields, rng.uniform(lo, hi))) for n in names]
    total_max = sum((f.max for f in fields), D(0))
    if boundary is not None and len(units) > 2:  # one unit exactly on a band boundary
        set_total(units[1], fields, boundary * total_max / 100)
    if tie and len(units) > 4:  # two units with the same total
        set_total(units[4], fields, sum(units[3].pts, D(0)))
        if units[4].pts == units[3].pts:
            units[4].pts = list(units[4].pts)
    if self_scores:
        for u in units:
            u.self_pts = [
                min(f.max, p + D(rng.choice(["0", "0", "0.25", "0.5", "1", "0.75"])))
                for f, p in zip(fields, u.pts)
            ]
    for u in units:
        assert all(D(0) <= p <= f.max for p, f in zip(u.pts, fields)), u
    return units


def num(x: Decimal) -> str:
    """A max as a header writes it: 9, 32, 7.5."""
    return format(x.normalize(), "f")


def vn(x: Decimal, places: int = 2) -> str:
    """Vietnamese text of a number: decimal comma."""
    return format(x.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP), "f").replace(".", ",")


def vn_short(x: Decimal) -> str:
    return format(x.normalize(), "f").replace(".", ",")


# ----------------------------------------------------------------------------------------
# A sheet as a grid of cells, written by several writers
# ----------------------------------------------------------------------------------------
@dataclass
class Formula:
    text: str  # "=SUM(C7:J7)"
    value: object = None  # the computed value (written by xlsxwriter if given)


@dataclass
class Cell:
    value: object
    fmt: str | None = None  # number format, e.g. "0.00%"
    bold: bool = False
    font: str | None = None
    wrap: bool = False
    center: bool = False


@dataclass
class Sheet:
    name: str
    cells: dict = field(default_factory=dict)  # (row, col) 0-based -> Cell
    merges: list = field(default_factory=list)  # (r1, c1, r2, c2)
    hidden: bool = False
    widths: dict = field(default_factory=dict)

    def put(self, r, c, value, **kw):
        if value is None:
            return
        self.cells[(r, c)] = Cell(value, **kw)

    def merge(self, r1, c1, r2, c2):
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))

    @property
    def nrows(self):
        return 1 + max(r for r, _ in self.cells) if self.cells else 0

    @property
    def ncols(self):
        return 1 + max(c for _, c in self.cells) if self.cells else 0

    def map_text(self, fn):
        for cell in self.cells.values():
            if isinstance(cell.value, str):
                cell.value = fn(cell.value)


def a1(r, c, sheet=None):
    ref = f"{get_column_letter(c + 1)}{r + 1}"
    return f"{sheet}!{ref}" if sheet else ref


def _py(v):
    return float(v) if isinstance(v, Decimal) else v


def write_openpyxl(sheets, path: Path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in sheets:
        ws = wb.create_sheet(sh.name)
        for (r, c), cell in sorted(sh.cells.items()):
            v = cell.value
            if isinstance(v, Formula):
                v = v.text
            x = ws.cell(row=r + 1, column=c + 1, value=_py(v))
            if cell.fmt:
                x.number_format = cell.fmt
            if cell.bold or cell.font:
                x.font = Font(name=cell.font or "Times New Roman", bold=cell.bold)
            if cell.wrap or cell.center:
                x.alignment = Alignment(
                    wrap_text=cell.wrap,
                    horizontal="center" if cell.center else None,
                    vertical="center" if cell.center else None,
                )
        for r1, c1, r2, c2 in sh.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
        for c, w in sh.widths.items():
            ws.column_dimensions[get_column_letter(c + 1)].width = w
        if sh.hidden:
            ws.sheet_state = "hidden"
    wb.save(path)


def write_xlsxwriter(sheets, path: Path, formula_values=True):
    wb = xlsxwriter.Workbook(str(path))
    cache = {}

    def fmt_of(cell):
        key = (cell.fmt, cell.bold, cell.font, cell.wrap, cell.center)
        if key not in cache:
            props = {}
            if cell.fmt:
                props["num_format"] = cell.fmt
            if cell.bold:
                props["bold"] = True
            if cell.font:
                props["font_name"] = cell.font
            if cell.wrap:
                props["text_wrap"] = True
            if cell.center:
                props.update(align="center", valign="vcenter")
            cache[key] = wb.add_format(props) if props else None
        return cache[key]

    for sh in sheets:
        ws = wb.add_worksheet(sh.name)
        covered = set()
        for r1, c1, r2, c2 in sh.merges:
            top = sh.cells.get((r1, c1), Cell(""))
            v = top.value
            fm = fmt_of(top) or wb.add_format({"align": "center", "valign": "vcenter"})
            if isinstance(v, (Decimal, int, float)):
                ws.merge_range(r1, c1, r2, c2, None, fm)
                ws.write_number(r1, c1, float(v), fm)
            else:
                ws.merge_range(r1, c1, r2, c2, v, fm)
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for (r, c), cell in sorted(sh.cells.items()):
            if (r, c) in covered:
                continue
            v, fm = cell.value, fmt_of(cell)
            if isinstance(v, Formula):
                if formula_values and v.value is not None:
                    ws.write_formula(r, c, v.text, fm, _py(v.value))
                else:
                    ws.write_formula(r, c, v.text, fm)
            elif isinstance(v, str):
                ws.write_string(r, c, v, fm)
            else:
                ws.write_number(r, c, float(v), fm)
        for c, w in sh.widths.items():
            ws.set_column(c, c, w)
        if sh.hidden:
            ws.hide()
    wb.close()


def write_xlwt(sheets, path: Path):
    wb = xlwt.Workbook(encoding="utf-8")
    styles = {}

    def style(cell):
        key = (cell.fmt, cell.bold, cell.font, cell.wrap)
        if key not in styles:
            parts = []
            font = []
            if cell.font:
                font.append(f"name {cell.font}")
            if cell.bold:
                font.append("bold on")
            if font:
                parts.append("font: " + ", ".join(font))
            if cell.wrap:
                parts.append("alignment: wrap on, horiz center, vert center")
            styles[key] = xlwt.easyxf("; ".join(parts), num_format_str=cell.fmt or "General")
        return styles[key]

    for sh in sheets:
        ws = wb.add_sheet(sh.name)
        covered = set()
        for r1, c1, r2, c2 in sh.merges:
            top = sh.cells.get((r1, c1), Cell(""))
            ws.write_merge(r1, r2, c1, c2, _py(top.value), style(top))
            covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for (r, c), cell in sorted(sh.cells.items()):
            if (r, c) not in covered:
                ws.write(r, c, _py(cell.value), style(cell))
        if sh.hidden:
            ws.visibility = 1
    wb.save(str(path))


def sheet_rows(sh: Sheet, numtext) -> list[list[str]]:
    rows = []
    for r in range(sh.nrows):
        row = []
        for c in range(sh.ncols):
            cell = sh.cells.get((r, c))
            v = None if cell is None else cell.value
            if v is None:
                row.append("")
            elif isinstance(v, str):
                row.append(v)
            else:
                row.append(numtext(v, cell.fmt))
            # trailing empties are kept: Excel writes the used range
        rows.append(row)
    return rows


def write_csv(
    sh: Sheet, path: Path, *, encoding: str, delimiter=",", decimal=".", bom=False, text_fn=None
):
    """encoding: utf-8 | utf-16 | cp1258 | raw (each str already holds the bytes as cp1252 chars)."""

    def numtext(v, fmt):
        v = D(str(v))
        if fmt and fmt.endswith("%"):
            s = (
                vn(v * 100, 2) + "%"
                if decimal == ","
                else format((v * 100).quantize(Q2), "f") + "%"
            )
            return s
        s = format(v.normalize(), "f")
        return s.replace(".", decimal)

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for row in sheet_rows(sh, numtext):
        w.writerow([text_fn(x) if text_fn else x for x in row])
    text = buf.getvalue()
    if encoding == "utf-8":
        data = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    elif encoding == "utf-16":
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    elif encoding == "cp1258":
        data = cp1258_bytes(text)
    elif encoding == "raw":
        data = text.encode("cp1252")
    else:
        raise ValueError(encoding)
    path.write_bytes(data)


# ----------------------------------------------------------------------------------------
# The table layouts offices publish
# ----------------------------------------------------------------------------------------
def title_block(
    sh, width, province="TỈNH AN GIANG", agency="SỞ NỘI VỤ", title="", sub=None, font=None
):
    """Rows 0..5: the national motto block and the table title (as decisions' annexes show)."""
    half = max(2, width // 2)
    sh.put(0, 0, f"ỦY BAN NHÂN DÂN {province}", bold=True, font=font, center=True)
    sh.merge(0, 0, 0, half - 1)
    sh.put(0, half, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, font=font, center=True)
    sh.merge(0, half, 0, width - 1)
    if agency:
        sh.put(1, 0, agency, bold=True, font=font, center=True)
        sh.merge(1, 0, 1, half - 1)
    sh.put(1, half, "Độc lập - Tự do - Hạnh phúc", bold=True, font=font, center=True)
    sh.merge(1, half, 1, width - 1)
    sh.put(3, 0, title, bold=True, font=font, center=True)
    sh.merge(3, 0, 3, width - 1)
    if sub:
        sh.put(4, 0, sub, font=font, center=True)
        sh.merge(4, 0, 4, width - 1)
    return 6


@dataclass
class Layout:
    fields: list
    unit_header: str | None = "Tên đơn vị"
    stt: bool = True
    field_header: object = None  # f(Field) -> str
    group_header: str | None = None  # text merged over all field columns (extra header row)
    max_mode: str = "header"  # header | row | subcols | none
    pairs: tuple | None = None  # ("Tự chấm", "Thẩm định")
    numbering: str | None = None  # paren | letters
    umax_header: str | None = None  # per-unit applicable max column
    bonus: str | None = None
    penalty: str | None = None
    total: str | None = "Tổng điểm"
    index: str | None = "Chỉ số CCHC (%)"
    index_style: str = "number"  # number | text | percent
    rank: str | None = "Xếp hạng"
    band: str | None = None
    band_fn: object = band_xs
    footer: str | None = None  # tong_cong | trung_binh
    signature: bool = False
    blank_every: int = 0
    numtext: bool = False  # every number stored as text with a decimal comma
    font: str | None = None
    header_font: str | None = None
    formulas: bool = False  # total/index/rank/band as formulas (with values)


def default_field_header(f: Field) -> str:
    return f"Lĩnh vực {f.code}\n({num(f.max)} điểm)"


def build_table(sh: Sheet, units, L: Layout, start_row: int) -> dict:
    """Lay the table out from start_row; returns positions: header rows, unit rows, columns."""
    F = L.fields
    fh = L.field_header or default_field_header
    ranks = rank_of(units, F)
    col = 0
    cols = {}
    if L.stt:
        cols["stt"] = col
        col += 1
    cols["unit"] = col
    col += 1
    per_field = 2 if (L.pairs or L.max_mode == "subcols") else 1
    cols["fields"] = []
    for _ in F:
        cols["fields"].append(col)
        col += per_field
    for key in ("bonus", "penalty", "umax", "total", "index", "rank", "band"):
        want = {"umax": L.umax_header}.get(key, getattr(L, key, None))
        if want:
            cols[key] = col
            col += per_field if key == "total" and per_field == 2 else 1
    width = col
    two = bool(L.group_header or L.pairs or L.max_mode == "subcols")
    h0 = start_row
    h1 = start_row + (1 if two else 0)
    hdr = dict(bold=True, wrap=True, center=True, font=L.header_font)

    def vhead(c, text):
        sh.put(h0, c, text, **hdr)
        sh.merge(h0, c, h1, c)

    if L.stt:
        vhead(cols["stt"], "STT")
    if L.unit_header is not None:
        vhead(cols["unit"], L.unit_header)
    elif two:
        sh.merge(h0, cols["unit"], h1, cols["unit"])
    for f, c in zip(F, cols["fields"]):
        text = fh(f)
        if L.group_header and per_field == 1:
            sh.put(h1, c, text, **hdr)
        elif per_field == 2:
            sh.put(h0, c, text, **hdr)
            sh.merge(h0, c, h0, c + 1)
            sub = L.pairs or ("Điểm tối đa", "Điểm đạt")
            sh.put(h1, c, sub[0], **hdr)
            sh.put(h1, c + 1, sub[1], **hdr)
        else:
            vhead(c, text)
    if L.group_header and per_field == 1:
        sh.put(h0, cols["fields"][0], L.group_header, **hdr)
        sh.merge(h0, cols["fields"][0], h0, cols["fields"][-1])
    for key in ("bonus", "penalty", "umax", "index", "rank", "band"):
        if key in cols:
            vhead(cols[key], L.umax_header if key == "umax" else getattr(L, key))
    if "total" in cols:
        if per_field == 2:
            sh.put(h0, cols["total"], L.total, **hdr)
            sh.merge(h0, cols["total"], h0, cols["total"] + 1)
            sub = L.pairs or ("Điểm tối đa", "Điểm đạt")
            sh.put(h1, cols["total"], sub[0], **hdr)
            sh.put(h1, cols["total"] + 1, sub[1], **hdr)
        else:
            vhead(cols["total"], L.total)
    r = h1 + 1
    if L.numbering:
        for c in range(width):
            sh.put(
                r,
                c,
                f"({c + 1})" if L.numbering == "paren" else get_column_letter(c + 1),
                center=True,
            )
        r += 1
    total_max = sum((f.max for f in F), D(0))

    def val(x):
        return vn_short(x) if L.numtext else x

    cols["max_row"] = None
    if L.max_mode == "row":
        cols["max_row"] = r
        sh.put(r, cols["unit"], "Điểm tối đa", bold=True, font=L.font)
        for f, c in zip(F, cols["fields"]):
            sh.put(r, c, val(f.max), bold=True)
        if "total" in cols:
            sh.put(r, cols["total"], val(total_max), bold=True)
        r += 1

    rows = []
    for i, u in enumerate(units):
        if L.blank_every and i and i % L.blank_every == 0:
            r += 1  # a blank row between groups of units
        rows.append(r)
        if L.stt:
            sh.put(r, cols["stt"], str(i + 1) if L.numtext else i + 1, center=True)
        sh.put(r, cols["unit"], u.label, font=L.font)
        for j, (f, c) in enumerate(zip(F, cols["fields"])):
            if per_field == 2 and L.pairs:
                sh.put(r, c, val(u.self_pts[j]))
                sh.put(r, c + 1, val(u.pts[j]))
            elif per_field == 2:
                sh.put(r, c, val(f.max))
                sh.put(r, c + 1, val(u.pts[j]))
            else:
                sh.put(r, c, val(u.pts[j]))
        if "bonus" in cols:
            sh.put(r, cols["bonus"], val(u.bonus) if u.bonus else None)
        if "penalty" in cols:
            sh.put(r, cols["penalty"], val(u.penalty) if u.penalty else None)
        umax = u.max(F)
        if "umax" in cols:
            sh.put(r, cols["umax"], val(umax))
        idx = u.index(F)
        if "total" in cols:
            if per_field == 2 and L.pairs:
                st = sum(u.self_pts, D(0)) + u.bonus - u.penalty
                sh.put(r, cols["total"], val(st))
                sh.put(r, cols["total"] + 1, val(u.points))
            elif per_field == 2:
                sh.put(r, cols["total"], val(umax))
                sh.put(r, cols["total"] + 1, val(u.points))
            elif L.formulas:
                first, last = a1(r, cols["fields"][0]), a1(r, cols["fields"][-1])
                text = f"=SUM({first}:{last})"
                if "bonus" in cols:
                    text += f"+{a1(r, cols['bonus'])}-{a1(r, cols['penalty'])}"
                sh.put(r, cols["total"], Formula(text, u.points), fmt="0.00")
            else:
                sh.put(r, cols["total"], val(u.points))
        tcol = cols.get("total")
        tref = a1(r, tcol + (1 if per_field == 2 else 0)) if tcol is not None else None
        if "index" in cols:
            c = cols["index"]
            if L.formulas and L.index_style == "percent":
                den = a1(r, cols["umax"]) if "umax" in cols else num(total_max)
                sh.put(r, c, Formula(f"=ROUND({tref}/{den},4)", idx / 100), fmt="0.00%")
            elif L.formulas:
                den = a1(r, cols["umax"]) if "umax" in cols else num(total_max)
                sh.put(r, c, Formula(f"=ROUND({tref}/{den}*100,2)", idx), fmt="0.00")
            elif L.index_style == "text" or L.numtext:
                sh.put(r, c, vn(idx) + "%" if L.index_style == "text" else vn(idx))
            elif L.index_style == "percent":
                sh.put(r, c, idx / 100, fmt="0.00%")
            else:
                sh.put(r, c, idx, fmt="0.00")
        if "rank" in cols:
            if L.formulas:
                sh.put(r, cols["rank"], Formula("RANK", ranks[id(u)]))  # fixed below
            else:
                sh.put(
                    r, cols["rank"], str(ranks[id(u)]) if L.numtext else ranks[id(u)], center=True
                )
        if "band" in cols:
            b = L.band_fn(idx)
            if L.formulas and "index" in cols:
                iref = a1(r, cols["index"])
                k = 100 if L.index_style != "percent" else 1
                t = lambda x: num(D(x) * k / 100)  # noqa: E731
                text = (
                    f'=IF({iref}>={t(90)},"Xuất sắc",IF({iref}>={t(80)},"Tốt",'
                    f'IF({iref}>={t(70)},"Khá",IF({iref}>={t(50)},"Trung bình","Yếu"))))'
                )
                sh.put(r, cols["band"], Formula(text, b), center=True)
            else:
                sh.put(r, cols["band"], b, center=True, font=L.font)
        r += 1
    if L.formulas and "rank" in cols:
        rc = cols["total"]
        rng = f"${get_column_letter(rc + 1)}${rows[0] + 1}:${get_column_letter(rc + 1)}${rows[-1] + 1}"
        for rr in rows:
            cell = sh.cells[(rr, cols["rank"])]
            cell.value = Formula(f"=RANK({a1(rr, rc)},{rng})", cell.value.value)
    if L.footer:
        label = "Tổng cộng" if L.footer == "tong_cong" else "Trung bình"
        if L.stt:
            sh.put(r, cols["stt"], label, bold=True, font=L.font)
            sh.merge(r, cols["stt"], r, cols["unit"])
        else:
            sh.put(r, cols["unit"], label, bold=True, font=L.font)
        n = D(len(units))
        for j, c in enumerate(cols["fields"]):
            s = sum((u.pts[j] for u in units), D(0))
            s = s if L.footer == "tong_cong" else (s / n).quantize(Q2, rounding=ROUND_HALF_UP)
            sh.put(r, c + (1 if per_field == 2 else 0), val(s), bold=True)
        if "total" in cols:
            s = sum((u.points for u in units), D(0))
            s = s if L.footer == "tong_cong" else (s / n).quantize(Q2, rounding=ROUND_HALF_UP)
            sh.put(r, cols["total"] + (1 if per_field == 2 else 0), val(s), bold=True)
        r += 1
    if L.signature:
        r += 1
        right = max(cols["fields"][len(F) // 2], width - 4)
        left = cols["unit"] if L.stt else 0
        sh.put(r, left, "NGƯỜI LẬP BIỂU", bold=True, font=L.header_font)
        sh.put(r, right, "KT. CHỦ TỊCH", bold=True, font=L.header_font)
        sh.put(r + 1, right, "PHÓ CHỦ TỊCH", bold=True, font=L.header_font)
        sh.put(r + 5, left, "Trần Thị Mai", bold=True, font=L.font)
        sh.put(r + 5, right, "Nguyễn Văn Hùng", bold=True, font=L.font)
        r += 6
    cols["width"] = width
    cols["rows"] = rows
    cols["header"] = (h0, h1)
    return cols


# ----------------------------------------------------------------------------------------
# Names
# ----------------------------------------------------------------------------------------
COMMUNE_WORDS = [
    "Tân Hòa",
    "Đông Hòa",
    "Bình Minh",
    "An Phú",
    "Phú Lộc",
    "Thạnh Mỹ",
    "Vĩnh Lợi",
    "Hòa Bình",
    "Long Điền",
    "Mỹ Hội",
    "Tân Lập",
    "Đông Thái",
    "Phước Hưng",
    "Hưng Đạo",
    "Quảng Thọ",
    "Thụy Hương",
    "Nghĩa Trung",
    "Đức Thắng",
    "Xuân Lộc",
    "Trường Xuân",
    "Yên Thế",
    "Ngọc Lặc",
    "Lương Sơn",
    "Quỳnh Hoa",
    "Hòa Thuận",
    "Tân Phong",
    "Bình Thạnh",
    "Phú Mỹ",
    "Mỹ Thuận",
    "Hiệp Hòa",
    "Thủy An",
    "Thanh Xuân",
    "Kim Sơn",
    "Tam Hiệp",
    "Cẩm Phú",
    "Gia Lộc",
    "Đại Đồng",
    "Minh Khai",
    "Quang Trung",
    "Lê Lợi",
    "Hồng Phong",
    "Tiền Phong",
    "Nam Hồng",
    "Thái Học",
    "Văn Lang",
    "Sơn Thủy",
    "Hải Tân",
    "Vạn Ninh",
    "Phúc Thành",
    "Lạc Hồng",
    "Định Hòa",
    "Tân Thành",
    "Khánh Bình",
    "Nhơn Hội",
    "Vĩnh Xương",
    "Phú Hiệp",
    "Long Giang",
    "Mỹ Đức",
    "Bình Phước",
    "Tân Huề",
    "Thuận Giao",
    "Hòa Khánh",
    "Tịnh Biên",
    "Châu Lăng",
]


def communes(start: int, n: int, kinds=("Xã", "Xã", "Phường", "Xã", "Thị trấn")) -> list[str]:
    out = []
    for i in range(n):
        w = COMMUNE_WORDS[(start + i) % len(COMMUNE_WORDS)]
        out.append(f"{kinds[i % len(kinds)]} {w}")
    assert len(set(out)) == len(out)
    return out


AN_GIANG = [
    "Thành phố Long Xuyên",
    "Thành phố Châu Đốc",
    "Thị xã Tân Châu",
    "Thị xã Tịnh Biên",
    "Huyện An Phú",
    "Huyện Châu Phú",
    "Huyện Châu Thành",
    "Huyện Chợ Mới",
    "Huyện Phú Tân",
    "Huyện Tri Tôn",
    "Huyện Thoại Sơn",
]
DEPARTMENTS = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Khoa học và Công nghệ",
    "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh",
    "Ban Dân tộc",
    "Ban Quản lý các khu công nghiệp",
]
DISTRICT_OFFICES = [
    "Văn phòng HĐND và UBND huyện",
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Văn hóa và Thông tin",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Y tế",
    "Thanh tra huyện",
    "Phòng Nông nghiệp và PTNT",
]
THANH_HOA = [
    "Thành phố Thanh Hóa",
    "Thành phố Sầm Sơn",
    "Thị xã Bỉm Sơn",
    "Thị xã Nghi Sơn",
    "Huyện Hoằng Hóa",
    "Huyện Hậu Lộc",
    "Huyện Nga Sơn",
    "Huyện Quảng Xương",
    "Huyện Thọ Xuân",
    "Huyện Triệu Sơn",
    "Huyện Ngọc Lặc",
    "Huyện Như Xuân",
]
HAI_PHONG_DISTRICTS = {
    "Huyện Tiên Lãng": [
        "Thị trấn Tiên Lãng",
        "Xã Bạch Đằng",
        "Xã Quang Phục",
        "Xã Tiên Thắng",
        "Xã Hùng Thắng",
        "Xã Vinh Quang",
        "Xã Tiên Minh",
        "Xã Kiến Thiết",
    ],
    "Huyện Vĩnh Bảo": [
        "Thị trấn Vĩnh Bảo",
        "Xã Dũng Tiến",
        "Xã Giang Biên",
        "Xã Thắng Thủy",
        "Xã Trung Lập",
        "Xã Việt Tiến",
        "Xã Vĩnh An",
        "Xã Nhân Hòa",
    ],
    "Huyện An Lão": [
        "Thị trấn An Lão",
        "Thị trấn Trường Sơn",
        "Xã Bát Trang",
        "Xã Trường Thọ",
        "Xã An Thắng",
        "Xã Quang Trung",
        "Xã Thái Sơn",
    ],
}


def caps(name: str) -> str:
    return name.upper()


def ubnd(name: str) -> str:
    kind, rest = name.split(" ", 1) if not name.startswith("Thị trấn") else ("Thị trấn", name[9:])
    return f"UBND {kind.lower()} {rest}"


# ----------------------------------------------------------------------------------------
# The cases
# ----------------------------------------------------------------------------------------
CASES: list[dict] = []
JOBS_SOFFICE: list[tuple] = []  # (source path, target format, target name)


def case(
    file,
    writer,
    variant,
    year,
    units=None,
    fields=None,
    expect="loaded",
    args=None,
    problems=(),
    stderr_contains=(),
    ranking_json=None,
    setup=(),
):
    c = dict(
        file=file,
        writer=writer,
        variant=variant,
        year=year,
        args=list(args) if args is not None else (["--new-units"] if expect == "loaded" else []),
        setup=list(setup),
        expect=expect,
    )
    if expect == "loaded" and units is not None:
        c["ranking"] = [
            [u.name, r, u.points, u.max(fields), u.index(fields)] for u, r in ranked(units, fields)
        ]
    if ranking_json:
        c["ranking_json"] = ranking_json
    if problems:
        c["problems"] = list(problems)
    if stderr_contains:
        c["stderr_contains"] = list(stderr_contains)
    CASES.append(c)


def T(year, what="CỦA CÁC XÃ, PHƯỜNG, THỊ TRẤN"):
    return f"BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year} {what}"


def c01():
    units = make_units(AN_GIANG, FW8, 101)
    sh = Sheet("Tong hop")
    r = title_block(
        sh,
        14,
        title=T(2023, "CỦA CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ"),
        sub="(Kèm theo Quyết định số 512/QĐ-UBND ngày 15/3/2024 của UBND tỉnh An Giang)",
    )
    L = Layout(
        FW8,
        unit_header="HUYỆN, THỊ XÃ, THÀNH PHỐ",
        index_style="text",
        band="Xếp loại",
        footer="trung_binh",
        signature=True,
        total="Tổng điểm\n(100 điểm)",
    )
    build_table(sh, units, L, r)
    write_openpyxl([sh], OUT / "huyen_thi_xa_thanh_pho_2023.xlsx")
    case(
        "huyen_thi_xa_thanh_pho_2023.xlsx",
        "openpyxl",
        "cột đơn vị «HUYỆN, THỊ XÃ, THÀNH PHỐ»; dòng tiêu đề, quyết định ngày 2024; tiêu đề 1 dòng, "
        "xuống dòng trong ô «Lĩnh vực 1\\n(9 điểm)»; chỉ số dạng chữ «85,50%»; xếp hạng, xếp loại "
        "Xuất sắc/Tốt/Khá; dòng «Trung bình»; chữ ký",
        2023,
        units,
        FW8,
    )


def c02_units():
    return make_units(communes(0, 14), FW7, 102)


def c02():
    units = c02_units()
    sh = Sheet("Sheet1")
    r = title_block(
        sh,
        20,
        province="HUYỆN CHÂU THÀNH",
        agency="PHÒNG NỘI VỤ",
        title=T(2023),
        sub="(Kèm theo Báo cáo số 45/BC-PNV ngày 20/01/2024)",
    )
    L = Layout(
        FW7,
        unit_header="Xã, phường, thị trấn",
        max_mode="subcols",
        numbering="paren",
        field_header=lambda f: f"{f.code}. {f.name}",
        blank_every=5,
        band="Xếp loại",
        total="Tổng cộng",
    )
    build_table(sh, units, L, r)
    path = OUT / "xa_phuong_thi_tran_2023.xlsx"
    write_openpyxl([sh], path)
    case(
        path.name,
        "openpyxl",
        "cột đơn vị «Xã, phường, thị trấn»; tiêu đề 2 dòng gộp ô: tên lĩnh vực trên «Điểm tối đa» / "
        "«Điểm đạt»; dòng đánh số (1) (2) (3); dòng trống giữa các nhóm đơn vị; 7 lĩnh vực",
        2023,
        units,
        FW7,
    )
    JOBS_SOFFICE.append((path, "ods", "xa_phuong_thi_tran_gop_o_2023.ods"))
    case(
        "xa_phuong_thi_tran_gop_o_2023.ods",
        "soffice",
        "soffice chuyển từ xa_phuong_thi_tran_2023.xlsx sang .ods: ô gộp tiêu đề (table:number-columns-"
        "spanned), «Điểm tối đa» / «Điểm đạt», dòng (1) (2), dòng trống",
        2023,
        units,
        FW7,
    )


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]


def c03():
    names = communes(14, 12)
    units = make_units(names, FW8, 103)
    for i, u in enumerate(units):
        u.shown = f"{i + 1}. {u.name}"
    sh = Sheet("KQ 2023")
    r = title_block(
        sh,
        13,
        province="HUYỆN THOẠI SƠN",
        agency="PHÒNG NỘI VỤ",
        title=T(2023, "CÁC XÃ, THỊ TRẤN TRÊN ĐỊA BÀN HUYỆN"),
    )
    L = Layout(
        FW8,
        unit_header="Tên xã, phường, thị trấn",
        stt=False,
        numbering="letters",
        field_header=lambda f: f"{ROMAN[int(f.code) - 1]}\n(Điểm tối đa: {num(f.max)})",
        index_style="percent",
        footer="tong_cong",
        total="Tổng điểm đạt",
    )
    build_table(sh, units, L, r)
    write_openpyxl([sh], OUT / "ten_xa_phuong_thi_tran_2023.xlsx")
    case(
        "ten_xa_phuong_thi_tran_2023.xlsx",
        "openpyxl",
        "cột «Tên xã, phường, thị trấn», không cột STT, tên đánh số «1. Xã …»; lĩnh vực số La Mã I..VIII "
        "«I\\n(Điểm tối đa: 9)»; dòng đánh số A B C; chỉ số 0,855 định dạng %; dòng «Tổng cộng»",
        2023,
        units,
        FW8,
    )


def c04():
    units = make_units(DEPARTMENTS[:15], FW8, 104, boundary=None)
    # Applicable max per unit (criteria that do not apply are out of the unit's max).
    umax = [
        D(100),
        D(84),
        D(100),
        D(92),
        D(96),
        D(100),
        D(80),
        D(100),
        D(88),
        D(100),
        D(100),
        D(94),
        D(100),
        D(84),
        D(100),
    ]
    rng = random.Random(1040)
    for u, m in zip(units, umax):
        u.umax = m
        while sum(u.pts, D(0)) > m * D("0.97"):
            k = rng.randrange(len(FW8))
            u.pts[k] = max(D(0), u.pts[k] - D(1))
    set_total(units[1], FW8, D("68.32"))  # Thanh Hóa case: 68,32 / 84 = 81,33 %
    set_total(units[6], FW8, D("68.1"))  # 68,1 / 80 = 85,125 -> 85,13 (half up)
    set_total(units[8], FW8, D("79.2"))  # 79,2 / 88 = 90,00 exactly: band boundary
    set_total(units[12], FW8, D("85.13"))  # ties with 68,1 / 80 after rounding
    sh = Sheet("Sở ngành")
    r = title_block(sh, 15, title=T(2023, "CỦA CÁC SỞ, BAN, NGÀNH TỈNH"), agency="")
    L = Layout(
        FW8,
        unit_header="Sở, ban, ngành",
        field_header=lambda f: (
            f"{f.short if f.short != 'Chỉ đạo, điều hành' else 'Chỉ đạo, điều hành CCHC'}"
            f" (tối đa {num(f.max)})"
        ),
        umax_header="Điểm tối đa",
        total="Điểm đạt",
        index="Chỉ số (%)",
        band="Xếp loại",
    )
    build_table(sh, units, L, r)
    write_openpyxl([sh], OUT / "so_ban_nganh_2023.xlsx")
    case(
        "so_ban_nganh_2023.xlsx",
        "openpyxl",
        "cột «Sở, ban, ngành»; lĩnh vực theo tên viết tắt VBQPPL, TTHC, CQĐT, CQS, ĐTXHH với «(tối đa 9)»; "
        "cột «Điểm tối đa» riêng từng đơn vị (68,32/84 = 81,33 %; 68,1/80 = 85,125 → 85,13; "
        "79,2/88 = 90,00 ranh giới Xuất sắc)",
        2023,
        units,
        FW8,
    )


def c05():
    units = make_units(DISTRICT_OFFICES, FW7, 105, boundary=D(80))
    sh = Sheet("Phong ban")
    r = title_block(
        sh,
        12,
        province="HUYỆN THỌ XUÂN",
        agency="PHÒNG NỘI VỤ",
        title=T(2022, "CỦA CÁC CƠ QUAN CHUYÊN MÔN THUỘC UBND HUYỆN"),
    )
    L = Layout(
        FW7,
        unit_header="Cơ quan",
        field_header=lambda f: f"LV{f.code}",
        max_mode="row",
        band="Xếp loại",
        numtext=True,
    )
    build_table(sh, units, L, r)
    write_openpyxl([sh], OUT / "co_quan_2022.xlsx")
    case(
        "co_quan_2022.xlsx",
        "openpyxl",
        "cột «Cơ quan» (phòng chuyên môn cấp huyện); lĩnh vực «LV1»..«LV7»; dòng «Điểm tối đa» ngay dưới "
        "tiêu đề; mọi số gõ dạng chữ có dấu phẩy thập phân («8,5», «80,00»); ranh giới 80,00 (Tốt)",
        2022,
        units,
        FW7,
    )


def c06():
    units = make_units(THANH_HOA[:10], FW6, 106)
    sh = Sheet("Sheet1")
    r = title_block(
        sh, 11, province="TỈNH THANH HÓA", title=T(2022, "CỦA CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ")
    )
    L = Layout(
        FW6,
        unit_header="Huyện, thành phố",
        field_header=lambda f: f.code,
        group_header="Điểm thẩm định các lĩnh vực",
        max_mode="row",
        index="Chỉ số\n(%)",
    )
    build_table(sh, units, L, r)
    write_openpyxl([sh], OUT / "huyen_thanh_pho_2022.xlsx")
    case(
        "huyen_thanh_pho_2022.xlsx",
        "openpyxl",
        "cột «Huyện, thành phố»; tiêu đề 2 dòng: «Điểm thẩm định các lĩnh vực» gộp trên các cột số «1»..«6»; "
        "dòng «Điểm tối đa» dưới tiêu đề; 6 lĩnh vực",
        2022,
        units,
        FW6,
    )


def c07():
    units = make_units(communes(26, 10), FW8, 107, self_scores=True)
    sh = Sheet("TONG HOP")
    r = title_block(
        sh,
        20,
        province="HUYỆN PHÚ TÂN",
        agency="HỘI ĐỒNG THẨM ĐỊNH",
        title=T(2023, "(KẾT QUẢ TỰ CHẤM VÀ THẨM ĐỊNH)"),
    )
    L = Layout(
        FW8,
        unit_header="Đơn vị",
        pairs=("Tự chấm", "Thẩm định"),
        field_header=lambda f: f"Lĩnh vực {f.code} ({num(f.max)})",
        total="Tổng điểm (100)",
        index="Chỉ số CCHC (%)",
        rank="Xếp hạng",
    )
    build_table(sh, units, L, r)
    write_openpyxl([sh], OUT / "don_vi_tu_cham_tham_dinh_2023.xlsx")
    case(
        "don_vi_tu_cham_tham_dinh_2023.xlsx",
        "openpyxl",
        "cột «Đơn vị»; cặp «Tự chấm | Thẩm định» dưới tên lĩnh vực gộp ô «Lĩnh vực 1 (9)» (điểm chính thức = "
        "Thẩm định); tổng điểm cũng là cặp",
        2023,
        units,
        FW8,
    )


def c08():
    names = communes(36, 9)
    units = make_units(names, FW8, 108)
    for u in units:
        u.shown = ubnd(u.name)
    sh = Sheet("Sheet1")
    sh.put(0, 0, T(2023, "CÁC XÃ, PHƯỜNG, THỊ TRẤN"), bold=True)
    L = Layout(
        FW8,
        unit_header=None,
        field_header=lambda f: f"{f.short} ({num(f.max)})",
        index="Chỉ số",
        rank="Thứ hạng",
    )
    build_table(sh, units, L, 2)
    write_openpyxl([sh], OUT / "khong_tieu_de_cot_don_vi_2023.xlsx")
    case(
        "khong_tieu_de_cot_don_vi_2023.xlsx",
        "openpyxl",
        "KHÔNG có chữ trên cột đơn vị; tên «UBND xã …»; lĩnh vực theo tên viết tắt «Chỉ đạo, điều hành (9)», "
        "«VBQPPL (7)», «TTHC (13)», «CQĐT, CQS (12)», «ĐTXHH (32)»",
        2023,
        units,
        FW8,
    )


def c09():
    sheets, all_units = [], []
    seed = 109
    note = Sheet("Ghi chú")
    note.put(0, 0, "Ghi chú: điểm ĐTXHH do Sở Nội vụ cung cấp ngày 10/01/2024.")
    note.put(1, 0, "Các xã chưa nộp báo cáo giải trình: không.")
    sheets.append(note)
    for district, names in HAI_PHONG_DISTRICTS.items():
        seed += 1
        units = make_units(
            names, FW8, seed, boundary=D(90) if seed == 110 else None, tie=seed == 111
        )
        all_units += units
        sh = Sheet(district)
        sh.put(0, 0, f"KẾT QUẢ CHỈ SỐ CCHC NĂM 2023 CÁC XÃ, THỊ TRẤN {district.upper()}", bold=True)
        sh.merge(0, 0, 0, 11)
        L = Layout(
            FW8,
            unit_header="Tên đơn vị",
            field_header=lambda f: f"Lĩnh vực {f.code} ({num(f.max)})",
            rank=None,
        )
        build_table(sh, units, L, 2)
        sheets.append(sh)
    old = Sheet("Năm 2022 (cũ)", hidden=True)
    stale = make_units([n for ns in HAI_PHONG_DISTRICTS.values() for n in ns], FW8, 9999, tie=False)
    build_table(
        old,
        stale,
        Layout(FW8, rank=None, field_header=lambda f: f"Lĩnh vực {f.code} ({num(f.max)})"),
        0,
    )
    sheets.append(old)
    write_openpyxl(sheets, OUT / "moi_huyen_mot_sheet_2023.xlsx")
    case(
        "moi_huyen_mot_sheet_2023.xlsx",
        "openpyxl",
        "một sheet mỗi huyện (các xã, thị trấn của huyện), cùng một bảng xếp hạng; sheet «Ghi chú» chỉ có chữ; "
        "sheet ẩn «Năm 2022 (cũ)» cùng tên đơn vị phải bỏ qua",
        2023,
        all_units,
        FW8,
    )


def c10():
    names = communes(45, 10, kinds=("Phường",))
    units = make_units(names, FW8, 110, hi=0.93)
    for i, u in enumerate(units):
        u.bonus = [
            D("0"),
            D("1.5"),
            D("2"),
            D("0.5"),
            D("0.5"),
            D("1"),
            D("0"),
            D("0.25"),
            D("2"),
            D("0"),
        ][i]
        u.penalty = [
            D("0"),
            D("0"),
            D("1"),
            D("0.5"),
            D("0.5"),
            D("0"),
            D("2"),
            D("0"),
            D("0"),
            D("0.5"),
        ][i]
    units[1].pts = list(units[1].pts)
    set_total(units[1], FW8, D("88.5"))  # 88,5 + 1,5 = 90,00: the band boundary
    for i in (2, 7):  # merged into another ward since: marked «(cũ)»
        units[i].shown = f"{units[i].name} (cũ)"
    set_total(units[4], FW8, sum(units[3].pts, D(0)))  # 3 and 4: same bonus and penalty -> tie
    sh = Sheet("Phuong")
    r = title_block(
        sh,
        15,
        province="THÀNH PHỐ HÀ NỘI",
        agency="SỞ NỘI VỤ",
        title=T(2024, "CỦA CÁC PHƯỜNG (CÓ ĐIỂM THƯỞNG, ĐIỂM TRỪ)"),
    )
    L = Layout(
        FW8,
        unit_header="Phường",
        bonus="Điểm thưởng\n(tối đa 2)",
        penalty="Điểm trừ",
        field_header=lambda f: f"Lĩnh vực {f.code}\n({num(f.max)} điểm)",
        band="Xếp loại",
        total="Tổng điểm",
    )
    build_table(sh, units, L, r)
    write_openpyxl([sh], OUT / "diem_thuong_diem_tru_2024.xlsx")
    case(
        "diem_thuong_diem_tru_2024.xlsx",
        "openpyxl",
        "8 lĩnh vực + cột «Điểm thưởng (tối đa 2)» và «Điểm trừ» (điểm = tổng + thưởng − trừ, tối đa 100); "
        "88,5 + 1,5 = 90,00; hai tên có hậu tố «(cũ)»",
        2024,
        units,
        FW8,
    )


def c11():
    names = communes(5, 11)
    units = make_units(names, FW9, 111)
    for u in units:
        u.shown = caps(u.name)
    sh = Sheet("Xep hang")
    r = title_block(sh, 15, province="TỈNH QUẢNG NINH", title=T(2024))
    L = Layout(
        FW9,
        unit_header="Tên đơn vị",
        field_header=lambda f: f"Lĩnh vực {f.code}\n({num(f.max)})",
        index="Chỉ số (%)",
        band="Phân nhóm",
        band_fn=band_nhom,
    )
    build_table(sh, units, L, r)
    write_openpyxl([sh], OUT / "chin_linh_vuc_2024.xlsx")
    case(
        "chin_linh_vuc_2024.xlsx",
        "openpyxl",
        "9 lĩnh vực; tên viết hoa «XÃ TÂN HÒA»; chỉ số số 85.5; xếp loại «Nhóm A/B/C»",
        2024,
        units,
        FW9,
    )


def c12():
    names = communes(20, 8)
    units = make_units(names, FW8, 112)
    sh = Sheet("KQ")
    sh.put(0, 0, "UBND HUYỆN YÊN THẾ", bold=True)
    sh.put(1, 0, T(2023), bold=True)
    L = Layout(
        FW8,
        unit_header="Tên đơn vị",
        field_header=lambda f: f"Lĩnh vực {f.code}",
        index=None,
        rank="Xếp hạng",
        total="Tổng điểm",
    )
    cols = build_table(sh, units, L, 4)
    write_openpyxl([sh], OUT / "khong_diem_toi_da_2023.xlsx")
    h0 = cols["header"][0]
    case(
        "khong_diem_toi_da_2023.xlsx",
        "openpyxl",
        "KHÔNG ghi điểm tối đa ở đâu (không trong tiêu đề, không dòng tối đa, không chỉ số): sau `cchc init` "
        "(CSDL trống) phải từ chối, nêu từng cột lĩnh vực",
        2023,
        expect="refused",
        args=["--new-units"],
        problems=["tối đa"] + [a1(h0, c, "KQ") for c in cols["fields"]],
    )


def c13_bad_blank_name():
    units = make_units(communes(30, 8), FW8, 113)
    sh = Sheet("KQ")
    sh.put(0, 0, T(2023), bold=True)
    L = Layout(FW8, field_header=lambda f: f"Lĩnh vực {f.code} ({num(f.max)})")
    cols = build_table(sh, units, L, 2)
    r = cols["rows"][5]
    del sh.cells[(r, cols["unit"])]  # STT and points, but no name
    write_openpyxl([sh], OUT / "loi_dong_thieu_ten_2023.xlsx")
    case(
        "loi_dong_thieu_ten_2023.xlsx",
        "openpyxl",
        "LỖI: một dòng có STT và điểm nhưng ô tên đơn vị trống → phải từ chối, nêu ô",
        2023,
        expect="refused",
        args=["--new-units"],
        problems=[a1(r, cols["unit"], "KQ")],
    )


def c14_bad_xfd():
    units = make_units(communes(40, 5), FW8, 114, tie=False)
    sh = Sheet("KQ")
    L = Layout(FW8, field_header=lambda f: f"Lĩnh vực {f.code} ({num(f.max)})")
    build_table(sh, units, L, 0)
    sh.put(1048575, 16383, "x")  # XFD1048576: one stray value
    write_openpyxl([sh], OUT / "loi_o_le_XFD1048576.xlsx")
    case(
        "loi_o_le_XFD1048576.xlsx",
        "openpyxl",
        "LỖI: bảng nhỏ + một giá trị lạc ở ô XFD1048576 (phạm vi khai báo A1:XFD1048576, ~5 KB) → phải từ chối "
        "nhanh với thông báo (không cấp phát lưới cả sheet)",
        2023,
        expect="refused",
        args=["--new-units"],
        problems=["XFD1048576"],
    )


def c15_bad_over_max():
    units = make_units(communes(50, 8), FW8, 115)
    sh = Sheet("KQ")
    sh.put(0, 0, T(2023), bold=True)
    L = Layout(
        FW8, field_header=lambda f: f"Lĩnh vực {f.code} ({num(f.max)})", index=None, rank=None
    )
    cols = build_table(sh, units, L, 2)
    r, c = cols["rows"][3], cols["fields"][2]  # field 3, max 13
    sh.cells[(r, c)].value = D("13.5")
    sh.cells[(r, cols["total"])].value = units[3].points - units[3].pts[2] + D("13.5")
    write_openpyxl([sh], OUT / "loi_vuot_diem_toi_da_2023.xlsx")
    case(
        "loi_vuot_diem_toi_da_2023.xlsx",
        "openpyxl",
        "LỖI: một ô điểm 13,5 vượt tối đa của cột «Lĩnh vực 3 (13)» → phải từ chối, nêu ô",
        2023,
        expect="refused",
        args=["--new-units"],
        problems=[a1(r, c, "KQ")],
    )


TCVN3_NAMES = [
    "Xã Bạch Đằng",
    "Xã Quang Phục",
    "Thị trấn Tiên Lãng",
    "Xã Tiên Thắng",
    "Xã Hùng Thắng",
    "Xã Vinh Quang",
    "Xã Kiến Thiết",
    "Xã Đoàn Lập",
    "Xã Tự Cường",
    "Xã Khởi Nghĩa",
]


def legacy_sheet(units, fields, enc, body_font, head_font, year, name="Sheet1"):
    """A sheet whose every text cell is legacy-encoded; headers in the capitals font."""
    sh = Sheet(name)
    r = title_block(
        sh, 12, province="HUYỆN TIÊN LÃNG", agency="PHÒNG NỘI VỤ", title=T(year), font=head_font
    )
    L = Layout(
        fields,
        unit_header="TÊN ĐƠN VỊ",
        field_header=lambda f: f"LĨNH VỰC {f.code}\n({num(f.max)} ĐIỂM)",
        font=body_font,
        header_font=head_font,
        band="XẾP LOẠI",
        total="TỔNG ĐIỂM",
        index="CHỈ SỐ (%)",
        rank="XẾP HẠNG",
        signature=True,
    )
    build_table(sh, units, L, r)
    for cell in sh.cells.values():
        if isinstance(cell.value, str):
            capsfont = cell.font == head_font and head_font != body_font
            cell.value = enc(cell.value, capsfont)
            cell.font = cell.font or body_font
    return sh


def c16_tcvn3():
    units = make_units(TCVN3_NAMES, FW8, 116)
    sh = legacy_sheet(units, FW8, lambda t, cf: tcvn3(t, cf), ".VnTime", ".VnTimeH", 2022)
    write_openpyxl([sh], OUT / "tcvn3_vntime_2022.xlsx")
    case(
        "tcvn3_vntime_2022.xlsx",
        "openpyxl",
        "chữ TCVN3 (ABC): thân bảng phông .VnTime (mã chữ thường, «X· B¹ch §»ng»), tiêu đề phông .VnTimeH "
        "(chữ hoa, «T£N §¥N VÞ», «LÜNH VùC 1»)",
        2022,
        units,
        FW8,
    )
    units2 = make_units(TCVN3_NAMES[:8], FW7, 1161)
    sh2 = legacy_sheet(units2, FW7, lambda t, cf: tcvn3(t, cf), ".VnTime", ".VnTimeH", 2021)
    write_xlwt([sh2], OUT / "tcvn3_vntime_2021.xls")
    case(
        "tcvn3_vntime_2021.xls",
        "xlwt",
        "tệp .xls cũ (BIFF8, xlwt) chữ TCVN3 .VnTime/.VnTimeH; 7 lĩnh vực",
        2021,
        units2,
        FW7,
    )


def c17_vni():
    units = make_units(["Xã Đông Hòa"] + communes(10, 9), FW8, 117)
    sh = legacy_sheet(units, FW8, lambda t, cf: vni(t), "VNI-Times", "VNI-Times", 2022)
    write_xlwt([sh], OUT / "vni_times_2022.xls")
    case(
        "vni_times_2022.xls",
        "xlwt",
        "chữ VNI-Windows (phông VNI-Times): «Xaõ Ñoâng Hoøa» = Xã Đông Hòa; tiêu đề cũng VNI; .xls (xlwt)",
        2022,
        units,
        FW8,
    )
    units2 = make_units(communes(20, 8), FW8, 1171)
    sh2 = legacy_sheet(units2, FW8, lambda t, cf: vni(t), "VNI-Times", "VNI-Times", 2023)
    write_openpyxl([sh2], OUT / "vni_times_2023.xlsx")
    case(
        "vni_times_2023.xlsx",
        "openpyxl",
        "chữ VNI-Windows (VNI-Times) trong .xlsx",
        2023,
        units2,
        FW8,
    )


def c18_lookalike():
    names = [
        "Xã Đông Hòa",
        "Xã Đông Thái",
        "Phường Đức Thắng",
        "Xã Đại Đồng",
        "Xã Tân Hòa",
        "Xã Định Hòa",
        "Thị trấn Đông Thành",
        "Xã Bình Minh",
    ]
    units = make_units(names, FW8, 118)
    for u in units:
        u.shown = u.name.replace("Đ", "\u00d0")  # Ð (Icelandic eth) typed for Đ
    sh = Sheet("Sheet1")
    sh.put(0, 0, "ỦY BAN NHÂN DÂN HUYỆN «ĐÔNG HẢI»".replace("Đ", "\u00d0"), bold=True)
    sh.put(1, 0, "BẢNG TỔNG HỢP KẾT QUẢ «CHỈ SỐ CCHC» NĂM 2023", bold=True)
    L = Layout(
        FW8,
        unit_header="Tên \u00d0ơn vị",
        field_header=lambda f: f"Lĩnh vực {f.code} «{f.short}» ({num(f.max)})",
        index_style="text",
    )
    build_table(sh, units, L, 3)
    write_xlsxwriter([sh], OUT / "unicode_D_ngoac_kep_2023.xlsx")
    case(
        "unicode_D_ngoac_kep_2023.xlsx",
        "xlsxwriter",
        "Unicode thường có chữ giống «Ð» (U+00D0) thay «Đ» và ngoặc « » trong tiêu đề: KHÔNG được coi là TCVN3; "
        "«Xã Ðông Hòa» khớp «Xã Đông Hòa»",
        2023,
        units,
        FW8,
    )


def c19_nfd():
    units = make_units(communes(3, 9), FW8, 119)
    sh = Sheet("Sheet1")
    r = title_block(sh, 12, province="HUYỆN QUỲNH PHỤ", agency="PHÒNG NỘI VỤ", title=T(2023))
    build_table(sh, units, Layout(FW8, unit_header="Đơn vị", band="Xếp loại"), r)
    sh.map_text(lambda t: unicodedata.normalize("NFD", t))
    write_xlsxwriter([sh], OUT / "unicode_nfd_2023.xlsx")
    case(
        "unicode_nfd_2023.xlsx",
        "xlsxwriter",
        "mọi chữ ở dạng NFD (dấu tách rời, như macOS/một số web xuất ra)",
        2023,
        units,
        FW8,
    )


def c20_old_tones():
    names = [
        "Xã Tân Hòa",
        "Xã Thụy Hương",
        "Phường Hòa Thuận",
        "Xã Hiệp Hòa",
        "Xã Thủy An",
        "Xã Định Hòa",
        "Thị trấn Phú Hòa",
        "Xã Quỳnh Hoa",
        "Xã Hòa Khánh",
    ]
    units = make_units(names, FW8, 120)
    for u in units:
        u.shown = old_tones(u.name)
    assert units[0].shown == "Xã Tân Hoà" and units[1].shown == "Xã Thuỵ Hương"
    sh = Sheet("Sheet1")
    r = title_block(sh, 12, province="HUYỆN THÁI THỤY", agency="PHÒNG NỘI VỤ", title=T(2023))
    build_table(sh, units, Layout(FW8, unit_header="Đơn vị được đánh giá", index_style="text"), r)
    sh.map_text(old_tones)
    write_xlsxwriter([sh], OUT / "dau_kieu_cu_2023.xlsx")
    case(
        "dau_kieu_cu_2023.xlsx",
        "xlsxwriter",
        "bỏ dấu kiểu cũ «Xã Tân Hoà», «Xã Thuỵ Hương», «Phường Hoà Thuận» (= Hòa, Thụy); cột «Đơn vị được đánh giá»",
        2023,
        units,
        FW8,
    )


def c21_soffice_formulas(tmp: Path):
    units = make_units(communes(8, 12), FW8, 121)
    sh = Sheet("Tổng hợp")
    r = title_block(sh, 13, province="HUYỆN CHỢ MỚI", agency="PHÒNG NỘI VỤ", title=T(2023))
    L = Layout(
        FW8,
        unit_header="Tên đơn vị",
        field_header=lambda f: f"Lĩnh vực {f.code} ({num(f.max)})",
        formulas=True,
        index_style="percent",
        band="Xếp loại",
    )
    build_table(sh, units, L, r)
    src = tmp / "cong_thuc_openpyxl_2023.xlsx"
    write_openpyxl([sh], src)  # formulas, no stored values
    for fmt, name in (
        ("xlsx", "soffice_cong_thuc_2023.xlsx"),
        ("xls", "soffice_cong_thuc_2023.xls"),
        ("ods", "soffice_cong_thuc_2023.ods"),
    ):
        JOBS_SOFFICE.append((src, fmt, name))
        case(
            name,
            "soffice",
            f"openpyxl ghi công thức (=SUM, =ROUND(…/100,4), =RANK, =IF xếp loại) không có giá trị; soffice mở, "
            f"tính và lưu sang .{fmt} kèm giá trị",
            2023,
            units,
            FW8,
        )


def c22_xlsxwriter_formulas():
    units = make_units(communes(16, 10), FW8, 122)
    sh = Sheet("Tổng hợp")
    r = title_block(sh, 13, province="HUYỆN HOẰNG HÓA", agency="PHÒNG NỘI VỤ", title=T(2023))
    L = Layout(
        FW8,
        unit_header="Xã, thị trấn",
        field_header=lambda f: f"LV{f.code}\n(Điểm tối đa: {num(f.max)})",
        formulas=True,
        band="Xếp loại",
    )
    build_table(sh, units, L, r)
    write_xlsxwriter([sh], OUT / "xlsxwriter_cong_thuc_co_gia_tri_2023.xlsx")
    case(
        "xlsxwriter_cong_thuc_co_gia_tri_2023.xlsx",
        "xlsxwriter",
        "xlsxwriter: tổng, chỉ số, hạng, xếp loại là công thức CÓ giá trị đã tính (write_formula(value=…)); "
        "lĩnh vực «LV3\\n(Điểm tối đa: 13)»",
        2023,
        units,
        FW8,
    )


def c23_uncalculated():
    units = make_units(communes(24, 8), FW8, 123)
    detail = Sheet("Chi tiết")
    detail.put(0, 0, "Đơn vị")
    for j, f in enumerate(FW8):
        detail.put(0, 1 + j, f"LV{f.code}")
    for i, u in enumerate(units):
        detail.put(1 + i, 0, u.name)
        for j, p in enumerate(u.pts):
            detail.put(1 + i, 1 + j, p)
    sh = Sheet("Tổng hợp")
    sh.put(0, 0, T(2023), bold=True)
    L = Layout(
        FW8, field_header=lambda f: f"Lĩnh vực {f.code} ({num(f.max)})", formulas=True, rank=None
    )
    cols = build_table(sh, units, L, 2)
    for i, rr in enumerate(cols["rows"]):
        for j, c in enumerate(cols["fields"]):
            sh.cells[(rr, c)].value = Formula(f"='Chi tiết'!{a1(1 + i, 1 + j)}")
        for key in ("total", "index"):
            sh.cells[(rr, cols[key])].value.value = None
    write_xlsxwriter(
        [sh, detail], OUT / "xlsxwriter_cong_thuc_chua_tinh_2023.xlsx", formula_values=False
    )
    case(
        "xlsxwriter_cong_thuc_chua_tinh_2023.xlsx",
        "xlsxwriter",
        "LỖI: điểm lĩnh vực là công thức tham chiếu sheet «Chi tiết», chưa từng được tính (giá trị lưu 0, "
        "fullCalcOnLoad) → phải từ chối «mở và lưu lại tệp trong Excel/LibreOffice», không đọc thành 0",
        2023,
        expect="refused",
        args=["--new-units"],
        problems=["lưu lại"],
    )


def c24_national():
    rng = random.Random(2025)
    kinds = ["Xã"] * 2621 + ["Phường"] * 687 + ["Đặc khu"] * 13
    random.Random(7).shuffle(kinds)
    units = []
    for i, k in enumerate(kinds, 1):
        word = COMMUNE_WORDS[i % len(COMMUNE_WORDS)]
        units.append(Unit(f"{k} {word} {i}", gen_points(rng, FW8, rng.uniform(0.6, 0.98))))
    sh = Sheet("Tổng hợp")
    sh.put(0, 0, T(2025, "CỦA CÁC XÃ, PHƯỜNG, ĐẶC KHU (34 TỈNH, THÀNH PHỐ)"), bold=True)
    L = Layout(
        FW8,
        unit_header="Tên đơn vị",
        field_header=lambda f: f"Lĩnh vực {f.code} ({num(f.max)})",
        rank="Xếp hạng",
    )
    build_table(sh, units, L, 2)
    write_xlsxwriter([sh], OUT / "toan_quoc_3321_xa_2025.xlsx")
    exp = [
        [u.name, r, str(u.points), str(u.max(FW8)), str(u.index(FW8))]
        for u, r in ranked(units, FW8)
    ]
    (OUT / "toan_quoc_3321_xa_2025.expected.json").write_text(
        "[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in exp) + "\n]\n",
        encoding="utf-8",
    )
    case(
        "toan_quoc_3321_xa_2025.xlsx",
        "xlsxwriter",
        "cỡ toàn quốc: 3.321 xã, phường, đặc khu × 8 lĩnh vực, tối đa trong tiêu đề «(9)»; xếp hạng kỳ vọng "
        "tính bằng decimal trong toan_quoc_3321_xa_2025.expected.json ([tên, hạng, điểm, tối đa, chỉ số] "
        "dạng chuỗi thập phân)",
        2025,
        ranking_json="toan_quoc_3321_xa_2025.expected.json",
    )


PORTAL_COLUMNS = (
    "A=unit_code, B=unit, C=field:1/9, D=field:2/7, E=field:3/13, F=field:4/8, G=field:5/11, "
    "H=field:6/8, I=field:7/12, J=field:8/32, K=ignore, L=total, M=ignore"
)


def c25_portal():
    names = [
        "Xã Đông Thái",
        "Xã An Biên",
        "Xã Tây Yên",
        "Xã Nam Thái",
        "Xã Đông Yên",
        "Xã Vĩnh Hòa",
        "Xã Hòa Điền",
        "Xã Kiên Lương",
        "Xã Giang Thành",
        "Xã Vĩnh Điều",
    ]
    units = make_units(names, FW8, 125)
    sh = Sheet("export")
    heads = [
        "MA_COQUAN",
        "TEN",
        "CDDH",
        "THECHE",
        "TTHC",
        "TCBM",
        "CONGVU",
        "TAICHINH",
        "CQS",
        "TACDONG",
        "TDGQ",
        "TONG_SCORE",
        "NGAY_CAP_NHAT",
    ]
    for c, h in enumerate(heads):
        sh.put(0, c, h)
    rng = random.Random(1250)
    for i, u in enumerate(units, 1):
        sh.put(i, 0, f"{30280 + i * 7:06d}")
        sh.put(i, 1, f"UBND {u.name[0].lower()}{u.name[1:]} - tỉnh An Giang")
        for j, p in enumerate(u.pts):
            sh.put(i, 2 + j, format(p, "f"))
        sh.put(
            i, 10, format(D(rng.randint(880, 1000)) / 10, "f")
        )  # tỷ lệ giải quyết hồ sơ đúng hạn
        sh.put(i, 11, format(u.points, "f"))
        sh.put(i, 12, f"2025-01-{10 + i:02d} 08:{i:02d}:00")
    write_xlsxwriter([sh], OUT / "cong_thong_tin_ma_may_2024.xlsx")
    case(
        "cong_thong_tin_ma_may_2024.xlsx",
        "xlsxwriter",
        "xuất từ cổng: tiêu đề máy (MA_COQUAN, TEN, TDGQ, TONG_SCORE), mọi ô là chữ, tên «UBND xã Đông Thái - "
        "tỉnh An Giang»; người dùng chỉ cột bằng --columns",
        2024,
        units,
        FW8,
        args=["--new-units", "--columns", PORTAL_COLUMNS],
    )


def c26_year_mismatch():
    units = make_units(communes(33, 8), FW8, 126)
    sh = Sheet("Sheet1")
    r = title_block(sh, 12, province="HUYỆN TRIỆU SƠN", agency="PHÒNG NỘI VỤ", title=T(2024))
    build_table(
        sh, units, Layout(FW8, field_header=lambda f: f"Lĩnh vực {f.code} (tối đa {num(f.max)})"), r
    )
    write_xlsxwriter([sh], OUT / "tieu_de_nam_2024_nap_2025.xlsx")
    case(
        "tieu_de_nam_2024_nap_2025.xlsx",
        "xlsxwriter",
        "tiêu đề ghi NĂM 2024 nhưng nạp --year 2025: nạp được, phải cảnh báo năm khác (nhắc 2024)",
        2025,
        units,
        FW8,
        stderr_contains=["2024"],
    )


def c27_per_unit_max_xlsxwriter():
    units = make_units(THANH_HOA, FW8, 127, boundary=None)
    umax = [
        D(100),
        D(84),
        D(96),
        D(100),
        D(92),
        D(100),
        D(88),
        D(100),
        D(84),
        D(100),
        D(96),
        D(100),
    ]
    for u, m in zip(units, umax):
        u.umax = m
        while sum(u.pts, D(0)) > m * D("0.96"):
            k = max(range(8), key=lambda j: u.pts[j])
            u.pts[k] -= D("0.5")
    set_total(units[1], FW8, D("68.32"))  # 81,33 %
    set_total(units[8], FW8, D("75.6"))  # 75,6 / 84 = 90,00 %
    set_total(units[3], FW8, D("81.33"))  # ties with 68,32 / 84
    sh = Sheet("Huyen")
    r = title_block(
        sh, 14, province="TỈNH THANH HÓA", title=T(2023, "CỦA CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ")
    )
    L = Layout(
        FW8,
        unit_header="Huyện, thị xã, thành phố",
        group_header="ĐIỂM THẨM ĐỊNH",
        field_header=lambda f: f"LV{f.code}\n({num(f.max)})",
        umax_header="Tổng điểm tối đa\n(được đánh giá)",
        total="Tổng điểm đạt",
        index="Chỉ số\n(%)",
        band="Xếp loại",
    )
    build_table(sh, units, L, r)
    write_xlsxwriter([sh], OUT / "toi_da_rieng_tung_don_vi_2023.xlsx")
    case(
        "toi_da_rieng_tung_don_vi_2023.xlsx",
        "xlsxwriter",
        "cột «Tổng điểm tối đa (được đánh giá)» riêng từng đơn vị: 68,32/84 = 81,33 %, đồng hạng với 81,33/100; "
        "75,6/84 = 90,00; tiêu đề gộp «ĐIỂM THẨM ĐỊNH» trên «LV1 (9)»",
        2023,
        units,
        FW8,
    )
    JOBS_SOFFICE.append(
        (OUT / "toi_da_rieng_tung_don_vi_2023.xlsx", "xls", "toi_da_rieng_tung_don_vi_2023.xls")
    )
    case(
        "toi_da_rieng_tung_don_vi_2023.xls",
        "soffice",
        "soffice chuyển tệp xlsxwriter trên sang .xls (BIFF8, ô gộp)",
        2023,
        units,
        FW8,
    )


def csv_sheet(
    units,
    fields,
    year,
    unit_header="Xã, phường, thị trấn",
    titles=True,
    max_row=False,
    numtext=False,
    field_header=None,
    index_style="number",
):
    sh = Sheet("csv")
    r = 0
    if titles:
        sh.put(0, 0, "UBND HUYỆN CHÂU PHÚ")
        sh.put(1, 0, T(year))
        r = 3
    L = Layout(
        fields,
        unit_header=unit_header,
        max_mode="row" if max_row else "header",
        field_header=field_header or (lambda f: f"Lĩnh vực {f.code} ({num(f.max)})"),
        index_style=index_style,
        band="Xếp loại",
    )
    build_table(sh, units, L, r)
    return sh


def c28_csvs():
    u1 = make_units(communes(12, 9), FW8, 128)
    sh = csv_sheet(u1, FW8, 2023, titles=False, max_row=True, field_header=lambda f: f.code)
    write_csv(sh, OUT / "csv_utf8_bom_2023.csv", encoding="utf-8", bom=True)
    case(
        "csv_utf8_bom_2023.csv",
        "csv",
        "CSV UTF-8 có BOM (Excel «CSV UTF-8»), dấu phẩy, số thập phân dấu chấm; lĩnh vực «1»..«8» "
        "với dòng «Điểm tối đa»",
        2023,
        u1,
        FW8,
    )

    u2 = make_units(communes(22, 10), FW7, 129)
    sh = csv_sheet(u2, FW7, 2023, titles=True, max_row=True, field_header=lambda f: f"LV{f.code}")
    write_csv(sh, OUT / "csv_utf8_khong_bom_2023.csv", encoding="utf-8")
    case(
        "csv_utf8_khong_bom_2023.csv",
        "csv",
        "CSV UTF-8 không BOM; dòng tiêu đề phía trên; «LV1».. với dòng «Điểm tối đa»; 7 lĩnh vực",
        2023,
        u2,
        FW7,
    )

    u3 = make_units(communes(32, 9), FW8, 130)
    sh = csv_sheet(u3, FW8, 2023, unit_header="Tên đơn vị", index_style="percent")
    write_csv(sh, OUT / "utf16_tab_2023.txt", encoding="utf-16", delimiter="\t", decimal=",")
    case(
        "utf16_tab_2023.txt",
        "csv",
        "Excel «Unicode Text» (.txt): UTF-16 LE có BOM, phân cách tab, số thập phân dấu phẩy, chỉ số «85,50%»",
        2023,
        u3,
        FW8,
    )

    u4 = make_units(communes(42, 10), FW8, 131)
    sh = csv_sheet(u4, FW8, 2023)
    write_csv(
        sh, OUT / "csv_windows1258_champhay_2023.csv", encoding="cp1258", delimiter=";", decimal=","
    )
    case(
        "csv_windows1258_champhay_2023.csv",
        "csv",
        "CSV như Excel trên Windows tiếng Việt: Windows-1258 (chữ có dấu ghép = chữ gốc + dấu thanh tổ hợp), "
        "phân cách «;», số thập phân dấu phẩy",
        2023,
        u4,
        FW8,
    )

    u5 = make_units(TCVN3_NAMES[:9], FW8, 132)
    sh = csv_sheet(u5, FW8, 2022)
    for cell in sh.cells.values():
        if isinstance(cell.value, str):
            cell.value = tcvn3(cell.value, caps_font=cell.value.isupper())
    write_csv(sh, OUT / "csv_tcvn3_2022.csv", encoding="raw")
    case(
        "csv_tcvn3_2022.csv",
        "csv",
        "CSV byte Latin-1/cp1252 chứa chữ TCVN3 (ABC) (tiêu đề chữ hoa theo .VnTimeH)",
        2022,
        u5,
        FW8,
    )

    u6 = make_units(["Xã Đông Hòa"] + communes(50, 8), FW8, 133)
    sh = csv_sheet(u6, FW8, 2022)
    sh.map_text(vni)
    write_csv(sh, OUT / "csv_vni_2022.csv", encoding="raw", delimiter=";", decimal=",")
    case(
        "csv_vni_2022.csv",
        "csv",
        "CSV byte cp1252 chứa chữ VNI-Windows, «;» và dấu phẩy thập phân",
        2022,
        u6,
        FW8,
    )


# ----------------------------------------------------------------------------------------
def run_soffice(tmp: Path):
    profile = tmp / "lo_profile"
    for src, fmt, name in JOBS_SOFFICE:
        outdir = tmp / f"out_{fmt}_{name}"
        outdir.mkdir()
        filt = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97", "ods": "ods"}[fmt]
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                filt,
                "--outdir",
                str(outdir),
                str(src),
            ],
            check=True,
            capture_output=True,
        )
        produced = outdir / (src.stem + "." + fmt)
        shutil.move(produced, OUT / name)


def check_soffice_values():
    """The converted files must hold the values soffice computed: for each unit of the case, the row
    with its name has its points (total) and, under «Xếp hạng», its expected rank."""
    from python_calamine import CalamineWorkbook

    for c in CASES:
        if c["writer"] != "soffice":
            continue
        wb = CalamineWorkbook.from_path(str(OUT / c["file"]))
        rows = wb.get_sheet_by_name(wb.sheet_names[0]).to_python(skip_empty_area=False)
        rank_col = next((j for r in rows for j, v in enumerate(r) if v == "Xếp hạng"), None)
        by_name = {r[1]: r for r in rows if len(r) > 1 and isinstance(r[1], str)}
        for name, rank, points, _max, _idx in c["ranking"]:
            row = by_name[name]
            assert any(isinstance(v, float) and abs(v - float(points)) < 1e-9 for v in row), (
                c["file"],
                name,
            )
            if rank_col is not None:
                assert row[rank_col] == rank, (c["file"], name, row[rank_col], rank)


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        v = v.normalize()
        return format(v, "f") if v != v.to_integral_value() else str(int(v))
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise TypeError(v)


def write_manifest():
    lines = [
        "# Corpus of result tables the product did not write. Generated by make_corpus.py; the",
        "# expected rankings are computed there with decimal.Decimal from the numbers written into",
        "# each file (index = points / max × 100, ROUND_HALF_UP to 2 decimals; ties share the rank).",
        "# ranking rows: [unit name as a person writes it, rank, points, max, index %]",
        "# Each case: cchc init (empty database); setup commands; cchc scores load FILE --year YEAR ARGS",
        "",
    ]
    for c in CASES:
        lines.append("[[case]]")
        for k in (
            "file",
            "writer",
            "variant",
            "year",
            "args",
            "setup",
            "expect",
            "ranking_json",
            "problems",
            "stderr_contains",
        ):
            if k in c:
                lines.append(f"{k} = {toml_value(c[k])}")
        if "ranking" in c:
            lines.append("ranking = [")
            for row in c["ranking"]:
                lines.append(f"  {toml_value(row)},")
            lines.append("]")
        lines.append("")
    (OUT / "manifest.toml").write_text("\n".join(lines), encoding="utf-8")


def main():
    _check_encodings()
    for p in OUT.iterdir():
        if p.suffix in (".xlsx", ".xls", ".ods", ".csv", ".txt") or p.name.endswith(
            ".expected.json"
        ):
            p.unlink()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        for fn in (
            c01,
            c02,
            c03,
            c04,
            c05,
            c06,
            c07,
            c08,
            c09,
            c10,
            c11,
            c12,
            c13_bad_blank_name,
            c14_bad_xfd,
            c15_bad_over_max,
            c16_tcvn3,
            c17_vni,
            c18_lookalike,
            c19_nfd,
            c20_old_tones,
            c22_xlsxwriter_formulas,
            c23_uncalculated,
            c24_national,
            c25_portal,
            c26_year_mismatch,
            c27_per_unit_max_xlsxwriter,
            c28_csvs,
        ):
            fn()
        c21_soffice_formulas(tmp)
        run_soffice(tmp)
    check_soffice_values()
    write_manifest()
    import tomllib

    m = tomllib.loads((OUT / "manifest.toml").read_text(encoding="utf-8"))
    missing = [c["file"] for c in m["case"] if not (OUT / c["file"]).exists()]
    assert not missing, missing
    print(f"{len(m['case'])} cases written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
