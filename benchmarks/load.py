"""Load test (#12 §3): `cchc serve` on a copy of the demo database; N viewer sessions keep loading
the dashboard's pages for D seconds while one Nội vụ session, in a real Chromium, uploads and
confirms a score table; then every viewer must see the new figure. Page times under load against
one viewer alone, measured in the same run. Viewers are websocket clients speaking Streamlit's
protocol (benchmarks/session.py): a page is a rerun request, its time is until script_finished.

    uv run python -m benchmarks.load [--sessions 20] [--duration 60] [--alone 20] [--demo PATH] [--json]
"""

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.serving import CHROMIUM_ARGS, serve
from benchmarks.session import Run, Session
from dashboard.labels import PAGE_ERROR

PAGES = ["overview", "rankings", "fields", "unit", "flags", "survey", "compare"]
FIGURE = "Chỉ số trung bình"  # Tổng quan's metric: the full marks uploaded raise it
NOIVU = ("noivu", "mat-khau-tai-thu")


@dataclass
class Result:
    sessions: int
    seconds: float
    alone: list[float] = field(default_factory=list)
    loaded: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    figure_before: str = ""
    figure_after: str = ""
    upload_seconds: float = 0.0
    stale: int = 0  # viewers still showing the figure of before the upload

    def ok(self) -> bool:
        return (
            not self.errors
            and self.stale == 0
            and self.figure_after not in ("", self.figure_before)
        )


def problems(run: Run, page: str) -> list[str]:
    """What makes a page run an error for its user: an exception element, our error page, no finish."""
    found = [f"{page}: {e}" for e in run.exceptions]
    found += [f"{page}: trang lỗi" for t in run.texts if t == PAGE_ERROR]
    return found + ([] if run.finished else [f"{page}: không chạy xong"])


def figure(run: Run) -> str:
    return run.metrics.get(FIGURE, "")


async def viewer(url: str, until, times: list[float], errors: list[str], start: int = 0) -> Session:
    """One viewer loading the pages in turn until `until()` says stop; the open session."""
    session = await Session.open(url)
    i = start
    while not until():
        page = PAGES[i % len(PAGES)]
        i += 1
        try:
            run = await session.run(page)
        except Exception as e:  # a dropped connection or a timeout is an error the user sees
            errors.append(f"{page}: {type(e).__name__} {e}")
            await session.close()
            session = await Session.open(url)
            continue
        times.append(run.seconds)
        errors += problems(run, page)
    return session


def score_table(db_path: Path, out: Path) -> Path:
    """The two last units of 2025 with full marks in fields 1–7 (field 8 comes from their survey)."""
    from pipelines import db, reads
    from tests.files import summary_xlsx

    con = db.connect(db_path, read_only=True)
    try:
        last_two = reads.ranking(con, 2025, "commune_level")["unit_name"].tolist()[-2:]
    finally:
        con.close()
    return summary_xlsx(out, [(name, [9, 7, 14, 6, 9, 7, 13, 35]) for name in last_two], year=2025)


