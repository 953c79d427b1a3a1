"""Checking the values of a parsed sheet against its framework: every number within 0..max
(settled in bulk with numpy; only unusual cells one by one), blanks, duplicates, not-applicable
marks, group subtotals, stated totals, and the criteria a long list leaves out."""

import math
from collections import defaultdict

import numpy as np
import pyarrow as pa

from pipelines.files.column_roles import is_na
from pipelines.files.workbook import is_blank
from pipelines.frameworks import TOLERANCE, Criterion, Framework, called
from pipelines.problems import Problem
from pipelines.text import cell_name, clean, column_letters, fold, half_up, to_number, vn_number


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


def check_values(sheet, framework, bound, codes, problems, warnings) -> pa.Table:
    """Every value as a number within 0..max, blank cells and duplicates caught; group rows
    checked against their children, stated totals against the sum. Returns the rows to store.
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
        totals = {k: math.fsum(p) for k, p in parts.items()}
        _check_given(
            sheet,
            framework,
            {u: c for u, c in codes.items() if c not in invalid_units},
            totals,
            given_max,
            problems,
            warnings,
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


def _check_given(sheet, framework, codes, totals, given_max, problems, warnings) -> None:
    """Totals stated in the file must add up; index, rank and band are compared as a warning.
    `totals`: (unit, measure) -> points counted from the file."""
    stated = {g.what for g in sheet.given}
    index, ranks = {}, {}
    if stated & {
        "index",
        "rank",
        "band",
    }:  # the file's own index and ranks, only when it states them
        field_max = {f.code: f.max_points for f in framework.fields}
        full = sum(field_max.values())
        maxima = {
            u: given_max.get((u, None))
            or (sum(given_max.get((u, f), m) for f, m in field_max.items()) if given_max else full)
            for u in codes.values()
        }
        # rounded as the marts round the index (pct_half_up), so that ties and bands agree with them
        index = {
            u: half_up(float(totals.get((u, "final"), 0.0)) / m * 100)
            for u, m in maxima.items()
            if m
        }
        ranks = _ranks(index) if "rank" in stated else {}
    bands = sorted(framework.bands, key=lambda b: -b["min_pct"])
    written = [g for g in sheet.given if g.what == "band"]
    if written and not {fold(clean(g.raw)) for g in written} & {fold(b["name"]) for b in bands}:
        # another scheme's words: say it once
        warnings.append(
            f"{sheet.name}!{written[0].cell}: cột xếp loại dùng thang khác («"
            + "», «".join(sorted({clean(g.raw) for g in written})[:6])
            + f"») với {called(framework.name)} («"
            + "», «".join(b["name"] for b in bands)
            + "»): không đối chiếu; xếp loại theo bộ chỉ số"
        )
        stated.discard("band")
    for g in sheet.given:
        unit = codes.get(g.unit)
        if unit is None:
            continue
        what, _, measure = g.what.partition(":")
        if what == "band":
            if "band" not in stated:
                continue
            mine = next((b["name"] for b in bands if index.get(unit, 0) >= b["min_pct"]), "")
            if fold(clean(g.raw)) != fold(mine):
                warnings.append(
                    f"{sheet.name}!{g.cell}: xếp loại ghi trong tệp «{clean(g.raw)}», tính được «{mine}»"
                )
            continue
        x = to_number(g.raw)
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
        elif what == "index" and unit in index:
            x = x * 100 if x <= 1 and index[unit] > 1 else x
            if abs(index[unit] - x) > TOLERANCE + 0.005:
                warnings.append(
                    f"{sheet.name}!{g.cell}: chỉ số ghi trong tệp {vn_number(x)} %, tính được {vn_number(index[unit])} %"
                )
        elif what == "rank" and unit in ranks and int(x) != ranks[unit]:
            warnings.append(
                f"{sheet.name}!{g.cell}: xếp hạng ghi trong tệp {int(x)}, tính trong tệp được {ranks[unit]}"
            )


def _ancestors(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _ranks(index: dict[str, float]) -> dict[str, int]:
    ordered = sorted(index.items(), key=lambda kv: -kv[1])
    ranks, prev, rank = {}, None, 0
    for i, (unit, value) in enumerate(ordered, start=1):
        if value != prev:
            rank, prev = i, value
        ranks[unit] = rank
    return ranks
