"""Checking the values of a parsed sheet against its framework: every number within 0..max
(settled in bulk with numpy; only unusual cells one by one), blanks, duplicates, not-applicable
marks, group subtotals, the criteria a long list leaves out, stated totals against the points
beside them; the index, rank and band a file states are collected here and judged by SQL once
the rows are stored (judge_stated)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from pipelines import reads
from pipelines.files.column_roles import is_na
from pipelines.files.workbook import is_blank
from pipelines.frameworks import TOLERANCE, Criterion, Framework, called
from pipelines.problems import Problem
from pipelines.text import cell_name, clean, column_letters, fold, to_number, vn_number

if TYPE_CHECKING:
    import duckdb

    from pipelines.files.score_sheets import ParsedSheet


def uncovered(framework: Framework, present: set[str]) -> list[Criterion]:
    """The criteria no row gives, named at the highest level wholly missing. A row gives a
    criterion when it is that criterion or an ancestor with no rows below it."""
    kids = framework.children()
    present = {c for c in present if not any(o.startswith(c + ".") for o in present)}

    def covered(code: str) -> bool:
        return code in present or any(a in present for a in _ancestors(code))

    def missing(c: Criterion) -> bool:  # no part of c is given
        return not covered(c.code) and all(missing(k) for k in kids.get(c.code, []))

    by_code = framework.by_code()
    return [
        c
        for c in framework.criteria
        if missing(c) and not (c.parent and missing(by_code[c.parent]))
    ]


def check_values(
    sheet: ParsedSheet,
    framework: Framework,
    bound: dict[str, str],
    codes: dict[int, str],
    problems: list[Problem],
    warnings: list[str],
    stated: list[Stated],
) -> pa.Table:
    """Every value as a number within 0..max, blank cells and duplicates caught; group rows
    checked against their children, stated totals against the sum; the index, rank and band the
    file states added to `stated`, judged once the rows are stored (judge_stated). Returns the
    rows to store.
    `codes`: the sheet's unit index -> unit_code. Numbers within their max are settled in bulk;
    only the other cells are looked at one by one."""
    by_code = framework.by_code()
    present = set(bound.values())
    has_children = {c for c in present if any(o.startswith(c + ".") for o in present)}
    v = sheet.values
    n = len(v)
    unit_of = np.array([codes.get(u) for u in range(len(sheet.units))] + [None], dtype=object)
    units = unit_of[np.asarray(v.unit, dtype=np.int64)] if n else np.empty(0, dtype=object)
    item_idx, item_keys = _factorize(v.item)  # None -> -1
    crit_of = np.array([bound.get(k) for k in item_keys] + [None], dtype=object)
    crits = crit_of[item_idx]
    limits = np.array([by_code[c].max_points + 1e-9 if c else np.nan for c in crit_of])[item_idx]
    measures = np.array(v.measure, dtype=object)
    rows, cols = np.asarray(v.row, dtype=np.int64), np.asarray(v.col, dtype=np.int64)
    is_float = np.fromiter((type(r) is float for r in v.raw), dtype=bool, count=n)
    x = np.full(n, np.nan)
    x[is_float] = [r for r, f in zip(v.raw, is_float) if f]
    blank = np.zeros(n, dtype=bool)  # numbers are never blank: look at the other cells only
    others = np.flatnonzero(~is_float)
    blank[others] = [is_blank(v.raw[i]) for i in others.tolist()]
    unit_nos = np.asarray(v.unit, dtype=np.int64)
    submitted = np.zeros(
        len(sheet.units) + 1, dtype=bool
    )  # a unit with no value at all has not sent its scores
    submitted[unit_nos[~blank]] = True
    wanted = (
        np.not_equal(units, None)
        & (np.not_equal(crits, None) | (item_idx == -1))
        & submitted[unit_nos]
    )
    unit_idx, measure_idx = _factorize(units)[0], _factorize(measures)[0]
    key = (unit_idx * (len(crit_of) + 1) + item_idx + 1) * (
        measure_idx.max(initial=0) + 1
    ) + measure_idx
    dup = _repeated(np.where(wanted, key, -1 - np.arange(n)))
    per_unit_max = bool((measures == "applicable_max").any())
    ok = wanted & ~dup & is_float & (x >= 0) & (x <= limits) & (not per_unit_max)
    na = np.zeros(n, dtype=bool)
    given_max: dict[tuple, float] = {}
    invalid_units: set[str] = set()

    def bad(i: int, message: str) -> None:
        problems.append(
            Problem(message, sheet.name, cell_name(rows[i], cols[i]), sheet.units[v.unit[i]].label)
        )
        invalid_units.add(units[i])

    if dup.any():
        first = {}
        for i in np.flatnonzero(wanted):
            first.setdefault(key[i], i)
            if dup[i]:
                bad(
                    i,
                    f"Điểm bị trùng: đã có ở ô {cell_name(rows[first[key[i]]], cols[first[key[i]]])}",
                )
    for i in np.flatnonzero(wanted & ~dup & ~ok):
        raw, code, measure, unit = v.raw[i], crits[i], measures[i], units[i]
        if is_blank(raw):
            if code not in has_children:
                bad(i, f"Ô trống: thiếu điểm {_what(code, by_code)}")
            continue
        if is_na(raw):
            if measure in ("bonus", "penalty", "applicable_max"):
                bad(i, f"«{clean(raw)}» không dùng được ở đây, cần một số")
            else:
                na[i] = True
            continue
        number = to_number(raw)
        if number is None:
            bad(i, f"«{clean(raw)}» không phải là số ({_what(code, by_code)})")
            continue
        if number < 0:
            bad(i, f"Điểm âm ({vn_number(number)}) ở {_what(code, by_code)}")
            continue
        limit = limits[i] if code else None
        if measure == "applicable_max":
            given_max[(unit, code)] = number
        elif (unit, code) in given_max:
            limit = given_max[(unit, code)] + 1e-9
        if limit is not None and number > limit:
            bad(
                i,
                f"Điểm {vn_number(number)} vượt điểm tối đa {vn_number(limit)} của {_what(code, by_code)}",
            )
            continue
        x[i] = number
        ok[i] = True
    group = np.isin(crits, list(has_children)) if has_children else np.zeros(n, dtype=bool)
    if sheet.layout == "long" or (ok & group).any():  # by key, for the few sheets that need it
        numbers = dict(zip(zip(units[ok], crits[ok], measures[ok]), x[ok].tolist()))
        seen = wanted & ~dup
        cells = dict(
            zip(
                zip(units[seen], crits[seen], measures[seen]),
                zip(rows[seen].tolist(), cols[seen].tolist()),
            )
        )
        if sheet.layout == "long":
            _check_long_coverage(sheet, framework, codes, cells, problems)
        _check_groups(sheet, numbers, cells, has_children, problems)
    if sheet.given:
        # totals per unit and measure: the leaves (not the subtotals); bonus counts, penalty subtracts
        counted = ok & ~group
        sign = np.where(measures == "penalty", -1.0, 1.0)
        as_measure = np.where(
            np.equal(crits, None) & (measures != "applicable_max"), "final", measures
        )
        parts: dict[tuple, list[float]] = defaultdict(list)
        for unit, measure, points in zip(
            units[counted], as_measure[counted], (x * sign)[counted].tolist()
        ):
            parts[(unit, measure)].append(points)
        _collect_stated(
            sheet,
            framework,
            {u: c for u, c in codes.items() if c not in invalid_units},
            {k: math.fsum(p) for k, p in parts.items()},
            problems,
            warnings,
            stated,
        )
    na_keys = set(zip(units[na], crits[na], measures[na]))
    na &= (
        np.array([not _under_na(k, na_keys) for k in zip(units, crits, measures)])
        if na.any()
        else na
    )
    keep = (ok & ~group) | na  # subtotals are checked, not stored
    letters = np.array([column_letters(c) for c in range(int(cols.max(initial=0)) + 1)])
    return pa.table(
        {
            "unit_code": _strings(units[keep]),
            "criterion_code": _strings(crits[keep]),
            "measure": _strings(measures[keep]),
            "points": _floats(np.where(na[keep], np.nan, x[keep])),
            "is_na": _booleans(na[keep]),
            "source_sheet": _strings([sheet.name] * int(keep.sum())),
            "source_cell": _strings(np.char.add(letters[cols[keep]], (rows[keep] + 1).astype(str))),
        }
    )


# Arrow columns built from their buffers: pa.array() would import pandas, a quarter of the time
# of a national load run from the command line. None (strings) and NaN (numbers) become nulls.


def _strings(values) -> pa.Array:
    """Each distinct text encoded once: codes and sheet names repeat on every row."""
    numbers, distinct = _factorize(
        values.tolist() if isinstance(values, np.ndarray) else list(values)
    )
    encoded = [t.encode("utf-8") for t in distinct] + [
        b""
    ]  # numbers[i] == -1 (None) takes the last
    lengths = np.array([len(e) for e in encoded], dtype=np.int32)[numbers]
    offsets = np.zeros(len(numbers) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    return _from_buffers(
        pa.string(), numbers >= 0, offsets, b"".join(map(encoded.__getitem__, numbers.tolist()))
    )


def _floats(values: np.ndarray) -> pa.Array:
    values = np.ascontiguousarray(values, dtype=np.float64)
    return _from_buffers(pa.float64(), ~np.isnan(values), values)


def _booleans(values: np.ndarray) -> pa.Array:
    return _from_buffers(
        pa.bool_(),
        np.ones(len(values), dtype=bool),
        np.packbits(np.asarray(values, dtype=bool), bitorder="little"),
    )


def _from_buffers(type_: pa.DataType, valid: np.ndarray, *buffers) -> pa.Array:
    nulls = len(valid) - int(valid.sum())
    validity = pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None
    return pa.Array.from_buffers(
        type_, len(valid), [validity, *map(pa.py_buffer, buffers)], null_count=nulls
    )


def _factorize(values) -> tuple[np.ndarray, list]:
    """Each value's number in order of first appearance (None -> -1), and the distinct values."""
    distinct = [x for x in dict.fromkeys(values) if x is not None]
    numbers = {x: i for i, x in enumerate(distinct)}
    numbers[None] = -1
    return np.fromiter(
        map(numbers.__getitem__, values), dtype=np.int64, count=len(values)
    ), distinct


