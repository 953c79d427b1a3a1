"""Accounts: argon2 hashes in a file kept out of git, written whole and readable only by its owner;
old bcrypt hashes still work and are rehashed; names checked; failed logins throttled; an unknown
name answered like a wrong password; the demo accounts only on the untouched demo database."""

import os
import stat
import subprocess
import sys
import time

import bcrypt
import pytest

from pipelines import accounts, db, reads


@pytest.fixture
def auth():
    """This test's own account file (tests/conftest.py: own_accounts)."""
    from pathlib import Path

    return Path(os.environ["CCHC_AUTH"])


def add_by_cli(db_path, name, password, role="noivu"):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines",
            "--db",
            str(db_path),
            "users",
            "add",
            name,
            "--role",
            role,
        ],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_demo_accounts_exist_only_on_the_untouched_demo_database(demo_db, db_path, auth, tmp_path):
    demo = db.connect(demo_db)
    assert accounts.verify(demo, "noivu", "noivu") == accounts.Account("noivu", "noivu")
    assert accounts.verify(demo, "lanhdao", "lanhdao").role == "lanhdao"
    assert accounts.verify(demo, "noivu", "lanhdao") is None
    accounts.add("hoa", "noivu", "mat-khau-dai")  # the first real account ends them
    assert accounts.verify(demo, "noivu", "noivu") is None and accounts.verify(
        demo, "hoa", "mat-khau-dai"
    )
    demo.close()
    real = db.connect(db_path)
    assert accounts.verify(real, "noivu", "noivu") is None
    real.close()


def test_a_real_upload_ends_the_demo_accounts(tmp_path, auth):
    from pipelines import demo
    from pipelines.loads.scores import load_scores
    from tests.files import GOOD, summary_xlsx

    path = tmp_path / "cchc.duckdb"
    demo.build(path)
    con = db.connect(path)
    assert accounts.is_demo(
        con
    )  # the demo's own loads, its example framework among them, are no real upload
    history = reads.uploads(con)
    assert history.query("upload_kind == 'framework'")[
        ["file_name", "uploaded_by"]
    ].values.tolist() == [["example_commune.toml", "demo"]]
    assert set(history["sha256"]) == {"demo"}
    name = con.execute(
        "select unit_name from ref.units where kind = 'commune' and valid_to is null limit 1"
    ).fetchone()[0]
    load_scores(con, summary_xlsx(tmp_path / "that.xlsx", [(name, GOOD)], year=2025), 2025)
    assert not accounts.is_demo(con) and accounts.verify(con, "noivu", "noivu") is None
    con.close()


def test_a_framework_loaded_on_the_demo_ends_the_demo_accounts(demo_db, tmp_path, auth):
    """Loading a framework (or a unit registry) is a real load, in the history like a score upload:
    the demo is no longer untouched, even when it is the example framework again."""
    import shutil

    path = tmp_path / "cchc.duckdb"
    shutil.copy(demo_db, path)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines",
            "--db",
            str(path),
            "framework",
            "load",
            "--example",
            "--by",
            "hoa",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    con = db.connect(path)
    assert not accounts.is_demo(con)
    con.close()


def test_users_add_stores_an_argon2_hash_in_a_private_file(db_path, auth):
    done = add_by_cli(db_path, "Hoa", "mat-khau-dai")
    assert done.returncode == 0, done.stderr
    text = auth.read_text()
    assert "mat-khau-dai" not in text and "$argon2id$" in text
    assert stat.S_IMODE(os.stat(auth).st_mode) == 0o600
    assert [p.name for p in auth.parent.iterdir() if p.name.endswith(".tmp")] == []
    con = db.connect(db_path)
    assert accounts.verify(con, "hoa", "mat-khau-dai") == accounts.Account("hoa", "noivu")
    assert accounts.verify(con, "hoa", "sai") is None
    con.close()


