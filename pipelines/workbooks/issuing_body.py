"""Who issues and signs the papers attached to a decision: the settings kept in meta.settings under
the keys of ref.setting_keys, and the lines they make in the Decree 30/2020 layout (header, date
line, «Kèm theo Quyết định số …», signature block, «Nơi nhận»)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pipelines import audit
from pipelines.problems import InvalidInput, Problem
from pipelines.text import clean, to_date

if TYPE_CHECKING:
    import duckdb

BLANK = "……"  # what a paper shows where a setting is missing: to be filled in by hand


def keys(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every setting in order: key, label, example, required, and its value ('' when unset)."""
    rows = con.execute(
        "select k.key, k.label, k.example, k.required, coalesce(s.value, '')"
        " from ref.setting_keys as k left join meta.settings as s on s.key = k.key order by k.sort_order"
    ).fetchall()
    return [dict(zip(("key", "label", "example", "required", "value"), r)) for r in rows]


def set_value(con: duckdb.DuckDBPyConnection, key: str, value: str, who: str, client: str) -> str:
    """Set one setting (an empty value clears it), inside the caller's write, with its line in the
    audit log; a sentence saying what was done."""
    known = {k["key"]: k for k in keys(con)}
    if key not in known:
        raise InvalidInput(
            [Problem(f"Không có thiết lập «{key}». Các thiết lập: {', '.join(known)}")]
        )
    value = clean(value)
    if key == "decision_date" and value:
        day = to_date(value)
        if day is None:
            raise InvalidInput(
                [
                    Problem(
                        f"Ngày «{value}» không hợp lệ: ghi dd/mm/yyyy, ví dụ {known[key]['example']}"
                    )
                ]
            )
        value = f"{day:%d/%m/%Y}"
    con.execute("delete from meta.settings where key = ?", [key])
    if value:
        con.execute("insert into meta.settings values (?, ?)", [key, value])
    said = f"{known[key]['label']}: {value}" if value else f"Đã xóa «{known[key]['label']}»"
    audit.record(con, who, "settings", f"{said} (khóa {key})", client)
    return said


@dataclass(frozen=True)
class IssuingBody:
    parent: str  # cơ quan chủ quản, '' when the issuing body heads the header itself
    name: str  # cơ quan ban hành
    place: str
    decision_number: str
    decision_date: dt.date | None
    signer_authority: str
    signer_title: str
    signer_name: str
    recipients: list[str]
    missing: list[str]  # labels of the required settings not set, said to whoever exports

    def date_line(self, year: int) -> str:
        """«Minh Sơn, ngày 15 tháng 01 năm 2026»; the day and month left blank when no date is set."""
        place = f"{self.place}, " if self.place else f"{BLANK}, "
        d = self.decision_date
        if d is None:
            return f"{place}ngày      tháng      năm {year}"
        return f"{place}ngày {d:%d} tháng {d:%m} năm {d:%Y}"

    def attached_to(self) -> str:
        """«(Kèm theo Quyết định số 125/QĐ-UBND ngày 15/01/2026 của Ủy ban nhân dân tỉnh Minh Sơn)»."""
        number = self.decision_number or f"{BLANK}/QĐ-UBND"
        day = f"{self.decision_date:%d/%m/%Y}" if self.decision_date else f"{BLANK}/{BLANK}/{BLANK}"
        return f"(Kèm theo Quyết định số {number} ngày {day} của {self.name})"

    def signature(self) -> list[str]:
        """The signature block's lines, bold caps over the name: authority, title, then the name."""
        return [
            line
            for line in (self.signer_authority.upper(), (self.signer_title or BLANK).upper())
            if line
        ]


def read(con: duckdb.DuckDBPyConnection) -> IssuingBody:
    settings = keys(con)
    values = {k["key"]: k["value"] for k in settings}
    province = values["province"]
    name = values["org_name"] or f"Ủy ban nhân dân tỉnh {province or BLANK}"
    # the province is needed only to name the issuing body when org_name does not
    missing = [
        k["label"]
        for k in settings
        if k["required"] and not k["value"] and not (k["key"] == "province" and values["org_name"])
    ]
    return IssuingBody(
        parent=values["org_parent"],
        name=name,
        place=values["place"] or province,
        decision_number=values["decision_number"],
        decision_date=to_date(values["decision_date"]),
        signer_authority=values["signer_authority"],
        signer_title=values["signer_title"],
        signer_name=values["signer_name"],
        recipients=[r.strip() for r in values["recipients"].split(";") if r.strip()],
        missing=missing,
    )


def for_year(body: IssuingBody, year: int) -> tuple[IssuingBody, str | None]:
    """The body for a paper on `year`: the decision set is that year's only when it was signed the year
    after (a decision on 2025 is signed in 2026); else its number and date are left blank, and said."""
    d = body.decision_date
    if d is None or d.year == year + 1:
        return body, None
    return (
        replace(body, decision_number="", decision_date=None),
        f"Quyết định đã đặt ({body.decision_number or 'chưa có số'} ngày {d:%d/%m/%Y}) không phải quyết định"
        f" công bố kết quả năm {year}: số và ngày quyết định để trống trên văn bản.",
    )


def missing_warning(body: IssuingBody) -> str | None:
    """What the paper leaves blank, to say to whoever exports it; None when nothing is missing."""
    if not body.missing:
        return None
    return (
        "Chưa đặt: " + "; ".join(body.missing) + ". Các chỗ này để trống trên văn bản; đặt bằng"
        " `cchc settings set KHÓA GIÁ_TRỊ` hoặc trang «Cài đặt»."
    )