async def upload(url: str, workbook: Path) -> float:
    """Nội vụ in Chromium: log in, upload, preview, confirm. Seconds from choosing the file to «Đã nạp»."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        page = await browser.new_page(viewport={"width": 1440, "height": 900}, locale="vi-VN")
        page.set_default_timeout(120_000)
        await page.goto(url)
        await page.get_by_role("link", name="Đăng nhập").click()
        await page.get_by_label("Tên đăng nhập").fill(NOIVU[0])
        await page.get_by_label("Mật khẩu").fill(NOIVU[1])
        await page.get_by_role("button", name="Đăng nhập").click()
        await page.get_by_role("link", name="Tải dữ liệu").click()
        await page.get_by_text("Lịch sử tải lên").wait_for()
        start = time.perf_counter()
        await page.locator("input[type=file]").set_input_files(str(workbook))
        await page.get_by_role("button", name="Xác nhận nạp").click()
        await page.get_by_text("Đã nạp (lần tải #").wait_for()
        seconds = time.perf_counter() - start
        await browser.close()
        return seconds


async def measure(url: str, sessions: int, duration: float, alone: float, workbook: Path) -> Result:
    result = Result(sessions, duration)
    # one viewer alone: the baseline, and the figure before the upload
    end = time.monotonic() + alone
    lone = await viewer(url, lambda: time.monotonic() > end, result.alone, result.errors)
    result.figure_before = figure(await lone.run("overview"))
    await lone.close()
    # N viewers for the duration; the upload starts a quarter of the way in
    uploaded = asyncio.Event()
    end = time.monotonic() + duration

    def until() -> bool:
        return time.monotonic() > end and uploaded.is_set()

    async def nội_vụ():
        await asyncio.sleep(duration / 4)
        try:
            result.upload_seconds = await upload(url, workbook)
        except Exception as e:
            result.errors.append(f"tải lên: {type(e).__name__} {e}")
        uploaded.set()

    opened, _ = await asyncio.gather(
        asyncio.gather(
            *(viewer(url, until, result.loaded, result.errors, start=i) for i in range(sessions))
        ),
        nội_vụ(),
    )
    # afterwards every open session must show the new figure; a new session tells what it is
    fresh = await Session.open(url)
    result.figure_after = figure(await fresh.run("overview"))
    await fresh.close()
    for session in opened:
        run = await session.run("overview")
        result.errors += problems(run, "overview")
        result.stale += figure(run) != result.figure_after
        await session.close()
    return result


def run(sessions: int, duration: float, alone: float, demo: Path | None) -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)
        db_path, auth = here / "cchc.duckdb", here / "auth.toml"
        if demo:
            shutil.copy(demo, db_path)
        else:
            subprocess.run(
                [sys.executable, "-m", "pipelines", "--db", str(db_path), "demo"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        os.environ["CCHC_AUTH"] = str(auth)
        from pipelines import accounts

        accounts.add(NOIVU[0], "noivu", NOIVU[1])
        workbook = score_table(db_path, here / "bang_diem_2025.xlsx")
        proc, url = serve(db_path, auth)
        try:
            return asyncio.run(measure(url, sessions, duration, alone, workbook))
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def _stats(times: list[float]) -> tuple[float, float]:
    if len(times) < 2:
        return (times[0], times[0]) if times else (float("nan"), float("nan"))
    return statistics.median(times), statistics.quantiles(times, n=10)[-1]


def report(r: Result) -> str:
    (m1, p1), (mn, pn) = _stats(r.alone), _stats(r.loaded)
    lines = [
        f"Load test: {r.sessions} viewer sessions for {r.seconds:.0f} s, one Nội vụ upload and confirm "
        f"({r.upload_seconds:.1f} s) in Chromium; pages {', '.join(PAGES)}",
        f"  {'':<28} {'median':>8} {'p90':>8} {'pages':>7}",
        f"  {'one viewer alone':<28} {m1:7.2f}s {p1:7.2f}s {len(r.alone):7d}",
        f"  {f'{r.sessions} viewers + upload':<28} {mn:7.2f}s {pn:7.2f}s {len(r.loaded):7d}",
        f"  {'ratio (under load ÷ alone)':<28} {mn / m1:7.1f}× {pn / p1:7.1f}×",
        f"  errors: {len(r.errors)}" + (f" (first: {r.errors[0]})" if r.errors else ""),
        f"  «{FIGURE}» {r.figure_before} → {r.figure_after}; viewers still showing the old figure: "
        f"{r.stale} of {r.sessions}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sessions", type=int, default=20, help="viewer sessions (20)")
    parser.add_argument("--duration", type=float, default=60, help="seconds under load (60)")
    parser.add_argument(
        "--alone", type=float, default=20, help="seconds of one viewer alone, the baseline (20)"
    )
    parser.add_argument(
        "--demo", type=Path, help="a demo database to copy (default: built by `cchc demo`)"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = run(args.sessions, args.duration, args.alone, args.demo)
    print(json.dumps(asdict(result)) if args.json else report(result))
    return 0 if result.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
