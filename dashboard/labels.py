"""Vietnamese labels and number formats for the UI (the glossary lives here, nowhere else)."""

import re
from typing import TYPE_CHECKING

import pandas as pd

from pipelines import audit, vocabulary
from pipelines.text import vn_number

if TYPE_CHECKING:
    import duckdb
    from pandas.io.formats.style import Styler

    from pipelines.workbooks.compare import Table

COLUMNS = {
    "rank": "Xếp hạng",
    "rank_label": "Xếp hạng",
    "unit_name": "Đơn vị",
    "kind_name": "Loại",
    "points": "Điểm",
    "max_points": "Tối đa",
    "index_pct": "Chỉ số (%)",
    "band_name": "Xếp loại",
    "change_label": "Đổi hạng",
    "change_points_label": "Đổi hạng (điểm)",
    "index_change_label": "Thay đổi chỉ số",
    "sample_label": "Cỡ mẫu ĐTXHH",
    "reasons_text": "Lĩnh vực dưới ngưỡng / xếp loại",
    "plan_label": "Kế hoạch khắc phục",
    "plan_due_label": "Hạn nộp",
}
MOVERS_BY_INDEX = (
    "Theo thay đổi chỉ số (điểm %) so với năm trước; «ước tính»: so với chỉ số trước sáp nhập (ước tính),"
    " bình quân chỉ số năm trước của các đơn vị cũ, không so sánh thứ hạng."
)
BAND_FALLBACK = "#888888"
CHOOSE = "Chọn hoặc gõ để tìm"  # every select's placeholder (Streamlit's own is English)
PAGE_ERROR = (
    "Đã xảy ra lỗi khi hiển thị trang này. Dữ liệu không bị thay đổi. Hãy thử lại; nếu vẫn lỗi, "
    "báo cho quản trị hệ thống (chi tiết đã được ghi vào nhật ký máy chủ)."
)


_MARKUP = re.compile(
    r"[\\`*\[\]<>~$]"  # always markup: escapes, code, emphasis, links, HTML and autolinks, LaTeX
    r"|(?<![^\W_])_|_(?![^\W_])"  # _ but inside a word (sua_2025.xlsx stays as it is)
    r"|:(?=\S)|&(?=#?\w+;)|@(?=\w)"  # https://, :emoji:, :red[…], &lt;, a@b.vn
    r"|^[#>+-]|(?<=\bwww)\.",
    re.I,
)  # a heading, quote or list at the start; www.
_NUMBERED = re.compile(r"^(\d+)([.)])")  # «1. …» would start a numbered list


def md(text: object) -> str:
    """Text as Streamlit's markdown (st.success, st.caption, …) shows it literally: file, sheet and
    unit names are data, never links, emphasis or HTML. On one line, each markup character escaped."""
    escaped = _MARKUP.sub(lambda m: "\\" + m.group(0), " ".join(str(text).split()))
    return _NUMBERED.sub(r"\1\\\2", escaped)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame for st.table, which reads its cells as markdown: every text cell shown literally."""
    return frame.map(lambda v: md(v) if isinstance(v, str) else v)


def groups(con: "duckdb.DuckDBPyConnection") -> dict[str | None, str]:
    """The sidebar's choice of ranking group: all units, or one group (ref.rank_groups)."""
    return {None: "Tất cả", **vocabulary.groups(con)}


def framework_caption(name: str, is_example: bool, is_inferred: bool) -> str:
    if is_example and "VÍ DỤ" not in name:
        return f"Bộ chỉ số: {md(name)} — VÍ DỤ, không phải văn bản chính thức."
    return f"Bộ chỉ số: {md(name)}" + (" (suy ra từ tệp điểm)" if is_inferred else "")


def number(x: float | None, decimals: int = 2) -> str:
    return "" if x is None or pd.isna(x) else vn_number(float(x), decimals)


def cell(value: object) -> str:
    """A cell as the sheet shows it: 8,5 not 8.5, nothing for a blank."""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return "" if value is None else str(value)


def count(n: int) -> str:
    return vn_number(n, 0)


