# Generates the new-user test files and their hand-computed expectations.
import csv
import io
import json
import random
import unicodedata
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import openpyxl
import xlsxwriter

OUT = "/tmp/newuser/"
M = [
    10,
    8,
    15,
    7,
    10,
    8,
    12,
    30,
]  # this province's field maxima (total 100), unlike the example 9/7/14/6/9/7/13/35
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
FIELDS = [
    "Công tác chỉ đạo, điều hành CCHC",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
    "Tác động của CCHC đến người dân, tổ chức",
]
EXPECT = {}


def q2(x):
    return D(x).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def expect(name, rows, maxes=None, extra=None):
    """rows: list of (unit, total points as str/Decimal, max) -> ranking expectation."""
    res = []
    for r in rows:
        unit, total, mx = r
        idx = q2(D(str(total)) / D(str(mx)) * 100)
        res.append({"unit": unit, "total": str(D(str(total))), "max": str(mx), "index": str(idx)})
    res.sort(key=lambda r: -D(r["index"]))
    for i, r in enumerate(res):
        r["rank"] = 1 + sum(1 for o in res if D(o["index"]) > D(r["index"]))
    EXPECT[name] = {"ranking": res, **(extra or {})}


def pts(seed, n):
    """n units x 8 fields of plausible points (0.25 steps, survey with 2-3 decimals)."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        row = []
        for j, m in enumerate(M):
            if j == 7:
                v = D(rnd.randint(2000, 2900)) / 100  # 20.00–29.00
            else:
                v = D(rnd.randint(int(m * 2), m * 4)) / 4  # 50–100 % in 0.25 steps
            row.append(v)
        out.append(row)
    return out


def num(v):
    return float(v)


def vn_comma(v, pct=False):
    s = f"{D(v):.2f}".replace(".", ",")
    return s + ("%" if pct else "")


def competition_ranks(idxs):
    return [1 + sum(1 for o in idxs if o > x) for x in idxs]


def band(idx):
    idx = D(idx)
    return "Tốt" if idx >= 80 else ("Khá" if idx >= 70 else "Trung bình")


# ---------------------------------------------------------------- f01
def f01():
    """District 2023: 'Xã/phường' header, «Điểm lĩnh vực I (10)…», numbering row, STT as '1.' text,
    index as text '85,50%', Tổng cộng + Bình quân rows, signature block; a tie and a half-up case."""
    units = [
        "Xã Tân Phú",
        "Thị trấn Tân Sơn",
        "Xã Minh Đài",
        "Xã Mỹ Thuận",
        "Xã Kim Thượng",
        "Xã Xuân Đài",
        "Xã Long Cốc",
        "Xã Thu Cúc",
    ]
    P = pts(1, len(units))
    # force a tie (Mỹ Thuận == Kim Thượng) and half-up (Long Cốc total 85.505 -> 85.51)
    P[4] = list(P[3])
    P[6] = [D("9.5"), D("7.5"), D("14"), D("6.5"), D("9"), D("7.25"), D("10.75"), D("21.005")]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tong hop"
    ws["A1"] = "UBND HUYỆN TÂN SƠN"
    ws["A2"] = "PHÒNG NỘI VỤ"
    ws["A4"] = "BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC XÃ, THỊ TRẤN"
    ws.merge_cells("A4:O4")
    ws["A5"] = "(Kèm theo Quyết định số 125/QĐ-UBND ngày 15/02/2024 của UBND huyện Tân Sơn)"
    ws.merge_cells("A5:O5")
    hdr = (
        ["STT", "Xã/phường"]
        + [f"Điểm lĩnh vực {r} ({m})" for r, m in zip(ROMAN, M)]
        + ["Tổng điểm (100)", "Chỉ số CCHC (%)", "Xếp hạng", "Xếp loại"]
    )
    for j, h in enumerate(hdr):
        ws.cell(7, j + 1, h)
    for j in range(len(hdr)):
        ws.cell(8, j + 1, f"({j + 1})")
    r = 9
    tots = [sum(p) for p in P]
    idxs = [q2(t) for t in tots]
    rk = competition_ranks(idxs)
    for i, (u, p) in enumerate(zip(units, P)):
        ws.cell(r, 1, f"{i + 1}.")
        ws.cell(r, 2, u)
        for j, v in enumerate(p):
            ws.cell(r, 3 + j, num(v))
        ws.cell(r, 11, num(tots[i]))
        ws.cell(r, 12, vn_comma(idxs[i], pct=True))
        ws.cell(r, 13, rk[i])
        ws.cell(r, 14, band(idxs[i]))
        r += 1
    ws.cell(r, 2, "Tổng cộng")
    for j in range(8):
        ws.cell(r, 3 + j, num(sum(p[j] for p in P)))
    ws.cell(r, 11, num(sum(tots)))
    r += 1
    ws.cell(r, 2, "Bình quân")
    for j in range(8):
        ws.cell(r, 3 + j, round(num(sum(p[j] for p in P)) / len(P), 2))
    ws.cell(r, 11, round(num(sum(tots)) / len(P), 2))
    ws.cell(r, 12, vn_comma(q2(sum(tots) / len(P)), True))
    r += 3
    ws.cell(r, 2, "NGƯỜI LẬP BIỂU")
    ws.cell(r, 10, "KT. TRƯỞNG PHÒNG")
    r += 1
    ws.cell(r, 10, "PHÓ TRƯỞNG PHÒNG")
    r += 3
    ws.cell(r, 2, "Nguyễn Thị Hoa")
    ws.cell(r, 10, "Trần Văn Bình")
    wb.save(OUT + "f01_huyen_tan_son_2023.xlsx")
    expect(
        "f01",
        [(u, t, 100) for u, t in zip(units, tots)],
        extra={"note": "Mỹ Thuận = Kim Thượng tied; Long Cốc 85.505 -> 85.51 (half up)"},
    )


# ---------------------------------------------------------------- f02
def f02():
    """2024: 'Tên cơ quan, đơn vị'; 2-row merged header (group over full field names, no maxima);
    a «Điểm tối đa» row under the header; blank rows between units; wards."""
    units = [
        "Phường Hòa Bình",
        "Phường Tân Thịnh",
        "Phường Phương Lâm",
        "Phường Đồng Tiến",
        "Phường Thái Bình",
        "Phường Hữu Nghị",
        "Xã Yên Mông",
        "Xã Hòa Bình",
    ]
    P = pts(2, len(units))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KQ 2024"
    ws["A1"] = "SỞ NỘI VỤ TỈNH HÒA BÌNH"
    ws["A3"] = (
        "KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CCHC NĂM 2024 CỦA UBND CÁC XÃ, PHƯỜNG THUỘC THÀNH PHỐ HÒA BÌNH"
    )
    ws["A5"] = "STT"
    ws.merge_cells("A5:A6")
    ws["B5"] = "Tên cơ quan, đơn vị"
    ws.merge_cells("B5:B6")
    ws["C5"] = "Điểm đạt theo lĩnh vực"
    ws.merge_cells("C5:J5")
    for j, f in enumerate(FIELDS):
        ws.cell(6, 3 + j, f)
    ws["K5"] = "Tổng điểm đạt"
    ws.merge_cells("K5:K6")
    ws["L5"] = "Chỉ số CCHC"
    ws.merge_cells("L5:L6")
    ws["M5"] = "Thứ hạng"
    ws.merge_cells("M5:M6")
    ws.cell(7, 2, "Điểm tối đa")
    for j, m in enumerate(M):
        ws.cell(7, 3 + j, m)
    ws.cell(7, 11, 100)
    ws.cell(7, 12, 100)
    r = 8
    tots = [sum(p) for p in P]
    idxs = [q2(t) for t in tots]
    rk = competition_ranks(idxs)
    for i, (u, p) in enumerate(zip(units, P)):
        ws.cell(r, 1, i + 1)
        ws.cell(r, 2, u)
        for j, v in enumerate(p):
            ws.cell(r, 3 + j, num(v))
        ws.cell(r, 11, num(tots[i]))
        ws.cell(r, 12, num(idxs[i]))
        ws.cell(r, 13, rk[i])
        r += 2 if i in (2, 5) else 1  # blank rows
    wb.save(OUT + "f02_tp_hoa_binh_diem_toi_da_2024.xlsx")
    expect(
        "f02",
        [(u, t, 100) for u, t in zip(units, tots)],
        extra={"note": "Phường Hòa Bình and Xã Hòa Bình are distinct units"},
    )


# ---------------------------------------------------------------- f03
def f03():
    """2024: 3-row header, Tự chấm / Thẩm định pair per field, bonus + penalty columns."""
    units = [
        "Xã Đông Thái",
        "Xã Vĩnh Hòa",
        "Xã Tân Hiệp",
        "Xã Bình Sơn",
        "Xã Hòn Đất",
        "Xã Sơn Kiên",
    ]
    A = pts(3, len(units))
    S = [[min(D(m), a + D("0.5")) for a, m in zip(row, M)] for row in A]  # self >= appraised
    bonus = [D("1"), D("0"), D("0.5"), D("2"), D("0"), D("0")]
    pen = [D("0"), D("1.5"), D("0"), D("0"), D("0.5"), D("0")]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Thẩm định"
    ws["A1"] = "BẢNG TỔNG HỢP ĐIỂM TỰ CHẤM VÀ ĐIỂM THẨM ĐỊNH CHỈ SỐ CCHC NĂM 2024"
    ws["A3"] = "STT"
    ws.merge_cells("A3:A5")
    ws["B3"] = "Đơn vị được đánh giá"
    ws.merge_cells("B3:B5")
    ws["C3"] = "KẾT QUẢ CHẤM ĐIỂM CÁC LĨNH VỰC"
    ws.merge_cells(start_row=3, start_column=3, end_row=3, end_column=18)
    for j, (f, m) in enumerate(zip(FIELDS, M)):
        c = 3 + 2 * j
        ws.cell(4, c, f"{j + 1}. {f} ({m})")
        ws.merge_cells(start_row=4, start_column=c, end_row=4, end_column=c + 1)
        ws.cell(5, c, "Tự chấm")
        ws.cell(5, c + 1, "Thẩm định")
    ws.cell(3, 19, "Điểm thưởng (tối đa 2)")
    ws.merge_cells("S3:S5")
    ws.cell(3, 20, "Điểm trừ")
    ws.merge_cells("T3:T5")
    ws.cell(3, 21, "Tổng điểm thẩm định")
    ws.merge_cells("U3:U5")
    ws.cell(3, 22, "Chỉ số CCHC (%)")
    ws.merge_cells("V3:V5")
    ws.cell(3, 23, "Xếp hạng")
    ws.merge_cells("W3:W5")
    tots = [sum(a) + b - p for a, b, p in zip(A, bonus, pen)]
    idxs = [q2(t) for t in tots]
    rk = competition_ranks(idxs)
    for i, u in enumerate(units):
        r = 6 + i
        ws.cell(r, 1, i + 1)
        ws.cell(r, 2, u)
        for j in range(8):
            ws.cell(r, 3 + 2 * j, num(S[i][j]))
            ws.cell(r, 4 + 2 * j, num(A[i][j]))
        ws.cell(r, 19, num(bonus[i]) if bonus[i] else None)
        ws.cell(r, 20, num(pen[i]) if pen[i] else None)
        ws.cell(r, 21, num(tots[i]))
        ws.cell(r, 22, num(idxs[i]))
        ws.cell(r, 23, rk[i])
    wb.save(OUT + "f03_tu_cham_tham_dinh_thuong_tru_2024.xlsx")
    expect(
        "f03",
        [(u, t, 100) for u, t in zip(units, tots)],
        extra={
            "note": "total = sum(appraised) + bonus - penalty; max 100; self-assessed ignored for ranking",
            "appraised_sums": [str(sum(a)) for a in A],
        },
    )


# ---------------------------------------------------------------- f04
def f04():
    """2023: 'Địa phương', «LV1 … LV8» with '(Điểm tối đa: N)', per-unit applicable max column;
    68,32 of 84 = 81,33 %."""
    units = [
        "Xã Nậm Lúc",
        "Xã Bản Liền",
        "Xã Cốc Lầu",
        "Thị trấn Bắc Hà",
        "Xã Na Hối",
        "Xã Tả Van Chư",
    ]
    P = pts(4, len(units))
    # Cốc Lầu: some criteria N/A -> applicable max 84, points 68.32
    P[2] = [D("8"), D("6"), D("10.5"), D("5"), D("7.5"), D("5.5"), D("8.32"), D("17.5")]
    mx = [100, 100, 84, 100, 96, 100]
    P[4][1] = D("3")  # Na Hối: 4 points of field 2 not applicable -> applicable max 96
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "KẾT QUẢ CHỈ SỐ CCHC CẤP XÃ NĂM 2023 - HUYỆN BẮC HÀ"
    hdr = (
        ["TT", "Địa phương"]
        + [f"LV{j + 1} (Điểm tối đa: {m})" for j, m in enumerate(M)]
        + ["Điểm tối đa áp dụng", "Tổng điểm đạt", "Chỉ số (%)", "Xếp hạng"]
    )
    for j, h in enumerate(hdr):
        ws.cell(3, j + 1, h)
    tots = [sum(p) for p in P]
    idxs = [q2(t / D(m) * 100) for t, m in zip(tots, mx)]
    rk = competition_ranks(idxs)
    for i, u in enumerate(units):
        r = 4 + i
        ws.cell(r, 1, i + 1)
        ws.cell(r, 2, u)
        for j, v in enumerate(P[i]):
            ws.cell(r, 3 + j, num(v))
        ws.cell(r, 11, mx[i])
        ws.cell(r, 12, num(tots[i]))
        ws.cell(r, 13, vn_comma(idxs[i]))
        ws.cell(r, 14, rk[i])
    wb.save(OUT + "f04_bac_ha_toi_da_ap_dung_2023.xlsx")
    expect(
        "f04",
        [(u, t, m) for u, t, m in zip(units, tots, mx)],
        extra={"note": "Cốc Lầu 68.32/84 = 81.33"},
    )


# ---------------------------------------------------------------- f05
def f05():
    """2022: a sheet per district, 'Xã, thị trấn' header with '(9 điểm)' style maxima; the same commune
    name 'Xã Tân Lập' in two districts; a hidden draft sheet with other numbers."""
    districts = {
        "Huyện Thanh Sơn": ["Xã Tân Lập", "Xã Thục Luyện", "Xã Võ Miếu", "Thị trấn Thanh Sơn"],
        "Huyện Yên Lập": ["Xã Tân Lập", "Xã Mỹ Lung", "Xã Lương Sơn", "Thị trấn Yên Lập"],
        "Huyện Cẩm Khê": ["Xã Tiên Lương", "Xã Phượng Vĩ", "Thị trấn Cẩm Khê"],
    }
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    rows = []
    seed = 50
    for d, units in districts.items():
        ws = wb.create_sheet(d[:31])
        ws["A1"] = f"KẾT QUẢ CHỈ SỐ CCHC NĂM 2022 - {d.upper()}"
        hdr = (
            ["STT", "Xã, thị trấn"]
            + [f"{r}. {f} ({m} điểm)" for r, f, m in zip(ROMAN, FIELDS, M)]
            + ["Tổng", "Chỉ số %"]
        )
        for j, h in enumerate(hdr):
            ws.cell(3, j + 1, h)
        seed += 1
        P = pts(seed, len(units))
        for i, u in enumerate(units):
            r = 4 + i
            ws.cell(r, 1, i + 1)
            ws.cell(r, 2, u)
            for j, v in enumerate(P[i]):
                ws.cell(r, 3 + j, num(v))
            t = sum(P[i])
            ws.cell(r, 11, num(t))
            ws.cell(r, 12, num(q2(t)))
            rows.append((f"{u} ({d})", t, 100))
    hid = wb.create_sheet("Ban nhap (cu)")
    hid["A1"] = "BẢN NHÁP - CHƯA THẨM ĐỊNH"
    hdr = (
        ["STT", "Xã, thị trấn"]
        + [f"{r}. {f} ({m} điểm)" for r, f, m in zip(ROMAN, FIELDS, M)]
        + ["Tổng"]
    )
    for j, h in enumerate(hdr):
        hid.cell(3, j + 1, h)
    for i, u in enumerate(["Xã Thục Luyện", "Xã Võ Miếu", "Xã Mỹ Lung"]):
        hid.cell(4 + i, 1, i + 1)
        hid.cell(4 + i, 2, u)
        for j, m in enumerate(M):
            hid.cell(4 + i, 3 + j, m)  # full marks: a draft self-assessment
        hid.cell(4 + i, 11, 100)
    hid.sheet_state = "hidden"
    wb.save(OUT + "f05_theo_huyen_an_sheet_2022.xlsx")
    expect(
        "f05",
        rows,
        extra={
            "note": "Two distinct 'Xã Tân Lập'; hidden draft sheet must not be loaded (or must be warned)"
        },
    )


# ---------------------------------------------------------------- f06
def to_cp1258(s):
    """Windows-1258 as Excel writes it: base letters precomposed where cp1258 has them, tone marks combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in s:
        dec = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in dec if c not in tones)
        tone = "".join(c for c in dec if c in tones)
        out.append(unicodedata.normalize("NFC", base) + tone)
    return "".join(out).encode("cp1258")


