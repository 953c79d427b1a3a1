"""Each dashboard page's server-side run (AppTest) on the demo database and on a national-size
one (3,321 units, 5 years), with the peak memory of the process. `make bench`."""

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from pipelines import db, demo, frameworks
from pipelines.accounts import Account
from pipelines.loads.scores import rows_table, store_rows

APP = Path(__file__).resolve().parents[1] / "dashboard" / "streamlit_app.py"
PAGES = ["overview", "rankings", "fields", "unit", "flags", "commitments", "login", "upload"]


def national_db(path: Path, units: int = 3321) -> Path:
    """3,321 communes and wards scored 2021–2025 with the example framework, like the demo."""
    rng = random.Random(3321)
    rows = [
        (
            f"N{i:05d}",
            f"{'Xã' if i % 5 else 'Phường'} Số {i}",
            "commune" if i % 5 else "ward",
            None,
            2021,
            None,
        )
        for i in range(1, units + 1)
    ]
    quality = {r[0]: min(0.97, max(0.55, rng.gauss(0.83, 0.06))) for r in rows}
    con = db.connect(path)
    with db.write(con):
        framework = frameworks.load_example(con)
        con.executemany("insert into ref.units values (?, ?, ?, ?, ?, ?)", rows)
        con.execute("insert into meta.settings values ('demo', '1')")
        for year in demo.YEARS:
            scores = demo._scores(rng, framework, rows, quality, year)
            (upload_id,) = con.execute(
                "insert into meta.uploads (file_name, sha256, upload_kind, year, row_count, uploaded_by)"
                " values (?, 'bench', 'scores', ?, ?, 'bench') returning upload_id",
                [f"toan-quoc-{year}.xlsx", year, len(scores)],
            ).fetchone()
            store_rows(con, upload_id, year, framework.code, rows_table(scores))
    con.close()
    return path


def time_pages(path: Path, repeat: int = 3) -> dict[str, float]:
    os.environ["CCHC_DB"] = str(path)
    from dashboard import state

    state._connection.clear()
    times = {}
    for page in PAGES:
        runs = []
        for _ in range(repeat):
            at = AppTest.from_file(str(APP), default_timeout=120)
            at.session_state["account"] = Account("noivu", "noivu")
            at.run()
            started = time.perf_counter()
            at.switch_page(f"app_pages/{page}.py").run()
            runs.append(time.perf_counter() - started)
            if at.exception:
                raise RuntimeError(f"{page}: {at.exception}")
        times[page] = statistics.median(runs)
    return times


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    line = next(
        text
        for text in Path("/proc/self/status").read_text().splitlines()
        if text.startswith("VmHWM:")
    )
    return int(line.split()[1]) / 1024


def measure(path: str) -> None:
    """In a process of its own: page times and this process's peak memory, as JSON."""
    times = time_pages(Path(path))
    print(json.dumps({"times": times, "peak_mb": peak_mb()}))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        province = Path(tmp) / "demo.duckdb"
        demo.build(province)
        started = time.perf_counter()
        national = national_db(Path(tmp) / "national.duckdb")
        print(f"\nNational-size database built in {time.perf_counter() - started:.1f} s")
        results = {}
        for name, path in (("province", province), ("national", national)):
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.pages", str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            results[name] = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        "\nPage run on the server (AppTest, median of 3)   demo province   national (3,321 units × 5 years)"
    )
    for page in PAGES:
        print(
            f"  {page:10s}                                 {results['province']['times'][page] * 1000:8.0f} ms   "
            f"{results['national']['times'][page] * 1000:8.0f} ms"
        )
    print("  targets                                        < 1 000 ms      < 3 000 ms")
    print(
        f"  peak memory of the server process            {results['province']['peak_mb']:8.0f} MB   "
        f"{results['national']['peak_mb']:8.0f} MB   (target < 500 MB)"
    )


if __name__ == "__main__":
    measure(sys.argv[1]) if len(sys.argv) > 1 else main()