def test_a_quote_in_a_name_is_refused_and_every_login_still_works(db_path, auth):
    assert add_by_cli(db_path, "hoa", "mat-khau-dai").returncode == 0
    done = add_by_cli(db_path, 'a"b', "mat-khau-dai")
    assert done.returncode == 2 and 'Tên đăng nhập «a"b» không hợp lệ' in done.stderr
    short = add_by_cli(db_path, "lan", "ngan")
    assert short.returncode == 2 and "Mật khẩu cần từ 8" in short.stderr
    con = db.connect(db_path)
    assert accounts.verify(con, "hoa", "mat-khau-dai")  # the file is still valid TOML
    con.close()


def test_a_long_vietnamese_passphrase_works(db_path, auth):
    phrase = "Cải cách hành chính là nhiệm vụ trọng tâm của cả hệ thống chính trị"  # 67 characters, 90 bytes
    accounts.add("lan", "lanhdao", phrase)
    con = db.connect(db_path)
    assert accounts.verify(con, "lan", phrase) == accounts.Account("lan", "lanhdao")
    assert accounts.verify(con, "lan", phrase[:-1]) is None
    assert accounts.verify(con, "ai-do", "x" * 5000) is None  # no length makes it fail loudly
    con.close()


def test_an_old_bcrypt_hash_still_verifies_and_is_rehashed(db_path, auth):
    old = bcrypt.hashpw(b"mat-khau-cu", bcrypt.gensalt(4)).decode()
    auth.write_text(f'[users.cu]\nrole = "noivu"\nhash = "{old}"\n', encoding="utf-8")
    con = db.connect(db_path)
    assert accounts.verify(con, "cu", "sai-roi") is None and "$2b$" in auth.read_text()
    assert accounts.verify(con, "cu", "mat-khau-cu") == accounts.Account("cu", "noivu")
    assert "$argon2id$" in auth.read_text() and "$2b$" not in auth.read_text()
    assert accounts.verify(con, "cu", "mat-khau-cu")
    con.close()


def test_failures_lock_a_name_and_a_client_then_longer(db_path, auth):
    accounts.add("hoa", "noivu", "mat-khau-dai")
    now = [0.0]
    throttle = accounts.Throttle(clock=lambda: now[0])
    con = db.connect(db_path)
    for _ in range(accounts.FAILURES_ALLOWED):
        with pytest.raises(accounts.Refused, match="Sai tên đăng nhập hoặc mật khẩu"):
            accounts.log_in(con, "hoa", "sai", "10.0.0.5", throttle)
    with pytest.raises(
        accounts.Refused, match="thử lại sau 30 giây"
    ):  # even the right password waits
        accounts.log_in(con, "hoa", "mat-khau-dai", "10.0.0.9", throttle)
    with pytest.raises(accounts.Refused, match="thử lại sau 30 giây"):  # that client, another name
        accounts.log_in(con, "lan", "x", "10.0.0.5", throttle)
    now[0] = 30.0
    with pytest.raises(accounts.Refused, match="Sai tên"):
        accounts.log_in(con, "hoa", "sai", "10.0.0.9", throttle)
    with pytest.raises(accounts.Refused, match="thử lại sau 60 giây"):
        accounts.log_in(con, "hoa", "mat-khau-dai", "10.0.0.9", throttle)
    now[0] = 90.0
    assert accounts.log_in(con, "hoa", "mat-khau-dai", "10.0.0.9", throttle).role == "noivu"
    assert throttle.wait("name:hoa") == 0
    con.close()


def test_an_unknown_name_is_answered_like_a_wrong_password(db_path, auth):
    accounts.add("hoa", "noivu", "mat-khau-dai")
    con = db.connect(db_path)
    throttle = accounts.Throttle()
    answers, times = {}, {}
    for name in ("hoa", "khong-co"):
        start = time.perf_counter()
        with pytest.raises(accounts.Refused) as e:
            accounts.log_in(con, name, "sai-mat-khau" + "x" * 70, "", throttle)
        times[name], answers[name] = time.perf_counter() - start, str(e.value)
    con.close()
    assert answers["hoa"] == answers["khong-co"]
    # both run one argon2 verification (hundreds of ms); before, an unknown name took 0,6 ms
    assert times["khong-co"] > times["hoa"] / 3, times
