import json
import unicodedata
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import openpyxl

OUT = "/tmp/newuser/"
q2 = lambda x: D(x).quantize(D("0.01"), rounding=ROUND_HALF_UP)
E = json.load(open(OUT + "expected.json"))
M = [10, 8, 15, 7, 10, 8, 12, 30]
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


def rank(rows):
    rows.sort(key=lambda r: -D(r["index"]))
    for r in rows:
        r["rank"] = 1 + sum(1 for o in rows if D(o["index"]) > D(r["index"]))
    return rows


# f16: per-field pairs «Điểm tối đa | Điểm đạt» (the unit's own max per field), '-' for n/a, text "8,5" and NBSP,
# a hidden row (a unit merged away, still in the sheet), a 'Trung bình toàn tỉnh' row.
units = ["Xã Sìn Hồ", "Xã Pa Tần", "Xã Nậm Tăm", "Xã Tả Ngảo", "Xã Phăng Sô Lin", "Xã Làng Mô"]
pts = [
    ["8,5", 7, 12.5, 6, 9, "7,25", 10, 25.4],
    [9, 6.5, 13, 5.5, 8.5, 7, "-", 24.8],  # field 7 not applicable: its max 0
    [7.5, "6\u00a0", 11, 6.5, 7, 6, 9.5, 22.15],
    [10, 7.5, 14, 7, 9.5, 7.5, 11, 27.3],
    [6, 5, 9.5, 4, 6.5, 5, 7, 20.05],
    [8, 7, 12, 6, 8, 6.5, 10.5, 24.6],
]
fmax = [list(M) for _ in units]
fmax[1][6] = 0  # Pa Tần: field 7 n/a
fmax[4][2] = 12  # Phăng Sô Lin: 3 points of field 3 n/a
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Tong hop xa"
ws["A1"] = "UBND TỈNH LAI CHÂU"
ws["A2"] = "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024 CỦA UBND CÁC XÃ"
ws["A4"] = "STT"
ws.merge_cells("A4:A5")
ws["B4"] = "Tên xã"
ws.merge_cells("B4:B5")
for j, f in enumerate(FIELDS):
    c = 3 + 2 * j
    ws.cell(4, c, f"Lĩnh vực {j + 1}: {f}")
    ws.merge_cells(start_row=4, start_column=c, end_row=4, end_column=c + 1)
    ws.cell(5, c, "Điểm tối đa")
    ws.cell(5, c + 1, "Điểm đạt")
ws.cell(4, 19, "Tổng điểm tối đa")
ws.merge_cells("S4:S5")
ws.cell(4, 20, "Tổng điểm đạt")
ws.merge_cells("T4:T5")
ws.cell(4, 21, "Chỉ số CCHC (%)")
ws.merge_cells("U4:U5")
rows = []


def val(v):
    if isinstance(v, str):
        return D(v.replace(",", ".").replace("\u00a0", "").strip()) if v.strip() != "-" else D(0)
    return D(str(v))


r = 6
for i, u in enumerate(units):
    ws.cell(r, 1, f"{i + 1}.")
    ws.cell(r, 2, u)
    for j in range(8):
        ws.cell(r, 3 + 2 * j, fmax[i][j])
        ws.cell(r, 4 + 2 * j, pts[i][j])
    tmax = sum(fmax[i])
    tot = sum(val(v) for v in pts[i])
    ws.cell(r, 19, tmax)
    ws.cell(r, 20, float(tot))
    ws.cell(r, 21, float(q2(tot / tmax * 100)))
    rows.append(
        {"unit": u, "total": str(tot), "max": str(tmax), "index": str(q2(tot / tmax * 100))}
    )
    r += 1
# hidden row: a former commune merged away, left in the sheet and hidden
ws.cell(r, 1, "7.")
ws.cell(r, 2, "Xã Căn Co (đã sáp nhập)")
for j in range(8):
    ws.cell(r, 3 + 2 * j, M[j])
    ws.cell(r, 4 + 2 * j, M[j])
ws.cell(r, 19, 100)
ws.cell(r, 20, 100)
ws.cell(r, 21, 100)
ws.row_dimensions[r].hidden = True
r += 1
ws.cell(r, 2, "Trung bình toàn tỉnh")
ws.cell(r, 20, round(sum(float(x["total"]) for x in rows) / len(rows), 2))
r += 2
ws.cell(r, 15, "Lai Châu, ngày 20 tháng 01 năm 2025")
ws.cell(r + 1, 15, "GIÁM ĐỐC SỞ NỘI VỤ")
wb.save(OUT + "f16_cap_toi_da_tung_linh_vuc_hang_an_2024.xlsx")
E["f16"] = {
    "ranking": rank(rows),
    "note": "per-field own max; Pa Tần field 7 n/a (max 88); Phăng Sô Lin max 97; hidden row Xã Căn Co must not be ranked silently",
}

# f17: 2025 file re-using f02's units with NFD and old tone placement ("Hoà")
names = [
    "Phường Hòa Bình",
    "Phường Tân Thịnh",
    "Phường Phương Lâm",
    "Phường Đồng Tiến",
    "Xã Hòa Bình",
]
written = [
    unicodedata.normalize("NFD", "Phường Hoà Bình"),
    "PHƯỜNG TÂN THỊNH",
    unicodedata.normalize("NFD", "phường Phương Lâm"),
    "P. Đồng Tiến",
    "UBND xã Hoà Bình",
]
P = [
    [9, 7, 13, 6, 9, 7, 10, 25],
    [8, 6, 12, 5, 8, 6, 9, 24],
    [7, 5, 11, 4, 7, 5, 8, 23.5],
    [10, 8, 15, 7, 10, 8, 12, 29],
    [6, 5, 10, 4, 6, 5, 7, 21],
]
wb = openpyxl.Workbook()
ws = wb.active
ws["A1"] = "KẾT QUẢ CHỈ SỐ CCHC NĂM 2025"
hdr = ["STT", "Tên đơn vị"] + [f"LV{j + 1} ({m})" for j, m in enumerate(M)] + ["Tổng"]
for j, h in enumerate(hdr):
    ws.cell(3, j + 1, h)
rows = []
for i, (w, p) in enumerate(zip(written, P)):
    ws.cell(4 + i, 1, i + 1)
    ws.cell(4 + i, 2, w)
    for j, v in enumerate(p):
        ws.cell(4 + i, 3 + j, v)
    ws.cell(4 + i, 11, sum(p))
    rows.append(
        {
            "unit": names[i],
            "total": str(D(str(sum(p)))),
            "max": "100",
            "index": str(q2(D(str(sum(p))))),
        }
    )
wb.save(OUT + "f17_nfd_hoa_cu_2025.xlsx")
E["f17"] = {
    "ranking": rank(rows),
    "note": "load after f02 (2024) in the same db: 0 new units expected",
}
json.dump(E, open(OUT + "expected.json", "w"), ensure_ascii=False, indent=1)
