"""Who may do what: accounts with argon2-hashed passwords in a TOML file kept out of git
(`CCHC_AUTH`, default data/auth.toml), plus the two demo accounts, which exist only while the
database is the untouched demo (no real upload, no account added). Older bcrypt hashes still
verify and are rehashed with argon2 at the next login. Failed logins are throttled per name and
per client; an unknown name costs the same time and gets the same answer as a wrong password."""

from __future__ import annotations

import os
import re
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines import audit, db
from pipelines.problems import InvalidInput, Problem
from pipelines.settings import PROJECT_DIR

if TYPE_CHECKING:  # the CLI reads ROLES for --help, which needs no database
    import duckdb

ROLES = {"lanhdao": "Lãnh đạo", "noivu": "Nội vụ"}
# lanhdao / lanhdao and noivu / noivu, as written in the README; demo database only
DEMO_ACCOUNTS = {
    "lanhdao": (
        "lanhdao",
        "$argon2id$v=19$m=19456,t=2,p=1$v/btw5RTvXWllJv2s9r4dg$48YdYgI6xd/5Xzu0LDr0CxHSCvw+K68F/O+qYBWe/PE",
    ),
    "noivu": (
        "noivu",
        "$argon2id$v=19$m=19456,t=2,p=1$rnBtJsNMm2ucvUa2Y0UhDQ$opbpEC1eJlAY78nU6uDbOI7YVSYZiuIr5bXYXsQm+sY",
    ),
}
# verified against when the name is unknown, so that it takes as long as a wrong password
_NOBODY = "$argon2id$v=19$m=19456,t=2,p=1$kiD5nGEeNHzKoVqggnk8Wg$R16J4o7V8KW7PbNYItrwWtlmZtW6hb+NhFSN4RRTsd8"
NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
PASSWORD_MIN, PASSWORD_MAX = 8, 1024
FAILURES_ALLOWED, LOCK_SECONDS = 5, 30  # then 60, 120, … while failures go on


@dataclass(frozen=True)
class Account:
    name: str
    role: str


def auth_path() -> Path:
    return Path(os.environ.get("CCHC_AUTH") or PROJECT_DIR / "data" / "auth.toml")


def is_demo(con: duckdb.DuckDBPyConnection, users: dict | None = None) -> bool:
    """The untouched demo: built by `cchc demo`, no file loaded since, no account added
    (`users`: the account file, when already read)."""
    if users if users is not None else _users():
        return False
    (demo, real_uploads) = con.execute(
        "select (select count(*) from meta.settings where key = 'demo' and value = '1'),"
        " (select count(*) from meta.uploads where sha256 <> 'demo')"
    ).fetchone()
    return demo == 1 and real_uploads == 0


def exists(name: str) -> bool:
    """Whether the account file has this account (to say «added» or «changed»)."""
    return name.strip().lower() in _users()


def _users() -> dict[str, dict]:
    path = auth_path()
    return tomllib.loads(path.read_text(encoding="utf-8")).get("users", {}) if path.exists() else {}


