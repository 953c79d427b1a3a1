"""A real server (`cchc serve`) on a free loopback port, driven by Debian's Chromium."""

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.serving import CHROMIUM_ARGS, serve

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
VIEWPORT = {"width": 1440, "height": 900}  # the demo's projector laptop

# Real accounts: the demo ones end with the first file a test uploads through the browser.
PASSWORDS = {"noivu": "mat-khau-noivu", "lanhdao": "mat-khau-lanhdao"}


@pytest.fixture(scope="session")
def served_db(demo_db, tmp_path_factory):
    """The database the server serves: a copy of the demo, which the CLI may write while it serves."""
    path = tmp_path_factory.mktemp("e2e") / "cchc.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture(scope="session")
def server(served) -> str:
    return served.url


@dataclass
class Served:
    url: str
    pid: int  # `cchc serve` execs Streamlit: this is the server's process


@pytest.fixture(scope="session")
def served(served_db):
    from pipelines import accounts

    auth = served_db.parent / "auth.toml"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CCHC_AUTH", str(auth))
        for name, password in PASSWORDS.items():
            accounts.add(name, name, password)
    proc, url = serve(served_db, auth)
    yield Served(url, proc.pid)
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed (make test installs it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="vi-VN")
    pg = context.new_page()
    yield pg
    context.close()


def shot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main section, so grow the viewport to it."""
    SCREENSHOTS.mkdir(exist_ok=True)
    height = page.evaluate(
        "document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 900"
    )
    page.set_viewport_size(
        {"width": VIEWPORT["width"], "height": min(max(VIEWPORT["height"], height), 6000)}
    )
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.set_viewport_size(VIEWPORT)
