"""The Streamlit internals dashboard/server.py relies on: an upgrade that changes one fails here."""

import importlib
import inspect

import pytest
from streamlit import config
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession
from streamlit.web.server.starlette import starlette_routes


@pytest.fixture
def server(monkeypatch):
    """dashboard.server, imported as `streamlit run` does (st.App pins Streamlit's script path)."""
    monkeypatch.setattr(config, "_main_script_path", config._main_script_path)
    return importlib.import_module("dashboard.server")


def test_the_upload_route_is_the_one_the_guard_watches(server):
    assert starlette_routes._ROUTE_UPLOAD_FILE == server.UPLOAD_ROUTE
    path = "/" + server.UPLOAD_ROUTE.format(session_id="7f0c", file_id="2")
    assert server._UPLOAD_PUT.search(path)["session_id"] == "7f0c"


def test_the_runtime_still_finds_a_session_and_its_state():
    assert list(inspect.signature(Runtime.get_app_session).parameters) == ["self", "session_id"]
    assert isinstance(inspect.getattr_static(AppSession, "session_state"), property)
    assert callable(Runtime.instance)


def test_the_launcher_serves_the_dashboard_behind_the_guard(server):
    assert server.app.script_path.name == "streamlit_app.py"
    assert [m.cls for m in server.app._user_middleware] == [server.Guard]