def _repeated(keys: np.ndarray) -> np.ndarray:
    """True where a key was already seen earlier in the array."""
    repeated = np.ones(len(keys), dtype=bool)
    repeated[np.unique(keys, return_index=True)[1]] = False
    return repeated


def _check_long_coverage(sheet, framework, codes, cells, problems) -> None:
    given: dict[str, set[str]] = defaultdict(set)
    for unit, code, measure in cells:
        if code and measure == "final":
            given[unit].add(code)
    for u, ref in enumerate(sheet.units):
        unit = codes.get(u)
        for c in uncovered(framework, given[unit]) if unit else []:
            what = "lĩnh vực" if c.depth == 1 else "tiêu chí"
            problems.append(
                Problem(
                    f"Đơn vị «{ref.label}» thiếu điểm {what} {c.code} «{c.name}»",
                    sheet.name,
                    ref.cell,
                )
            )


def _under_na(key, na) -> bool:
    unit, code, measure = key
    parts = code.split(".") if code else []
    return any((unit, ".".join(parts[:i]), measure) in na for i in range(1, len(parts)))


def _what(code, by_code) -> str:
    if code is None:
        return "điểm thưởng/trừ"
    c = by_code[code]
    return f"{'lĩnh vực' if c.depth == 1 else 'tiêu chí'} {code}"