def f06():
    """2024 CSV saved by Excel on Vietnamese Windows: cp1258, ';', decimal commas, title lines, '85,50%'."""
    units = [
        "Xã Quảng Điền",
        "Xã Phong Điền",
        "Phường Thuận Hóa",
        "Phường Phú Xuân",
        "Xã Phú Vinh",
        "Phường Hương Trà",
        "Xã Đan Điền",
    ]
    P = pts(6, len(units))
    P[3] = [
        D("9.75"),
        D("7.5"),
        D("14.25"),
        D("6.75"),
        D("9.5"),
        D("7.5"),
        D("11.25"),
        D("26.995"),
    ]  # 93.495 -> 93.50
    P[1] = [
        D("9.75"),
        D("7.5"),
        D("14.25"),
        D("6.75"),
        D("9.5"),
        D("7.5"),
        D("11.25"),
        D("27.004"),
    ]  # 93.504 -> 93.50 tie
    lines = [
        ";".join(["BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CCHC NĂM 2024"] + [""] * 12),
        ";".join([""] * 13),
        ";".join(
            ["STT", "Tên đơn vị"]
            + [f"Lĩnh vực {j + 1} ({m})" for j, m in enumerate(M)]
            + ["Tổng điểm", "Chỉ số (%)", "Xếp hạng"]
        ),
    ]
    tots = [sum(p) for p in P]
    idxs = [q2(t) for t in tots]
    rk = competition_ranks(idxs)
    for i, u in enumerate(units):
        vals = (
            [str(i + 1), u]
            + [str(v).replace(".", ",") for v in P[i]]
            + [str(tots[i]).replace(".", ","), vn_comma(idxs[i], True), str(rk[i])]
        )
        lines.append(";".join(vals))
    lines.append(";".join(["", "Người lập biểu"] + [""] * 11))
    data = b"".join(to_cp1258(l) + b"\r\n" for l in lines)
    open(OUT + "f06_excel_windows_cp1258_2024.csv", "wb").write(data)
    expect(
        "f06",
        [(u, t, 100) for u, t in zip(units, tots)],
        extra={"note": "Phú Xuân 93.495 and Phong Điền 93.504 both 93.50 -> tied"},
    )


