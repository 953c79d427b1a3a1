"""The unit scorecard (phiếu điểm) as plain data: one A4 page per unit and year with its index,
rank, band and their change since the year before, each field against its max and its peers'
median, the criteria where it lost most, its flags, remediation plan and breakthrough tasks, and
the source of each figure. The PDF typesets it with papers/scorecard.typ, the .xlsx lays it out in
scorecard_xlsx; scorecard_files makes the files."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pipelines import publication, reads, vocabulary, wording
from pipelines.problems import InvalidInput, Problem
from pipelines.text import half_up, vn_number
from pipelines.workbooks import issuing_body

if TYPE_CHECKING:
    import duckdb

CRITERIA_SHOWN = 5  # the criteria where the unit lost most points
TASKS_SHOWN = 8  # breakthrough tasks listed on the page (the rest counted), so it stays one page


def _none(x):
    """None for a missing value (None, NaN, NaT, pandas NA), else the value."""
    import pandas as pd  # loaded already: the figures come from data frames

    return None if x is None or pd.isna(x) else x


def _list(x) -> list:
    """A list column's value as a list (none: empty)."""
    return [] if x is None or isinstance(x, float) else list(x)


def _date(x) -> str:
    x = _none(x)
    return "" if x is None else f"{x:%d/%m/%Y}"


def _pct(x) -> str:
    x = _none(x)
    return "" if x is None else f"{vn_number(float(x))}\u00a0%"  # no line break before the %


def _num(x, decimals: int = 2) -> str:
    x = _none(x)
    return "" if x is None else vn_number(float(x), decimals)


def _signed(x) -> str:
    return ("+" if x > 0 else "") + vn_number(float(x))


def rank_text(rank: int, tied: bool) -> str:
    return f"{int(rank)} (đồng hạng)" if tied else str(int(rank))


def rank_change_text(change: int | None) -> str:
    change = _none(change)
    if change is None:
        return ""
    change = int(change)
    return f"↑ {change} bậc" if change > 0 else f"↓ {-change} bậc" if change < 0 else "giữ nguyên"


def framework_label(name: str, is_example: bool) -> str:
    """«Bộ chỉ số: NAME» (the name alone when it says so itself), marked VÍ DỤ when it is the example."""
    label = name if name.lower().startswith("bộ chỉ số") else f"Bộ chỉ số: {name}"
    return f"{label} — VÍ DỤ" if is_example and "VÍ DỤ" not in name else label


def _group_name(con: duckdb.DuckDBPyConnection, group: str) -> str:
    """«các xã, phường, đặc khu»: whom the unit is ranked among (a group without a name: its code)."""
    name = vocabulary.groups(con).get(group)
    return group if name is None else vocabulary.plural(name)


