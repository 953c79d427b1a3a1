"""Loading a national survey: 1,000,000 forms about 3,321 units (a CSV as an online form exports
it) and recomputing every index, against pandas reading the same file (the baseline).

    python -m benchmarks.survey [--forms N]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv

from benchmarks import workbooks
from pipelines import db, frameworks, survey_definitions
from pipelines.loads.surveys import check_responses, load_responses

YEAR = 2024
GROUPS = ("ND", "TC", "CB")


def responses_csv(path: Path, n_forms: int, unit_rows, definition) -> Path:
    """n_forms forms spread over the units; each group answers its questions, a few skip one."""
    gen = np.random.default_rng(5)
    units = np.array([name for _, name, _ in unit_rows], dtype=object)
    groups = np.array(GROUPS, dtype=object)[gen.choice(3, n_forms, p=[0.6, 0.25, 0.15])]
    columns = {
        "Mã phiếu": [f"P{i:07d}" for i in range(1, n_forms + 1)],
        "Đơn vị": units[gen.integers(0, len(units), n_forms)],
        "Nhóm": groups,
    }
    for q in definition.questions:
        codes = np.array([o.code for o in definition.scales[q.scale]], dtype=object)
        answers = codes[gen.integers(0, len(codes), n_forms)]
        answers[~np.isin(groups, definition.answers_of(q)) | (gen.random(n_forms) < 0.03)] = None
        columns[q.code] = answers
    table = pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()})
    pyarrow.csv.write_csv(table, path)
    return path


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def recompute(con) -> None:
    """Rebuild every mart as a write does, then leave the database as it was."""
    con.execute("begin")
    db.refresh(con)
    con.execute("rollback")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        unit_rows = workbooks.units(3321)
        definition = survey_definitions.read_toml(survey_definitions.EXAMPLE_SURVEY)
        path = responses_csv(tmp / "phieu.csv", args.forms, unit_rows, definition)

        def fresh(i: int):
            con = db.connect(tmp / f"survey_{i}.duckdb")
            workbooks.seed(con, None, unit_rows)
            with db.write(con):
                frameworks.load_example(con)
                survey_definitions.load_example(con)
            return con

        pandas_s = statistics.median(timed(lambda: pd.read_csv(path)) for _ in range(args.repeat))
        loads, checks, writes = [], [], []
        for i in range(args.repeat):
            con = fresh(i)
            checks.append(timed(lambda con=con: check_responses(con, path, YEAR)))
            loads.append(timed(lambda con=con: load_responses(con, path, YEAR)))
            writes.append(timed(lambda con=con: recompute(con)))
            con.close()
        load_s, check_s, refresh_s = (statistics.median(x) for x in (loads, checks, writes))
        print(
            f"\nSurvey responses: {args.forms:,} forms about {len(unit_rows):,} units, "
            f"{path.stat().st_size / 2**20:,.1f} MB CSV, {len(definition.questions)} questions"
        )
        print(f"  pandas.read_csv                            {pandas_s:7.2f} s   (baseline)")
        print(
            f"  cchc read + check (nothing written)        {check_s:7.2f} s   = {check_s / pandas_s:5.2f} × pandas"
        )
        print(
            f"  cchc load: read, check, store, recompute   {load_s:7.2f} s   = {load_s / pandas_s:5.2f} × pandas"
        )
        print(
            f"    recomputing every mart once the forms are in (survey points, CI, index, ranks):"
            f" {refresh_s:.2f} s = {refresh_s / pandas_s:.2f} × pandas"
        )


if __name__ == "__main__":
    main()