def _check_groups(sheet, numbers, cells, has_children, problems) -> None:
    kids_of: dict[str, list[str]] = defaultdict(list)
    present = {code for (_, code, _) in cells if code}
    for code in present:
        if "." in code and code.rsplit(".", 1)[0] in present:
            kids_of[code.rsplit(".", 1)[0]].append(code)
    for (unit, code, measure), value in numbers.items():
        if code not in has_children:
            continue
        total = sum(numbers.get((unit, k, measure), 0.0) for k in kids_of[code])
        if abs(total - value) > TOLERANCE:
            problems.append(
                Problem(
                    f"Điểm nhóm {code} là {vn_number(value)} nhưng tổng các tiêu chí con là {vn_number(total)}",
                    sheet.name,
                    cell_name(*cells[(unit, code, measure)]),
                )
            )


@dataclass(frozen=True, slots=True)
class Stated:
    """A figure the file states beside its points (index, rank, band), for judge_stated:
    `figure` as the sheet gives it (`index`, `rank`, `band`), `number` the
    number stated, `text` a band as the framework names it (when it is one of its bands),
    `written` the band as written."""

    unit_code: str
    sheet: str
    cell: str
    figure: str
    number: float | None = None
    text: str | None = None
    written: str | None = None


def _collect_stated(sheet, framework, codes, totals, problems, warnings, stated) -> None:
    """The figures the sheet states: a total must add up to the points beside it (`totals`:
    (unit, measure) → their sum), checked here so that it is listed with every other problem of
    the file; the index, rank and band go to judge_stated, against what the product computes. A
    figure that is not a number is a problem, band words of another scale a warning (said once;
    those bands are not compared)."""
    bands = sorted(framework.bands, key=lambda b: -b["min_pct"])
    written = [g for g in sheet.given if g.what == "band"]
    compare_bands = True
    if written and not {fold(clean(g.raw)) for g in written} & {fold(b["name"]) for b in bands}:
        # another scheme's words: say it once
        warnings.append(
            f"{sheet.name}!{written[0].cell}: cột xếp loại dùng thang khác («"
            + "», «".join(sorted({clean(g.raw) for g in written})[:6])
            + f"») với {called(framework.name)} («"
            + "», «".join(b["name"] for b in bands)
            + "»): không đối chiếu; xếp loại theo bộ chỉ số"
        )
        compare_bands = False
    names = {fold(b["name"]): b["name"] for b in bands} | {"": ""}  # no band at all: ""
    for g in sheet.given:
        unit = codes.get(g.unit)
        if unit is None:
            continue
        if g.what.partition(":")[0] == "band":
            if compare_bands:
                text = clean(g.raw)
                stated.append(
                    Stated(
                        unit, sheet.name, g.cell, g.what, None, names.get(fold(text), text), text
                    )
                )
            continue
        x = to_number(g.raw)
        what, _, measure = g.what.partition(":")
        if x is None:
            problems.append(Problem(f"«{clean(g.raw)}» không phải là số", sheet.name, g.cell))
        elif what == "total":
            mine = totals.get((unit, measure or "final"), 0.0)
            if abs(mine - x) > TOLERANCE:
                problems.append(
                    Problem(
                        f"Tổng điểm ghi trong tệp là {vn_number(x)} nhưng cộng các điểm thành phần được {vn_number(mine)}",
                        sheet.name,
                        g.cell,
                    )
                )
        else:
            stated.append(Stated(unit, sheet.name, g.cell, g.what, x))


