"""How the ranked table and the flags are said: the sentences for a flag and for a change against
the year before, and the records the CLI prints as JSON."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pipelines.text import half_up, vn_number

if TYPE_CHECKING:
    import pandas as pd


def _round(x, digits=2):
    """A figure for JSON: rounded half up as published; None (null) when there is none."""
    import numpy as np

    if x is None or x is np.ma.masked or x != x:  # masked: a missing element of a list column
        return None
    return half_up(float(x), digits)


def ranking_records(table: pd.DataFrame) -> list[dict]:
    import pandas as pd  # loaded already: the table is a data frame

    return [
        {
            "unit": r.unit_name,
            "unit_code": r.unit_code,
            "kind": r.kind,
            "rank_group": r.rank_group,
            "rank": int(r.rank),
            "tied": bool(r.is_tied),
            "points": _round(r.points),
            "max_points": _round(r.max_points),
            "index_pct": _round(r.index_pct),
            "band": r.band_name,
            "fields": {k: _round(v) for k, v in r.fields.items()},
            "fields_pct": {k: _round(v) for k, v in r.fields_pct.items()},
            "rank_change": None if pd.isna(r.rank_change) else int(r.rank_change),
            "points_change": _round(r.points_change),
            "previous_index_pct": _round(r.previous_index_pct),
            "index_change": _round(r.index_change),
            "change_basis": r.change_basis,
            "change_note": change_note(r),
            "flagged": bool(r.is_flagged),
            "plan_required": bool(r.plan_required),
        }
        for r in table.itertuples()
    ]


ESTIMATE = "chỉ số trước sáp nhập (ước tính)"


def change_note(r: object) -> str | None:
    """Why a unit-year has no index change against the year before, or that it is an estimate
    (`r`: a row of the ranking); None for the ordinary change against its own year before."""
    year = f"năm {int(r.year) - 1}"
    if r.change_basis == "predecessors":
        used, total = int(r.predecessors_used), int(r.predecessors_total)
        of = f"{used}/{total} đơn vị cũ có kết quả" if used < total else f"{total} đơn vị cũ"
        how = "theo trọng số dân số/diện tích" if r.is_weighted else "bình quân đều"
        return (
            f"So với {ESTIMATE} {vn_number(r.previous_index_pct)} %: chỉ số {year} của {of}, {how};"
            " không so sánh thứ hạng"
        )
    return {
        "first_year": f"Chưa có kết quả {year} để so sánh",
        "framework_changed": f"Năm {int(r.year) - 1} chấm theo bộ chỉ số khác: không so sánh",
        "merged_without_data": f"Hình thành sau sắp xếp; các đơn vị cũ chưa có kết quả {year} để so sánh",
    }.get(r.change_basis)


def comparison_line(table: pd.DataFrame, year: int) -> str | None:
    """One line saying why some (or all) units of a ranking have no ordinary change against the
    year before; None when every unit has one."""
    counts = table["change_basis"].value_counts()
    if counts.get("own", 0) == len(table):
        return None
    if counts.get("first_year", 0) == len(table):
        return f"Chưa có kết quả năm {year - 1} để so sánh."
    parts = {
        "predecessors": "đơn vị hình thành sau sáp nhập so với "
        + ESTIMATE
        + " của các đơn vị cũ, không so sánh thứ hạng",
        "merged_without_data": "đơn vị hình thành sau sáp nhập mà các đơn vị cũ chưa có kết quả để so sánh",
        "framework_changed": f"đơn vị năm {year - 1} chấm theo bộ chỉ số khác, không so sánh",
        "first_year": f"đơn vị chưa có kết quả năm {year - 1}",
    }
    said = [f"{vn_number(counts[b], 0)} {text}" for b, text in parts.items() if counts.get(b, 0)]
    return f"So với năm {year - 1}: " + "; ".join(said) + "."


def _two_decimals(x: float) -> str:
    return f"{float(x):.2f}".replace(".", ",")


def flag_reason(reason: dict) -> str:
    """Why a unit-year is flagged, in full (`reason`: the figures of a row of marts.unit_year_flags):
    «Lĩnh vực 3 "Cải cách thủ tục hành chính" đạt 68,50 % điểm tối đa, dưới 72,5 %»,
    «Xếp loại "Hoàn thành nhiệm vụ"»."""
    if reason["reason_kind"] == "band":
        return f'Xếp loại "{reason["band_name"]}"'
    line = re.sub(r"\.?0+$", "", f"{float(reason['threshold_pct']):.2f}", count=1)
    return (
        f'Lĩnh vực {reason["field_code"]} "{reason["field_name"]}" đạt '
        f"{_two_decimals(reason['field_pct'])} % điểm tối đa, dưới {line.replace('.', ',')} %"
    )


def flag_short_reason(reason: dict) -> str:
    """The same, short (a table cell, a brief): «LV 3: 68,50 %», «Hoàn thành nhiệm vụ»."""
    if reason["reason_kind"] == "band":
        return reason["band_name"]
    return f"LV {reason['field_code']}: {_two_decimals(reason['field_pct'])} %"


def with_reasons(table: pd.DataFrame) -> pd.DataFrame:
    """A table of marts.unit_year_flag_summary's `reasons` (figures) with them said in words:
    `reasons` in full, `short_reasons` short; a unit not flagged keeps its null (pd.NA)."""

    def said(reasons: object, say) -> object:
        if not isinstance(reasons, Iterable):  # not flagged: null
            return reasons
        return [say(r) for r in reasons]

    return table.assign(
        short_reasons=[said(r, flag_short_reason) for r in table["reasons"]],
        reasons=[said(r, flag_reason) for r in table["reasons"]],
    )


def flag_records(table: pd.DataFrame) -> list[dict]:
    import pandas as pd  # loaded already: the table is a data frame

    return [
        {
            "unit": r.unit_name,
            "unit_code": r.unit_code,
            "rank": int(r.rank),
            "index_pct": _round(r.index_pct),
            "band": r.band_name,
            "reasons": list(r.reasons),
            "plan_required": bool(r.plan_required),
            "plan_due": None
            if pd.isna(r.plan_due_date)
            else pd.Timestamp(r.plan_due_date).date().isoformat(),
        }
        for r in table.itertuples()
    ]
