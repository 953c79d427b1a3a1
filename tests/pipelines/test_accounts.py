"""Accounts: hashed in a file kept out of git; the demo accounts only on the demo database."""

import subprocess
import sys

from pipelines import accounts, db


def test_demo_accounts_exist_only_on_the_demo_database(demo_db, db_path):
    demo = db.connect(demo_db)
    assert accounts.verify(demo, "noivu", "noivu") == accounts.Account("noivu", "noivu")
    assert accounts.verify(demo, "lanhdao", "lanhdao").role == "lanhdao"
    assert accounts.verify(demo, "noivu", "lanhdao") is None
    demo.close()
    real = db.connect(db_path)
    assert accounts.verify(real, "noivu", "noivu") is None
    real.close()


def test_users_add_stores_only_a_bcrypt_hash(db_path, tmp_path, monkeypatch):
    auth = tmp_path / "auth.toml"
    monkeypatch.setenv("CCHC_AUTH", str(auth))
    done = subprocess.run([sys.executable, "-m", "pipelines", "--db", str(db_path), "users", "add", "Hoa", "--role", "noivu"],
                          input="mat-khau-dai\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    text = auth.read_text()
    assert "mat-khau-dai" not in text and "$2b$" in text
    con = db.connect(db_path)
    assert accounts.verify(con, "hoa", "mat-khau-dai") == accounts.Account("hoa", "noivu")
    assert accounts.verify(con, "hoa", "sai") is None
    con.close()