def pct(x: float | None) -> str:
    return "" if x is None or pd.isna(x) else f"{vn_number(x)} %"


def threshold(x: float | None) -> str:
    """A rule's threshold as its text says it: «72,5 %», never «72,50 %»; «—» without rules."""
    return "—" if x is None else f"{vn_number(x).rstrip('0').rstrip(',')} %"


def pct_points(x: float | None, signed: bool = False) -> str:
    """A difference of two percentages, in percentage points: 0,92 điểm % (+0,92 điểm % when
    signed; a metric's arrow says the sign itself)."""
    return (
        "" if x is None or pd.isna(x) else f"{'+' if signed and x > 0 else ''}{vn_number(x)} điểm %"
    )


def date(x: object) -> str:
    return "" if x is None or pd.isna(x) else f"{pd.Timestamp(x):%d/%m/%Y}"


def sample_label(ok: bool | None, forms: int | None, required: int | None) -> str:
    """Flags a rank resting on too few survey forms; blank when the sample is enough or unknown."""
    short = ok is not None and not pd.isna(ok) and not ok
    return f"⚠ {count(int(forms))}/{count(int(required))} phiếu" if short else ""


def rank_label(rank: int, tied: bool) -> str:
    return f"{rank} (đồng hạng)" if tied else str(rank)


def change_label(change: int | None) -> str:
    if change is None or pd.isna(change):
        return ""
    change = int(change)
    return f"↑ {change}" if change > 0 else f"↓ {-change}" if change < 0 else "="


def signed(x: float | None) -> str:
    """A change of points: +4,53, -1,10, 0,00; blank when there is none."""
    if x is None or pd.isna(x):
        return ""
    shown = vn_number(float(x))
    return shown if shown.startswith("-") or shown == "0,00" else f"+{shown}"


def change_with_points(rank_change: int | None, points_change: float | None) -> str:
    """Places and points gained against the year before in one cell: ↑ 3 (+4,53); blank when the
    unit was not ranked then."""
    rank = change_label(rank_change)
    return f"{rank} ({signed(points_change)})" if rank else ""


_SHOWN = {
    "points": number,
    "rank": lambda x: str(int(x)),
    "points_change": signed,
    "pct_change": lambda x: pct_points(x, signed=True),
    "rank_change": change_label,
}


def comparison(t: "Table", drop: tuple[str, ...] = ()) -> "Styler":
    """A comparison table (pipelines.workbooks.compare.Table) as the pages show it, for st.table (headers on
    one line, wrapped): figures stay numbers (right-aligned) written the Vietnamese way (85,50;
    +1,53 điểm %; ↑ 3), nothing for a blank; without the columns (or groups) titled in `drop`."""
    header = t.flat_header()
    keep = [j for j, c in enumerate(t.columns) if c.title not in drop and c.group not in drop]
    frame = plain(
        pd.DataFrame([[row[j] for j in keep] for row in t.rows], columns=[header[j] for j in keep])
    )

    def shown(kind):
        return lambda v: v if isinstance(v, str) else _SHOWN[kind](v)

    formats = {header[j]: shown(t.columns[j].kind) for j in keep if t.columns[j].kind in _SHOWN}
    return frame.style.format(formats, na_rep="")


def with_successor(unit_name: str, successor_name: str | None) -> str:
    """A unit merged away, judged on the unit that took it over: «Xã A (đơn vị kế thừa: Xã B)»."""
    return (
        unit_name
        if successor_name is None or pd.isna(successor_name)
        else f"{unit_name} (đơn vị kế thừa: {successor_name})"
    )


def successor_note(year: int) -> str:
    return f"Đơn vị đã sáp nhập: điểm năm {year} là của đơn vị kế thừa (gồm cả các đơn vị cũ khác), chỉ để tham khảo."


def index_change_label(change: float | None, is_estimate: bool | None) -> str:
    """+1,23 điểm %; an index change against the predecessors' baseline says «ước tính»."""
    if change is None or pd.isna(change):
        return ""
    return pct_points(change, signed=True) + (
        " (ước tính)" if is_estimate is True or is_estimate == 1 else ""
    )