# ---------------------------------------------------------------- f07 / f08 sources (converted by soffice)
def f07_src():
    """2024 .ods source: unit column with NO header, 2-row header 'Lĩnh vực' over 'I (10)'.., Tổng cộng, Bình quân."""
    units = [
        "UBND xã An Khánh",
        "UBND xã An Thượng",
        "UBND phường Hoài Đức",
        "UBND xã Sơn Đồng",
        "UBND xã Dương Hòa",
    ]
    P = pts(7, len(units))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Xep hang"
    ws["A1"] = "KẾT QUẢ CHỈ SỐ CCHC NĂM 2024"
    ws["A3"] = "TT"
    ws.merge_cells("A3:A4")
    ws["C3"] = "Lĩnh vực"
    ws.merge_cells("C3:J3")
    for j, (r, m) in enumerate(zip(ROMAN, M)):
        ws.cell(4, 3 + j, f"{r} ({m})")
    ws["K3"] = "Tổng điểm"
    ws.merge_cells("K3:K4")
    ws["L3"] = "Xếp loại"
    ws.merge_cells("L3:L4")
    tots = [sum(p) for p in P]
    for i, u in enumerate(units):
        r = 5 + i
        ws.cell(r, 1, i + 1)
        ws.cell(r, 2, u)
        for j, v in enumerate(P[i]):
            ws.cell(r, 3 + j, num(v))
        ws.cell(r, 11, num(tots[i]))
        ws.cell(r, 12, band(q2(tots[i])))
    r = 5 + len(units)
    ws.cell(r, 2, "Tổng cộng")
    ws.cell(r, 11, num(sum(tots)))
    ws.cell(r + 1, 2, "Bình quân")
    ws.cell(r + 1, 11, round(num(sum(tots)) / len(units), 2))
    wb.save(OUT + "src_f07.xlsx")
    expect("f07", [(u, t, 100) for u, t in zip(units, tots)])


