"""Several processes on one database, as at the office: the dashboard serving, Nội vụ loading from
the terminal, two writes at once. Each holder here is a real other process."""

import subprocess
import sys
import textwrap

import pytest

from pipelines import cli, db, sharing


@pytest.fixture
def shared(db_path):
    with sharing.writing(db_path, "thiết lập"):  # a first snapshot, as `cchc serve` takes
        pass
    return db_path


def hold(path, who: str, sql: str = "", seconds: float = 60):
    """Another process that takes the write lock (and runs `sql`, uncommitted) until killed or
    `seconds` have passed; returns once it holds the lock."""
    code = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from pipelines import sharing
        with sharing.writing(Path({str(path)!r}), {who!r}) as con:
            con.execute("begin")
            {f"con.execute({sql!r})" if sql else "pass"}
            print("held", flush=True)
            time.sleep({seconds})
            con.execute("commit")
        print("released", flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_writer_waits_for_the_first_then_proceeds(shared, capsys):
    holder = hold(shared, "Nguyễn Hoa (tải bảng điểm)", seconds=2)
    try:
        assert cli.main(["--db", str(shared), "settings", "set", "signer_name", "Trần Bình"]) == 0
        err = capsys.readouterr().err
        assert "Đang chờ lần nạp khác (Nguyễn Hoa (tải bảng điểm) đang ghi" in err
        assert holder.wait(timeout=30) == 0 and holder.stdout.read().strip() == "released"
    finally:
        holder.kill()
    con = sharing.reading(shared)
    assert con.execute("select value from meta.settings where key = 'signer_name'").fetchone() == (
        "Trần Bình",
    )


def test_a_writer_that_waited_too_long_says_who_holds_the_lock_and_changes_nothing(shared):
    holder = hold(shared, "noivu (bảng điều khiển)")
    try:
        with (
            pytest.raises(sharing.Busy) as refused,
            sharing.writing(shared, "cli", wait=0.5) as con,
        ):
            con.execute("insert into meta.settings values ('signer_name', 'Không được ghi')")
        said = str(refused.value.problems[0])
        assert said.startswith(
            "Cơ sở dữ liệu đang bận: noivu (bảng điều khiển) đang ghi (tiến trình "
        )
        assert said.endswith(". Đã chờ 0,5 giây; hãy thử lại sau.")
    finally:
        holder.kill()
        holder.wait()
    assert sharing.reading(shared).execute(
        "select count(*) from meta.settings where key = 'signer_name'"
    ).fetchone() == (0,)


def test_readers_never_wait_for_a_writer_and_see_what_it_committed_after(shared, capsys):
    holder = hold(
        shared,
        "noivu",
        "insert into meta.settings values ('signer_name', 'Lê Văn Chung')",
        seconds=3,
    )
    try:  # while the other process writes: the last committed state, at once
        assert cli.main(["--db", str(shared), "settings", "list"]) == 0
        assert "Lê Văn Chung" not in capsys.readouterr().out
        assert holder.wait(timeout=30) == 0
    finally:
        holder.kill()
    assert cli.main(["--db", str(shared), "settings", "list"]) == 0
    assert "Lê Văn Chung" in capsys.readouterr().out


def test_a_database_written_by_something_else_is_published_before_it_is_read(shared):
    con = db.connect(shared)  # not through sharing: e.g. an older version of the product
    con.execute("insert into meta.settings values ('signer_name', 'Phạm Dũng')")
    con.close()
    assert sharing.reading(shared).execute(
        "select value from meta.settings where key = 'signer_name'"
    ).fetchone() == ("Phạm Dũng",)


def test_previews_use_no_upload_number_up(shared, tmp_path, capsys):
    from tests.files import summary_xlsx

    path = summary_xlsx(
        tmp_path / "bang_diem_2024.xlsx", [("Xã An Bình", [9, 7, 14, 6, 9, 7, 13, 30])], year=2024
    )
    for _ in range(3):
        assert (
            cli.main(
                ["--db", str(shared), "scores", "load", str(path), "--year", "2024", "--dry-run"]
            )
            == 0
        )
    assert cli.main(["--db", str(shared), "scores", "load", str(path), "--year", "2024"]) == 0
    assert cli.main(["--db", str(shared), "scores", "load", str(path), "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "(lần tải #1)" in out and "(lần tải #2)" in out, out


def test_a_snapshot_taken_with_other_sql_is_taken_again_before_it_is_read(shared):
    """After an upgrade (new migrations, views), readers must not read a copy made before it."""
    before = sharing.snapshot(shared)
    current = before.parent / "current"
    name, mtime, size, _ = current.read_text(encoding="utf-8").split("\t")
    current.write_text("\t".join([name, mtime, size, "phien-ban-cu"]), encoding="utf-8")
    after = sharing.snapshot(shared)
    assert after != before and after.name > before.name
    assert sharing.snapshot(shared) == after
