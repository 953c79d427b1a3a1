"""The unit scorecard as files: one unit's PDF (typeset with papers/scorecard.typ) or .xlsx
(scorecard_xlsx), or one file per ranked unit of a year; the data is scorecard.data."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines import reads
from pipelines.problems import InvalidInput, Problem
from pipelines.text import vn_number
from pipelines.workbooks import scorecard, scorecard_xlsx, typeset

if TYPE_CHECKING:
    import duckdb


def pdf(
    con: duckdb.DuckDBPyConnection, unit_code: str, year: int, as_of: dt.date | None = None
) -> bytes:
    return typeset.pdf("scorecard", scorecard.data(con, unit_code, year, as_of))


def xlsx(
    con: duckdb.DuckDBPyConnection, unit_code: str, year: int, as_of: dt.date | None = None
) -> bytes:
    return scorecard_xlsx.workbook(scorecard.data(con, unit_code, year, as_of))


MAKE = {"pdf": pdf, "xlsx": xlsx}  # a file's format (its suffix) → what makes it
FORMATS = tuple(MAKE)


def file_name(unit_code: str, fmt: str) -> str:
    """A file name from a unit code: characters a file system might refuse become _."""
    return re.sub(r"[^0-9A-Za-z._-]", "_", unit_code) + f".{fmt}"


def write(
    con: duckdb.DuckDBPyConnection,
    unit_code: str,
    year: int,
    out: Path,
    as_of: dt.date | None = None,
) -> str:
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InvalidInput([Problem(f"Tệp «{out.name}»: phiếu điểm ghi ra .pdf hoặc .xlsx")])
    made = MAKE[fmt](con, unit_code, year, as_of)
    out.write_bytes(made)
    return f"Đã ghi phiếu điểm năm {year} của đơn vị {unit_code} vào {out}"


def write_all(
    con: duckdb.DuckDBPyConnection,
    year: int,
    out_dir: Path,
    fmt: str = "pdf",
    as_of: dt.date | None = None,
    group: str | None = None,
) -> str:
    """One file per ranked unit of the year (optionally one kind or group) in `out_dir`."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInput([Problem(f"«{out_dir}» là một tệp: với --all, --out là thư mục")])
    codes = reads.ranking(con, year, group)["unit_code"].tolist()
    if not codes:
        raise InvalidInput(
            [Problem(f"Năm {year} chưa có đơn vị nào được chấm điểm: không có phiếu điểm để ghi.")]
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    make = MAKE[fmt]
    as_of = as_of or dt.date.today()
    for code in codes:
        (out_dir / file_name(code, fmt)).write_bytes(make(con, code, year, as_of))
    return f"Đã ghi {vn_number(len(codes), 0)} phiếu điểm năm {year} (.{fmt}) vào {out_dir}"