def judge_stated(con: duckdb.DuckDBPyConnection, upload_id: int, stated: list[Stated]) -> list[str]:
    """Inside the upload's write, once its rows are stored and the marts rebuilt: the stated
    index, rank and band against what the product computes (sql/queries/stated_figures_differing);
    each that differs is a warning, in the file's order."""
    if not stated:
        return []
    rows = reads.stated_figures_differing(
        con,
        upload_id=upload_id,
        unit_codes=[s.unit_code for s in stated],
        sheets=[s.sheet for s in stated],
        cells=[s.cell for s in stated],
        figures=[s.figure for s in stated],
        numbers=[s.number for s in stated],
        texts=[s.text for s in stated],
        tolerance=TOLERANCE,
    )
    warnings = []
    for r in rows:
        where = f"{r.sheet}!{r.cell}"
        if r.figure == "index":
            warnings.append(
                f"{where}: chỉ số ghi trong tệp {vn_number(r.stated_number)} %, tính được {vn_number(r.computed_index_pct)} %"
            )
        elif r.figure == "rank":
            warnings.append(
                f"{where}: xếp hạng ghi trong tệp {int(r.stated_number)}, tính trong tệp được {int(r.computed_rank)}"
            )
        else:
            warnings.append(
                f"{where}: xếp loại ghi trong tệp «{stated[r.position - 1].written}», tính được «{r.computed_band_name}»"
            )
    return warnings


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]
