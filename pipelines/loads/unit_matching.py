"""Matching unit names as written in files to the registry: regardless of 'UBND' and kind
prefixes ('Xã', 'Phường', ...), case, Unicode form and accents where that is unambiguous."""

from collections import Counter, defaultdict
from dataclasses import dataclass

import duckdb

from pipelines.text import accent_key, clean, fold, strip_prefixes


@dataclass(frozen=True)
class Match:
    unit_code: str | None
    unit_name: str | None = None
    how: str = ""  # how the name was matched, for the upload preview
    problem: str | None = None  # unknown or ambiguous, in Vietnamese
    unknown: bool = False  # no unit of that name at all (a score load may register it)


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    valid: bool  # valid in the year being loaded


class UnitIndex:
    def __init__(self, con: duckdb.DuckDBPyConnection, year: int):
        self.year = year
        kinds = con.execute("select kind, kind_name, prefixes from ref.unit_kinds").fetchall()
        self.kind_names = {k: n for k, n, _ in kinds}
        self.prefixes = {k: [fold(p) for p in ps] for k, _, ps in kinds}
        self.accent_prefixes = tuple(accent_key(p) for _, _, ps in kinds for p in ps)
        self.all_prefixes = tuple(p for ps in self.prefixes.values() for p in ps)
        rows = con.execute(
            "select u.unit_code, u.unit_name, u.kind,"
            " cast($year as integer) is null or y.unit_code is not null,"
            " list(a.alias) filter (where a.alias is not null), p.unit_name"
            " from ref.units u left join ref.unit_aliases a using (unit_code)"
            " left join ref.units p on p.unit_code = u.parent_code"
            " left join intermediate.int_unit_years y on y.unit_code = u.unit_code and y.year = $year"
            " group by all",
            {"year": year},
        ).fetchall()
        self.units = {code: Unit(code, name, kind, valid) for code, name, kind, valid, *_ in rows}
        self.parent = {
            code: self._bare_key(parent) for code, *_, parent in rows if parent
        }  # the district's key
        self.full: dict[str, set[str]] = defaultdict(set)
        self.bare: dict[str, set[str]] = defaultdict(set)
        self.names: dict[str, list[str]] = {}
        for code, name, _, _, aliases, _ in rows:
            self.names[code] = [name, *(aliases or [])]
            for n in self.names[code]:
                self.full[self._full_key(n)].add(code)
                self.bare[self._bare_key(n)].add(code)
        self._next_number: int | None = None  # of the next DVnnnnn code register() gives
        self.lineage = dict(
            con.execute(
                "select former_code, string_agg(merged_code, ', ') from ref.unit_lineage group by 1"
            ).fetchall()
        )

    def _full_key(self, label: str) -> str:
        return strip_prefixes(fold(label), ())

    def _bare_key(self, label: str) -> str:
        return strip_prefixes(fold(label), self.all_prefixes)

    def kind_of_label(self, label: str) -> str | None:
        key = strip_prefixes(fold(label), ())
        for kind, prefixes in self.prefixes.items():
            if any(key.startswith(p + " ") for p in prefixes):
                return kind
        return None

    def match(self, label: str, code: str | None = None, area: str | None = None) -> Match:
        """The unit a file names; `area` (a district column or the sheet's name) tells apart units
        of one name in different districts, by the registry's parent unit."""
        if code and code in self.units:
            return self._found(code, "mã đơn vị")
        if code:
            return Match(None, problem=f"Mã đơn vị «{code}» không có trong danh mục")
        candidates = self.full.get(self._full_key(label), set())
        how = "tên"
        if len(candidates) != 1:
            candidates = self.bare.get(self._bare_key(label), set())
            how = "tên (bỏ tiền tố, không phân biệt hoa thường, dấu)"
            kind = self.kind_of_label(label)
            if kind and len(candidates) > 1:
                candidates = {c for c in candidates if self.units[c].kind == kind} or candidates
        valid = {c for c in candidates if self.units[c].valid}
        if len(valid) > 1:  # tell apart by accents: 'Tân Hòa' vs 'Tấn Hòa'
            wanted = strip_prefixes(accent_key(label), self.accent_prefixes)
            exact = {
                c
                for c in valid
                if any(
                    strip_prefixes(accent_key(n), self.accent_prefixes) == wanted
                    for n in self.names[c]
                )
            }
            valid = exact or valid
            how = "tên có dấu"
        if len(valid) > 1 and area:
            within = {c for c in valid if self.parent.get(c) == self._bare_key(area)}
            valid, how = (within, f"{how}, trong {area}") if within else (valid, how)
        if len(valid) == 1:
            return self._found(valid.pop(), how)
        if len(valid) > 1:
            names = ", ".join(sorted(f"{self.units[c].name} ({c})" for c in valid))
            return Match(None, problem=f"Tên đơn vị «{label}» khớp nhiều đơn vị: {names}")
        if candidates:
            code = sorted(candidates)[0]
            merged = self.lineage.get(code)
            into = f", đã sáp nhập vào {merged}" if merged else ""
            return Match(
                None, problem=f"Đơn vị «{label}» ({code}) không còn hiệu lực năm {self.year}{into}"
            )
        return Match(None, problem=f"Không có đơn vị «{label}» trong danh mục", unknown=True)

    def _found(self, code: str, how: str) -> Match:
        return Match(code, self.units[code].name, how)

    def kind(self, code: str) -> str:
        return self.units[code].kind

    def register(self, label: str, default_kind: str, code: str | None = None) -> Unit:
        """A new unit for a name the registry lacks (--new-units), under the file's own code when it
        gives one, else coded DVnnnnn after the highest such code; not stored until the load."""
        kind = self.kind_of_label(label) or default_kind
        name = clean(label)
        for p in ("UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân "):
            if name.lower().startswith(p.lower()):
                name = name[len(p) :]
                name = name[:1].upper() + name[1:]  # «UBND xã Sơn Đồng» -> «Xã Sơn Đồng»
        if code is None:
            if (
                self._next_number is None
            ):  # the registry is scanned once per load, not once per new unit
                self._next_number = 1 + max(
                    (int(c[2:]) for c in self.units if c.startswith("DV") and c[2:].isdigit()),
                    default=0,
                )
            code = f"DV{self._next_number:05d}"
            self._next_number += 1
        unit = Unit(code, name, kind, True)
        self.units[unit.code] = unit
        self.names[unit.code] = [name]
        self.full[self._full_key(name)].add(unit.code)
        self.bare[self._bare_key(name)].add(unit.code)
        return unit


def most_common_kind(kinds: list[str]) -> str:
    return Counter(kinds).most_common(1)[0][0] if kinds else "commune"
