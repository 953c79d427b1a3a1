import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.test_pages import APP


@pytest.fixture
def app(demo_db, monkeypatch):
    """The dashboard on the demo database, with a connection of its own."""
    monkeypatch.setenv("CCHC_DB", str(demo_db))
    yield AppTest.from_file(str(APP), default_timeout=60)


@pytest.fixture
def own_demo(demo_db, tmp_path, monkeypatch):
    """The dashboard on a copy of the demo database, for a test that changes it."""
    path = tmp_path / "cchc.duckdb"
    shutil.copy(demo_db, path)
    monkeypatch.setenv("CCHC_DB", str(path))
    return path