def data(
    con: duckdb.DuckDBPyConnection, unit_code: str, year: int, as_of: dt.date | None = None
) -> dict:
    """Everything the scorecard shows, as plain data: figures formatted the Vietnamese way for the
    PDF, and the values themselves (keys ending in _value) for the spreadsheet."""
    as_of = as_of or dt.date.today()
    head = reads.scorecard_unit(con, unit_code, year, as_of)
    if head.empty:
        raise InvalidInput([Problem(f"Không có đơn vị mã «{unit_code}» trong danh mục đơn vị.")])
    h = head.iloc[0]
    if _none(h["index_pct"]) is None:
        raise InvalidInput(
            [
                Problem(
                    f"{h['unit_name']} (mã {unit_code}) chưa có điểm năm {year}: không lập được"
                    " phiếu điểm. Chọn năm khác hoặc nạp bảng điểm năm này trước."
                )
            ]
        )
    previous = year - 1
    has_previous = _none(h["previous_index_pct"]) is not None
    fields = reads.scorecard_fields(con, unit_code, year)
    criteria = reads.unit_criteria_for_year(con, unit_code, year)
    lost = criteria[~criteria["is_na"].astype(bool) & (criteria["points_lost"] > 0)]
    lost = lost.sort_values("points_lost", ascending=False, kind="stable").head(CRITERIA_SHOWN)
    commitments = reads.scorecard_commitments(con, unit_code, year, as_of)
    body = issuing_body.read(con)
    group = h["rank_group"]
    files = [
        f"{name} (lần tải #{i})"
        for name, i in zip(_list(h["source_files"]), _list(h["source_upload_ids"]))
    ]
    card = {
        "body": {"parent": body.parent, "name": body.name},
        "title": f"PHIẾU ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}",
        "draft": publication.mark(con, year) or "",
        "year": year,
        "previous_year": previous,
        "as_of": _date(as_of),
        "unit": {"code": unit_code, "name": h["unit_name"], "kind": h["kind_name"]},
        "framework": framework_label(h["framework_name"], bool(h["is_example"])),
        "group": f"{_group_name(con, group)} ({vn_number(int(h['units_ranked']), 0)} đơn vị)",
        "headline": {
            "index": _pct(h["index_pct"]),
            "index_value": float(h["index_pct"]),
            "index_change": f"{_signed(h['index_change'])}\u00a0điểm\u00a0%"
            if has_previous
            else "",
            "index_change_value": float(h["index_change"]) if has_previous else None,
            "previous_index": _pct(h["previous_index_pct"]),
            "previous_index_value": float(h["previous_index_pct"]) if has_previous else None,
            "rank": rank_text(h["rank"], bool(h["is_tied"])),
            "rank_of": f"/ {int(h['units_ranked'])}",
            "rank_value": int(h["rank"]),
            "tied": bool(h["is_tied"]),
            "units_ranked": int(h["units_ranked"]),
            "rank_change": rank_change_text(h["rank_change"]),
            "rank_change_value": None if _none(h["rank_change"]) is None else int(h["rank_change"]),
            "previous_rank": ""
            if _none(h["previous_rank"]) is None
            else str(int(h["previous_rank"])),
            "band": h["band_name"] or "",
            "previous_band": _none(h["previous_band_name"]) or "",
            "points": _num(h["points"]),
            "points_value": float(h["points"]),
            "max_points": _num(h["max_points"]),
            "max_points_value": float(h["max_points"]),
            "bonus": _num(h["bonus_points"]),
            "penalty": _num(h["penalty_points"]),
            # why there is no change, or that it is the predecessors' estimate (the ranking's own words)
            "no_previous": wording.change_note(h) or "",
        },
        "fields": [_field(r) for r in fields.to_dict("records")],
        "criteria": [
            {
                "code": r["criterion_code"],
                "name": r["criterion_name"],
                "points": _num(r["points"]),
                "max": _num(r["max_points"]),
                "lost": _num(r["points_lost"]),
                "points_value": float(r["points"]),
                "max_value": float(r["max_points"]),
                "lost_value": float(r["points_lost"]),
                "file": _none(r["file_name"]) or "",
                "upload_id": _none(r["upload_id"]),
                "sheet": _none(r["source_sheet"]) or "",
                "cell": _none(r["source_cell"]) or "",
            }
            for r in lost.to_dict("records")
        ],
        "flags": _list(h["reasons"]),
        "plan": _plan(h, commitments[commitments["kind"] == "remediation"], as_of),
        "tasks": [
            _task(r) for r in commitments[commitments["kind"] == "breakthrough"].to_dict("records")
        ],
        "tasks_shown": TASKS_SHOWN,
        "sources": files,
    }
    card["sources_table"] = _sources(card, fields, commitments)
    return card


def _field(r: dict) -> dict:
    applies = _none(r["points"]) is not None
    pct = _none(r["field_pct"])
    peer = _none(r["peer_median_pct"])
    return {
        "code": r["field_code"],
        "name": r["field_name"],
        "points": _num(r["points"]) if applies else "không áp dụng",
        "max": _num(r["max_points"]),
        "pct": _pct(pct),
        "peer_pct": _pct(peer),
        "share": 0 if pct is None else float(pct) / 100,
        "peer_share": None if peer is None else float(peer) / 100,
        "flagged": bool(r["is_flagged"]),
        "points_value": float(r["points"]) if applies else None,
        "max_value": float(r["max_points"]),
        "pct_value": None if pct is None else half_up(float(pct)),
        "peer_pct_value": None if peer is None else half_up(float(peer)),
        "peer_points": _num(r["peer_median_points"]),
        "peers": int(r["peers"] or 0),
        "file": _none(r["source_files"]) or "",
        "sheet": _none(r["source_sheets"]) or "",
        "cells": _none(r["source_cells"]) or "",
    }


def _plan(h, plans, as_of: dt.date) -> dict:
    """The remediation plan: required or not, due, received (and when), and its progress."""
    required = bool(h["plan_required"])
    received = _none(h["plan_received_date"])
    latest = plans.iloc[0] if not plans.empty else None
    if not required and latest is None:
        text = "Không thuộc diện phải nộp kế hoạch khắc phục."
    elif not required:
        text = "Không thuộc diện phải nộp; đơn vị đã gửi kế hoạch khắc phục."
    elif received is not None:
        text = f"Phải nộp trước {_date(h['plan_due_date'])}: đã nhận ngày {_date(received)}."
    elif bool(h["plan_is_overdue"]):
        text = f"Phải nộp trước {_date(h['plan_due_date'])}: CHƯA NHẬN, đã quá hạn (tính đến {_date(as_of)})."
    else:
        text = f"Phải nộp trước {_date(h['plan_due_date'])}: chưa nhận (chưa đến hạn)."
    progress = ""
    if latest is not None:
        doc = f"văn bản {latest['document_number']}, " if _none(latest["document_number"]) else ""
        progress = (
            f"{latest['title']} ({doc}hạn {_date(latest['due_date'])}): {latest['status_name']},"
            f" {vn_number(float(latest['percent_done']), 0)} %"
            + (", quá hạn" if latest["is_overdue"] else "")
        )
    return {
        "required": required,
        "text": text,
        "progress": progress,
        "due": _date(h["plan_due_date"]),
        "received": _date(received),
        "due_value": _none(h["plan_due_date"]),
        "received_value": received,
    }