def f08_src():
    """2023 .xls source: 'Cơ quan, đơn vị' departments, maxima in second header row, STT as 'I.' groups,
    a hidden sheet with a template, stated index '%'."""
    units = [
        "Phòng Nội vụ",
        "Phòng Tư pháp",
        "Phòng Tài chính - Kế hoạch",
        "Văn phòng HĐND và UBND",
        "Phòng Văn hóa và Thông tin",
    ]
    P = pts(8, len(units))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phong ban"
    ws["A1"] = "KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CCHC NĂM 2023 CÁC CƠ QUAN CHUYÊN MÔN THUỘC UBND HUYỆN"
    ws.cell(3, 1, "STT")
    ws.cell(3, 2, "Cơ quan, đơn vị")
    for j, f in enumerate(FIELDS):
        ws.cell(3, 3 + j, f"Lĩnh vực {ROMAN[j]}")
    ws.cell(3, 11, "Tổng điểm")
    ws.cell(3, 12, "Chỉ số CCHC")
    ws.cell(3, 13, "Xếp hạng")
    ws.cell(4, 2, "Điểm tối đa")
    for j, m in enumerate(M):
        ws.cell(4, 3 + j, m)
    ws.cell(4, 11, 100)
    tots = [sum(p) for p in P]
    idxs = [q2(t) for t in tots]
    rk = competition_ranks(idxs)
    for i, u in enumerate(units):
        r = 5 + i
        ws.cell(r, 1, f"{i + 1}.")
        ws.cell(r, 2, u)
        for j, v in enumerate(P[i]):
            ws.cell(r, 3 + j, num(v))
        ws.cell(r, 11, num(tots[i]))
        ws.cell(r, 12, num(idxs[i]) / 100)
        ws.cell(r, 12).number_format = "0.00%"
        ws.cell(r, 13, rk[i])
    h = wb.create_sheet("Mau")
    h["A1"] = "Mẫu"
    h["B3"] = "Cơ quan, đơn vị"
    h.sheet_state = "hidden"
    wb.save(OUT + "src_f08.xlsx")
    expect(
        "f08",
        [(u, t, 100) for u, t in zip(units, tots)],
        extra={"note": "departments; index stored as fraction formatted %"},
    )


