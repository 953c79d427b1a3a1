"""Whole processes, as a user runs them: `cchc` commands timed from process start to exit
(start, imports, parse, check, store, marts, commit) against baselines run in their own
processes in the same run. Each figure is the median wall time of a few runs, the runs of all
measurements interleaved so that the machine's drift falls on all of them alike.

    python -m benchmarks.processes [--repeat N]

The national file states its maxima in its header, so the loader infers the framework from it:
the year is one no framework covers, whatever `cchc init` installs (checked in the output).
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import workbooks

YEAR = 2040  # the year re-loaded; the five-year database holds YEAR - 4 … YEAR
FIELD_MAX = [9, 7, 14, 6, 9, 7, 13, 35]
BIN = Path(sys.executable).parent
CCHC = str(BIN / "cchc")
PANDAS_READ = "import sys, pandas; pandas.read_excel(sys.argv[1], engine='openpyxl')"


def run(cmd: list[str], expect: str | None = None) -> tuple[float, float]:
    """Wall and CPU time (user + system, all threads) of one process; it must succeed (and
    print `expect`). CPU time is the steadier figure on a busy machine; wall time is what a
    user waits."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0 or (expect and expect not in done.stdout):
        raise SystemExit(
            f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def load(db: Path, file: Path, year: int, new_units: bool = False) -> list[str]:
    return [
        CCHC,
        "--db",
        str(db),
        "scores",
        "load",
        str(file),
        "--year",
        str(year),
        *(["--new-units"] if new_units else []),
    ]


def fresh_copy(template: Path, tmp: Path, prefix: str = "run") -> Path:
    """A copy of a database as a run finds it (each run writes, so each gets its own)."""
    path = tmp / f"{prefix}_{time.monotonic_ns()}.duckdb"
    shutil.copyfile(template, path)
    return path


def setup(tmp: Path, file: Path) -> dict[str, Path]:
    """Databases as each measurement starts from: initialised and empty; holding the file's
    year; holding five years of it."""
    empty = tmp / "empty.duckdb"
    run([CCHC, "--db", str(empty), "init"])
    one = fresh_copy(empty, tmp, "one")
    run(load(one, file, YEAR, new_units=True), expect="suy ra từ tệp")
    five = fresh_copy(empty, tmp, "five")
    run(load(five, file, YEAR - 4, new_units=True), expect="suy ra từ tệp")
    for year in range(YEAR - 3, YEAR + 1):
        run(load(five, file, year))
    return {"empty": empty, "one": one, "five": five}


def measurements(tmp: Path, file: Path, dbs: dict[str, Path]) -> dict[str, callable]:
    py = sys.executable
    return {
        "pandas": lambda: run([py, "-c", PANDAS_READ, str(file)]),
        "init": lambda: run([CCHC, "--db", str(tmp / f"run_{time.monotonic_ns()}.duckdb"), "init"]),
        "first": lambda: run(
            load(fresh_copy(dbs["empty"], tmp), file, YEAR, new_units=True), expect="suy ra từ tệp"
        ),
        "reload1": lambda: run(load(fresh_copy(dbs["one"], tmp), file, YEAR)),
        "reload5": lambda: run(load(fresh_copy(dbs["five"], tmp), file, YEAR)),
        "duckdb": lambda: run([py, "-c", "import duckdb"]),
        "help": lambda: run([CCHC, "--help"]),
        "ranking": lambda: run([CCHC, "--db", str(dbs["five"]), "ranking", "--year", str(YEAR)]),
    }


def bytecode_note() -> str:
    import pandas

    import pipelines

    site = any(Path(pandas.__file__).parent.glob("__pycache__/*.pyc"))
    own = any(Path(pipelines.__file__).parent.glob("__pycache__/*.pyc"))
    return f"compiled bytecode: site-packages {'yes' if site else 'NO'}, pipelines {'yes' if own else 'NO'}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        file = workbooks.summary_workbook(
            tmp / "toan_quoc_3321.xlsx", workbooks.units(3321), FIELD_MAX
        )
        size_kb = file.stat().st_size / 1024
        dbs = setup(tmp, file)
        timed = measurements(tmp, file, dbs)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in timed}
        for _ in range(args.repeat):
            for name, fn in timed.items():
                runs[name].append(fn())
            for path in tmp.glob("run_*.duckdb*"):
                path.unlink()
    wall = {name: statistics.median(w for w, _ in rs) for name, rs in runs.items()}
    cpu = {name: statistics.median(c for _, c in rs) for name, rs in runs.items()}

    def row(label: str, name: str, base: str | None = None, note: str = "") -> None:
        ratios = (
            f"{wall[name] / wall[base]:5.2f} ×  {cpu[name] / cpu[base]:5.2f} ×"
            if base
            else f"{'baseline':>17}"
        )
        print(f"  {label:<56} {wall[name]:6.2f} s  {cpu[name]:6.2f} s   {ratios}  {note}")

    print(
        f"\nWhole processes, median of {args.repeat} interleaved runs, each its own process ({bytecode_note()};"
        f" {os.cpu_count()} cores)"
    )
    print(
        f"National summary workbook: 3,321 units × 8 fields, maxima in the header, {size_kb:,.0f} KB"
    )
    print(f"  {'':<56} {'wall':>8}  {'CPU':>8}   {'÷ wall':>7}  {'÷ CPU':>7}")
    row("python -c 'pandas.read_excel(FILE, engine=\"openpyxl\")'", "pandas")
    row("cchc init (empty database)", "init", "pandas")
    row(
        "cchc scores load --new-units: first load, empty db",
        "first",
        "pandas",
        "target ≤ 1,0, aim ≤ 0,5",
    )
    row(
        "cchc scores load: re-load (known units), 1 year stored",
        "reload1",
        "pandas",
        "target ≤ 1,0, aim ≤ 0,5",
    )
    row("cchc scores load: re-load, 5 years stored", "reload5", "pandas")
    row("  the same, ÷ the re-load into 1 year", "reload5", "reload1", "aim ≤ 1,1")
    print("Commands")
    row("python -c 'import duckdb'", "duckdb")
    row("cchc --help", "help", "duckdb")
    row("cchc ranking --year Y (3,321 units, 5 years stored)", "ranking", "duckdb")


if __name__ == "__main__":
    main()
