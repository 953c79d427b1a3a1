"""Load time of province- and national-size workbooks against calamine's bare parse and
pandas + openpyxl reading the same file; ranking time for a year of the national set."""

import statistics
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
from python_calamine import CalamineWorkbook

from benchmarks import workbooks
from pipelines import db, reads
from pipelines.loads.scores import check, load_scores

YEAR = 2030
REPEAT = 5


def median_seconds(fn, repeat=REPEAT) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bare_parse(path: Path) -> None:
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()


def openpyxl_read(path: Path) -> None:
    pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")


def our_load(
    tmp: Path, path: Path, framework, unit_rows
) -> tuple[float, duckdb.DuckDBPyConnection]:
    """Median of loads into a fresh database holding the registry (set-up not timed)."""
    times, con = [], None
    for i in range(REPEAT):
        con = db.connect(tmp / f"load_{path.stem}_{i}.duckdb")
        workbooks.seed(con, framework, unit_rows)
        started = time.perf_counter()
        load_scores(con, path, YEAR)
        times.append(time.perf_counter() - started)
        if i < REPEAT - 1:
            con.close()
    return statistics.median(times), con


def report(name: str, path: Path, load_s: float, con) -> None:
    parse_s = median_seconds(lambda: bare_parse(path))
    openpyxl_s = median_seconds(lambda: openpyxl_read(path), repeat=3)
    check_s = median_seconds(lambda: check(con, path, year=YEAR))
    store_s = load_s - check_s
    print(f"\n{name}: {path.stat().st_size / 1024:,.0f} KB")
    print(f"  calamine bare parse                  {parse_s * 1000:7.1f} ms   (baseline)")
    print(
        f"  pandas + openpyxl read               {openpyxl_s * 1000:7.1f} ms   = {openpyxl_s / parse_s:5.2f} × bare parse"
    )
    print(
        f"  cchc read + check (nothing written)  {check_s * 1000:7.1f} ms   = {check_s / parse_s:5.2f} × bare parse,"
        f" {openpyxl_s / check_s:4.1f} × faster than openpyxl"
    )
    print(
        f"  cchc load (read, check, store)       {load_s * 1000:7.1f} ms   = {load_s / parse_s:5.2f} × bare parse,"
        f" {openpyxl_s / load_s:4.1f} × faster than openpyxl   (targets: ≤ 1,5 × parse, ≥ 4 × faster)"
    )
    print(
        f"    of which storing (insert, rebuild the marts that read the scores, run checks, commit): {store_s * 1000:.1f} ms"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        framework = workbooks.big_framework(YEAR)
        province_units = workbooks.units(170)
        detailed = workbooks.detailed_workbook(tmp / "tinh_170x90.xlsx", framework, province_units)
        load_s, con = our_load(tmp, detailed, framework, province_units)
        report(
            f"Province detailed workbook: 170 units × {len(framework.criteria)} criteria",
            detailed,
            load_s,
            con,
        )
        con.close()

        national_units = workbooks.units(3321)
        field_max = [f.max_points for f in framework.fields]
        summary = workbooks.summary_workbook(tmp / "toan_quoc_3321.xlsx", national_units, field_max)
        load_s, con = our_load(tmp, summary, framework, national_units)
        report("National summary workbook: 3,321 units × 8 fields", summary, load_s, con)

        scan_s = median_seconds(
            lambda: con.execute("select * from raw.scores where year = ?", [YEAR]).df(), 10
        )
        rank_s = median_seconds(lambda: reads.ranking(con, YEAR), 10)
        print("\nRanking a year of the national set (3,321 units)")
        print(f"  plain scan of the year's scores  {scan_s * 1000:7.1f} ms   (baseline)")
        print(
            f"  cchc ranking with fields         {rank_s * 1000:7.1f} ms   = {rank_s / scan_s:5.2f} × the scan   (target < 100 ms)"
        )
        con.close()


if __name__ == "__main__":
    main()