# ---------------------------------------------------------------- f09
def f09():
    """2025 (after merger): xlsxwriter with formulas whose values are written; 'Tên xã, phường, đặc khu';
    «Điểm tối đa» row; RANK formula."""
    units = [
        "Xã Cô Tô",
        "Đặc khu Vân Đồn",
        "Phường Hạ Long",
        "Phường Bãi Cháy",
        "Xã Quảng Tân",
        "Phường Móng Cái 1",
        "Xã Đầm Hà",
    ]
    P = pts(9, len(units))
    wb = xlsxwriter.Workbook(OUT + "f09_xlsxwriter_cong_thuc_2025.xlsx")
    ws = wb.add_worksheet("Xa phuong")
    b = wb.add_format({"bold": True, "text_wrap": True, "border": 1})
    ws.write(0, 0, "TỈNH QUẢNG NINH")
    ws.write(1, 0, "BẢNG TỔNG HỢP CHỈ SỐ CCHC NĂM 2025 CỦA CÁC XÃ, PHƯỜNG, ĐẶC KHU")
    hdr = (
        ["STT", "Tên xã, phường, đặc khu"]
        + [f"{ROMAN[j]}. {f}" for j, f in enumerate(FIELDS)]
        + ["Tổng điểm", "Chỉ số CCHC (%)", "Xếp hạng"]
    )
    for j, h in enumerate(hdr):
        ws.write(3, j, h, b)
    ws.write(4, 1, "Điểm tối đa")
    for j, m in enumerate(M):
        ws.write_number(4, 2 + j, m)
    ws.write_formula(4, 10, "=SUM(C5:J5)", None, 100)
    tots = [sum(p) for p in P]
    idxs = [q2(t) for t in tots]
    rk = competition_ranks(idxs)
    for i, u in enumerate(units):
        r = 5 + i
        er = r + 1
        ws.write_number(r, 0, i + 1)
        ws.write(r, 1, u)
        for j, v in enumerate(P[i]):
            ws.write_number(r, 2 + j, num(v))
        ws.write_formula(r, 10, f"=SUM(C{er}:J{er})", None, num(tots[i]))
        ws.write_formula(r, 11, f"=ROUND(K{er}/$K$5*100,2)", None, num(idxs[i]))
        ws.write_formula(r, 12, f"=RANK(L{er},$L$6:$L${5 + len(units)})", None, rk[i])
    wb.close()
    expect("f09", [(u, t, 100) for u, t in zip(units, tots)])


