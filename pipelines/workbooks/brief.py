"""The leadership brief (báo cáo nhanh): a few A4 pages before a giao ban meeting, the year's
index per ranking group and its change, who leads and who trails, who rose and who fell, where the
points are lost, new flags and the plans they require, what is overdue on a date, and the ranks that
rest on too few survey forms. `data` gathers it, every figure formatted the Vietnamese way;
`pdf` typesets papers/brief.typ offline with Typst."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pipelines import accounts, publication, reads, vocabulary, wording
from pipelines.problems import InvalidInput, Problem
from pipelines.text import vn_number
from pipelines.workbooks import issuing_body, typeset

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

SHOWN = 5  # leaders, laggards, risers, fallers per ranking group
CRITERIA_SHOWN = 5  # weakest criteria per ranking group
OVERDUE_SHOWN = 10  # overdue tasks listed by name; the others are counted
FLAGS_SHOWN = 15  # new flags listed by name, the lowest ranked first
SAMPLE_SHOWN = 30  # ranks on too few survey forms listed by name


def data(con: duckdb.DuckDBPyConnection, year: int, as_of: dt.date) -> dict:
    """Everything the brief shows, as text ready to print (bar lengths, 0–1, are the only numbers).
    A year without ranked units is refused with a sentence saying so."""
    ranking = reads.ranking(con, year)
    if ranking.empty:
        raise InvalidInput(
            [Problem(f"Chưa có kết quả chấm điểm năm {year}: không có gì để lập báo cáo nhanh.")]
        )
    body = issuing_body.read(con)
    index = reads.brief_index_by_group(con, year)
    movers = reads.brief_movers_for_year(con, year)
    fields = reads.brief_field_losses_for_year(con, year)
    criteria = reads.brief_weak_criteria_for_year(con, year)
    names = vocabulary.groups(con)
    groups = [_group(g, year, ranking, movers, fields, criteria, names) for g in index.itertuples()]
    flags = _flags(reads.brief_new_flags_for_year(con, year), year, names)
    plans = _plans(reads.plans_for_year(con, year, as_of), as_of)
    overdue = _overdue(
        reads.commitment_status_at(con, as_of), year, vocabulary.commitment_kinds(con)
    )
    sample = _sample(ranking, names)
    return {
        "title": f"BÁO CÁO NHANH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}",
        "year": str(year),
        "previous_year": str(year - 1),
        "parent": body.parent.upper(),
        "issuing_body": body.name.upper(),
        "as_of": f"{as_of:%d/%m/%Y}",
        "frameworks": _frameworks(con, year),
        "draft": publication.mark(con, year) or "",
        "demo": "Dữ liệu mẫu của một tỉnh giả định, không phải số liệu thật."
        if accounts.is_demo(con)
        else "",
        "highlights": _highlights(groups, flags, plans, overdue, sample, year),
        "groups": groups,
        "flags": flags,
        "plans": plans,
        "overdue": overdue,
        "sample": sample,
    }


def pdf(con: duckdb.DuckDBPyConnection, year: int, as_of: dt.date) -> bytes:
    return typeset.pdf("brief", data(con, year, as_of))


def file_name(year: int, as_of: dt.date) -> str:
    return f"bao_cao_nhanh_cchc_{year}_{as_of:%Y%m%d}.pdf"


def _frameworks(con: duckdb.DuckDBPyConnection, year: int) -> list[str]:
    """The frameworks that scored the year, by name; an example says so."""
    found = reads.frameworks_for_year(con, year)
    return [
        f"{r.framework_name} — VÍ DỤ, không phải văn bản chính thức"
        if r.is_example and "VÍ DỤ" not in r.framework_name
        else r.framework_name
        for r in found.itertuples()
    ]


def group_name(names: dict[str, str], group: str) -> str:
    """«Xã, phường, đặc khu», «Sở, ban, ngành»: the ranking group by its name (`names`:
    vocabulary.groups); «Nhóm …» and its code for a group without one."""
    return names.get(group, f"Nhóm {group}")


def _pct(x) -> str:
    return f"{vn_number(x)}\u00a0%"  # a no-break space: the sign never starts a line


def _change(x) -> str:
    """+0,92 / −1,24 / 0,00 (percentage points, the difference of published figures)."""
    if x is None or x != x:
        return ""
    return f"+{vn_number(x)}" if x > 0 else f"−{vn_number(-x)}" if x < 0 else vn_number(0)


def _rank(rank, tied) -> str:
    return f"{int(rank)} (đồng hạng)" if tied else str(int(rank))


def _date(x) -> str:
    import pandas as pd

    return "" if x is None or pd.isna(x) else f"{pd.Timestamp(x):%d/%m/%Y}"


def _standing(r) -> dict:
    return {
        "rank": _rank(r.rank, r.is_tied),
        "unit": r.unit_name,
        "index": _pct(r.index_pct),
        "band": r.band_name or "",
    }


def _group(
    g,
    year: int,
    ranking: pd.DataFrame,
    movers: pd.DataFrame,
    fields: pd.DataFrame,
    criteria: pd.DataFrame,
    names: dict[str, str],
) -> dict:
    import pandas as pd  # loaded already: the tables are data frames

    table = ranking[ranking["rank_group"] == g.rank_group]
    moved = movers[movers["rank_group"] == g.rank_group]
    lost = fields[fields["rank_group"] == g.rank_group]
    top_loss = lost["points_lost"].max() if not lost.empty else 0
    weak = criteria[
        (criteria["rank_group"] == g.rank_group) & (criteria["place"] <= CRITERIA_SHOWN)
    ]
    has_previous = not pd.isna(g.previous_units)
    estimated = bool(moved["is_estimate"].all()) and not moved.empty  # a group formed by the merger
    new = f"chưa có thứ hạng năm {year - 1} (đơn vị mới hoặc hình thành sau sắp xếp)"
    compared, movers_note = "", ""
    if not has_previous:
        movers_note = f"Chưa có kết quả năm {year - 1} để so sánh."
    elif g.units_compared == 0:
        compared = (
            f"năm {year - 1} có {vn_number(g.previous_units, 0)} đơn vị được xếp hạng; các đơn vị năm {year}"
            f" đều {new}, nên trung bình hai năm tính trên hai tập đơn vị khác nhau."
        )
        movers_note = f"Các đơn vị năm {year} đều {new}: không so sánh được thứ hạng."
        if moved["is_estimate"].any():
            movers_note += (
                f" Tăng, giảm theo chỉ số so với {wording.ESTIMATE} của các đơn vị cũ năm {year - 1}"
                " (bình quân theo dân số/diện tích nếu có, nếu không thì bình quân đều)."
            )
    elif g.units_compared < g.units:
        movers_note = f"{vn_number(g.units - g.units_compared, 0)} đơn vị {new}, không có trong so sánh thứ hạng."
        if moved["is_estimate"].any():
            movers_note += f" Đơn vị hình thành sau sáp nhập so sánh theo chỉ số với {wording.ESTIMATE}, ghi «ước tính»."
    return {
        "name": group_name(names, g.rank_group),
        "units": vn_number(g.units, 0),
        "mean": _pct(g.mean_pct),
        "median": _pct(g.median_pct),
        "previous_mean": _pct(g.previous_mean_pct) if has_previous else "—",
        "previous_median": _pct(g.previous_median_pct) if has_previous else "—",
        "mean_change": _change(g.mean_change) if has_previous else "—",
        "median_change": _change(g.median_change) if has_previous else "—",
        "mean_share": g.mean_pct / 100,
        "previous_mean_share": g.previous_mean_pct / 100 if has_previous else 0,
        "compared": compared,
        "movers_note": movers_note,
        "top": [_standing(r) for r in table.head(SHOWN).itertuples()],
        "bottom": [_standing(r) for r in table.tail(SHOWN).iloc[::-1].itertuples()],
        "risers_title": "Chỉ số tăng nhiều nhất (ước tính)"
        if estimated
        else "Tăng hạng nhiều nhất",
        "fallers_title": "Chỉ số giảm nhiều nhất (ước tính)"
        if estimated
        else "Giảm hạng nhiều nhất",
        "risers": [
            _move(r)
            for r in moved[(moved["direction"] == "up") & (moved["place"] <= SHOWN)].itertuples()
        ],
        "fallers": [
            _move(r)
            for r in moved[(moved["direction"] == "down") & (moved["place"] <= SHOWN)].itertuples()
        ],
        "fields": [
            {
                "code": r.field_code,
                "name": r.field_name,
                "lost": vn_number(r.points_lost),
                "per_unit": vn_number(r.points_lost_per_unit),
                "share": _pct(r.share_pct),
                "cumulative": _pct(r.cumulative_pct),
                "mean": _pct(r.mean_field_pct),
                "bar": float(r.points_lost / top_loss) if top_loss else 0.0,
            }
            for r in lost.itertuples()
        ],
        "pareto_field": lost.iloc[0]["field_name"] if not lost.empty else "",
        "pareto_share": _pct(lost.iloc[0]["share_pct"]) if not lost.empty else "",
        "criteria": [
            {
                "code": r.criterion_code,
                "name": r.criterion_name,
                "reached": _pct(r.reached_pct),
                "lost": vn_number(r.points_lost),
                "at_max": f"{vn_number(r.units_at_max, 0)}/{vn_number(r.units, 0)}",
            }
            for r in weak.itertuples()
        ],
    }


def _move(r) -> dict:
    if r.is_estimate:  # formed by the merger: its index against the predecessors' estimate, no rank
        return {
            "unit": r.unit_name,
            "rank": _rank(r.rank, r.is_tied),
            "previous_rank": "—",
            "rank_change": "—",
            "index": _pct(r.index_pct),
            "index_change": f"{_change(r.index_change)} (ước tính)",
        }
    places = abs(int(r.rank_change))
    return {
        "unit": r.unit_name,
        "rank": _rank(r.rank, r.is_tied),
        "previous_rank": str(int(r.previous_rank)),
        "rank_change": f"↑ {places}" if r.rank_change > 0 else f"↓ {places}",
        "index": _pct(r.index_pct),
        "index_change": _change(r.index_change),
    }


def _flags(table: pd.DataFrame, year: int, names: dict[str, str]) -> dict:
    rows = [
        {
            "unit": r.unit_name,
            "group": group_name(names, r.rank_group),
            "rank": str(int(r.rank)),
            "index": _pct(r.index_pct),
            "reasons": _reasons(r.short_reasons),
            "plan": f"Phải có, hạn {_date(r.plan_due_date)}" if r.plan_required else "Không",
            "new_unit": not r.had_previous,
        }
        for r in table.itertuples()
    ]
    new_units = sum(r["new_unit"] for r in rows)
    note = (
        f"{vn_number(new_units, 0)} trong số này chưa có kết quả năm {year - 1} (đơn vị mới hoặc hình thành sau"
        " sắp xếp), đánh dấu *."
        if new_units
        else ""
    )
    return {
        "count": vn_number(len(rows), 0),
        "rows": rows[:FLAGS_SHOWN],
        "note": note,
        "more": _more(len(rows) - FLAGS_SHOWN, "đơn vị bị cảnh báo mới khác (xem trang Cảnh báo)"),
    }


def _reasons(reasons) -> str:
    """«LV 3: 71,07 %; LV 4: 70,83 %», each figure held to its sign."""
    return "; ".join(reasons).replace(" %", "\u00a0%")


def _more(n: int, what: str) -> str:
    return f"… và {vn_number(n, 0)} {what}." if n > 0 else ""


def _plans(table: pd.DataFrame, as_of: dt.date) -> dict:
    rows = []
    for r in table.itertuples():
        if r.is_received:
            status = f"Đã nhận {_date(r.received_date)}"
        elif r.is_overdue:
            status = "QUÁ HẠN, chưa nộp"
        else:
            status = "Chưa nộp, chưa đến hạn"
        rows.append(
            {
                "unit": r.unit_name,
                "reasons": _reasons(r.short_reasons),
                "due": _date(r.plan_due_date),
                "status": status,
                "overdue": bool(r.is_overdue),
            }
        )
    return {
        "count": vn_number(len(rows), 0),
        "received": vn_number(int(table["is_received"].sum()), 0),
        "overdue": vn_number(int(table["is_overdue"].sum()), 0),
        "rows": rows,
    }


def _overdue(table: pd.DataFrame, year: int, kinds: dict[str, str]) -> dict:
    """Commitments past due and still open: those answering this year's and last year's results
    listed (the oldest due first), earlier years counted."""
    late = table[table["is_overdue"]]
    recent = late[late["year"] >= year - 1]
    older = late[late["year"] < year - 1]
    rows = [
        {
            "unit": r.unit_name,
            "kind": kinds[r.kind],
            "title": r.title,
            "year": str(int(r.year)),
            "due": _date(r.due_date),
            "status": f"{r.status_name}, {vn_number(r.percent_done, 0)}\u00a0%",
        }
        for r in recent.head(OVERDUE_SHOWN).itertuples()
    ]
    by_kind = [
        f"{vn_number(int((recent['kind'] == k).sum()), 0)} {name.lower()}"
        for k, name in kinds.items()
    ]
    more = _more(len(recent) - len(rows), f"cam kết quá hạn khác của kết quả năm {year - 1}–{year}")
    older_note = ""
    if not older.empty:
        first, last = int(older["year"].min()), int(older["year"].max())
        span = str(first) if first == last else f"{first}–{last}"
        older_note = (
            f"Ngoài ra còn {vn_number(len(older), 0)} cam kết của kết quả các năm {span} quá hạn"
            " mà chưa hoàn thành, chưa hủy."
        )
    return {
        "count": vn_number(len(recent), 0),
        "by_kind": ", ".join(by_kind),
        "rows": rows,
        "more": more,
        "older": older_note,
    }


def _sample(ranking: pd.DataFrame, names: dict[str, str]) -> dict:
    short = ranking[ranking["survey_sample_ok"] == False]  # noqa: E712 — None (no survey) is not short
    rows = [
        {
            "unit": r.unit_name,
            "group": group_name(names, r.rank_group),
            "rank": _rank(r.rank, r.is_tied),
            "forms": f"{vn_number(r.survey_forms, 0)}/{vn_number(r.survey_required_forms, 0)}",
        }
        for r in short.itertuples()
    ]
    return {
        "count": vn_number(len(rows), 0),
        "rows": rows[:SAMPLE_SHOWN],
        "more": _more(len(rows) - SAMPLE_SHOWN, "đơn vị khác (xem trang Xếp hạng)"),
    }


def _highlights(
    groups: list[dict], flags: dict, plans: dict, overdue: dict, sample: dict, year: int
) -> list[str]:
    lines = []
    for g in groups:
        change = (
            f", {g['mean_change']} điểm % so với năm {year - 1}" if g["mean_change"] != "—" else ""
        )
        lines.append(
            f"{g['name']}: chỉ số trung bình {g['mean']} ({g['units']} đơn vị){change};"
            f" dẫn đầu {g['top'][0]['unit']} ({g['top'][0]['index']}), cuối bảng {g['bottom'][0]['unit']}"
            f" ({g['bottom'][0]['index']})."
        )
        if g["pareto_field"]:
            lines.append(
                f"{g['name']}: mất nhiều điểm nhất ở lĩnh vực «{g['pareto_field']}»"
                f" ({g['pareto_share']} số điểm bị mất)."
            )
    lines.append(
        f"{flags['count']} đơn vị bị cảnh báo mới; {plans['count']} đơn vị phải gửi kế hoạch khắc phục"
        f" ({plans['received']} đã gửi, {plans['overdue']} quá hạn chưa gửi)."
    )
    lines.append(
        f"{overdue['count']} nhiệm vụ, kế hoạch quá hạn chưa hoàn thành ({overdue['by_kind']})."
    )
    if sample["rows"]:
        lines.append(
            f"{sample['count']} đơn vị có xếp hạng dựa trên mẫu điều tra xã hội học chưa đủ cỡ mẫu."
        )
    return lines
