"""Who may do what: accounts with bcrypt-hashed passwords in a TOML file kept out of git
(`CCHC_AUTH`, default data/auth.toml), plus the two demo accounts, which exist only while the
database is the demo one."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import bcrypt

from pipelines.settings import PROJECT_DIR

if TYPE_CHECKING:  # the CLI reads ROLES for --help, which needs no database
    import duckdb

ROLES = {"lanhdao": "Lãnh đạo", "noivu": "Nội vụ"}
# lanhdao / lanhdao and noivu / noivu, as written in the README; demo database only
DEMO_ACCOUNTS = {
    "lanhdao": ("lanhdao", "$2b$12$7dBPldIemVXHhl7Ju6oNgubSd1BT3I.C6wyiev1Hf32OKKqnKck.i"),
    "noivu": ("noivu", "$2b$12$Bw4xMOqUNyXTITeoyd5Us.sOQ7AI8a/XL9LdynqHJ3atX3SyKxk4u"),
}


@dataclass(frozen=True)
class Account:
    name: str
    role: str


def auth_path() -> Path:
    return Path(os.environ.get("CCHC_AUTH") or PROJECT_DIR / "data" / "auth.toml")


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("select count(*) from meta.settings where key = 'demo' and value = '1'").fetchone()[0] == 1


def _accounts(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    accounts = dict(DEMO_ACCOUNTS) if is_demo(con) else {}
    path = auth_path()
    if path.exists():
        users = tomllib.loads(path.read_text(encoding="utf-8")).get("users", {})
        accounts.update({name: (u["role"], u["hash"]) for name, u in users.items()})
    return accounts


def verify(con: duckdb.DuckDBPyConnection, name: str, password: str) -> Account | None:
    found = _accounts(con).get(name.strip().lower())
    if found and bcrypt.checkpw(password.encode("utf-8"), found[1].encode("ascii")):
        return Account(name.strip().lower(), found[0])
    return None


def add(name: str, role: str, password: str) -> Path:
    """Add or replace an account in the auth file; only the hash is written."""
    if role not in ROLES:
        raise ValueError(f"vai trò phải là một trong: {', '.join(ROLES)}")
    path = auth_path()
    users = tomllib.loads(path.read_text(encoding="utf-8")).get("users", {}) if path.exists() else {}
    users[name.strip().lower()] = {"role": role, "hash": bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f'[users."{n}"]\nrole = "{u["role"]}"\nhash = "{u["hash"]}"\n\n' for n, u in users.items()),
                    encoding="utf-8")
    path.chmod(0o600)
    return path