# ---------------------------------------------------------------- f10
def f10():
    """2025 national-size file: ~500 communes of several provinces in one sheet, province column,
    recurring names in different provinces (Xã Tân Phú...), full names, maxima row."""
    provinces = [
        "Tỉnh Đồng Nai",
        "Tỉnh Tây Ninh",
        "Tỉnh An Giang",
        "Tỉnh Vĩnh Long",
        "Tỉnh Đắk Lắk",
        "Tỉnh Lâm Đồng",
    ]
    base = [
        "Tân Phú",
        "Tân Lập",
        "Bình Minh",
        "Phú Lộc",
        "An Bình",
        "Hòa Hiệp",
        "Tân Hòa",
        "Long Hòa",
        "Phú Hòa",
        "Hòa Thuận",
        "Tân Thạnh",
        "Bình Thạnh",
        "Phước Long",
        "Tân An",
        "Mỹ Hòa",
        "Vĩnh Thành",
        "Thạnh Phú",
        "Phú Mỹ",
        "Hưng Long",
        "Tân Hiệp",
        "Long Phú",
        "Thuận An",
        "Đông Hòa",
        "Tây Hòa",
        "Nam Hòa",
    ]
    rnd = random.Random(10)
    names = []
    for p in provinces:
        for k in range(84):
            kind = rnd.choice(["Xã", "Xã", "Xã", "Phường"])
            nm = f"{kind} {base[k % len(base)]}" + (
                "" if k < len(base) else f" {k // len(base) + 1}"
            )
            names.append((nm, p))
    # 504 rows; within a province names are unique; across provinces many repeat
    P = pts(10, len(names))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Toan quoc"
    ws["A1"] = "KẾT QUẢ CHỈ SỐ CCHC CẤP XÃ NĂM 2025 (TỔNG HỢP)"
    hdr = (
        ["STT", "Tên đơn vị hành chính cấp xã", "Tỉnh, thành phố"]
        + FIELDS
        + ["Tổng điểm", "Chỉ số", "Xếp hạng"]
    )
    for j, h in enumerate(hdr):
        ws.cell(3, j + 1, h)
    ws.cell(4, 2, "Điểm tối đa")
    for j, m in enumerate(M):
        ws.cell(4, 4 + j, m)
    ws.cell(4, 12, 100)
    tots = [sum(p) for p in P]
    idxs = [q2(t) for t in tots]
    rk = competition_ranks(idxs)
    for i, ((n, p), row) in enumerate(zip(names, P)):
        r = 5 + i
        ws.cell(r, 1, i + 1)
        ws.cell(r, 2, n)
        ws.cell(r, 3, p)
        for j, v in enumerate(row):
            ws.cell(r, 4 + j, num(v))
        ws.cell(r, 12, num(tots[i]))
        ws.cell(r, 13, num(idxs[i]))
        ws.cell(r, 14, rk[i])
    wb.save(OUT + "f10_toan_quoc_504_xa_2025.xlsx")
    expect(
        "f10",
        [(f"{n} ({p})", t, 100) for (n, p), t in zip(names, tots)],
        extra={
            "note": "504 distinct units; names repeat across provinces (distinguished by column C)"
        },
    )


