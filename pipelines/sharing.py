"""How several processes share one database file. DuckDB lets one process write a file and no
other process read it meanwhile, so: writers (the CLI, the dashboard's upload and settings pages)
take a lock of ours, open the file only for their write, and when they close it publish a copy of
it, a snapshot; readers (every page, every read command) open the newest snapshot read-only and
are never blocked. A second writer waits for the first (up to WAIT seconds), then proceeds or says
who holds the lock.

Next to `cchc.duckdb`: `cchc.duckdb.lock` (who writes now) and `cchc.duckdb.snapshots/` (the
copies, numbered, and `current`, which names the newest and the state of the file it copied)."""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.problems import InvalidInput, Problem
from pipelines.text import vn_number

if TYPE_CHECKING:
    import duckdb

WAIT = 30.0  # seconds a writer waits for another before giving up
KEEP = 2  # snapshots kept: the newest and the one before, which a reader may be opening


class Busy(InvalidInput):
    """Another writer held the database for longer than a writer waits."""


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _snapshots(path: Path) -> Path:
    return path.with_name(path.name + ".snapshots")


@contextmanager
def locked(
    path: Path, who: str, wait: float | None = None, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the write lock of the database at `path`; while another holds it, say so once
    (`on_wait`, with who holds it) and wait up to `wait` seconds (default WAIT), then refuse."""
    wait = WAIT if wait is None else wait
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(_lock_path(path), "a+", encoding="utf-8") as f:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(
                        [
                            Problem(
                                f"Cơ sở dữ liệu đang bận: {holder(path)}. Đã chờ {vn_number(wait, 1 if wait % 1 else 0)}"
                                " giây; hãy thử lại sau."
                            )
                        ]
                    ) from None
                if on_wait and not told:
                    on_wait(holder(path))
                    told = True
                time.sleep(0.05)
        try:
            f.seek(0)
            f.truncate()
            f.write(f"{who}\t{os.getpid()}\t{dt.datetime.now():%d/%m/%Y %H:%M:%S}")
            f.flush()
            yield
        finally:
            f.seek(0)
            f.truncate()
            f.flush()
            fcntl.flock(f, fcntl.LOCK_UN)


def holder(path: Path) -> str:
    """Who holds the write lock, in words."""
    try:
        who, pid, since = _lock_path(path).read_text(encoding="utf-8").split("\t")
    except (OSError, ValueError):
        return "một lần nạp khác đang ghi"
    return f"{who} đang ghi (tiến trình {pid}, từ {since})"


@contextmanager
def writing(
    path: Path, who: str, wait: float | None = None, on_wait: Callable[[str], None] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one write (or a dry run), under the lock; when it is done the
    file is checkpointed, closed and, if it changed, published for readers."""
    from pipelines import db

    with locked(path, who, wait, on_wait):
        con = db.connect(path)
        try:
            yield con
            con.execute("checkpoint")
        finally:
            con.close()
        current = _current(path)
        if current is None or current[1] != _stamp(path) or not current[0].exists():
            publish(path)


def publish(path: Path) -> Path:
    """Copy the database (closed, checkpointed, under the lock) as the newest snapshot."""
    folder = _snapshots(path)
    folder.mkdir(exist_ok=True)
    numbers = sorted(int(p.stem) for p in folder.glob("*.duckdb") if p.stem.isdigit())
    number = (numbers[-1] if numbers else 0) + 1
    target = folder / f"{number:08d}.duckdb"
    partial = folder / "copy.partial"
    shutil.copyfile(path, partial)
    os.replace(partial, target)
    (folder / "current.partial").write_text(
        "\t".join(map(str, (target.name, *_stamp(path)))), encoding="utf-8"
    )
    os.replace(folder / "current.partial", folder / "current")
    for old in numbers[: len(numbers) + 1 - KEEP]:
        (folder / f"{old:08d}.duckdb").unlink(missing_ok=True)
    return target


def _stamp(path: Path) -> tuple[int, int, str]:
    """The file's state (mtime, size) and the version of sql/ it is read with: a snapshot taken
    before an upgrade lacks the new migrations and views, so it is taken again (migrated)."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size, _sql_version()


@functools.cache
def _sql_version() -> str:
    from pipelines import db

    digest = hashlib.sha256()
    for sql in sorted(db.SQL_DIR.rglob("*.sql")):
        digest.update(sql.relative_to(db.SQL_DIR).as_posix().encode() + b"\0" + sql.read_bytes())
    return digest.hexdigest()[:16]


def _current(path: Path) -> tuple[Path, tuple[int, int, str]] | None:
    """The newest snapshot and the _stamp of the file it copied, or None."""
    folder = _snapshots(path)
    try:
        name, mtime, size, version = (folder / "current").read_text(encoding="utf-8").split("\t")
    except (OSError, ValueError):
        return None
    return folder / name, (int(mtime), int(size), version)


def snapshot(path: Path) -> Path:
    """The newest snapshot for readers. When the file changed since it was taken (written by
    something that published nothing, such as an older version) or there is none yet, one is
    published first; unless a writer holds the lock: it publishes when done, and meanwhile the
    last snapshot is what readers see (they never wait for a writer, unless there is none)."""
    current = _current(path)
    if current is not None and path.exists() and current[1] == _stamp(path) and current[0].exists():
        return current[0]
    try:
        with writing(path, "một lần đọc (chụp bản đọc)", wait=0 if current else None):
            pass
    except Busy:
        if current is None or not current[0].exists():
            raise
        return current[0]
    return _current(path)[0]


def reading(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection on the newest snapshot."""
    import duckdb

    for _ in range(
        3
    ):  # a snapshot can be removed between naming and opening it: take the newer one
        try:
            return duckdb.connect(str(snapshot(path)), read_only=True)
        except duckdb.IOException:
            continue
    return duckdb.connect(str(snapshot(path)), read_only=True)
