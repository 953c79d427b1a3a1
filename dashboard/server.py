"""What `cchc serve` runs: Streamlit's own server (`streamlit run dashboard/server.py` finds the
`st.App` below) with one small ASGI middleware in front of it. Why it exists:
- Streamlit stores whatever any open session PUTs to /_stcore/upload_file/<session>/<file>, in
  memory, until the session ends, even for a visitor who never logged in (3 × 100 MB took the
  server from 242 to 557 MB). Only a Nội vụ session has an upload control, so a PUT from any
  other session is refused (403) here, before its body is read.
- Every HTTP response says the app may not be shown inside another site's frame.
It uses Streamlit internals that an upgrade may change (the upload route's path, Runtime.instance,
get_app_session, AppSession.session_state): tests/dashboard/test_server.py checks them, and if one
is gone every upload is refused (and logged), never let through."""

import logging
import re
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

UPLOAD_ROUTE = (
    "_stcore/upload_file/{session_id}/{file_id}"  # streamlit's starlette_routes._ROUTE_UPLOAD_FILE
)
_UPLOAD_PUT = re.compile(r"/_stcore/upload_file/(?P<session_id>[^/]+)/[^/]+/?$")
NO_FRAMING = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
]
_log = logging.getLogger("cchc")


def may_upload(session_id: str) -> bool:
    """Whether the open session `session_id` is logged in with a Nội vụ account."""
    from streamlit.runtime import Runtime

    try:
        session = Runtime.instance().get_app_session(session_id)
        state = None if session is None else session.session_state
        account = state["account"] if state is not None and "account" in state else None
    except (AttributeError, RuntimeError, TypeError):
        _log.exception(
            "Streamlit's internals changed: every upload is refused (dashboard/server.py)"
        )
        return False
    return getattr(account, "role", None) == "noivu"


class Guard:
    """Refuses uploads from sessions without a Nội vụ login; adds the no-framing headers."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *NO_FRAMING]}
            await send(message)

        upload = _UPLOAD_PUT.search(scope["path"]) if scope["method"] == "PUT" else None
        if upload and not may_upload(upload["session_id"]):
            # the body is never read; `connection: close` makes uvicorn drop what the client still sends
            body = "Chỉ tài khoản Nội vụ được tải tệp lên.".encode()
            await send_with_headers(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send_with_headers)


app = st.App(Path(__file__).with_name("streamlit_app.py"), middleware=[Middleware(Guard)])