def styled(frame: pd.DataFrame, columns: list[str]) -> "Styler":
    """A table with Vietnamese headers and numbers (85,50), still sortable as numbers."""
    table = frame[columns].rename(columns=COLUMNS)
    numeric = [COLUMNS[c] for c in columns if c in ("points", "max_points", "index_pct")]
    return table.style.format(precision=2, decimal=",", thousands=".", subset=numeric, na_rep="")


READING = {
    "column": "Cột",
    "header": "Tiêu đề",
    "role": "Vai trò (tự đọc)",
    "max": "Điểm tối đa",
    "max_from": "Điểm tối đa lấy từ",
    "why": "Lý do",
}
MAPPINGS = {
    "id": "#",
    "file": "Tệp",
    "sheet": "Trang",
    "by": "Người xác nhận",
    "columns": "Vai trò các cột",
}
AUDIT = dict(
    zip(("when", "who", "client", "action_label", "detail"), audit.HEADER)
)  # the same headers as `cchc audit`


COMMITMENTS = {
    "unit_name": "Đơn vị",
    "kind_name": "Loại",
    "title": "Nội dung",
    "due": "Hạn",
    "progress": "Tình trạng",
}
UNIT_COMMITMENTS = {
    "year_label": "Năm kết quả",
    "kind_name": "Loại",
    "title": "Nội dung",
    "due": "Hạn",
    "progress": "Tình trạng",
}
PLANS = {"unit_name": "Đơn vị", "reasons": "Lý do", "due": "Hạn nộp", "got": "Đã nhận"}
UNIT_YEARS = {
    "year_label": "Năm",
    "unit_name": "Đơn vị",
    "index_pct": "Chỉ số (%)",
    "rank_text": "Xếp hạng",
    "band_name": "Xếp loại",
}
EASIEST = {
    "criterion_code": "Mã",
    "criterion_name": "Tiêu chí",
    "points_lost": "Điểm bị mất",
    "peer_pct": "Đơn vị cùng loại đạt tối đa (%)",
}
CRITERIA = {
    "criterion_code": "Mã",
    "criterion_name": "Tiêu chí",
    "max_points": "Tối đa",
    "points": "Thẩm định",
    "self_points": "Tự chấm",
    "gap": "Chênh lệch",
    "points_lost": "Điểm bị mất",
    "source": "Nguồn (lần tải, ô)",
}
CHANGES = {
    "unit_name": "Đơn vị",
    "points_before": "Điểm hiện có",
    "points": "Điểm mới",
    "rank_before": "Hạng hiện có",
    "rank": "Hạng mới",
}
UPLOADS = {
    "upload_id": "#",
    "when": "Thời gian",
    "uploaded_by": "Người tải",
    "file_name": "Tệp",
    "year_label": "Năm",
    "values": "Số giá trị",
    "status_label": "Trạng thái",
}
NOT_YET = "(chưa có)"  # a preview's blank: the unit had no points or rank before


def payoff(year: int) -> dict[str, str]:
    """The commitment payoff table: a field's share of its maximum the year of the plan and the next."""
    return {
        "unit_name": "Đơn vị",
        "title": "Nội dung",
        "field_code": "Lĩnh vực",
        "field_pct_before": f"% năm {year}",
        "field_pct_after": f"% năm {year + 1}",
        "change_label": "Thay đổi (điểm %)",
    }


def table(frame: pd.DataFrame, columns: dict[str, str], na_rep: str = "") -> "Styler":
    """Only these columns, under these Vietnamese headers; numbers the Vietnamese way (85,50),
    whole numbers (a rank, an id) as they are; `na_rep` for a blank number."""
    shown = frame[list(columns)].rename(columns=columns)
    numeric = [
        label
        for c, label in columns.items()
        if frame[c].map(lambda v: v is None or isinstance(v, float)).all()
    ]
    shown[numeric] = shown[numeric].apply(pd.to_numeric)
    return shown.style.format(
        na_rep=na_rep, subset=[label for label in shown.columns if label not in numeric]
    ).format(precision=2, decimal=",", thousands=".", subset=numeric, na_rep=na_rep)