# ---------------------------------------------------------------- f11..f13 mistakes
def simple_sheet(
    path, title, units, P, hdr_unit="Tên đơn vị", text_cells=None, totals=None, blank_name_rows=()
):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Bieu 01"
    ws["A1"] = title
    hdr = (
        ["STT", hdr_unit]
        + [f"Lĩnh vực {j + 1} ({m})" for j, m in enumerate(M)]
        + ["Tổng điểm", "Chỉ số (%)"]
    )
    for j, h in enumerate(hdr):
        ws.cell(3, j + 1, h)
    for i, (u, p) in enumerate(zip(units, P)):
        r = 4 + i
        ws.cell(r, 1, i + 1)
        ws.cell(r, 2, u)
        for j, v in enumerate(p):
            ws.cell(r, 3 + j, num(v))
        t = totals[i] if totals else sum(p)
        ws.cell(r, 11, num(t))
        ws.cell(r, 12, num(q2(t)))
    for (r, c), v in (text_cells or {}).items():
        ws.cell(r, c, v)
    wb.save(path)


def f11():
    units = ["Xã Nghĩa Đô", "Xã Vĩnh Lại", "Xã Nghĩa Đô", "Xã Cốc San", "Xã Quang Kim"]
    P = pts(11, len(units))
    simple_sheet(OUT + "f11_trung_ten_don_vi_2024.xlsx", "KẾT QUẢ CHỈ SỐ CCHC NĂM 2024", units, P)
    EXPECT["f11"] = {"expect": "refused: Xã Nghĩa Đô at B4 and B6 twice, with different points"}