def _hasher():
    """argon2id with OWASP's first recommended set (19 MiB, 2 passes, 1 lane): ~0,1 s here."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def _matches(hashed: str, password: str) -> bool:
    if hashed.startswith("$2"):  # an older bcrypt hash: bcrypt reads at most 72 bytes
        import bcrypt

        secret = password.encode("utf-8")
        return len(secret) <= 72 and bcrypt.checkpw(secret, hashed.encode("ascii"))
    from argon2.exceptions import VerificationError

    try:
        return _hasher().verify(hashed, password)
    except VerificationError:
        return False


class Throttle:
    """Failed logins per key (a name, a client): after FAILURES_ALLOWED in a row the key waits
    LOCK_SECONDS, doubled at each further failure; a success clears it. One per server process."""

    def __init__(self, clock=time.monotonic):
        self.clock, self.lock = clock, threading.Lock()
        self.failures: dict[str, int] = {}
        self.until: dict[str, float] = {}

    def wait(self, *keys: str) -> int:
        """Seconds left before these keys may try again (0: now)."""
        now = self.clock()
        with self.lock:
            return max([0, *(int(self.until.get(k, 0) - now + 0.999) for k in keys)])

    def failed(self, *keys: str) -> None:
        with self.lock:
            for k in keys:
                n = self.failures[k] = self.failures.get(k, 0) + 1
                if n >= FAILURES_ALLOWED:
                    self.until[k] = self.clock() + LOCK_SECONDS * 2 ** (n - FAILURES_ALLOWED)

    def succeeded(self, *keys: str) -> None:
        with self.lock:
            for k in keys:
                self.failures.pop(k, None)
                self.until.pop(k, None)


THROTTLE = Throttle()


class Refused(Exception):
    """A login refused: the sentence to show."""


def log_in(
    con: duckdb.DuckDBPyConnection,
    name: str,
    password: str,
    client: str = "",
    throttle: Throttle = THROTTLE,
) -> Account:
    """The account, or Refused with one answer for an unknown name and a wrong password. Each
    login and each failed one is a line of the audit log (a failure with the name as typed, never
    the password); attempts refused unchecked while a name or client waits are not."""
    typed, name = name.strip(), name.strip().lower()
    keys = (f"name:{name}", f"client:{client}") if client else (f"name:{name}",)
    wait = throttle.wait(*keys)
    if wait:
        raise Refused(f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {wait} giây.")
    found = verify(con, name, password)
    if found is None:
        throttle.failed(*keys)
        wait = throttle.wait(*keys)
        with db.write(con):
            audit.record(
                con,
                typed,
                "login_failed",
                "Sai tên đăng nhập hoặc mật khẩu"
                + (f"; phải chờ {wait} giây trước lần thử sau" if wait else ""),
                client,
            )
        raise Refused("Sai tên đăng nhập hoặc mật khẩu.")
    throttle.succeeded(*keys)
    with db.write(con):
        audit.record(con, found.name, "login", f"Vai trò: {ROLES[found.role]}", client)
    return found


def verify(con: duckdb.DuckDBPyConnection, name: str, password: str) -> Account | None:
    name = name.strip().lower()
    users = _users()
    accounts = dict(DEMO_ACCOUNTS) if is_demo(con, users) else {}
    accounts.update({n: (u["role"], u["hash"]) for n, u in users.items()})
    found = accounts.get(name)
    if found is None or len(password) > PASSWORD_MAX:
        _matches(_NOBODY, password[:PASSWORD_MAX])  # the same time as a wrong password
        return None
    if not _matches(found[1], password):
        return None
    if name in users and (found[1].startswith("$2") or _hasher().check_needs_rehash(found[1])):
        _write(
            {**users, name: {"role": found[0], "hash": _hasher().hash(password)}}
        )  # bcrypt → argon2
    return Account(name, found[0])


def add(name: str, role: str, password: str) -> Path:
    """Add or replace an account in the auth file; only the hash is written."""
    name = name.strip().lower()
    problems = []
    if not NAME.fullmatch(name):
        problems.append(
            Problem(
                f"Tên đăng nhập «{name}» không hợp lệ: 2–32 ký tự, chữ không dấu, số, dấu . _ -,"
                " bắt đầu bằng chữ hoặc số"
            )
        )
    if role not in ROLES:
        problems.append(Problem(f"Vai trò phải là một trong: {', '.join(ROLES)}"))
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        problems.append(Problem(f"Mật khẩu cần từ {PASSWORD_MIN} đến {PASSWORD_MAX} ký tự"))
    if problems:
        raise InvalidInput(problems)
    return _write({**_users(), name: {"role": role, "hash": _hasher().hash(password)}})


def _write(users: dict[str, dict]) -> Path:
    """The account file, replaced whole: written to a file only its owner can read, then renamed
    over the old one, so that a reader never sees half a file."""
    import tomli_w

    path = auth_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        tomli_w.dump({"users": users}, out)
    os.replace(part, path)
    return path