def _task(r: dict) -> dict:
    return {
        "code": r["commitment_code"],
        "title": r["title"],
        "due": _date(r["due_date"]),
        "due_value": r["due_date"],
        "status": r["status_name"],
        "percent": f"{vn_number(float(r['percent_done']), 0)} %",
        "percent_value": float(r["percent_done"]),
        "overdue": bool(r["is_overdue"]),
    }


def _commitment_source(r: dict) -> tuple[str, str]:
    where = (
        r["file_name"]
        if _none(r["file_name"])
        else f"nhập trực tiếp (người nhập: {r['created_by']})"
    )
    doc = (
        f"Văn bản {r['document_number']} ngày {_date(r['registered_date'])}"
        if _none(r["document_number"])
        else f"Đăng ký ngày {_date(r['registered_date'])}"
    )
    last = _date(r["last_update_date"])
    return where, doc + (
        f"; cập nhật tiến độ gần nhất {last}" if last else "; chưa có cập nhật tiến độ"
    )


def _sources(card: dict, fields, commitments) -> list[list[str]]:
    """The second sheet: each figure of the scorecard, its value, the upload, sheet and cell or
    column it comes from where the database has them, and how it is computed."""
    h, files = card["headline"], "; ".join(card["sources"])
    year, previous = card["year"], card["previous_year"]
    rows = [
        [
            "Chỉ số CCHC",
            h["index"],
            files,
            "",
            "",
            f"Tổng điểm {h['points']} / điểm tối đa áp dụng {h['max_points']} × 100, làm tròn nửa lên 2 chữ số thập phân",
        ],
        [
            "Tổng điểm",
            f"{h['points']} / {h['max_points']}",
            files,
            "",
            "",
            f"Tổng điểm các lĩnh vực, cộng điểm thưởng ({h['bonus']}), trừ điểm trừ ({h['penalty']})",
        ],
        [
            "Xếp hạng",
            f"{h['rank']} {h['rank_of']}",
            "",
            "",
            "",
            f"Theo chỉ số làm tròn 2 chữ số, trong nhóm {card['group']}, năm {year}; bằng chỉ số thì đồng hạng",
        ],
        ["Xếp loại", h["band"], "", "", "", f"Theo các mức xếp loại ({card['framework']})"],
    ]
    if h["previous_index"]:
        how = (
            h["no_previous"]
            or f"Năm {previous}: chỉ số {h['previous_index']}, hạng {h['previous_rank']}, «{h['previous_band']}»"
        )
        rows.append(
            [
                f"So với năm {previous}",
                "; ".join(t for t in (h["index_change"], h["rank_change"]) if t),
                "",
                "",
                "",
                how,
            ]
        )
    for f in card["fields"]:
        rows.append(
            [
                f"Lĩnh vực {f['code']}: {f['name']}",
                f"{f['points']} / {f['max']}",
                f["file"],
                f["sheet"],
                f["cells"],
                f"Tổng điểm các tiêu chí của lĩnh vực; trung vị nhóm {f['peer_pct']}"
                f" ({f['peers']} đơn vị)",
            ]
        )
    for c in card["criteria"]:
        rows.append(
            [
                f"Tiêu chí {c['code']}: {c['name']}",
                f"{c['points']} / {c['max']} (mất {c['lost']})",
                c["file"],
                c["sheet"],
                c["cell"],
                "Điểm điều tra xã hội học: trung bình các phiếu"
                if c["cell"].startswith("cột ")
                else "Điểm thẩm định",
            ]
        )
    for reason in card["flags"]:
        rows.append(["Cảnh báo", reason, "", "", "", "Theo quy tắc cảnh báo của bộ chỉ số"])
    for r in commitments.to_dict("records"):
        where, note = _commitment_source(r)
        kind = "Kế hoạch khắc phục" if r["kind"] == "remediation" else "Nhiệm vụ đột phá"
        rows.append(
            [
                f"{kind}: {r['title']}",
                f"{r['status_name']}, {vn_number(float(r['percent_done']), 0)} %",
                where,
                "",
                "",
                note,
            ]
        )
    return rows