def f12():
    units = ["Xã Hợp Thành", "Xã Phú Nhuận", "Xã Sơn Hà", "Xã Xuân Quang", "Xã Thái Niên"]
    P = pts(12, len(units))
    P[1][0] = D("11")  # above max 10 -> C5
    simple_sheet(
        OUT + "f12_vuot_toi_da_go_nham_2024.xlsx",
        "KẾT QUẢ CHỈ SỐ CCHC NĂM 2024",
        units,
        P,
        text_cells={(6, 5): "8,.5"},  # E6 typo
        totals=[sum(p) for p in P[:3]] + [sum(P[3]) + 10, sum(P[4])],
    )  # K7 total typed 10 too high
    EXPECT["f12"] = {
        "expect": "refused: C5 = 11 > max 10; E6 '8,.5' not a number; warn/err K7 stated total != sum"
    }


def f13():
    units = ["Xã Trung Hòa", "Xã Trung Tú", None, "Xã Đồng Tân", "Xã Hòa Xá"]
    P = pts(13, len(units))
    simple_sheet(
        OUT + "f13_thieu_ten_sai_nam.xlsx", "BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CCHC NĂM 2023", units, P
    )
    EXPECT["f13"] = {
        "expect": "loaded with --year 2024: refused: row 6 has points but no name (B6); title says 2023"
    }


def f14():
    """machine export: all text, headers MA_DV/TEN/LV1.. TONG_SCORE, names '- tỉnh An Giang', no maxima."""
    for year, seed, fn in [
        (2024, 14, "f14_cong_tinh_xuat_2024.csv"),
        (2025, 15, "f14b_cong_tinh_xuat_2025.csv"),
    ]:
        units = [
            "UBND xã Đông Thái - tỉnh An Giang",
            "UBND xã Vĩnh Hòa - tỉnh An Giang",
            "UBND phường Rạch Giá - tỉnh An Giang",
            "UBND xã Tân Hội - tỉnh An Giang",
            "UBND đặc khu Phú Quốc - tỉnh An Giang",
        ]
        P = pts(seed, len(units))
        buf = io.StringIO()
        w = csv.writer(buf, quoting=csv.QUOTE_ALL)
        w.writerow(
            [
                "MA_COQUAN",
                "TEN",
                "TDG_LV1",
                "TDG_LV2",
                "TDG_LV3",
                "TDG_LV4",
                "TDG_LV5",
                "TDG_LV6",
                "TDG_LV7",
                "TDG_LV8",
                "TONG_SCORE",
                "NAM",
            ]
        )
        for i, (u, p) in enumerate(zip(units, P)):
            w.writerow([f"3085{i}", u] + [str(v) for v in p] + [str(sum(p)), str(year)])
        open(OUT + fn, "w", encoding="utf-8-sig", newline="").write(buf.getvalue())
        expect(fn[:4] if year == 2024 else "f14b", [(u, sum(p), 100) for u, p in zip(units, P)])


def f15():
    """the example framework is loaded, then a real file whose maxima differ (10/8/15/7/10/8/12/30)."""
    # reuse f01 for year 2023; nothing to write
    EXPECT["f15"] = {
        "expect": "f01 into a db with --example: maxima disagree -> one problem per column, or real file judged by its own maxima"
    }


for f in [f01, f02, f03, f04, f05, f06, f07_src, f08_src, f09, f10, f11, f12, f13, f14, f15]:
    f()
json.dump(EXPECT, open(OUT + "expected.json", "w"), ensure_ascii=False, indent=1)
print("ok")
