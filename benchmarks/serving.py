"""`cchc serve` as a user starts it, on a free loopback port, and the flags Debian's Chromium
needs headless here: for the browser tests and the load test alike."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db_path: Path, auth: Path) -> tuple[subprocess.Popen, str]:
    """The server on `db_path` with the accounts in `auth`, once it answers: (process, url)."""
    port = free_port()
    env = {**os.environ, "CCHC_AUTH": str(auth)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines", "--db", str(db_path), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("the dashboard did not start")
