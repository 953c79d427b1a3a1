import json
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import openpyxl

OUT = "/tmp/newuser/"
q2 = lambda x: D(x).quantize(D("0.01"), rounding=ROUND_HALF_UP)
E = json.load(open(OUT + "expected.json"))
M = [10, 8, 15, 7, 10, 8, 12, 30]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def rank(rows):
    rows.sort(key=lambda r: -D(r["index"]))
    for r in rows:
        r["rank"] = 1 + sum(1 for o in rows if D(o["index"]) > D(r["index"]))
    return rows


# f18: a district summary line above the table (name + numbers) -> needs --header-row 6
units = ["Xã Tam Sơn", "Xã Tân Lập", "Xã Văn Luông", "Thị trấn Tam Nông", "Xã Hiền Quan"]
P = [
    [9, 7, 13, 6, 9, 7, 10, 25.5],
    [8, 6, 12, 5, 8, 6, 9, 24.25],
    [7, 5, 11, 4, 7, 5, 8, 23.5],
    [10, 8, 14, 7, 9.5, 8, 12, 28],
    [6, 5, 10, 4, 6, 5, 7, 21.75],
]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "KQ"
ws["A1"] = "KẾT QUẢ CHỈ SỐ CCHC NĂM 2024 CÁC XÃ, THỊ TRẤN"
ws["B3"] = "Huyện Tam Nông (bình quân)"
ws["C3"] = 78.35
ws["D3"] = 5
ws["E3"] = "đơn vị"
hdr = ["STT", "Đơn vị"] + [f"Lĩnh vực {r} ({m}đ)" for r, m in zip(ROMAN, M)] + ["Tổng điểm"]
for j, h in enumerate(hdr):
    ws.cell(6, j + 1, h)
rows = []
for i, (u, p) in enumerate(zip(units, P)):
    ws.cell(7 + i, 1, i + 1)
    ws.cell(7 + i, 2, u)
    for j, v in enumerate(p):
        ws.cell(7 + i, 3 + j, v)
    t = D(str(sum(p)))
    ws.cell(7 + i, 11, float(t))
    rows.append({"unit": u, "total": str(t), "max": "100", "index": str(q2(t))})
wb.save(OUT + "f18_dong_binh_quan_tren_bang_2024.xlsx")
E["f18"] = {"ranking": rank(rows)}
# f19: 'Tổng hợp' + per-district sheets repeating the same communes
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Tong hop"
groups = {
    "Huyện Lâm Thao": ["Xã Cao Xá", "Xã Sơn Vi"],
    "Huyện Phù Ninh": ["Xã Phú Mỹ", "Xã Trạm Thản"],
}
rows = []
allu = []
k = 0
for d, us in groups.items():
    s = wb.create_sheet(d)
    s["A1"] = f"KẾT QUẢ CHỈ SỐ CCHC NĂM 2024 - {d.upper()}"
    for j, h in enumerate(["STT", "Tên xã"] + [f"LV{j + 1} ({m})" for j, m in enumerate(M)]):
        s.cell(3, j + 1, h)
    for i, u in enumerate(us):
        p = [m * (0.6 + 0.05 * k) for m in M]
        k += 1
        s.cell(4 + i, 1, i + 1)
        s.cell(4 + i, 2, u)
        for j, v in enumerate(p):
            s.cell(4 + i, 3 + j, round(v, 2))
        allu.append((u, [round(v, 2) for v in p]))
ws["A1"] = "TỔNG HỢP KẾT QUẢ CHỈ SỐ CCHC NĂM 2024"
for j, h in enumerate(["STT", "Tên xã"] + [f"LV{j + 1} ({m})" for j, m in enumerate(M)]):
    ws.cell(3, j + 1, h)
for i, (u, p) in enumerate(allu):
    ws.cell(4 + i, 1, i + 1)
    ws.cell(4 + i, 2, u)
    for j, v in enumerate(p):
        ws.cell(4 + i, 3 + j, v)
    t = sum(D(str(v)) for v in p)
    rows.append({"unit": u, "total": str(t), "max": "100", "index": str(q2(t))})
wb.save(OUT + "f19_tong_hop_va_theo_huyen_2024.xlsx")
E["f19"] = {"ranking": rank(rows)}
json.dump(E, open(OUT + "expected.json", "w"), ensure_ascii=False, indent=1)
